"""Extraction of untrusted documents runs in worker processes with a time and memory bound:
a document that loops, hogs memory or crashes its worker fails alone, with a reason."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import ScoreRecord
from benchtable.scrapers.extraction import ExtractionPool
from tests.conftest import MINI_CORPUS
from tests.hostile import hostile

CARD = (MINI_CORPUS / "documents" / "toy-card.md").read_bytes()


def _doc(name: str) -> DocumentInput:
    return DocumentInput(
        data=CARD, content_type="text/markdown", url=f"https://example.org/{name}", sha256="0" * 64
    )


def test_hostile_documents_fail_alone() -> None:
    with ExtractionPool(2, timeout=60.0, max_memory=512 * 1024 * 1024, extractor=hostile) as pool:
        futures = {name: pool.submit(_doc(name)) for name in ("hog", "crash", "bug", "ok1", "ok2")}
        outcomes = {name: _outcome(future) for name, future in futures.items()}
    assert "out of memory" in outcomes["hog"]
    assert "died (exit code 7" in outcomes["crash"]
    assert "ValueError: reader bug" in outcomes["bug"]
    expected = f"{len(extract_document(_doc('ok1')))} records"
    assert outcomes["ok1"] == outcomes["ok2"] == expected


def test_a_document_past_its_deadline_is_stopped_and_the_pool_goes_on() -> None:
    with ExtractionPool(1, timeout=1.5, extractor=hostile) as pool:
        looping = pool.submit(_doc("loop"))
        after = pool.submit(_doc("ok"))
        assert "took longer than 1.5 s" in _outcome(looping)
        assert _outcome(after).endswith(" records")


def _outcome(future: Future[list[ScoreRecord]]) -> str:
    try:
        return f"{len(future.result(timeout=60))} records"
    except DocumentError as exc:
        return str(exc)


def test_pool_results_match_in_process_extraction() -> None:
    doc = _doc("card")
    with ExtractionPool(1) as pool:
        records = pool.submit(doc).result(timeout=60)
    assert records == extract_document(doc)


def test_closed_pool_refuses_work() -> None:
    pool = ExtractionPool(1)
    pool.close()
    with pytest.raises(RuntimeError):
        pool.submit(_doc("x"))
