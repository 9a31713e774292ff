"""Controlled comparisons derived from records: quantization, model size, n-shot."""

from __future__ import annotations

from benchtable.reports.comparisons import controlled_comparisons, model_traits
from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import Configuration, Protocol
from tests.test_select import rec

SOURCES = {"readme": SourceMeta("readme", "readme", url="https://example.org/readme")}
BF16 = Configuration(precision="bf16")
INT4 = Configuration(quant_method="gptq", bits=4, quant_format="int4")


def test_quantization_pair_from_one_readme_with_deltas() -> None:
    records = [
        rec("readme", 55.8, configuration=BF16, protocol=Protocol(n_shot=5)),
        rec("readme", 55.1, configuration=INT4, protocol=Protocol(n_shot=5), line=2),
        rec("readme", 50.3, configuration=BF16, benchmark="gsm8k"),
        rec("readme", 49.7, configuration=INT4, benchmark="gsm8k", line=2),
    ]
    comps = controlled_comparisons(records, SOURCES, focus={"qwen-7b-chat"})
    quant = [c for c in comps if c.factor == "quantization"]
    assert len(quant) == 1
    comp = quant[0]
    assert comp.title() == "Qwen-7B-Chat: GPTQ int4 vs BF16"
    assert comp.shared == 2 and comp.focus
    mmlu = next(e for e in comp.entries if e.benchmark == "mmlu")
    assert mmlu.values == [55.8, 55.1]


def test_different_protocols_are_not_compared() -> None:
    records = [
        rec("readme", 55.8, configuration=BF16, protocol=Protocol(n_shot=5)),
        rec("readme", 50.0, configuration=INT4, protocol=Protocol(n_shot=0)),
    ]
    assert [c for c in controlled_comparisons(records, SOURCES) if c.factor == "quantization"] == []


def test_ambiguous_values_are_left_out() -> None:
    records = [
        rec("readme", 55.8, configuration=BF16),
        rec("readme", 54.0, configuration=BF16, line=3),  # the same thing printed twice, differently
        rec("readme", 55.1, configuration=INT4, line=2),
    ]
    assert controlled_comparisons(records, SOURCES) == []


def test_model_size_group_orders_by_parameters() -> None:
    records = [
        rec("readme", 63.4, model="llama-65b"),
        rec("readme", 35.1, model="llama-7b", line=2),
        rec("readme", 46.9, model="llama-13b", line=3),
    ]
    comps = [c for c in controlled_comparisons(records, SOURCES) if c.factor == "model size"]
    assert len(comps) == 1
    assert [m.key for m in comps[0].members] == ["llama-7b", "llama-13b", "llama-65b"]
    assert comps[0].entries[0].values == [35.1, 46.9, 63.4]


def test_base_and_chat_are_not_a_size_group() -> None:
    records = [rec("readme", 60.0, model="qwen-7b"), rec("readme", 61.0, model="qwen-14b-chat", line=2)]
    assert [c for c in controlled_comparisons(records, SOURCES) if c.factor == "model size"] == []


def test_n_shot_comparison() -> None:
    records = [
        rec("readme", 41.4, model="llama-13b", protocol=Protocol(n_shot=0)),
        rec("readme", 47.0, model="llama-13b", protocol=Protocol(n_shot=5), line=2),
    ]
    comps = [c for c in controlled_comparisons(records, SOURCES) if c.factor == "n-shot"]
    assert [m.label for m in comps[0].members] == ["0-shot", "5-shot"]


def test_model_traits_from_vocabulary_or_id() -> None:
    assert model_traits("mixtral-8x7b") == ("mixtral", 46.7, "base")
    assert model_traits("vicuna-13b-v1.3") == ("vicuna", 13.0, "v1.3")
    assert model_traits("gpt-4") is None
