"""`benchtable audit`: the cited place in the stored document of every candidate of one cell.

A text document shows the cited line with context lines around it; a PDF shows the
cited page's text lines around the cell (the line the record's bounding box sits on,
else the line holding its raw text) and the text inside the box. The candidates and
their order are the ones `benchtable cell` lists (`CellChoice.candidates`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from benchtable.reports.inspect import role_of
from benchtable.reports.render import fmt_value
from benchtable.reports.select import CellChoice, Evidence
from benchtable.schema.records import ScoreRecord


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    cited: bool


@dataclass
class Excerpt:
    evidence: Evidence
    role: str
    where: str
    """What the excerpt shows ("line 33", "page 4, lines 10-16 of its text")."""
    lines: list[Line] = field(default_factory=list)
    cell_text: str | None = None
    """A PDF cell's text inside the record's bounding box."""
    problem: str | None = None
    """Why no excerpt could be shown (document missing, locator outside it)."""
    missing_document: bool = False


Fetch = Callable[[str], bytes | None]
"""The stored bytes of a document by sha256, or None when the blob store lacks it."""


def _needle(raw: str) -> str:
    compact = "".join(raw.split())
    return compact.strip("*_`")


LINE_WIDTH = 240
"""Longest line shown; a longer cited line is cut around the cell's raw text."""


def clip(text: str, raw: str, width: int = LINE_WIDTH) -> str:
    """`text` cut to `width` characters around the first occurrence of `raw` (else its start)."""
    if len(text) <= width:
        return text
    at = text.find(raw.strip()) if raw.strip() else -1
    start = max(0, min(at - width // 2, len(text) - width)) if at >= 0 else 0
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def window(lines: list[str], cited: int, context: int) -> list[Line]:
    """The 1-based line `cited` with `context` lines either side."""
    lo, hi = max(1, cited - context), min(len(lines), cited + context)
    return [Line(n, lines[n - 1], n == cited) for n in range(lo, hi + 1)]


def find_line(lines: list[str], raw: str) -> int | None:
    """The first 1-based line holding the raw text (whitespace ignored)."""
    needle = _needle(raw)
    if not needle:
        return None
    return next((n for n, text in enumerate(lines, 1) if needle in "".join(text.split())), None)


def text_excerpt(record: ScoreRecord, data: bytes, context: int) -> tuple[str, list[Line], str | None]:
    lines = data.decode("utf-8-sig", errors="replace").splitlines()
    cited = record.citation.locator.line
    if cited is None:
        cited = find_line(lines, record.raw)
        if cited is None:
            return "", [], f"no line in the locator and {record.raw!r} is not in the document"
        return f"line {cited} (found by its raw text)", window(lines, cited, context), None
    if not 1 <= cited <= len(lines):
        return "", [], f"line {cited} is outside the document ({len(lines)} lines)"
    return f"line {cited}", window(lines, cited, context), None


def _bbox_line(text_lines: list[dict[str, object]], bbox: tuple[float, float, float, float]) -> int | None:
    """The 1-based index of the text line that overlaps the box most (vertically)."""
    _, top, _, bottom = bbox
    best, best_overlap = None, 0.0
    for n, tl in enumerate(text_lines, 1):
        t, b = float(str(tl["top"])), float(str(tl["bottom"]))
        overlap = min(b, bottom) - max(t, top)
        if overlap > best_overlap:
            best, best_overlap = n, overlap
    return best


def pdf_excerpt(
    record: ScoreRecord, data: bytes, context: int
) -> tuple[str, list[Line], str | None, str | None]:
    """(where, lines, cell text, problem) for a record that cites a PDF page."""
    import pdfplumber

    page_no = record.citation.locator.page or 0
    bbox = record.citation.locator.bbox
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not 1 <= page_no <= len(pdf.pages):
            return "", [], None, f"page {page_no} is outside the document ({len(pdf.pages)} pages)"
        page = pdf.pages[page_no - 1]
        text_lines = page.extract_text_lines()
        texts = [str(tl["text"]) for tl in text_lines]
        cell_text = None
        cited = None
        if bbox is not None:
            cell_text = " ".join((page.crop(bbox, strict=False).extract_text() or "").split())
            cited = _bbox_line(text_lines, bbox)
        if cited is None:
            cited = find_line(texts, record.raw)
    if cited is None:
        return f"page {page_no}", [], cell_text, f"{record.raw!r} is not found on page {page_no}"
    lines = window(texts, cited, context)
    return f"page {page_no}, text line {cited}", lines, cell_text, None


def excerpt_for(e: Evidence, role: str, fetch: Fetch, context: int) -> Excerpt:
    record = e.record
    data = fetch(record.citation.sha256)
    if data is None:
        return Excerpt(e, role, "", problem="document is not in the blob store", missing_document=True)
    if record.citation.locator.page is not None:
        where, lines, cell_text, problem = pdf_excerpt(record, data, context)
        return Excerpt(e, role, where, lines, cell_text, problem)
    where, lines, problem = text_excerpt(record, data, context)
    return Excerpt(e, role, where, lines, problem=problem)


def audit_cell(choice: CellChoice, fetch: Fetch, context: int = 2) -> list[Excerpt]:
    """One excerpt per candidate of the cell, best first (the shown value first)."""
    return [excerpt_for(e, role_of(choice, e), fetch, context) for e in choice.candidates]


def audit_text(choice: CellChoice, excerpts: list[Excerpt]) -> str:
    row, col = choice.row, choice.column
    shown = fmt_value(choice.chosen.display_value) if choice.chosen else "blank"
    out = [f"{row.label} × {col.label}: shown {shown}; {choice.reason()}"]
    if not excerpts:
        out.append("  no candidate: no registered source publishes a value for this cell")
    for n, x in enumerate(excerpts, 1):
        r = x.evidence.record
        out.append("")
        out.append(
            f"{n}. [{x.role}] {fmt_value(x.evidence.display_value)} (raw {r.raw!r}) from {r.source_id}, "
            f"{r.citation.locator.describe()}"
        )
        out.append(f"   {r.citation.url} sha256 {r.citation.sha256[:12]}")
        if x.problem:
            out.append(f"   cannot show: {x.problem}")
            continue
        out.append(f"   {x.where}:")
        width = len(str(x.lines[-1].number)) if x.lines else 1
        for line in x.lines:
            mark = ">" if line.cited else " "
            text = clip(line.text, r.raw if line.cited else "")
            out.append(f"   {mark} {line.number:>{width}} | {text}")
        if x.cell_text is not None:
            out.append(f"   text in the cell's box: {x.cell_text!r}")
    return "\n".join(out) + "\n"
