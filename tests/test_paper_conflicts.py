"""Report-style paper tables (extract/understand/): cells that would give one key two numbers
are skipped, not guessed; a prompting column, a spanning shot header, a prompt-variant row,
a human reference column and a bilingual header are read for what they are."""

from __future__ import annotations

from typing import Any

from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord


def doc(**hints: Any) -> DocumentInput:
    return DocumentInput(
        data=b"", content_type="application/pdf", url="test://paper", sha256="0", hints=hints
    )


def table(
    rows: list[list[str]],
    header_rows: int = 1,
    caption: str = "Table 2: Results.",
    spans: frozenset[tuple[int, int]] = frozenset(),
) -> Table:
    grid = [
        [Cell(t, t, page=3, bbox=(1.0, 2.0, 3.0, 4.0), spanned=(r, c) in spans) for c, t in enumerate(row)]
        for r, row in enumerate(rows)
    ]
    return Table(grid, header_rows=header_rows, index=2, caption=caption, page=3)


def keyed(records: list[ScoreRecord]) -> set[tuple[str, str, int | None, bool | None, float]]:
    return {(r.model, r.benchmark, r.protocol.n_shot, r.protocol.cot, r.value) for r in records}


def test_two_rows_read_as_one_key_with_two_numbers_give_no_record() -> None:
    # two row labels read as the same benchmark (`Winograd` and `WSC` are both `wsc`):
    # which number is which is lost, so neither is emitted
    t = table(
        [
            ["Task", "PaLM 540B"],
            ["Winograd", "90.1"],
            ["WSC", "89.1"],
            ["PIQA", "82.3"],
        ]
    )
    with collecting_skips() as skips:
        records = records_from_table(t, doc())
    assert {(r.benchmark, r.value) for r in records} == {("piqa", 82.3)}
    assert {s.reason for s in skips if s.row in (1, 2)} == {SkipReason.CONFLICT}


def test_the_same_number_twice_is_no_conflict() -> None:
    t = table([["Model", "GSM8K", "GSM8K"], ["PaLM 540B", "56.9", "56.9"]])
    assert keyed(records_from_table(t, doc())) == {("palm-540b", "gsm8k", None, None, 56.9)}


def test_a_prompting_column_states_each_rows_cot_setting() -> None:
    t = table(
        [
            ["", "Prompting", "GSM8K"],
            ["LaMDA 137B", "Standard", "6.5"],
            ["LaMDA 137B", "Chain of thought", "14.3"],
            ["LaMDA 137B", "+ ext. calc", "17.8"],
        ]
    )
    records = records_from_table(t, doc())
    assert {(r.protocol.cot, r.value) for r in records} == {(False, 6.5), (True, 14.3), (None, 17.8)}
    assert next(r for r in records if r.value == 17.8).protocol.details == "+ ext. calc"


def test_a_shot_header_spanning_value_columns_is_not_the_whole_tables_protocol() -> None:
    # `0-shot` spans a `Prior SOTA` label column and the model's column: it heads those two
    # columns only; the few-shot column states no single shot count
    t = table(
        [
            ["", "0-shot", "0-shot", "Few-shot", "Few-shot"],
            ["Task", "Prior SOTA", "PaLM 540B", "Prior SOTA", "PaLM 540B"],
            ["TriviaQA", "71.3^a", "76.9", "75.8^a (1)", "81.4 (1)"],
            ["HellaSwag", "^f80.8", "83.4", "^c82.4 (20)", "83.8 (5)"],
        ],
        header_rows=2,
        spans=frozenset({(0, 2), (0, 4)}),
    )
    assert keyed(records_from_table(t, doc())) == {
        ("palm-540b", "triviaqa", 0, None, 76.9),
        ("palm-540b", "triviaqa", None, None, 81.4),
        ("palm-540b", "hellaswag", 0, None, 83.4),
        ("palm-540b", "hellaswag", None, None, 83.8),
    }


def test_prompt_variant_rows_of_the_captions_model_keep_their_variant() -> None:
    t = table(
        [
            ["", "GSM8K", "SVAMP"],
            ["Standard prompting", "6.5", "29.5"],
            ["· equation only", "5.4", "35.1"],
            ["· variable compute only", "6.4", "28.0"],
        ],
        caption="Table 6: Ablation results for LaMDA 137B on arithmetic reasoning.",
    )
    records = records_from_table(t, doc())
    assert {(r.model, r.benchmark, r.value) for r in records} >= {
        ("lamda-137b", "gsm8k", 5.4),
        ("lamda-137b", "gsm8k", 6.4),
    }
    details = {r.value: r.protocol.details for r in records if r.benchmark == "gsm8k"}
    assert details[5.4] == "equation only" and details[6.4] == "variable compute only"


def test_a_human_best_column_is_a_reference_point_not_a_model() -> None:
    t = table(
        [
            ["Task", "PaLM 8B", "Human (Best)"],
            ["auto debugging", "14.7", "100.0"],
        ],
        caption="Table 37: BIG-bench Lite 5-shot results.",
    )
    with collecting_skips() as skips:
        records = records_from_table(t, doc())
    assert all(r.value != 100.0 for r in records)
    assert any(s.reason is SkipReason.NOT_A_MODEL and s.column == 2 for s in skips)


def test_a_bilingual_header_read_as_one_name_names_no_benchmark() -> None:
    t = table(
        [
            ["", "中文推理Reasoning", "中文推理Reasoning", ""],
            ["Model", "Logi.", "Math.", "MMLU"],
            ["模型", "逻辑", "数学", ""],
            ["GPT-4-0613", "7.37", "7.56", "86.4"],
        ],
        header_rows=3,
        caption="Table 5: Leaderboard rated by GPT-4-0613.",
        spans=frozenset({(0, 2)}),
    )
    with collecting_skips() as skips:
        records = records_from_table(t, doc())
    assert {(r.benchmark, r.value) for r in records} == {("mmlu", 86.4)}
    assert {s.column for s in skips if s.reason is SkipReason.NO_BENCHMARK} == {1, 2}


def test_quantized_rows_that_differ_in_an_unrecorded_setting_are_kept() -> None:
    t = table(
        [
            ["Models", "BERT-base (110M)"],
            ["Tasks", "MNLI-m"],
            ["FP32 (teacher)", "84.20"],
            ["W4A4 (symmetric)", "84.31"],
            ["W4A4 (asymmetric)", "84.29"],
        ],
        header_rows=2,
        caption="Table 1: The best quality for BERT models.",
    )
    assert {r.value for r in records_from_table(t, doc())} == {84.20, 84.31, 84.29}


def test_a_family_over_a_variant_and_size_is_one_model_and_a_shot_count_is_no_name() -> None:
    t = table(
        [
            ["", "", "Pretraining only", "Code Finetuning"],
            ["", "", "LaMDA", "PaLM"],
            ["", "", "137B", "Coder 540B"],
            ["HumanEval (0)", "pass@1", "14.0", "36.0"],
            ["MBPP (3)", "pass@1", "14.8", "47.0"],
            ["GSM8K-Python (4)", "pass@1", "7.6", "50.9"],
            ["DeepFix (2)", "pass@1", "4.3", "82.1"],
        ],
        header_rows=3,
        caption="Table 12: Results across code synthesis tasks. The number of shots is in parenthesis.",
        spans=frozenset(),
    )
    got = {(r.model, r.benchmark, r.value) for r in records_from_table(t, doc())}
    assert ("palm-coder-540b", "humaneval", 36.0) in got
    assert ("lamda-137b", "gsm8k_python", 7.6) in got
    assert ("palm-coder-540b", "deepfix", 82.1) in got


def test_a_caption_remark_on_one_task_row_is_not_the_tables_benchmark() -> None:
    t = table(
        [
            ["", "0-shot", "0-shot"],
            ["", "Prior", "PaLM"],
            ["Task", "SOTA", "540B"],
            ["TriviaQA (EM)", "71.3^a", "76.9"],
            ["Web Questions (EM)", "^a19.0", "10.6"],
            ["RACE-m", "64.0^a", "68.1"],
        ],
        header_rows=3,
        caption="Table 4: Results across 29 NLP benchmarks. We follow the GPT-3 task setup for RACE-m/h.",
        spans=frozenset({(0, 2)}),
    )
    got = {(r.model, r.benchmark, r.value) for r in records_from_table(t, doc())}
    assert got == {("palm-540b", "triviaqa", 76.9), ("palm-540b", "race_middle", 68.1)}


def test_an_abbreviated_average_of_a_task_group_is_spelled_out() -> None:
    t = table(
        [
            ["Model", "Avg NLG", "Avg NLU"],
            ["PaLM 540B", "63.9", "74.7"],
        ],
        caption="Table 5: Average (1-shot) results of the NLG and NLU tasks.",
    )
    got = {(r.benchmark, r.value) for r in records_from_table(t, doc())}
    assert got == {("average_nlg", 63.9), ("average_nlu", 74.7)}


def test_a_check_mark_column_is_each_rows_setting_and_a_cited_style_is_still_a_style() -> None:
    t = table(
        [
            ["", "Prompt", "PHP", "GSM8K"],
            ["GPT-3.5 text-davinci-002", "CoT [8]", "✗", "49.5"],
            ["GPT-3.5 text-davinci-002", "CoT [8]", "✓", "51.1"],
            ["GPT-3.5 text-davinci-002", "Complex CoT [10]", "✗", "57.6"],
            ["GPT-3.5 text-davinci-002", "Complex CoT [10]", "✓", "61.2"],
        ]
    )
    records = records_from_table(t, doc())
    assert {(r.model, r.value) for r in records} == {
        ("text-davinci-002", 49.5),
        ("text-davinci-002", 51.1),
        ("text-davinci-002", 57.6),
        ("text-davinci-002", 61.2),
    }
    assert all(r.protocol.cot is True for r in records)
    details = {r.value: r.protocol.details or "" for r in records}
    assert "without PHP" in details[49.5] and "with PHP" in details[61.2]


def csv_records(text: str) -> list[ScoreRecord]:
    from benchtable.extract import extract_document

    data = text.encode()
    return extract_document(DocumentInput(data, "text/csv", "test://board.csv", "0", source_id="board"))


def test_a_leaderboard_entry_printed_twice_with_other_numbers_keeps_both_rows() -> None:
    # on main before this rule both submissions of `org-a/Wizard-70B` were dropped as a conflict,
    # and so were the two organisations' `Llama-2-13b`, which the id folds together
    board = (
        "Model,Average,ARC,MMLU\n"
        "org-a/Wizard-70B,71.5,67.6,69.1\n"
        "org-b/Tiger-70B,71.4,68.0,68.0\n"
        "org-a/Wizard-70B,71.48,67.8,69.0\n"
        "meta-llama/Llama-2-13b,55.0,59.4,55.1\n"
        "someone/Llama-2-13b,35.0,29.4,25.1\n"
    )
    got = {(r.model, r.benchmark, r.value) for r in csv_records(board)}
    assert {("wizard-70b", "mmlu", 69.1), ("wizard-70b", "mmlu", 69.0)} <= got
    assert {("llama-2-13b", "mmlu", 55.1), ("llama-2-13b", "mmlu", 25.1)} <= got
