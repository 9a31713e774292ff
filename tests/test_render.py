"""Rendering: escaping in Markdown and HTML, the five formats, coverage, bad report configs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from benchtable.reports.config import parse_report_config
from benchtable.reports.render import build_view, md_escape, render, safe_url
from benchtable.reports.select import build_table
from benchtable.reports.sources import SourceMeta
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Citation, Locator, Protocol, Scale, ScoreRecord
from tests.conftest import CLI, MINI_REPORT

EVIL = 'a|b `c` <script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'

CONFIG = """
title = "T <b>bold</b> | pipe"
[[column]]
id = "mmlu"
label = "MMLU | `5` <i>shot</i>"
benchmark = "mmlu"
protocol = { n_shot = 5 }
[[row]]
id = "r"
label = "Row | <script>x</script>"
model = "qwen-7b-chat"
"""


def _evil_record() -> ScoreRecord:
    return ScoreRecord(
        source_id="evil",
        model="qwen-7b-chat",
        model_label=EVIL,
        benchmark="mmlu",
        benchmark_label=EVIL,
        protocol=Protocol(n_shot=5, details=EVIL),
        value=55.8,
        raw="55.8 | `x` <b>",
        scale=Scale.PERCENT,
        citation=Citation(
            url="https://example.org/a b<script>", sha256="a" * 64, locator=Locator(line=3), quote=EVIL
        ),
    )


def _view(strict: bool = False):  # type: ignore[no-untyped-def]
    config = parse_report_config(CONFIG, "test")
    table = build_table(config, [_evil_record()], {"evil": SourceMeta("evil", "readme")}, strict=strict)
    return build_view(table)


def test_markdown_cells_cannot_break_the_table() -> None:
    text = render(_view(), "md")
    header = next(line for line in text.splitlines() if line.startswith("| Model configuration"))
    row = next(line for line in text.splitlines() if line.startswith("| Row"))
    unescaped = lambda line: line.replace("\\|", "")  # noqa: E731
    assert unescaped(header).count("|") == 3
    assert unescaped(row).count("|") == 3
    prose = re.sub(r"`[^`]*`", "", text)  # code spans show markup literally
    prose = re.sub(r"<https?://[^\s<>]*>", "", prose)  # autolinks (percent-encoded)
    assert not re.search(r"(?<!\\)<", prose), "an unescaped < outside code spans"
    assert not re.search(r"(?<!\\)\]\(javascript", text), "a live link"


def test_html_is_escaped_and_self_contained() -> None:
    text = render(_view(), "html")
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;" in text
    assert text.count("<script>") == 1  # the page's own sorting script
    assert "http" not in text.split("<script>")[1].split("</script>")[0]  # no external fetches
    assert 'data-value="55.8"' in text


def test_svg_and_csv_and_json() -> None:
    view = _view()
    svg = render(view, "svg")
    assert svg.startswith("<svg") and "<script" not in svg and "55.8" in svg
    rows = list(csv.DictReader(io.StringIO(render(view, "csv"))))
    assert rows[0]["value"] == "55.8" and rows[0]["raw"] == "55.8 | `x` <b>"
    data = json.loads(render(view, "json"))
    assert data["rows"][0]["cells"]["mmlu"]["citation"]["locator"] == {"line": 3}
    assert data["coverage"]["filled"] == 1


def test_md_escape_and_safe_url() -> None:
    assert md_escape("a|b") == "a\\|b"
    assert "\n" not in md_escape("a\nb")
    assert safe_url("javascript:alert(1)") == "about:blank"
    assert " " not in safe_url("https://example.org/a b") and ">" not in safe_url("https://x.org/>")


def test_unknown_benchmark_lists_close_matches() -> None:
    bad = CONFIG.replace('benchmark = "mmlu"', 'benchmark = "mmlu_5shott"')
    with pytest.raises(ConfigError, match="close matches"):
        parse_report_config(bad, "bad.toml")


def test_ambiguous_row_model_lists_the_candidates() -> None:
    bad = CONFIG.replace('model = "qwen-7b-chat"', 'model = "llama-2"')
    with pytest.raises(ConfigError, match=r"ambiguous.*llama-2-13b"):
        parse_report_config(bad, "bad.toml")


def test_row_model_alias_resolves_and_unknown_match_field_is_refused() -> None:
    config = parse_report_config(CONFIG.replace('model = "qwen-7b-chat"', 'model = "Qwen 7B Chat"'), "ok")
    assert config.rows[0].model == "qwen-7b-chat"
    bad = CONFIG + "match = { bitz = 4 }\n"
    with pytest.raises(ConfigError, match=r"unknown field 'bitz'.*bits"):
        parse_report_config(bad, "bad.toml")


def _unstated_view(strict: bool = False):  # type: ignore[no-untyped-def]
    record = _evil_record().model_copy(update={"protocol": Protocol(), "model_label": "Qwen-7B-Chat"})
    config = parse_report_config(CONFIG, "test")
    table = build_table(config, [record], {"evil": SourceMeta("evil", "readme")}, strict=strict)
    return build_view(table)


def test_unstated_protocol_is_marked_in_every_format() -> None:
    view = _unstated_view()
    assert "55.8? [^1]" in render(view, "md")
    assert ">55.8?<sup>" in render(view, "html")
    assert ">55.8?</text>" in render(view, "svg")
    assert next(csv.DictReader(io.StringIO(render(view, "csv"))))["marks"] == "?"
    cell = json.loads(render(view, "json"))["rows"][0]["cells"]["mmlu"]
    assert cell["unstated"] == ["n_shot"] and cell["unstated_marker"] and not cell["marker"]
    stated = json.loads(render(_view(), "json"))["rows"][0]["cells"]["mmlu"]
    assert stated["unstated"] == [] and not stated["unstated_marker"]


def test_unstated_protocol_cell_is_blank_under_strict() -> None:
    data = json.loads(render(_unstated_view(strict=True), "json"))
    assert data["rows"][0]["cells"]["mmlu"] is None


# ------------------------------------------------------------------------- CLI on the mini corpus


@pytest.mark.parametrize("fmt", ["md", "json", "html", "csv", "svg"])
def test_report_formats_from_the_extension(cli: CLI, mini_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli("--db", mini_db, "report", "--config", MINI_REPORT, "-o", out)
    assert result.code == 0, result.err
    assert "58.2" in out.read_text()


def test_report_row_with_unknown_model_lists_close_matches(cli: CLI, mini_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "r.toml"
    bad.write_text(MINI_REPORT.read_text().replace('model = "other-13b"', 'model = "othr-13b"'))
    result = cli("--db", mini_db, "report", "--config", bad)
    assert result.code == 2
    assert "othr-13b" in result.err and "other-13b" in result.err


def test_cell_lists_evidence_and_why(cli: CLI, mini_db: Path) -> None:
    result = cli("--db", mini_db, "cell", "toy-bf16", "MMLU (5-shot)", "--config", MINI_REPORT)
    assert result.code == 0, result.err
    assert "shown:  58.2" in result.out and "why:" in result.out and "quote:" in result.out
    data = json.loads(
        cli("--db", mini_db, "cell", "toy-bf16", "mmlu", "--config", MINI_REPORT, "--format", "json").out
    )
    assert data["shown"]["value"] == 58.2
    assert next(e["role"] for e in data["evidence"]) == "shown"
    missing = cli("--db", mini_db, "cell", "toy", "mmlu", "--config", MINI_REPORT)
    assert missing.code == 2 and "toy-bf16" in missing.err


def test_models_and_benchmarks_list_the_unmapped(cli: CLI, mini_db: Path) -> None:
    models = json.loads(cli("--db", mini_db, "models", "--format", "json").out)
    assert any(m["id"] == "mixtral-8x7b" and m["active_params_b"] for m in models["models"])
    assert {u["id"] for u in models["unmapped"]} >= {"toy-7b-chat"}
    text = cli("--db", mini_db, "benchmarks").out
    assert "mmlu" in text and "unmapped:" in text


def test_export_parquet_and_csv(cli: CLI, mini_db: Path, tmp_path: Path) -> None:
    import duckdb

    for name in ("records.parquet", "records.csv", "records.json"):
        out = tmp_path / name
        result = cli("--db", mini_db, "export", "-o", out)
        assert result.code == 0, result.err
        con = duckdb.connect()
        n = con.execute(f"SELECT count(*) FROM '{out}'").fetchone()
        con.close()
        assert n is not None and n[0] > 0
