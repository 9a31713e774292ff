"""Resource limits and up-front sanity checks for PDF documents.

The PDF reader (`benchtable.extract.readers.pdf`) refuses input that cannot be a readable PDF before
handing it to pdfminer, and bounds the work it does on input that is readable:

* ``MAX_PDF_BYTES`` (50 MB): larger documents are refused with `DocumentError`
  (the largest paper in the corpus is under 4 MB; a 50 MB PDF is a scan or a thesis
  full of images, not a source of score tables).
* ``MAX_PAGES`` (120): only the first 120 pages are scanned; later pages are skipped
  with a logged warning and a note on the returned tables (PaLM, 87 pages, is the
  longest paper in the corpus; appendices past page 120 rarely hold new scores).
* ``MAX_CHARS_PER_PAGE`` (60 000): a page with more characters than this (a dense
  data dump or an adversarial file) is not searched for tables.
* ``MAX_TABLE_PAGES`` (60): at most this many pages with a table caption are
  analysed per document.

Bad input raises `benchtable.schema.errors.DocumentError` naming the document:
empty bytes, bytes that are not a PDF (no ``%PDF-`` header near the start), a
truncated PDF (no ``%%EOF`` marker near the end), an encrypted PDF whose content
cannot be decrypted with the empty user password, a PDF pdfminer cannot parse, and
a PDF without a text layer (scanned pages: no characters on any scanned page).
A PDF encrypted only with an owner password (empty user password, as many
publishers ship them) is readable and is read.
"""

from __future__ import annotations

from benchtable.extract.registry import DocumentInput
from benchtable.schema.errors import DocumentError

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PAGES = 120
MAX_CHARS_PER_PAGE = 60_000
MAX_TABLE_PAGES = 60

_HEADER_WINDOW = 1024
_EOF_WINDOW = 2048


def doc_name(doc: DocumentInput) -> str:
    """How error messages name a document: its URL, else its source id."""
    return doc.url or doc.source_id


def check_pdf_bytes(doc: DocumentInput) -> None:
    """Refuse bytes that cannot be a complete PDF, cheaply, before parsing."""
    name = doc_name(doc)
    data = doc.data
    if not data:
        raise DocumentError(f"{name}: empty document (0 bytes), not a PDF")
    if len(data) > MAX_PDF_BYTES:
        raise DocumentError(
            f"{name}: PDF too large ({len(data) / 1e6:.1f} MB > {MAX_PDF_BYTES // (1024 * 1024)} MB limit)"
        )
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        head = data[:16]
        raise DocumentError(f"{name}: not a PDF (no %PDF- header; starts with {head!r})")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise DocumentError(f"{name}: truncated PDF (no %%EOF marker at the end; {len(data)} bytes)")
