"""Escape sequences in documents never reach a terminal or a report; the database keeps them.

Before: an OSC title sequence (`ESC ] 0;… BEL`) in a model name or a quote was printed as is
by `refresh`, `changes` and `cell`, and written into the Markdown and HTML reports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchtable.schema.text import printable
from tests.conftest import CLI
from tests.test_refresh_faults import refresh, slept
from tests.test_refresh_server import Server, doc, server, write_sources

__all__ = ["server", "slept"]

OSC_TITLE = "\x1b]0;pwned\x07"
CSI_RED = "\x1b[31m"
EVIL_CARD = f"""# Toy-7B-Chat

All results below are 5-shot unless noted.

| Model | MMLU (5-shot) | GSM8K (8-shot) | Params |
|---|---|---|---|
| Toy-7B-Chat (BF16) | 58.2 | 41.0{OSC_TITLE}{CSI_RED}\u202e | 7B |
| Evil{OSC_TITLE}-13B{CSI_RED} | 50.0 | 30.0 | 13B |
""".encode()
REPORT = """
title = "Toy report"

[[column]]
id = "mmlu"
label = "MMLU (5-shot)"
benchmark = "mmlu"
protocol = { n_shot = 5 }

[[row]]
id = "toy-bf16"
label = "Toy-7B-Chat BF16"
model = "toy-7b-chat"
match = { precision = ["bf16", "none"] }
"""
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean(text: str) -> None:
    assert not UNSAFE.findall(text), f"control characters in output: {UNSAFE.findall(text)}"


@pytest.fixture
def evil_db(cli: CLI, tmp_path: Path, server: Server, slept: list[float]) -> tuple[Path, str]:
    (tmp_path / "report.toml").write_text(REPORT)
    server.route("/card.md", doc(EVIL_CARD))
    db = tmp_path / "bt.duckdb"
    result = refresh(cli, db, write_sources(tmp_path / "sources.toml", server), "toy-card")
    assert result.code == 0, result.err
    return db, result.out + result.err


def test_refresh_output_has_no_escape_sequences_from_documents(evil_db: tuple[Path, str]) -> None:
    _, output = evil_db
    assert "Evil-13B" in output
    assert_clean(output)


def test_changes_output_has_no_escape_sequences_from_documents(cli: CLI, evil_db: tuple[Path, str]) -> None:
    db, _ = evil_db
    result = cli("--db", db, "changes", "--since", "all")
    assert result.code == 0 and "Evil-13B" in result.out
    assert_clean(result.out)


def test_cell_output_has_no_escape_sequences_from_documents(cli: CLI, evil_db: tuple[Path, str]) -> None:
    db, _ = evil_db
    config = db.with_name("report.toml")
    for fmt in ("text", "json"):
        result = cli("--db", db, "cell", "toy-bf16", "mmlu", "--config", config, "--format", fmt)
        assert result.code == 0, result.err
        assert "58.2" in result.out and "7B" in result.out
        assert_clean(result.out)


def test_reports_have_no_escape_sequences_from_documents(
    cli: CLI, evil_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = evil_db
    config = db.with_name("report.toml")
    for fmt in ("md", "html", "svg"):
        out = tmp_path / f"report.{fmt}"
        result = cli("--db", db, "report", "--config", config, "--format", fmt, "-o", out)
        assert result.code == 0, result.err
        text = out.read_text("utf-8")
        assert "58.2" in text and (fmt == "svg" or "41.0" in text)  # the quote, sanitised
        assert_clean(text)
    stdout = cli("--db", db, "report", "--config", config).out
    assert "7B" in stdout
    assert_clean(stdout)


def test_database_keeps_the_documents_escape_sequences(cli: CLI, evil_db: tuple[Path, str]) -> None:
    db, _ = evil_db
    sql = "SELECT model_label, quote FROM records WHERE raw = '58.2'"
    rows = json.loads(cli("--db", db, "query", sql, "--format", "json").out)
    assert [OSC_TITLE in r["quote"] and CSI_RED in r["quote"] for r in rows] == [True]
    labels = json.loads(cli("--db", db, "query", "SELECT model_label FROM records", "--format", "json").out)
    assert f"Evil{OSC_TITLE}-13B{CSI_RED}" in {r["model_label"] for r in labels}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Toy\x1b]0;pwned\x07-7B", "Toy-7B"),
        ("a\x1b[1;31mred\x1b[0m", "ared"),
        ("link\x1b]8;;https://x.example\x1b\\text\x1b]8;;\x1b\\", "linktext"),
        ("x\x9b2Jy\x9d0;t\x9cz", "xyz"),
        ("over\rwrite\x08\x00", "overwrite"),
        ("right\u202eto\u2066left\u2069", "righttoleft"),
        ("unterminated\x1b]0;title\nnext line", "unterminated\nnext line"),
        ("tab\tand newline\n stay; é 中文 too", "tab\tand newline\n stay; é 中文 too"),
    ],
)
def test_printable_strips_escape_sequences_and_controls(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_query_table_shows_stored_escape_sequences_stripped(cli: CLI, evil_db: tuple[Path, str]) -> None:
    db, _ = evil_db
    result = cli(
        "--db", db, "query", "SELECT model_label FROM records WHERE model_label LIKE 'Evil%' LIMIT 1"
    )
    assert "Evil-13B" in result.out
    assert_clean(result.out)
