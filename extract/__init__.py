"""Turning document bytes into cited `ScoreRecord`s.

`extract_document(doc)` is a pure function: it runs every reader registered for
the document's content type, interprets every table they find with the one interpreter
(`extract.understand`, whatever the format), and returns the
records in document order. It never touches the network or a database.
"""

from __future__ import annotations

from benchtable.extract.derivatives import mark_derivatives
from benchtable.extract.gc_budget import extraction_gc
from benchtable.extract.passes import apply_passes
from benchtable.extract.passes.sub_tables import split_sub_tables
from benchtable.extract.readers.pdf.unread import report_tables_without_records
from benchtable.extract.registry import DocumentInput, for_content_type, registered
from benchtable.extract.table import Table
from benchtable.extract.understand import records_from_table
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import ScoreRecord

__all__ = [
    "DocumentInput",
    "extract_document",
    "interpret_table",
    "read_tables",
    "registered",
    "tables_and_records",
]

# imported in this order: readers of one content type run (and their records win) in it
_optional_readers = [
    "readers.markdown",
    "readers.html",
    "model_index",
    "readers.pdf",
    "readers.rst",
    "readers.console",
    "readers.csv",
    "readers.json_tables",
    "open_llm_leaderboard",
    "eval_results",
    "eee",
]
for _name in _optional_readers:
    try:
        __import__(f"benchtable.extract.{_name}")
    except ModuleNotFoundError as exc:  # a reader not written yet
        if exc.name != f"benchtable.extract.{_name}":
            raise


def read_tables(doc: DocumentInput) -> list[Table]:
    """Every table the registered readers find, numbered in document order."""
    tables: list[Table] = []
    for entry in for_content_type(doc.content_type):
        if entry.table_reader is not None:
            read = (part for t in entry.table_reader(doc) for part in split_sub_tables(t))
            tables.extend(apply_passes(t) for t in read)
    tables.sort(key=lambda t: (t.page or 0, t.line or 0, t.index))
    for i, t in enumerate(tables):
        t.index = i
    return tables


def interpret_table(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    """The records of one table (what `extract --explain` runs table by table)."""
    return mark_derivatives(table, records_from_table(table, doc))


def extract_document(doc: DocumentInput) -> list[ScoreRecord]:
    return tables_and_records(doc)[1]


def tables_and_records(doc: DocumentInput) -> tuple[list[Table], list[ScoreRecord]]:
    """The tables read from `doc` and its records (`silent_tables` looks at both)."""
    with extraction_gc():
        return _extract_document(doc)


def _extract_document(doc: DocumentInput) -> tuple[list[Table], list[ScoreRecord]]:
    entries = for_content_type(doc.content_type)
    if not entries:
        raise DocumentError(f"{doc.url}: no extractor for content type {doc.content_type!r}")
    records: list[ScoreRecord] = []
    tables = read_tables(doc)
    for table in tables:
        records.extend(interpret_table(table, doc))
    for entry in entries:
        if entry.record_extractor is not None:
            records.extend(entry.record_extractor(doc))
    seen: set[str] = set()
    unique: list[ScoreRecord] = []
    for r in records:
        key = r.record_id()
        if key not in seen:
            seen.add(key)
            unique.append(r)
    unique.sort(
        key=lambda r: (
            r.citation.locator.page or 0,
            r.citation.locator.line or 0,
            r.citation.locator.column or 0,
        )
    )
    report_tables_without_records(doc, tables, unique)  # no silent zeros (issue 10)
    return tables, unique
