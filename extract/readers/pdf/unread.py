"""No silent zeros: what looked like a score table on a PDF page and gave nothing.

Two reports, logged as warnings on the ``benchtable.extract.readers.pdf`` logger (stderr of
`benchtable extract`) and kept as notes of the extraction (`extract.notes`: refresh stores
them and prints them in its summary):

* `report_unread_captions`: the reader found table captions over (or under) rows of
  numbers but could not build a table from them;
* `report_tables_without_records`: tables were read but the interpreter made no record of
  any of their cells.

Each is one line per document, naming the pages and captions.

`benchtable extract` says separately when a whole document gives no records.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from benchtable.extract.notes import note
from benchtable.extract.readers.pdf.captions import Caption
from benchtable.extract.readers.pdf.regions import PageLayout
from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import is_numeric
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Table
from benchtable.schema.records import ScoreRecord

log = logging.getLogger("benchtable.extract.readers.pdf")

_CAPTION_CHARS = 60


def numeric_rows_near(cap: Caption, page: PageLayout, s: PdfSettings) -> int:
    """How many rows within a table's reach of the caption hold two or more numbers."""
    reach = max(s.caption_gap_min, s.caption_gap_ratio * cap.size) * 4
    count = 0
    for r in page.rows:
        near = cap.bottom <= r.top <= cap.bottom + reach or cap.top - reach <= r.bottom <= cap.top
        in_x = r.x1 > cap.x0 - reach and r.x0 < cap.x1 + reach
        if near and in_x and sum(1 for w in r.words if is_numeric(w.text)) >= 2:
            count += 1
    return count


def unread_caption(page_no: int, cap: Caption, numeric_rows: int) -> str:
    """How `report_unread_captions` names one caption."""
    return f"page {page_no} {cap.text[:_CAPTION_CHARS]!r} ({numeric_rows} rows of numbers)"


def report_unread_captions(name: str, items: Sequence[str]) -> str | None:
    """Log (and return) one line naming the captions by numeric rows where no table was read."""
    if not items:
        return None
    msg = f"{name}: {len(items)} table caption(s) stand by rows of numbers but no table was read: "
    msg += "; ".join(items)
    note(log, msg)
    return msg


def tables_without_records(tables: Sequence[Table], records: Sequence[ScoreRecord]) -> list[Table]:
    """The PDF tables (those with a page) none of whose cells became a record."""
    cited = {(r.citation.locator.page, r.citation.locator.table) for r in records}
    return [t for t in tables if t.page is not None and (t.page, t.index) not in cited]


def report_tables_without_records(
    doc: DocumentInput, tables: Sequence[Table], records: Sequence[ScoreRecord]
) -> str | None:
    """Log (and return) one line naming the PDF tables read that gave no records."""
    items = []
    for t in tables_without_records(tables, records):
        values = sum(1 for row in t.rows[t.header_rows :] for c in row if c.text and is_numeric(c.text))
        if values:
            label = t.caption[:_CAPTION_CHARS] or f"table {t.index + 1}"
            items.append(f"page {t.page} {label!r} ({values} numbers)")
    if not items:
        return None
    msg = f"{doc.url or doc.source_id}: {len(items)} table(s) were read but gave no records: " + "; ".join(
        items
    )
    note(log, msg)
    return msg
