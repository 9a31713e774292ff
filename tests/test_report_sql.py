"""The report reads only what its table shows: candidate records selected in SQL, and
controlled comparisons ranked in SQL (stored once per refresh) with only the shown ones built.

The database here is the bundled snapshot (the records extracted from the recorded corpus),
so these run everywhere.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from benchtable.db.snapshot import materialised_snapshot
from benchtable.db.store import Database
from benchtable.reports.build import build_report, build_report_table
from benchtable.reports.comparison_groups import comparison_groups, store_comparison_groups
from benchtable.reports.comparisons import Comparison, controlled_comparisons
from benchtable.reports.config import load_report_config
from benchtable.reports.render import build_view, render
from benchtable.reports.select import ReportTable, build_table
from benchtable.reports.sources import source_meta
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import ScoreRecord
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES


@pytest.fixture(scope="module")
def snapshot_db() -> Iterator[Database]:
    db = Database(materialised_snapshot(), read_only=True)
    yield db
    db.close()


@pytest.fixture(scope="module")
def full_build(snapshot_db: Database) -> tuple[ReportTable, list[Comparison]]:
    """The table and comparisons as main built them: every current record in Python."""
    config = load_report_config(None)
    records, sources = snapshot_db.current_records(), source_meta(snapshot_db)
    table = build_table(config, records, sources)
    return table, controlled_comparisons(records, sources, {r.model for r in config.rows})


def _full_report(full: tuple[ReportTable, list[Comparison]], fmt: str, per_factor: int = 10) -> str:
    table, comps = full
    return render(build_view(table, comps if per_factor else [], per_factor=per_factor), fmt)


def test_comparison_groups_in_sql_are_the_groups_python_derives(
    snapshot_db: Database, full_build: tuple[ReportTable, list[Comparison]]
) -> None:
    sources = source_meta(snapshot_db)
    focus = {r.model for r in load_report_config(None).rows}
    python = full_build[1]
    sql = comparison_groups(snapshot_db, sources, focus)
    assert Counter(g.factor for g in sql) == Counter(c.factor for c in python)
    assert sorted((g.factor, *g.key()) for g in sql) == sorted(
        (c.factor, not c.focus, -c.shared, -len(c.members), c.source_id) for c in python
    )


@pytest.mark.parametrize(("fmt", "per_factor"), [("md", 10), ("json", 10), ("json", 2), ("md", 0)])
def test_report_from_sql_selection_equals_report_over_every_record(
    snapshot_db: Database, full_build: tuple[ReportTable, list[Comparison]], fmt: str, per_factor: int
) -> None:
    expected = _full_report(full_build, fmt, per_factor)
    assert render(build_report(snapshot_db, None, per_factor=per_factor), fmt) == expected


def test_stored_comparison_groups_give_the_same_report(
    tmp_path: Path, full_build: tuple[ReportTable, list[Comparison]]
) -> None:
    expected = _full_report(full_build, "json")
    stored = tmp_path / "stored.duckdb"
    shutil.copyfile(materialised_snapshot(), stored)
    with Database(stored) as db:
        assert store_comparison_groups(db, source_meta(db)) > 0
        assert render(build_report(db, None), "json") == expected
        # a stale table (another document version current) is not used: the groups are recomputed
        db.con.execute("UPDATE comparison_groups SET shared = 0")
        db.con.execute("UPDATE comparison_groups_state SET fingerprint = 'stale'")
        assert render(build_report(db, None), "json") == expected


def test_report_does_not_load_records_outside_the_table(
    snapshot_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[int] = []
    original = Database.current_records

    def counting(self: Database, where: str = "", params: Sequence[object] = ()) -> list[ScoreRecord]:
        found = original(self, where, params)
        loaded.append(len(found))
        return found

    row = snapshot_db.con.execute("SELECT count(*) FROM current_records").fetchone()
    assert row is not None
    total = row[0]  # what len(snapshot_db.current_records()) is, without building every record
    monkeypatch.setattr(Database, "current_records", counting)
    build_report(snapshot_db, None)
    assert loaded and sum(loaded) < total / 5


def test_cell_evidence_from_sql_selection_equals_selection_over_every_record(
    snapshot_db: Database, full_build: tuple[ReportTable, list[Comparison]]
) -> None:
    config = load_report_config(None)
    full = full_build[0]
    table = build_report_table(snapshot_db, config)
    for key, choice in full.cells.items():
        got = table.cells[key]
        assert [e.record for e in got.candidates] == [e.record for e in choice.candidates], key


def test_unknown_row_model_still_lists_close_matches_from_the_database(
    snapshot_db: Database, tmp_path: Path
) -> None:
    config = tmp_path / "report.toml"
    config.write_text(
        '[[column]]\nid = "mmlu"\nlabel = "MMLU"\nbenchmark = "mmlu"\n'
        '[[row]]\nid = "x"\nlabel = "X"\nmodel = "llama-2-7b-chatt"\n',
        "utf-8",
    )
    with pytest.raises(ConfigError, match="unknown model 'llama-2-7b-chatt'; close matches: llama-2-7b-chat"):
        build_report(snapshot_db, config)


def test_refresh_stores_comparison_groups_that_reports_read(cli: CLI, tmp_path: Path) -> None:
    from benchtable.reports.comparison_groups import fingerprint, stored_fingerprint

    db_path = tmp_path / "mini.duckdb"
    result = cli("--quiet", "--db", db_path, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
    assert result.code == 0, result.err
    with Database(db_path, read_only=True) as db:
        assert stored_fingerprint(db) == fingerprint(db, source_meta(db))
