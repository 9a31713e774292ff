"""Checking every stored record against its stored document.

For each current record, re-open the document's bytes from the blob store and
check that the record's raw text stands at its locator: on the cited line of a
text document, or on the cited page (inside the cell's bounding box) of a PDF.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

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


def _pdf_pages(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


Word = tuple[float, float, float, float, str]


def _pdf_words(data: bytes, page: int) -> list[Word]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[page - 1].extract_words()
    return [
        (float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]), str(w["text"])) for w in words
    ]


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


def check_pdf(record: ScoreRecord, pages: list[str], words: list[Word] | None = None) -> str | None:
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


def verify_records(records: Iterable[ScoreRecord], blobs: BlobStore) -> tuple[int, list[Mismatch]]:
    """Returns how many records were checked and those whose text is not at their locator."""
    checked = 0
    mismatches: list[Mismatch] = []
    text_cache: dict[str, list[str] | None] = {}
    pdf_cache: dict[str, list[str] | None] = {}
    pdf_bytes: dict[str, bytes] = {}
    word_cache: dict[tuple[str, int], list[Word]] = {}
    for record in records:
        sha = record.citation.sha256
        checked += 1
        data = blobs.get(sha) if sha not in text_cache and sha not in pdf_cache else b""
        reason: str | None
        if record.citation.locator.page is not None:
            if sha not in pdf_cache:
                pdf_cache[sha] = _pdf_pages(data) if data else None
                if data:
                    pdf_bytes[sha] = data
            pages = pdf_cache[sha]
            if pages is None:
                reason = "document is not in the blob store"
            else:
                reason = check_pdf(record, pages)
                page = record.citation.locator.page or 0
                if reason is not None and sha in pdf_bytes and 1 <= page <= len(pages):
                    if (sha, page) not in word_cache:
                        word_cache[(sha, page)] = _pdf_words(pdf_bytes[sha], page)
                    reason = check_pdf(record, pages, word_cache[(sha, page)])
        else:
            if sha not in text_cache:
                text_cache[sha] = data.decode("utf-8-sig", errors="replace").splitlines() if data else None
            lines = text_cache[sha]
            reason = "document is not in the blob store" if lines is None else check_text(record, lines)
        if reason is not None:
            mismatches.append(Mismatch(record, reason))
    return checked, mismatches
