"""Attribution classes of papers nobody annotated (issue 10): small hand-written PDF
tables (cells with page and box, as the PDF reader makes them), one per class."""

from __future__ import annotations

from typing import Any

from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

SHA = "e" * 64


def pdf_records(rows: list[list[str]], caption: str, header_rows: int = 1) -> list[ScoreRecord]:
    grid = [
        [
            Cell(t, t, page=3, bbox=(50.0 + 40 * c, 100.0 + 12 * r, 80.0 + 40 * c, 110.0 + 12 * r))
            for c, t in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(grid, header_rows=header_rows, index=0, caption=caption, page=3)
    doc = DocumentInput(b"", "application/pdf", "https://example.org/p.pdf", SHA, source_id="t")
    return records_from_table(table, doc)


def facts(records: list[ScoreRecord]) -> set[tuple[Any, ...]]:
    return {(r.model, r.benchmark, r.protocol.cot, r.value) for r in records}


STANDARD_VS_COT = [
    ["", "", "GSM8K", "GSM8K", "SVAMP", "SVAMP"],
    ["Model", "", "standard", "CoT", "standard", "CoT"],
    ["PaLM", "62B", "9.6", "29.9", "48.2", "46.7"],
]


def test_standard_and_cot_sub_headers_are_the_prompting_not_a_part_of_the_benchmark() -> None:
    got = facts(pdf_records(STANDARD_VS_COT, "Table 2: Standard prompting versus chain of thought.", 2))
    assert got == {
        ("palm-62b", "gsm8k", False, 9.6),
        ("palm-62b", "gsm8k", True, 29.9),
        ("palm-62b", "svamp", False, 48.2),
        ("palm-62b", "svamp", True, 46.7),
    }


def test_math_word_problem_sets_are_known_benchmarks() -> None:
    rows = [
        ["Model", "SingleOp", "AddSub", "MultiArith", "ASDiv", "AQuA"],
        ["UL2 20B", "24.9", "18.5", "5.0", "16.0", "20.5"],
    ]
    got = {(r.benchmark, r.value) for r in pdf_records(rows, "Table 3: Results.")}
    assert got == {("singleop", 24.9), ("addsub", 18.5), ("multiarith", 5.0), ("asdiv", 16.0), ("aqua", 20.5)}


def test_a_family_before_a_served_model_id_is_the_served_model() -> None:
    rows = [["Model", "GSM8K"], ["GPT-3.5 text-davinci-002", "15.1"], ["GPT-3.5 text-davinci-003", "15.9"]]
    got = {(r.model, r.value) for r in pdf_records(rows, "Table 2: Results with greedy decoding.")}
    assert got == {("text-davinci-002", 15.1), ("text-davinci-003", 15.9)}


def test_a_prompting_style_before_the_model_name_is_the_rows_cot_setting() -> None:
    rows = [["", "GSM8K", "SVAMP"], ["DIRECT Codex", "19.7", "69.9"], ["COT UL2-20B", "4.1", "12.6"]]
    got = facts(pdf_records(rows, "Table 1: Problem solve rate (%) on mathematical reasoning datasets."))
    assert got == {
        ("codex", "gsm8k", False, 19.7),
        ("codex", "svamp", False, 69.9),
        ("ul2-20b", "gsm8k", True, 4.1),
        ("ul2-20b", "svamp", True, 12.6),
    }


def test_a_model_size_the_caption_states_completes_rows_that_name_only_the_architecture() -> None:
    rows = [["", "HS", "BoolQ"], ["Transformer", "55.9", "62.0"], ["RetNet", "60.7", "62.2"]]
    got = {
        (r.model, r.benchmark, r.value)
        for r in pdf_records(rows, "Table 3: Zero-shot learning. The model size is 6.7B.")
    }
    assert got == {
        ("transformer-6.7b", "hellaswag", 55.9),
        ("transformer-6.7b", "boolq", 62.0),
        ("retnet-6.7b", "hellaswag", 60.7),
        ("retnet-6.7b", "boolq", 62.2),
    }
