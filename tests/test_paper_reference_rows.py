"""Paper attribution classes of blind batches 4 and 5 (issue 10): rows that are no model,
subject-area columns of a benchmark, benchmark task names. Small hand-written PDF tables."""

from __future__ import annotations

from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

SHA = "f" * 64


def pdf_table(rows: list[list[str]], caption: str, header_rows: int = 1) -> Table:
    grid = [
        [
            Cell(t, t, page=4, bbox=(50.0 + 40 * c, 100.0 + 12 * r, 80.0 + 40 * c, 110.0 + 12 * r))
            for c, t in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    return Table(grid, header_rows=header_rows, index=0, caption=caption, page=4)


def pdf_records(rows: list[list[str]], caption: str, header_rows: int = 1) -> list[ScoreRecord]:
    doc = DocumentInput(b"", "application/pdf", "https://example.org/q.pdf", SHA, source_id="t")
    return records_from_table(pdf_table(rows, caption, header_rows), doc)


SUBJECT_AREAS = [
    ["Model", "Humanities", "Social Science", "STEM", "Other", "Average"],
    ["Random Baseline", "25.0", "25.0", "25.0", "25.0", "25.0"],
    ["GPT-2", "32.8", "33.3", "30.2", "33.1", "32.4"],
    ["Human", "90.1", "91.0", "89.4", "88.0", "89.8"],
]


def test_random_baseline_and_human_rows_are_skipped_as_reference_points() -> None:
    doc = DocumentInput(b"", "application/pdf", "https://example.org/q.pdf", SHA, source_id="t")
    with collecting_skips() as skips:
        got = records_from_table(pdf_table(SUBJECT_AREAS, "Table 1: MMLU accuracy per subject area."), doc)
    assert {r.model for r in got} == {"gpt-2"}
    reference = {s.row for s in skips if s.reason is SkipReason.NOT_A_MODEL}
    assert reference == {1, 3}


def test_human_columns_of_a_table_with_models_across_are_not_models() -> None:
    rows = [
        ["Task", "Human-Avg", "Human-Top", "GPT-4", "Vicuna-13B"],
        ["LSAT-AR", "56", "91", "35.2", "20.4"],
    ]
    got = {(r.model, r.value) for r in pdf_records(rows, "Table 8: Zero-shot accuracy on AGIEval.")}
    assert got == {("gpt-4", 35.2), ("vicuna-13b", 20.4)}


def test_subject_area_columns_under_a_caption_naming_no_benchmark_are_skipped() -> None:
    doc = DocumentInput(b"", "application/pdf", "https://example.org/q.pdf", SHA, source_id="t")
    caption = "Table 1: Average weighted accuracy for each model on all four broad disciplines."
    with collecting_skips() as skips:
        got = records_from_table(pdf_table(SUBJECT_AREAS, caption), doc)
    assert got == []
    assert {s.reason for s in skips if s.row == 2} == {SkipReason.NO_BENCHMARK}


def test_subject_area_columns_under_a_caption_naming_the_benchmark_are_its_parts() -> None:
    got = {
        (r.benchmark, r.value) for r in pdf_records(SUBJECT_AREAS, "Table 1: MMLU accuracy per subject area.")
    }
    assert got == {
        ("mmlu_humanities", 32.8),
        ("mmlu_social_sciences", 33.3),
        ("mmlu_stem", 30.2),
        ("mmlu_other", 33.1),
        ("mmlu", 32.4),
    }


TASK_ROWS = [
    ["Task", "GPT-4", "Vicuna-13B"],
    ["LogiQA", "49.3", "29.8"],
    ["SAT-English", "88.8", "44.2"],
    ["SAT-English (w/o Psg.)", "51.0", "26.2"],
    ["Average", "62.0", "29.3"],
]


def test_a_family_with_its_version_over_a_column_is_the_model_of_task_rows() -> None:
    got = {r.model for r in pdf_records(TASK_ROWS, "Table 8: Zero-shot accuracy on the AGIEval benchmark.")}
    assert got == {"gpt-4", "vicuna-13b"}


def test_agieval_task_rows_carry_the_ids_the_tasks_have_elsewhere() -> None:
    records = pdf_records(TASK_ROWS, "Table 8: Zero-shot accuracy on the AGIEval benchmark.")
    got = {(r.benchmark, r.value) for r in records if r.model == "vicuna-13b"}
    assert got == {
        ("agieval_logiqa_en", 29.8),
        ("agieval_sat_en", 44.2),
        ("agieval_sat_en_without_passage", 26.2),
        ("agieval", 29.3),
    }


def test_a_parenthesised_count_tells_sibling_tasks_apart() -> None:
    rows = [
        ["Task", "ChatGPT", "Vicuna-13B"],
        ["Logical Deduction (3 objects)", "60.4", "16.8"],
        ["Logical Deduction (5 objects)", "38.8", "4.8"],
        ["Tracking Shuffled Objects (7 objects)", "6.0", "5.6"],
    ]
    records = pdf_records(rows, "Table 11: Zero-shot accuracy on Big-Bench Hard.")
    got = {(r.benchmark, r.value) for r in records if r.model == "vicuna-13b"}
    assert got == {
        ("bbh_logical_deduction_three_objects", 16.8),
        ("bbh_logical_deduction_five_objects", 4.8),
        ("bbh_tracking_shuffled_objects_seven_objects", 5.6),
    }


def test_vicuna_prompts_are_the_vicuna_benchmark() -> None:
    rows = [["Model", "Vicuna Prompts", "Awesome Prompts"], ["Vicuna-13B", "92.0", "86.5"]]
    got = {
        (r.benchmark, r.value)
        for r in pdf_records(rows, "Table 7: Score relative to ChatGPT, judged by GPT-4.")
    }
    assert ("vicuna_bench", 92.0) in got


def test_a_task_over_model_stub_reads_rows_as_tasks_and_columns_as_models() -> None:
    rows = [
        ["Task / Model", "Orca", "Orca-FLAN-1M"],
        ["AQuA-RAT", "27.9", "21.65"],
        ["LSAT-AR", "21.3", "18.7"],
        ["Average", "41.7", "37.18"],
    ]
    records = pdf_records(rows, "Table 10: Zero-shot accuracy of two training sets in AGIEval benchmark.")
    got = {(r.model, r.benchmark, r.value) for r in records}
    assert got == {
        ("orca", "agieval_aqua_rat", 27.9),
        ("orca", "agieval_lsat_ar", 21.3),
        ("orca", "agieval", 41.7),
        ("orca-flan-1m", "agieval_aqua_rat", 21.65),
        ("orca-flan-1m", "agieval_lsat_ar", 18.7),
        ("orca-flan-1m", "agieval", 37.18),
    }


def test_a_model_name_broken_over_two_header_rows_is_one_model() -> None:
    rows = [
        ["Task", "TD-", "Chat", "GPT-", "Orca-"],
        ["", "003", "GPT", "4", "13B"],
        ["AQuA-RAT", "29.9", "31.9", "40.6", "27.9"],
    ]
    caption = "Table 8: Zero-shot performance comparison in AGIEval benchmark on English questions."
    got = {(r.model, r.value) for r in pdf_records(rows, caption, 2)}
    assert got == {("text-davinci-003", 29.9), ("gpt-3.5-turbo", 31.9), ("gpt-4", 40.6), ("orca-13b", 27.9)}


def test_columns_that_would_name_one_model_twice_keep_what_their_lowest_header_adds() -> None:
    rows = [
        ["", "", "Dense 7B", "Dense 7B", "Dense 7B"],
        ["Benchmark (Metric)", "# Shots", "w/ MQA", "w/ GQA (8 Groups)", "w/ MHA"],
        ["BBH (EM)", "3-shot", "33.2", "35.6", "37.0"],
    ]
    got = {(r.model, r.value) for r in pdf_records(rows, "Table 8 | Comparison among 7B dense models.", 2)}
    assert got == {("dense-7b-w-mqa", 33.2), ("dense-7b-w-gqa-8-groups", 35.6), ("dense-7b-w-mha", 37.0)}


def test_chat_sft_and_chat_rl_columns_stay_two_models() -> None:
    rows = [
        ["", "DeepSeek", "DeepSeek-V2", "DeepSeek-V2"],
        ["Benchmark # Shots", "67B Chat", "Chat (SFT)", "Chat (RL)"],
        ["MMLU 5-shot", "71.1", "78.4", "77.8"],
    ]
    got = {(r.model, r.value) for r in pdf_records(rows, "Table 3 | Comparison among chat models.", 2)}
    assert got == {
        ("deepseek-llm-67b-chat", 71.1),
        ("deepseek-v2-chat-sft", 78.4),
        ("deepseek-v2-chat-rl", 77.8),
    }


def test_chat_sft_and_chat_rl_rows_are_two_models() -> None:
    rows = [
        ["Model", "MT-Bench", "AlpacaEval 2.0"],
        ["DeepSeek 67B Chat", "8.35", "16.6"],
        ["DeepSeek-V2 Chat (SFT)", "8.62", "30.0"],
        ["DeepSeek-V2 Chat (RL)", "8.97", "38.9"],
    ]
    got = {
        (r.model, r.value)
        for r in pdf_records(rows, "Table 4 | English open-ended conversation evaluations.")
    }
    assert {m for m, _ in got} == {"deepseek-llm-67b-chat", "deepseek-v2-chat-sft", "deepseek-v2-chat-rl"}
