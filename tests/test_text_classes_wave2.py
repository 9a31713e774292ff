"""Text classes of the blind runs, part 2 (issue 11): sections over same-named models, metric
qualifiers of unknown benchmarks, Hub dataset ids in model-index, lm-eval continuation and group
rows, a configuration in the heading, MT-Bench turn columns.

Hand-written snippets in the shapes of READMEs, cards and blogs; each test failed on main
(efeb73d) before the rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord

SHA = "e" * 64
URL = "https://example.org/model/README.md"


def records(text: str, model: str | None = None) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t", model=model)
    return extract_document(doc)


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


BASE_AND_CHAT_SECTIONS = """\
# Evaluation Results
### Base Model
#### Standard Benchmarks

| Benchmark (Metric) | # Shots | Qwen2.5 72B | LLaMA3.1 405B | DeepSeek-V3 |
|---|---|---|---|---|
| BBH (EM) | 3-shot | 79.8 | 82.9 | **87.5** |

### Chat Model
#### Open Ended Generation Evaluation

| Model | Arena-Hard |
|---|---|
| LLaMA-3.1 405B | 69.3 |
| GPT-4o-0513 | 80.4 |
| DeepSeek-V3 | 85.5 |
"""


def test_base_model_section_names_the_base_variant_of_a_same_named_model() -> None:
    found = facts(records(BASE_AND_CHAT_SECTIONS))
    assert ("deepseek-v3-base", "bbh", 87.5) in found
    assert ("qwen2.5-72b", "bbh", 79.8) in found  # no base variant listed: the model as printed
    assert ("llama-3.1-405b", "bbh", 82.9) in found


def test_chat_model_section_names_the_listed_instruct_variant_only() -> None:
    found = facts(records(BASE_AND_CHAT_SECTIONS))
    assert ("llama-3.1-405b-instruct", "arena_hard", 69.3) in found
    assert ("gpt-4o-0513", "arena_hard", 80.4) in found  # no listed variant: kept as printed
    assert ("deepseek-v3", "arena_hard", 85.5) in found  # listed as the chat model already


METRIC_QUALIFIERS = """\
| Benchmark (Metric) | Qwen2.5 72B | DeepSeek-V2 |
|---|---|---|
| BBH (EM) | 79.8 | 78.8 |
| MMLU (Acc.) | 85.0 | 78.4 |
| Pile-test (BPB) | 0.638 | 0.606 |
| Codeforces (Percentile) | 24.8 | 17.5 |
| C-SimpleQA (Correct) | 48.4 | 48.5 |
"""


def test_unknown_benchmark_drops_a_parenthesised_metric_qualifier() -> None:
    found = {r.benchmark for r in records(METRIC_QUALIFIERS)}
    assert found == {"bbh", "mmlu", "pile_test", "codeforces", "c_simpleqa"}


HUB_DATASET_IDS = """\
---
model-index:
- name: my-model-7b
  results:
  - task:
      type: text-generation
      name: MMLU
    dataset:
      name: cais/mmlu
      type: text-generation
    metrics:
    - type: accuracy
      value: 62.47
  - task:
      type: text-generation
      name: PubMedQA
    dataset:
      name: bigbio/pubmed_qa
      type: text-generation
    metrics:
    - type: accuracy
      value: 76.0
---
# my-model-7b
"""


def test_model_index_hub_dataset_id_names_the_benchmark_after_its_owner() -> None:
    found = facts(records(HUB_DATASET_IDS))
    assert ("my-model-7b", "mmlu", 62.47) in found
    assert ("my-model-7b", "pubmedqa", 76.0) in found  # unknown: named as task.name prints it


LM_EVAL_ROWS = """\
# my-model-7b

### Common sense 0-Shot
|    Task     |Version| Metric |Value|   |Stderr|
|-------------|------:|--------|----:|---|-----:|
|arc_challenge|      0|acc     |38.23|±  |  1.42|
|             |       |acc_norm|41.38|±  |  1.44|
|hellaswag    |      0|acc     |56.39|±  |  0.49|
|             |       |acc_norm|72.98|±  |  0.44|
|mc_taco      |      0|em      |11.26|   |      |
|             |       |f1      |48.27|   |      |
|openbookqa   |      0|acc     |28.20|±  |  2.01|
"""


def test_blank_task_cell_with_a_metric_and_no_stderr_continues_the_task_above() -> None:
    found = {(r.benchmark, r.protocol.metric, r.value) for r in records(LM_EVAL_ROWS, "my-model-7b")}
    assert ("mc_taco", "f1", 48.27) in found
    assert ("mc_taco", "em", 11.26) in found


LM_EVAL_GROUPS = """\
# my-model-7b

### MMLU 5-Shot (8-Bit)
```
|      Groups      |Version|Filter|Metric|Value |   |Stderr|
|------------------|-------|------|------|-----:|---|-----:|
|mmlu              |N/A    |none  |acc   |0.6137|±  |0.1243|
| - humanities     |N/A    |none  |acc   |0.5671|±  |0.1101|
| - social_sciences|N/A    |none  |acc   |0.7195|±  |0.0713|
```
"""


def test_lm_eval_group_rows_are_parts_of_the_group_above() -> None:
    found = {r.benchmark for r in records(LM_EVAL_GROUPS, "my-model-7b")}
    assert found == {"mmlu", "mmlu_humanities", "mmlu_social_sciences"}


def test_heading_configuration_applies_to_a_table_that_states_none() -> None:
    found = records(LM_EVAL_GROUPS, "my-model-7b")
    assert found and all(r.configuration.bits == 8 for r in found)


def test_heading_configuration_does_not_override_configured_rows() -> None:
    text = """\
### Results in 4-bit

| Model | MMLU |
|---|---|
| Llama-2-7B FP16 | 45.3 |
| Llama-2-7B GPTQ 4-bit | 44.1 |
"""
    by_value = {r.value: r.configuration for r in records(text)}
    assert by_value[45.3].bits is None and by_value[44.1].bits == 4


MT_BENCH_TURNS = """\
| Model | Average 1st Turn Score | Average 2nd Turn Score | Score Difference |
|---|---|---|---|
| GPT-4 | 8.96 | 9.03 | 0.07 |
"""


def test_mt_bench_turn_columns_are_the_per_turn_scores() -> None:
    assert facts(records(MT_BENCH_TURNS)) == {
        ("gpt-4", "mt_bench_turn_1", 8.96),
        ("gpt-4", "mt_bench_turn_2", 9.03),
    }
