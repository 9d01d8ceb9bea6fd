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


def test_csv_python_engine_reports_rows_then_columns_up_to_their_totals(tmp_path: Path) -> None:
    progress = Recorder()
    result = iso18295.load_interactions_csv(
        _csv(tmp_path / "i.csv", 300),
        engine="python",
        progress=progress,  # type: ignore[arg-type]
    )
    assert result.rows_read == 300
    assert progress.stages() == ["read rows", "convert columns"]
    assert_monotone_to_total(progress.of("read rows"), 300)
    # Seven columns in the file, all used.
    assert_monotone_to_total(progress.of("convert columns"), 7)
    assert [d for d, _, _ in progress.of("convert columns")] == [1, 2, 3, 4, 5, 6, 7]


def test_csv_arrow_engine_reports_the_rows_of_each_batch_as_it_is_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    from iso18295._io import _csv_arrow

    block = 2048  # a few hundred rows span several batches
    monkeypatch.setattr(_csv_arrow, "_BLOCK_BYTES", block)
    path = _csv(tmp_path / "i.csv", 300)
    # The batches pyarrow's own streaming reader makes of the file with that block size.
    text = pa_csv.ConvertOptions(column_types=dict.fromkeys(COLUMNS, pa.string()))
    options = pa_csv.ReadOptions(block_size=block)
    sizes = [b.num_rows for b in pa_csv.open_csv(path, read_options=options, convert_options=text)]
    assert len(sizes) > 3
    progress = Recorder()
    result = iso18295.load_interactions_csv(
        path,
        engine="arrow",
        progress=progress,  # type: ignore[arg-type]
    )
    assert result.rows_read == 300
    # Reading and converting go together: one stage, None per batch (the length of a
    # stream is known at its end), then the total.
    assert progress.stages() == ["read rows"]
    expected = [(n, None, "read rows") for n in _running_totals(sizes)]
    assert progress.calls == [*expected, (300, 300, "read rows")]
    assert_monotone_to_total(progress.calls, 300)


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


# --- Arrow, data frame, SQL and activity loaders --------------------------------------


def _arrow_table(tmp_path: Path, rows: int) -> object:
    """The records of `_csv` as a pyarrow table (pyarrow's own CSV reader), booleans typed."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.csv as pa_csv

    booleans = pa_csv.ConvertOptions(
        column_types={"answered": pa.bool_(), "abandoned": pa.bool_()}
    )
    return pa_csv.read_csv(_csv(tmp_path / "i.csv", rows), convert_options=booleans)


def _running_totals(sizes: list[int]) -> list[int]:
    """Rows read after each batch, summed here by hand."""
    totals, done = [], 0
    for size in sizes:
        done += size
        totals.append(done)
    return totals


def test_arrow_stream_reports_each_batch_then_the_total_found_at_its_end(
    tmp_path: Path,
) -> None:
    import pyarrow as pa

    table = _arrow_table(tmp_path, 250)
    batches = table.to_batches(max_chunksize=60)  # type: ignore[attr-defined]
    sizes = [b.num_rows for b in batches]
    assert sizes == [60, 60, 60, 60, 10]
    stream = pa.RecordBatchReader.from_batches(table.schema, batches)  # type: ignore[attr-defined]
    progress = Recorder()
    result = iso18295.interactions_from_arrow(stream, progress=progress)
    assert result.rows_read == 250
    assert progress.stages() == ["read rows"]
    # A stream's length is unknown until it ends: None per batch, then the total.
    expected = [(n, None, "read rows") for n in _running_totals(sizes)]
    assert progress.calls == [*expected, (250, 250, "read rows")]
    assert_monotone_to_total(progress.calls, 250)


def test_arrow_table_reports_its_known_total_with_every_batch(tmp_path: Path) -> None:
    table = _arrow_table(tmp_path, 130)
    progress = Recorder()
    result = iso18295.interactions_from_arrow(table, progress=progress)
    assert result.rows_read == 130
    assert progress.calls == [(130, 130, "read rows")]  # one batch, total known


def test_iter_interaction_batches_reports_the_files_rows_batch_by_batch(
    tmp_path: Path,
) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "i.parquet"
    pq.write_table(_arrow_table(tmp_path, 250), path, row_group_size=100)
    progress = Recorder()
    parts = list(iso18295.iter_interaction_batches(path, batch_rows=100, progress=progress))
    assert [p.rows_read for p in parts] == [100, 100, 50]
    assert progress.stages() == ["read rows"]
    assert all(total == 250 for _, total, _ in progress.calls)  # from the file's metadata
    assert [d for d, _, _ in progress.calls] == [100, 200, 250]
    assert_monotone_to_total(progress.calls, 250)


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_dataframe_loader_reports_the_rows_read(tmp_path: Path, library: str) -> None:
    table = _arrow_table(tmp_path, 200)
    if library == "pandas":
        frame = table.to_pandas()  # type: ignore[attr-defined]
    else:
        polars = pytest.importorskip("polars")
        frame = polars.from_arrow(table)
    progress = Recorder()
    result = iso18295.interactions_from_dataframe(frame, progress=progress)
    assert result.rows_read == 200
    assert progress.stages() == ["read rows"]
    assert_monotone_to_total(progress.calls, 200)


def test_sql_loader_reports_the_rows_of_the_result(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    connection.register("calls", _arrow_table(tmp_path, 300))
    progress = Recorder()
    result = iso18295.interactions_from_sql(
        connection, "SELECT * FROM calls WHERE wait_seconds = 4", progress=progress
    )
    connection.close()
    assert result.rows_read == 300
    assert progress.stages() == ["read rows"]
    assert all(total is None for _, total, _ in progress.calls[:-1])  # a stream
    assert_monotone_to_total(progress.calls, 300)


_STATES = "agent_id,state,started_at,ended_at\n" + "".join(
    f"A{i},available,2026-03-02T09:00:00Z,2026-03-02T09:10:00Z\n" for i in range(40)
)


@pytest.mark.parametrize("loader", ["load_agent_states", "load_schedule"])
def test_activity_csv_loaders_report_the_rows_read(tmp_path: Path, loader: str) -> None:
    text = (
        _STATES
        if loader == "load_agent_states"
        else _STATES.replace("state", "activity").replace("available", "contact_work")
    )
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    progress = Recorder()
    result = getattr(iso18295, loader)(path, progress=progress)
    assert result.rows_read == 40
    assert progress.calls == [(40, 40, "read rows")]


def test_activity_directory_reports_rows_file_by_file(tmp_path: Path) -> None:
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    source = tmp_path / "a.csv"
    source.write_text(_STATES, encoding="utf-8")
    table = pa_csv.read_csv(source)
    folder = tmp_path / "states"
    folder.mkdir()
    pq.write_table(table.slice(0, 25), folder / "1.parquet")
    pq.write_table(table.slice(25), folder / "2.parquet")
    progress = Recorder()
    result = iso18295.load_agent_states(folder, progress=progress)
    assert result.rows_read == 40
    assert progress.calls == [
        (25, None, "read rows"),
        (40, None, "read rows"),
        (40, 40, "read rows"),
    ]
