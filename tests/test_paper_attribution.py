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


PROMPT_ROWS = [
    ["Method", "Base Prompt", "AddSub", "GSM8K"],
    ["Hinted-Standard", "Standard [8]", "89.1", "16.0"],
    ["Hinted-CoT", "CoT [8]", "90.8", "52.3"],
]


def test_a_known_model_the_caption_names_without_a_size_is_the_model_of_prompting_rows() -> None:
    caption = "Table 3: Performance with different base answers. The results are from text-davinci-003."
    got = {(r.model, r.benchmark, r.value) for r in pdf_records(PROMPT_ROWS, caption)}
    assert got == {
        ("text-davinci-003", "addsub", 89.1),
        ("text-davinci-003", "gsm8k", 16.0),
        ("text-davinci-003", "addsub", 90.8),
        ("text-davinci-003", "gsm8k", 52.3),
    }


def test_a_model_the_caption_names_as_judge_or_baseline_is_not_the_rows_model() -> None:
    for caption in (
        "Table 3: Win rates of the prompts, judged by GPT-4.",
        "Table 3: Our prompts compared with ChatGPT.",
        "Table 3: Prompting styles on text-davinci-003 and Codex.",
    ):
        assert pdf_records(PROMPT_ROWS, caption) == [], caption


def test_a_column_fine_tuned_on_some_data_is_another_model_not_the_base_model() -> None:
    rows = [
        ["", "", "Fine-tune on", "Fine-tune on"],
        ["Model", "Original", "test set", "rephrased English"],
        ["Llama 2 7B", "14.6", "100", "86.7"],
    ]
    got = {(r.model, r.benchmark, r.value) for r in pdf_records(rows, "Table 4: Accuracy on GSM-8K.", 2)}
    assert got == {
        ("llama-2-7b", "gsm8k", 14.6),
        ("llama-2-7b-ft-test-set", "gsm8k", 100.0),
        ("llama-2-7b-ft-rephrased-english", "gsm8k", 86.7),
    }


def test_columns_beside_the_original_that_name_no_model_are_skipped_not_the_base_model() -> None:
    rows = [
        ["Model", "Original", "Rephrased English", "Rephrased English"],
        ["", "", "Question Only", "Full Prompt"],
        ["Llama 2 7B", "45.3", "88.5", "82.0"],
    ]
    got = {(r.model, r.benchmark, r.value) for r in pdf_records(rows, "Table 2: Accuracy on MMLU.", 2)}
    assert got == {("llama-2-7b", "mmlu", 45.3)}


def test_a_model_the_caption_names_only_as_a_reference_point_is_not_the_rows_model() -> None:
    caption = "Table 2: 5-shot MMLU results for our routers. The score at 50% is 92% that of GPT-4 (81)."
    assert pdf_records(PROMPT_ROWS, caption) == []


def test_an_english_word_of_the_caption_is_no_benchmark_whose_name_folds_to_it() -> None:
    # `multiple` folds like `MultiPL-E`; the rows' tasks are not named, so nothing is read
    rows = [["", "Concat", "Coin"], ["LaMDA 137B", "5.8", "49.0"]]
    caption = "Table 7: Ablations. We run each prompt multiple times with different seeds."
    assert pdf_records(rows, caption) == []


def test_a_served_id_in_parentheses_after_the_name_is_the_model() -> None:
    rows = [["", "Prompting", "GSM8K"], ["GPT-3 175B (text-davinci-002)", "Standard", "15.6"]]
    rows.append(["Codex (code-davinci-002)", "Standard", "19.7"])
    got = {(r.model, r.value) for r in pdf_records(rows, "Table 1: Accuracy (%) on arithmetic reasoning.")}
    assert got == {("text-davinci-002", 15.6), ("codex", 19.7)}


def test_zero_shot_and_four_shot_label_rows_give_the_n_shot_of_the_rows_below() -> None:
    rows = [
        ["", "HS", "BoolQ"],
        ["Zero-Shot", "", ""],
        ["Transformer", "55.9", "62.0"],
        ["4-Shot", "", ""],
        ["Transformer", "55.8", "58.7"],
        ["Ablations", "", ""],
        ["Transformer", "50.1", "51.2"],
    ]
    got = {
        (r.model, r.benchmark, r.protocol.n_shot, r.value)
        for r in pdf_records(rows, "Table 3: Zero-shot and few-shot learning. The model size is 6.7B.")
    }
    assert ("transformer-6.7b", "hellaswag", 0, 55.9) in got
    assert ("transformer-6.7b", "boolq", 4, 58.7) in got
    assert ("transformer-6.7b", "hellaswag", None, 50.1) in got


REPORT_ROWS = [
    ["", "Benchmark (Metric)", "# Shots", "Alpha 67B", "Beta 72B"],
    ["", "# Total Params", "-", "67B", "72B"],
    ["English", "Pile-test (BPB)", "-", "0.642", "0.637"],
    ["", "BBH (EM)", "3-shot", "39.5", "59.9"],
    ["", "MMLU (Acc.)", "5-shot", "71.3", "77.2"],
]


def test_an_unknown_benchmark_row_among_known_ones_of_a_technical_report_is_read() -> None:
    got = {
        (r.model, r.benchmark, r.protocol.n_shot, r.value)
        for r in pdf_records(REPORT_ROWS, "Table 2: Comparison among open-source base models.")
    }
    assert got == {
        ("alpha-67b", "pile_test", None, 0.642),
        ("beta-72b", "pile_test", None, 0.637),
        ("alpha-67b", "bbh", 3, 39.5),
        ("beta-72b", "bbh", 3, 59.9),
        ("alpha-67b", "mmlu", 5, 71.3),
        ("beta-72b", "mmlu", 5, 77.2),
    }
