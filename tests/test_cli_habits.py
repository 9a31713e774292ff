"""CLI habits: `--version`, `query -` from stdin, `query --format markdown|ndjson`, refresh
progress naming what is in flight, and verify progress (stderr only)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from benchtable.progress import InFlight
from benchtable.scrapers.refresh import RefreshOptions
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES


@pytest.fixture
def db(mini_db: Path) -> Path:
    return mini_db


def test_version(cli: CLI) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("benchtable ")
    assert result.out.split()[1][0].isdigit()


def test_query_dash_reads_sql_from_stdin(cli: CLI, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT count(*) AS n\nFROM latest_scores\n"))
    result = cli("--db", db, "query", "-", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "n" and int(result.out.splitlines()[1]) > 0


def test_query_empty_stdin_is_a_usage_error(cli: CLI, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    result = cli("--db", db, "query", "-")
    assert result.code == 2
    assert "no SQL" in result.err


def test_query_markdown_is_a_pipe_table_with_pipes_escaped(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "query", "SELECT 'a|b' AS label, NULL AS gap, 2 AS n", "--format", "markdown")
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["| label | gap | n |", "|---|---|---|", "| a\\|b |  | 2 |"]


def test_query_ndjson_is_one_object_a_line(cli: CLI, db: Path) -> None:
    result = cli(
        "--db",
        db,
        "query",
        "SELECT model, value_norm, unit FROM latest_scores ORDER BY record_id",
        "--format",
        "ndjson",
    )
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert len(rows) > 1 and set(rows[0]) == {"model", "value_norm", "unit"}


def test_in_flight_names_each_source_with_its_stage_and_elapsed_time() -> None:
    clock = [100.0]
    flight = InFlight(clock=lambda: clock[0])
    flight.enter("paper-gptq", "fetching")
    clock[0] = 101.0
    flight.enter("qwen-readme", "fetching")
    clock[0] = 102.0
    flight.enter("paper-gptq", "extracting")
    clock[0] = 113.0
    assert flight.describe() == "2 in flight: qwen-readme fetching 12s, paper-gptq extracting 11s"
    for sid in ("a", "b", "c"):
        flight.enter(sid, "fetching")
    assert flight.describe().endswith(", +2 more")
    for sid in ("a", "b", "c", "qwen-readme", "paper-gptq"):
        flight.leave(sid)
    assert flight.describe() == ""


def test_refresh_reports_each_stage_a_source_enters(tmp_path: Path) -> None:
    from benchtable.db.store import Database
    from benchtable.scrapers.blobstore import BlobStore
    from benchtable.scrapers.fetch import make_client
    from benchtable.scrapers.refresh import refresh
    from benchtable.scrapers.replay import ReplayTransport
    from benchtable.scrapers.sources import load_sources

    stages: list[tuple[str, str]] = []
    options = RefreshOptions(jobs=0, on_stage=lambda sid, stage: stages.append((sid, stage)))
    with Database(tmp_path / "bt.duckdb") as db, make_client(ReplayTransport(MINI_CORPUS)) as client:
        refresh(
            db,
            BlobStore(tmp_path / "blobs"),
            client,
            load_sources(MINI_SOURCES),
            mode="replay",
            options=options,
        )
    assert sorted(stages) == [
        ("toy-card", "extracting"),
        ("toy-card", "fetching"),
        ("toy-readme", "extracting"),
        ("toy-readme", "fetching"),
    ]


def test_refresh_json_and_quiet_print_no_progress(cli: CLI, db: Path) -> None:
    as_json = cli(
        "--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--jobs", "0", "--json"
    )
    assert as_json.code == 0
    json.loads(as_json.out)
    assert "in flight" not in as_json.err and "refreshing" not in as_json.err
    quiet = cli(
        "--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--jobs", "0", "--quiet"
    )
    assert quiet.code == 0 and quiet.out == "" and quiet.err == ""


def test_verify_summary_on_stderr_and_nothing_with_quiet(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "verify")
    assert result.code == 0, result.out
    assert "verified" in result.err and result.out == ""
    quiet = cli("--quiet", "--db", db, "verify")
    assert quiet.code == 0 and quiet.err == ""
