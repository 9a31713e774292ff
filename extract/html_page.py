"""Plain `<table>`s of an HTML page served as `text/html` (a blog, a leaderboard page).

A LaTeXML paper rendering (tables in `<figure class="ltx_table">`) is left to
`html_paper`; any other page's tables are read as HTML tables in Markdown are, and take
their context from the page: the nearest heading above, the paragraph right above and
the one right below (where a caption written as `<p>Table 3: ...</p>` stands).
"""

from __future__ import annotations

from dataclasses import replace

from bs4 import BeautifulSoup, Tag

from benchtable.extract.html_tables import read_html_tables
from benchtable.extract.markdown import scan_markdown
from benchtable.extract.registry import DocumentInput, register_table_reader
from benchtable.extract.table import Table
from benchtable.extract.values import clean_text

__all__ = ["read_html_page_tables"]

_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


@register_table_reader("html-page", ("text/html",))
def read_html_page_tables(doc: DocumentInput) -> list[Table]:
    text = doc.text()
    if "ltx_table" in text:
        return []  # a LaTeXML paper: `html_paper` reads its table figures
    tables = read_html_tables(scan_markdown(text))
    tags = [t for t in BeautifulSoup(text, "html.parser").find_all("table") if t.find_parent("table") is None]
    if len(tags) != len(tables):
        return tables  # tables in comments or code: no way to pair them with their context
    return [_with_page_context(table, tag) for table, tag in zip(tables, tags, strict=True)]


def _text_of(tag: object) -> str:
    return clean_text(tag.get_text(" ")) if isinstance(tag, Tag) else ""


def _with_page_context(table: Table, tag: Tag) -> Table:
    return replace(
        table,
        heading=table.heading or _text_of(tag.find_previous(_HEADINGS)),
        context=table.context or _text_of(tag.find_previous(["p", *_HEADINGS])),
        context_after=table.context_after or _text_of(tag.find_next("p")),
        notes=list(table.notes),
    )
