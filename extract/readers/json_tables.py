"""Tabular JSON leaderboards (`application/json`), read through the shared table interpreter.

Shapes understood:

* lm-evaluation-harness result files: read by `harness`;
* a list of records (`[{"model": ..., "mmlu": ...}, ...]`), also under one list-valued
  key of a top-level object;
* an object keyed by model (`{"<model>": {"pass@1": {"humaneval": ...}}}`);
* a headerless array of rows (`[["<model>", 63.4, ...], ...]`): the column names come
  from the source's `columns` hint (never guessed);
* the Hub dataset-viewer `/rows` response: the Open LLM Leaderboard `contents` dataset is
  read by `open_llm_leaderboard`; other datasets as a list of records.

Every record cites the JSON pointer of its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchtable.extract.readers.data_table import not_score_column, table_from_rows
from benchtable.extract.readers.harness import harness_records, is_harness_result
from benchtable.extract.readers.json import JSON_TYPES, JNode, JsonText, is_rows_response, parse_json, pointer
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.extract.understand import records_from_table
from benchtable.extract.values import parse_cell
from benchtable.schema.records import Locator, ScoreRecord


@dataclass
class _Row:
    label: str
    label_line: int | None
    base: tuple[str | int, ...]
    cells: dict[str, tuple[JNode, tuple[str | int, ...]]]
    """column name -> (value node, pointer parts)."""
    config: list[str] = field(default_factory=list)


_CONFIG_KEYS = re.compile(
    r"^(?:precision|dtype|quant(?:ization)?(?:[ _]?(?:method|type))?|weight[ _]?type)$", re.I
)
_MODEL_KEYS = ["model", "model_name", "modelname", "name", "fullname", "eval_name", "model_id", "id", "Model"]


def _flatten(node: JNode, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], JNode]]:
    """Numeric (or null) leaves of an object, with their key paths."""
    for key, child in node.members:
        if child.kind == "object":
            yield from _flatten(child, (*path, key))
        elif child.kind in {"number", "null"} or (child.kind == "string" and parse_cell(str(child.value))):
            yield (*path, key), child


def column_name(path: tuple[str, ...]) -> str:
    """`("pass@1", "humaneval")` -> `humaneval (pass@1)`: the leaf names the benchmark."""
    if len(path) == 1:
        return path[0]
    return f"{path[-1]} ({' '.join(path[:-1])})"


def _record_model(obj: JNode) -> tuple[str, JNode] | None:
    keys = {k.lower(): (k, v) for k, v in obj.members}
    for name in _MODEL_KEYS:
        hit = keys.get(name.lower())
        if hit is not None and hit[1].kind == "string" and str(hit[1].value).strip():
            return hit
    for k, v in obj.members:
        if v.kind == "string" and parse_cell(str(v.value)) is None and not not_score_column(k):
            return k, v
    return None


def _rows_from_records(items: list[JNode], base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for i, obj in enumerate(items):
        if obj.kind != "object":
            continue
        found = _record_model(obj)
        if found is None:
            continue
        model_key, model_node = found
        cells: dict[str, tuple[JNode, tuple[str | int, ...]]] = {}
        for path, leaf in _flatten(obj, ()):
            if path == (model_key,):
                continue
            cells[column_name(path)] = (leaf, (*base, i, *path))
        config = [
            str(v.value)
            for k, v in obj.members
            if v.kind == "string" and _CONFIG_KEYS.match(k) and k != model_key
        ]
        rows.append(_Row(str(model_node.value), None, (*base, i), cells, config))
        rows[-1].label_line = model_node.start
    return rows


def _rows_from_keyed(obj: JNode, base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for key, value in obj.members:
        if value.kind != "object":
            continue
        cells = {column_name(path): (leaf, (*base, key, *path)) for path, leaf in _flatten(value, ())}
        config = [str(v.value) for k, v in value.members if v.kind == "string" and _CONFIG_KEYS.match(k)]
        rows.append(_Row(key, value.start, (*base, key), cells, config))
    return rows


def _rows_from_arrays(items: list[JNode], columns: list[str], base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for i, arr in enumerate(items):
        if arr.kind != "array" or not arr.items or arr.items[0].kind != "string":
            continue
        cells: dict[str, tuple[JNode, tuple[str | int, ...]]] = {}
        for j, leaf in enumerate(arr.items[1:], start=1):
            if j < len(columns) and leaf.kind in {"number", "null", "string"}:
                cells[columns[j]] = (leaf, (*base, i, j))
        rows.append(_Row(str(arr.items[0].value), arr.items[0].start, (*base, i), cells))
    return rows


def _records_from_rows(
    doc: DocumentInput, jt: JsonText, rows: list[_Row], hints: Mapping[str, Any]
) -> list[ScoreRecord]:
    if not rows:
        return []
    columns: list[str] = []
    for r in rows:
        for name in r.cells:
            if name not in columns:
                columns.append(name)
    prefix = hints.get("benchmark_prefix")
    header: list[tuple[str, int | None]] = [("model", None)]
    header.extend((c, None) for c in columns)
    body: list[list[tuple[str, str, int | None]]] = []
    places: dict[tuple[int, int], str] = {}
    for ri, r in enumerate(rows):
        label = " ".join([r.label, *r.config])
        line = jt.line(r.label_line) if r.label_line is not None else None
        row: list[tuple[str, str, int | None]] = [(label, r.label, line)]
        for ci, name in enumerate(columns, start=1):
            hit = r.cells.get(name)
            if hit is None:
                row.append(("", "", None))
                continue
            node, parts = hit
            raw = jt.raw(node)
            text = "" if node.kind == "null" else (str(node.value) if node.kind == "string" else raw)
            row.append((text, raw, jt.line(node.start)))
            places[(ri + 1, ci)] = pointer(*parts)
        body.append(row)
    table, _ = table_from_rows(header, body, prefix if isinstance(prefix, str) else None, model_col=0)
    out: list[ScoreRecord] = []
    for rec in records_from_table(table, doc):
        loc = rec.citation.locator
        place = places.get((loc.row or 0, loc.column or 0))
        if place is None:
            continue
        new_loc = Locator(line=loc.line, pointer=place)
        out.append(rec.model_copy(update={"citation": rec.citation.model_copy(update={"locator": new_loc})}))
    return out


def _rows_response_rows(root: JNode) -> list[_Row]:
    rows_node = root.get("rows")
    assert rows_node is not None
    inner: list[JNode] = []
    for item in rows_node.items:
        row = item.get("row") if item.kind == "object" else None
        inner.append(row if row is not None else JNode("null", item.start, item.end))
    rows = _rows_from_records(inner, ("rows",))
    for r in rows:
        # /rows/<i>/<key> -> /rows/<i>/row/<key>
        r.cells = {k: (n, (p[0], p[1], "row", *p[2:])) for k, (n, p) in r.cells.items()}
    return rows


@register_record_extractor("json", JSON_TYPES)
def json_records(doc: DocumentInput) -> list[ScoreRecord]:
    jt = parse_json(doc)
    root = jt.root
    hints = doc.hints
    if is_harness_result(root):
        return harness_records(doc, jt)
    from benchtable.extract.eee import is_eee

    if is_eee(root):
        return []  # read by eee
    if is_rows_response(root):
        from benchtable.extract.open_llm_leaderboard import is_leaderboard_rows

        if is_leaderboard_rows(root):
            return []  # read by open_llm_leaderboard
        return _records_from_rows(doc, jt, _rows_response_rows(root), hints)
    return _records_from_rows(doc, jt, json_rows(root, hints), hints)


def json_rows(root: JNode, hints: Mapping[str, Any]) -> list[_Row]:
    """The rows of a tabular JSON document (empty when the shape holds no table)."""
    columns = hints.get("columns")
    if root.kind == "array":
        if root.items and all(i.kind == "array" for i in root.items):
            first = root.items[0]
            if all(c.kind == "string" for c in first.items) and len(root.items) > 1:
                names = [str(c.value) for c in first.items]
                rows = _rows_from_arrays(root.items[1:], names, ())
                for r in rows:  # header row consumed: pointers keep the document's indexes
                    r.cells = {k: (n, (int(p[0]) + 1, *p[1:])) for k, (n, p) in r.cells.items()}
                    r.base = (int(r.base[0]) + 1,)
                return rows
            if isinstance(columns, list) and all(isinstance(c, str) for c in columns):
                return _rows_from_arrays(root.items, [str(c) for c in columns], ())
            return []
        return _rows_from_records(root.items, ())
    if root.kind == "object":
        lists = [(k, v) for k, v in root.members if v.kind == "array" and v.items]
        if len(lists) == 1 and all(i.kind == "object" for i in lists[0][1].items):
            key, arr = lists[0]
            return _rows_from_records(arr.items, (key,))
        if root.members and all(v.kind == "object" for _, v in root.members):
            return _rows_from_keyed(root, ())
    return []
