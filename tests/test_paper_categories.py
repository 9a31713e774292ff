"""Papers batch 7 (issue 10): benchmarks reported by category. Small hand-written PDF tables,
one per class; each names what broke on main."""

from __future__ import annotations

from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.records import ScoreRecord

SHA = "c" * 64


def pdf_records(rows: list[list[str]], caption: str, header_rows: int = 1) -> list[ScoreRecord]:
    grid = [
        [
            Cell(t, t, page=4, bbox=(50.0 + 45 * c, 100.0 + 12 * r, 90.0 + 45 * c, 110.0 + 12 * r))
            for c, t in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(grid, header_rows=header_rows, index=0, caption=caption, page=4)
    doc = DocumentInput(b"", "application/pdf", "https://example.org/p.pdf", SHA, source_id="t")
    return records_from_table(table, doc)


def scores(records: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in records}


MT_BENCH_CATEGORIES = [
    ["Model", "Writing", "Roleplay", "Reasoning", "Math", "Coding", "Extraction", "STEM", "Humanities"],
    ["Mistral-7B", "7.1", "7.3", "5.2", "3.9", "4.0", "6.6", "8.0", "9.1"],
]


def test_mt_bench_category_columns_are_mt_bench_parts_not_benchmarks_of_their_own() -> None:
    records = pdf_records(MT_BENCH_CATEGORIES, "Table 3: Per-category scores on MT-Bench.")
    assert scores(records) == {
        ("mistral-7b", "mt_bench_writing", 7.1),
        ("mistral-7b", "mt_bench_roleplay", 7.3),
        ("mistral-7b", "mt_bench_reasoning", 5.2),
        ("mistral-7b", "mt_bench_math", 3.9),
        ("mistral-7b", "mt_bench_coding", 4.0),
        ("mistral-7b", "mt_bench_extraction", 6.6),
        ("mistral-7b", "mt_bench_stem", 8.0),
        ("mistral-7b", "mt_bench_humanities", 9.1),
    }


def test_all_eight_mt_bench_categories_name_mt_bench_when_the_caption_does_not() -> None:
    records = pdf_records(MT_BENCH_CATEGORIES, "Table 3: Category-wise win rate of models.")
    assert {r.benchmark for r in records} == {
        f"mt_bench_{c}"
        for c in ("writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities")
    }


def test_two_category_words_under_an_unnamed_caption_stay_as_printed() -> None:
    rows = [["Model", "Writing", "Coding"], ["Mistral-7B", "7.1", "4.0"]]
    records = pdf_records(rows, "Table 3: Scores of models.")
    assert all(not r.benchmark.startswith("mt_bench") for r in records)


GAOKAO_SUBJECTS = [
    ["", "Chinese", "Geography", "Physics", "Mathematics", "English", "Average"],
    ["ChatGLM2", "50.0", "58.3", "39.0", "28.5", "70.3", "54.2"],
]


def test_gaokao_subject_columns_under_an_agieval_gaokao_caption_are_its_parts() -> None:
    records = pdf_records(GAOKAO_SUBJECTS, "Table 8: The performance on AGI-Gaokao tasks.")
    assert scores(records) == {
        ("chatglm2", "agieval_gaokao_chinese", 50.0),
        ("chatglm2", "agieval_gaokao_geography", 58.3),
        ("chatglm2", "agieval_gaokao_physics", 39.0),
        ("chatglm2", "agieval_gaokao_mathematics", 28.5),
        ("chatglm2", "agieval_gaokao_english", 70.3),
        ("chatglm2", "agieval_gaokao", 54.2),
    }


def test_cmrc2018_and_mt_bench_score_headers_are_the_listed_benchmarks() -> None:
    rows = [["Model", "CMRC2018", "MT-bench Score"], ["ChatGLM2", "52.1", "6.4"]]
    records = pdf_records(rows, "Table 2: Results.")
    assert scores(records) == {("chatglm2", "cmrc", 52.1), ("chatglm2", "mt_bench", 6.4)}


def test_a_judge_in_brackets_after_mt_bench_score_keeps_the_column_mt_bench() -> None:
    rows = [["Model", "MMLU (5-shot)", "MT-Bench Score (GPT-4)"], ["Vicuna-13B", "52.1", "6.39"]]
    records = pdf_records(rows, "Table 8: Evaluation results of several model variants.")
    assert scores(records) == {("vicuna-13b", "mmlu", 52.1), ("vicuna-13b", "mt_bench", 6.39)}


def test_subject_columns_under_a_caption_naming_c_eval_are_its_parts_not_benchmarks() -> None:
    rows = [["", "Physics", "Chemistry", "Chinese", "Average"], ["ChatGLM2", "50.0", "58.3", "39.0", "54.2"]]
    records = pdf_records(rows, "Table 8: Results on C-Eval subjects.")
    assert scores(records) == {
        ("chatglm2", "ceval_physics", 50.0),
        ("chatglm2", "ceval_chemistry", 58.3),
        ("chatglm2", "ceval_chinese", 39.0),
        ("chatglm2", "ceval", 54.2),
    }


def test_c_eval_subject_areas_keep_their_area_ids() -> None:
    rows = [
        ["", "STEM", "Social", "Humanities", "Other", "Average"],
        ["ChatGLM2", "1.0", "2.0", "3.0", "4.0", "2.5"],
    ]
    records = pdf_records(rows, "Table 7: The performance on C-Eval.")
    assert {r.benchmark for r in records} == {
        "ceval_stem",
        "ceval_social_sciences",
        "ceval_humanities",
        "ceval_other",
        "ceval",
    }
