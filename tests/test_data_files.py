"""CSV and JSON leaderboard data files (extract/readers/csv.py, json.py, json_tables.py, harness.py).

Unit tests use small hand-written snippets in the shapes of the real files; the corpus
tests pin a few exact cells per recorded document and skip when the corpus is absent.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from benchtable.extract import extract_document
from benchtable.extract.readers.csv import csv_tables, parse_csv
from benchtable.extract.readers.data_table import not_score_column
from benchtable.extract.readers.harness import parse_model_args
from benchtable.extract.readers.json import JsonText, pointer
from benchtable.extract.registry import DocumentInput
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Scale, ScoreRecord
from benchtable.scrapers.refresh import document_input
from benchtable.scrapers.sources import load_sources, source_for_url
from tests.conftest import CLI

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"
SHA = "0" * 64


def _doc(text: str | bytes, ctype: str, url: str = "https://example.org/f", **hints: Any) -> DocumentInput:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return DocumentInput(data=data, content_type=ctype, url=url, sha256=SHA, hints=hints)


def _find(records: list[ScoreRecord], model: str, benchmark: str, **kw: Any) -> ScoreRecord:
    hits = [r for r in records if r.model == model and r.benchmark == benchmark]
    for key, value in kw.items():
        hits = [r for r in hits if getattr(r.protocol, key, None) == value or getattr(r, key, None) == value]
    assert len(hits) == 1, (model, benchmark, kw, [(r.model, r.benchmark, r.value) for r in records])
    return hits[0]


# ------------------------------------------------------------------------------- CSV parse


def test_parse_csv_matches_the_csv_module_and_tracks_field_lines() -> None:
    text = 'name,score,note\r\n"Model ""A""",1.5,"two\nlines"\nB,2,\n\n"C, big",3,x\n'
    rows = parse_csv(text)
    assert [[f.text for f in r] for r in rows] == [r for r in csv.reader(io.StringIO(text)) if r]
    assert [f.line for f in rows[1]] == [2, 2, 2]
    # the row after a two-line quoted field starts on line 4; the blank line 5 is skipped
    assert [f.line for f in rows[2]] == [4, 4, 4]
    assert rows[3][0].text == "C, big" and rows[3][0].line == 6


def test_parse_csv_without_final_newline() -> None:
    rows = parse_csv("a,b\n1,2")
    assert [[f.text for f in r] for r in rows] == [["a", "b"], ["1", "2"]]


def test_value_after_multiline_field_keeps_its_own_line() -> None:
    text = 'Model,notes,MMLU\nfoo-7b,"a\nb\nc",55.1\nbar-13b,x,60.2\n'
    records = extract_document(_doc(text, "text/csv"))
    # 55.1 stands on line 4, after the quoted field that spans lines 2-4
    assert _find(records, "foo-7b", "mmlu").citation.locator.line == 4
    assert _find(records, "bar-13b", "mmlu").citation.locator.line == 5


# --------------------------------------------------------------------------------- CSV


def test_csv_with_byte_order_mark() -> None:
    text = "Model,Average,MMLU (5-shot),Parameters,URL\nllama-65b,58.3,48.8,100.0,https://x.org/a\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        records = extract_document(_doc(data, "text/csv"))
        assert {(r.benchmark, r.value) for r in records} == {("average", 58.3), ("mmlu", 48.8)}
        rec = _find(records, "llama-65b", "mmlu")
        assert rec.protocol.n_shot == 5
        assert rec.citation.locator.line == 2
        assert rec.citation.locator.column == 2
        assert rec.scale is Scale.PERCENT
        assert rec.raw == "48.8"


def test_csv_drops_non_score_columns() -> None:
    text = (
        ",win_rate,standard_error,n_wins,n_total,discrete_win_rate,mode,avg_length,"
        "length_controlled_winrate,lc_standard_error,link,date,votes,rank\n"
        "foo-7b,20.5,1.2,150,805,19.8,community,1500,22.1,0.4,https://x.org,2024-01-01,1200,3\n"
    )
    records = extract_document(_doc(text, "text/csv", benchmark_prefix="AlpacaEval 2.0"))
    assert {r.benchmark for r in records} == {"alpacaeval2", "alpacaeval2_discrete", "alpacaeval2_lc"}
    assert all(r.model == "foo-7b" and r.model_label == "foo-7b" for r in records)
    for header in ("standard_error", "lc_standard_error", "n_wins", "n_total", "avg_length", "mode", "link"):
        assert not_score_column(header), header
    for header in (
        "win_rate",
        "length_controlled_winrate",
        "discrete_win_rate",
        "MMLU (5-shot)",
        "AMPS_Hard",
    ):
        assert not not_score_column(header), header


def _registered(source_id: str, text: str) -> DocumentInput:
    """`text` as a document of the registered source `source_id`, with that source's hints."""
    source = next(s for s in load_sources() if s.id == source_id)
    data = text.encode("utf-8")
    return document_input(source, data, source.content_type or "text/csv", source.url, SHA)


def test_alpacaeval_version_follows_the_source_hints() -> None:
    text = "name,length_controlled_winrate,win_rate,avg_length,link,samples,filter\nfoo-7b,30.1,25.2,1800,,,minimal\n"
    v2 = extract_document(_registered("alpacaeval2-leaderboard-csv", text))
    v1 = extract_document(_registered("alpacaeval1-leaderboard-csv", text))
    assert {(r.benchmark, r.value) for r in v2} == {("alpacaeval2_lc", 30.1), ("alpacaeval2", 25.2)}
    assert {(r.benchmark, r.value) for r in v1} == {("alpacaeval_lc", 30.1), ("alpacaeval", 25.2)}
    # the URL alone names no family: layouts are source hints, not URL patterns
    bare = extract_document(_doc(text, "text/csv", url=v2[0].citation.url))
    assert ("win_rate", 25.2) in {(r.benchmark, r.value) for r in bare}


def test_extract_with_the_url_of_a_registered_source_gets_its_hints(cli: CLI, tmp_path: Path) -> None:
    text = "name,win_rate,avg_length\nfoo-7b,25.2,1800\n"
    csv_file = tmp_path / "leaderboard.csv"
    csv_file.write_text(text)
    # the registered AlpacaEval 2.0 leaderboard, at another commit than the registered `main`
    url = (
        "https://raw.githubusercontent.com/tatsu-lab/alpaca_eval/0123456789abcdef0123456789abcdef01234567/"
        "docs/data_AlpacaEval_2/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"
    )
    result = cli("--db", tmp_path / "x.duckdb", "extract", csv_file, "--url", url)
    assert result.code == 0
    [record] = [json.loads(line) for line in result.out.splitlines()]
    assert (record["benchmark"], record["value"]) == ("alpacaeval2", 25.2)


def test_extract_reads_the_hints_of_a_source_registered_beside_the_database(cli: CLI, tmp_path: Path) -> None:
    csv_file = tmp_path / "leaderboard.csv"
    csv_file.write_text("name,win_rate\nfoo-7b,25.2\n")
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nid = "my-board"\nurl = "https://example.org/board.csv"\nkind = "leaderboard"\n'
        'hints = { benchmark_prefix = "AlpacaEval 2.0" }\n'
    )
    result = cli("--db", tmp_path / "x.duckdb", "extract", csv_file, "--url", "https://example.org/board.csv")
    assert result.code == 0
    [record] = [json.loads(line) for line in result.out.splitlines()]
    assert (record["source_id"], record["benchmark"]) == ("my-board", "alpacaeval2")


def test_csv_fraction_scale_is_what_the_file_holds() -> None:
    text = "model,mmlu,gsm8k\nfoo-7b,0.55,0.31\nbar-7b,0.61,0.40\n"
    records = extract_document(_doc(text, "text/csv"))
    assert {r.scale for r in records} == {Scale.FRACTION}
    assert _find(records, "bar-7b", "gsm8k").value == 0.40


def test_csv_tables_keep_document_columns() -> None:
    tables = csv_tables(_doc("Model,URL,MMLU\nfoo-7b,https://a,50.0\n", "text/csv"))
    assert len(tables) == 1
    header = tables[0].rows[0]
    assert [c.raw for c in header] == ["Model", "URL", "MMLU"]
    assert header[1].text == ""  # blanked: never part of the model label


def test_csv_without_known_benchmarks_yields_nothing() -> None:
    assert extract_document(_doc("model,foo,bar\nx-7b,1.0,2.0\n", "text/csv")) == []


def test_livebench_tasks_are_livebench_benchmarks() -> None:
    text = "model,AMPS_Hard,zebra_puzzle\nfoo-7b,48.0,46.0\n"
    records = extract_document(_registered("livebench-table-2024-06-24-csv", text))
    assert {(r.benchmark, r.value) for r in records} == {
        ("livebench_amps_hard", 48.0),
        ("livebench_zebra_puzzle", 46.0),
    }


# --------------------------------------------------------------------------- JSON parser


def test_json_positions_and_pointers() -> None:
    text = '{\n  "a/b": {"x~y": [1, 2.5e-1,\n   null]},\n  "s": "q\\"uote"\n}'
    jt = JsonText(text)
    assert jt.root.get("s") is not None and jt.root.get("s").value == 'q"uote'  # type: ignore[union-attr]
    arr = jt.root.get("a/b").get("x~y")  # type: ignore[union-attr]
    assert arr is not None
    assert [jt.raw(n) for n in arr.items] == ["1", "2.5e-1", "null"]
    assert [jt.line(n.start) for n in arr.items] == [2, 2, 3]
    assert pointer("a/b", "x~y", 1) == "/a~1b/x~0y/1"
    assert json.loads(text) == json.loads(jt.text)


def test_bad_json_is_a_document_error() -> None:
    with pytest.raises(DocumentError):
        extract_document(_doc('{"results": {', "application/json"))


# --------------------------------------------------------------------- harness results

HARNESS = """{
  "results": {
    "arc_challenge": {
      "acc": 0.43,
      "acc_stderr": 0.0144,
      "acc_norm": 0.46,
      "acc_norm_stderr": 0.0145
    },
    "hendrycksTest-abstract_algebra": {
      "acc": 0.27,
      "acc_stderr": 0.04
    },
    "lambada_openai": {
      "ppl": 3.39,
      "ppl_stderr": 0.06
    }
  },
  "versions": {"arc_challenge": 0, "hendrycksTest-abstract_algebra": 1, "lambada_openai": 0},
  "config": {
    "model": "gpt2",
    "model_args": "use_fast=False,pretrained=meta-llama/Llama-2-7b-hf,dtype=bfloat16",
    "num_fewshot": 5
  }
}"""


def test_harness_results() -> None:
    records = extract_document(_doc(HARNESS, "application/json"))
    assert len(records) == 4  # no stderr, no invented MMLU average
    assert {r.model for r in records} == {"llama-2-7b"}
    assert {r.configuration.precision for r in records} == {"bf16"}
    acc = _find(records, "llama-2-7b", "arc_challenge", metric="acc")
    assert (acc.value, acc.raw, acc.scale, acc.protocol.n_shot) == (0.43, "0.43", Scale.FRACTION, 5)
    assert acc.citation.locator.line == 4
    assert acc.citation.locator.pointer == "/results/arc_challenge/acc"
    norm = _find(records, "llama-2-7b", "arc_challenge", metric="acc_norm")
    assert norm.citation.locator.line == 6
    subject = _find(records, "llama-2-7b", "mmlu_abstract_algebra")
    assert subject.citation.locator.pointer == "/results/hendrycksTest-abstract_algebra/acc"
    ppl = _find(records, "llama-2-7b", "lambada")
    assert (ppl.scale, ppl.protocol.metric) == (Scale.PERPLEXITY, "ppl")
    assert not any(r.benchmark == "mmlu" for r in records)


def test_model_args() -> None:
    assert parse_model_args("pretrained=/data/LLaMA/hf/7B,use_accelerate=True") == {
        "pretrained": "/data/LLaMA/hf/7B",
        "use_accelerate": "True",
    }
    local = HARNESS.replace(
        "use_fast=False,pretrained=meta-llama/Llama-2-7b-hf,dtype=bfloat16",
        "pretrained=/gaueko1/models/LLaMA/lm/huggingface/7B,load_in_8bit=True",
    )
    records = extract_document(_doc(local, "application/json"))
    assert {r.model for r in records} == {"llama-7b"}
    cfg = records[0].configuration
    assert (cfg.quant_method, cfg.bits, cfg.precision) == ("bitsandbytes", 8, None)


def test_harness_model_from_config_model_and_shots_per_task() -> None:
    text = (
        '{"results": {"hellaswag": {"acc,none": 0.5, "acc_stderr,none": 0.01}},'
        ' "n-shot": {"hellaswag": 10}, "config": {"model": "org/some-model-7b"}}'
    )
    [rec] = extract_document(_doc(text, "application/json"))
    assert (rec.model, rec.benchmark, rec.protocol.metric, rec.protocol.n_shot) == (
        "some-model-7b",
        "hellaswag",
        "acc",
        10,
    )
    assert rec.citation.locator.pointer == "/results/hellaswag/acc,none"


# ------------------------------------------------------------------------- tabular JSON


def test_object_keyed_by_model() -> None:
    text = """{
  "Foo-8B-Instruct": {
    "link": "https://x.org",
    "open-data": "NONE",
    "pass@1": {
      "humaneval": 81.7,
      "humaneval+": 77.4,
      "mbpp": null
    },
    "prompted": true,
    "size": 8.0
  }
}"""
    records = extract_document(_doc(text, "application/json"))
    assert {(r.benchmark, r.value) for r in records} == {("humaneval", 81.7), ("humaneval_plus", 77.4)}
    rec = _find(records, "foo-8b-instruct", "humaneval_plus")
    assert rec.protocol.metric == "pass@1"
    assert rec.citation.locator.line == 7
    assert rec.citation.locator.pointer == "/Foo-8B-Instruct/pass@1/humaneval+"


def test_list_of_records() -> None:
    text = (
        '[\n {"model": "foo-7b", "MMLU": 55.1, "rank": 1},\n {"model": "bar-13b", "MMLU": 60.2, "rank": 2}\n]'
    )
    records = extract_document(_doc(text, "application/json"))
    assert {(r.model, r.value) for r in records} == {("foo-7b", 55.1), ("bar-13b", 60.2)}
    rec = _find(records, "bar-13b", "mmlu")
    assert (rec.citation.locator.line, rec.citation.locator.pointer) == (3, "/1/MMLU")


def test_records_under_one_key() -> None:
    text = '{"updated": "2024-01-01", "data": [{"name": "foo-7b", "gsm8k": 0.5}]}'
    [rec] = extract_document(_doc(text, "application/json"))
    assert (rec.model, rec.benchmark, rec.scale, rec.citation.locator.pointer) == (
        "foo-7b",
        "gsm8k",
        Scale.FRACTION,
        "/data/0/gsm8k",
    )


def test_headerless_arrays_need_columns() -> None:
    text = '[["org/foo-7b", 60.1, 55.0], ["bar-13b", 62.0, 57.5]]'
    assert extract_document(_doc(text, "application/json")) == []
    records = extract_document(_doc(text, "application/json", columns=["Model", "Average", "MMLU (5-shot)"]))
    rec = _find(records, "bar-13b", "mmlu")
    assert (rec.value, rec.protocol.n_shot, rec.citation.locator.pointer) == (57.5, 5, "/1/2")
    assert len(records) == 4


def test_headerless_arrays_with_the_columns_of_their_source() -> None:
    text = '[["llama-65b", 62.1, 57.6, 84.3, 63.4, 43.0]]'
    records = extract_document(_registered("openllm-snapshot-2023-07-14-json", text))
    assert _find(records, "llama-65b", "mmlu").value == 63.4
    assert _find(records, "llama-65b", "arc_challenge").protocol.n_shot == 25
    assert len(records) == 5


def test_arrays_with_a_header_row() -> None:
    text = '[["model", "MMLU"], ["foo-7b", 50.5]]'
    [rec] = extract_document(_doc(text, "application/json"))
    assert (rec.model, rec.value, rec.citation.locator.pointer) == ("foo-7b", 50.5, "/1/1")


def test_json_without_scores() -> None:
    text = '{"Reasoning": ["web_of_lies_v2", "zebra_puzzle"], "Coding": ["LCB_generation"]}'
    assert extract_document(_doc(text, "application/json")) == []


def test_generic_rows_response() -> None:
    text = json.dumps(
        {
            "features": [{"feature_idx": 0, "name": "model", "type": {"dtype": "string", "_type": "Value"}}],
            "rows": [{"row_idx": 0, "row": {"model": "foo-7b", "MMLU": 51.0}, "truncated_cells": []}],
            "num_rows_total": 1,
            "num_rows_per_page": 100,
            "partial": False,
        }
    )
    [rec] = extract_document(_doc(text, "application/json"))
    assert rec.citation.locator.pointer == "/rows/0/row/MMLU"


# ------------------------------------------------------------------------------- corpus


def _manifest() -> dict[str, dict[str, Any]]:
    path = CORPUS / "manifest.jsonl"
    if not path.is_file():
        pytest.skip("recorded corpus (../shared/corpus) not present")
    return {d["id"]: d for d in map(json.loads, path.read_text("utf-8").splitlines()) if d}


def _corpus(doc_id: str) -> list[ScoreRecord]:
    entry = _manifest().get(doc_id)
    if entry is None:
        pytest.skip(f"{doc_id} not in the corpus")
    data = (CORPUS / entry["path"]).read_bytes()
    source = source_for_url(load_sources(), entry["url"])  # its layout hints, as refresh gives them
    doc = DocumentInput(
        data=data,
        content_type=entry["content_type"],
        url=entry["url"],
        sha256=entry["sha256"],
        source_id=doc_id,
        hints=source.hints.as_mapping() if source is not None else {},
    )
    return extract_document(doc)


def _cell(records: list[ScoreRecord], model: str, benchmark: str, line: int, **kw: Any) -> ScoreRecord:
    hits = [
        r
        for r in records
        if model in (r.model, r.model_label) and r.benchmark == benchmark and r.citation.locator.line == line
    ]
    for key, value in kw.items():
        hits = [r for r in hits if getattr(r.protocol, key) == value]
    if len(hits) > 1:  # `llama-65b` and `huggyllama/llama-65b` are one model on the same line
        hits = [r for r in hits if r.model_label == model]
    assert len(hits) == 1, (model, benchmark, line, kw, len(hits))
    return hits[0]


# (doc id, at least this many records, [(model, benchmark, line, value, protocol fields)])
CORPUS_CELLS: list[tuple[str, int, list[tuple[str, str, int, float, dict[str, Any]]]]] = [
    (
        "alpacaeval2-leaderboard-csv",
        400,
        [
            ("nullmodel-adversarial", "alpacaeval2_lc", 2, 86.45780691307947, {}),
            ("nullmodel-adversarial", "alpacaeval2", 2, 76.91979180386511, {}),
        ],
    ),
    (
        "alpacaeval2-leaderboard-src-csv",
        600,
        [
            ("nullmodel", "alpacaeval2", 2, 76.91979180386511, {}),
            ("nullmodel", "alpacaeval2_lc", 2, 86.45780691307947, {}),
        ],
    ),
    ("alpacaeval1-leaderboard-csv", 150, [("mistral-medium", "alpacaeval", 4, 96.83229813664596, {})]),
    (
        "openllm-snapshot-2023-05-23-csv",
        245,
        [("llama-65b", "mmlu", 2, 48.8, {"n_shot": 5}), ("llama-65b", "average", 2, 58.3, {})],
    ),
    ("openllm-snapshot-2023-09-15-csv", 6000, [("marcoroni-70b", "arc_challenge", 2, 73.0, {"n_shot": 25})]),
    ("livebench-table-2024-06-24-csv", 1200, [("chatgpt-4o-latest", "livebench_amps_hard", 2, 48.0, {})]),
    ("openllm-snapshot-2023-07-14-json", 700, [("llama-65b", "mmlu", 1, 63.4, {"n_shot": 5})]),
    (
        "evalplus-leaderboard-json",
        400,
        [("opencoder-8b-instruct", "humaneval", 6, 81.7, {"metric": "pass@1"})],
    ),
    (
        "stablelm-evals-llama2-7b-json",
        20,
        [("llama-2-7b", "arc_challenge", 4, 0.4300341296928328, {"metric": "acc", "n_shot": 0})],
    ),
    (
        "stablelm-evals-mistral-7b-json",
        18,
        [("mistral-7b", "arc_challenge", 4, 0.5025597269624573, {"metric": "acc"})],
    ),
    (
        "lmeval-results-llama-7b-csr-json",
        20,
        [
            ("llama-7b", "piqa", 4, 0.7818280739934712, {"metric": "acc", "n_shot": 0}),
            ("llama-7b", "mc_taco", 53, 0.4827075067316446, {"metric": "f1"}),
        ],
    ),
    (
        "lmeval-results-llama-7b-mmlu-json",
        114,
        [("llama-7b", "mmlu_high_school_geography", 4, 0.4292929292929293, {"metric": "acc", "n_shot": 5})],
    ),
    (
        "stablelm-openllm-arc-json",
        2,
        [
            (
                "stabilityai/stablelm-base-alpha-7b-v2",
                "arc_challenge",
                5,
                0.4726962457337884,
                {"metric": "acc_norm", "n_shot": 25},
            )
        ],
    ),
    ("stablelm-openllm-mmlu-json", 114, []),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("doc_id", "least", "cells"), CORPUS_CELLS, ids=[c[0] for c in CORPUS_CELLS])
def test_corpus_data_file(
    doc_id: str, least: int, cells: list[tuple[str, str, int, float, dict[str, Any]]]
) -> None:
    records = _corpus(doc_id)
    assert len(records) >= least
    for model, benchmark, line, value, proto in cells:
        rec = _cell(records, model, benchmark, line, **proto)
        assert rec.value == pytest.approx(value, abs=1e-9)
    # stderr, standard errors, counts and lengths never become records
    assert not any("stderr" in r.citation.quote or "standard_error" in r.benchmark for r in records)


@pytest.mark.corpus
def test_corpus_harness_has_no_mmlu_average() -> None:
    records = _corpus("lmeval-results-llama-7b-mmlu-json")
    assert len({r.benchmark for r in records}) == 57
    assert all(r.benchmark.startswith("mmlu_") for r in records)


def test_corpus_livebench_categories_hold_no_scores() -> None:
    # the category -> task mapping of a LiveBench release: task names only, no numbers
    assert _corpus("livebench-categories-2024-11-25-json") == []
