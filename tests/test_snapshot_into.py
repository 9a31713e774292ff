"""`benchtable snapshot --into FILE.duckdb`: the bundled snapshot as a real database file,
never written over a database that already holds data unless `--force`."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        assert row is not None
        return int(row[0])
    finally:
        con.close()


def test_snapshot_into_writes_a_queryable_database(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "offline.duckdb"
    result = cli("snapshot", "--into", db)
    assert result.code == 0, result.err
    assert "wrote the bundled snapshot into" in result.err
    n = _count(db, "SELECT count(*) FROM latest_scores WHERE value_norm IS NOT NULL")
    assert n > 1000
    query = cli("--db", db, "query", "SELECT count(*) AS n FROM records", "--format", "csv")
    assert query.code == 0 and "bundled snapshot" not in query.err  # the file itself, no fallback


def test_snapshot_into_refuses_a_database_with_records_unless_forced(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "mine.duckdb"
    refreshed = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--jobs", "0")
    assert refreshed.code == 0, refreshed.err
    before = _count(db, "SELECT count(*) FROM records")
    result = cli("snapshot", "--into", db)
    assert result.code == 2
    assert "already a database with records" in result.err and "--force" in result.err
    assert _count(db, "SELECT count(*) FROM records") == before
    forced = cli("snapshot", "--into", db, "--force")
    assert forced.code == 0, forced.err
    assert _count(db, "SELECT count(*) FROM sources WHERE source_id = 'toy-card'") == 0


def test_snapshot_into_refuses_a_file_that_is_not_a_database(cli: CLI, tmp_path: Path) -> None:
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes\n")
    result = cli("snapshot", "--into", notes)
    assert result.code == 2
    assert "not replaced" in result.err
    assert notes.read_text() == "my notes\n"


def test_snapshot_into_refuses_a_duckdb_file_with_other_tables(cli: CLI, tmp_path: Path) -> None:
    other = tmp_path / "analysis.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE my_results AS SELECT 1 AS x")
    con.close()
    assert cli("snapshot", "--into", other).code == 2
    assert _count(other, "SELECT count(*) FROM my_results") == 1


def test_snapshot_into_an_empty_database_file_is_fine(cli: CLI, tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert cli("snapshot", "--into", empty).code == 0
