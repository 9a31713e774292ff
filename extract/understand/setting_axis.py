"""A measurement table whose header is a setting and its values, for one model the line above
names: `Seq Len | 256 | 512 | 1024` over `FP16` / `INT4` rows, under "Prefill latency of
Mistral-7B in seconds".

The first header cell names the setting (a `[setting]` header of `schema/data/columns.toml`:
`Seq Len`, `History length`, `Batch size`) and every other header cell is one of its values, so
no column names a benchmark: the benchmark is the table's (caption, line above, heading) and the
model the one name the caption or line above gives. A row is read only when its label is a
precision or a bit width alone (`FP16`, `INT4`, `W4A16`, `AWQ-INT4`); a row naming a system or
a method alone (`TensorRT-LLM`, `llama.cpp`) says what ran the model, not how it was quantized,
and is skipped, as is a ratio row (`Speedup`).
"""

from __future__ import annotations

import re

from benchtable.extract.column_roles import ColumnRole, header_role, setting_header_protocol
from benchtable.extract.columns import table_benchmark_of
from benchtable.extract.headers import is_not_score, parse_protocol
from benchtable.extract.labels import parse_configuration, parse_model_label
from benchtable.extract.naming import name_hints, table_model_id
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Table
from benchtable.extract.understand.attribution import CellFacts, CellPlace, cell_records, column_max
from benchtable.schema.records import Configuration, Protocol, ScoreRecord

__all__ = ["read_setting_axis"]

_SETTING_VALUE = re.compile(r"^\d+(?:\.\d+)?\s*[kKmM]?$")


def read_setting_axis(t: Table, doc: DocumentInput) -> list[ScoreRecord] | None:
    """The table's records when its header is a setting over its values, else None."""
    if t.header_rows != 1 or t.width < 3 or not _setting_header(t):
        return None
    benchmark = table_benchmark_of(t, doc)
    model_name = _one_model(t)
    if benchmark is None or model_name is None:
        return None
    setting = t.rows[0][0].text
    out: list[ScoreRecord] = []
    for i in range(1, len(t.rows)):
        config = _row_configuration(t, i)
        if config is None:
            continue
        label = t.rows[i][0].text
        model = parse_model_label(f"{model_name} {label}")
        for c in range(1, t.width):
            cell = t.rows[i][c]
            if not cell.text or cell.spanned:
                continue
            header = t.rows[0][c].text
            protocol = setting_header_protocol(f"{setting} {header}")
            if protocol == Protocol():
                protocol = Protocol(details=f"{setting} {header}")
            facts = CellFacts(
                model=table_model_id(model.model_id, model.label, t),
                model_label=model.label,
                configuration=model.configuration,
                benchmark=benchmark,
                benchmark_label=f"{benchmark} ({setting} {header})",
                protocol=protocol,
                header=header,
                unit_text=t.caption or t.context,
                label_cols=[0],
            )
            place = CellPlace(doc, t, i, c, t.rows[i], column_max(t.rows[1:], c))
            out.extend(cell_records(place, facts))
    return out


def _setting_header(t: Table) -> bool:
    """A setting's name over at least two of its values (`Seq Len | 256 | 512`)."""
    header = t.rows[0]
    if header_role(header[0].text) is not ColumnRole.SETTING:
        return False
    return all(_SETTING_VALUE.match(cell.text) for cell in header[1:])


def _one_model(t: Table) -> str | None:
    """The one model the caption or the line above names (`TTFT of Llama-3-8B`)."""
    text = t.caption or t.context
    if not text or parse_protocol(text).n_shot is not None:
        return None
    hints = name_hints(label_header="", caption=text, heading="", doc_model=None, family_hint=None)
    names = {parse_model_label(n).model_id: n for n in hints.full_names}
    return next(iter(names.values())) if len(names) == 1 else None


def _row_configuration(t: Table, i: int) -> Configuration | None:
    """The precision or width a row's label is, alone; None (the row skipped) otherwise."""
    label = t.rows[i][0].text
    rest, config = parse_configuration(label)
    if (config.precision is not None or config.bits is not None) and not rest.strip(" ()[]-*"):
        return config
    reason = SkipReason.NOT_A_SCORE if is_not_score(label) else SkipReason.NO_MODEL
    detail = f"row {label!r} names no precision or bit width of the model the table is about"
    for c in range(1, t.width):
        if t.rows[i][c].text and not t.rows[i][c].spanned:
            skip(t, i, c, reason, detail)
    return None
