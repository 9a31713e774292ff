"""Read-only means read-only (issue 15): user SQL reaches no file, no network, no extension and
no other database; nothing answers from the wrong data; bad input is one clear line.

Every probe checks the exit code, a single `benchtable: error:` line without a traceback,
and that no file under the test's directory changed (bytes and mtime)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CLI, MINI_CORPUS, MINI_REPORT, MINI_SOURCES, Result


@pytest.fixture
def filled_db(mini_db: Path) -> Path:
    """A copy of the mini corpus database (and its blobs) in this test's directory."""
    return mini_db


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Another user's database, which no query may change."""
    path = tmp_path / "victim.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE value_changes (x INTEGER); INSERT INTO value_changes VALUES (42)")
    con.close()
    return path


@pytest.fixture
def in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without benchtable.duckdb: read commands use the bundled snapshot."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _tree(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def untouched(tmp_path: Path) -> Iterator[None]:
    """Fails the test if any file under tmp_path was created, changed or removed."""
    before = _tree(tmp_path)
    yield
    assert _tree(tmp_path) == before


def _one_error_line(result: Result, code: int, *needles: str) -> None:
    assert result.code == code, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("benchtable: error: "), result.err
    for needle in needles:
        assert needle in lines[0], lines[0]


# -- items 1-3: query reaches nothing but the database -------------------------------------------

ESCAPES = {
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "glob": "SELECT file FROM glob('/etc/*')",
    "copy_to": "COPY (SELECT 'x') TO '{tmp}/other.duckdb' (FORMAT csv)",
    "attach_drop": "ATTACH '{tmp}/victim.duckdb' AS v; DROP TABLE v.value_changes",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set_external_access": "SET enable_external_access = true",
    "unlock": "SET lock_configuration = false",
}


@pytest.mark.parametrize("probe", list(ESCAPES))
def test_query_cannot_reach_files_network_extensions_or_other_databases(
    cli: CLI, filled_db: Path, victim: Path, tmp_path: Path, probe: str
) -> None:
    (tmp_path / "other.duckdb").write_bytes(b"another database")
    before = _tree(tmp_path)
    result = cli("--db", filled_db, "query", ESCAPES[probe].format(tmp=tmp_path))
    # refused by DuckDB's configuration, not by a download that happened to fail
    _one_error_line(result, 1, "query failed", "configuration")
    assert "root:" not in result.out and "passwd" not in result.out
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("probe", ["attach_drop", "copy_to", "read_csv"])
def test_snapshot_fallback_is_not_a_writable_database(
    cli: CLI, victim: Path, tmp_path: Path, in_empty_dir: Path, untouched: None, probe: str
) -> None:
    result = cli("--quiet", "query", ESCAPES[probe].format(tmp=tmp_path))
    _one_error_line(result, 1, "query failed")
    con = duckdb.connect(str(victim), read_only=True)
    assert con.execute("SELECT x FROM value_changes").fetchall() == [(42,)]
    con.close()


def test_snapshot_fallback_refuses_writes(cli: CLI, in_empty_dir: Path, untouched: None) -> None:
    result = cli("--quiet", "query", "CREATE TABLE records_copy AS SELECT * FROM records")
    _one_error_line(result, 1, "read-only")


READ_COMMANDS = {
    "report": ["report", "--config", str(MINI_REPORT)],
    "cell": ["cell", "toy-bf16", "mmlu", "--config", str(MINI_REPORT)],
    "export": ["export", "-o", "{tmp}/out.csv"],
    "models": ["models"],
    "benchmarks": ["benchmarks"],
    "changes": ["changes", "--since", "all"],
    "verify": ["verify"],
    "query": ["query", "SELECT 1"],
}


@pytest.mark.parametrize("command", list(READ_COMMANDS))
def test_every_read_command_opens_duckdb_locked(
    cli: CLI, filled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from benchtable.db.store import Database

    seen: list[tuple[object, ...]] = []
    close = Database.close

    def close_and_remember(self: Database) -> None:
        row = self.con.execute(
            "SELECT current_setting('enable_external_access'), current_setting('autoinstall_known_extensions'), "
            "current_setting('autoload_known_extensions'), current_setting('lock_configuration')"
        ).fetchone()
        assert row is not None
        seen.append(tuple(row))
        close(self)

    monkeypatch.setattr(Database, "close", close_and_remember)
    args = [a.format(tmp=tmp_path) for a in READ_COMMANDS[command]]
    result = cli("--db", filled_db, *args)
    assert result.code == 0, result.err
    assert seen == [(False, False, False, True)]


def test_export_writes_only_its_output_file(cli: CLI, filled_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    out.write_text("old contents")
    before = {k: v for k, v in _tree(tmp_path).items() if k != "records.csv"}
    result = cli("--db", filled_db, "export", "-o", out)
    assert result.code == 0, result.err
    assert out.read_text().startswith("record_id,")
    assert {k: v for k, v in _tree(tmp_path).items() if k != "records.csv"} == before


# -- item 6: the snapshot answers only where no database was named or exists ---------------------


def test_empty_database_says_it_is_empty_instead_of_answering_from_the_snapshot(
    cli: CLI, tmp_path: Path
) -> None:
    from benchtable.db.store import Database

    empty = tmp_path / "empty.duckdb"
    Database(empty).close()
    for args in (["query", "SELECT count(*) FROM records"], ["export", "-o", str(tmp_path / "x.csv")]):
        result = cli("--quiet", "--db", empty, *args)
        _one_error_line(result, 1, str(empty), "empty", "refresh")
        assert result.out == ""
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("where", ["global", "after_command", "env"])
def test_missing_named_database_is_an_error_not_the_snapshot(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, untouched: None, where: str
) -> None:
    missing = tmp_path / "missing.duckdb"
    args: list[str | Path] = {
        "global": ["--db", missing, "query", "SELECT count(*) FROM records"],
        "after_command": ["query", "--db", missing, "SELECT count(*) FROM records"],
        "env": ["query", "SELECT count(*) FROM records"],
    }[where]
    if where == "env":
        monkeypatch.setenv("BENCHTABLE_DB", str(missing))
    result = cli("--quiet", *args)
    _one_error_line(result, 2, str(missing), "no such database", "refresh")
    assert result.out == ""


def test_default_database_absent_uses_the_snapshot(cli: CLI, in_empty_dir: Path) -> None:
    result = cli("query", "SELECT count(*) AS n FROM records", "--format", "csv")
    assert result.code == 0, result.err
    assert int(result.out.splitlines()[1]) > 100
    assert "bundled snapshot" in result.err
    assert list(in_empty_dir.iterdir()) == []


# -- item 7: no tracebacks ------------------------------------------------------------------------


def test_sources_file_that_is_not_utf8_is_a_config_error(cli: CLI, tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_bytes(b'[[source]]\nid = "caf\xe9"\n')
    before = _tree(tmp_path)
    for command in (
        ["sources"],
        ["--db", str(tmp_path / "bt.duckdb"), "refresh", "--replay", str(MINI_CORPUS)],
    ):
        result = cli(*command, "--sources", bad)
        _one_error_line(result, 2, str(bad), "UTF-8")
    assert _tree(tmp_path) == before


def test_report_config_that_is_not_utf8_is_a_config_error(cli: CLI, filled_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "report.toml"
    bad.write_bytes(b'[[column]]\nid = "\xff"\n')
    for command in ("report", "cell"):
        extra = ["r", "c"] if command == "cell" else []
        result = cli("--db", filled_db, command, *extra, "--config", bad)
        _one_error_line(result, 2, str(bad), "UTF-8")


@pytest.mark.parametrize("sql", ["  ;  ", "/* only a comment */"])
def test_query_without_a_statement_is_a_clear_error(cli: CLI, filled_db: Path, sql: str) -> None:
    _one_error_line(cli("--db", filled_db, "query", sql), 1, "no statement")


def test_query_with_an_empty_argument_is_a_usage_error(cli: CLI, filled_db: Path) -> None:
    _one_error_line(cli("--db", filled_db, "query", ""), 2, "no SQL given")


@pytest.mark.parametrize("since", ["99999999999d", "999999999w"])
def test_changes_since_too_long_ago_is_a_usage_error(cli: CLI, filled_db: Path, since: str) -> None:
    _one_error_line(cli("--db", filled_db, "changes", "--since", since), 2, since)


# -- item 11: errors that say the real cause --------------------------------------------------------


def test_changes_for_an_unknown_run_is_an_error(cli: CLI, filled_db: Path) -> None:
    _one_error_line(cli("--db", filled_db, "changes", "--run", "nope"), 2, "'nope'", "no such refresh run")


def test_db_path_under_a_file_says_not_a_directory(cli: CLI, tmp_path: Path) -> None:
    blocker = tmp_path / "passwd"
    blocker.write_text("root:x:0:0\n")
    before = _tree(tmp_path)
    db = blocker / "x.duckdb"
    refresh = cli("--quiet", "--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
    _one_error_line(refresh, 1, "Not a directory", str(blocker))
    report = cli("--db", db, "report")
    _one_error_line(report, 2, "Not a directory", str(blocker))
    assert _tree(tmp_path) == before
