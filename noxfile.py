"""Developer sessions: tests, lint, typecheck, docs, bench, fuzz.

Every session installs the locked dependencies (``uv.lock``) into its own
virtual environment with ``uv sync --locked``, so a session runs exactly what
CI and every other developer run.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "typecheck", "tests", "docs"]


def _sync(session: nox.Session, *groups: str, extras: tuple[str, ...] = ()) -> None:
    """Install the project and the named dependency groups from the lock file."""
    args = ["uv", "sync", "--locked", "--no-default-groups", "--quiet"]
    for group in groups:
        args += ["--group", group]
    for extra in extras:
        args += ["--extra", extra]
    session.run_install(*args, env={"UV_PROJECT_ENVIRONMENT": str(session.virtualenv.location)})


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (with doctests) and report branch coverage."""
    _sync(session, "test", extras=("parquet", "arrow", "dask"))
    profile = "ci" if os.environ.get("CI") else "dev"
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": profile},
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    _sync(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the library with ``mypy --strict``."""
    _sync(session, "typecheck")
    session.run("mypy", "--strict", "src")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation, warnings as errors, and run its doctests.

    The notebook tutorial runs during the build: it needs the ``plot``,
    ``parquet`` and ``arrow`` extras, and ipykernel and pandas (in the
    ``docs`` group) to run its cells.
    """
    _sync(session, "docs", extras=("plot", "parquet", "arrow"))
    session.run(
        "sphinx-build", "-W", "--keep-going", "-n", "-q", "-b", "html", "docs", "docs/_build/html"
    )
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-q",
        "-b",
        "doctest",
        "docs",
        "docs/_build/doctest",
    )


@nox.session
def fuzz(session: nox.Session) -> None:
    """Run the fuzz tests long: ``FUZZ_EXAMPLES`` examples per test (default 2,000).

    The normal test run gives each fuzz test the ``dev`` budget (50 examples);
    this session runs them with the ``fuzz`` Hypothesis profile and prints how
    many examples each ran.  Then, where atheris installs, it fuzzes the
    document and CSV loaders coverage-guided for ``ATHERIS_SECONDS`` each
    (default 60); where it does not, that part is skipped with a note.
    """
    _sync(session, "test", extras=("parquet",))
    session.run(
        "pytest",
        "tests/fuzz",
        "-p",
        "no:cacheprovider",
        "--hypothesis-show-statistics",
        *session.posargs,
        env={"HYPOTHESIS_PROFILE": "fuzz"},
    )
    try:
        session.install("atheris")
    except nox.command.CommandFailed:
        session.log("atheris did not install here: coverage-guided fuzzing skipped")
        return
    seconds = os.environ.get("ATHERIS_SECONDS", "60")
    for target in ("documents", "csv"):
        session.run(
            "python",
            "tests/fuzz/atheris_targets.py",
            target,
            f"-max_total_time={seconds}",
            "-rss_limit_mb=4096",
        )


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks (not part of the test suite) and print their ratios."""
    _sync(session, "bench", extras=("parquet", "dask"))
    for script in sorted(Path("benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)
