"""Output paths that mean what they say: `-o -` is stdout, the format follows the extension,
and an extension a command cannot write is a usage error naming the ones it can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLI


@pytest.fixture
def db(mini_db: Path) -> Path:
    return mini_db


def test_report_to_pdf_is_an_error_naming_the_formats(cli: CLI, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = cli("--db", db, "report", "-o", out)
    assert result.code == 2
    assert ".pdf" in result.err and "md, svg" in result.err.replace("csv, html, json, ", "")
    assert not out.exists()


def test_report_dash_writes_stdout_not_a_file_named_dash(
    cli: CLI, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--db", db, "report", "-o", "-", "--format", "json")
    assert result.code == 0, result.err
    assert "rows" in json.loads(result.out)
    assert not (tmp_path / "-").exists()


def test_report_markdown_extension_spellings(cli: CLI, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.markdown"
    assert cli("--db", db, "report", "-o", out).code == 0
    assert out.read_text().startswith("#")


def test_export_jsonl_extension_writes_json_lines(cli: CLI, db: Path, tmp_path: Path) -> None:
    for name in ("records.jsonl", "records.ndjson"):
        out = tmp_path / name
        result = cli("--db", db, "export", "-o", out)
        assert result.code == 0, result.err
        lines = out.read_text().splitlines()
        assert lines and all(json.loads(line)["record_id"] for line in lines)
        assert not out.read_bytes().startswith(b"PAR1")


def test_export_format_jsonl_to_stdout(
    cli: CLI, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--db", db, "export", "-o", "-", "--format", "jsonl")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert rows and {"value", "raw", "value_norm", "unit"} <= set(rows[0])
    assert not (tmp_path / "-").exists()


def test_export_dash_defaults_to_csv_and_refuses_parquet(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "export", "-o", "-")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("record_id,")
    refused = cli("--db", db, "export", "-o", "-", "--format", "parquet")
    assert refused.code == 2
    assert "stdout" in refused.err


def test_export_unknown_extension_is_an_error(cli: CLI, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.xlsx"
    result = cli("--db", db, "export", "-o", out)
    assert result.code == 2
    assert "parquet" in result.err and "jsonl" in result.err
    assert not out.exists()
