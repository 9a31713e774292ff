"""A small hand-written report for the HTML page's tests: a lower-is-better perplexity column with
one value measured at another context length (‡) and a blank, and a higher-is-better MMLU column."""

from __future__ import annotations

from benchtable.reports.config import parse_report_config
from benchtable.reports.render import ReportView, build_view, render
from benchtable.reports.select import build_table
from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import Citation, Locator, Protocol, Scale, ScoreRecord

CONFIG = """
title = "Page test"
[[column]]
id = "ppl"
label = "WikiText-2 PPL"
benchmark = "wikitext2_ppl"
protocol = { context_length = 2048 }
[[column]]
id = "mmlu"
label = "MMLU"
benchmark = "mmlu"
protocol = { n_shot = 5 }
[[row]]
id = "a"
label = "Qwen-7B"
model = "qwen-7b"
[[row]]
id = "b"
label = "Qwen-14B"
model = "qwen-14b"
[[row]]
id = "c"
label = "Qwen-7B-Chat"
model = "qwen-7b-chat"
[[row]]
id = "d"
label = "Qwen-14B-Chat"
model = "qwen-14b-chat"
"""
COMMIT = "fb52dd330837638afd65fb332c523d83c451966f"
README = f"https://raw.githubusercontent.com/QwenLM/Qwen/{COMMIT}/README.md"
PAPER = "https://arxiv.org/pdf/2309.16609v1"
ROW_ORDER = ["Qwen-7B", "Qwen-14B", "Qwen-7B-Chat", "Qwen-14B-Chat"]


def _record(
    model: str, benchmark: str, value: float, protocol: Protocol, *, line: int = 0, page: int = 0
) -> ScoreRecord:
    citation = (
        Citation(
            url=PAPER, sha256="b" * 64, locator=Locator(page=page, table=0, row=1, column=1), quote=f"{value}"
        )
        if page
        else Citation(
            url=README,
            sha256="a" * 64,
            locator=Locator(line=line, table=0, row=1, column=1),
            quote=f"{value}",
        )
    )
    return ScoreRecord(
        source_id="paper" if page else "readme",
        model=model,
        model_label=model,
        benchmark=benchmark,
        benchmark_label=benchmark,
        protocol=protocol,
        value=value,
        raw=f"{value}",
        scale=Scale.PERPLEXITY if benchmark == "wikitext2_ppl" else Scale.PERCENT,
        citation=citation,
    )


def records() -> list[ScoreRecord]:
    ctx = Protocol(context_length=2048)
    five = Protocol(n_shot=5)
    return [
        _record("qwen-7b", "wikitext2_ppl", 7.5, ctx, page=19),
        _record("qwen-14b", "wikitext2_ppl", 6.1, ctx, page=19),
        _record("qwen-7b-chat", "wikitext2_ppl", 3.2, Protocol(context_length=8192), page=20),
        _record("qwen-7b", "mmlu", 58.2, five, line=450),
        _record("qwen-14b", "mmlu", 66.3, five, line=451),
        _record("qwen-7b-chat", "mmlu", 55.8, five, line=452),
        _record("qwen-14b-chat", "mmlu", 64.6, five, line=453),
    ]


def view() -> ReportView:
    config = parse_report_config(CONFIG, "test")
    sources = {
        "readme": SourceMeta("readme", "readme", README),
        "paper": SourceMeta("paper", "paper_pdf", PAPER),
    }
    return build_view(build_table(config, records(), sources))


def page() -> str:
    return render(view(), "html")
