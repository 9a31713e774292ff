"""Text classes of blind batches 4 and 5 (issue 11): a heading's edition of a benchmark, slash
parts after a shared benchmark name, a link column naming the instruct model, language rows
under a rowspan benchmark.

Hand-written snippets in the shapes of READMEs and leaderboards; each test failed on main
(0812e01) before the rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord

SHA = "f" * 64
URL = "https://example.org/leaderboard/README.md"


def records(text: str) -> list[ScoreRecord]:
    return extract_document(DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t"))


def facts(found: list[ScoreRecord]) -> set[tuple[str, str, float]]:
    return {(r.model, r.benchmark, r.value) for r in found}


def edition_leaderboard(version: str) -> str:
    return f"""\
## Leaderboard

### Arena-Hard-{version}

Hard prompts, judged by a strong model:

| Model | Scores (%) |
|---|---|
| model-alpha-7b | 61.5 |
| model-beta-13b | 50.0 |
"""


def test_later_edition_in_heading_keeps_its_own_benchmark_id() -> None:
    found = facts(records(edition_leaderboard("v2.0-Preview")))
    assert found == {
        ("model-alpha-7b", "arena_hard_v2_0_preview", 61.5),
        ("model-beta-13b", "arena_hard_v2_0_preview", 50.0),
    }


def test_listed_edition_in_heading_is_the_vocabulary_benchmark() -> None:
    found = facts(records(edition_leaderboard("v0.1")))
    assert {b for _, b, _ in found} == {"arena_hard"}


DIRECTION_PAIRS = """\
## Instruction tuned model

| Category | Benchmark | Metric | Model Small | Model Large |
|---|---|---|---|---|
| Long Context | TRX (half book) eng->fra/fra->eng | chrF | 42.2/36.6 | 54.0/46.4 |
| | TRX (full book) eng->fra/fra->eng | chrF | 39.7/36.3 | 50.8/46.7 |
"""


def test_slash_parts_after_a_shared_benchmark_name_keep_that_name() -> None:
    found = records(DIRECTION_PAIRS)
    small = {(r.benchmark, r.value) for r in found if r.value in {42.2, 36.6, 39.7, 36.3}}
    assert small == {
        ("trx_eng_fra", 42.2),
        ("trx_fra_eng", 36.6),
        ("trx_eng_fra", 39.7),
        ("trx_fra_eng", 36.3),
    }
    details = {r.value: r.protocol.details for r in found}
    assert details[36.6] == "half book" and details[36.3] == "full book"


LINKED_LEADERBOARD = """\
name,win_rate,avg_length,link,samples
Mixtral 8x7B v0.1,94.78,1465,https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1,
Mistral 7B v0.2,92.78,1676,,https://github.com/org/evals/blob/main/results/Mistral-7B-Instruct-v0.2/model_outputs.json
Zephyr 7B Beta,90.60,1444,https://huggingface.co/HuggingFaceH4/zephyr-7b-beta,
"""


def test_link_naming_the_instruct_model_wins_over_a_base_alias() -> None:
    doc = DocumentInput(
        LINKED_LEADERBOARD.encode(),
        "text/csv",
        "https://example.org/leaderboard.csv",
        SHA,
        source_id="t",
        hints={"benchmark_prefix": "AlpacaEval"},
    )
    models = {r.value: r.model for r in extract_document(doc) if r.benchmark != "avg_length"}
    assert models[94.78] == "mixtral-8x7b-instruct"
    assert models[92.78] == "mistral-7b-instruct-v0.2"
    assert models[90.6] == "zephyr-7b-beta"  # the link adds no variant word: the printed name


SPANNED_LANGUAGE_ROWS = """\
## Multilingual benchmarks

<table>
  <tr><td>Category</td><td>Benchmark</td><td>Language</td><td>Model Small Instruct</td><td>Model Large Instruct</td></tr>
  <tr><td rowspan="2">General</td><td rowspan="2">MMLU (5-shot)</td><td>Portuguese</td><td>62.1</td><td>80.1</td></tr>
  <tr><td>Spanish</td><td>62.4</td><td>80.0</td></tr>
</table>
"""


def test_language_rows_under_a_rowspan_benchmark_are_its_language_parts() -> None:
    found = {(r.benchmark, r.value) for r in records(SPANNED_LANGUAGE_ROWS)}
    assert ("mmmlu_portuguese", 62.1) in found
    assert ("mmmlu_spanish", 80.0) in found
    assert not any(b == "mmlu" for b, _ in found)


def test_multilingual_prefix_on_an_already_multilingual_benchmark_is_that_benchmark() -> None:
    from benchtable.extract.headers import parse_benchmark

    assert parse_benchmark("Multilingual MGSM (CoT)").benchmark_id == "mgsm"
