"""Understanding a table: the one interpreter every table of every format goes through.

`records_from_table(table, doc)` reads a format-neutral `Table` (Markdown, HTML, reST,
console, CSV or PDF alike) into cited records. The format never decides how a table is
read; the table does:

1. **Context** (`caption`): the caption is the reader's caption, else a paragraph right
   above or below the table that reads as one (`Table 3: OPT perplexity results on
   WikiText2.`), so a caption written as a Markdown paragraph counts as a PDF caption.
   The caption's benchmark, n-shot (`five-shot`), model and family are its facts.
2. **Axes.** A captioned table is read by the facts of its header cells, row labels,
   stub and caption (`header_reading`: papers spread a number's meaning over the whole
   table: a size in the header completed by a family in the stub, the benchmark only in
   the caption). A table without a caption is read by its label columns
   (`label_reading`: a model per row completed from the card's context, or transposed
   when a label column names the benchmarks). Measured on the gold sets, each reading is
   the better one for its tables (the header-facts reading on every text table: P 0.937 /
   R 0.768 on tests/gold this morning, 0.956 / 0.784 with the heading, prose and hint
   facts ported; the label reading on papers: P 0.631 / R 0.412).
3. **Attribution**, per value cell: the row's, the column's and the context's facts
   joined, axis by axis, in this order (the last step, `attribution`, is shared):
   * benchmark: the column header's, else the row's (a transposed table), else the
     caption's, else the source's `benchmark` hint;
   * model: a full name on either axis; a size completed by a family from the other
     axis, the stub, the caption or the `family` hint; else the caption's or the
     document's own model;
   * configuration: the row's and the column header's (the row's first when read by
     header facts; a header that states one, `AWQ 4bit Speed`, over the row's when read
     by labels), then the section's prose (`group_size 128`), then the `quant_method`
     hint;
   * protocol: the column's, the row's (a shots, metric or setting column), the stub's,
     the caption's, the prose above the table, field by field;
   * value: every number of the cell, its scale, the `perplexity_dataset` and
     `context_length` hints for perplexities.
   A table whose two axes are both settings (`Batch Size` down, `Sequence Length` across)
   of one model the prose names is read before either reading (`settings_grid`).
   A cell that yields no record is reported with `skips.skip(...)` and its reason.
"""

from __future__ import annotations

import re
from dataclasses import replace

from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Table
from benchtable.extract.understand.conflicts import without_conflicts
from benchtable.extract.understand.header_reading import read_by_header_facts
from benchtable.extract.understand.label_reading import read_by_labels
from benchtable.extract.understand.settings_grid import read_settings_grid
from benchtable.schema.records import ScoreRecord

__all__ = ["records_from_table", "with_caption"]

_CAPTION_PARAGRAPH = re.compile(r"^\s*(?:\*\*|__)?\s*(?:Table|TABLE|Tab\.)\s+[A-Z]?\d+[.:]")


def with_caption(table: Table) -> Table:
    """The table with its caption: the reader's, else a `Table N:` paragraph next to it."""
    if table.caption.strip():
        return table
    for paragraph in (table.context, table.context_after):
        if paragraph and _CAPTION_PARAGRAPH.match(paragraph) and len(paragraph) <= 600:
            return replace(table, caption=paragraph.strip(), notes=list(table.notes))
    return table


def records_from_table(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    """The records of one table, whatever format it was read from."""
    table = with_caption(table)
    by_settings = read_settings_grid(table, doc)
    if by_settings is not None:  # `Batch Size` down, `Sequence Length 256 | 512` across
        return by_settings
    if table.caption.strip():
        return without_conflicts(read_by_header_facts(table, doc), table)
    return without_conflicts(read_by_labels(table, doc), table)
