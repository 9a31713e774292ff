"""`benchtable extract FILE` under refresh's limits, and documents that are not text
(issue 15, items 4 and 9): one clear line naming the file and the limit or the reason,
exit 1, no MemoryError; a refresh keeps the last good records of a source that serves
binary garbage as text."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Source, SourceKind
from benchtable.scrapers.extraction import ExtractionLimits
from benchtable.scrapers.refresh import DocumentError, check_bytes
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES
from tests.test_linear_tables import leaderboard

GARBAGE = random.Random(15).randbytes(4096)
CONTROL_GARBAGE = bytes(1 + (i * 7) % 8 for i in range(4096))  # valid ASCII, no NUL, all control
TABLE = b"| Model | MMLU |\n|---|---|\n| Llama-2-7B | 45.3 |\n"


def _one_line_error(err: str, *needles: str) -> None:
    assert "Traceback" not in err and "MemoryError" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("benchtable: error:")]
    assert len(errors) == 1, err
    for needle in needles:
        assert needle in errors[0], err


def test_extract_of_a_file_over_the_size_limit_fails_naming_the_limit(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCHTABLE_FETCH_MAX_BYTES", "1000")
    big = tmp_path / "big.md"
    big.write_bytes(TABLE * 100)
    result = cli("extract", big)
    assert result.code == 1
    _one_line_error(result.err, "big.md", "1,000 bytes", "size limit")
    assert result.out == ""


def test_extract_of_dev_zero_stops_at_the_size_limit(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BENCHTABLE_FETCH_MAX_BYTES", "100000")
    result = cli("extract", "/dev/zero")
    assert result.code == 1
    _one_line_error(result.err, "/dev/zero", "100,000 bytes")


def test_extract_past_the_deadline_is_stopped(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCHTABLE_EXTRACT_TIMEOUT", "0.01")
    slow = tmp_path / "slow.md"
    slow.write_bytes(leaderboard(2000).data)
    result = cli("extract", slow)
    assert result.code == 1
    _one_line_error(result.err, "slow.md", "longer than 0.01 s")


def test_extract_within_the_limits_prints_the_records(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_bytes(TABLE)
    result = cli("extract", card)
    assert result.code == 0, result.err
    [record] = [json.loads(line) for line in result.out.splitlines()]
    assert (record["model"], record["benchmark"], record["value"]) == ("llama-2-7b", "mmlu", 45.3)


def test_extraction_limits_from_environment() -> None:
    limits = ExtractionLimits.from_env(
        {"BENCHTABLE_EXTRACT_TIMEOUT": "2.5", "BENCHTABLE_EXTRACT_MAX_MEMORY": "0"}
    )
    assert (limits.timeout, limits.max_memory) == (2.5, 0)
    assert ExtractionLimits.from_env({}) == ExtractionLimits(300.0, 3 * 1024**3)
    for bad in ({"BENCHTABLE_EXTRACT_TIMEOUT": "soon"}, {"BENCHTABLE_EXTRACT_TIMEOUT": "0"}):
        with pytest.raises(ConfigError, match="BENCHTABLE_EXTRACT_TIMEOUT"):
            ExtractionLimits.from_env(bad)


@pytest.mark.parametrize("name", ["card.md", "page.html", "board.csv", "results.json", "doc.rst"])
@pytest.mark.parametrize("garbage", [GARBAGE, CONTROL_GARBAGE], ids=["random-bytes", "control-characters"])
def test_extract_of_binary_garbage_named_as_text_fails(
    cli: CLI, tmp_path: Path, name: str, garbage: bytes
) -> None:
    doc = tmp_path / name
    doc.write_bytes(garbage)
    result = cli("extract", doc)
    assert result.code == 1
    _one_line_error(result.err, name, "not text: ", "served as ")


def test_extract_of_text_with_a_binary_tail_fails(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "card.md"
    doc.write_bytes(TABLE * 2000 + GARBAGE)  # the first 64 KiB are fine
    result = cli("extract", doc)
    assert result.code == 1
    _one_line_error(result.err, "card.md", "NUL bytes")


def test_extract_of_text_with_no_records_says_so(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nNo scores here, only prose with a stray \x07 bell.\n")
    result = cli("extract", doc)
    assert result.code == 0
    assert result.out == ""
    assert "notes.md" in result.err and "no records" in result.err


def test_a_text_source_beyond_the_first_64_kib_is_checked() -> None:
    source = Source(id="toy", url="https://example.org/toy.md", kind=SourceKind.README)
    with pytest.raises(
        DocumentError,
        match=r"toy: not text: \d+ NUL bytes .* served as text/markdown from https://example.org",
    ):
        check_bytes(source, TABLE * 2000 + GARBAGE, "text/markdown")


def test_a_text_source_of_control_characters_fails_and_keeps_its_records_even_accepting_empty(
    cli: CLI, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    db = tmp_path / "bt.duckdb"
    assert cli("--db", db, "refresh", "--replay", corpus, "--sources", MINI_SOURCES).code == 0
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT record_id FROM current_records ORDER BY record_id").fetchall()
    con.close()
    entries = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text().splitlines() if x]
    card = next(e for e in entries if e["id"] == "toy-card")
    (corpus / card["path"]).write_bytes(CONTROL_GARBAGE)
    card["sha256"] = "0" * 64  # a new version, so the replay answers 200 with the garbage
    (corpus / "manifest.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entries))

    result = cli("--db", db, "refresh", "--replay", corpus, "--sources", MINI_SOURCES, "--accept-empty")
    assert result.code == 1
    assert "toy-card" in result.err and "not text: " in result.err
    con = duckdb.connect(str(db), read_only=True)
    after = con.execute("SELECT record_id FROM current_records ORDER BY record_id").fetchall()
    status = con.execute(
        "SELECT last_outcome, last_error FROM source_status WHERE source_id = 'toy-card'"
    ).fetchone()
    con.close()
    assert after == before
    assert status is not None and status[0] == "failed" and "control characters" in status[1]
