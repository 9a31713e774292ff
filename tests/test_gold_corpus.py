"""Extraction measured against the gold annotations, in process, on the recorded corpus.

The tuned set (tests/gold) must stay at precision >= 0.99 and recall >= 0.95 overall (issue
11's bar for the existing text sets); the held-out set (tests/gold_heldout, annotated
independently) is held to the same targets; the paper tables (tests/gold_papers) to
precision >= 0.95 and recall >= 0.90 (issue 10's). Each document
is also pinned so a regression names the document that broke. The blind set
(tests/gold_papers_unseen: papers annotated before the extractor ever ran on them) is
scored but held to no target: its first score is recorded in the README.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchtable.scrapers.refresh import document_input
from benchtable.scrapers.sources import load_sources, source_for_url
from tests.conftest import ROOT, corpus_manifest

GOLD_SETS = {
    "tuned": ROOT / "tests" / "gold",
    "heldout": ROOT / "tests" / "gold_heldout",
    "papers": ROOT / "tests" / "gold_papers",
}
UNSEEN = ROOT / "tests" / "gold_papers_unseen"
PENDING_SOURCES = ROOT / "scrapers" / "pending_sources.toml"
"""Blind paper set: scored and recorded, never asserted against a target."""
TARGETS = {"tuned": (0.99, 0.95), "heldout": (0.99, 0.95), "papers": (0.95, 0.90)}
"""(precision, recall) floors: the issues' targets for text documents and for paper tables."""


@cache
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_gold", ROOT / "benchmarks" / "score_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_gold"] = module
    spec.loader.exec_module(module)
    return module


def predictions(corpus: Path, entry: dict[str, Any]) -> list[dict[str, Any]]:
    from benchtable.extract import extract_document

    source = source_for_url(load_sources() + load_sources(PENDING_SOURCES), entry["url"])
    assert source is not None, f"{entry['id']} is not registered"
    data = (corpus / entry["path"]).read_bytes()
    doc = document_input(source, data, entry["content_type"], entry["url"], entry["sha256"])
    return [r.flat() for r in extract_document(doc)]


def score_set(corpus: Path, name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return score_folder(corpus, GOLD_SETS[name])


def score_folder(corpus: Path, folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    sg = scorer()
    manifest = corpus_manifest(corpus)
    results = []
    for path in sorted(folder.glob("*.jsonl")):
        gold = sg.load_gold(path)
        entry = manifest[gold.doc]
        result = sg.score_doc(gold, predictions(corpus, entry))
        result["doc"] = gold.doc
        results.append(result)
    return sg.totals(results), results


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_gold_targets(corpus: Path, name: str) -> None:
    total, results = score_set(corpus, name)
    per_doc = {r["doc"]: (r["tp"], r["fp"], r["fn"]) for r in results}
    precision, recall = TARGETS[name]
    assert total["precision"] >= precision, json.dumps(per_doc)
    assert total["recall"] >= recall, json.dumps(per_doc)


def test_every_tuned_document_is_nearly_exact(corpus: Path) -> None:
    _, results = score_set(corpus, "tuned")
    weak = {
        r["doc"]: (round(r["precision"], 3), round(r["recall"], 3))
        for r in results
        if r["gold"] and r["f1"] < 0.85
    }
    assert weak == {}


def test_unseen_papers_load_and_are_registered() -> None:
    """A blind paper is registered: as pending while it reads badly, else in the default registry."""
    sg = scorer()
    registered = {source.id for source in load_sources() + load_sources(PENDING_SOURCES)}
    golds = [sg.load_gold(path) for path in sorted(UNSEEN.glob("*.jsonl"))]
    assert [g.doc for g in golds if g.doc not in registered] == []
    assert len(golds) >= 4 and all(g.scope_unit == "pages" for g in golds if g.records)
    # a paper without a score table has an empty gold file over the whole paper: it counts false positives
    assert all(g.scope == "all" for g in golds if not g.records)


def test_unseen_papers_are_scored(corpus: Path) -> None:
    total, results = score_folder(corpus, UNSEEN)
    assert {r["doc"] for r in results} == {p.stem for p in UNSEEN.glob("*.jsonl")}
    assert total["gold"] == sum(r["gold"] for r in results) > 0
    assert all(0.0 <= r["precision"] <= 1.0 and 0.0 <= r["recall"] <= 1.0 for r in results)
