"""Controlled comparisons with true labels (issue 12, item 6).

Hand-written records of the shapes the corpus papers print: a quantization table whose
FP16 row stands under the method's name (`LLaMA-1-13B SmoothQuant | HellaSwag (↑) FP16`),
an INT6 column the configuration reader does not parse, a `13B 16-bit` baseline row, a
perplexity line under a table-wide `acc`, `MMLU (5-shot) ↑ Hums.` subject columns, and a
line whose first member has no value.
"""

from __future__ import annotations

import json

from benchtable.reports.comparisons import Comparison, controlled_comparisons, protocol_text
from benchtable.reports.config import parse_report_config
from benchtable.reports.render import build_view, comparison_cells, render
from benchtable.reports.select import build_table
from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import (
    Citation,
    Configuration,
    Locator,
    Protocol,
    Scale,
    ScoreRecord,
)

SOURCES = {"paper": SourceMeta("paper", "paper_pdf", url="https://example.org/paper.pdf")}


def rec(
    value: float,
    configuration: Configuration,
    quote: str,
    *,
    benchmark: str = "hellaswag",
    label: str = "HellaSwag",
    protocol: Protocol | None = None,
    scale: Scale = Scale.PERCENT,
    column: int = 1,
) -> ScoreRecord:
    return ScoreRecord(
        source_id="paper",
        model="llama-13b",
        model_label="LLaMA-1-13B",
        configuration=configuration,
        benchmark=benchmark,
        benchmark_label=label,
        protocol=protocol or Protocol(metric="acc"),
        value=value,
        raw=str(value),
        scale=scale,
        citation=Citation(
            url="https://example.org/paper.pdf",
            sha256="a" * 64,
            locator=Locator(page=8, row=column, column=column),
            quote=quote,
        ),
    )


FP16_UNDER_METHOD = Configuration(precision="fp16", quant_method="smoothquant")
SQ_UNPARSED = Configuration(quant_method="smoothquant")
SQ_INT4 = Configuration(quant_method="smoothquant", bits=4, quant_format="int4")
NOTHING = Configuration()


def _quantization(records: list[ScoreRecord]) -> Comparison:
    [comp] = [c for c in controlled_comparisons(records, SOURCES) if c.factor == "quantization"]
    return comp


def test_the_fp16_baseline_under_a_method_row_is_labelled_fp16_and_a_bare_method_gets_its_printed_width() -> (
    None
):
    """On main: `smoothquant · smoothquant · smoothquant int4`."""
    comp = _quantization(
        [
            rec(76.22, FP16_UNDER_METHOD, "LLaMA-1-13B SmoothQuant | HellaSwag (↑) FP16 | 76.22", column=1),
            rec(75.2, SQ_UNPARSED, "LLaMA-1-13B SmoothQuant | HellaSwag (↑) INT6 | 75.20", column=2),
            rec(58.95, SQ_INT4, "LLaMA-1-13B SmoothQuant | HellaSwag (↑) INT4 | 58.95", column=3),
        ]
    )
    assert [m.label for m in comp.members] == ["FP16", "smoothquant INT6", "smoothquant int4"]


def test_a_baseline_that_states_no_configuration_is_named_by_the_width_its_row_prints() -> None:
    """On main: `as published` for the `13B 16-bit` row."""
    gptq4 = Configuration(quant_method="gptq", bits=4)
    comp = _quantization(
        [
            rec(47.0, NOTHING, "13B 16-bit | MMLU (Acc) 5-shot | 47.0", benchmark="mmlu", column=1),
            rec(45.9, gptq4, "13B 4-bit | MMLU (Acc) 5-shot | 45.9", benchmark="mmlu", column=2),
        ]
    )
    assert [m.label for m in comp.members] == ["16-bit", "GPTQ 4-bit"]


def test_labels_within_a_group_are_distinct_even_when_the_rows_print_nothing_more() -> None:
    a = Configuration(quant_method="smoothquant", group_size=128)
    b = Configuration(quant_method="smoothquant", group_size=128, precision="int8")  # same label
    comp = _quantization(
        [
            rec(70.0, a, "SQ | 70.0", column=1),
            rec(69.0, b, "SQ | 69.0", column=2),
            rec(60.0, SQ_INT4, "SQ | 60.0", column=3),
        ]
    )
    labels = [m.label for m in comp.members]
    assert len(set(labels)) == len(labels)


def test_a_perplexity_line_does_not_show_the_tables_accuracy_metric() -> None:
    comp = _quantization(
        [
            rec(
                5.09,
                FP16_UNDER_METHOD,
                "SmoothQuant | WikiText2 (↓) FP16 | 5.09",
                benchmark="wikitext2_ppl",
                scale=Scale.PERPLEXITY,
                column=1,
            ),
            rec(
                56.75,
                SQ_INT4,
                "SmoothQuant | WikiText2 (↓) INT4 | 56.75",
                benchmark="wikitext2_ppl",
                scale=Scale.PERPLEXITY,
                column=2,
            ),
        ]
    )
    [entry] = comp.entries
    assert protocol_text(entry, comp.factor) == ""  # on main: "acc"


def test_subject_columns_are_their_own_benchmarks_with_clean_labels() -> None:
    awq = Configuration(quant_method="awq", bits=4, group_size=128)
    five = Protocol(n_shot=5)
    records = [
        rec(
            39.17,
            Configuration(precision="fp16"),
            "FP16 | MMLU (5-shot) ↑ Hums. | 39.17",
            benchmark="mmlu_humanities",
            label="MMLU (5-shot) ↑ Hums.",
            protocol=five,
            column=1,
        ),
        rec(
            38.32,
            awq,
            "AWQ | MMLU (5-shot) ↑ Hums. | 38.32",
            benchmark="mmlu_humanities",
            label="MMLU (5-shot) ↑ Hums.",
            protocol=five,
            column=2,
        ),
        rec(
            50.0,
            Configuration(precision="fp16"),
            "FP16 | Foo-Bench (5-shot) ↑ | 50.0",
            benchmark="foo_bench",
            label="Foo-Bench (5-shot) ↑",
            protocol=five,
            column=3,
        ),
        rec(
            49.0,
            awq,
            "AWQ | Foo-Bench (5-shot) ↑ | 49.0",
            benchmark="foo_bench",
            label="Foo-Bench (5-shot) ↑",
            protocol=five,
            column=4,
        ),
    ]
    labels = sorted(e.label for e in _quantization(records).entries)
    assert labels == ["Foo-Bench", "MMLU humanities"]  # on main: "MMLU (5-shot) ↑ Hums."


def test_a_subject_benchmark_keeps_the_spelling_its_document_prints() -> None:
    from benchtable.reports.comparison_labels import benchmark_label

    label = benchmark_label("mmlu_abstract_algebra_stem", "mmlu Abstract Algebra STEM", Protocol(n_shot=5))
    assert label == "MMLU Abstract Algebra STEM"


def test_deltas_of_a_line_whose_first_member_has_no_value_say_which_member_they_are_against() -> None:
    gptq4 = Configuration(quant_method="gptq", bits=4)
    gptq3 = Configuration(quant_method="gptq", bits=3)
    comp = _quantization(
        [
            rec(
                5.09,
                Configuration(precision="fp16"),
                "FP16 | 5.09",
                benchmark="wikitext2_ppl",
                scale=Scale.PERPLEXITY,
                protocol=Protocol(),
                column=1,
            ),
            rec(
                5.36,
                gptq4,
                "GPTQ 4-bit | 5.36",
                benchmark="wikitext2_ppl",
                scale=Scale.PERPLEXITY,
                protocol=Protocol(),
                column=2,
            ),
            rec(
                8747,
                gptq4,
                "GPTQ 4-bit | 8747",
                benchmark="gpu_memory",
                scale=Scale.MIB,
                protocol=Protocol(),
                column=3,
            ),
            rec(
                6870,
                gptq3,
                "GPTQ 3-bit | 6870",
                benchmark="gpu_memory",
                scale=Scale.MIB,
                protocol=Protocol(),
                column=4,
            ),
            rec(
                6.63,
                gptq3,
                "GPTQ 3-bit | 6.63",
                benchmark="wikitext2_ppl",
                scale=Scale.PERPLEXITY,
                protocol=Protocol(),
                column=5,
            ),
        ]
    )
    lines = {line.benchmark: line.values for line in comparison_cells(comp)}
    assert lines["GPU memory"] == ["", "8747 (base)", "6870 (−1877)"]
    assert lines["WikiText-2 perplexity"] == ["5.09", "5.36 (+0.27)", "6.63 (+1.54)"]


def test_json_names_the_member_deltas_are_against() -> None:
    config = parse_report_config(
        '[[column]]\nid = "c"\nlabel = "C"\nbenchmark = "gpu_memory"\n[[row]]\nid = "r"\nlabel = "R"\nmodel = "llama-13b"\n',
        "t",
    )
    gptq4 = Configuration(quant_method="gptq", bits=4)
    gptq3 = Configuration(quant_method="gptq", bits=3)
    records = [
        rec(
            5.09,
            Configuration(precision="fp16"),
            "FP16 | 5.09",
            benchmark="wikitext2_ppl",
            scale=Scale.PERPLEXITY,
            protocol=Protocol(),
            column=1,
        ),
        rec(
            5.36,
            gptq4,
            "4-bit | 5.36",
            benchmark="wikitext2_ppl",
            scale=Scale.PERPLEXITY,
            protocol=Protocol(),
            column=2,
        ),
        rec(
            8747,
            gptq4,
            "4-bit | 8747",
            benchmark="gpu_memory",
            scale=Scale.MIB,
            protocol=Protocol(),
            column=3,
        ),
        rec(
            6870,
            gptq3,
            "3-bit | 6870",
            benchmark="gpu_memory",
            scale=Scale.MIB,
            protocol=Protocol(),
            column=4,
        ),
    ]
    view = build_view(build_table(config, [], SOURCES), controlled_comparisons(records, SOURCES))
    data = json.loads(render(view, "json"))
    entries = {e["benchmark"]: e for e in data["comparisons"]["quantization"][0]["entries"]}
    assert entries["gpu_memory"]["delta_base"] == "GPTQ 4-bit"
    assert entries["wikitext2_ppl"]["delta_base"] == "FP16"
