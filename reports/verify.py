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


def check_pdf(record: ScoreRecord, pages: list[str]) -> str | None:
    page = record.citation.locator.page
    if page is None:
        return "no page in the locator"
    if not 1 <= page <= len(pages):
        return f"page {page} is outside the document ({len(pages)} pages)"
    compact = "".join(pages[page - 1].split())
    if "".join(_needle(record.raw).split()) not in compact:
        return f"{record.raw!r} is not on page {page}"
    return None


def verify_records(records: Iterable[ScoreRecord], blobs: BlobStore) -> tuple[int, list[Mismatch]]:
    """Returns how many records were checked and those whose text is not at their locator."""
    checked = 0
    mismatches: list[Mismatch] = []
    text_cache: dict[str, list[str] | None] = {}
    pdf_cache: dict[str, list[str] | None] = {}
    for record in records:
        sha = record.citation.sha256
        checked += 1
        data = blobs.get(sha) if sha not in text_cache and sha not in pdf_cache else b""
        if record.citation.locator.page is not None:
            if sha not in pdf_cache:
                pdf_cache[sha] = _pdf_pages(data) if data else None
            pages = pdf_cache[sha]
            reason = "document is not in the blob store" if pages is None else check_pdf(record, pages)
        else:
            if sha not in text_cache:
                text_cache[sha] = data.decode("utf-8-sig", errors="replace").splitlines() if data else None
            lines = text_cache[sha]
            reason = "document is not in the blob store" if lines is None else check_text(record, lines)
        if reason is not None:
            mismatches.append(Mismatch(record, reason))
    return checked, mismatches
