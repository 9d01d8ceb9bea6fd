"""The HTML report opened in headless Chromium: it renders, and the screenshot is not blank."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from iso18295 import Assessment, reports

WIDTH, HEIGHT = 1280, 2000
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it "
    "where it runs as root with apt)",
)


def png_pixels(data: bytes) -> np.ndarray:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) to an array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    header = b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    channels = {2: 3, 6: 4}[colour]
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    raw = raw.reshape(height, stride + 1)
    rows = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        if kind == 0:  # None
            out = line
        elif kind == 1:  # Sub: running sum along each channel
            out = np.cumsum(line.reshape(width, channels), axis=0).reshape(stride)
        elif kind == 2:  # Up
            out = line + previous
        else:  # Average (3) and Paeth (4) depend on the byte just decoded: byte by byte
            out = _sequential(kind, line, previous.astype(np.int64), channels)
        rows[y] = (out % 256).astype(np.uint8)
        previous = rows[y]
    return rows.reshape(height, width, channels)


def _sequential(kind: int, line: np.ndarray, up: np.ndarray, bpp: int) -> np.ndarray:
    out = [0] * len(line)
    values, above = line.tolist(), up.tolist()
    for i, value in enumerate(values):
        left = out[i - bpp] if i >= bpp else 0
        if kind == 3:
            out[i] = (value + (left + above[i]) // 2) % 256
            continue
        upper_left = above[i - bpp] if i >= bpp else 0
        p = left + above[i] - upper_left
        pa, pb, pc = abs(p - left), abs(p - above[i]), abs(p - upper_left)
        predictor = left if pa <= pb and pa <= pc else above[i] if pb <= pc else upper_left
        out[i] = (value + predictor) % 256
    return np.array(out, dtype=np.int64)


def test_png_decoder_reads_a_known_image() -> None:
    # A 2 x 4 RGB image, one row per filter: Sub, Up, Paeth, Average.
    # Sub: (255,0,0); (1+255, 255+0, 0+0) % 256 = (0,255,0).
    sub = [1, 255, 0, 0, 1, 255, 0]
    # Up: (0+255, 0+0, 255+0) = (255,0,255); (255+0, 255+255, 255+0) % 256 = (255,254,255).
    up = [2, 0, 0, 255, 255, 255, 255]
    # Paeth, row above (255,0,255),(255,254,255).  First pixel: left 0, upper-left 0, so
    # the predictor is the byte above where it is 255 (10+255 = 9 mod 256), else 0: (9,10,9).
    # Second: left (9,10,9), above (255,254,255), upper-left (255,0,255): p = left+above-ul =
    # (9, 264, 9) is nearest left, above, left: (0+9, 0+254, 0+9).
    paeth = [4, 10, 10, 10, 0, 0, 0]
    # Average of left and above, rounded down: (1+(0+9)//2, 1+(0+10)//2, 1+4) = (5,6,5);
    # then (1+(5+9)//2, 1+(6+254)//2, 1+(5+9)//2) = (8,131,8).
    average = [3, 1, 1, 1, 1, 1, 1]
    raw = b"".join(bytes(row) for row in (sub, up, paeth, average))
    ihdr = struct.pack(">IIBBBBB", 2, 4, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + b"\0\0\0\0"

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
    assert png_pixels(png + chunk(b"IEND", b"")).tolist() == [
        [[255, 0, 0], [0, 255, 0]],
        [[255, 0, 255], [255, 254, 255]],
        [[9, 10, 9], [9, 254, 9]],
        [[5, 6, 5], [8, 131, 8]],
    ]


def test_html_report_renders_in_headless_chromium(example: Assessment, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(reports.to_html(example), encoding="utf-8")
    shot = tmp_path / "report.png"
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pixels = png_pixels(shot.read_bytes())
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    rgb = pixels[..., :3].astype(np.float64)
    # A blank page is one colour; the report has text, tables and coloured bars.
    assert rgb.std() > 20
    colours = {tuple(c) for c in pixels[::8, ::8, :3].reshape(-1, 3).tolist()}
    assert len(colours) > 20
    # The conclusion's badge (#c62828, does not conform) is on screen.
    red = np.all(np.abs(rgb - (198, 40, 40)) < 8, axis=-1)
    assert red.sum() > 500
