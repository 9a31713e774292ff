"""Choosing one value per cell: a pure function over records.

For a row (model + configuration selector) and a column (benchmark + protocol):

1. candidates are the records of that model, configuration and benchmark;
2. they rank by protocol fit: every setting the column defines is stated and equal
   (0), some are not stated (1), some are stated and differ (2);
3. then by source precedence: the model's own card, README or blog (0), a
   leaderboard (1), a paper (2) — a paper that is the source's own model counts as own;
4. then the newest document first.

The winner is shown; records of the same value elsewhere become extra citations;
records of the same fit and a different value are a conflict, listed under the
table. A winner of fit 2 is shown with a marker stating the difference, or left
blank under `strict`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchtable.reports.config import ColumnSpec, ReportConfig, RowSpec
from benchtable.schema.records import Protocol, Scale, ScoreRecord

KIND_RANK = {"model_card": 0, "readme": 0, "blog": 0, "leaderboard": 1, "paper_pdf": 2, "paper_html": 2}
PROTOCOL_FIELDS = ("n_shot", "cot", "metric", "split", "context_length")


@dataclass(frozen=True)
class Evidence:
    record: ScoreRecord
    fit: int
    differences: tuple[str, ...]
    kind_rank: int
    date: str
    display_value: float
    converted: str | None
    """How the value was converted for display (e.g. 'from 0.732 (fraction)')."""


@dataclass
class CellChoice:
    row: RowSpec
    column: ColumnSpec
    chosen: Evidence | None
    agreeing: list[Evidence] = field(default_factory=list)
    conflicting: list[Evidence] = field(default_factory=list)
    others: list[Evidence] = field(default_factory=list)

    @property
    def marker(self) -> bool:
        return self.chosen is not None and self.chosen.fit == 2


@dataclass
class ReportTable:
    config: ReportConfig
    cells: dict[tuple[str, str], CellChoice]
    strict: bool

    def cell(self, row_id: str, column_id: str) -> CellChoice:
        return self.cells[(row_id, column_id)]


def protocol_fit(wanted: Protocol, have: Protocol) -> tuple[int, tuple[str, ...]]:
    fit = 0
    differences: list[str] = []
    for name in PROTOCOL_FIELDS:
        want = getattr(wanted, name)
        if want is None:
            continue
        got = getattr(have, name)
        if got is None:
            fit = max(fit, 1)
        elif str(got).lower() != str(want).lower():
            fit = 2
            differences.append(f"{name.replace('_', '-')} {_show(got)} (column: {_show(want)})")
    return fit, tuple(differences)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def display_value(record: ScoreRecord, column_scale: Scale) -> tuple[float, str | None]:
    """The record's value on the column's scale (fractions shown as percent, ms/token as tokens/s)."""
    if record.scale == Scale.FRACTION and column_scale == Scale.PERCENT:
        return round(record.value * 100, 4), f"{record.raw} as a fraction, shown ×100"
    if record.scale == Scale.MS_PER_TOKEN and column_scale == Scale.TOKENS_PER_S and record.value > 0:
        return round(1000.0 / record.value, 2), f"converted from {record.raw} ms/token"
    return record.value, None


def _compatible_scale(record: ScoreRecord, column_scale: Scale) -> bool:
    if record.scale == column_scale:
        return True
    pairs = {(Scale.FRACTION, Scale.PERCENT), (Scale.MS_PER_TOKEN, Scale.TOKENS_PER_S)}
    return (record.scale, column_scale) in pairs


def choose_cell(
    row: RowSpec,
    column: ColumnSpec,
    records: Sequence[ScoreRecord],
    sources: Mapping[str, Mapping[str, Any]],
    column_scale: Scale,
    benchmark_ids: Sequence[str],
    *,
    strict: bool = False,
) -> CellChoice:
    evidence: list[Evidence] = []
    for r in records:
        if r.model != row.model or r.benchmark not in benchmark_ids or r.bound is not None:
            continue
        if not row.accepts(r.configuration) or not _compatible_scale(r, column_scale):
            continue
        fit, diffs = protocol_fit(column.protocol, r.protocol)
        info = sources.get(r.source_id, {})
        value, converted = display_value(r, column_scale)
        evidence.append(
            Evidence(
                record=r,
                fit=fit,
                differences=diffs,
                kind_rank=KIND_RANK.get(str(info.get("kind")), 2),
                date=str(info.get("date") or ""),
                display_value=value,
                converted=converted,
            )
        )
    # newest first, then precedence, then fit (stable sorts, applied in reverse order of priority)
    evidence.sort(key=lambda e: (e.record.source_id, e.record.citation.locator.line or 0))
    evidence.sort(key=lambda e: e.date, reverse=True)
    evidence.sort(key=lambda e: (e.fit, e.kind_rank))
    choice = CellChoice(row, column, None)
    if not evidence:
        return choice
    best = evidence[0]
    if strict and best.fit == 2:
        choice.others = evidence
        return choice
    choice.chosen = best
    for e in evidence[1:]:
        if _same_value(e.display_value, best.display_value):
            choice.agreeing.append(e)
        elif e.fit == best.fit:
            choice.conflicting.append(e)
        else:
            choice.others.append(e)
    return choice


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def build_table(
    config: ReportConfig,
    records: Sequence[ScoreRecord],
    sources: Mapping[str, Mapping[str, Any]],
    *,
    strict: bool = False,
) -> ReportTable:
    from benchtable.schema.vocabulary import vocabulary

    voc = vocabulary()
    cells: dict[tuple[str, str], CellChoice] = {}
    by_model: dict[str, list[ScoreRecord]] = {}
    for r in records:
        by_model.setdefault(r.model, []).append(r)
    for row in config.rows:
        mine = by_model.get(row.model, [])
        for col in config.columns:
            bench = voc.benchmarks[col.benchmark]
            ids = [col.benchmark]
            if col.benchmark == "decode_speed":
                ids.append("decode_latency")
            cells[(row.id, col.id)] = choose_cell(row, col, mine, sources, bench.scale, ids, strict=strict)
    return ReportTable(config, cells, strict)
