"""The seed table (issue 16): tiers in the report config and the rendering, bundled configs
by name, and time to first token as a benchmark of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchtable.extract import extract_document
from benchtable.extract.headers import parse_benchmark
from benchtable.extract.registry import DocumentInput
from benchtable.reports.config import BUNDLED, load_report_config, parse_report_config
from benchtable.reports.render import build_view, render
from benchtable.reports.select import build_table, display_value
from benchtable.reports.sources import SourceMeta
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Citation, Locator, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import vocabulary
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES

TIERED = """
title = "tiered"
[[tier]]
id = "closed"
label = "Frontier, closed"
[[tier]]
id = "open"
label = "Open, 7B"
[[column]]
id = "mmlu"
label = "MMLU (5-shot)"
benchmark = "mmlu"
protocol = { n_shot = 5 }
[[column]]
id = "ttft"
label = "TTFT (s)"
benchmark = "ttft"
[[row]]
id = "qwen"
label = "Qwen-7B-Chat"
model = "qwen-7b-chat"
tier = "open"
[[row]]
id = "gpt4"
label = "GPT-4"
model = "gpt-4"
tier = "closed"
"""


def _record(model: str, benchmark: str, value: float, scale: Scale, line: int) -> ScoreRecord:
    return ScoreRecord(
        source_id="card",
        model=model,
        model_label=model,
        benchmark=benchmark,
        benchmark_label=benchmark,
        protocol=Protocol(n_shot=5) if benchmark == "mmlu" else Protocol(details="batch 1, A100"),
        value=value,
        raw=f"{value:g}",
        scale=scale,
        citation=Citation(
            url="https://example.org/card", sha256="a" * 64, locator=Locator(line=line), quote="q"
        ),
    )


RECORDS = [
    _record("qwen-7b-chat", "mmlu", 55.8, Scale.PERCENT, 3),
    _record("gpt-4", "mmlu", 86.4, Scale.PERCENT, 4),
    _record("qwen-7b-chat", "ttft", 390.0, Scale.MILLISECONDS, 5),
    _record("gpt-4", "decode_latency", 25.0, Scale.MS_PER_TOKEN, 6),
]


def _render(fmt: str, config_text: str = TIERED) -> str:
    config = parse_report_config(config_text, "test")
    table = build_table(config, RECORDS, {"card": SourceMeta("card", "readme")})
    return render(build_view(table), fmt)


def test_markdown_groups_rows_under_a_heading_row_per_tier_in_tier_order() -> None:
    lines = [line for line in _render("md").splitlines() if line.startswith("| ")]
    body = lines[1:7]
    assert body[0].startswith("| **Frontier, closed** |") and body[0].count("|") == 4
    assert body[1].startswith("| GPT-4 |")
    assert body[2].startswith("| **Open, 7B** |")
    assert body[3].startswith("| Qwen-7B-Chat |")


def test_html_has_one_tbody_per_tier_with_a_heading_row() -> None:
    text = _render("html")
    assert text.count("<tbody>") - text.count("<h2>Coverage</h2>") >= 2
    assert '<tr class="tier"><th colspan="3" scope="rowgroup">Frontier, closed</th></tr>' in text
    assert text.index("Frontier, closed</th>") < text.index(">GPT-4</th>") < text.index("Open, 7B</th>")


def test_json_carries_the_tier_of_every_row() -> None:
    out = json.loads(_render("json"))
    assert [(r["id"], r["tier"], r["tier_label"]) for r in out["rows"]] == [
        ("gpt4", "closed", "Frontier, closed"),
        ("qwen", "open", "Open, 7B"),
    ]
    assert out["tiers"] == [
        {"id": "closed", "label": "Frontier, closed"},
        {"id": "open", "label": "Open, 7B"},
    ]


def test_config_without_tiers_renders_no_heading_row() -> None:
    plain = re.sub(r'\[\[tier\]\]\nid = "\w+"\nlabel = "[^"]+"\n', "", TIERED)
    plain = re.sub(r'tier = "\w+"\n', "", plain)
    assert "[[tier]]" not in plain and "tier =" not in plain
    text = _render("md", plain)
    assert "**Frontier" not in text
    assert json.loads(_render("json", plain))["rows"][0]["tier"] is None


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('tier = "open"', 'tier = "opne"'), "unknown tier 'opne'; close matches: open"),
        (('tier = "open"\n', ""), "row 'qwen' has no tier; tiers: closed, open"),
    ],
)
def test_row_with_unknown_or_missing_tier_is_refused(edit: tuple[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_report_config(TIERED.replace(*edit), "r.toml")


def test_ttft_in_ms_is_shown_in_seconds_and_decode_latency_never_stands_in() -> None:
    out = json.loads(_render("json"))
    qwen, gpt4 = out["rows"][1]["cells"], out["rows"][0]["cells"]
    assert qwen["ttft"]["value"] == 0.39
    assert qwen["ttft"]["converted"] == "converted from 390 ms (ms / 1000)"
    assert qwen["ttft"]["protocol"] == {"details": "batch 1, A100"}  # hardware, batch: in the footnote
    assert gpt4["ttft"] is None  # a per-token latency is not a first-token latency
    assert out["columns"][1]["direction"] == "lower"


def test_bundled_config_by_name_and_a_missing_file_names_the_choices(tmp_path: Path) -> None:
    full = load_report_config(Path("seed-full"))
    assert full.origin == "seed_full.toml (packaged)"
    assert "ptb_ppl" in [c.id for c in full.columns]
    with pytest.raises(
        ConfigError, match=r"no such report config file, nor a bundled config name \(default, seed-full\)"
    ):
        load_report_config(tmp_path / "nope.toml")


def test_default_report_is_the_seed_table() -> None:
    config = load_report_config(None)
    assert len(config.columns) <= 10
    benchmarks = {c.benchmark for c in config.columns}
    assert {
        "wikitext2_ppl",
        "c4_ppl",
        "mmlu",
        "gsm8k",
        "math",
        "humaneval",
        "ttft",
        "decode_speed",
    } <= benchmarks
    assert any(c.protocol.cot for c in config.columns), "a column whose protocol requires chain-of-thought"
    ids = [r.id for r in config.rows]
    for wanted in ("qwen-7b-chat-bf16", "qwen-7b-chat-int4", "qwen-7b-chat-int3", "llama-13b-fp16",
                   "llama-13b-gptq-4bit", "llama-7b-q8_0", "llama-13b-q4_0", "llama-2-70b-fp16",
                   "llama-3-70b", "gpt-4", "mistral-7b", "mixtral-8x7b"):  # fmt: skip
        assert wanted in ids
    assert all(r.tier for r in config.rows)
    for name in BUNDLED:
        load_report_config(Path(name))


def test_report_with_config_seed_full_by_name(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    assert cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES).code == 0
    # the mini corpus knows none of the seed models: the vocabulary does, so the rows stand blank
    result = cli("--db", db, "report", "--config", "seed-full", "--format", "json")
    assert result.code == 0, result.err
    assert "ptb_ppl" in [c["id"] for c in json.loads(result.out)["columns"]]


LATENCY_CARD = """\
# Inference time

| Category | Decode (tokens/s) | Time-to-first-token (sec) | TTFT (ms, batch 1) | Latency (ms/token) |
| :---- | ----- | ----- | ----- | ----- |
| Llama-2-7B BF16 | 19.2 | 1.0 | 390 | 52.1 |
"""


def test_time_to_first_token_headers_read_as_ttft_with_their_unit_not_as_percent() -> None:
    doc = DocumentInput(LATENCY_CARD.encode(), "text/markdown", "test://card.md", "0" * 64)
    found = {(r.benchmark, r.scale, r.protocol.details, r.value) for r in extract_document(doc)}
    assert ("ttft", Scale.SECONDS, None, 1.0) in found
    assert ("ttft", Scale.MILLISECONDS, "batch 1", 390.0) in found
    assert ("decode_speed", Scale.TOKENS_PER_S, None, 19.2) in {(b, s, None, v) for b, s, _, v in found}
    assert "decode_latency" in {b for b, *_ in found}


def test_ttft_spellings_and_direction() -> None:
    for header in ("TTFT", "Time to first token", "Time-To-First-Token (TTFT)", "first-token latency (ms)",
                   "Prefill latency", "TTFT (s)"):  # fmt: skip
        assert parse_benchmark(header).benchmark_id == "ttft", header
    assert parse_benchmark("ms/token").benchmark_id == "decode_latency"
    bench = vocabulary().benchmarks["ttft"]
    assert bench.direction == "lower" and bench.scale == Scale.SECONDS
    record = _record("m", "ttft", 250.0, Scale.MILLISECONDS, 1)
    assert display_value(record, Scale.SECONDS) == (0.25, "converted from 250 ms (ms / 1000)")
