"""Hugging Face `model-index` YAML front matter to records."""

from __future__ import annotations

import pytest

from benchtable.extract.model_index import front_matter, model_index_records
from benchtable.extract.registry import DocumentInput
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Scale, ScoreRecord

SHA = "b" * 64
URL = "https://huggingface.co/example/tiny-llama-7b/raw/main/README.md"

CARD = """\
---
license: apache-2.0
model-index:
- name: tiny-llama-7b
  results:
  - task:
      type: text-generation
    dataset:
      name: AI2 Reasoning Challenge (25-Shot)
      type: ai2_arc
      config: ARC-Challenge
      split: test
      args:
        num_few_shot: 25
    metrics:
    - type: acc_norm
      value: 62.03
      name: normalized accuracy
    - type: acc_norm_stderr
      value: 0.014
    source:
      url: https://huggingface.co/spaces/open-llm-leaderboard
      name: Open LLM Leaderboard
  - task:
      type: text-generation
    dataset:
      name: MMLU (5-Shot)
      type: cais/mmlu
      args:
        num_few_shot: 5
    metrics:
    - type: acc
      value: 61.07
  - task:
      type: text-generation
    dataset:
      name: SomeNewBench
      type: somenewbench
    metrics:
    - type: pass@1
      value: 0.732
      verified: false
---

# tiny-llama-7b

Text below the front matter.
"""


def records(text: str, model: str | None = None) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="tiny", model=model)
    return model_index_records(doc)


def by_benchmark(text: str) -> dict[str, ScoreRecord]:
    return {r.benchmark: r for r in records(text)}


def test_one_record_per_score_metric() -> None:
    assert [(r.benchmark, r.value) for r in records(CARD)] == [
        ("arc_challenge", 62.03),
        ("mmlu", 61.07),
        ("somenewbench", 0.732),
    ]


def test_stderr_metrics_are_skipped() -> None:
    assert all(r.value != 0.014 for r in records(CARD))


def test_model_from_the_entry_name() -> None:
    assert {r.model for r in records(CARD)} == {"tiny-llama-7b"}
    assert {r.model_label for r in records(CARD)} == {"tiny-llama-7b"}


def test_num_few_shot_from_dataset_args() -> None:
    got = by_benchmark(CARD)
    assert got["arc_challenge"].protocol.n_shot == 25
    assert got["mmlu"].protocol.n_shot == 5


def test_metric_type_and_split() -> None:
    arc = by_benchmark(CARD)["arc_challenge"]
    assert arc.protocol.metric == "acc_norm"
    assert arc.protocol.split == "test"


def test_source_naming_a_leaderboard_is_kept() -> None:
    arc = by_benchmark(CARD)["arc_challenge"]
    assert arc.protocol.details is not None
    assert "Open LLM Leaderboard" in arc.protocol.details


def test_line_of_each_value() -> None:
    got = by_benchmark(CARD)
    lines = CARD.splitlines()
    for bench, value in [("arc_challenge", "62.03"), ("mmlu", "61.07"), ("somenewbench", "0.732")]:
        line = got[bench].citation.locator.line
        assert line is not None
        assert lines[line - 1].strip() == f"value: {value}"


def test_yaml_pointer_and_citation() -> None:
    arc = by_benchmark(CARD)["arc_challenge"]
    assert arc.citation.locator.pointer == "/model-index/0/results/0/metrics/0/value"
    assert arc.citation.url == URL
    assert arc.citation.sha256 == SHA
    assert arc.source_id == "tiny"


def test_raw_is_the_value_as_written() -> None:
    assert by_benchmark(CARD)["mmlu"].raw == "61.07"


def test_unknown_benchmark_keeps_its_label_as_id() -> None:
    new = by_benchmark(CARD)["somenewbench"]
    assert new.benchmark_label == "SomeNewBench"
    assert new.protocol.metric == "pass@1"


def test_fraction_value_stays_as_printed() -> None:
    new = by_benchmark(CARD)["somenewbench"]
    assert new.value == 0.732
    assert new.scale is Scale.FRACTION


def test_percent_value_scale() -> None:
    assert by_benchmark(CARD)["mmlu"].scale is Scale.PERCENT


def test_benchmark_from_dataset_type_when_name_is_unknown() -> None:
    card = """\
---
model-index:
- name: m-7b
  results:
  - dataset:
      name: Grade-school math (custom prompt)
      type: gsm8k
    metrics:
    - type: accuracy
      value: 41.2
---
"""
    (r,) = records(card)
    assert r.benchmark == "gsm8k"


def test_metric_type_is_normalised() -> None:
    card = """\
---
model-index:
- name: m-7b
  results:
  - dataset:
      name: MMLU
      type: mmlu
    metrics:
    - type: accuracy
      value: 51.0
---
"""
    (r,) = records(card)
    assert r.protocol.metric == "acc"


def test_entry_without_name_uses_the_cards_model() -> None:
    card = """\
---
model-index:
- results:
  - dataset:
      name: HellaSwag (10-Shot)
      type: hellaswag
      args:
        num_few_shot: 10
    metrics:
    - type: acc_norm
      value: 80.5
---
"""
    (r,) = records(card, model="Mistral-7B-v0.1")
    assert r.model == "mistral-7b"
    assert r.benchmark == "hellaswag"


def test_non_numeric_value_is_skipped() -> None:
    card = """\
---
model-index:
- name: m-7b
  results:
  - dataset:
      name: MMLU
    metrics:
    - type: acc
      value: pending
    - type: acc
      value: 50.1
---
"""
    assert [r.value for r in records(card)] == [50.1]


def test_card_without_model_index_gives_nothing() -> None:
    assert records("---\nlicense: mit\n---\n\n| Model | MMLU |\n|---|---|\n| A | 1.0 |\n") == []


def test_card_without_front_matter_gives_nothing() -> None:
    assert records("# Title\n\nmodel-index: no front matter here\n") == []


def test_broken_yaml_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        records("---\nmodel-index:\n- name: [unclosed\n---\n")


def test_front_matter_text_and_offset() -> None:
    found = front_matter("---\na: 1\nb: 2\n---\nbody\n")
    assert found == ("a: 1\nb: 2", 1)
    assert front_matter("no front matter") is None


CHECKPOINT_CARD = """\
---
tags:
- mteb
model-index:
- name: {name}
  results:
  - task:
      type: Retrieval
    dataset:
      type: nq
      name: MTEB NQ
      config: default
      split: test
    metrics:
    - type: ndcg_at_10
      value: 57.1
---

# tiny-embed-v2: Small Embeddings for Retrieval

Text below the front matter.
"""


@pytest.mark.parametrize("checkpoint", ["epoch_0_model", "checkpoint-1500", "final_model", "outputs"])
def test_checkpoint_named_model_index_is_the_sources_model(checkpoint: str) -> None:
    (r,) = records(CHECKPOINT_CARD.format(name=checkpoint), model="tiny-embed-v2")
    assert r.model == "tiny-embed-v2"


def test_checkpoint_named_model_index_without_a_source_model_is_the_title_model() -> None:
    (r,) = records(CHECKPOINT_CARD.format(name="epoch_0_model"))
    assert r.model == "tiny-embed-v2"


def test_model_index_name_that_is_a_model_is_kept_over_the_sources_model() -> None:
    (r,) = records(CHECKPOINT_CARD.format(name="tiny-embed-v2-7b"), model="tiny-embed-v2")
    assert r.model == "tiny-embed-v2-7b"


def test_suite_task_dataset_name_is_not_the_benchmark_its_type_names() -> None:
    (r,) = records(CHECKPOINT_CARD.format(name="tiny-embed-v2"))
    assert r.benchmark == "mteb_nq"
    assert r.protocol.metric == "ndcg_at_10"
