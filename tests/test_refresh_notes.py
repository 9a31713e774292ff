"""No silent zeros in refresh: the tables of numbers that gave no records (a text document's
`silent_tables`, a PDF's unread captions and tables without records) reach refresh's summary,
its JSON summary, the fetch row and `source_status`, and stay there after an unchanged refresh."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from tests.conftest import CLI, MINI_CORPUS
from tests.test_pdf_tables import Text, make_pdf

CARD = (MINI_CORPUS / "documents" / "toy-card.md").read_text()
HYPERPARAMETERS = """
## Training

| Hyperparameter | Stage 1 | Stage 2 |
|---|---|---|
| Learning rate | 0.0003 | 0.0001 |
| Warmup steps | 2000 | 500 |
| Batch size | 1024 | 256 |
"""
CAPTION_BY_TWO_ROWS: list[Text] = [
    (100, 100, "Table 1: Two rows only.", 10),
    (110, 130, "61.2", 9),
    (250, 130, "40.5", 9),
    (110, 142, "58.0", 9),
    (250, 142, "35.1", 9),
]
SOURCES = """
[[source]]
id = "toy-card"
url = "https://example.org/toy/main/README.md"
kind = "model_card"
content_type = "text/markdown"
model = "Toy-7B-Chat"

[[source]]
id = "toy-paper"
url = "https://example.org/toy/paper.pdf"
kind = "paper_pdf"
content_type = "application/pdf"
"""


def _replay(root: Path) -> Path:
    """A recorded corpus: the toy card with a hyperparameter table, and a one-page PDF."""
    (root / "documents").mkdir(parents=True)
    docs = [
        (
            "toy-card",
            "https://example.org/toy/main/README.md",
            (CARD + HYPERPARAMETERS).encode(),
            "text/markdown",
        ),
        ("toy-paper", "https://example.org/toy/paper.pdf", make_pdf(CAPTION_BY_TWO_ROWS), "application/pdf"),
    ]
    lines = []
    for sid, url, data, ctype in docs:
        path = f"documents/{sid}"
        (root / path).write_bytes(data)
        entry = {
            "id": sid,
            "url": url,
            "path": path,
            "sha256": hashlib.sha256(data).hexdigest(),
            "content_type": ctype,
        }
        lines.append(json.dumps(entry))
    (root / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    (root / "sources.toml").write_text(SOURCES)
    return root


def _refresh(cli: CLI, db: Path, replay: Path, *args: str) -> str:
    result = cli("--db", db, "refresh", "--replay", replay, "--sources", replay / "sources.toml", *args)
    assert result.code == 0, result.err
    return result.out


def _status_notes(db: Path) -> dict[str, str | None]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT source_id, extraction_notes FROM source_status").fetchall()
    finally:
        con.close()
    return {str(sid): notes for sid, notes in rows}


def test_tables_that_gave_no_records_are_noted_in_refresh_and_stored(cli: CLI, tmp_path: Path) -> None:
    replay, db = _replay(tmp_path / "replay"), tmp_path / "bt.duckdb"
    out = _refresh(cli, db, replay, "--jobs", "0")
    card_note = (
        "table 2 (line 46, 3 rows, 6 numbers; value columns 'Stage 1', 'Stage 2') gave no records: "
        "no header names a known benchmark and no row names a model"
    )
    paper_note = (
        "https://example.org/toy/paper.pdf: 1 table caption(s) stand by rows of numbers but no table "
        "was read: page 1 'Table 1: Two rows only.' (2 rows of numbers)"
    )
    assert f"  note toy-card: {card_note}" in out.splitlines()
    assert f"  note toy-paper: {paper_note}" in out.splitlines()
    assert _status_notes(db) == {"toy-card": card_note, "toy-paper": paper_note}
    again = json.loads(_refresh(cli, db, replay, "--jobs", "0", "--json"))
    assert {s["source_id"]: s["outcome"] for s in again["sources"]} == {
        "toy-card": "unchanged",
        "toy-paper": "unchanged",
    }
    assert _status_notes(db) == {"toy-card": card_note, "toy-paper": paper_note}


def test_notes_come_back_from_extraction_workers(cli: CLI, tmp_path: Path) -> None:
    replay, db = _replay(tmp_path / "replay"), tmp_path / "bt.duckdb"
    summary = json.loads(_refresh(cli, db, replay, "--jobs", "1", "--json"))
    notes = {s["source_id"]: s["notes"] for s in summary["sources"]}
    assert len(notes["toy-card"]) == 1 and "gave no records" in notes["toy-card"][0]
    assert len(notes["toy-paper"]) == 1 and "no table was read" in notes["toy-paper"][0]
