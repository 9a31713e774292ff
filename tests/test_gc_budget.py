"""Extraction raises the collector's thresholds for one document and restores them after
(the 100k-row table cost super-linear time in full collections over the records built)."""

from __future__ import annotations

import gc

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.gc_budget import EXTRACTION_THRESHOLDS, extraction_gc

TABLE = b"| Model | MMLU |\n|---|---|\n| Llama-2-7B | 45.3 |\n"


def test_thresholds_are_raised_during_extraction_and_restored_after() -> None:
    before = gc.get_threshold()
    with extraction_gc():
        assert gc.get_threshold() == EXTRACTION_THRESHOLDS
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_extraction_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), extraction_gc():
        raise RuntimeError("a document that breaks its reader")
    assert gc.get_threshold() == before


def test_extract_document_leaves_the_thresholds_as_it_found_them() -> None:
    before = gc.get_threshold()
    records = extract_document(DocumentInput(TABLE, "text/markdown", "https://example.org/t.md", "0" * 64))
    assert [r.value for r in records] == [45.3]
    assert gc.get_threshold() == before
