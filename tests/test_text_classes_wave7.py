"""Text classes of batch 7 (issue 11): a table whose nearest heading names no variant under an
enclosing instruct section, and a plus edition's base tests named as the original benchmark.

Hand-written snippets in the shapes of model cards; each test failed on main (89d127f) before
the rule it checks.
"""

from __future__ import annotations

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.headers import parse_benchmark
from benchtable.schema.records import ScoreRecord

SHA = "7" * 64
URL = "https://example.org/model/README.md"


def facts(text: str) -> set[tuple[str, str, float]]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t")
    found: list[ScoreRecord] = extract_document(doc)
    return {(r.model, r.benchmark, r.value) for r in found}


SUBSECTION_OF_INSTRUCT = """\
## Benchmark scores

### Instruction tuned models

| Benchmark | Llama 3.1 8B | Llama 3.1 70B |
|---|---|---|
| MMLU (5-shot) | 69.4 | 83.6 |

#### Multilingual benchmarks

| Benchmark | Language | Llama 3.1 8B | Llama 3.1 70B |
|---|---|---|---|
| MMLU (5-shot) | Portuguese | 62.12 | 80.13 |
"""


def test_table_under_a_subsection_of_an_instruct_section_reads_instruct_models() -> None:
    models = {value: model for model, _, value in facts(SUBSECTION_OF_INSTRUCT)}
    assert models[62.12] == "llama-3.1-8b-instruct"
    assert models[80.13] == "llama-3.1-70b-instruct"


NEARER_BASE_SECTION = """\
## Instruction tuned models and their bases

### Instruction tuned models

#### Base pretrained models

| Benchmark | Llama 3.1 8B |
|---|---|
| MMLU (5-shot) | 66.7 |
"""


def test_nearer_base_heading_wins_over_a_far_instruct_heading() -> None:
    assert facts(NEARER_BASE_SECTION) == {("llama-3.1-8b", "mmlu", 66.7)}


@pytest.mark.parametrize(
    ("label", "benchmark"),
    [
        ("MBPP ++ base version", "mbpp"),
        ("MBPP EvalPlus (base)", "mbpp"),
        ("HumanEval+ (base)", "humaneval"),
        ("MBPP+", "mbpp_plus"),
        ("HumanEval+", "humaneval_plus"),
    ],
)
def test_plus_edition_base_tests_are_the_original_benchmark(label: str, benchmark: str) -> None:
    assert parse_benchmark(label).benchmark_id == benchmark
