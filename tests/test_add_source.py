"""`benchtable add`: a URL or a local file/folder registered and fetched in one step; local and
replayed documents are re-read when their bytes change, whatever a manifest says."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from benchtable.scrapers.adding import guess_id, guess_kind
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES

CARD = """# Acme

| Model | MMLU | GSM8K |
| --- | --- | --- |
| Acme-7B | 61.2 | 40.1 |
| Acme-7B q4_K_M (llama.cpp) | 60.3 | 38.0 |
"""


def _values(cli: CLI, db: Path) -> list[list[object]]:
    result = cli(
        "--db",
        db,
        "query",
        "--format",
        "json",
        "SELECT model, quant_format, benchmark, value "
        "FROM latest_scores ORDER BY benchmark, quant_format NULLS FIRST",
    )
    assert result.code == 0, result.err
    return [list(r.values()) for r in json.loads(result.out)]


def test_add_a_local_file_registers_it_beside_the_db_and_fetches_it(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "docs" / "acme.md"
    card.parent.mkdir()
    card.write_text(CARD)
    db = tmp_path / "bench.duckdb"
    result = cli("--db", db, "add", card, "--kind", "model_card")
    assert result.code == 0, result.err
    entries = tomllib.loads((tmp_path / "sources.toml").read_text())["source"]
    assert entries == [
        {"id": "acme", "url": card.resolve().as_uri(), "kind": "model_card", "content_type": "text/markdown"}
    ]
    assert _values(cli, db) == [
        ["acme-7b", None, "gsm8k", 40.1],
        ["acme-7b", "Q4_K_M", "gsm8k", 38.0],
        ["acme-7b", None, "mmlu", 61.2],
        ["acme-7b", "Q4_K_M", "mmlu", 60.3],
    ]
    assert "acme" in cli("--db", db, "sources").out


def test_an_edited_local_file_is_a_new_version(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "acme.md"
    card.write_text(CARD)
    db = tmp_path / "bench.duckdb"
    assert cli("--db", db, "add", f"file://{card}").code == 0
    assert json.loads(cli("--db", db, "refresh", "acme", "--json").out)["counts"]["unchanged"] == 1
    card.write_text(CARD.replace("61.2", "62.5"))
    summary = json.loads(cli("--db", db, "refresh", "acme", "--json").out)
    assert summary["counts"]["changed"] == 1
    assert ["acme-7b", None, "mmlu", 62.5] in _values(cli, db)


def test_add_refuses_a_duplicate_id_or_document_and_writes_nothing(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "acme.md"
    card.write_text(CARD)
    db = tmp_path / "bench.duckdb"
    assert cli("--db", db, "add", card, "--no-fetch").code == 0
    before = (tmp_path / "sources.toml").read_text()
    again = cli("--db", db, "add", card, "--id", "acme-again", "--no-fetch")
    assert again.code == 2 and "already registered as source 'acme'" in again.err
    other = tmp_path / "other.md"
    other.write_text(CARD)
    same_id = cli("--db", db, "add", other, "--id", "acme", "--no-fetch")
    assert same_id.code == 2 and "source id 'acme' is already registered" in same_id.err
    packaged = cli("--db", db, "add", other, "--id", "qwen-readme", "--no-fetch")
    assert packaged.code == 2 and "already registered" in packaged.err
    assert (tmp_path / "sources.toml").read_text() == before


def test_add_a_folder_registers_each_document_once(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text(CARD)
    (folder / "sub" / "b.csv").write_text("model,MMLU\nAcme-7B,61.2\n")
    (folder / ".hidden.md").write_text(CARD)
    sources = tmp_path / "mine.toml"
    assert cli("--db", tmp_path / "x.duckdb", "add", folder, "--sources", sources, "--no-fetch").code == 0
    ids = [s["id"] for s in tomllib.loads(sources.read_text())["source"]]
    assert ids == ["cards-a", "cards-b"]
    (folder / "c.md").write_text(CARD)
    assert cli("--db", tmp_path / "x.duckdb", "add", folder, "--sources", sources, "--no-fetch").code == 0
    assert [s["id"] for s in tomllib.loads(sources.read_text())["source"]] == [*ids, "cards-c"]


def test_add_a_missing_path_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    result = cli("--db", tmp_path / "x.duckdb", "add", tmp_path / "nope.md")
    assert result.code == 2 and "no such file or folder" in result.err
    assert not (tmp_path / "sources.toml").exists()


def test_missing_local_file_fails_only_that_source(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "acme.md"
    card.write_text(CARD)
    db = tmp_path / "bench.duckdb"
    assert cli("--db", db, "add", card).code == 0
    card.unlink()
    result = cli("--db", db, "refresh", "acme")
    assert result.code == 1 and "cannot read" in result.err
    assert len(_values(cli, db)) == 4


def test_guesses_for_urls() -> None:
    url = "https://raw.githubusercontent.com/QwenLM/Qwen/main/README.md"
    assert (guess_id(url), guess_kind(url).value) == ("qwenlm-qwen-readme", "readme")
    assert guess_kind("https://arxiv.org/abs/2210.17323").value == "arxiv"
    assert guess_kind("https://huggingface.co/Qwen/Qwen-7B/raw/main/README.md").value == "model_card"


def test_replayed_file_edited_without_updating_its_manifest_is_changed(cli: CLI, tmp_path: Path) -> None:
    """On main the transport answered 304 to the manifest's sha256: the edit was silently 'unchanged'."""
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    db = tmp_path / "bench.duckdb"
    first = cli("--db", db, "refresh", "--replay", corpus, "--sources", MINI_SOURCES, "toy-card", "--json")
    assert first.code == 0, first.err
    card = corpus / "documents" / "toy-card.md"
    card.write_text(card.read_text() + "\n")
    second = cli("--db", db, "refresh", "--replay", corpus, "--sources", MINI_SOURCES, "toy-card", "--json")
    assert json.loads(second.out)["counts"]["changed"] == 1
