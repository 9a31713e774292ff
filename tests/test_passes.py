"""Table passes (extract/passes/): format-neutral rewrites every table gets in `read_tables`."""

from __future__ import annotations

import pytest

from benchtable.extract import extract_document, read_tables
from benchtable.extract.passes import apply_passes
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.schema.table_words import table_marks

SHA = "0" * 64


def _doc(text: str, content_type: str = "text/markdown") -> DocumentInput:
    return DocumentInput(text.encode("utf-8"), content_type, "https://example.org/x", SHA)


def _scores(text: str, content_type: str = "text/markdown") -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in extract_document(_doc(text, content_type))}


def _ditto_table(mark: str) -> str:
    return (
        "| Model | Size | MMLU |\n"
        "| --- | --- | --- |\n"
        "| Llama 2 | 7B | 45.3 |\n"
        f"| {mark} | 13B | 54.8 |\n"
        f"| {mark} | 70B | 68.9 |\n"
    )


LLAMA_2 = {("llama-2-7b", "mmlu", 45.3), ("llama-2-13b", "mmlu", 54.8), ("llama-2-70b", "mmlu", 68.9)}


@pytest.mark.parametrize("mark", ['"', "〃", "''", "--", "same", "Same", "ditto", "″"])
def test_ditto_marks_in_a_label_column_mean_the_row_above(mark: str) -> None:
    # on main the rows under `Llama 2` became models `13b` and `70b` (or nothing)
    assert _scores(_ditto_table(mark)) == LLAMA_2


def test_ditto_marks_read_alike_in_every_format() -> None:
    html = (
        "<table>\n<tr><th>Model</th><th>Size</th><th>MMLU</th></tr>\n"
        "<tr><td>Llama 2</td><td>7B</td><td>45.3</td></tr>\n"
        "<tr><td>〃</td><td>13B</td><td>54.8</td></tr>\n"
        '<tr><td>"</td><td>70B</td><td>68.9</td></tr>\n</table>\n'
    )
    rst = (
        "=======  ====  ====\nModel    Size  MMLU\n=======  ====  ====\n"
        "Llama 2  7B    45.3\n''       13B   54.8\n〃        70B   68.9\n=======  ====  ====\n"
    )
    assert _scores(html) == LLAMA_2
    assert _scores(rst, "text/x-rst") == LLAMA_2


def test_ditto_copy_keeps_its_own_place_and_is_marked_spanned() -> None:
    (table,) = read_tables(_doc(_ditto_table("〃")))
    copy = table.rows[2][0]
    assert (copy.text, copy.raw, copy.line, copy.spanned) == ("Llama 2", "〃", 4, True)


def test_dashes_in_a_column_of_numbers_stay_gaps() -> None:
    text = (
        "| Model | MMLU | GSM8K |\n| --- | --- | --- |\n"
        "| Llama-2-7B | 45.3 | 14.6 |\n| Llama-2-13B | 54.8 | -- |\n"
    )
    assert _scores(text) == {
        ("llama-2-7b", "mmlu", 45.3),
        ("llama-2-7b", "gsm8k", 14.6),
        ("llama-2-13b", "mmlu", 54.8),
    }


def test_a_column_that_opens_with_a_mark_uses_it_for_none() -> None:
    # `--` above anything to repeat: the column's `--` is "no quantization", not "same as above"
    text = (
        "| Model | Quant | PPL |\n| --- | --- | --- |\n| LLaMA-7B | -- | 5.68 |\n"
        "| LLaMA-7B | GPTQ 4-bit | 6.29 |\n| LLaMA-13B | -- | 5.09 |\n"
    )
    (table,) = read_tables(_doc(text))
    assert [row[1].text for row in table.rows] == ["Quant", "--", "GPTQ 4-bit", "--"]


def test_leading_blanks_carry_down_only_where_the_format_writes_groups_once() -> None:
    def table(once: bool) -> Table:
        rows = [
            [Cell("Model", "Model"), Cell("Quant", "Quant")],
            [Cell("A-7B", "A-7B"), Cell("BF16", "BF16")],
        ]
        rows.append([Cell("", ""), Cell("Int4", "Int4")])
        return Table(rows=rows, groups_written_once=once)

    assert apply_passes(table(True)).rows[2][0] == Cell("A-7B", "A-7B", spanned=True)
    assert apply_passes(table(False)).rows[2][0] == Cell("", "")


def test_tab_padded_pipe_tables_parse_like_space_padded_ones() -> None:
    spaces = "| Model | MMLU | GSM8K |\n| --- | --- | --- |\n| Llama-2-7B | 45.3 | 14.6 |\n"
    tabs = "|\tModel\t|\tMMLU\t|\tGSM8K\t|\n|---\t|:---:\t|\t---:|\n\t|\tLlama-2-7B\t\t|\t45.3\t|\t14.6\t|\n"
    assert _scores(tabs) == _scores(spaces) == {("llama-2-7b", "mmlu", 45.3), ("llama-2-7b", "gsm8k", 14.6)}


def test_the_ditto_marks_are_data() -> None:
    marks = table_marks()
    assert all(marks.is_ditto(m) for m in marks.ditto.marks)
    assert marks.is_ditto(" Same. ") and not marks.is_ditto("") and not marks.is_ditto("-")
