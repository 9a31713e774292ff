"""Text recall classes of wave 7 (issue 11): an evaluator table scored by its agreement with
human annotators, and the per-item price and time of running an evaluator.

Hand-written snippets in the shapes of READMEs and leaderboards; each test failed on main
(6ade467) before the rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord

SHA = "f" * 64
URL = "https://example.org/evaluators/README.md"


def records(text: str) -> list[ScoreRecord]:
    return extract_document(DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t"))


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


EVALUATORS = """\
## Evaluators

How well each automatic judge agrees with the human cross-annotations:

|                 | Human agreement | Price [$/1000 examples] | Time [seconds/1000 examples] | Spearman corr. | Bias |
|:----------------|----------------:|------------------------:|-----------------------------:|---------------:|-----:|
| judge_alpha_v2  |            69.2 |                    13.6 |                         1455 |           0.97 | 28.4 |
| judge_beta_fn   |            67.5 |                     0.4 |                          209 |           0.90 | 32.3 |
"""


def test_evaluator_table_scored_by_human_agreement_is_read() -> None:
    found = facts(records(EVALUATORS))
    assert ("judge-alpha-v2", "human_agreement", 69.2) in found
    assert ("judge-beta-fn", "spearman_corr", 0.90) in found
    assert ("judge-beta-fn", "bias", 32.3) in found


def test_price_and_time_per_thousand_examples_are_not_scores() -> None:
    found = facts(records(EVALUATORS))
    values = {v for _, _, v in found}
    assert not values & {13.6, 0.4, 1455, 209}
    assert len(found) == 6


VLM_ACCURACY = """\
## Accuracy

| Vision-7B | VQA-v2 | GQA  | VizWiz | TextVQA |
|-----------|--------|------|--------|---------|
| FP16      | 80.4   | 61.5 | 53.5   | 60.4    |
| AWQ-INT4  | 80.0   | 61.1 | 53.8   | 60.4    |
"""

ARCHITECTURE = """\
## Model information

|          | Params | Context length | GQA | Layers |
|----------|--------|----------------|-----|--------|
| Model 7B | 7      | 4096           | 8   | 32     |
| Model 70B| 70     | 4096           | 8   | 80     |
"""


def test_gqa_column_beside_visual_benchmarks_is_the_gqa_benchmark() -> None:
    found = records(VLM_ACCURACY)
    gqa = {(r.benchmark, r.value, r.configuration.quant_method) for r in found if r.benchmark == "gqa"}
    assert gqa == {("gqa", 61.5, None), ("gqa", 61.1, "awq")}


def test_gqa_column_of_an_architecture_table_is_no_score() -> None:
    assert records(ARCHITECTURE) == []


def test_run_cost_is_a_price_or_time_per_count_of_items_only() -> None:
    from benchtable.extract.headers import names_a_run_cost

    assert names_a_run_cost("Time [seconds/1000 examples]")
    assert names_a_run_cost("Cost per 1k samples")
    for speed in ("Latency (s/request)", "Throughput (requests/s)", "Decode (ms/token)", "Speed (tokens/s)"):
        assert not names_a_run_cost(speed), speed
