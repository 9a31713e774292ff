"""Columns that are not scores (intervals, settings), instruct vs base, model-index training sets.

Hand-written tables in the shapes issue 11 found on cards and leaderboards nobody annotated;
each test failed on main before the rule it checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.column_roles import ColumnRole, header_role
from benchtable.extract.headers import parse_benchmark
from benchtable.extract.labels import parse_model_label
from benchtable.extract.naming import prose_variant
from benchtable.schema.records import ScoreRecord
from tests.conftest import CLI

SHA = "d" * 64
URL = "https://example.org/leaderboard/README.md"


def records(text: str) -> list[ScoreRecord]:
    return extract_document(DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t"))


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


ARENA_BOUNDS = """\
# Leaderboard

| model | rating | rating_q025 | rating_q975 |
|---|---|---|---|
| Llama-2-70B-chat | 1077 | 1071 | 1083 |
| Mistral-7B-Instruct | 1008 | 1001 | 1015 |
"""

LOWER_UPPER = """\
# Results

| Model | MMLU | lower | upper |
|---|---|---|---|
| Llama-2-70B | 68.9 | 67.1 | 70.2 |
| Mistral-7B | 62.5 | 61.0 | 63.9 |
"""


def test_interval_bound_columns_are_not_scores_of_their_own() -> None:
    arena = records(ARENA_BOUNDS)
    assert {r.benchmark for r in arena} == {"rating"}
    assert {r.value for r in arena} == {1077.0, 1008.0}
    assert facts(records(LOWER_UPPER)) == {("llama-2-70b", "mmlu", 68.9), ("mistral-7b", "mmlu", 62.5)}


@pytest.mark.parametrize(
    "header",
    [
        "rating_q025",
        "rating_q975",
        "lower",
        "Upper",
        "CI low",
        "CI high",
        "95% CI",
        "± stderr",
        "MMLU ± stderr",
        "MMLU upper",
        "95% CI (Elo)",
        "Lower bound",
    ],
)
def test_interval_headers(header: str) -> None:
    assert header_role(header) is ColumnRole.INTERVAL


@pytest.mark.parametrize("header", ["MMLU", "Rating", "Arena Elo", "PPL (lower is better)", "Win rate"])
def test_score_headers_are_not_intervals(header: str) -> None:
    assert header_role(header) is ColumnRole.SCORE


BATCH_COLUMNS = """\
# Memory

Peak GPU memory (GB) of Qwen-7B-Chat.

| Model | batch=1 | batch=4 |
|---|---|---|
| Qwen-7B-Chat BF16 | 16.9 | 22.1 |
| Qwen-7B-Chat Int4 | 8.2 | 13.4 |
"""


def test_batch_size_headers_are_settings_of_the_table_benchmark_not_benchmarks() -> None:
    found = records(BATCH_COLUMNS)
    assert {r.benchmark for r in found} == {"gpu_memory"}
    assert {(r.value, r.protocol.details) for r in found if r.configuration.bits is None} == {
        (16.9, "batch=1"),
        (22.1, "batch=4"),
    }


BATCH_NO_BENCHMARK = """\
# Measurements

| Model | batch=1 | batch=4 |
|---|---|---|
| Qwen-7B-Chat | 16.9 | 22.1 |
| Llama-2-7B | 14.1 | 19.5 |
"""


def test_setting_headers_without_a_table_benchmark_yield_nothing() -> None:
    assert records(BATCH_NO_BENCHMARK) == []


SETTING_LABEL_COLUMNS = """\
# Speed

| Model | Sequence Length | Batch Size | Cache Type | Decode speed (tokens/s) |
|---|---|---|---|---|
| Llama-2-7B | 2048 | 1 | fp16 | 31.2 |
| Llama-2-7B | 8192 | 1 | int8 | 25.4 |
"""


def test_settings_columns_beside_the_model_are_protocol_not_configuration() -> None:
    found = records(SETTING_LABEL_COLUMNS)
    assert [(r.model, r.configuration.bits, r.protocol.context_length) for r in found] == [
        ("llama-2-7b", None, 2048),
        ("llama-2-7b", None, 8192),
    ]
    assert found[1].protocol.details == "Batch Size 1, Cache Type int8"


CONTEXT_COLUMNS = """\
# Long context

RULER: a retrieval-based benchmark for long context understanding
| Model | 4K | 128K | Average |
|--|--|--|--|
| Llama-3.1-8B-instruct | 95.5 | 77.0 | 88.3 |
"""


def test_context_length_headers_measure_the_caption_benchmark() -> None:
    found = records(CONTEXT_COLUMNS)
    assert [(r.benchmark, r.value, r.protocol.context_length) for r in found] == [
        ("ruler", 95.5, 4096),
        ("ruler", 77.0, 131072),
        ("ruler", 88.3, None),
    ]


INSTRUCT_PROSE = """\
# Results

Post-trained models:

| Model | MMLU | GSM8K |
|---|---|---|
| Llama-3-8B | 68.4 | 79.6 |
"""

INSTRUCT_GROUP = """\
# Results

<table>
<tr><th rowspan=2>Benchmark</th><th colspan=2>Base</th><th colspan=2>Instruct</th></tr>
<tr><th>Llama-3-8B</th><th>Llama-3-70B</th><th>Llama-3-8B</th><th>Llama-3-70B</th></tr>
<tr><td>MMLU</td><td>66.6</td><td>79.5</td><td>68.4</td><td>82.0</td></tr>
</table>
"""


def test_post_trained_paragraph_over_base_names_makes_them_instruct() -> None:
    assert {r.model for r in records(INSTRUCT_PROSE)} == {"llama-3-8b-instruct"}


def test_instruct_column_group_over_base_names_reaches_the_model_id() -> None:
    assert facts(records(INSTRUCT_GROUP)) == {
        ("llama-3-8b", "mmlu", 66.6),
        ("llama-3-70b", "mmlu", 79.5),
        ("llama-3-8b-instruct", "mmlu", 68.4),
        ("llama-3-70b-instruct", "mmlu", 82.0),
    }


def test_prose_naming_base_and_instruct_is_ambiguous() -> None:
    assert prose_variant("Chat models") == "chat"
    assert prose_variant("Instruction-tuned models") == "instruct"
    assert prose_variant("Base and instruct models compared") is None
    assert prose_variant("Evaluation of Qwen-7B-Chat") is None
    assert parse_model_label("Chat Arena").model_id == "chat-arena"


TRAINING_SET_CARD = """\
---
model-index:
- name: Acme-7B-v1
  results:
  - task:
      type: text-generation
    dataset:
      name: HuggingFaceH4/ultrafeedback_binarized
      type: HuggingFaceH4/ultrafeedback_binarized
    metrics:
    - type: ARC (25-shot)
      value: 64.59
      name: ARC (25-shot)
    - type: HellaSwag (10-shot)
      value: 84.78
---
# Acme
"""


def test_model_index_training_set_dataset_leaves_benchmark_and_shots_to_the_metric() -> None:
    found = records(TRAINING_SET_CARD)
    assert [(r.benchmark, r.protocol.n_shot, r.protocol.metric) for r in found] == [
        ("arc_challenge", 25, None),
        ("hellaswag", 10, None),
    ]


UNREAD_NUMBERS = """\
# Results

| Run | alpha | beta |
|---|---|---|
| one | 1.0 | 2.0 |
| two | 3.0 | 4.0 |

| Name | Notes |
|---|---|
| a | b |
"""


def test_document_with_tables_of_numbers_and_no_records_names_each_table(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "unread.md"
    doc.write_text(UNREAD_NUMBERS)
    result = cli("extract", doc)
    assert result.code == 0 and result.out == ""
    [line] = [x for x in result.err.splitlines() if "gave no records" in x]
    assert "table 1 (line 3, 2 rows, 4 numbers; value columns 'alpha', 'beta')" in line
    assert "no header names a known benchmark" in line


CONFIGURATIONS_ACROSS = """\
# Results

| Wiki2 PPL | FP16 | 4bit-RTN | 3g128-GPTQ |
|:---------:|:----:|:--------:|:----------:|
| LLaMa-7B  | 5.68 | 6.29     | 6.61       |
| LLaMa-13B | 5.09 | 5.53     | 5.62       |
"""


def test_configuration_headers_take_the_benchmark_of_the_corner_cell() -> None:
    found = records(CONFIGURATIONS_ACROSS)
    assert {r.benchmark for r in found} == {"wikitext2_ppl"}
    config = [(r.configuration.quant_method, r.configuration.bits, r.configuration.group_size) for r in found]
    assert config[:3] == [(None, None, None), ("rtn", 4.0, None), ("gptq", 3.0, 128)]
    assert found[0].configuration.precision == "fp16"


CONFIGURATIONS_NO_BENCHMARK = """\
# Results

| Model | FP16 | Int4 |
|---|---|---|
| LLaMa-7B  | 5.68 | 6.29 |
| LLaMa-13B | 5.09 | 5.53 |
"""


def test_configuration_headers_are_no_benchmarks_of_their_own() -> None:
    assert records(CONFIGURATIONS_NO_BENCHMARK) == []


def test_bare_benchmark_names_of_open_llm_style_tables() -> None:
    names = {"ARC": "arc_challenge", "BigBench (Avg)": "bigbench", "AGI Benchmark (Avg)": "agieval"}
    assert {label: parse_benchmark(label).benchmark_id for label in names} == names


@pytest.mark.parametrize(
    ("label", "model"),
    [
        ("Anthropic Claude 2", "claude-2"),
        ("Google Palm 2", "palm-2"),
        ("meta-llama-3.1-405b-instruct-turbo", "llama-3.1-405b-instruct-turbo"),
        ("Zephyr 7B dDPO (HuggingFaceH4/zephyr-7b-beta)", "zephyr-7b-beta"),
        ("Snowflake Arctic Instruct", "snowflake-arctic-instruct"),
        ("Cohere Chat", "cohere-chat"),
        ("metamath-7b", "metamath-7b"),
        ("openai-gpt", "openai-gpt"),
        ("GPT-4 (06/13)", "gpt-4-06-13"),
        ("Mistral-Instruct v0.1 7B", "mistral-7b-instruct"),
        ("Acme-Chat v2 7B", "acme-chat-v2-7b"),
    ],
)
def test_organisation_prefix_and_repository_in_brackets_name_the_model(label: str, model: str) -> None:
    assert parse_model_label(label).model_id == model
