"""Quantization-paper tables: where the method and bit width of a row block or a column
group reach each record's configuration, and the header layouts these papers print.

Each test is a small hand-written table of one class (the cells as a PDF reader gives them).
"""

from __future__ import annotations

from typing import Any

from benchtable.extract.labels import parse_configuration
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand import records_from_table
from benchtable.extract.understand.caption import caption_model
from benchtable.extract.understand.words import header_bench
from benchtable.extract.values import parse_cell
from benchtable.schema.records import Configuration, ScoreRecord


def doc() -> DocumentInput:
    return DocumentInput(data=b"", content_type="application/pdf", url="test://paper", sha256="0", hints={})


def table(rows: list[list[str]], caption: str, header_rows: int = 1) -> Table:
    grid = [[Cell(t, t, page=6, bbox=(1.0, 2.0, 3.0, 4.0)) for t in row] for row in rows]
    return Table(grid, header_rows=header_rows, index=0, caption=caption, page=6)


def keys(records: list[ScoreRecord]) -> set[tuple[Any, ...]]:
    return {
        (
            r.model,
            r.configuration.precision,
            r.configuration.quant_method,
            r.configuration.bits,
            r.configuration.quant_format,
            r.benchmark,
            r.value,
        )
        for r in records
    }


def test_integer_widths_five_and_six_and_mixed_weight_widths() -> None:
    assert parse_configuration("INT6")[1] == Configuration(bits=6, quant_format="int6")
    assert parse_configuration("INT5")[1] == Configuration(bits=5, quant_format="int5")
    # some weights at 4 bits, others at 8: the lower width, the notation kept as the format
    assert parse_configuration("W4/8A16")[1] == Configuration(bits=4, quant_format="w4/8a16")
    assert parse_configuration("W8A8/16")[1] == Configuration(bits=8, quant_format="w8a8/16")
    assert parse_configuration("W16A16") == ("", Configuration())  # the unquantized model


def test_width_that_names_its_float_type_is_a_precision() -> None:
    assert parse_configuration("32-bit Float")[1] == Configuration(precision="fp32")
    assert parse_configuration("16-bit floating point")[1] == Configuration(precision="fp16")
    assert parse_configuration("float32")[1] == Configuration(precision="fp32")
    assert parse_configuration("16-bit")[1] == Configuration()  # which 16-bit type: not said


def test_dotted_number_with_four_integer_digits_is_a_number_not_a_date() -> None:
    cell = parse_cell("3410.45")  # a perplexity, not the year 3410 and month 45
    assert cell is not None and [v.value for v in cell] == [3410.45]
    assert parse_cell("2023.05.01") is None and parse_cell("2023-05") is None


def test_thousands_written_with_a_decimal_and_k_are_numbers() -> None:
    cell = parse_cell("28.5k")  # words per second, printed in thousands
    assert cell is not None and [v.value for v in cell] == [28500.0]
    assert parse_cell("32K") is None and parse_cell("128k") is None  # a context size, not a score


def test_average_of_n_tasks_is_the_average() -> None:
    assert header_bench("Ave. 19 Tasks (↑)") == "average"
    assert header_bench("Average over all tasks") == "average"


def test_word_sized_model_named_in_a_caption() -> None:
    assert caption_model("Table 2: Result of BERT base on the development set of GLUE.") == "BERT-base"
    assert caption_model("Table 1: PTQ performance of BERT-large models.") == "BERT-large"
    assert caption_model("Table 5: BERT-base and BERT-large on GLUE.") is None  # two models: none


def test_method_printed_in_parentheses_after_a_configuration() -> None:
    t = table(
        [
            ["Precision (Method)", "CoLA", "QNLI"],
            ["W16A16 (Baseline)", "59.72", "92.15"],
            ["W8A8 [76] (QAT)", "58.48", "90.62"],
            ["W8A8 (PTQ)", "56.06", "87.35"],
            ["W4/8A16 (ZeroQuant-LKD)", "58.50", "90.83"],
            ["W4A4 (symmetric)", "57.00", "90.00"],
        ],
        caption="Table 2: Result of BERT base on the development set of GLUE benchmark.",
    )
    assert keys(records_from_table(t, doc())) == {
        ("bert-base", None, None, None, None, "cola", 59.72),
        ("bert-base", None, None, None, None, "qnli", 92.15),
        ("bert-base", None, "qat", 8.0, "w8a8", "cola", 58.48),
        ("bert-base", None, "qat", 8.0, "w8a8", "qnli", 90.62),
        ("bert-base", None, "ptq", 8.0, "w8a8", "cola", 56.06),
        ("bert-base", None, "ptq", 8.0, "w8a8", "qnli", 87.35),
        ("bert-base", None, "zeroquant-lkd", 4.0, "w4/8a16", "cola", 58.5),
        ("bert-base", None, "zeroquant-lkd", 4.0, "w4/8a16", "qnli", 90.83),
        ("bert-base", None, None, 4.0, "w4a4", "cola", 57.0),  # `symmetric` is no method
        ("bert-base", None, None, 4.0, "w4a4", "qnli", 90.0),
    }


def test_configuration_row_without_values_heads_its_block_of_method_rows() -> None:
    t = table(
        [
            ["Method", "CoLA", "QNLI"],
            ["FP32", "59.6", "91.8"],
            ["INT8*", "", ""],
            ["MinMax", "52.3", "89.0"],
            ["OS", "60.3", "90.2"],
            ["INT6", "", ""],
            ["OMSE", "35.4", "84.7"],
        ],
        caption="Table 1: PTQ performance of BERT-base models.",
    )
    assert keys(records_from_table(t, doc())) == {
        ("bert-base", "fp32", None, None, None, "cola", 59.6),
        ("bert-base", "fp32", None, None, None, "qnli", 91.8),
        ("bert-base", None, "minmax", 8.0, "int8", "cola", 52.3),
        ("bert-base", None, "minmax", 8.0, "int8", "qnli", 89.0),
        ("bert-base", None, "os", 8.0, "int8", "cola", 60.3),  # a two-letter method under `Method`
        ("bert-base", None, "os", 8.0, "int8", "qnli", 90.2),
        ("bert-base", None, "omse", 6.0, "int6", "cola", 35.4),
        ("bert-base", None, "omse", 6.0, "int6", "qnli", 84.7),
    }


def test_full_precision_column_is_the_model_whatever_method_the_row_names() -> None:
    t = table(
        [
            ["", "", "PIQA", "PIQA", "PIQA"],
            ["Model", "Method", "FP16", "INT8*", "INT6"],
            ["OPT-13B", "ZeroQuant", "", "54.1", "53.0"],
            ["OPT-13B", "SmoothQuant", "75.8", "76.0", "73.5"],
            ["OPT-13B", "OS+", "", "76.4", "75.8"],
        ],
        caption="Table 2: Comparison among different techniques in terms of accuracy on zero-shot tasks.",
        header_rows=2,
    )
    assert keys(records_from_table(t, doc())) == {
        ("opt-13b", None, "zeroquant", 8.0, "int8", "piqa", 54.1),
        ("opt-13b", None, "zeroquant", 6.0, "int6", "piqa", 53.0),
        ("opt-13b", "fp16", None, None, None, "piqa", 75.8),  # the FP16 model's, printed once
        ("opt-13b", None, "smoothquant", 8.0, "int8", "piqa", 76.0),
        ("opt-13b", None, "smoothquant", 6.0, "int6", "piqa", 73.5),
        ("opt-13b", None, "os+", 8.0, "int8", "piqa", 76.4),
        ("opt-13b", None, "os+", 6.0, "int6", "piqa", 75.8),
    }


def test_stacked_models_tasks_metrics_header_levels() -> None:
    t = table(
        [
            ["Models", "BERT-base (110M)", "BERT-base (110M)", "GPT2-base (117M)"],
            ["Tasks", "MNLI-m/mm", "QQP", "PTB"],
            ["Metrics", "Acc/Acc", "F1/Acc", "Perplexity"],
            ["FP32 (teacher)", "84.20/84.67", "87.83/90.95", "19.31"],
            ["W4A4 (symmetric)", "84.31/84.48", "88.11/91.14", "22.17"],
        ],
        caption="Table 1: The best quality for BERT/GPT-type models, with metric accuracy and perplexity.",
        header_rows=3,
    )
    records = records_from_table(t, doc())
    assert keys(records) == {
        ("bert-base-110m", "fp32", None, None, None, "mnli_m", 84.2),
        ("bert-base-110m", "fp32", None, None, None, "mnli_mm", 84.67),
        ("bert-base-110m", "fp32", None, None, None, "qqp", 87.83),
        ("bert-base-110m", "fp32", None, None, None, "qqp", 90.95),
        ("gpt2-base-117m", "fp32", None, None, None, "ptb_ppl", 19.31),
        ("bert-base-110m", None, None, 4.0, "w4a4", "mnli_m", 84.31),
        ("bert-base-110m", None, None, 4.0, "w4a4", "mnli_mm", 84.48),
        ("bert-base-110m", None, None, 4.0, "w4a4", "qqp", 88.11),
        ("bert-base-110m", None, None, 4.0, "w4a4", "qqp", 91.14),
        ("gpt2-base-117m", None, None, 4.0, "w4a4", "ptb_ppl", 22.17),
    }
    qqp = {r.value: r.protocol.metric for r in records if r.benchmark == "qqp"}
    assert qqp == {87.83: "f1", 90.95: "acc", 88.11: "f1", 91.14: "acc"}


def test_model_row_without_values_heads_its_block_of_configuration_rows() -> None:
    t = table(
        [
            ["Method", "WikiText2", "C4"],
            ["LLaMA-7B", "", ""],
            ["FP16", "5.68", "7.08"],
            ["GPTQ 4-bit", "6.13", "7.43"],
            ["LLaMA-13B", "", ""],
            ["FP16", "5.09", "6.61"],
        ],
        caption="Table 5: Perplexity results.",
    )
    assert keys(records_from_table(t, doc())) == {
        ("llama-7b", "fp16", None, None, None, "wikitext2_ppl", 5.68),
        ("llama-7b", "fp16", None, None, None, "c4_ppl", 7.08),
        ("llama-7b", None, "gptq", 4.0, None, "wikitext2_ppl", 6.13),
        ("llama-7b", None, "gptq", 4.0, None, "c4_ppl", 7.43),
        ("llama-13b", "fp16", None, None, None, "wikitext2_ppl", 5.09),
        ("llama-13b", "fp16", None, None, None, "c4_ppl", 6.61),
    }


def test_ablation_rows_of_the_papers_own_method_are_skipped_not_given_a_label_word() -> None:
    t = table(
        [
            ["", "OPT-66B (INT6)", "OPT-66B (INT6)"],
            ["Method", "PIQA", "Winogrande"],
            ["Ours", "77.5", "69.4"],
            ["- shifting", "76.5", "66.5"],
            ["SmoothQuant", "70.1", "60.2"],
        ],
        caption="Table 5: Effect of scaling and shifting operations.",
        header_rows=2,
    )
    with collecting_skips() as skipped:
        records = records_from_table(t, doc())
    assert keys(records) == {  # a known method in the ablation table is still its own row
        ("opt-66b", None, "smoothquant", 6.0, "int6", "piqa", 70.1),
        ("opt-66b", None, "smoothquant", 6.0, "int6", "winogrande", 60.2),
    }
    assert {(s.row, s.reason) for s in skipped} == {
        (2, SkipReason.OWN_METHOD_VARIANT),
        (3, SkipReason.OWN_METHOD_VARIANT),
    }


def test_method_column_of_a_table_without_configurations_names_no_quantization_method() -> None:
    t = table(
        [["Method", "GSM8K", "SVAMP"], ["PAL", "72.0", "79.4"], ["w/o verifier", "65.2", "70.1"]],
        caption="Table 1: Problem solve rate of PaLM-540B.",
    )
    records = records_from_table(t, doc())
    assert {r.configuration.quant_method for r in records} == {None}  # prompting, not quantization
    assert {r.value for r in records} == {72.0, 79.4, 65.2, 70.1}  # and no ablation skip either


def test_training_time_in_gpu_hours_is_a_cost_not_a_score() -> None:
    t = table(
        [
            ["", "Training Time (GPU hours)", "Logit Generation Time (GPU Hours)"],
            ["Llama 3.2 1B SpinQuant", "1.7", "0"],
            ["Llama 3.2 1B QLoRA", "1.3k", "0"],  # thousands of GPU hours: a number, still no score
        ],
        caption="",  # a model card's footprint table, read by its label columns
    )
    assert "training_time_gpu_hours" not in {r.benchmark for r in records_from_table(t, doc())}
