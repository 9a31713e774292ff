"""Checking every stored record against its stored document.

For each current record, re-open the document's bytes from the blob store and
check that the record's raw text stands at its locator: on the cited line of a
text document, or on the cited page (inside the cell's bounding box) of a PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from benchtable.schema.records import ScoreRecord
from benchtable.scrapers.blobstore import BlobStore


@dataclass(frozen=True)
class Mismatch:
    record: ScoreRecord
    reason: str


def _needle(raw: str) -> str:
    for line in raw.splitlines():
        if line.strip():
            return line.strip()
    return raw.strip()


def check_text(record: ScoreRecord, lines: list[str]) -> str | None:
    line = record.citation.locator.line
    if line is None:
        return "no line in the locator"
    if not 1 <= line <= len(lines):
        return f"line {line} is outside the document ({len(lines)} lines)"
    needle = _needle(record.raw)
    if needle not in lines[line - 1]:
        return f"{needle!r} is not on line {line}"
    return None


Word = tuple[float, float, float, float, str]


class Pages(Protocol):
    """A PDF's pages as text, by index."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> str: ...


class _PdfDocument:
    """One stored PDF, opened once; a page's text and words are read only when a record cites it."""

    def __init__(self, data: bytes) -> None:
        import pdfplumber

        self._pdf = pdfplumber.open(io.BytesIO(data))
        self._text: dict[int, str] = {}
        self._words: dict[int, list[Word]] = {}

    def __len__(self) -> int:
        return len(self._pdf.pages)

    def __getitem__(self, index: int) -> str:
        if index not in self._text:
            self._text[index] = self._pdf.pages[index].extract_text() or ""
        return self._text[index]

    def words(self, page: int) -> list[Word]:
        if page not in self._words:
            words = self._pdf.pages[page - 1].extract_words()
            self._words[page] = [
                (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), str(w["text"]))
                for w in words
            ]
        return self._words[page]

    def close(self) -> None:
        self._pdf.close()


def in_cell(raw: str, bbox: tuple[float, float, float, float], words: list[Word]) -> bool:
    """Every word of `raw` stands inside the cell's box, allowing the cell to wrap onto
    the lines below its first (a multi-line cell such as "56.4" over "(5)")."""
    x0, top, x1, bottom = bbox
    height = max(bottom - top, 6.0)
    inside = [
        w[4]
        for w in words
        if w[2] >= x0 - 3 and w[0] <= x1 + 3 and w[3] >= top - 2 and w[1] <= bottom + 3 * height
    ]
    pool = "".join(inside)
    return all("".join(tok.split()) in pool for tok in raw.split())


def check_pdf(record: ScoreRecord, pages: Pages | list[str], words: list[Word] | None = None) -> str | None:
    """The raw text on the cited page (as one run of text, or word by word inside the
    cell's bounding box when the cell wraps over several lines)."""
    page = record.citation.locator.page
    if page is None:
        return "no page in the locator"
    if not 1 <= page <= len(pages):
        return f"page {page} is outside the document ({len(pages)} pages)"
    compact = "".join(pages[page - 1].split())
    if "".join(_needle(record.raw).split()) in compact:
        return None
    bbox = record.citation.locator.bbox
    if bbox is not None and words is not None and in_cell(record.raw, bbox, words):
        return None
    return f"{record.raw!r} is not on page {page}"


def _check_pdf_record(record: ScoreRecord, pdf: _PdfDocument) -> str | None:
    reason = check_pdf(record, pdf)
    page = record.citation.locator.page or 0
    if reason is not None and 1 <= page <= len(pdf):
        reason = check_pdf(record, pdf, pdf.words(page))
    return reason


def verify_records(records: Iterable[ScoreRecord], blobs: BlobStore) -> tuple[int, list[Mismatch]]:
    """Returns how many records were checked and those whose text is not at their locator."""
    checked = 0
    mismatches: list[Mismatch] = []
    text_cache: dict[str, list[str] | None] = {}
    pdf_cache: dict[str, _PdfDocument | None] = {}
    try:
        for record in records:
            sha = record.citation.sha256
            checked += 1
            data = blobs.get(sha) if sha not in text_cache and sha not in pdf_cache else b""
            reason: str | None
            if record.citation.locator.page is not None:
                if sha not in pdf_cache:
                    pdf_cache[sha] = _PdfDocument(data) if data else None
                pdf = pdf_cache[sha]
                reason = (
                    "document is not in the blob store" if pdf is None else _check_pdf_record(record, pdf)
                )
            else:
                if sha not in text_cache:
                    text_cache[sha] = (
                        data.decode("utf-8-sig", errors="replace").splitlines() if data else None
                    )
                lines = text_cache[sha]
                reason = "document is not in the blob store" if lines is None else check_text(record, lines)
            if reason is not None:
                mismatches.append(Mismatch(record, reason))
    finally:
        for pdf in pdf_cache.values():
            if pdf is not None:
                pdf.close()
    return checked, mismatches
