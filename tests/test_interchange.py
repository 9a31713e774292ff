"""Interchange formats: reading Hugging Face `.eval_results` YAML and Every Eval Ever JSON,
writing Every Eval Ever (validated against the vendored published schema) and model-index YAML."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from benchtable.db.store import Database
from benchtable.extract import extract_document
from benchtable.extract.model_index import model_index_records
from benchtable.extract.registry import DocumentInput
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Scale, ScoreRecord
from tests.conftest import CLI, FIXTURES, MINI_CORPUS, MINI_SOURCES, ROOT

HERE = FIXTURES / "interchange"
SCHEMA = json.loads((ROOT / "schema" / "data" / "eee" / "eval.schema.json").read_text("utf-8"))
SHA = "c" * 64
EVAL_RESULTS_URL = "https://huggingface.co/acme/Acme-7B/resolve/main/.eval_results/gpqa.yaml"
EEE_URL = "https://huggingface.co/datasets/evaleval/EEE_datastore/resolve/main/data/x/acme/Acme-7B/1.json"


def _doc(name: str, content_type: str, url: str, model: str | None = None) -> DocumentInput:
    return DocumentInput((HERE / name).read_bytes(), content_type, url, SHA, "fixture", model)


def _line(name: str, line: int) -> str:
    return (HERE / name).read_text("utf-8").splitlines()[line - 1]


# ----------------------------------------------------------------------- .eval_results YAML


@pytest.mark.parametrize("content_type", ["application/yaml", "text/plain"])
def test_eval_results_yaml_gives_cited_records(content_type: str) -> None:
    records = extract_document(_doc("gpqa.yaml", content_type, EVAL_RESULTS_URL))
    assert [(r.benchmark, r.value, r.scale) for r in records] == [
        ("gpqa", 41.2, Scale.PERCENT),
        ("mmlu_pro", 0.512, Scale.FRACTION),
    ]
    gpqa, pro = records
    assert gpqa.model == "acme-7b" and gpqa.model_label == "acme/Acme-7B"  # the repository the URL names
    assert gpqa.protocol.n_shot is None and gpqa.protocol.metric is None  # the format states neither
    assert (pro.protocol.n_shot, pro.protocol.cot, pro.protocol.details) == (
        5,
        True,
        "5-shot, chain-of-thought",
    )
    for r in records:
        assert r.raw in _line("gpqa.yaml", r.citation.locator.line or 0)
    assert gpqa.citation.locator.pointer == "/0/value"
    assert "Idavidrein/gpqa" in gpqa.citation.quote


def test_eval_results_are_detected_by_content_without_the_file_name() -> None:
    records = extract_document(
        _doc("gpqa.yaml", "text/plain", "https://example.org/scores.txt", model="Acme-7B")
    )
    assert [r.benchmark for r in records] == ["gpqa", "mmlu_pro"]
    assert {r.model for r in records} == {"acme-7b"}


def test_eval_results_without_a_known_model_fail_naming_the_fix() -> None:
    with pytest.raises(DocumentError, match=re.escape("register the source with `model = ...`")):
        extract_document(_doc("gpqa.yaml", "application/yaml", "https://example.org/gpqa.yaml"))


def test_a_file_under_eval_results_of_another_shape_fails_instead_of_giving_nothing() -> None:
    doc = DocumentInput(b"benchmark: gpqa\nscore: 41.2\n", "text/plain", EVAL_RESULTS_URL, SHA)
    with pytest.raises(DocumentError, match=re.escape("not an .eval_results file")):
        extract_document(doc)


def test_plain_text_that_is_not_eval_results_is_left_to_the_other_readers() -> None:
    doc = DocumentInput(
        b"| Model | MMLU |\n|---|---|\n| Acme-7B | 63.4 |\n", "text/plain", "https://e.org/a.txt", SHA
    )
    assert [(r.benchmark, r.value) for r in extract_document(doc)] == [("mmlu", 63.4)]


# ------------------------------------------------------------------------------ EEE JSON


@pytest.mark.parametrize("content_type", ["application/json", "text/plain; charset=utf-8"])
def test_eee_json_gives_cited_records_with_the_stated_protocol(content_type: str) -> None:
    records = extract_document(_doc("acme-eee.json", content_type, EEE_URL))
    assert len(records) == 2  # the level-scored result is a category, not a score; no table rows besides
    mmlu, gsm8k = records
    assert (mmlu.model, mmlu.configuration.precision) == ("acme-7b", "bf16")
    assert (mmlu.benchmark, mmlu.value, mmlu.scale) == ("mmlu", 0.6342, Scale.FRACTION)
    assert (mmlu.protocol.n_shot, mmlu.protocol.metric, mmlu.protocol.split) == (5, "acc", "test")
    assert (gsm8k.benchmark, gsm8k.value, gsm8k.scale, gsm8k.protocol.cot) == (
        "gsm8k",
        52.1,
        Scale.PERCENT,
        True,
    )
    assert mmlu.citation.locator.pointer == "/evaluation_results/0/score_details/score"
    for r in records:
        assert r.raw in _line("acme-eee.json", r.citation.locator.line or 0)


def test_eee_json_of_schema_0_0_1_without_source_data_reads() -> None:
    doc = {
        "schema_version": "0.0.1",
        "evaluation_id": "hfopenllm_v2/acme_Acme-7B/1",
        "retrieved_timestamp": "1",
        "source_metadata": {
            "source_organization_name": "Hugging Face",
            "evaluator_relationship": "third_party",
        },
        "model_info": {"name": "acme/Acme-7B", "id": "acme/Acme-7B"},
        "evaluation_results": [
            {
                "evaluation_name": "MMLU-PRO",
                "metric_config": {
                    "lower_is_better": False,
                    "score_type": "continuous",
                    "min_score": 0,
                    "max_score": 1,
                },
                "score_details": {"score": 0.2991},
            }
        ],
    }
    data = json.dumps(doc, indent=2).encode()
    records = extract_document(DocumentInput(data, "application/json", "https://e.org/x.json", SHA))
    assert [(r.model, r.benchmark, r.value, r.scale) for r in records] == [
        ("acme-7b", "mmlu_pro", 0.2991, Scale.FRACTION)
    ]


# ------------------------------------------------------------------------------- exports


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The mini corpus plus the two interchange fixtures, as a replay folder and a sources file."""
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    extra = [
        ("acme-eval-results", "gpqa.yaml", EVAL_RESULTS_URL, "application/yaml", "model_card"),
        ("acme-eee", "acme-eee.json", EEE_URL, "application/json", "leaderboard"),
    ]
    lines = []
    toml = [MINI_SOURCES.read_text("utf-8")]
    for sid, name, url, ctype, kind in extra:
        data = (HERE / name).read_bytes()
        (corpus / "documents" / name).write_bytes(data)
        entry = {
            "id": sid,
            "url": url,
            "path": f"documents/{name}",
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "content_type": ctype,
            "source_kind": kind,
        }
        lines.append(json.dumps(entry))
        toml.append(f'\n[[source]]\nid = "{sid}"\nurl = "{url}"\nkind = "{kind}"\ncontent_type = "{ctype}"\n')
    with (corpus / "manifest.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(toml), "utf-8")
    return corpus, sources


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus refreshed once for the module; each test gets a copy (`db`)."""
    from benchtable.cli import run

    root = tmp_path_factory.mktemp("interchange")
    corpus, sources = _corpus(root)
    path = root / "bt.duckdb"
    assert (
        run(["--quiet", "--db", str(path), "refresh", "--replay", str(corpus), "--sources", str(sources)])
        == 0
    )
    return path


@pytest.fixture
def db(built_db: Path, tmp_path: Path) -> Path:
    """This test's copy of the database, its blob store and the sources file beside it."""
    path = tmp_path / "bt.duckdb"
    shutil.copyfile(built_db, path)
    shutil.copytree(built_db.with_name("bt.duckdb.blobs"), tmp_path / "bt.duckdb.blobs")
    shutil.copyfile(built_db.with_name("sources.toml"), tmp_path / "sources.toml")
    return path


def _current(db: Path) -> dict[str, ScoreRecord]:
    with Database(db, read_only=True) as store:
        return {r.record_id(): r for r in store.current_records()}


def _protocol_and_value(r: ScoreRecord) -> tuple[Any, ...]:
    p = r.protocol
    return (
        r.model,
        r.configuration,
        r.benchmark,
        r.value,
        r.scale,
        p.n_shot,
        p.cot,
        p.metric,
        p.split,
        p.context_length,
    )


def test_export_eee_validates_against_the_published_schema_and_reads_back_the_same(
    cli: CLI, db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eee"
    result = cli("--db", db, "export", "--format", "eee", "-o", out)
    assert result.code == 0, result.err
    files = sorted(out.rglob("*.json"))
    assert files and f"exported {len(files)} EEE records" in result.err
    current = _current(db)
    validator = jsonschema.Draft7Validator(SCHEMA)
    for path in files:
        doc = json.loads(path.read_text("utf-8"))
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"
        cited = doc["source_metadata"]["additional_details"]
        original = current[cited["record_id"]]
        assert (cited["url"], cited["sha256"], cited["quote"]) == (
            original.citation.url,
            original.citation.sha256,
            original.citation.quote,
        )
        assert cited["locator"] == original.citation.locator.describe()
        (back,) = extract_document(DocumentInput(path.read_bytes(), "application/json", path.as_uri(), SHA))
        assert _protocol_and_value(back) == _protocol_and_value(original), path


def test_export_eee_writes_one_record_per_model_configuration_and_benchmark(
    cli: CLI, db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eee"
    assert cli("--db", db, "export", "--format", "eee", "-o", out).code == 0
    groups = {(r.model, r.configuration, r.benchmark) for r in _current(db).values() if r.bound is None}
    files = sorted(out.rglob("*.json"))
    assert len(files) == len(groups)
    assert cli("--db", db, "export", "--format", "eee", "-o", out).code == 0
    assert sorted(out.rglob("*.json")) == files  # re-exporting overwrites, never duplicates
    # the report's preference: the card's own stated 5-shot MMLU of Toy-7B-Chat BF16, not the README's
    toy = [json.loads(p.read_text("utf-8")) for p in (out / "mmlu" / "toy-7b-chat").glob("*.json")]
    chosen = {
        json.dumps(d["model_info"]["additional_details"], sort_keys=True): d["evaluation_results"][0]
        for d in toy
    }
    bf16 = chosen[
        json.dumps(
            {"deployment_type": "unknown", "model_availability": "unknown", "precision": "bf16"},
            sort_keys=True,
        )
    ]
    assert bf16["score_details"]["score"] == 58.2


def test_export_model_index_writes_the_yaml_block_of_one_model(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "export", "--format", "model-index", "--model", "acme/Acme-7B", "-o", "-")
    assert result.code == 0, result.err
    block = yaml.safe_load(result.out)
    # one entry per configuration: the .eval_results file states none, the EEE file bf16
    entries = {e["name"]: {r["dataset"]["type"]: r for r in e["results"]} for e in block["model-index"]}
    assert {name: set(results) for name, results in entries.items()} == {
        "acme/Acme-7B": {"gpqa", "mmlu_pro"},
        "acme/Acme-7B BF16": {"mmlu", "gsm8k"},
    }
    mmlu = entries["acme/Acme-7B BF16"]["mmlu"]
    assert mmlu["dataset"]["args"] == {"num_few_shot": 5}
    assert mmlu["metrics"][0]["type"] == "acc"
    assert mmlu["source"]["url"] == EEE_URL
    card = f"---\n{result.out}---\n".encode()
    back = model_index_records(DocumentInput(card, "text/markdown", "https://e.org/README.md", SHA))
    current = [r for r in _current(db).values() if r.model == "acme-7b"]

    def key(r: ScoreRecord) -> tuple[Any, ...]:
        return (r.configuration.precision, r.benchmark, r.value, r.protocol.n_shot)

    assert sorted(map(key, back), key=str) == sorted(map(key, current), key=str)
    # a stated metric reads back; an unstated one has the benchmark id standing in (the format requires one)
    metrics = {(r.benchmark, r.protocol.metric) for r in back}
    assert ("mmlu", "acc") in metrics and ("gsm8k", "gsm8k") in metrics


def test_export_model_index_to_a_file(cli: CLI, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "model-index.yaml"
    result = cli("--db", db, "export", "--format", "model-index", "--model", "Acme-7B", "-o", out)
    assert result.code == 0, result.err
    assert yaml.safe_load(out.read_text("utf-8"))["model-index"][0]["name"] == "acme/Acme-7B"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "model-index", "-o", "-"], 2, "needs --model"),
        (
            ["--format", "model-index", "--model", "no-such-model", "-o", "-"],
            1,
            "no current records for model",
        ),
        (
            ["--format", "csv", "--model", "acme-7b", "-o", "x.csv"],
            2,
            "--model applies to --format model-index",
        ),
        (["--format", "eee", "--history", "-o", "d"], 2, "--history does not apply"),
    ],
)
def test_export_interchange_bad_arguments_fail_with_one_line(
    cli: CLI, db: Path, args: list[str], code: int, message: str
) -> None:
    result = cli("--db", db, "export", *args)
    assert result.code == code
    assert message in result.err


def test_export_eee_into_an_existing_file_is_refused(cli: CLI, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.json"
    target.write_text("{}", "utf-8")
    result = cli("--db", db, "export", "--format", "eee", "-o", target)
    assert result.code == 2
    assert "writes a folder" in result.err
    assert target.read_text("utf-8") == "{}"


def test_extract_cli_reads_an_eval_results_yaml_file(cli: CLI) -> None:
    result = cli("extract", HERE / "gpqa.yaml", "--url", EVAL_RESULTS_URL)
    assert result.code == 0, result.err
    assert [json.loads(line)["benchmark"] for line in result.out.splitlines()] == ["gpqa", "mmlu_pro"]


def test_export_model_index_has_one_entry_per_configuration_whatever_the_label_spelling(
    cli: CLI, db: Path
) -> None:
    # the mini corpus prints `Toy-7B-Chat (BF16)` in the card and `Toy-7B-Chat BF16` in the README
    result = cli("--db", db, "export", "--format", "model-index", "--model", "Toy-7B-Chat", "-o", "-")
    assert result.code == 0, result.err
    entries = yaml.safe_load(result.out)["model-index"]
    assert [e["name"] for e in entries] == [
        "Toy-7B-Chat",
        "Toy-7B-Chat BF16",
        "Toy-7B-Chat GPTQ int4",
        "Toy-7B-Chat int4",
    ]
    bf16 = {r["dataset"]["type"]: r["metrics"][0] for r in entries[1]["results"]}
    assert set(bf16) == {"decode_speed", "gsm8k", "humaneval", "mmlu"}
    assert bf16["mmlu"] == {"type": "mmlu", "value": 58.2, "name": "MMLU (5-shot)"}


def _record(source_id: str, value: float, n_shot: int | None, bound: str | None = None) -> ScoreRecord:
    from benchtable.schema.records import Citation, Locator, Protocol

    return ScoreRecord(
        source_id=source_id,
        model="acme-7b",
        model_label="Acme-7B",
        benchmark="mmlu",
        benchmark_label="MMLU",
        protocol=Protocol(n_shot=n_shot, metric="acc" if n_shot is not None else None),
        value=value,
        raw=str(value),
        scale=Scale.PERCENT,
        bound=bound,
        citation=Citation(
            url=f"https://e.org/{source_id}", sha256=SHA, locator=Locator(line=3), quote="MMLU"
        ),
    )


def test_preferred_record_is_the_one_the_report_would_show() -> None:
    from benchtable.reports.interchange import preferred_records
    from benchtable.reports.sources import metas_from_sources
    from benchtable.schema.records import Source, SourceKind

    sources = [
        Source(id="card", url="https://e.org/card", kind=SourceKind.MODEL_CARD, model="Acme-7B"),
        Source(id="board", url="https://e.org/board", kind=SourceKind.LEADERBOARD),
        Source(id="blog", url="https://e.org/blog", kind=SourceKind.BLOG),
    ]
    metas = metas_from_sources(sources)
    blog, board, card = _record("blog", 70.0, None), _record("board", 64.0, 5), _record("card", 63.0, 5)
    bound = _record("card", 80.0, 5, bound=">")
    # all stating MMLU's default protocol (5-shot acc): the model's own card beats a leaderboard; bounds never count
    (only,) = preferred_records([blog, board, card, bound], metas)
    assert (only.record.source_id, only.record.value, only.candidates) == ("card", 63.0, 3)
    # protocol fit comes first: a stated 5-shot leaderboard value beats the card's unstated one
    (fit_first,) = preferred_records([board, _record("card", 61.0, None)], metas)
    assert fit_first.record.source_id == "board"
