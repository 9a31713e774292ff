"""Value history: a corrected number keeps both values with dates; `changes` lists new,
changed and removed values; refresh prints the same summary."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from benchtable.commands.changes import parse_since
from benchtable.schema.errors import ConfigError
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES

CARD = (MINI_CORPUS / "documents" / "toy-card.md").read_text()
README = (MINI_CORPUS / "documents" / "toy-readme.md").read_text()


def corpus(root: Path, card: str, readme: str = README, date: str = "2024-01-02T03:04:05+00:00") -> Path:
    """A recorded corpus serving the mini sources' URLs with the given texts."""
    (root / "documents").mkdir(parents=True, exist_ok=True)
    lines = []
    for sid, url, text in (
        ("toy-card", "https://example.org/toy/main/README.md", card),
        ("toy-readme", "https://example.org/toyfamily/main/README.md", readme),
    ):
        data = text.encode()
        (root / "documents" / f"{sid}.md").write_bytes(data)
        entry = {
            "id": sid,
            "url": url,
            "path": f"documents/{sid}.md",
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_type": "text/markdown",
            "date": date,
        }
        lines.append(json.dumps(entry))
    (root / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return root


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def refresh(cli: CLI, db: Path, replay: Path, *args: str) -> Any:
    result = cli("--db", db, "refresh", "--replay", replay, "--sources", MINI_SOURCES, "--jobs", "0", *args)
    assert result.code == 0, result.err
    return result


def test_corrected_value_keeps_both_with_dates(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    refresh(cli, db, corpus(tmp_path / "v1", CARD.replace("58.2", "41.7")))
    result = refresh(
        cli, db, corpus(tmp_path / "v2", CARD.replace("58.2", "46.7"), date="2024-03-01T00:00:00+00:00")
    )
    assert "values: 0 new, 1 changed, 0 removed" in result.out
    assert "41.7** → **46.7" in result.out
    hist = rows(
        db,
        "SELECT value, first_seen, last_seen, superseded_at, first_sha256 <> last_sha256 FROM value_history "
        "WHERE source_id = 'toy-card' AND benchmark = 'mmlu' AND configuration = 'bf16' ORDER BY first_seen",
    )
    assert [h[0] for h in hist] == [41.7, 46.7]
    old, new = hist
    assert old[3] is not None and old[3] == new[1]  # superseded when the correction was first seen
    assert new[3] is None
    # unchanged values of the card span both versions
    spanning = rows(
        db,
        "SELECT count(*) FROM value_history WHERE source_id = 'toy-card' AND superseded_at IS NULL "
        "AND first_sha256 <> last_sha256",
    )
    assert spanning[0][0] > 0
    # the superseded record itself is kept, with its citation
    assert rows(db, "SELECT count(*) FROM records WHERE value = 41.7")[0][0] == 1
    assert rows(db, "SELECT count(*) FROM current_records WHERE value = 41.7")[0][0] == 0


def test_changes_lists_new_changed_removed(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    refresh(cli, db, corpus(tmp_path / "v1", CARD))
    first = cli("--db", db, "changes", "--format", "json")
    assert first.code == 0, first.err
    assert {c["change"] for c in json.loads(first.out)} == {"new"}
    lines = CARD.splitlines(keepends=True)
    v2 = "".join(line for line in lines if "Int4" not in line).replace("58.2", "59.0")
    refresh(cli, db, corpus(tmp_path / "v2", v2))
    last = cli("--db", db, "changes")
    assert last.code == 0, last.err
    header = last.out.splitlines()[0]
    assert header.startswith("0 new, 1 changed, ") and "removed" in header
    assert "~ toy-card: Toy-7B-Chat" in last.out and "58.2** → **59.0" in last.out
    assert "- toy-card:" in last.out and "(removed)" in last.out
    everything = json.loads(cli("--db", db, "changes", "--since", "all", "--format", "json").out)
    kinds = {c["change"] for c in everything}
    assert kinds == {"new", "changed", "removed"}
    removed = [c for c in everything if c["change"] == "removed"]
    assert all(c["new_value"] is None and c["old_value"] is not None for c in removed)
    recent = json.loads(cli("--db", db, "changes", "--since", "1h", "--format", "json").out)
    assert len(recent) == len(everything)
    future = json.loads(cli("--db", db, "changes", "--since", "2999-01-01", "--format", "json").out)
    assert future == []
    one = json.loads(
        cli("--db", db, "changes", "--since", "all", "--source", "toy-readme", "--format", "json").out
    )
    assert one and {c["source_id"] for c in one} == {"toy-readme"}


def test_unchanged_refresh_only_moves_last_seen(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    replay = corpus(tmp_path / "v1", CARD)
    refresh(cli, db, replay)
    before = rows(db, "SELECT value_key, first_seen, last_seen FROM value_history ORDER BY value_key")
    result = refresh(cli, db, replay)
    assert "values: 0 new, 0 changed, 0 removed" in result.out
    after = rows(db, "SELECT value_key, first_seen, last_seen FROM value_history ORDER BY value_key")
    assert [(k, f) for k, f, _ in after] == [(k, f) for k, f, _ in before]
    assert all(a[2] > b[2] for a, b in zip(after, before, strict=True))
    assert cli("--db", db, "changes").out.startswith("0 new, 0 changed, 0 removed")


def test_a_value_that_comes_back_is_new_again(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    refresh(cli, db, corpus(tmp_path / "v1", CARD))
    refresh(cli, db, corpus(tmp_path / "v2", CARD.replace("58.2", "60.0")))
    refresh(cli, db, corpus(tmp_path / "v1b", CARD))
    hist = rows(
        db,
        "SELECT value, superseded_at IS NULL FROM value_history WHERE source_id = 'toy-card' "
        "AND benchmark = 'mmlu' AND configuration = 'bf16' ORDER BY first_seen",
    )
    assert hist == [(58.2, False), (60.0, False), (58.2, True)]


def test_history_is_backfilled_for_an_older_database(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    refresh(cli, db, MINI_CORPUS)
    n = rows(db, "SELECT count(*) FROM value_history")[0][0]
    con = duckdb.connect(str(db))
    con.execute("UPDATE records SET value_key = NULL")
    con.execute("DELETE FROM value_history")
    con.execute("DELETE FROM value_changes")
    con.close()
    result = refresh(cli, db, MINI_CORPUS)
    assert "values: 0 new, 0 changed, 0 removed" in result.out
    assert rows(db, "SELECT count(*) FROM value_history")[0][0] == n
    assert rows(db, "SELECT count(*) FROM records WHERE value_key IS NULL")[0][0] == 0


def test_changes_on_a_missing_database_is_a_clear_error(cli: CLI, tmp_path: Path) -> None:
    result = cli("--db", tmp_path / "none.duckdb", "changes")
    assert result.code == 2  # a database named with --db that is not there is a usage error
    assert "no such database" in result.err


def test_parse_since() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2024, 5, 10, tzinfo=UTC)
    assert parse_since("7d", now=now) == now - timedelta(days=7)
    assert parse_since("12h", now=now) == now - timedelta(hours=12)
    assert parse_since("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_since("all") is None
    with pytest.raises(ConfigError, match="ISO date"):
        parse_since("yesterday-ish")
