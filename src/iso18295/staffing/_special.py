"""Log-gamma, digamma and the incomplete-gamma series behind Erlang A.

numpy has no ``lgamma``/``digamma``, and the Erlang A sums must not overflow, so
this module provides vectorised versions of the three pieces Erlang A needs.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

#: Below this argument, log-gamma and digamma shift the argument up first.
_ASYMPTOTIC_FROM = 10.0
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
#: Relative size under which a tail of the series no longer matters.
_TOLERANCE = 1e-17
#: Check rows for convergence (and drop finished ones) every this many terms.
_CHECK_EVERY = 8


def log_gamma(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``ln Gamma(z)`` for ``z > 0`` by Stirling's series after a shift to >= 10."""
    w = z.copy()
    product = np.ones_like(z)
    for _ in range(int(_ASYMPTOTIC_FROM)):
        small = w < _ASYMPTOTIC_FROM
        product = np.where(small, product * w, product)
        w = np.where(small, w + 1.0, w)
    inv = 1.0 / w
    inv2 = inv * inv
    tail = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))))
    return (w - 0.5) * np.log(w) - w + _HALF_LOG_2PI + tail - np.log(product)


def digamma(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``psi(z)`` for ``z > 0`` by its asymptotic series after a shift to >= 10."""
    w = z.copy()
    correction = np.zeros_like(z)
    for _ in range(int(_ASYMPTOTIC_FROM)):
        small = w < _ASYMPTOTIC_FROM
        correction = np.where(small, correction + 1.0 / np.where(small, w, 1.0), correction)
        w = np.where(small, w + 1.0, w)
    inv2 = 1.0 / (w * w)
    tail = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return np.log(w) - 0.5 / w - tail - correction


def gamma_series(
    z: NDArray[np.float64], a: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Sum ``w_j = z**j / ((a+1)(a+2)...(a+j))`` over ``j >= 0``, with two moments.

    Returns ``(ln S, S1 / S, R / S)`` where ``S = sum w_j``, ``S1 = sum j w_j`` and
    ``R = sum w_j y / (y + j + 1) H_j`` with ``H_j = sum_{i=0..j} 1 / (y + 1 + i)``.
    ``S`` is ``a e**z z**-a gamma(a, z)`` (lower incomplete gamma), the series
    of Erlang A.  Requires ``z > 0`` and ``a, y > 0``.

    The terms rise while ``z > a + j`` and then fall.  When the peak
    ``j* = floor(z - a)`` is near the start, the sum runs from ``j = 0`` exactly;
    when it is far (``j* > 50 + 10 sqrt(z)``, a heavily overloaded queue), it
    runs outwards from the peak, whose size comes from log-gamma.  Either way
    the terms never overflow and a row stops once the geometric bound on what
    is left falls below 1e-17 of every sum.
    """
    size = z.size
    peak = np.maximum(np.floor(z - a), 0.0)
    far = peak > 50.0 + 10.0 * np.sqrt(z)
    start = np.where(far, peak, 0.0)
    log_w0 = np.zeros(size)
    h0 = 1.0 / (y + 1.0)
    if far.any():
        s, af, yf, zf = start[far], a[far], y[far], z[far]
        log_w0[far] = s * np.log(zf) - (log_gamma(af + s + 1.0) - log_gamma(af + 1.0))
        h0 = np.where(far, 0.0, h0)
        h0[far] = digamma(yf + s + 2.0) - digamma(yf + 1.0)
    out_s = np.empty(size)
    out_s1 = np.empty(size)
    out_r = np.empty(size)

    rows = np.arange(size)
    z, a, y = z.copy(), a.copy(), y.copy()
    j_up, j_dn = start.copy(), start.copy()
    w_up = np.ones(size)
    w_dn = np.where(far, 1.0, 0.0)
    h_up, h_dn = h0.copy(), h0.copy()
    s = np.ones(size)
    s1 = start.copy()
    r = y / (y + start + 1.0) * h0
    step = 0
    while rows.size:
        step += 1
        # One term up: w_{j+1} = w_j z / (a + j + 1).
        j_up += 1.0
        w_up *= z / (a + j_up)
        h_up += 1.0 / (y + 1.0 + j_up)
        s += w_up
        s1 += j_up * w_up
        r += w_up * (y / (y + j_up + 1.0)) * h_up
        # One term down (peak rows only): w_{j-1} = w_j (a + j) / z.
        down = j_dn >= 1.0
        j_safe = np.where(down, j_dn, 1.0)
        w_dn = np.where(down, w_dn * (a + j_safe) / z, 0.0)
        h_dn = h_dn - 1.0 / (y + 1.0 + j_safe)
        j_dn = np.where(down, j_dn - 1.0, 0.0)
        s += w_dn
        s1 += j_dn * w_dn
        r += w_dn * (y / (y + j_dn + 1.0)) * h_dn
        if step % _CHECK_EVERY:
            continue
        smallest = np.minimum(np.minimum(s, s1), r) * _TOLERANCE
        ratio_up = z / (a + j_up + 1.0)
        falling = ratio_up < 1.0
        tail_up = w_up * ratio_up * (j_up + 2.0) / np.where(falling, 1.0 - ratio_up, 1.0)
        ratio_dn = (a + j_dn) / z
        tail_dn = w_dn * ratio_dn * (j_dn + 1.0) / np.maximum(1.0 - ratio_dn, 1e-300)
        done = falling & (tail_up <= smallest) & ((w_dn == 0.0) | (tail_dn <= smallest))
        if done.any():
            finished = rows[done]
            out_s[finished] = s[done]
            out_s1[finished] = s1[done]
            out_r[finished] = r[done]
            keep = ~done
            rows = rows[keep]
            z, a, y, j_up, j_dn = z[keep], a[keep], y[keep], j_up[keep], j_dn[keep]
            w_up, w_dn, h_up, h_dn = w_up[keep], w_dn[keep], h_up[keep], h_dn[keep]
            s, s1, r = s[keep], s1[keep], r[keep]
    return log_w0 + np.log(out_s), out_s1 / out_s, out_r / out_s
