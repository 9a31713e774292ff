"""How extraction read a document, table by table: what `benchtable extract --explain` prints.

`explain_document(doc)` reads the tables as extraction does and, for each, returns the grid
with its header rows, the context the interpreter sees (caption, heading, the paragraph
above), the role of every column, every cell the interpreter dropped with its reason, and
the records the table gave. It returns data; the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from benchtable.extract import interpret_table, read_tables
from benchtable.extract.columns import Columns, classify_columns, column_header, model_label_columns
from benchtable.extract.gc_budget import extraction_gc
from benchtable.extract.registry import DocumentInput, for_content_type
from benchtable.extract.skips import Skip, collecting_skips
from benchtable.extract.table import Table
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import ScoreRecord

__all__ = [
    "ColumnRole",
    "DocumentExplanation",
    "Interpreter",
    "TableExplanation",
    "explain_document",
]

Interpreter = Callable[[Table, DocumentInput], list[ScoreRecord]]
"""Turns one table of a document into records (the real one: `benchtable.extract.interpret_table`)."""


@dataclass(frozen=True)
class ColumnRole:
    column: int
    """0-based column index."""
    header: str
    """The header rows' texts joined."""
    role: str
    """`model label`, `label`, `value`, `n-shot`, `metric`, `bits`, `group` or `setting`."""


@dataclass(frozen=True)
class TableExplanation:
    table: Table
    """The table as the reader produced it (grid, header rows, caption, heading, context, locator)."""
    columns: list[ColumnRole]
    skips: list[Skip]
    """Every value cell the interpreter dropped, with its reason, in the order it reported them."""
    records: list[ScoreRecord]

    @property
    def number(self) -> int:
        """1-based, as record locators describe it (`table 3`) and `--table N` takes it."""
        return self.table.index + 1

    @property
    def locator(self) -> str:
        parts = [f"page {self.table.page}"] if self.table.page is not None else []
        if self.table.line is not None:
            parts.append(f"line {self.table.line}")
        return ", ".join(parts) or "no line or page"


@dataclass(frozen=True)
class DocumentExplanation:
    tables: list[TableExplanation]
    table_count: int
    """How many tables the readers found (all of them, also when `only` narrowed `tables`)."""
    other_records: list[ScoreRecord]
    """Records of structured extractors (model-index YAML, JSON result files), read from no table."""


def column_roles(table: Table) -> list[ColumnRole]:
    """The role `classify_columns` gives each column, label columns that name models told apart."""
    columns = classify_columns(table)
    model_labels = set(model_label_columns(table, columns.labels))
    return [
        ColumnRole(col, column_header(table, col), _role(columns, model_labels, col))
        for col in range(table.width)
    ]


def _role(columns: Columns, model_labels: set[int], col: int) -> str:
    named = {
        columns.shots: "n-shot",
        columns.metric: "metric",
        columns.setting: "setting",
        columns.bits: "bits",
        columns.group: "group",
    }
    if col in named:
        return named[col]
    if col in columns.values:
        return "value"
    if col in model_labels:
        return "model label"
    return "label" if col in columns.labels else "ignored"


def explain_table(table: Table, doc: DocumentInput, interpreter: Interpreter) -> TableExplanation:
    roles = column_roles(table)
    with collecting_skips() as skips:
        records = interpreter(table, doc)
    return TableExplanation(table, roles, list(skips), records)


def explain_document(
    doc: DocumentInput, *, only: int | None = None, interpreter: Interpreter = interpret_table
) -> DocumentExplanation:
    """Every table of `doc` (or only table number `only`, 1-based) explained.

    `only` naming no table gives no table explanations (`table_count` says how many there are).
    Raises `DocumentError` when no reader handles the content type."""
    entries = for_content_type(doc.content_type)
    if not entries:
        raise DocumentError(f"{doc.url}: no extractor for content type {doc.content_type!r}")
    with extraction_gc():
        tables = read_tables(doc)
        chosen = [t for t in tables if only is None or t.index + 1 == only]
        explained = [explain_table(t, doc, interpreter) for t in chosen]
        others = [] if only is not None else _structured_records(doc)
    return DocumentExplanation(explained, len(tables), others)


def _structured_records(doc: DocumentInput) -> list[ScoreRecord]:
    records: list[ScoreRecord] = []
    for entry in for_content_type(doc.content_type):
        if entry.record_extractor is not None:
            records.extend(entry.record_extractor(doc))
    return records
