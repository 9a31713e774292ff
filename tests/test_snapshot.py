"""The bundled snapshot is what the pipeline produces from the recorded corpus, and it loads."""

from __future__ import annotations

from pathlib import Path

from benchtable.db.snapshot import load_packaged_snapshot, packaged_snapshot_path, read_snapshot
from benchtable.db.store import Database
from tests.conftest import CLI


def test_snapshot_matches_a_rebuild_from_the_corpus(cli: CLI, corpus: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "snapshot.jsonl"
    result = cli("snapshot", "--replay", corpus, "-o", rebuilt)
    assert result.code == 0, result.err
    packaged = read_snapshot(packaged_snapshot_path())
    assert rebuilt.read_text("utf-8") == packaged, (
        "the bundled snapshot is stale: run `uv run benchtable snapshot` and commit db/data/snapshot.jsonl.gz"
    )


def test_snapshot_holds_citations_not_documents() -> None:
    with Database(Path(":memory:")) as db:
        n = load_packaged_snapshot(db)
        assert n > 1000
        row = db.con.execute(
            "SELECT max(length(quote)), max(length(raw)), count(DISTINCT source_id) FROM current_records"
        ).fetchone()
    assert row is not None
    longest_quote, longest_raw, sources = row
    assert longest_quote <= 300 and longest_raw <= 300
    assert sources >= 40
