"""A shot count in the prose above a table binds to the benchmark it is written after
(a blog's "including MMLU (5-shot), C-Eval, HumanEval" gave every column of its table 5-shot)."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.understand.prose import prose_protocol

SHA = "0" * 64
BLOG = """# Performance

We evaluate on traditional benchmarks, including MMLU (5-shot), C-Eval, HumanEval, GSM8K and BBH.

| Model | MMLU | GSM8K | HumanEval |
| --- | --- | --- | --- |
| Acme-7B | 61.0 | 52.1 | 30.5 |
"""

ZERO_SHOT = """# Results

All results below are zero-shot.

| Model | MMLU | GSM8K |
| --- | --- | --- |
| Acme-7B | 61.0 | 52.1 |
"""


def _shots(text: str) -> dict[str, int | None]:
    records = extract_document(DocumentInput(text.encode(), "text/markdown", "https://example.org/b.md", SHA))
    return {r.benchmark: r.protocol.n_shot for r in records}


def test_a_shot_count_after_a_benchmark_name_is_that_benchmarks_only() -> None:
    assert _shots(BLOG) == {"mmlu": 5, "gsm8k": None, "humaneval": None}


def test_a_shot_count_for_the_whole_table_still_applies_to_every_column() -> None:
    assert _shots(ZERO_SHOT) == {"mmlu": 0, "gsm8k": 0}


def test_bound_and_table_wide_settings_are_told_apart() -> None:
    prose = prose_protocol("We report 0-shot accuracy; MMLU (5-shot) follows its paper.")
    assert prose.for_benchmark("mmlu").n_shot == 5
    assert prose.for_benchmark("mmlu_high_school_physics").n_shot == 5  # a part of MMLU
    assert prose.for_benchmark("gsm8k").n_shot == 0
    assert prose.for_benchmark(None).n_shot == 0


def test_two_different_table_wide_shot_counts_state_none() -> None:
    assert prose_protocol("5-shot for some and 0-shot for others").table.n_shot is None


def test_at_an_ordinal_is_not_pass_at_k() -> None:
    """`ms/tok @ 4th` (4 threads) in a speed table was read as pass@4."""
    from benchtable.extract.headers import parse_protocol

    assert parse_protocol("ms/tok @ 4th").metric is None
    assert parse_protocol("ms/tok @ 8th").metric is None
    assert parse_protocol("HumanEval @1").metric == "pass@1"


GROUPED_SHOTS = """\
# Evaluation

We group the benchmarks by category. Commonsense Reasoning (0-shot): Hellaswag, Winogrande,
PIQA. World knowledge (5-shot): NaturalQuestions, TriviaQA. Math: GSM8K (8-shot).

| Model | Hellaswag | Winogrande | NaturalQuestions | GSM8K |
|---|---|---|---|---|
| Acme-7B | 81.3 | 75.3 | 28.8 | 52.2 |
"""


def test_a_shot_count_of_a_group_binds_to_the_benchmarks_listed_after_it() -> None:
    # 'Commonsense Reasoning (0-shot): Hellaswag, ...' left HellaSwag unstated, so a 0-shot
    # number could fill a 10-shot column unmarked
    assert _shots(GROUPED_SHOTS) == {"hellaswag": 0, "winogrande": 0, "naturalquestions": 5, "gsm8k": 8}
