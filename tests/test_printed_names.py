"""Names as leaderboards and result files print them (issue 11, batch 7): harness task names in
Markdown result tables, run notes after a model name, fine-tuning words and trailing format
tokens in repository names, version suffixes kept in model ids."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.headers import parse_benchmark
from benchtable.extract.readers.harness import harness_benchmark
from benchtable.schema.records import ScoreRecord


def extract(
    text: str, content_type: str = "text/markdown", url: str = "https://example.org/r.md"
) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), content_type, url, "0" * 64)
    return extract_document(doc)


HARNESS_MARKDOWN_RESULTS = """\
# toyformer-7B

## toyformer-7B_mmlu_5-shot.json
|            Task             |Version| Metric |Value|   |Stderr|
|-----------------------------|------:|--------|----:|---|-----:|
|hendrycksTest-anatomy        |      0|acc     |38.52|±  |  4.20|
|                             |       |acc_norm|31.11|±  |  4.00|
|hendrycksTest-college_biology|      0|acc     |31.94|±  |  3.90|

## toyformer-7B_glue_0-shot.json
|Task|Version|Metric|Value|   |Stderr|
|----|------:|------|----:|---|-----:|
|sst |      0|acc   |52.98|±  |  1.69|
"""


def test_harness_task_names_in_a_markdown_table_name_the_listed_benchmark() -> None:
    # on main the Markdown reader kept the task names as unknown benchmarks
    # (`hendryckstest_anatomy`, `sst`), while the JSON reader read the subjects as `mmlu_<subject>`
    records = extract(HARNESS_MARKDOWN_RESULTS)
    by_line = {(r.citation.locator.line, r.protocol.metric): r.benchmark for r in records}
    assert by_line[(6, "acc")] == "mmlu_anatomy"
    assert by_line[(7, "acc_norm")] == "mmlu_anatomy"
    assert by_line[(8, "acc")] == "mmlu_college_biology"
    assert by_line[(13, "acc")] == "sst_2"


def test_the_json_and_markdown_readers_share_the_harness_task_names() -> None:
    for task in ("hendrycksTest-anatomy", "sst", "arc_challenge"):
        assert harness_benchmark(task)[0] == parse_benchmark(task).benchmark_id
    assert parse_benchmark("SST").benchmark_id != "sst_2"  # only the harness's own spelling


RUN_NOTES_AFTER_MODEL_NAMES = """\
| Model | MMLU | GSM8K |
|:--|:--:|:--:|
| Toyformer-XL (rerun w/ api) | 71.2 | 60.4 |
| Toyformer-XL (report[^1]) | 72.0 | 61.1 |
| Acme-Chat 2 (w/ system prompt) | 65.5 | 50.0 |
| Acme-Chat 2 (API) | 64.9 | 49.7 |
| Acme-Chat 2 (still training) | 66.0 | 51.0 |

[^1]: numbers from the model's report.
"""


def test_a_run_note_after_a_model_name_is_protocol_not_the_model() -> None:
    # on main the note stayed in the id (`toyformer-xl-rerun-w-api`, `acme-chat-2-api`)
    records = extract(RUN_NOTES_AFTER_MODEL_NAMES)
    by_line = {r.citation.locator.line: r for r in records if r.benchmark == "mmlu"}
    assert {r.model for r in records} == {"toyformer-xl", "acme-chat-2"}
    assert by_line[3].protocol.details == "rerun w/ api"
    assert by_line[5].protocol.details == "w/ system prompt"
    assert by_line[6].protocol.details == "API"
    assert by_line[4].protocol.details is None  # `(report)` says where, not how
    assert by_line[7].protocol.details is None


def test_a_parenthesised_name_part_is_no_run_note() -> None:
    records = extract(
        "| Model | MMLU |\n|--|--|\n| Acme-Chat 2 (preview) | 70.1 |\n| Acme-Chat 2 (May 2024) | 70.3 |\n"
    )
    assert {r.model for r in records} == {"acme-chat-2-preview", "acme-chat-2-may-2024"}


def test_a_version_tag_after_a_colon_stays_in_the_model_id() -> None:
    # on main the colon became a separator (`widget-pro-v1-0`), which is no longer the printed id
    table = "| Model | Hallucination Rate |\n|--|--|\n|acme/widget-pro-v1:0|5.1 %|\n|Widget: Lite 7B|6.0 %|\n"
    assert {r.model for r in extract(table)} == {"widget-pro-v1:0", "widget-lite-7b"}


LEADERBOARD_REPOSITORY_NAMES = """\
Model,Average,ARC(25-shot),HellaSwag(10-shot),MMLU(5-shot),TruthfulQA(0-shot)
acme/Toyformer-70B-QLoRA,60.1,61.0,80.2,55.3,44.0
acme/Toyformer-13b-4bit-alpaca,50.1,51.0,70.2,45.3,34.0
acme/Toyformer-13B-QLoRA-fp16,52.1,53.0,72.2,47.3,36.0
acme/Toyformer-13B-GPTQ,49.0,50.0,69.0,44.0,33.0
acme/Toyformer-13B-4bit-gptq,48.0,49.0,68.0,43.0,32.0
acme/Toyformer-v2-13bfp16,51.0,52.0,71.0,46.0,35.0
acme/Toyformer-13b-xor-MERGED-16bit,47.0,48.0,67.0,42.0,31.0
"""


def test_fine_tuning_words_in_a_repository_name_stay_in_the_model_id() -> None:
    # on main `QLoRA` and `4bit` anywhere in the name were the evaluated checkpoint's
    # quantization (`toyformer-70b` qlora, `toyformer-13b-alpaca` 4 bits)
    records = extract(LEADERBOARD_REPOSITORY_NAMES, "text/csv", "https://example.org/board.csv")
    by_line = {r.citation.locator.line: r for r in records if r.benchmark == "mmlu"}
    expected = {
        2: ("toyformer-70b-qlora", {}),
        3: ("toyformer-13b-4bit-alpaca", {}),
        4: ("toyformer-13b-qlora", {"precision": "fp16"}),
        5: ("toyformer-13b", {"quant_method": "gptq"}),
        6: ("toyformer-13b", {"quant_method": "gptq", "bits": 4.0}),
        7: ("toyformer-v2-13b", {"precision": "fp16"}),
        8: ("toyformer-13b-xor-merged-16bit", {}),
    }
    got = {line: (r.model, r.configuration.model_dump(exclude_none=True)) for line, r in by_line.items()}
    assert got == expected


def test_qlora_printed_as_a_method_beside_a_model_name_stays_the_method() -> None:
    table = "| Model | MMLU |\n|--|--|\n| Toyformer 1B QLoRA | 49.1 |\n| Toyformer 1B BF16 | 49.3 |\n"
    by_line = {r.citation.locator.line: r for r in extract(table)}
    assert by_line[3].configuration.quant_method == "qlora"
    assert by_line[3].model == by_line[4].model == "toyformer-1b"


def test_a_notice_appended_to_a_leaderboard_name_is_not_the_model() -> None:
    # on main the notice became part of the id (`toyformer-7b-has-been-flagged-see-discussion-12`)
    board = (
        "Model,Average,MMLU(5-shot)\nacme/Toyformer-7B-hf has been flagged! See discussion #12,40.1,41.0\n"
    )
    records = extract(board, "text/csv", "https://example.org/board.csv")
    assert {r.model for r in records} == {"toyformer-7b"}


HARNESS_METRICS_THE_PROTOCOL_WORDS_DO_NOT_LIST = """\
## toyformer-7B_bias_0-shot.json
|     Task      |Version|       Metric        | Value |   |Stderr|
|---------------|------:|---------------------|------:|---|-----:|
|toy_bias_age   |      0|likelihood_difference|594.23 |±  | 79.03|
|               |       |pct_stereotype       | 51.65 |±  |  5.27|
|toy_bias_gender|      0|likelihood_difference|791.74 |±  | 55.02|
|               |       |pct_stereotype       | 53.12 |±  |  2.79|
"""


def test_a_harness_metric_column_names_metrics_the_protocol_words_do_not_list() -> None:
    # on main the `Metric` column was a label column (its words are no known metric), so the two
    # metrics of one task were one key with two numbers, and both cells were skipped as a conflict
    records = extract(HARNESS_METRICS_THE_PROTOCOL_WORDS_DO_NOT_LIST)
    got = {(r.benchmark, r.protocol.metric, r.value) for r in records}
    assert got == {
        ("toy_bias_age", "likelihood_difference", 594.23),
        ("toy_bias_age", "pct_stereotype", 51.65),
        ("toy_bias_gender", "likelihood_difference", 791.74),
        ("toy_bias_gender", "pct_stereotype", 53.12),
    }
