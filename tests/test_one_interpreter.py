"""One interpreter for every format (issue 9): the same small table written as Markdown, as
HTML in Markdown, as a `text/html` page and as a PDF table (cells with page and box, as the
PDF reader makes them) gives the same records."""

from __future__ import annotations

from typing import Any

import pytest

from benchtable.extract import extract_document
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

SHA = "d" * 64

Fact = tuple[Any, ...]


def facts(records: list[ScoreRecord]) -> set[Fact]:
    return {
        (
            r.model,
            r.configuration.precision,
            r.configuration.quant_method,
            r.configuration.bits,
            r.configuration.group_size,
            r.benchmark,
            r.protocol.n_shot,
            r.protocol.cot,
            r.protocol.metric,
            r.value,
        )
        for r in records
    }


def pipe_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def html_table(rows: list[list[str]], caption: str = "") -> str:
    head = "<tr>" + "".join(f"<th>{t}</th>" for t in rows[0]) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in r) + "</tr>" for r in rows[1:])
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{cap}\n<thead>{head}</thead>\n<tbody>{body}</tbody>\n</table>"


def doc(text: str, content_type: str, **hints: Any) -> DocumentInput:
    return DocumentInput(
        text.encode(), content_type, "https://example.org/doc", SHA, source_id="t", hints=hints
    )


def as_markdown(rows: list[list[str]], caption: str, heading: str = "## Results") -> set[Fact]:
    text = f"# A model\n\n{heading}\n\n{caption}\n\n{pipe_table(rows)}\n"
    return facts(extract_document(doc(text, "text/markdown")))


def as_markdown_html(rows: list[list[str]], caption: str, heading: str = "## Results") -> set[Fact]:
    text = f"# A model\n\n{heading}\n\n{caption}\n\n{html_table(rows)}\n"
    return facts(extract_document(doc(text, "text/markdown")))


def as_html_page(rows: list[list[str]], caption: str, heading: str = "Results") -> set[Fact]:
    text = f"<html><body>\n<h2>{heading}</h2>\n<p>{caption}</p>\n{html_table(rows)}\n</body></html>\n"
    return facts(extract_document(doc(text, "text/html")))


def as_pdf_table(rows: list[list[str]], caption: str) -> set[Fact]:
    grid = [
        [
            Cell(t, t, page=4, bbox=(50.0 + 40 * c, 100.0 + 12 * r, 80.0 + 40 * c, 110.0 + 12 * r))
            for c, t in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(grid, header_rows=1, index=0, caption=caption, page=4)
    return facts(records_from_table(table, doc("", "application/pdf")))


FORMATS = [as_markdown, as_markdown_html, as_html_page, as_pdf_table]

OPT_BITS = [
    ["OPT", "Bits", "125M", "1.3B"],
    ["full", "16", "27.65", "14.63"],
    ["RTN", "4", "37.28", "48.17"],
    ["GPTQ", "3", "53.85", "-"],
]
OPT_CAPTION = "Table 3: OPT perplexity results on WikiText2."


@pytest.mark.parametrize("read", FORMATS, ids=lambda f: f.__name__)
def test_opt_sizes_by_bits_with_the_benchmark_only_in_the_caption(read: Any) -> None:
    got = read(OPT_BITS, OPT_CAPTION)
    assert len(got) == 5
    assert got == as_pdf_table(OPT_BITS, OPT_CAPTION)
    assert ("opt-125m", None, "gptq", 3.0, None, "wikitext2_ppl", None, None, "ppl", 53.85) in got
    assert {f[5] for f in got} == {"wikitext2_ppl"}


HELLA = [["Model", "Hella", "Wino", "PIQA"], ["Llama 2 7B", "77.2", "69.2", "78.8"]]


@pytest.mark.parametrize("read", FORMATS, ids=lambda f: f.__name__)
def test_hella_is_hellaswag_in_a_readme_as_in_a_paper(read: Any) -> None:
    got = read(HELLA, "Table 2: Zero-shot results.")
    assert {(f[0], f[5], f[9]) for f in got} == {
        ("llama-2-7b", "hellaswag", 77.2),
        ("llama-2-7b", "winogrande", 69.2),
        ("llama-2-7b", "piqa", 78.8),
    }
    assert got == as_pdf_table(HELLA, "Table 2: Zero-shot results.")


FIVE_SHOT = [["Model", "MMLU", "CMMLU"], ["Qwen-7B", "58.2", "62.2"]]


@pytest.mark.parametrize("read", FORMATS, ids=lambda f: f.__name__)
def test_five_shot_in_a_caption_is_the_n_shot(read: Any) -> None:
    got = read(FIVE_SHOT, "Table 4: Results on MMLU and CMMLU (five-shot).")
    assert {(f[0], f[5], f[6], f[9]) for f in got} == {
        ("qwen-7b", "mmlu", 5, 58.2),
        ("qwen-7b", "cmmlu", 5, 62.2),
    }


PLAIN = [["Model", "MMLU", "GSM8K"], ["Mistral-7B", "60.1", "52.2"]]


@pytest.mark.parametrize("read", FORMATS, ids=lambda f: f.__name__)
def test_a_plain_table_without_a_caption_reads_the_same_everywhere(read: Any) -> None:
    got = read(PLAIN, "We compare the models below.")
    assert {(f[0], f[5], f[9]) for f in got} == {("mistral-7b", "mmlu", 60.1), ("mistral-7b", "gsm8k", 52.2)}


def test_a_plain_table_served_as_text_html_gives_its_records() -> None:
    page = f"<html><body><h1>Scores</h1>{html_table(PLAIN)}</body></html>"
    records = extract_document(doc(page, "text/html"))
    assert {(r.model, r.benchmark, r.value) for r in records} == {
        ("mistral-7b", "mmlu", 60.1),
        ("mistral-7b", "gsm8k", 52.2),
    }
    assert all(r.citation.locator.line is not None for r in records)


def test_hella_is_hellaswag_in_a_readme_without_a_caption() -> None:
    text = f"# Llama 2 7B\n\n## Evaluation\n\n{pipe_table(HELLA)}\n"
    got = facts(extract_document(doc(text, "text/markdown")))
    assert {(f[0], f[5], f[9]) for f in got} == {
        ("llama-2-7b", "hellaswag", 77.2),
        ("llama-2-7b", "winogrande", 69.2),
        ("llama-2-7b", "piqa", 78.8),
    }


def test_five_shot_in_the_paragraph_over_a_readme_table_is_the_n_shot() -> None:
    text = f"# Qwen-7B\n\n## Evaluation\n\nFive-shot results on MMLU and CMMLU:\n\n{pipe_table(FIVE_SHOT)}\n"
    got = facts(extract_document(doc(text, "text/markdown")))
    assert {(f[0], f[5], f[6], f[9]) for f in got} == {
        ("qwen-7b", "mmlu", 5, 58.2),
        ("qwen-7b", "cmmlu", 5, 62.2),
    }


SIZES = [["Size", "MMLU", "GSM8K"], ["7B", "45.3", "14.6"], ["13B", "54.8", "28.7"]]
SIZES_FACTS = {
    ("llama-2-7b", "mmlu", 45.3),
    ("llama-2-7b", "gsm8k", 14.6),
    ("llama-2-13b", "mmlu", 54.8),
    ("llama-2-13b", "gsm8k", 28.7),
}


def test_the_family_hint_completes_bare_sizes_in_a_readme_and_in_a_paper() -> None:
    readme = f"# Results\n\n{pipe_table(SIZES)}\n"
    got = facts(extract_document(doc(readme, "text/markdown", family="Llama 2")))
    assert {(f[0], f[5], f[9]) for f in got} == SIZES_FACTS
    grid = [
        [Cell(t, t, page=2, bbox=(9.0 * c, 9.0 * r, 9.0 * c + 8, 9.0 * r + 8)) for c, t in enumerate(row)]
        for r, row in enumerate(SIZES)
    ]
    paper = Table(grid, header_rows=1, index=0, caption="Table 1: Results of the base models.", page=2)
    got = facts(records_from_table(paper, doc("", "application/pdf", family="Llama 2")))
    assert {(f[0], f[5], f[9]) for f in got} == SIZES_FACTS


def test_every_dropped_value_cell_is_reported_with_its_reason_in_both_readings() -> None:
    rows = [["Model", "Length", "MMLU"], ["Mistral-7B", "4096", "n/a"], ["", "", "60.1"]]
    text = f"# Scores\n\n{pipe_table(rows)}\n"
    with collecting_skips() as readme:
        records = extract_document(doc(text, "text/markdown"))
    assert records == []
    assert {(s.row, s.column, s.reason) for s in readme} == {
        (1, 1, SkipReason.NOT_A_SCORE),
        (1, 2, SkipReason.NOT_A_NUMBER),
        (2, 2, SkipReason.NO_MODEL),
    }
    paper = Table(
        [[Cell(t, t, page=1) for t in row] for row in [["Size", "Speed"], ["7B", "31.2"]]],
        caption="Table 9: Decoding.",
        page=1,
    )
    with collecting_skips() as pdf:
        assert records_from_table(paper, doc("", "application/pdf")) == []
    assert [(s.row, s.column, s.reason) for s in pdf] == [(1, 1, SkipReason.NO_MODEL)]


def test_a_table_naming_no_benchmark_reports_its_numbers_as_skipped() -> None:
    rows = [["Name", "Layers", "Heads"], ["A", "32", "32"]]
    with collecting_skips() as found:
        assert extract_document(doc(f"# x\n\n{pipe_table(rows)}\n", "text/markdown")) == []
    assert {(s.column, s.reason) for s in found} == {
        (1, SkipReason.NO_BENCHMARK),
        (2, SkipReason.NO_BENCHMARK),
    }


def test_a_caption_paragraph_keeps_what_the_heading_and_the_prose_say() -> None:
    rows = [["Model", "MMLU", "GSM8K"], ["Llama 2 7B", "47.3", "25.4"]]
    heading = "## Instruction tuned models"
    prose = "We report MMLU (5-shot) and GSM8K (8-shot)."
    plain = f"# Card\n\n{heading}\n\n{prose}\n\n{pipe_table(rows)}\n"
    captioned = (
        f"# Card\n\n{heading}\n\n{prose}\n\n{pipe_table(rows)}\n\nTable 1: Instruction tuned models.\n"
    )
    without = facts(extract_document(doc(plain, "text/markdown")))
    assert {(f[0], f[5], f[6]) for f in without} == {
        ("llama-2-7b-chat", "mmlu", 5),
        ("llama-2-7b-chat", "gsm8k", 8),
    }
    assert facts(extract_document(doc(captioned, "text/markdown"))) == without


def test_wikitext_103_in_a_caption_is_not_wikitext_2() -> None:
    rows = [["Model", "Perplexity"], ["ALiBi 247M", "18.66"]]
    got = as_pdf_table(rows, "Table 6: Test perplexity on WikiText-103 of our models.")
    assert {f[5] for f in got} == {"perplexity"}
    assert {f[5] for f in as_pdf_table(rows, "Table 2: Perplexity on WikiText-2.")} == {"wikitext2_ppl"}
