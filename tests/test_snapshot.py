"""The bundled snapshot is what the pipeline produces from the recorded corpus, and it loads."""

from __future__ import annotations

from pathlib import Path

from benchtable.db.snapshot import (
    dump_snapshot,
    materialised_snapshot,
    packaged_snapshot_path,
    read_snapshot,
)
from benchtable.db.store import Database
from tests.conftest import CLI


def test_snapshot_matches_a_rebuild_from_the_corpus(corpus_db: Path) -> None:
    """`benchtable snapshot` is `refresh --replay` of the corpus and a dump: the session's corpus
    database is that refresh."""
    with Database(corpus_db, read_only=True) as db:
        rebuilt = dump_snapshot(db)
    packaged = read_snapshot(packaged_snapshot_path())
    assert rebuilt == packaged, (
        "the bundled snapshot is stale: run `uv run benchtable snapshot` and commit db/data/snapshot.jsonl.gz"
    )


def test_snapshot_holds_citations_not_documents() -> None:
    with Database(materialised_snapshot(), read_only=True) as db:
        row = db.con.execute("SELECT count(*) FROM current_records").fetchone()
        assert row is not None and row[0] > 1000
        row = db.con.execute(
            "SELECT max(length(quote)), max(length(raw)), count(DISTINCT source_id) FROM current_records"
        ).fetchone()
    assert row is not None
    longest_quote, longest_raw, sources = row
    assert longest_quote <= 300 and longest_raw <= 300
    assert sources >= 40


def test_snapshot_refuses_a_folder_that_is_not_a_corpus(cli: CLI, tmp_path: Path) -> None:
    result = cli("snapshot", "--replay", tmp_path, "-o", tmp_path / "s.jsonl")
    assert result.code == 2
    assert "not a recorded corpus" in result.err
    assert not (tmp_path / "s.jsonl").exists()
