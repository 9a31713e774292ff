"""Quantization and efficiency tables of cards and READMEs (issue 11): a quantization method in a
column header is the configuration, not part of the model id; the document's one stated scheme
or the method its prose binds to a width completes a configuration named in part; training-cost
columns are not scores; Markdown backslash escapes are the punctuation they escape; a table of one
model's configurations names its benchmarks in the header even when the vocabulary knows none."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.readers.markdown import cell_text
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.schema.records import ScoreRecord


def extract(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", "https://example.org/card.md", "0" * 64)
    return extract_document(doc)


def config_of(r: ScoreRecord) -> tuple[str | None, float | None, int | None]:
    c = r.configuration
    return c.quant_method, c.bits, c.group_size


METHODS_IN_COLUMN_HEADERS = """\
## Quantization

Weights of every linear layer are stored in a 4-bit groupwise scheme with a group size of 64;
activations stay in 8-bit.

## Results

| Benchmark | Toy 3 1B bf16 | Toy 3 1B SpinQuant | Toy 3 1B QLoRA | Toy 3 1B Vanilla PTQ |
| --- | --- | --- | --- | --- |
| MMLU | 49.3 | 47.3 | 49.0 | 43.3 |
"""


def test_quantization_method_in_a_column_header_is_the_configuration_not_the_model() -> None:
    # on main the method stayed in the model id: `toy-3-1b-spinquant`, `toy-3-1b-vanilla-ptq`
    records = {config_of(r): r for r in extract(METHODS_IN_COLUMN_HEADERS)}
    assert {r.model for r in records.values()} == {"toy-3-1b"}
    assert records[("spinquant", 4, 64)].value == 47.3
    qlora = records[("qlora", 4, 64)]  # naming no training data: a quantized build, not a fine-tune
    assert (qlora.base_model, qlora.value) == (None, 49.0)
    assert records[("ptq", 4, 64)].value == 43.3
    assert records[(None, None, None)].configuration.precision == "bf16"


TWO_SCHEMES = METHODS_IN_COLUMN_HEADERS.replace(
    "activations stay in 8-bit.", "activations stay in 8-bit. Embeddings use 8-bit with a group size of 128."
)


def test_two_stated_schemes_complete_no_configuration() -> None:
    records = extract(TWO_SCHEMES)
    spin = next(r for r in records if r.configuration.quant_method == "spinquant")
    assert (spin.configuration.bits, spin.configuration.group_size) == (None, None)


TRAINING_COST_TABLE = """\
## Hardware

| | Training Time (GPU hours) | Peak Power Consumption (W) | Emissions (tCO2eq) |
| --- | --- | --- | --- |
| Toy 3 1B | 210k | 400 | 61 |
| Toy 3 3B | 320k | 400 | 92 |
"""


def test_training_cost_columns_are_not_scores() -> None:
    # on main power and emissions became benchmarks `training_power_consumption_w`, ...
    with collecting_skips() as skips:
        assert extract(TRAINING_COST_TABLE) == []
    assert {s.reason for s in skips if s.text in {"400", "61", "92"}} == {SkipReason.NOT_A_SCORE}


ESCAPED_SHOTS_COLUMN = """\
### Base models

| Area | Benchmark | \\# Shots | Metric | Toy 3 1B | Toy 3 3B |
| ----- | ----- | :---: | :---: | :---: | :---: |
| Knowledge | MMLU | 5 | macro\\_avg/acc | 31.5 | 57 |
| Reading | DROP (F1) | 3 | f1 | 27.0 | 44.1 |
"""


def test_escaped_hash_shots_column_is_a_setting_not_a_model() -> None:
    # on main `\\# Shots` kept its backslash, was read as a model column: `#-shots` scored 5 on MMLU
    records = extract(ESCAPED_SHOTS_COLUMN)
    assert {r.model for r in records} == {"toy-3-1b", "toy-3-3b"}
    assert {(r.benchmark, r.protocol.n_shot) for r in records} == {("mmlu", 5), ("drop", 3)}


def test_markdown_backslash_escape_is_the_mark_itself() -> None:
    assert cell_text(r"\# Shots") == "# Shots"
    assert cell_text(r"macro\_avg/acc\_char") == "macro_avg/acc_char"
    assert cell_text(r"\-") == "-"
    assert cell_text("**86.4**") == "86.4"


PROSE_BINDS_THE_WIDTH_TO_A_METHOD = """\
## Speed

The FP16 numbers use the stock kernels. Our INT4 build applies AWQ with a W4A16 kernel.

#### One GPU

| Model | FP16 latency (ms) | INT4 latency (ms) |
| --- | --- | --- |
| LLaMA-2-7B | 14.40 | 5.12 |
"""


def test_int4_column_takes_the_method_the_prose_binds_to_4_bits() -> None:
    # on main the INT4 column had bits 4 and format int4 but no method
    records = extract(PROSE_BINDS_THE_WIDTH_TO_A_METHOD)
    int4 = next(r for r in records if r.value == 5.12)
    assert (int4.model, int4.configuration.quant_method, int4.configuration.bits) == ("llama-2-7b", "awq", 4)
    fp16 = next(r for r in records if r.value == 14.40)
    assert fp16.configuration.quant_method is None and fp16.configuration.precision == "fp16"


def test_a_sentence_naming_two_widths_binds_no_method() -> None:
    text = PROSE_BINDS_THE_WIDTH_TO_A_METHOD.replace(
        "Our INT4 build applies AWQ with a W4A16 kernel.",
        "We use W8A8 SmoothQuant for the encoder and INT4 elsewhere.",
    )
    int4 = next(r for r in extract(text) if r.value == 5.12)
    assert int4.configuration.quant_method is None and int4.configuration.bits == 4


CONFIGURATIONS_OF_THE_HEADER_MODEL = """\
## Accuracy

| VILA-1.5-3B | VQA-v2 | VizWiz | POPE |
| --- | --- | --- | --- |
| FP16 | 79.1 | 52.0 | 84.2 |
| AWQ-INT4 | 78.7 | 52.6 | 84.2 |
"""


def test_rows_of_configurations_under_a_model_header_read_unknown_benchmarks() -> None:
    # on main the table named no known benchmark and its rows were no models: no records
    records = extract(CONFIGURATIONS_OF_THE_HEADER_MODEL)
    assert len(records) == 6
    assert {r.model for r in records} == {"vila-1.5-3b"}
    assert {r.benchmark for r in records} == {"vqa_v2", "vizwiz", "pope"}
    awq = {r.benchmark: r.value for r in records if r.configuration.quant_method == "awq"}
    assert awq == {"vqa_v2": 78.7, "vizwiz": 52.6, "pope": 84.2}


def test_a_row_that_is_no_configuration_keeps_the_table_unread() -> None:
    text = CONFIGURATIONS_OF_THE_HEADER_MODEL.replace("| AWQ-INT4 |", "| TinyEngine |")
    assert extract(text) == []


BASELINE_ROWS = """\
## Inference time

| Build | Decode (tokens/sec) | Resident memory (MiB) |
| --- | --- | --- |
| Toy-7B BF16 (baseline) | 12.5 | 4,210 |
| Toy-7B SpinQuant | 31.0 (2.5x) | 2,040 (-51.5%) |
"""


def test_a_baseline_mark_is_no_part_of_the_model_id() -> None:
    # on main the row was the model `toy-7b-baseline`
    records = extract(BASELINE_ROWS)
    assert {r.model for r in records} == {"toy-7b"}
    assert {r.configuration.precision or r.configuration.quant_method for r in records} == {
        "bf16",
        "spinquant",
    }


def test_a_ratio_in_brackets_after_a_speed_is_no_part_of_the_value() -> None:
    # on main `31.0 (2.5x)` was no number, so the Decode column was read as a label column
    records = {(r.benchmark, r.value) for r in extract(BASELINE_ROWS)}
    assert {("decode_speed", 12.5), ("decode_speed", 31.0)} <= records


def test_memory_with_its_unit_in_the_header_is_gpu_memory() -> None:
    # on main the column became the benchmark `resident_memory`
    records = {(r.benchmark, r.value) for r in extract(BASELINE_ROWS)}
    assert {("gpu_memory", 4210), ("gpu_memory", 2040)} <= records


SETTING_AXIS_UNDER_ONE_MODEL = """\
#### One GPU

Prefill latency of Llama-2-7B in seconds:

| Seq Len     | 256     | 512     | 1024    |
| ----------- |:-------:|:-------:|:-------:|
| FP16        | 0.041   | 0.077   | 0.150   |
| W4A16       | 0.022   | 0.040   | 0.081   |
| FastServe   | 0.020   | 0.038   | 0.079   |
| Speedup     | 1.86x   | 1.93x   | 1.85x   |
"""


def test_a_setting_over_its_values_measures_the_model_of_the_line_above() -> None:
    # on main no column named a benchmark and the rows were no models: no records at all
    with collecting_skips() as skips:
        records = extract(SETTING_AXIS_UNDER_ONE_MODEL)
    assert {r.model for r in records} == {"llama-2-7b"}
    assert {r.benchmark for r in records} == {"ttft"}
    got = {
        (r.configuration.precision, r.configuration.bits, r.value, r.protocol.context_length) for r in records
    }
    assert got == {
        ("fp16", None, 0.041, 256),
        ("fp16", None, 0.077, 512),
        ("fp16", None, 0.150, 1024),
        (None, 4, 0.022, 256),
        (None, 4, 0.040, 512),
        (None, 4, 0.081, 1024),
    }
    # a system's row and the ratio row are skipped, each with its reason
    assert {s.reason for s in skips if s.text in {"0.020", "0.038", "0.079"}} == {SkipReason.NO_MODEL}
    assert {s.reason for s in skips if s.text.endswith("x")} == {SkipReason.NOT_A_SCORE}


def test_a_setting_axis_under_two_models_reads_nothing() -> None:
    text = SETTING_AXIS_UNDER_ONE_MODEL.replace("of Llama-2-7B", "of Llama-2-7B and Llama-2-13B")
    assert extract(text) == []


SPLIT_AND_METRIC_AFTER_THE_NAME = """\
| Qwen2-7B | MMMU_val | WikiText perplexity | TLDR9+ |
| --- | --- | --- | --- |
| FP16 | 47.2 | 8.41 | 15.3 |
| AWQ-INT4 | 46.0 | 8.77 | 14.6 |
"""


def test_a_split_or_metric_written_after_the_name_is_no_part_of_the_benchmark() -> None:
    # on main `mmmu_val` and `wikitext_perplexity` were new benchmarks; `tldr9+` kept its `+`
    records = extract(SPLIT_AND_METRIC_AFTER_THE_NAME)
    assert {r.benchmark for r in records} == {"mmmu", "wikitext2_ppl", "tldr9_plus"}
    assert {r.protocol.split for r in records if r.benchmark == "mmmu"} == {"val"}


OURS_ROW_UNDER_MODEL_COLUMNS = """\
### Recipes at an average of 5 bits

| Mixed 5-bit recipes | Llama-3-8B | Qwen2-7B |
|:--|:--:|:--:|
| **First layers 8-bit** | 0.6402 | 0.6388 |
| **Ours** | **0.6611 (97.0%)** | **0.6590 (96.1%)** |
"""


def test_an_ours_row_names_no_benchmark() -> None:
    # on main the row became the benchmark `ours`
    assert [r for r in extract(OURS_ROW_UNDER_MODEL_COLUMNS) if r.benchmark == "ours"] == []


BENCHMARK_BY_LANGUAGE_BESIDE_IT = """\
### Multilingual

| Category | Benchmark | Language | Toy 3 1B | Toy 3 3B |
| :---: | :---: | :---: | :---: | :---: |
| General | MMLU (5-shot, macro_avg/acc) | Portuguese | 38.1 | 52.0 |
| | | Spanish | 39.9 | 53.2 |
| | | Hindi | 31.7 | 41.5 |
"""


def test_a_language_column_beside_a_benchmark_written_once_names_its_parts() -> None:
    # on main the first row was `mmlu` and the rows below benchmarks named `spanish`, `hindi`
    records = extract(BENCHMARK_BY_LANGUAGE_BESIDE_IT)
    assert {r.benchmark for r in records} == {"mmmlu_portuguese", "mmmlu_spanish", "mmmlu_hindi"}
    assert {r.protocol.n_shot for r in records} == {5}
    assert len(records) == 6
