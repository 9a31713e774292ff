"""The CLI contracts other checks rely on: `extract` JSON Lines and `report --format json`,
refresh → DuckDB → report on the hand-written mini corpus, idempotent re-runs."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CLI, MINI_CORPUS, MINI_REPORT, MINI_SOURCES

CARD = MINI_CORPUS / "documents" / "toy-card.md"


def _refresh(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
    assert result.code == 0, result.err


def test_extract_prints_json_lines_with_the_contract_fields(cli: CLI) -> None:
    result = cli("extract", CARD, "--url", "https://example.org/card.md")
    assert result.code == 0, result.err
    records = [json.loads(line) for line in result.out.splitlines()]
    required = {
        "model",
        "model_label",
        "precision",
        "quant_method",
        "bits",
        "group_size",
        "quant_format",
        "benchmark",
        "benchmark_label",
        "n_shot",
        "cot",
        "metric",
        "split",
        "value",
        "raw",
        "citation",
    }
    for r in records:
        assert required <= set(r)
        assert r["citation"]["url"] == "https://example.org/card.md"
        assert len(r["citation"]["sha256"]) == 64
    mmlu = [r for r in records if r["benchmark"] == "mmlu"]
    assert [(r["model"], r["precision"], r["bits"], r["value"], r["raw"]) for r in mmlu] == [
        ("toy-7b-chat", "bf16", None, 58.2, "**58.2**"),
        ("toy-7b-chat", None, 4.0, 57.1, "57.1"),
    ]
    assert mmlu[0]["n_shot"] == 5
    assert mmlu[0]["citation"]["locator"] == {"line": 33, "table": 0, "row": 1, "column": 1}


def test_extract_locator_line_holds_the_raw_text(cli: CLI) -> None:
    lines = CARD.read_text().splitlines()
    records = [json.loads(x) for x in cli("extract", CARD).out.splitlines()]
    assert records
    for r in records:
        assert r["raw"] in lines[r["citation"]["locator"]["line"] - 1]


def test_extract_skips_gaps_non_scores_and_commented_tables(cli: CLI) -> None:
    records = [json.loads(x) for x in cli("extract", CARD).out.splitlines()]
    assert all(r["value"] != 99.9 for r in records)  # the table inside <!-- -->
    assert all(r["benchmark"] != "params" for r in records)
    int4_humaneval = [r for r in records if r["benchmark"] == "humaneval" and r["bits"] == 4.0]
    assert int4_humaneval == []  # "-" is a gap


def test_extract_reads_model_index_yaml_with_num_few_shot(cli: CLI) -> None:
    records = [json.loads(x) for x in cli("extract", CARD).out.splitlines()]
    arc = [r for r in records if r["benchmark"] == "arc_challenge"]
    assert len(arc) == 1
    assert (arc[0]["value"], arc[0]["n_shot"], arc[0]["metric"], arc[0]["split"]) == (
        61.5,
        25,
        "acc_norm",
        "test",
    )
    assert arc[0]["citation"]["locator"]["line"] == 17


def test_refresh_then_report_json_contract(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    result = cli("--db", db, "report", "--format", "json", "--config", MINI_REPORT)
    assert result.code == 0, result.err
    table = json.loads(result.out)
    assert [c["id"] for c in table["columns"]] == ["mmlu", "arc", "hellaswag", "speed"]
    assert table["columns"][0]["protocol"] == {"n_shot": 5}
    rows = {r["id"]: r for r in table["rows"]}
    assert set(rows) == {"toy-bf16", "toy-int4", "other"}
    bf16 = rows["toy-bf16"]["cells"]
    # the card's own BF16 row, stated 5-shot, beats the README's value without a stated protocol
    assert bf16["mmlu"]["value"] == 58.2
    assert bf16["mmlu"]["raw"] == "**58.2**"
    assert bf16["mmlu"]["citation"]["url"] == "https://example.org/toy/main/README.md"
    assert bf16["mmlu"]["citation"]["locator"]["line"] == 33
    assert bf16["speed"]["value"] == 40.9
    assert rows["toy-int4"]["cells"]["speed"]["value"] == 50.1
    assert rows["toy-int4"]["cells"]["arc"] is None  # a gap stays null
    assert rows["other"]["cells"]["hellaswag"] is None  # N/A is a gap
    assert rows["other"]["cells"]["mmlu"]["value"] == 60.2


def test_report_markdown_has_footnote_citations_and_blank_gaps(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    out_file = tmp_path / "report.md"
    result = cli("--db", db, "report", "--config", MINI_REPORT, "-o", out_file)
    assert result.code == 0, result.err
    text = out_file.read_text()
    row = next(line for line in text.splitlines() if line.startswith("| Toy-7B-Chat Int4 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1].startswith("57.1 [^")
    assert cells[2] == ""  # no ARC number for the Int4 build
    assert "[^1]: toy-card, <https://example.org/toy/main/README.md>, line 33" in text


def test_refresh_twice_changes_nothing(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT record_id, value FROM records ORDER BY record_id").fetchall()
    con.close()
    result = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--json")
    assert result.code == 0
    assert json.loads(result.out)["counts"] == {"new": 0, "changed": 0, "unchanged": 2, "failed": 0}
    con = duckdb.connect(str(db), read_only=True)
    after = con.execute("SELECT record_id, value FROM records ORDER BY record_id").fetchall()
    versions = con.execute("SELECT count(*) FROM source_versions").fetchone()
    con.close()
    assert after == before
    assert versions == (2,)


def test_query_outputs_csv_and_json(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    sql = "SELECT model, value FROM latest_scores WHERE benchmark = 'hellaswag' ORDER BY value"
    csv_out = cli("--db", db, "query", sql, "--format", "csv")
    assert csv_out.code == 0
    assert csv_out.out.splitlines() == ["model,value", "toy-7b-chat,78.3"]
    json_out = cli("--db", db, "query", sql, "--format", "json")
    assert json.loads(json_out.out) == [{"model": "toy-7b-chat", "value": 78.3}]
    table_out = cli("--db", db, "query", sql)
    assert "toy-7b-chat" in table_out.out


def test_query_is_read_only(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    result = cli("--db", db, "query", "DELETE FROM records")
    assert result.code == 1
    assert "read-only" in result.err.lower() or "read only" in result.err.lower()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM records").fetchone() != (0,)
    con.close()


def test_sources_lists_the_registry(cli: CLI) -> None:
    result = cli("sources", "--sources", MINI_SOURCES)
    assert result.code == 0
    assert [line.split()[0] for line in result.out.splitlines()] == ["toy-card", "toy-readme"]
    packaged = cli("sources", "--format", "json")
    assert len(json.loads(packaged.out)) >= 40


def test_report_without_database_uses_the_bundled_snapshot(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the snapshot serves only when no --db or BENCHTABLE_DB was given and the default file is absent
    monkeypatch.chdir(tmp_path)
    result = cli("report", "--format", "json")
    assert result.code == 0, result.err
    assert "bundled snapshot" in result.err
    assert not (tmp_path / "benchtable.duckdb").exists()
    table = json.loads(result.out)
    filled = [cell for row in table["rows"] for cell in row["cells"].values() if cell]
    assert len(filled) >= 10
    for cell in filled:
        assert cell["citation"]["url"].startswith("https://")
        assert len(cell["citation"]["sha256"]) == 64


def test_db_option_after_the_command_name(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "after.duckdb"
    assert cli("refresh", "--db", db, "--replay", MINI_CORPUS, "--sources", MINI_SOURCES).code == 0
    result = cli("query", "--db", db, "SELECT count(*) AS n FROM current_records", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["n"] > 0
