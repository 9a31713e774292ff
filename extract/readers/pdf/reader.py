"""The PDF reader: pages scanned for captions, each caption's table read; registered with
the extract registry for ``application/pdf``; `read_many` reads papers in a process pool.

Every page (up to `limits.MAX_PAGES`) is interpreted once *without* its Form XObjects
(embedded figures: most of the parsing time of a paper goes into vector plots). Pages whose
text has no table caption are skipped entirely. A candidate page whose Form XObjects were
skipped is re-interpreted in full.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdfinterp import LITERAL_FORM, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import literal_name
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from benchtable.extract.notes import note
from benchtable.extract.readers.pdf import limits
from benchtable.extract.readers.pdf.captions import CAPTION_HINT, Caption, find_captions
from benchtable.extract.readers.pdf.grid import build_tables
from benchtable.extract.readers.pdf.references import attach_references
from benchtable.extract.readers.pdf.regions import PageLayout, Region, body_size, find_region, two_column
from benchtable.extract.readers.pdf.settings import DEFAULT_SETTINGS, PdfSettings
from benchtable.extract.readers.pdf.unread import numeric_rows_near, report_unread_captions, unread_caption
from benchtable.extract.readers.pdf.words import Word, cluster_rows, merge_small_caps, page_rules, to_words
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Table
from benchtable.schema.errors import DocumentError

log = logging.getLogger(__name__)


class _FormSkippingInterpreter(PDFPageInterpreter):
    """Interprets a page's own content stream but not its Form XObjects (figures)."""

    skipped = 0

    def do_Do(self, xobjid_arg: Any) -> None:
        try:
            xobj = stream_value(self.xobjmap[literal_name(xobjid_arg)])
        except Exception:
            return
        if xobj.get("Subtype") is LITERAL_FORM:
            self.skipped += 1
            return
        super().do_Do(xobjid_arg)


def _light_layout(page: Any) -> int:
    """Lay `page` out without Form XObjects; returns how many were skipped."""
    device = PDFPageAggregatorWithMarkedContent(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    interp = _FormSkippingInterpreter(page.pdf.rsrcmgr, device)
    interp.process_page(page.page_obj)
    page._layout = device.get_result()
    return interp.skipped


@dataclass
class _PageText:
    words: list[Word]
    layout: PageLayout
    captions: list[Caption] = field(default_factory=list)

    def prose(self) -> str:
        return " ".join(r.text() for r in self.layout.rows)


def _page_text(page: Any, s: PdfSettings) -> _PageText:
    raw = page.extract_words(
        x_tolerance_ratio=s.word_x_tolerance_ratio,
        y_tolerance=s.word_y_tolerance,
        extra_attrs=["fontname", "size"],
    )
    words = merge_small_caps(to_words(raw, s), s)
    rows = cluster_rows(words, s)
    rules = page_rules(page, s)
    captions, figures = find_captions(rows, rules, s)
    width = float(page.width)
    layout = PageLayout(rows, rules, captions, figures, width, two_column(rows, width, s), body_size(rows, s))
    return _PageText(words, layout, captions)


def _page_tables(
    page: Any, page_no: int, unread: list[str], s: PdfSettings, texts: dict[int, str]
) -> tuple[list[Table], int]:
    """Tables on one page and the page's character count; the text of a page read is kept in `texts`."""
    skipped = _light_layout(page)
    chars = page.chars
    if len(chars) < s.min_chars_light_layout and skipped:
        page.flush_cache()
        chars = page.chars
        skipped = 0
    nchars = len(chars)
    if nchars == 0 or nchars > limits.MAX_CHARS_PER_PAGE:
        return [], nchars
    if not CAPTION_HINT.search("".join(c["text"] for c in chars)):
        return [], nchars
    text = _page_text(page, s)
    texts[page_no] = text.prose()
    if not text.captions:
        return [], nchars
    if skipped:  # the page has figures: re-read in full, tables may embed forms
        page.flush_cache()
        text = _page_text(page, s)
    return _tables_of(text, page_no, unread, s), nchars


def _tables_of(text: _PageText, page_no: int, unread: list[str], s: PdfSettings) -> list[Table]:
    tables: list[Table] = []
    cap_ids = {id(w) for c in text.captions for w in c.words}
    edge = s.edge_slack
    taken: list[Region] = []
    for cap in text.captions:
        region = find_region(cap, text.layout, s, taken)
        if region is None:
            _unread(unread, page_no, cap, text.layout, s)
            continue
        taken.append(region)
        ws = [
            w
            for w in text.words
            if id(w) not in cap_ids
            and region.top - edge <= w.top
            and w.bottom <= region.bottom + edge
            and region.x0 - edge <= w.xc <= region.x1 + edge
        ]
        built = build_tables(region, ws, page_no, s)
        if not built:
            _unread(unread, page_no, cap, text.layout, s)
        for t in built:
            t.caption = cap.text
            t.line = None
            t.notes.append(f"caption {'above' if cap.bottom <= region.top else 'below'} table")
            t.index = int(cap.number) - 1 if re.fullmatch(r"\d+", cap.number) else -1
            if not any(_same_grid(t, u) for u in tables):
                tables.append(t)
    return tables


def _unread(unread: list[str], page_no: int, cap: Caption, layout: PageLayout, s: PdfSettings) -> None:
    numeric_rows = numeric_rows_near(cap, layout, s)
    if numeric_rows >= 2:
        unread.append(unread_caption(page_no, cap, numeric_rows))


def _same_grid(a: Table, b: Table) -> bool:
    return [[c.text for c in r] for r in a.rows] == [[c.text for c in r] for r in b.rows]


def _exc_message(e: BaseException) -> str:
    inner: BaseException = e
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    msg = str(inner) or type(inner).__name__
    return f"{type(inner).__name__}: {msg}"[:300]


def _is_encryption(e: BaseException) -> bool:
    inner: BaseException = e
    while True:
        if isinstance(inner, PDFEncryptionError):
            return True
        if inner.args and isinstance(inner.args[0], BaseException):
            inner = inner.args[0]
        else:
            return False


def read_pdf_tables(doc: DocumentInput, settings: PdfSettings | None = None) -> list[Table]:
    """All captioned tables of a PDF paper (see the package docstring)."""
    limits.check_pdf_bytes(doc)
    name = limits.doc_name(doc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pdf = pdfplumber.open(io.BytesIO(doc.data))
        except Exception as e:
            if _is_encryption(e):
                raise DocumentError(f"{name}: encrypted PDF that needs a password ({_exc_message(e)})") from e
            raise DocumentError(f"{name}: PDF cannot be parsed ({_exc_message(e)})") from e
        with pdf:
            return _read_open_pdf(pdf, name, settings or DEFAULT_SETTINGS)


register_table_reader("pdf", ("application/pdf",))(read_pdf_tables)


@dataclass
class _Scan:
    """What a scan of the pages gathered."""

    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed_pages: list[int] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    """Captions by rows of numbers where no table was read (`unread.unread_caption`)."""
    first_error: BaseException | None = None
    total_chars: int = 0
    page_texts: dict[int, str] = field(default_factory=dict)
    """The text of each page read for tables (pages without a table caption hint are not)."""


def _read_open_pdf(pdf: Any, name: str, s: PdfSettings) -> list[Table]:
    try:
        pages = pdf.pages
    except Exception as e:
        raise DocumentError(f"{name}: PDF page tree cannot be read ({_exc_message(e)})") from e
    if not pages:
        raise DocumentError(f"{name}: PDF has no pages")
    scan = _scan_pages(pages, name, s)
    if scan.failed_pages and len(scan.failed_pages) == min(len(pages), limits.MAX_PAGES):
        assert scan.first_error is not None
        raise DocumentError(f"{name}: no page of the PDF can be parsed ({_exc_message(scan.first_error)})")
    if scan.total_chars == 0:
        raise DocumentError(f"{name}: PDF has no text layer (image-only or scanned pages)")
    if scan.failed_pages:
        scan.notes.append(f"pages that could not be parsed: {scan.failed_pages}")
    report_unread_captions(name, scan.unread)
    _number_uncaptioned(scan.tables)
    attach_references(scan.tables, scan.page_texts)
    for t in scan.tables:
        t.notes.extend(scan.notes)
    return scan.tables


def _scan_pages(pages: Sequence[Any], name: str, s: PdfSettings) -> _Scan:
    scan = _Scan()
    if len(pages) > limits.MAX_PAGES:
        msg = f"{name}: only the first {limits.MAX_PAGES} of {len(pages)} pages were scanned for tables"
        note(log, msg)
        scan.notes.append(msg)
    table_pages = 0
    for i, page in enumerate(pages[: limits.MAX_PAGES]):
        try:
            if table_pages >= limits.MAX_TABLE_PAGES:
                scan.notes.append(f"table pages after {limits.MAX_TABLE_PAGES} were not analysed")
                break
            found, nchars = _page_tables(page, i + 1, scan.unread, s, scan.page_texts)
            scan.total_chars += nchars
            if found:
                table_pages += 1
                scan.tables.extend(found)
        except Exception as e:
            if _is_encryption(e):
                raise DocumentError(f"{name}: encrypted PDF that needs a password ({_exc_message(e)})") from e
            scan.failed_pages.append(i + 1)
            scan.first_error = scan.first_error or e
            note(log, f"{name}: page {i + 1} cannot be parsed: {_exc_message(e)}")
        finally:
            page.close()
    return scan


def _number_uncaptioned(tables: Sequence[Table]) -> None:
    """Document order for tables without a numeric caption."""
    used = {t.index for t in tables if t.index >= 0}
    nxt = 0
    for t in tables:
        if t.index < 0:
            while nxt in used:
                nxt += 1
            t.index = nxt
            used.add(nxt)


def read_pdf_path(path: str | Path, settings: PdfSettings | None = None) -> list[Table]:
    """Read one PDF file from disk (helper for `read_many` and the benchmark)."""
    p = Path(path)
    doc = DocumentInput(data=p.read_bytes(), content_type="application/pdf", url=str(p), sha256="")
    return read_pdf_tables(doc, settings)


def read_many(paths: Sequence[str | Path], workers: int = 2) -> list[list[Table] | DocumentError]:
    """Read several PDFs in parallel processes; a bad document yields its DocumentError."""
    if workers <= 1 or len(paths) <= 1:
        return [_safe_read(str(p)) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as ex:
        return list(ex.map(_safe_read, [str(p) for p in paths]))


def _safe_read(path: str) -> list[Table] | DocumentError:
    try:
        return read_pdf_path(path)
    except DocumentError as e:
        return e
