"""Tables from research-paper PDFs (booktabs tables drawn with horizontal rules only).

pdfplumber's line-based table finder needs vertical rules, which papers do not draw, so
this reader anchors on captions instead. One module per step:

* `settings`: every tolerance, named, defaulted and validated (`PdfSettings`);
* `limits`: size limits and up-front checks of the bytes;
* `words`: words and text rows of a page, text normalisation, horizontal rules;
* `captions`: table captions and figure-caption boxes;
* `regions`: the part of the page a caption's table occupies;
* `grid`, `cells`, `spans`, `row_labels`: the region's words as a grid with header rows,
  spanned header cells and row labels carried over their rows;
* `reader`: pages, the registered reader, `read_many` (a process pool).

Cell text is normalised: ligatures expanded (ﬁ→fi), U+2212 minus → ``-``, whitespace
collapsed; a raised smaller-font run (footnote mark) is separated as ``^mark``
("71.3^†", "GPT-4^1"). ``Cell.raw`` keeps the text as extracted, one line per text line
of the page (a subscript set below its value is a line of its own: "56.4\\n(5)").
``Cell.emphasis`` is True when most characters are in a bold font. ``Table.index`` is the
caption number minus one (document order for appendix numbers like "B.1"), ``Table.page``
1-based. Candidates with fewer than 2 columns or 2 body rows, or whose cells are mostly not
words or numbers (bar charts, glyph soup), yield nothing.
"""

from __future__ import annotations

from benchtable.extract.readers.pdf.reader import read_many, read_pdf_path, read_pdf_tables
from benchtable.extract.readers.pdf.settings import DEFAULT_SETTINGS, PdfSettings
from benchtable.extract.readers.pdf.words import normalize_text

__all__ = [
    "DEFAULT_SETTINGS",
    "PdfSettings",
    "normalize_text",
    "read_many",
    "read_pdf_path",
    "read_pdf_tables",
]
