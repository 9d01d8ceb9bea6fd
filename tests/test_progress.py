"""Progress callbacks: loaders, KPI computation, assessment, the tqdm adapter and the CLI bar."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import termios
from datetime import date
from pathlib import Path

import pytest

import iso18295
from iso18295 import examples, kpis
from iso18295.errors import MissingDependencyError

Call = tuple[int, "int | None", str]


class Recorder:
    """A `Progress` that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __call__(self, done: int, total: int | None, stage: str, /) -> None:
        self.calls.append((done, total, stage))

    def stages(self) -> list[str]:
        return list(dict.fromkeys(stage for _, _, stage in self.calls))

    def of(self, stage: str) -> list[Call]:
        return [call for call in self.calls if call[2] == stage]


def assert_monotone_to_total(calls: list[Call], total: int) -> None:
    """Within a stage: done never decreases, never passes the total, and ends at it."""
    dones = [done for done, _, _ in calls]
    assert dones == sorted(dones)
    assert all(t is None or d <= t for d, t, _ in calls)
    assert calls[-1][:2] == (total, total)


COLUMNS = [
    "channel_id",
    "direction",
    "client_id",
    "offered_at",
    "wait_seconds",
    "answered",
    "abandoned",
]


def _csv(path: Path, rows: int) -> Path:
    """Write `rows` simple records with the csv module."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for i in range(rows):
            time = f"2026-03-02T09:{i % 60:02d}:00Z"
            writer.writerow(["voice", "inbound", "acme", time, "4", "1", "0"])
    return path


@pytest.mark.parametrize("engine", ["python", "arrow"])
def test_csv_loader_reports_rows_then_columns_up_to_their_totals(
    tmp_path: Path, engine: str
) -> None:
    progress = Recorder()
    result = iso18295.load_interactions_csv(
        _csv(tmp_path / "i.csv", 300),
        engine=engine,
        progress=progress,  # type: ignore[arg-type]
    )
    assert result.rows_read == 300
    assert progress.stages() == ["read rows", "convert columns"]
    assert_monotone_to_total(progress.of("read rows"), 300)
    # Seven columns in the file, all used.
    assert_monotone_to_total(progress.of("convert columns"), 7)
    assert [d for d, _, _ in progress.of("convert columns")] == [1, 2, 3, 4, 5, 6, 7]


def test_parquet_loader_reports_the_rows_read(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    path = tmp_path / "i.parquet"
    booleans = pa_csv.ConvertOptions(
        column_types={"answered": pa.bool_(), "abandoned": pa.bool_()}
    )
    pq.write_table(pa_csv.read_csv(_csv(tmp_path / "i.csv", 250), convert_options=booleans), path)
    progress = Recorder()
    result = iso18295.load_interactions_parquet(path, progress=progress)
    assert result.rows_read == 250
    assert progress.calls == [(0, 250, "read rows"), (250, 250, "read rows")]


def test_kpi_computation_reports_rows_chunk_by_chunk_from_every_thread() -> None:
    table = examples.generate_interactions()
    progress = Recorder()
    kpis.compute(table, [kpis.ServiceLevel()], chunk_rows=4096, threads=2, progress=progress)
    calls = progress.of("compute rows")
    assert progress.stages() == ["compute rows"]
    assert_monotone_to_total(calls, len(table))
    # Chunk granularity, never per record: ceil(rows / 4096) chunks, split over 2 runs.
    assert len(calls) <= -(-len(table) // 4096) + 2


def test_assessment_reports_every_rule_once() -> None:
    progress = Recorder()
    assessment = iso18295.assess(
        examples.load_example(), as_of=date(2026, 4, 1), progress=progress
    )
    calls = progress.of("assess rules")
    assert progress.stages() == ["assess rules"]
    assert_monotone_to_total(calls, assessment.provenance.rules_run)
    assert [d for d, _, _ in calls] == list(range(1, assessment.provenance.rules_run + 1))


def test_tqdm_adapter_draws_one_bar_per_stage() -> None:
    out = io.StringIO()
    progress = iso18295.tqdm_progress(file=out, leave=True)
    progress(10, None, "read rows")
    progress(20, 20, "read rows")
    progress(1, 2, "convert columns")
    progress(2, 2, "convert columns")
    text = out.getvalue()
    assert "read rows: " in text
    assert "20/20" in text
    assert "convert columns: " in text
    assert "2/2" in text


def test_tqdm_adapter_without_tqdm_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # an import of tqdm now fails
    with pytest.raises(MissingDependencyError, match=r"pip install 'iso18295\[progress\]'"):
        iso18295.tqdm_progress()


def _assess_command(*options: str) -> list[str]:
    code = "import sys; from iso18295._cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, "assess", "--example", "--format", "json", *options]


def test_cli_prints_nothing_on_stderr_when_it_is_not_a_terminal() -> None:
    done = subprocess.run(_assess_command(), capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr == ""


def test_cli_progress_flag_draws_the_bar_anyway() -> None:
    done = subprocess.run(
        _assess_command("--progress"), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "assess rules" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("options", "drawn"), [((), True), (("--no-progress",), False)])
def test_cli_draws_the_bar_on_a_terminal_unless_told_not_to(
    options: tuple[str, ...], drawn: bool
) -> None:
    main, other = os.openpty()
    termios.tcsetwinsize(main, (24, 80))  # a new terminal is 0 columns wide: nothing fits
    chunks = []
    with subprocess.Popen(
        _assess_command(*options), stdout=subprocess.DEVNULL, stderr=other
    ) as child:
        os.close(other)
        while True:  # read while it runs: a full terminal buffer would block it
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        returncode = child.wait()
    os.close(main)
    assert returncode == 0
    assert (b"assess rules" in b"".join(chunks)) is drawn
