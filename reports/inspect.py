"""What the `cell`, `models`, `benchmarks` and `export` commands show: pure functions
over the report data (and the SQL that counts ids), so the commands stay thin."""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchtable.reports.config import ColumnSpec, ReportConfig, RowSpec
from benchtable.reports.render import evidence_notes, fmt_value
from benchtable.reports.render_data import evidence_json
from benchtable.reports.select import FIT_LABELS, PRECEDENCE_LABELS, CellChoice, describe_protocol
from benchtable.schema.errors import ConfigError, StoreError
from benchtable.schema.vocabulary import fold, vocabulary

if TYPE_CHECKING:
    from benchtable.db.store import Database


def _pick(kind: str, wanted: str, options: Sequence[tuple[str, str]]) -> str:
    """The id of the option whose id or label is `wanted` (folded); else a ConfigError
    listing the close matches."""
    key = fold(wanted)
    hits = [i for i, label in options if fold(i) == key or fold(label) == key]
    if len(hits) == 1:
        return hits[0]
    names = [i for i, _ in options] + [label for _, label in options]
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.4)
    prefix = [i for i, label in options if fold(i).startswith(key) or fold(label).startswith(key)]
    suggestions = list(dict.fromkeys(prefix + close))[:6]
    raise ConfigError(
        f"no {kind} {wanted!r} in the report config"
        + (f"; close matches: {', '.join(suggestions)}" if suggestions else "")
        + f"; {kind}s: {', '.join(i for i, _ in options)}"
    )


def find_row(config: ReportConfig, wanted: str) -> RowSpec:
    rid = _pick("row", wanted, [(r.id, r.label) for r in config.rows])
    return next(r for r in config.rows if r.id == rid)


def find_column(config: ReportConfig, wanted: str) -> ColumnSpec:
    cid = _pick("column", wanted, [(c.id, c.label) for c in config.columns])
    return next(c for c in config.columns if c.id == cid)


def cell_json(choice: CellChoice) -> dict[str, Any]:
    chosen = choice.chosen
    return {
        "row": {
            "id": choice.row.id,
            "label": choice.row.label,
            "model": choice.row.model,
            "match": choice.row.match,
        },
        "column": {
            "id": choice.column.id,
            "label": choice.column.label,
            "benchmark": choice.column.benchmark,
            "protocol": choice.column.protocol.model_dump(mode="json", exclude_none=True),
        },
        "shown": evidence_json(chosen) if chosen else None,
        "reason": choice.reason(),
        "evidence": [
            {
                **evidence_json(e),
                "role": _role(choice, e),
            }
            for e in choice.candidates
        ],
    }


def _role(choice: CellChoice, e: Any) -> str:
    if e is choice.chosen:
        return "shown"
    if e in choice.agreeing:
        return "agrees"
    if e in choice.conflicting:
        return "conflicts"
    if e in choice.superseded:
        return "superseded"
    return "other"


role_of = _role
"""An evidence's role in its cell (shown, agrees, conflicts, superseded, other): also what `audit` prints."""


def cell_text(choice: CellChoice) -> str:
    row, col = choice.row, choice.column
    lines = [
        f"{row.label} × {col.label}",
        f"  row:    model {row.model}"
        + (
            f", match {json.dumps(row.match, ensure_ascii=False)}"
            if row.match
            else " (unquantized records only)"
        ),
        f"  column: benchmark {col.benchmark}"
        + (
            f", protocol {describe_protocol(col.protocol)}"
            if describe_protocol(col.protocol)
            else ", any protocol"
        )
        + (f"; fallback {', '.join(col.fallback)}" if col.fallback else ""),
    ]
    if choice.chosen:
        lines.append(
            f"  shown:  {fmt_value(choice.chosen.display_value)} from {choice.chosen.record.source_id}"
        )
    lines.append(f"  why:    {choice.reason()}")
    candidates = choice.candidates
    lines.append(f"  evidence ({len(candidates)}, best first):")
    for n, e in enumerate(candidates, start=1):
        r = e.record
        c = r.citation
        lines.append(
            f"  {n:>3}. [{_role(choice, e)}] {fmt_value(e.display_value)}  ({r.raw!r} read as "
            f"{r.model_label} · {r.benchmark_label})"
        )
        lines.append(
            f"       fit {e.fit} ({FIT_LABELS[e.fit]}) · precedence {e.precedence} ({PRECEDENCE_LABELS[e.precedence]})"
            f" · date {e.date or 'unknown'}"
        )
        conf = r.configuration.label() or "as published"
        lines.append(f"       configuration {conf}; protocol {describe_protocol(e.protocol) or 'not stated'}")
        for fact in evidence_notes(e):
            if not fact.startswith("protocol: "):
                lines.append(f"       {fact}")
        lines.append(f"       {r.source_id}, {c.url}, {c.locator.describe()}")
        lines.append(f"       quote: {c.quote!r}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class IdCounts:
    """How the records use one model or benchmark id."""

    records: int
    sources: int
    labels: tuple[str, ...]
    """Its three commonest labels as printed (ties: the first seen in store order)."""


def id_counts(db: Database, column: str) -> dict[str, IdCounts]:
    """Per `model` or `benchmark` id of the current records, counted in SQL."""
    label = {"model": "model_label", "benchmark": "benchmark_label"}[column]
    last = 2**31 - 1  # a missing position sorts last, as in ORDER BY
    first = ", ".join(
        f"coalesce({c}, {last})" for c in ("page", "line", "table_index", "row_index", "column_index")
    )
    rows = db.con.execute(
        f"""
        WITH labelled AS (
            SELECT {column} AS id, {label} AS label, count(*) AS n, min((source_id, {first}, record_id)) AS first
            FROM current_records GROUP BY {column}, {label}
        ),
        top AS (
            SELECT id, sum(n) AS records, list(label ORDER BY n DESC, first)[1:3] AS labels
            FROM labelled GROUP BY id
        ),
        spread AS (SELECT {column} AS id, count(DISTINCT source_id) AS sources FROM current_records GROUP BY 1)
        SELECT id, records, sources, labels FROM top JOIN spread USING (id)
        """
    ).fetchall()
    return {str(i): IdCounts(int(n), int(s), tuple(labels)) for i, n, s, labels in rows}


def models_listing(counts: Mapping[str, IdCounts], unmapped_limit: int = 40) -> dict[str, Any]:
    voc = vocabulary()
    none = IdCounts(0, 0, ())
    known = [
        {
            "id": m.id,
            "label": m.label,
            "family": m.family,
            "variant": m.variant,
            "params_b": m.params_b,
            "active_params_b": m.active_params_b,
            "open_weights": m.open_weights,
            "release": m.release,
            "publisher": m.publisher,
            "aliases": m.aliases,
            "records": counts.get(m.id, none).records,
            "sources": counts.get(m.id, none).sources,
        }
        for m in voc.models.values()
    ]
    unmapped_ids = sorted(
        (mid for mid in counts if mid not in voc.models),
        key=lambda mid: (-counts[mid].sources, -counts[mid].records, mid),
    )
    unmapped = [
        {
            "id": mid,
            "records": counts[mid].records,
            "sources": counts[mid].sources,
            "labels": list(counts[mid].labels),
        }
        for mid in unmapped_ids[:unmapped_limit]
    ]
    return {"models": known, "unmapped": unmapped, "unmapped_total": len(unmapped_ids)}


def benchmarks_listing(counts: Mapping[str, IdCounts], unmapped_limit: int = 40) -> dict[str, Any]:
    voc = vocabulary()
    known = [
        {
            "id": b.id,
            "label": b.label,
            "category": b.category,
            "scale": b.scale.value,
            "unit": b.norm_unit.value,
            "direction": b.direction,
            "default_protocol": describe_protocol(b.default_protocol),
            "aliases": b.aliases,
            "records": counts[b.id].records if b.id in counts else 0,
        }
        for b in voc.benchmarks.values()
    ]
    unmapped_ids = sorted(
        (b for b in counts if b not in voc.benchmarks), key=lambda b: (-counts[b].records, b)
    )
    unmapped = [
        {"id": b, "records": counts[b].records, "labels": list(counts[b].labels)}
        for b in unmapped_ids[:unmapped_limit]
    ]
    return {"benchmarks": known, "unmapped": unmapped, "unmapped_total": len(unmapped_ids)}


def _fmt_params(total: object, active: object) -> str:
    if total is None:
        return "-"
    return f"{total:g}B" + (f" ({active:g}B active)" if active is not None else "")


def models_text(listing: dict[str, Any]) -> str:
    lines = [
        f"{'id':<26} {'family':<14} {'variant':<9} {'params':<22} {'weights':<7} {'release':<10} records"
    ]
    for m in listing["models"]:
        lines.append(
            f"{m['id']:<26} {m['family']:<14} {m['variant']:<9} "
            f"{_fmt_params(m['params_b'], m['active_params_b']):<22} {'open' if m['open_weights'] else 'closed':<7} "
            f"{m['release'] or '-':<10} {m['records']}"
        )
    lines.append("")
    lines.append(
        f"unmapped: {listing['unmapped_total']} model ids in the records are not in schema/data/models.toml"
        + (f" (the {len(listing['unmapped'])} in most sources):" if listing["unmapped"] else "")
    )
    for u in listing["unmapped"]:
        lines.append(
            f"  {u['id']:<40} {u['records']:>5} records, {u['sources']:>3} sources  e.g. {u['labels'][0]!r}"
        )
    return "\n".join(lines) + "\n"


def benchmarks_text(listing: dict[str, Any]) -> str:
    lines = [
        f"{'id':<22} {'category':<18} {'scale':<10} {'unit':<10} {'better':<7} {'default protocol':<26} records"
    ]
    for b in listing["benchmarks"]:
        lines.append(
            f"{b['id']:<22} {b['category']:<18} {b['scale']:<10} {b['unit']:<10} {b['direction']:<7} "
            f"{b['default_protocol'] or '-':<26} {b['records']}"
        )
    lines.append("")
    lines.append(
        f"unmapped: {listing['unmapped_total']} benchmark ids in the records are not in schema/data/benchmarks.toml"
        + (":" if listing["unmapped"] else "")
    )
    for u in listing["unmapped"]:
        lines.append(f"  {u['id']:<40} {u['records']:>5} records  e.g. {u['labels'][0]!r}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- export

EXPORT_FORMATS = ("parquet", "csv", "json", "jsonl")


EXPORT_OPTIONS = {
    "parquet": "FORMAT PARQUET",
    "csv": "FORMAT CSV, HEADER",
    "json": "FORMAT JSON, ARRAY true",
    "jsonl": "FORMAT JSON",
}
"""DuckDB COPY options per export format (`jsonl`: one JSON object a line)."""


def export_records(db: Database, output: Path, fmt: str, *, history: bool = False) -> int:
    """Copy every current record (or every record ever stored, with `history`) to a
    Parquet, CSV, JSON or JSON Lines file with DuckDB's COPY; returns the number of rows."""
    table = "records" if history else "current_records"
    options = EXPORT_OPTIONS[fmt]
    target = str(output).replace("'", "''")
    sql = f"SELECT * FROM {table} ORDER BY source_id, sha256, page NULLS FIRST, line NULLS FIRST, record_id"
    try:
        db.con.execute(f"COPY ({sql}) TO '{target}' ({options})")
        row = db.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    except Exception as exc:  # duckdb raises several error types for one failed COPY
        raise StoreError(f"{output}: cannot export: {str(exc).splitlines()[0]}") from exc
    return int(row[0]) if row else 0
