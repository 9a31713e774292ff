"""Rendering a chosen `ReportTable` as Markdown (Jinja2) or JSON.

Templates only lay out what `select` decided. Every shown value carries a
footnote with its source, URL, locator and quote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from benchtable.reports.select import CellChoice, Evidence, ReportTable


def md_escape(text: object) -> str:
    """Text that cannot break a Markdown table cell or inject markup."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = s.replace("\\", "\\\\")
    s = re.sub(r"([|`*_\[\]<>#])", r"\\\1", s)
    return s


def fmt_value(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) or abs(value) < 1e15 else str(value)


@dataclass
class Footnote:
    number: int
    evidence: list[Evidence]


def _citation(e: Evidence) -> dict[str, Any]:
    c = e.record.citation
    return {
        "url": c.url,
        "sha256": c.sha256,
        "locator": c.locator.model_dump(mode="json", exclude_none=True),
        "quote": c.quote,
        "source_id": e.record.source_id,
    }


def cell_json(choice: CellChoice) -> dict[str, Any] | None:
    e = choice.chosen
    if e is None:
        return None
    r = e.record
    return {
        "value": e.display_value,
        "raw": r.raw,
        "scale": r.scale.value,
        "model_label": r.model_label,
        "benchmark_label": r.benchmark_label,
        "protocol": r.protocol.model_dump(mode="json", exclude_none=True),
        "protocol_differs": list(e.differences),
        "converted": e.converted,
        "citation": _citation(e),
        "also_cited_by": [_citation(a) for a in choice.agreeing],
        "conflicts": [
            {"value": c.display_value, "raw": c.record.raw, "citation": _citation(c)}
            for c in choice.conflicting
        ],
    }


def render_json(table: ReportTable) -> str:
    cfg = table.config
    out = {
        "title": cfg.title,
        "strict": table.strict,
        "columns": [
            {
                "id": c.id,
                "label": c.label,
                "benchmark": c.benchmark,
                "protocol": c.protocol.model_dump(mode="json", exclude_none=True),
            }
            for c in cfg.columns
        ],
        "rows": [
            {
                "id": r.id,
                "label": r.label,
                "model": r.model,
                "configuration": dict(r.match),
                "cells": {c.id: cell_json(table.cell(r.id, c.id)) for c in cfg.columns},
            }
            for r in cfg.rows
        ],
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("benchtable.reports", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = fmt_value
    return env


def render_markdown(table: ReportTable) -> str:
    cfg = table.config
    footnotes: list[Footnote] = []
    grid: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    filled = 0
    for row in cfg.rows:
        cells: list[dict[str, Any]] = []
        for col in cfg.columns:
            choice = table.cell(row.id, col.id)
            if choice.chosen is None:
                cells.append({"text": ""})
                continue
            filled += 1
            note = Footnote(len(footnotes) + 1, [choice.chosen, *choice.agreeing])
            footnotes.append(note)
            marks = ""
            if choice.marker:
                marks += "‡"
            if choice.chosen.converted:
                marks += "°"
            if choice.conflicting:
                marks += "≠"
            cells.append(
                {
                    "text": f"{fmt_value(choice.chosen.display_value)}{marks} [^{note.number}]",
                    "choice": choice,
                }
            )
            if choice.conflicting:
                conflicts.append({"row": row, "column": col, "choice": choice, "note": note.number})
        grid.append({"row": row, "cells": cells})
    template = _environment().get_template("report.md.j2")
    return template.render(
        config=cfg,
        grid=grid,
        footnotes=footnotes,
        conflicts=conflicts,
        strict=table.strict,
        filled=filled,
        total=len(cfg.rows) * len(cfg.columns),
    )
