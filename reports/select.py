"""Choosing one value per cell: a pure function over records.

For a row (model + configuration selector) and a column (benchmark + protocol):

1. candidates are the records of that model, configuration and benchmark (or one of
   the column's `fallback` benchmarks, which always counts as a different protocol);
2. they rank by protocol fit: every setting the column defines is stated and equal
   (0), some are not stated (1), some are stated and differ (2); a setting inherited by
   corroboration counts as stated;
3. then by source precedence: the model's own publication — a card, README, blog or
   paper from the model's publisher (0), a leaderboard (1), anything else: third-party
   READMEs, blogs and papers (2);
4. then a protocol the record's own document states before one inherited;
5. then the newest document first (the date the source states, `Last-Modified`);
6. then, for a stable order, source id and position in the document.

The winner is shown; records of the same value elsewhere become extra citations;
records of an older version of a document whose newer version publishes the cell are
superseded (`disagree.split_superseded`); records of different documents that state
the same protocol and give different values are a conflict, listed under the table
(`disagree.conflict_groups`), whether or not the shown value is one of them. A winner of fit 2 is shown
with a marker stating the difference, or left blank under `strict`; so is a winner
whose source leaves a setting of the column's protocol unstated (fit 1, its own marker).

A record's protocol is what its source states. Settings a source states once in
prose (the context length of a perplexity table) are registered as source `hints`
and applied here to the records that lack them; the evidence says so. A setting the
record's own document leaves unstated is inherited from another document of the same
publisher that publishes the same number and states it (`corroborate`), cited as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from benchtable.reports.config import ColumnSpec, ReportConfig, RowSpec
from benchtable.reports.corroborate import Corroboration, CorroborationIndex
from benchtable.reports.disagree import ConflictGroup, conflict_groups, split_superseded
from benchtable.reports.sources import SourceMeta, precedence
from benchtable.schema.records import Protocol, Scale, ScoreRecord
from benchtable.schema.units import convert
from benchtable.schema.vocabulary import Vocabulary, vocabulary

PROTOCOL_FIELDS = ("n_shot", "cot", "metric", "split", "context_length")
HINTED_FIELDS = {"context_length": (Scale.PERPLEXITY,)}
"""Protocol settings a source's hints may supply, and for which scales of record."""

PRECEDENCE_LABELS = {0: "the model's own publication", 1: "leaderboard", 2: "third party"}
FIT_LABELS = {
    0: "measured under the column's protocol",
    1: "protocol not fully stated",
    2: "different protocol",
}


@dataclass(frozen=True)
class Evidence:
    record: ScoreRecord
    protocol: Protocol
    """The record's protocol, completed from its source's hints."""
    fit: int
    differences: tuple[str, ...]
    unstated: tuple[str, ...]
    precedence: int
    date: str
    display_value: float
    converted: str | None
    """How the value was converted for display (e.g. 'from 0.732 (fraction)')."""
    hinted: tuple[str, ...] = ()
    """Protocol settings taken from the source's registered hints."""
    unstated_settings: tuple[str, ...] = ()
    """The protocol fields (`n_shot`, ...) the column defines and the source does not state."""
    corroborated: tuple[Corroboration, ...] = ()
    """Protocol settings inherited from another document of the same publisher (same number)."""
    version_of: str | None = None
    """The source whose document the record's source is an older version of."""
    revision_note: str | None = None

    column_settings: tuple[str, ...] = ()
    """The protocol fields the column defines (what a corroborated setting can matter for)."""

    @property
    def corroborated_column(self) -> tuple[Corroboration, ...]:
        """The corroborated settings that the column's protocol defines."""
        return tuple(c for c in self.corroborated if c.setting in self.column_settings)

    @property
    def key(self) -> tuple[object, ...]:
        return rank_key(self)

    def protocol_text(self) -> str:
        return describe_protocol(self.protocol)


def rank_key(e: Evidence) -> tuple[object, ...]:
    """Sort key: fit, precedence, a protocol the record's own document states before one
    it owes to corroboration, newest date, then position (deterministic)."""
    loc = e.record.citation.locator
    return (
        e.fit,
        e.precedence,
        bool(e.corroborated_column),
        _neg_date(e.date),
        e.record.source_id,
        loc.page or 0,
        loc.line or 0,
        loc.table or 0,
        loc.row or 0,
        loc.column or 0,
        e.record.benchmark,
        e.display_value,
    )


def _neg_date(date: str) -> tuple[int, ...]:
    """Newest first; an unknown date sorts after every known one."""
    if not date:
        return (1,)
    digits = [int(p) for p in date[:10].split("-") if p.isdigit()]
    return (0, *(-d for d in digits))


@dataclass
class CellChoice:
    row: RowSpec
    column: ColumnSpec
    chosen: Evidence | None
    agreeing: list[Evidence] = field(default_factory=list)
    conflicting: list[Evidence] = field(default_factory=list)
    others: list[Evidence] = field(default_factory=list)
    hidden_by_strict: bool = False
    superseded: list[Evidence] = field(default_factory=list)
    """Records of older versions of a document whose newer version publishes this cell."""
    conflict_groups: list[ConflictGroup] = field(default_factory=list)
    """Every protocol under which different documents give this cell different values."""

    @property
    def marker(self) -> bool:
        return self.chosen is not None and self.chosen.fit == 2

    @property
    def corroborated_marker(self) -> bool:
        """The shown value's protocol is completed from another document of its publisher."""
        return self.chosen is not None and bool(self.chosen.corroborated_column)

    @property
    def unstated_marker(self) -> bool:
        """The shown value's source leaves a setting of the column's protocol unstated."""
        return self.chosen is not None and bool(self.chosen.unstated_settings)

    @property
    def candidates(self) -> list[Evidence]:
        """Every piece of evidence, best first."""
        out = ([self.chosen] if self.chosen else []) + self.agreeing + self.conflicting + self.others
        return sorted(out, key=rank_key) + sorted(self.superseded, key=rank_key)

    def reason(self) -> str:
        """Why the shown value won (or why the cell is blank)."""
        if self.chosen is None:
            if self.hidden_by_strict:
                return (
                    "blank under --strict: every candidate was measured under a different protocol"
                    " or does not state the column's protocol"
                )
            return "blank: no registered source publishes a value for this configuration and benchmark"
        e = self.chosen
        parts = [FIT_LABELS[e.fit], PRECEDENCE_LABELS[e.precedence]]
        parts.append(f"dated {e.date}" if e.date else "undated")
        rivals = [c for c in self.candidates if c is not e and c not in self.superseded]
        if not rivals:
            only = "the only candidate: " + ", ".join(parts)
            if self.superseded:
                only += f"; {len(self.superseded)} from older versions of a document, superseded"
            return only
        beaten: list[str] = []
        better_fit = sum(1 for c in rivals if c.fit > e.fit)
        better_prec = sum(1 for c in rivals if c.fit == e.fit and c.precedence > e.precedence)
        newer = sum(1 for c in rivals if c.fit == e.fit and c.precedence == e.precedence and c.date != e.date)
        if better_fit:
            beaten.append(f"{better_fit} with a worse protocol fit")
        if better_prec:
            beaten.append(f"{better_prec} of lower source precedence")
        if newer:
            beaten.append(f"{newer} from older or undated documents")
        ties = len(rivals) - better_fit - better_prec - newer
        if ties:
            beaten.append(f"{ties} tied, ordered by source id and position")
        text = f"{', '.join(parts)}; ranked above " + "; ".join(beaten)
        if self.superseded:
            text += f"; {len(self.superseded)} from older versions of a document, superseded"
        return text


@dataclass
class ReportTable:
    config: ReportConfig
    cells: dict[tuple[str, str], CellChoice]
    strict: bool
    scales: dict[str, Scale] = field(default_factory=dict)
    directions: dict[str, str] = field(default_factory=dict)

    def cell(self, row_id: str, column_id: str) -> CellChoice:
        return self.cells[(row_id, column_id)]


def describe_protocol(p: Protocol) -> str:
    parts: list[str] = []
    if p.n_shot is not None:
        parts.append(f"{p.n_shot}-shot")
    if p.cot is not None:
        parts.append("CoT" if p.cot else "no CoT")
    if p.metric:
        parts.append(p.metric)
    if p.split:
        parts.append(f"{p.split} split")
    if p.context_length is not None:
        parts.append(f"context {p.context_length}")
    if p.details:
        parts.append(p.details)
    return ", ".join(parts)


def protocol_fit(wanted: Protocol, have: Protocol) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """(fit, stated differences, settings not stated) of `have` against the column's `wanted`."""
    fit = 0
    differences: list[str] = []
    unstated: list[str] = []
    for name in PROTOCOL_FIELDS:
        want = getattr(wanted, name)
        if want is None:
            continue
        got = getattr(have, name)
        label = name.replace("_", "-")
        if got is None:
            fit = max(fit, 1)
            unstated.append(f"{label} not stated (column: {_show(want)})")
        elif str(got).lower() != str(want).lower():
            fit = 2
            differences.append(f"{label} {_show(got)} (column: {_show(want)})")
    return fit, tuple(differences), tuple(unstated)


def unstated_settings(wanted: Protocol, have: Protocol) -> tuple[str, ...]:
    """The protocol fields the column defines that `have` leaves unstated."""
    return tuple(
        name for name in PROTOCOL_FIELDS if getattr(wanted, name) is not None and getattr(have, name) is None
    )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def effective_protocol(record: ScoreRecord, meta: SourceMeta | None) -> tuple[Protocol, tuple[str, ...]]:
    """The record's protocol with settings its source states once (registered hints) filled in."""
    if meta is None:
        return record.protocol, ()
    updates: dict[str, object] = {}
    for name, scales in HINTED_FIELDS.items():
        if getattr(record.protocol, name) is None and record.scale in scales and name in meta.hints:
            value = meta.hints[name]
            if isinstance(value, int) and not isinstance(value, bool):
                updates[name] = value
    if not updates:
        return record.protocol, ()
    return record.protocol.model_copy(update=updates), tuple(sorted(updates))


DISPLAY_NOTES: dict[tuple[Scale, Scale], str] = {
    (Scale.FRACTION, Scale.PERCENT): "{raw} as a fraction, shown ×100",
    (Scale.MS_PER_TOKEN, Scale.TOKENS_PER_S): "converted from {value:g} ms/token (1000 / ms)",
    (Scale.S_PER_TOKEN, Scale.TOKENS_PER_S): "converted from {value:g} s/token (1 / s)",
    (Scale.MILLISECONDS, Scale.SECONDS): "converted from {value:g} ms (ms / 1000)",
}
"""The conversions a report column applies (with `schema.units.convert`), and their notes."""


def display_value(record: ScoreRecord, column_scale: Scale) -> tuple[float, str | None]:
    """The record's value on the column's scale (fractions shown as percent, ms/token as tokens/s)."""
    note = DISPLAY_NOTES.get((record.scale, column_scale))
    converted = convert(record.value, record.scale, column_scale) if note else None
    if note is None or converted is None:
        return record.value, None
    return converted, note.format(raw=record.raw, value=record.value)


def compatible_scale(record_scale: Scale, column_scale: Scale) -> bool:
    return record_scale == column_scale or (record_scale, column_scale) in DISPLAY_NOTES


def column_benchmarks(column: ColumnSpec, voc: Vocabulary | None = None) -> tuple[list[str], list[str]]:
    """(benchmark ids that define the column, fallback ids shown as a different protocol)."""
    ids = [column.benchmark]
    voc = voc or vocabulary()
    bench = voc.benchmarks.get(column.benchmark)
    # a tokens/s column also reads the latency twin of the benchmark (converted and marked)
    if bench is not None and bench.scale == Scale.TOKENS_PER_S and column.benchmark == "decode_speed":
        ids.append("decode_latency")
    return ids, list(column.fallback)


def evidence_for(
    record: ScoreRecord,
    column: ColumnSpec,
    meta: SourceMeta | None,
    model_publisher: str | None,
    column_scale: Scale,
    *,
    fallback: bool = False,
    index: CorroborationIndex | None = None,
) -> Evidence:
    protocol, hinted = effective_protocol(record, meta)
    corroborated: tuple[Corroboration, ...] = ()
    if index is not None:
        protocol, corroborated = index.corroborate(record, protocol)
    fit, diffs, unstated = protocol_fit(column.protocol, protocol)
    if fallback:
        fit = 2
        diffs = (f"benchmark {record.benchmark_label!r} ({record.benchmark}), not {column.benchmark}", *diffs)
    value, converted = display_value(record, column_scale)
    return Evidence(
        record=record,
        protocol=protocol,
        fit=fit,
        differences=diffs,
        unstated=unstated,
        precedence=precedence(meta, record.model, model_publisher),
        date=meta.date if meta else "",
        display_value=value,
        converted=converted,
        hinted=hinted,
        unstated_settings=unstated_settings(column.protocol, protocol),
        corroborated=corroborated,
        column_settings=tuple(n for n in PROTOCOL_FIELDS if getattr(column.protocol, n) is not None),
        version_of=meta.version_of if meta else None,
        revision_note=meta.revision_note if meta else None,
    )


def choose_cell(
    row: RowSpec,
    column: ColumnSpec,
    records: Sequence[ScoreRecord],
    sources: Mapping[str, SourceMeta],
    column_scale: Scale,
    benchmark_ids: Sequence[str],
    *,
    fallback_ids: Sequence[str] = (),
    model_publisher: str | None = None,
    strict: bool = False,
    index: CorroborationIndex | None = None,
) -> CellChoice:
    """The pure cell-choosing function: rank the row's records for the column, pick the best.
    `index` holds the records that may corroborate a protocol (default: `records`)."""
    index = index or CorroborationIndex(records, sources)
    evidence: list[Evidence] = []
    for r in records:
        if r.model != row.model or r.bound is not None:
            continue
        is_main = r.benchmark in benchmark_ids
        if not is_main and r.benchmark not in fallback_ids:
            continue
        if not row.accepts(r.configuration) or not compatible_scale(r.scale, column_scale):
            continue
        evidence.append(
            evidence_for(
                r,
                column,
                sources.get(r.source_id),
                model_publisher,
                column_scale,
                fallback=not is_main,
                index=index,
            )
        )
    evidence.sort(key=rank_key)
    evidence, superseded = split_superseded(evidence, sources, benchmark_ids)
    choice = CellChoice(row, column, None, superseded=superseded)
    if not evidence:
        return choice
    choice.conflict_groups = conflict_groups(evidence, sources, benchmark_ids)
    best = evidence[0]
    if strict and best.fit >= 1:
        choice.others = evidence
        choice.hidden_by_strict = True
        return choice
    choice.chosen = best
    mine = next((g for g in choice.conflict_groups if g.stated and g.holds(best)), None)
    for e in evidence[1:]:
        if same_value(e.display_value, best.display_value):
            choice.agreeing.append(e)
        elif mine is not None and mine.holds(e):
            choice.conflicting.append(e)
        else:
            choice.others.append(e)
    return choice


def same_protocol(a: Protocol, b: Protocol) -> bool:
    return all(getattr(a, n) == getattr(b, n) for n in (*PROTOCOL_FIELDS, "details"))


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def build_table(
    config: ReportConfig,
    records: Sequence[ScoreRecord],
    sources: Mapping[str, SourceMeta],
    *,
    strict: bool = False,
) -> ReportTable:
    voc = vocabulary()
    index = CorroborationIndex(records, sources)
    cells: dict[tuple[str, str], CellChoice] = {}
    by_model: dict[str, list[ScoreRecord]] = {}
    for r in records:
        by_model.setdefault(r.model, []).append(r)
    scales: dict[str, Scale] = {}
    directions: dict[str, str] = {}
    for col in config.columns:
        bench = voc.benchmarks[col.benchmark]
        scales[col.id] = bench.scale
        directions[col.id] = bench.direction
    for row in config.rows:
        mine = by_model.get(row.model, [])
        model = voc.models.get(row.model)
        publisher = model.publisher if model else None
        for col in config.columns:
            ids, fallback = column_benchmarks(col, voc)
            cells[(row.id, col.id)] = choose_cell(
                row,
                col,
                mine,
                sources,
                scales[col.id],
                ids,
                fallback_ids=fallback,
                model_publisher=publisher,
                strict=strict,
                index=index,
            )
    return ReportTable(config, cells, strict, scales, directions)
