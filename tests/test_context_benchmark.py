"""A benchmark named only by the heading, the line above or the source: its parts by language
(rows or columns), its `Average`, metric-name columns; size-only model headers (`2B Params`);
measured rates that are scores.

Hand-written tables in the shapes of the blind runs of issue 11 (simple-evals, Azure ML cards,
a hallucination leaderboard, the Gemma card); each test failed on main before its rule.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord

SHA = "e" * 64


def records(
    text: str, url: str = "https://example.org/results/README.md", model: str | None = None
) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", url, SHA, source_id="t", model=model)
    return extract_document(doc)


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


LANGUAGE_ROWS = """\
# Results

Accuracy on Multilingual MMLU by language.

| Language | model-a-7b | model-b-13b |
| :---: | :---: | :---: |
| Arabic | 0.81 | 0.86 |
| Chinese (Simplified) | 0.83 | 0.88 |
| Swahili | 0.70 | 0.79 |
| Average | 0.78 | 0.84 |
"""


def test_language_rows_under_a_named_benchmark_are_its_parts_and_average_is_the_benchmark() -> None:
    found = facts(records(LANGUAGE_ROWS))
    assert ("model-a-7b", "mmmlu_arabic", 0.81) in found
    assert ("model-b-13b", "mmmlu_chinese_simplified", 0.88) in found
    assert ("model-a-7b", "mmmlu_swahili", 0.70) in found
    assert ("model-b-13b", "mmmlu", 0.84) in found
    assert not {b for _, b, _ in found} & {"arabic", "swahili", "average"}


CODE_LANGUAGE_COLUMNS = """\
## Long context

RepoQA: a benchmark for long context code understanding
| Model | Python | C++ | Rust | Average |
|--|--|--|--|--|
| **Llama-3.1-8B-instruct** | 80 | 65 | 73 | **71** |
"""


def test_programming_language_columns_under_a_one_line_caption_are_parts_of_its_benchmark() -> None:
    found = facts(records(CODE_LANGUAGE_COLUMNS))
    assert found == {
        ("llama-3.1-8b-instruct", "repoqa_python", 80.0),
        ("llama-3.1-8b-instruct", "repoqa_c++", 65.0),
        ("llama-3.1-8b-instruct", "repoqa_rust", 73.0),
        ("llama-3.1-8b-instruct", "repoqa", 71.0),
    }


def test_language_columns_without_a_table_benchmark_stay_as_printed() -> None:
    text = "## Scores\n\n| Model | Python | Rust |\n|--|--|--|\n| Llama-2-7B | 20.1 | 11.0 |\n"
    found = facts(records(text, url="https://example.org/x/README.md"))
    assert {b for _, b, _ in found} <= {"python", "rust"}


METRIC_COLUMN = """\
# Summaries Leaderboard

|Model|Accuracy|Hallucination Rate|Answer Rate|Average Summary Length (Words)|
|----|----:|----:|----:|----:|
|GPT 4|97.0 %|3.0 %|100.0 %|81.1|
|Llama 2 70B|94.9 %|5.1 %|99.9 %|84.9|
"""


def test_a_metric_name_column_is_no_benchmark_and_answer_rate_is_a_score() -> None:
    found = facts(records(METRIC_COLUMN))
    benchmarks = {b for _, b, _ in found}
    assert "accuracy" not in benchmarks  # `Accuracy` of no named benchmark: nothing, never a benchmark
    assert ("gpt-4", "hallucination_rate", 3.0) in found
    assert ("llama-2-70b", "answer_rate", 99.9) in found
    assert not any(v == 81.1 for _, _, v in found)  # output length is not a score


def test_a_metric_name_column_measures_the_benchmark_the_heading_names() -> None:
    text = "## GSM8K\n\n| Model | Accuracy | MMLU |\n|--|--|--|\n| Llama-2-7B | 14.6 | 45.3 |\n"
    found = records(text, url="https://example.org/x/README.md")
    assert {(r.benchmark, r.value) for r in found} == {("gsm8k", 14.6), ("mmlu", 45.3)}


SIZE_PARAMS = """\
### Benchmark Results

| Benchmark | Metric | 2B Params | 7B Params |
| --- | --- | --- | --- |
| [MMLU](https://arxiv.org/abs/2009.03300) | 5-shot, top-1 | 42.3 | 64.3 |
| [BooIQ](https://arxiv.org/abs/1905.10044) | 0-shot | 69.4 | 83.2 |
"""


def test_size_params_headers_name_the_cards_family_at_that_size() -> None:
    found = records(SIZE_PARAMS, url="https://example.org/gemma-2b/README.md", model="gemma-2b")
    assert facts(found) == {
        ("gemma-2b", "mmlu", 42.3),
        ("gemma-7b", "mmlu", 64.3),
        ("gemma-2b", "boolq", 69.4),
        ("gemma-7b", "boolq", 83.2),
    }
    assert {r.protocol.n_shot for r in found if r.benchmark == "mmlu"} == {5}


CONFIGURATION_ROWS = """\
### Table 1 Mixed-precision recipes

| Average bits | Qwen3-8B | Qwen3-32B |
|:--|:--:|:--:|
| **BF16** | 0.6764 (100%) | 0.7321 (100%) |
| **Pure 4-bit** | 0.6316 (93.4%) | 0.6901 (94.3%) |
"""


def test_configuration_rows_over_model_columns_are_no_benchmarks() -> None:
    found = records(CONFIGURATION_ROWS, url="https://example.org/x/README.md")
    assert found == []  # `BF16` and `Pure 4-bit` are no benchmarks, and the table names none


def test_configuration_rows_under_an_average_lead_in_are_averages_never_a_listed_task() -> None:
    lead = "*Average accuracy across `lambada_openai`, `hellaswag`, `piqa` and `mmlu`.*\n\n"
    text = CONFIGURATION_ROWS.replace("| Average bits", lead + "| Average bits")
    found = records(text, url="https://example.org/x/README.md")
    # never `lambada`; `Pure 4-bit` names a recipe (`Pure`) no rule reads, so it stays blank
    assert facts(found) == {("qwen3-8b", "average", 0.6764), ("qwen3-32b", "average", 0.7321)}
