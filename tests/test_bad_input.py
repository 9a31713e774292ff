"""Bad input: one clear line naming the problem, a non-zero exit, no traceback,
and nothing stored before is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CLI, MINI_CORPUS, MINI_REPORT, MINI_SOURCES


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT count(*) FROM current_records").fetchone()
    con.close()
    assert row is not None
    return int(row[0])


@pytest.fixture
def filled_db(mini_db: Path) -> Path:
    return mini_db


def _one_clear_line(err: str, *needles: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("benchtable: error") or "Error" in line]
    assert lines, err
    for needle in needles:
        assert needle in err, err


def test_unknown_source_id(cli: CLI, filled_db: Path) -> None:
    result = cli("--db", filled_db, "refresh", "toy-crad", "--sources", MINI_SOURCES)
    assert result.code == 2
    _one_clear_line(result.err, "toy-crad", "did you mean toy-card")


def test_malformed_sources_file(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nid = "x"\nurl = "https://example.org"\nkind = "tweet"\n')
    result = cli("--db", filled_db, "refresh", "--sources", bad)
    assert result.code == 2
    _one_clear_line(result.err, str(bad), "kind")
    assert _count(filled_db) > 0


def test_sources_file_that_is_not_toml(cli: CLI, tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]\nid=")
    result = cli("sources", "--sources", bad)
    assert result.code == 2
    _one_clear_line(result.err, "not valid TOML")


@pytest.mark.parametrize(
    ("hints", "named"),
    [
        ('{ quant_mehtod = "gptq" }', "hints.quant_mehtod"),  # a typo is named, not ignored
        ('{ context_length = "long" }', "hints.context_length"),  # so is a value of the wrong type
    ],
)
def test_a_bad_hint_is_named(cli: CLI, tmp_path: Path, hints: str, named: str) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text(f'[[source]]\nid = "a"\nurl = "https://example.org/a"\nkind = "readme"\nhints = {hints}\n')
    result = cli("sources", "--sources", bad)
    assert result.code == 2
    _one_clear_line(result.err, "source #1 (a)", named)


def test_duplicate_source_ids(cli: CLI, tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    entry = '[[source]]\nid = "a"\nurl = "https://example.org/a"\nkind = "readme"\n'
    bad.write_text(entry + entry)
    result = cli("sources", "--sources", bad)
    assert result.code == 2
    _one_clear_line(result.err, "duplicate source id 'a'")


def test_malformed_report_config(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    bad = tmp_path / "report.toml"
    bad.write_text(MINI_REPORT.read_text().replace('benchmark = "hellaswag"', 'benchmark = "helaswag"'))
    result = cli("--db", filled_db, "report", "--config", bad)
    assert result.code == 2
    _one_clear_line(result.err, "helaswag", "hellaswag")


def test_report_config_with_unknown_key(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    bad = tmp_path / "report.toml"
    bad.write_text(
        MINI_REPORT.read_text() + '\n[[row]]\nid = "x"\nlabel = "X"\nmodel = "x"\ncolour = "red"\n'
    )
    result = cli("--db", filled_db, "report", "--config", bad)
    assert result.code == 2
    _one_clear_line(result.err, "colour")


def test_unreadable_document(cli: CLI, tmp_path: Path) -> None:
    result = cli("extract", tmp_path / "nope.md")
    assert result.code == 2
    _one_clear_line(result.err, "nope.md")


def test_document_of_unknown_type(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "scores.qqq"
    doc.write_text("hello")
    result = cli("extract", doc)
    assert result.code == 2
    _one_clear_line(result.err, "scores.qqq", "--content-type")


def test_mistyped_document(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "card.md"
    doc.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = cli("extract", doc, "--content-type", "application/x-unknown")
    assert result.code == 1
    _one_clear_line(result.err, "application/x-unknown")


def test_unrecorded_url_in_replay_keeps_last_good_records(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    before = _count(filled_db)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        MINI_SOURCES.read_text().replace(
            "https://example.org/toy/main/README.md", "https://example.org/gone.md"
        )
    )
    result = cli("--db", filled_db, "refresh", "--replay", MINI_CORPUS, "--sources", sources)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "toy-card" in result.err and "404" in result.err
    assert _count(filled_db) == before
    con = duckdb.connect(str(filled_db), read_only=True)
    status = con.execute(
        "SELECT last_outcome, last_error FROM source_status WHERE source_id = 'toy-card'"
    ).fetchone()
    con.close()
    assert status is not None and status[0] == "failed" and "404" in status[1]


def test_replay_dir_that_is_not_a_corpus(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    result = cli("--db", filled_db, "refresh", "--replay", tmp_path, "--sources", MINI_SOURCES)
    assert result.code == 2
    _one_clear_line(result.err, "manifest.jsonl")


def test_bad_sql(cli: CLI, filled_db: Path) -> None:
    result = cli("--db", filled_db, "query", "SELEC 1")
    assert result.code == 1
    _one_clear_line(result.err, "query failed")
    assert len(result.err.strip().splitlines()) == 1


def test_unwritable_db_path(cli: CLI, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = cli("--db", blocker / "bt.duckdb", "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
    assert result.code == 1
    _one_clear_line(result.err, "cannot open database")


def test_db_file_that_is_not_a_database(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    db.write_bytes(b"garbage" * 100)
    result = cli("--db", db, "query", "SELECT 1")
    assert result.code == 1
    _one_clear_line(result.err, str(db))
    assert db.read_bytes() == b"garbage" * 100


def test_report_unwritable_output(cli: CLI, tmp_path: Path, filled_db: Path) -> None:
    result = cli("--db", filled_db, "report", "--config", MINI_REPORT, "-o", tmp_path / "no" / "dir" / "r.md")
    assert result.code == 1
    _one_clear_line(result.err, "cannot write")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    from benchtable.cli import run
    from benchtable.schema.errors import ConfigError

    with pytest.raises(ConfigError):
        run(["--debug", "extract", str(tmp_path / "nope.md")])


def test_missing_corpus_file_fails_only_that_source(cli: CLI, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    manifest = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text().splitlines()]
    (corpus / manifest[0]["path"]).unlink()
    db = tmp_path / "fresh.duckdb"
    result = cli("--db", db, "refresh", "--replay", corpus, "--sources", MINI_SOURCES, "--json")
    assert result.code == 1
    counts = json.loads(result.out)["counts"]
    assert counts["failed"] == 1 and counts["new"] == 1
