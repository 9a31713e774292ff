"""Model identity from the document's context (issue 11): a row label that is a configuration
(`opt-rtn (2bit)`, `q2ks`, `BF16 (Base 1)`) under a heading that names a model is a
configuration of that model."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.labels import parse_configuration
from benchtable.schema.records import ScoreRecord


def extract(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", "https://example.org/acc.md", "0" * 64)
    return extract_document(doc)


CONFIG_ROWS_UNDER_A_MODEL_HEADING = """\
### 1. Toyformer-8B results

| Model / Quant | Average | arc_easy | piqa |
| :--- | :---: | :---: | :---: |
| **BF16 (Base 1)** | 0.6235 | 0.7997 | 0.7960 |
| **BF16 (Base 2)** | 0.6295 | 0.8165 | 0.7998 |
| **opt-rtn (2bit)** | 0.5575 | 0.7487 | 0.7546 |
| **q2ks** | 0.5849 | 0.7740 | 0.7677 |
| **q3ks-opt-rtn** | 0.6054 | 0.7845 | 0.7878 |
"""


def test_configuration_row_labels_belong_to_the_heading_model() -> None:
    # on main `opt-rtn (2bit)` was the model `opt`, `q2ks` the model `q2ks` and
    # `BF16 (Base 1)` the model `toyformer-8b-base-1`
    records = extract(CONFIG_ROWS_UNDER_A_MODEL_HEADING)
    assert {r.model for r in records} == {"toyformer-8b"}
    by_line = {(r.citation.locator.line, r.benchmark): r.configuration for r in records}
    assert by_line[(5, "arc_easy")].precision == "bf16"
    assert by_line[(6, "arc_easy")].precision == "bf16"
    rtn = by_line[(7, "piqa")]
    assert (rtn.quant_method, rtn.bits, rtn.quant_format) == ("rtn", 2, None)
    gguf = by_line[(8, "piqa")]
    assert (gguf.bits, gguf.quant_format) == (2, "Q2_K_S")
    assert (by_line[(9, "piqa")].quant_method, by_line[(9, "piqa")].quant_format) == ("rtn", "Q3_K_S")


def test_gguf_k_quant_written_without_underscores_is_a_file_type() -> None:
    # on main `q4km` configured nothing and stayed in the name
    rest, config = parse_configuration("q4km")
    assert (rest, config.bits, config.quant_format) == ("", 4, "Q4_K_M")


def test_a_method_printed_beside_a_file_type_made_the_file() -> None:
    # on main the llama.cpp method implied by the file type won over the printed `AutoRound`
    config = parse_configuration("AutoRound q2_k_s")[1]
    assert (config.quant_method, config.quant_format) == ("autoround", "Q2_K_S")
    assert parse_configuration("Q4_K_M")[1].quant_method == "llama.cpp"


def test_opt_in_capitals_stays_the_model_under_a_heading() -> None:
    text = CONFIG_ROWS_UNDER_A_MODEL_HEADING.replace("opt-rtn (2bit)", "OPT-1.3B rtn (2bit)")
    models = {r.model for r in extract(text) if r.citation.locator.line == 7}
    assert models == {"opt-1.3b"}


VISION_CARD = """\
## Model Information

The Llama 9.2-Vision collection holds image reasoning models in 11B and 90B sizes.
Llama 9.2-Vision adds an image adapter to the text model Llama 9.2 3B.

## Benchmarks

### Base Pretrained Models

| Category | Benchmark | \\# Shots | Metric | Llama 9.2 11B | Llama 9.2 90B | Llama 9.2 3B |
| ----- | ----- | ----- | ----- | ----- | ----- | ----- |
| Image | AI2 Diagram (test) | 0 | Accuracy | 62.4 | 75.3 | 50.1 |

### Instruction Tuned Models

| Benchmark | \\# Shots | Metric | Llama 9.2 11B | Llama 9.2 90B |
| ----- | ----- | ----- | ----- | ----- |
| MMMU-Pro, Standard (10 opts, test) | 0 | Accuracy | 33.0 | 45.2 |
| MMMU-Pro, Vision (test) | 0 | Accuracy | 23.7 | 33.8 |
| MMMU Pro^ | 0 | Accuracy | 30.0 | 40.0 |
"""


def test_a_family_and_size_the_card_declares_for_its_vision_variant_is_that_variant() -> None:
    # on main `Llama 9.2 11B` stayed `llama-9.2-11b`: the card's own variant did not reach it
    models = {(r.model, r.benchmark) for r in extract(VISION_CARD)}
    assert ("llama-9.2-11b-vision", "ai2d") in models
    assert ("llama-9.2-90b-vision", "ai2d") in models
    # a size the card states only with another model name, never with the variant's
    assert ("llama-9.2-3b", "ai2d") in models
    instruct = {r.model for r in extract(VISION_CARD) if r.benchmark == "mmmu_pro"}
    assert instruct == {"llama-9.2-11b-vision-instruct", "llama-9.2-90b-vision-instruct"}


def test_mmmu_pro_settings_and_footnote_caret_name_one_benchmark() -> None:
    # on main these were `mmmu_pro_standard`, `mmmu_pro_vision`, `ai2_diagram` and `mmmu_pro^`
    by_value = {r.value: r.benchmark for r in extract(VISION_CARD)}
    assert by_value[33.0] == by_value[23.7] == by_value[30.0] == "mmmu_pro"
    assert by_value[62.4] == "ai2d"


def test_a_card_naming_no_variant_keeps_family_and_size_as_printed() -> None:
    text = VISION_CARD.replace("Llama 9.2-Vision collection", "Llama 9.2 collection")
    assert all("vision" not in r.model for r in extract(text))


CHECKPOINTS_AND_ENGINES = """\
## Releases

| Date | HF Checkpoint | Tokens | Step | Commonsense Avg |
|------|---------------|--------|------|-----------------|
| 2023-09-01 | Toyllama-1.1B-step-50k-105b | 105B | 50K | 46.11 |
| 2023-09-16 | Toyllama-1.1B-step-240k-503b | 503B | 240K | 48.28 |

## Speed

Below are some throughputs that we measure:

| Framework | Device | Settings | Throughput (tokens/sec) |
|-----------|--------|----------|-------------------------|
| [Llama.cpp](https://example.org/llama.cpp) | Mac M2 | batch_size=1; 4-bit inference | 71.8 |
| [vLLM](https://example.org/vllm) | A40 GPU | batch_size=100, n=10 | 7094.5 |
"""


def test_a_lone_domain_average_column_is_the_suite_average() -> None:
    # on main the benchmark was the slug `commonsense_avg`
    records = [r for r in extract(CHECKPOINTS_AND_ENGINES) if r.value in (46.11, 48.28)]
    assert {r.benchmark for r in records} == {"average"}


def test_a_domain_average_beside_other_scores_keeps_its_slug() -> None:
    text = """\
| Model | Commonsense Avg | MMLU |
|-------|-----------------|------|
| Toyllama-1.1B | 46.11 | 25.3 |
"""
    assert {r.benchmark for r in extract(text)} == {"commonsense_avg", "mmlu"}


def test_inference_engines_under_a_framework_header_are_no_models() -> None:
    # on main the vLLM row was the model `vllm`
    assert [r for r in extract(CHECKPOINTS_AND_ENGINES) if r.value in (71.8, 7094.5)] == []


def test_engine_rows_belong_to_the_model_the_heading_names() -> None:
    text = CHECKPOINTS_AND_ENGINES.replace("## Speed", "## Speed of Toyllama-1.1B")
    records = {r.value: r for r in extract(text) if r.value in (71.8, 7094.5)}
    assert {r.model for r in records.values()} == {"toyllama-1.1b"}
    # `4-bit inference` among the settings is the row's configuration, the engine is none
    assert (records[71.8].configuration.bits, records[71.8].configuration.quant_method) == (4, None)
    assert records[7094.5].configuration.bits is None


AVERAGED_CONFIGURATIONS = """\
## Older results

*Average accuracy across `hellaswag`, `piqa`, `winogrande` and `mmlu`.*

|method|scheme|Toyformer-8B|Toyformer-30B|
|:-----|:-----|:-----------|:------------|
|**BF16**  | -    |0.6295(100%)|0.6746(100%)|
| **Optimized RTN** | q2_k_s | 0.5535(87.92%)| 0.6386(94.66%)|
| **AutoRound+alg_ext** |q2_k_s|0.5740(91.18%)|0.6460(95.77%)|
"""


def test_configuration_rows_under_an_average_lead_in_are_the_models_averages() -> None:
    # on main every cell was skipped: a configuration row over model columns names no benchmark
    records = extract(AVERAGED_CONFIGURATIONS)
    got = {
        (r.model, r.benchmark, r.configuration.precision, r.configuration.quant_method, r.value)
        for r in records
    }
    assert ("toyformer-8b", "average", "bf16", None, 0.6295) in got
    assert ("toyformer-30b", "average", None, "rtn", 0.6386) in got
    assert ("toyformer-8b", "average", None, "autoround", 0.574) in got
    assert len(records) == 6


def test_configuration_rows_without_an_average_lead_in_stay_unread() -> None:
    text = AVERAGED_CONFIGURATIONS.replace("*Average accuracy across", "*Tasks:")
    assert extract(text) == []


def test_the_registered_vision_model_declares_its_family_and_size() -> None:
    # on main the registered model's variant did not reach `Llama 9.2 11B`
    text = """\
| Benchmark | Llama 9.2 11B | Llama 9.2 3B |
| --- | --- | --- |
| AI2 Diagram | 62.4 | 50.1 |
"""
    doc = DocumentInput(
        text.encode(),
        "text/markdown",
        "https://example.org/card.md",
        "0" * 64,
        model="Llama-9.2-11B-Vision-Instruct",
    )
    assert {r.model for r in extract_document(doc)} == {"llama-9.2-11b-vision", "llama-9.2-3b"}
