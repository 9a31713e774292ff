"""Attribution in blog and README comparison tables: which benchmark a row label names, which
model a column header names (issue 11, precision of text documents)."""

from __future__ import annotations

from benchtable.extract import extract_document
from benchtable.extract.headers import parse_benchmark
from benchtable.extract.labels import parse_model_label
from benchtable.extract.registry import DocumentInput

SHA = "e" * 64


def records_of(markdown: str) -> set[tuple[str, str, str | None, float]]:
    doc = DocumentInput(markdown.encode(), "text/markdown", "https://example.org/blog", SHA, source_id="t")
    return {(r.model, r.benchmark, r.protocol.metric, r.value) for r in extract_document(doc)}


INSTRUCT_TABLE = """\
## Instruction-tuned Model Evaluation

| Datasets | Mistral-Large-Instruct-2407 (123B) | Qwen2-72B-Instruct |
| :---: | :---: | :---: |
| IFeval strict-prompt | 64.1 | 77.6 |
| AlignBench v1.1 | 7.69 | 8.15 |
| IFEval (multilingual) | 82.69 | 79.69 |
| KMMLU (Korean) | 56.42 | 57.04 |
| okapi MMLU (translated) | 78.37 | 77.84 |
"""


def test_a_metric_after_a_listed_benchmark_without_brackets_is_its_metric() -> None:
    label = parse_benchmark("IFeval strict-prompt")
    assert (label.benchmark_id, label.protocol.metric) == ("ifeval", "strict-prompt")
    assert parse_benchmark("IFEval Prompt Strict").benchmark_id == "ifeval"
    label = parse_benchmark("IFEval strict-prompt acc")
    assert (label.benchmark_id, label.protocol.metric) == ("ifeval", "acc")


def test_a_metric_in_brackets_after_a_listed_benchmark_is_its_metric_not_a_detail() -> None:
    label = parse_benchmark("IFEval (Prompt Strict)")
    assert (label.benchmark_id, label.protocol.metric, label.protocol.details) == (
        "ifeval",
        "prompt strict",
        None,
    )


def test_a_metric_word_after_an_average_leaves_the_group_header_to_decide() -> None:
    assert parse_benchmark("Avg. Score").benchmark_id is None


def test_a_listed_edition_after_the_name_is_the_benchmark_and_another_version_is_not() -> None:
    assert parse_benchmark("AlignBench v1.1").benchmark_id == "alignbench"
    assert parse_benchmark("Arena-Hard-v2.0").benchmark_id != "arena_hard"


def test_a_multilingual_qualifier_names_another_test_set() -> None:
    assert parse_benchmark("IFEval (multilingual)").benchmark_id == "ifeval_multilingual"
    assert parse_benchmark("MMLU (multilingual)").benchmark_id == "mmmlu"


def test_a_language_after_a_language_specific_exam_repeats_its_name() -> None:
    assert parse_benchmark("KMMLU (Korean)").benchmark_id == "kmmlu"
    assert parse_benchmark("okapi MMLU (translated)").benchmark_id == "okapi_mmlu"


def test_a_size_noted_after_a_dated_or_sized_name_is_no_part_of_it() -> None:
    assert parse_model_label("Mistral-Large-Instruct-2407 (123B)").model_id == "mistral-large-instruct-2407"
    assert parse_model_label("Mixtral-8x7B (47B)").model_id == "mixtral-8x7b"
    assert parse_model_label("LLaMA (7B)").model_id == "llama-7b"
    assert parse_model_label("Llama 2 (13B)").model_id == "llama-2-13b"


def test_a_blog_instruct_table_attributes_every_cell_to_the_printed_model_and_benchmark() -> None:
    found = records_of(INSTRUCT_TABLE)
    assert ("mistral-large-instruct-2407", "ifeval", "strict-prompt", 64.1) in found
    assert ("qwen2-72b-instruct", "alignbench", None, 8.15) in found
    assert ("mistral-large-instruct-2407", "ifeval_multilingual", None, 82.69) in found
    assert ("qwen2-72b-instruct", "kmmlu", None, 57.04) in found
    assert ("mistral-large-instruct-2407", "okapi_mmlu", None, 78.37) in found
    assert len(found) == 10
