"""A document's records together with the notes that say where a table gave nothing.

For a PDF the notes are what the reader says (captions by rows of numbers where no table
was read, tables read that gave no records, pages not scanned); for a text document, each
table of numbers that gave no records (`silent_tables`). Refresh stores them with the
version's fetch row and prints them in its summary; `extract` prints them on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from benchtable.extract import extract_document, tables_and_records
from benchtable.extract.notes import collecting
from benchtable.extract.registry import DocumentInput
from benchtable.extract.silent_tables import silent_tables
from benchtable.extract.table import Table
from benchtable.schema.records import ScoreRecord

__all__ = ["Extraction", "WithNotes"]


@dataclass(frozen=True)
class Extraction:
    records: list[ScoreRecord]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WithNotes:
    """`extractor(doc)` with its notes: a picklable callable for refresh's extraction workers."""

    extractor: Callable[[DocumentInput], list[ScoreRecord]] = extract_document

    def __call__(self, doc: DocumentInput) -> Extraction:
        tables: list[Table] | None = None
        with collecting() as notes:
            if self.extractor is extract_document:  # the tables it read: not read twice
                tables, records = tables_and_records(doc)
            else:
                records = self.extractor(doc)
        return Extraction(records, [*notes, *silent_tables(doc, records, tables)])
