"""Benchmarks, protocols and non-score columns from headers and row labels."""

from __future__ import annotations

import pytest

from benchtable.extract.headers import (
    is_not_score,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    strip_protocol,
    unknown_benchmark_id,
)
from benchtable.schema.records import Protocol


def test_mmlu_five_shot() -> None:
    b = parse_benchmark("MMLU (5-shot)")
    assert b.benchmark_id == "mmlu"
    assert b.protocol.n_shot == 5
    assert b.label == "MMLU (5-shot)"


@pytest.mark.parametrize(
    "label", ["ARC-C", "arc_challenge", "AI2 Reasoning Challenge", "ARC-Challenge", "arc c"]
)
def test_arc_challenge_aliases(label: str) -> None:
    assert parse_benchmark(label).benchmark_id == "arc_challenge"


def test_hellaswag_ten_shot() -> None:
    b = parse_benchmark("HellaSwag (10-shot)")
    assert b.benchmark_id == "hellaswag"
    assert b.protocol.n_shot == 10


def test_gsm8k_eight_shot_cot() -> None:
    b = parse_benchmark("GSM8K (8-shot, CoT)")
    assert b.benchmark_id == "gsm8k"
    assert (b.protocol.n_shot, b.protocol.cot) == (8, True)


def test_humaneval_pass_at_1() -> None:
    b = parse_benchmark("HumanEval pass@1")
    assert b.benchmark_id == "humaneval"
    assert b.protocol.metric == "pass@1"


@pytest.mark.parametrize(
    ("label", "benchmark_id", "metric"),
    [("DROP (EM)", "drop", "em"), ("DROP (F1)", "drop", "f1"), ("MBPP pass@1", "mbpp", "pass@1")],
)
def test_metric_in_the_label_is_not_part_of_the_id(label: str, benchmark_id: str, metric: str) -> None:
    b = parse_benchmark(label)
    assert (b.benchmark_id, b.protocol.metric) == (benchmark_id, metric)


@pytest.mark.parametrize(
    ("label", "benchmark_id"),
    [
        ("MMLU (5-shot, acc)", "mmlu"),
        ("GSM8K 8-shot CoT", "gsm8k"),
        ("BBH (3-shot, CoT)", "bbh"),
        ("TruthfulQA (0-shot)", "truthfulqa"),
        ("C-Eval (val)", "ceval"),
        ("Wikitext2", "wikitext2_ppl"),
        ("c4(ppl)", "c4_ppl"),
        ("GSM-8K", "gsm8k"),
        ("truthfulqa_mc", "truthfulqa"),
        ("ARC (25-shot)", "arc_challenge"),
    ],
)
def test_benchmark_spellings(label: str, benchmark_id: str) -> None:
    assert parse_benchmark(label).benchmark_id == benchmark_id


def test_unknown_benchmark_has_no_canonical_id() -> None:
    assert parse_benchmark("Quux Bench QA").benchmark_id is None


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Quux Bench QA", "quux_bench_qa"),
        ("WMT22 (en-zh)", "wmt22_en_zh"),
        ("Zorb-E", "zorb_e"),
        ("Quiz-High", "quiz_high"),
        ("FooBench (5-shot)", "foobench"),
    ],
)
def test_unknown_benchmark_keeps_its_label_as_id(label: str, slug: str) -> None:
    assert unknown_benchmark_id(label) == slug


def test_printed_average_is_benchmark_average() -> None:
    b = parse_benchmark("Avg.")
    assert (b.benchmark_id or unknown_benchmark_id("Avg.")) == "average"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5-shot", Protocol(n_shot=5)),
        ("zero-shot", Protocol(n_shot=0)),
        ("one-shot", Protocol(n_shot=1)),
        ("0-shot CoT", Protocol(n_shot=0, cot=True)),
        ("w/o CoT", Protocol(cot=False)),
        ("maj@8", Protocol(metric="maj@8")),
        ("25-shot acc_norm", Protocol(n_shot=25, metric="acc_norm")),
        ("validation", Protocol(split="val")),
        ("ctx 4096", Protocol(context_length=4096)),
        ("MMLU", Protocol()),
    ],
)
def test_parse_protocol(text: str, expected: Protocol) -> None:
    assert parse_protocol(text) == expected


def test_shot_range_is_not_one_shot_count() -> None:
    assert parse_protocol("AGIEval English (3-5 shot)").n_shot is None


def test_merge_protocols_first_stated_wins() -> None:
    merged = merge_protocols(Protocol(n_shot=5), Protocol(n_shot=0, cot=True), Protocol(metric="acc"))
    assert merged == Protocol(n_shot=5, cot=True, metric="acc")


def test_strip_protocol() -> None:
    assert strip_protocol("MMLU (5-shot, acc)") == "MMLU"
    assert strip_protocol("HumanEval pass@1") == "HumanEval"


@pytest.mark.parametrize(
    "header",
    [
        "Params",
        "#Params",
        "Parameters",
        "Context Length",
        "Context Window",
        "Tokens",
        "Training Tokens",
        "Release Date",
        "Date",
        "Price",
        "Input Price",
        "Rank",
        "Votes",
        "#Votes",
        "stderr",
        "Std Err",
        "95% CI",
        "Δ",
        "Delta",
        "License",
        "**Params**",
    ],
)
def test_not_a_score_header(header: str) -> None:
    assert is_not_score(header)


@pytest.mark.parametrize(
    "header",
    [
        "Params (B)",
        "Context Length (tokens)",
        "Tokens (T)",
        "Price ($/1M tokens)",
        "Model Size (GB)",
        "MMLU stderr",
        "acc_stderr",
        "MMLU Δ",
    ],
)
def test_not_a_score_header_with_unit_or_benchmark(header: str) -> None:
    assert is_not_score(header)


@pytest.mark.parametrize(
    "header", ["MMLU", "MMLU (5-shot)", "HumanEval pass@1", "Average", "Arena Elo", "Win Rate", "FooBench"]
)
def test_score_header_is_not_excluded(header: str) -> None:
    assert not is_not_score(header)


def test_an_unknown_label_never_takes_a_known_benchmarks_id() -> None:
    assert unknown_benchmark_id("Math↑") == "math_unmapped"
