"""Report data formats: JSON (the `report --format json` contract) and CSV, read from the
same `ReportView` as the Markdown, HTML and SVG renderings."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from benchtable.reports.comparisons import Comparison, protocol_text
from benchtable.reports.notes import Conflict
from benchtable.reports.render import ReportView, delta_base, deltas, fmt_value
from benchtable.reports.select import CellChoice, Evidence, describe_protocol


def citation_json(e: Evidence) -> dict[str, Any]:
    c = e.record.citation
    return {
        "url": c.url,
        "sha256": c.sha256,
        "locator": c.locator.model_dump(mode="json", exclude_none=True),
        "quote": c.quote,
        "source_id": e.record.source_id,
    }


def evidence_json(e: Evidence) -> dict[str, Any]:
    r = e.record
    return {
        "value": e.display_value,
        "raw": r.raw,
        "scale": r.scale.value,
        "model_label": r.model_label,
        "benchmark": r.benchmark,
        "benchmark_label": r.benchmark_label,
        "configuration": r.configuration.model_dump(mode="json", exclude_none=True),
        "protocol": e.protocol.model_dump(mode="json", exclude_none=True),
        "protocol_from_hints": list(e.hinted),
        "protocol_differs": list(e.differences),
        "protocol_unstated": list(e.unstated),
        "unstated": list(e.unstated_settings),
        "protocol_corroborated": [
            {
                "setting": c.setting,
                "value": c.value,
                "source_id": c.record.source_id,
                "url": c.record.citation.url,
                "locator": c.record.citation.locator.model_dump(mode="json", exclude_none=True),
                "text": c.describe(),
            }
            for c in e.corroborated
        ],
        "older_version_of": e.version_of,
        "fit": e.fit,
        "precedence": e.precedence,
        "date": e.date or None,
        "converted": e.converted,
        "citation": citation_json(e),
    }


def cell_json(choice: CellChoice) -> dict[str, Any] | None:
    e = choice.chosen
    if e is None:
        return None
    out = evidence_json(e)
    out["marker"] = choice.marker
    out["unstated_marker"] = choice.unstated_marker
    out["corroborated_marker"] = choice.corroborated_marker
    out["also_cited_by"] = [citation_json(a) for a in choice.agreeing]
    out["conflicts"] = [
        {"value": c.display_value, "raw": c.record.raw, "citation": citation_json(c)}
        for c in choice.conflicting
    ]
    return out


def comparison_json(comp: Comparison) -> dict[str, Any]:
    return {
        "factor": comp.factor,
        "subject": comp.subject,
        "title": comp.title(),
        "source_id": comp.source_id,
        "url": comp.url,
        "members": [m.label for m in comp.members],
        "shared_benchmarks": comp.shared,
        "entries": [
            {
                "benchmark": e.benchmark,
                "label": e.label,
                "protocol": protocol_text(e, comp.factor),
                "values": e.values,
                "deltas": deltas(e.values),
                "delta_base": _delta_base_label(comp, e.values),
                "locators": [
                    r.citation.locator.model_dump(mode="json", exclude_none=True) if r else None
                    for r in e.records
                ],
                "raw": [r.raw if r else None for r in e.records],
            }
            for e in comp.entries
        ],
    }


def _delta_base_label(comp: Comparison, values: list[float | None]) -> str | None:
    base = delta_base(values)
    return comp.members[base].label if base is not None else None


def render_json(view: ReportView) -> str:
    cfg = view.config
    out = {
        "title": cfg.title,
        "strict": view.table.strict,
        "columns": [
            {
                "id": c.id,
                "label": c.label,
                "benchmark": c.benchmark,
                "protocol": c.protocol.model_dump(mode="json", exclude_none=True),
                "fallback": list(c.fallback),
                "scale": view.table.scales.get(c.id, ""),
                "direction": view.table.directions.get(c.id, "higher"),
            }
            for c in cfg.columns
        ],
        "tiers": [{"id": t.id, "label": t.label} for t in cfg.tiers],
        "rows": [
            {
                "id": rv.row.id,
                "label": rv.row.label,
                "model": rv.row.model,
                "configuration": dict(rv.row.match),
                "tier": rv.row.tier,
                "tier_label": cfg.tier_label(rv.row.tier),
                "cells": {cv.column.id: cell_json(cv.choice) for cv in rv.cells},
            }
            for rv in view.rows
        ],
        "coverage": coverage_json(view),
        "conflicts": [conflict_json(c) for c in view.stated_conflicts],
        "unstated_disagreements": [conflict_json(c) for c in view.unstated_conflicts],
        "superseded": [
            {
                "row": s.row.id,
                "column": s.column.id,
                "value": s.evidence.display_value,
                "version_of": s.evidence.version_of,
                "revision_note": s.evidence.revision_note,
                "citation": citation_json(s.evidence),
                "shown": s.current.display_value if s.current else None,
            }
            for s in view.superseded
        ],
        "comparisons": {f: [comparison_json(c) for c in v] for f, v in view.comparisons.items()},
        "comparisons_total": view.comparisons_total,
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def conflict_json(c: Conflict) -> dict[str, Any]:
    shown = next((side.evidence for side in c.sides if side.shown), None)
    return {
        "row": c.row.id,
        "column": c.column.id,
        "protocol": c.protocol,
        "shown": shown.display_value if shown else None,
        "values": [
            {
                "value": side.evidence.display_value,
                "shown": side.shown,
                "citation": citation_json(side.evidence),
            }
            for side in c.sides
        ],
        "others": [
            {"value": side.evidence.display_value, "citation": citation_json(side.evidence)}
            for side in c.sides
            if not side.shown
        ],
    }


def coverage_json(view: ReportView) -> dict[str, Any]:
    n_cols, n_rows = len(view.columns), len(view.rows)
    return {
        "filled": view.filled,
        "total": view.total,
        "rows": {rv.row.id: {"filled": rv.filled, "blank": n_cols - rv.filled} for rv in view.rows},
        "columns": {
            c.id: {"filled": view.column_filled(i), "blank": n_rows - view.column_filled(i)}
            for i, c in enumerate(view.columns)
        },
    }


# ----------------------------------------------------------------------------- CSV


def render_csv(view: ReportView) -> str:
    """One line per cell (blank cells too): the value, its markers and its citation."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "row_id",
            "row_label",
            "column_id",
            "column_label",
            "value",
            "raw",
            "marks",
            "protocol",
            "protocol_differs",
            "source_id",
            "url",
            "sha256",
            "locator",
            "quote",
        ]
    )
    for rv in view.rows:
        for cv in rv.cells:
            e = cv.choice.chosen
            if e is None:
                w.writerow(
                    [
                        rv.row.id,
                        rv.row.label,
                        cv.column.id,
                        cv.column.label,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                continue
            c = e.record.citation
            w.writerow(
                [
                    rv.row.id,
                    rv.row.label,
                    cv.column.id,
                    cv.column.label,
                    fmt_value(e.display_value),
                    e.record.raw,
                    cv.marks,
                    describe_protocol(e.protocol),
                    "; ".join(e.differences),
                    e.record.source_id,
                    c.url,
                    c.sha256,
                    c.locator.describe(),
                    c.quote,
                ]
            )
    return buf.getvalue()


# ----------------------------------------------------------------------------- templates
