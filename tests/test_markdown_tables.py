"""Markdown pipe tables: what a reader sees, with the 1-based line of every cell."""

from __future__ import annotations

import pytest

from benchtable.extract.readers.markdown import read_pipe_tables, scan_markdown, split_pipe_row
from benchtable.extract.table import Table


def tables(md: str) -> list[Table]:
    return read_pipe_tables(scan_markdown(md))


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


CARD = """\
# Evaluation

We report 5-shot results.

| Model | MMLU | GSM8K |
|:------|-----:|:-----:|
| **Qwen-7B** | **56.7** | [51.6](https://example.org/gsm) |
| LLaMA-7B | 35.2* | 16.0† |
"""


def test_table_with_outer_pipes() -> None:
    (t,) = tables(CARD)
    assert texts(t) == [
        ["Model", "MMLU", "GSM8K"],
        ["Qwen-7B", "56.7", "51.6"],
        ["LLaMA-7B", "35.2*", "16.0†"],
    ]
    assert t.header_rows == 1


def test_raw_keeps_markup_and_text_drops_it() -> None:
    (t,) = tables(CARD)
    cell = t.rows[1][1]
    assert (cell.text, cell.raw) == ("56.7", "**56.7**")
    assert t.rows[1][2].raw == "[51.6](https://example.org/gsm)"


def test_every_cell_keeps_its_line() -> None:
    (t,) = tables(CARD)
    assert [row[0].line for row in t.rows] == [5, 7, 8]
    assert t.rows[2][2].line == 8
    assert t.line == 5


def test_heading_and_paragraph_above() -> None:
    (t,) = tables(CARD)
    assert t.heading == "Evaluation"
    assert t.context == "We report 5-shot results."


def test_table_without_outer_pipes() -> None:
    md = "Quant | PPL\n--- | ---\nQ4_0 | 3.5550\nQ5_K_M | 3.4010\n"
    (t,) = tables(md)
    assert texts(t) == [["Quant", "PPL"], ["Q4_0", "3.5550"], ["Q5_K_M", "3.4010"]]
    assert [row[1].line for row in t.rows] == [1, 3, 4]


def test_escaped_pipe_does_not_split_a_cell() -> None:
    md = "| Setting | MMLU |\n|---|---|\n| a \\| b | 56.7 |\n"
    (t,) = tables(md)
    assert texts(t)[1] == ["a | b", "56.7"]


def test_split_pipe_row_with_and_without_outer_pipes() -> None:
    assert [c.strip() for c in split_pipe_row("| a | b |")] == ["a", "b"]
    assert [c.strip() for c in split_pipe_row("a | b")] == ["a", "b"]


def test_short_row_is_padded_and_long_row_cut_to_header_width() -> None:
    md = "| Model | MMLU | GSM8K |\n|---|---|---|\n| A | 1.0 |\n| B | 2.0 | 3.0 | 9.9 |\n"
    (t,) = tables(md)
    assert texts(t)[1:] == [["A", "1.0", ""], ["B", "2.0", "3.0"]]
    assert t.rows[1][2].line == 3


def test_several_tables_under_one_heading() -> None:
    md = """\
## Results

| Model | MMLU |
|---|---|
| A | 1.0 |

| Model | GSM8K |
|---|---|
| A | 2.0 |
"""
    found = tables(md)
    assert [t.index for t in found] == [0, 1]
    assert [t.heading for t in found] == ["Results", "Results"]
    assert [t.line for t in found] == [3, 7]
    assert texts(found[1]) == [["Model", "GSM8K"], ["A", "2.0"]]


def test_context_of_a_table_is_not_the_table_above() -> None:
    md = """\
| Model | Setting | MMLU |
|---|---|---|
| A | 5-shot | 1.0 |

| Model | GSM8K |
|---|---|
| A | 2.0 |
"""
    second = tables(md)[1]
    assert second.context == ""


def test_headings_separate_tables() -> None:
    md = (
        "## One\n| Model | MMLU |\n|---|---|\n| A | 1.0 |\n## Two\n| Model | MMLU |\n|---|---|\n| B | 2.0 |\n"
    )
    found = tables(md)
    assert [(t.heading, texts(t)[1][0]) for t in found] == [("One", "A"), ("Two", "B")]


def test_table_in_html_comment_is_not_read() -> None:
    md = """\
<!--
| Model | MMLU |
|---|---|
| Hidden | 9.9 |
-->

| Model | MMLU |
|---|---|
| Shown | 1.0 |
"""
    found = tables(md)
    assert [texts(t)[1][0] for t in found] == ["Shown"]
    assert found[0].line == 7


def test_table_in_one_line_comment_is_not_read() -> None:
    md = "<!-- | Model | MMLU | -->\n<!-- |---|---| -->\n<!-- | Hidden | 9.9 | -->\n"
    assert tables(md) == []


@pytest.mark.parametrize("fence", ["```", "~~~", "```markdown"])
def test_table_in_code_fence_is_not_read(fence: str) -> None:
    close = fence[:3]
    md = f"{fence}\n| Model | MMLU |\n|---|---|\n| Code | 9.9 |\n{close}\n"
    assert tables(md) == []


def test_table_after_a_code_fence_is_read_with_its_own_lines() -> None:
    md = "```\nprint('x')\n```\n\n| Model | MMLU |\n|---|---|\n| A | 1.0 |\n"
    (t,) = tables(md)
    assert t.rows[1][1].line == 7


def test_table_in_front_matter_is_not_read() -> None:
    md = "---\nnote: |\n  | Model | MMLU |\n  |---|---|\n  | Y | 9.9 |\n---\n\n| Model | MMLU |\n|---|---|\n| X | 1.0 |\n"
    found = tables(md)
    assert [texts(t)[1][0] for t in found] == ["X"]
    assert found[0].rows[1][1].line == 10


def test_scan_markdown_visibility() -> None:
    md = "---\na: 1\n---\ntext\n<!-- hidden -->\n```\ncode\n```\nafter\n"
    layout = scan_markdown(md)
    assert layout.visible == [False, False, False, True, False, False, False, False, True]
    assert layout.in_fence == [False, False, False, False, False, True, True, True, False]


def test_code_span_with_a_pipe_stays_in_one_cell() -> None:
    md = "| Flag | MMLU |\n|---|---|\n| `a|b` | 1.0 |\n"
    (t,) = tables(md)
    assert texts(t)[1] == ["a|b", "1.0"]
    assert t.rows[1][0].raw == "`a|b`"


def test_prose_with_a_pipe_is_not_a_table() -> None:
    assert tables("This | that\n\nand more text\n") == []


@pytest.mark.parametrize(
    "delimiter", ["|-|-|", "|:-|-:|", "| - | - |", "-|-"], ids=["bare", "aligned", "spaced", "no-pipes"]
)
def test_one_hyphen_per_delimiter_cell_makes_a_table(delimiter: str) -> None:
    # GitHub renders these; on main the first cell needed two hyphens and the table was not read
    (t,) = tables(f"| Model | MMLU |\n{delimiter}\n| Llama-2-7B | 45.3 |\n")
    assert texts(t) == [["Model", "MMLU"], ["Llama-2-7B", "45.3"]]


def test_a_lone_hyphen_under_prose_is_not_a_table() -> None:
    assert tables("Scores are a | b.\n-\n\nMore prose.\n") == []
