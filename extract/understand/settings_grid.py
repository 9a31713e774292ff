"""A measurement grid whose two axes are both settings, for one model the prose names: peak GPU
memory by `Batch Size` down (1, 2, 4, ...) and `Sequence Length` across (256, 512, ...), under
"GPU Memory Usage" and "For <model>, we utilize one GPU".

The stub names a setting (a `[setting]` header of `schema/data/columns.toml`) and every body
label is one of its values; every other column header names a setting and its value (`Sequence
Length` spanning `256 | 512`, or `bs=1`, `4K`). No cell then names a model or a benchmark: the
benchmark is the one the caption, else the line above, else the heading names (or the source's
hint), the model the one name the caption, else the line above, else the heading gives; when
either is not stated once, the grid is left to the other readings.
Each cell's protocol is its row's and its column's setting.
"""

from __future__ import annotations

import re

from benchtable.extract.column_roles import (
    ColumnRole,
    header_role,
    setting_header_protocol,
    settings_protocol,
)
from benchtable.extract.columns import column_header
from benchtable.extract.labels import parse_model_label
from benchtable.extract.naming import name_hints, table_model_id
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand.attribution import CellFacts, CellPlace, cell_records, column_max
from benchtable.extract.understand.caption import benchmarks_named, hint_benchmark
from benchtable.schema.records import Configuration, Protocol, ScoreRecord

__all__ = ["read_settings_grid"]

_SETTING_VALUE = re.compile(r"^\d+(?:\.\d+)?\s*[kKmM]?$")
_NAMED_VALUE = re.compile(r"^(?P<name>.*?\S)\s*[=:]?\s*(?P<value>\d+(?:\.\d+)?\s*[kKmM]?)$")


def read_settings_grid(t: Table, doc: DocumentInput) -> list[ScoreRecord] | None:
    """The table's records when both its axes are settings of one named model, else None."""
    t = t.padded()
    if t.width < 3 or len(t.rows) <= t.header_rows + 1:
        return None
    rows = _row_settings(t)
    columns = [_column_protocol(t, c) for c in range(1, t.width)]
    if rows is None or any(p is None for p in columns):
        return None
    benchmark = _one_benchmark(t, doc)
    model_name = _one_model(t)
    if benchmark is None or model_name is None:
        return None
    model = parse_model_label(model_name)
    model_id = table_model_id(model.model_id, model.label, t)
    out: list[ScoreRecord] = []
    for i, (row_setting, row_protocol) in enumerate(rows, start=t.header_rows):
        for c, column in enumerate(columns, start=1):
            cell = t.rows[i][c]
            if not cell.text or cell.spanned or column is None:
                continue
            header = column_header(t, c)
            facts = CellFacts(
                model=model_id,
                model_label=model.label,
                configuration=model.configuration or Configuration(),
                benchmark=benchmark,
                benchmark_label=f"{benchmark} ({row_setting}, {header})",
                protocol=_joined(row_protocol, column),
                header=header,
                unit_text=" ".join((t.caption, t.context, t.heading)),
                label_cols=[0],
            )
            place = CellPlace(doc, t, i, c, t.rows[i], column_max(t.rows[t.header_rows :], c))
            out.extend(cell_records(place, facts))
    return out


def _row_settings(t: Table) -> list[tuple[str, Protocol]] | None:
    """Each body row's setting as printed and as a protocol: the stub names the setting
    (`Batch Size`) and every label is one of its values, or every label is a setting and its
    value (`bs=8`); else None."""
    stub = column_header(t, 0)
    labels = [r[0].text for r in t.rows[t.header_rows :]]
    if header_role(stub) is ColumnRole.SETTING and all(_SETTING_VALUE.match(label) for label in labels):
        return [(f"{stub} {r[0].text}", settings_protocol(r, ((0, stub),))) for r in t.rows[t.header_rows :]]
    if (not stub or header_role(stub) is ColumnRole.SETTING) and all(
        header_role(label) is ColumnRole.SETTING_HEADER for label in labels
    ):
        return [(label, setting_header_protocol(label)) for label in labels]
    return None


def _column_protocol(t: Table, c: int) -> Protocol | None:
    """The setting and value a column header states (`Sequence Length 256`, `bs=4`), else None."""
    header = column_header(t, c)
    if header_role(header) is ColumnRole.SETTING_HEADER:
        return setting_header_protocol(header)
    m = _NAMED_VALUE.match(header)
    if m is None or header_role(m.group("name")) is not ColumnRole.SETTING:
        return None
    return settings_protocol([Cell(m.group("value"), m.group("value"))], ((0, m.group("name")),))


def _joined(row: Protocol, column: Protocol) -> Protocol:
    """The row's and the column's settings together; each states its own fields."""
    details = ", ".join(d for d in (row.details, column.details) if d) or None
    return Protocol(
        n_shot=row.n_shot if row.n_shot is not None else column.n_shot,
        context_length=row.context_length if row.context_length is not None else column.context_length,
        details=details,
    )


def _one_benchmark(t: Table, doc: DocumentInput) -> str | None:
    """The one benchmark the caption, else the line above, else the heading names, else the
    source's hint; a text naming two (`MMLU and GSM8K accuracy`) leaves the grid unread."""
    for text in (t.caption, t.context, t.heading):
        found = benchmarks_named(text) if text else []
        if found:
            return found[0] if len(found) == 1 else None
    return hint_benchmark(doc)


def _one_model(t: Table) -> str | None:
    """The one model the caption, else the line above, else the heading names."""
    for text in (t.caption, t.context, t.heading):
        if not text:
            continue
        hints = name_hints(label_header="", caption=text, heading="", doc_model=None, family_hint=None)
        names = {parse_model_label(n).model_id: n for n in hints.full_names}
        if names:
            return next(iter(names.values())) if len(names) == 1 else None
    return None
