"""Which controlled comparisons a report shows, ranked in SQL; only those are built in Python.

`comparisons.controlled_comparisons` derives the groups from one source's records. Ranking
them needs, per group, only what SQL counts exactly: the models with a value in it (focus:
is one a row of the report?), how many benchmarks its members share (entries with two or
more members) and how many members have a value. `group_sql` computes these for every
group of every source over the same cleaned records (bounded values out; a value printed
twice differently under one model, configuration, benchmark and protocol out; context
lengths from source hints filled in).

The scan over every record is done once per refresh (`store_comparison_groups`, run by
`benchtable refresh`) into the table `comparison_groups`, stamped with a fingerprint of
what it was computed from (current document versions, source hints, the model vocabulary,
this query). A report reads that table when the fingerprint still matches and computes the
groups on the fly otherwise (an older database, the bundled snapshot), so it is never stale.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from benchtable.reports.comparisons import _SIZE, FACTORS, Comparison, controlled_comparisons, model_traits
from benchtable.reports.select import HINTED_FIELDS
from benchtable.reports.sources import SourceMeta
from benchtable.schema.errors import StoreError
from benchtable.schema.records import ScoreRecord
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.db.store import Database

SEP = "\x1f"
"""Separates the parts of a group key (never in an id or a configuration)."""
_PROTOCOL = "n_shot, cot, metric, split, ctx, details"
CONFIG_KEY = (
    "coalesce(lower(precision), '') || '|' || coalesce(lower(quant_method), '') || '|' || "
    "coalesce(CAST(bits AS VARCHAR), '') || '|' || coalesce(CAST(group_size AS VARCHAR), '') || '|' || "
    "coalesce(lower(quant_format), '')"
)
"""`comparisons.config_key` as one string: equal exactly when the configurations are."""
# comparisons.effective_bits
_EFFECTIVE_BITS = (
    "CASE WHEN bits IS NOT NULL THEN bits "
    "WHEN regexp_matches(coalesce(quant_format, ''), '[0-9]') "
    "THEN CAST(regexp_extract(quant_format, '([0-9]+)', 1) AS DOUBLE) "
    "WHEN lower(precision) = 'fp32' THEN 32 WHEN lower(precision) IN ('fp16', 'bf16') THEN 16 "
    "WHEN lower(precision) IN ('fp8', 'int8') THEN 8 WHEN lower(precision) = 'int4' THEN 4 ELSE 16 END"
)

_CLEAN = f"""
hint AS (SELECT unnest($hint_sources::VARCHAR[]) AS source_id, unnest($hint_ctx::INTEGER[]) AS hint_ctx),
traits AS (
    SELECT unnest($trait_models::VARCHAR[]) AS model, unnest($trait_groups::VARCHAR[]) AS family,
           unnest($trait_params::DOUBLE[]) AS params
),
stated AS (
    SELECT r.source_id, r.model, r.benchmark, r.scale, r.value, {CONFIG_KEY} AS ckey,
           ({_EFFECTIVE_BITS}) < 16 AS quantized,
           r.n_shot, r.cot, r.metric, r.split, r.protocol_details AS details,
           CASE WHEN r.context_length IS NULL AND list_contains($hinted_scales::VARCHAR[], r.scale)
                THEN h.hint_ctx ELSE r.context_length END AS ctx,
           (coalesce(r.page, 0), coalesce(r.line, 0), coalesce(r.table_index, 0),
            coalesce(r.row_index, 0), coalesce(r.column_index, 0), r.record_id) AS position
    FROM current_records r LEFT JOIN hint h ON h.source_id = r.source_id
    WHERE r.bound IS NULL
),
valued AS (
    SELECT source_id, model, ckey, quantized, benchmark, {_PROTOCOL},
           arg_min(value, position) AS first_value, min(value) AS low, max(value) AS high
    FROM stated GROUP BY source_id, model, ckey, quantized, benchmark, {_PROTOCOL}, scale
),
clean AS MATERIALIZED (
    SELECT DISTINCT source_id, model, ckey, quantized, benchmark, {_PROTOCOL}
    FROM valued
    WHERE high - first_value <= 1e-6 * greatest(1.0, abs(high), abs(first_value))
      AND first_value - low <= 1e-6 * greatest(1.0, abs(low), abs(first_value))
)"""

# Per factor: the group key (`grp`), the member, the entry a value belongs to, and which
# groups qualify (quantization: one configuration quantized; size: two sizes).
_FACTORS: dict[str, tuple[str, str | None]] = {
    "quantization": (
        "SELECT source_id, model AS grp, ckey AS member, model, benchmark, {p} FROM clean",
        "SELECT source_id, model AS grp FROM clean GROUP BY ALL HAVING bool_or(quantized)",
    ),
    "model size": (
        "SELECT c.source_id, t.family || chr(31) || c.ckey AS grp, c.model AS member, c.model, "
        "c.benchmark, {p} FROM clean c JOIN traits t ON t.model = c.model",
        "SELECT c.source_id, t.family || chr(31) || c.ckey AS grp FROM clean c JOIN traits t "
        "ON t.model = c.model GROUP BY ALL HAVING count(DISTINCT t.params) >= 2",
    ),
    "n-shot": (
        "SELECT source_id, model || chr(31) || ckey AS grp, CAST(n_shot AS VARCHAR) AS member, model, "
        "benchmark, NULL AS n_shot, cot, metric, split, ctx, details FROM clean WHERE n_shot IS NOT NULL",
        None,
    ),
    "CoT": (
        "SELECT source_id, model || chr(31) || ckey AS grp, CAST(cot AS VARCHAR) AS member, model, "
        "benchmark, n_shot, NULL AS cot, metric, split, ctx, details FROM clean WHERE cot IS NOT NULL",
        None,
    ),
}


def _factor_sql(factor: str) -> str:
    rows, allowed = _FACTORS[factor]
    keep = f" JOIN ({allowed}) a USING (source_id, grp)" if allowed else ""
    return f"""
SELECT '{factor}' AS factor, source_id, grp, count(*) AS shared,
       len(list_distinct(flatten(list(members)))) AS members,
       list_sort(list_distinct(flatten(list(models)))) AS models
FROM (
    SELECT source_id, grp, list(DISTINCT member) AS members, list(DISTINCT model) AS models
    FROM ({rows.format(p=_PROTOCOL)})
    GROUP BY source_id, grp, benchmark, {_PROTOCOL}
    HAVING count(DISTINCT member) >= 2
) e{keep}
GROUP BY source_id, grp"""


def group_sql() -> str:
    """One query: every comparison group (factor, source, key), its shared entries, its
    members with a value, and the models of those members."""
    union = " UNION ALL ".join(f"({_factor_sql(f)})" for f in FACTORS)
    return f"WITH {_CLEAN}\n{union}"


def _hints(sources: Mapping[str, SourceMeta]) -> list[tuple[str, int]]:
    found = [(sid, m.hints.get("context_length")) for sid, m in sorted(sources.items())]
    return [(sid, v) for sid, v in found if isinstance(v, int) and not isinstance(v, bool)]


def _parameters(db: Database, sources: Mapping[str, SourceMeta]) -> dict[str, Any]:
    hints = _hints(sources)
    models = [str(m) for (m,) in db.con.execute("SELECT DISTINCT model FROM current_records").fetchall()]
    sized = {m: t for m in sorted(models) if (t := model_traits(m)) is not None}
    return {
        "hint_sources": [s for s, _ in hints],
        "hint_ctx": [v for _, v in hints],
        "hinted_scales": [s.value for s in HINTED_FIELDS["context_length"]],
        "trait_models": list(sized),
        "trait_groups": [f"{t[0]}|{t[2]}" for t in sized.values()],
        "trait_params": [t[1] for t in sized.values()],
    }


def fingerprint(db: Database, sources: Mapping[str, SourceMeta]) -> str:
    """What the stored groups depend on: current document versions, hints, vocabulary, query."""
    versions = db.con.execute(
        "SELECT source_id, sha256 FROM source_versions WHERE is_current ORDER BY source_id"
    ).fetchall()
    voc = vocabulary()
    traits = sorted((m.id, m.family, m.params_b, m.variant) for m in voc.models.values())
    payload = [versions, _hints(sources), traits, _SIZE.pattern, group_sql()]
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def store_comparison_groups(db: Database, sources: Mapping[str, SourceMeta]) -> int:
    """(Re)compute every group into `comparison_groups`; returns the number of groups."""
    stamp = fingerprint(db, sources)
    try:
        with db.transaction():
            db.con.execute(
                f"CREATE OR REPLACE TABLE comparison_groups AS {group_sql()}", _parameters(db, sources)
            )
            db.con.execute("CREATE OR REPLACE TABLE comparison_groups_state (fingerprint VARCHAR)")
            db.con.execute("INSERT INTO comparison_groups_state VALUES (?)", [stamp])
    except duckdb.Error as exc:  # the records are stored; reports then rank on the fly
        raise StoreError(f"{db.path}: cannot store comparison groups: {str(exc).splitlines()[0]}") from exc
    row = db.con.execute("SELECT count(*) FROM comparison_groups").fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class GroupRank:
    factor: str
    source_id: str
    grp: str
    focus: bool
    shared: int
    members: int

    def key(self) -> tuple[object, ...]:
        """The prefix of `Comparison.sort_key` that SQL knows (the subject breaks later ties)."""
        return (not self.focus, -self.shared, -self.members, self.source_id)


def stored_fingerprint(db: Database) -> str | None:
    try:
        row = db.con.execute("SELECT max(fingerprint) FROM comparison_groups_state").fetchone()
    except duckdb.CatalogException:
        return None
    return str(row[0]) if row and row[0] else None


def comparison_groups(
    db: Database, sources: Mapping[str, SourceMeta], focus: Collection[str]
) -> list[GroupRank]:
    """Every group, from the stored table when it is current, else computed now."""
    select = "SELECT factor, source_id, grp, list_has_any(models, $focus::VARCHAR[]), shared, members FROM "
    if stored_fingerprint(db) == fingerprint(db, sources):
        rows = db.con.execute(select + "comparison_groups", {"focus": sorted(focus)}).fetchall()
    else:
        params = {**_parameters(db, sources), "focus": sorted(focus)}
        rows = db.con.execute(f"{select} ({group_sql()})", params).fetchall()
    return [GroupRank(str(f), str(s), str(g), bool(fo), int(sh), int(me)) for f, s, g, fo, sh, me in rows]


def shown_comparisons(
    db: Database, sources: Mapping[str, SourceMeta], focus: Collection[str], per_factor: int
) -> tuple[list[Comparison], dict[str, int]]:
    """The best `per_factor` comparisons of each factor (best first) and the count per factor."""
    groups = comparison_groups(db, sources, focus)
    totals = {f: 0 for f in FACTORS}
    shown: list[Comparison] = []
    for factor in FACTORS:
        ranked = sorted((g for g in groups if g.factor == factor), key=GroupRank.key)
        totals[factor] = len(ranked)
        if not ranked or per_factor <= 0:
            continue
        last = ranked[min(per_factor, len(ranked)) - 1].key()
        wanted = [g for g in ranked if g.key() <= last]
        built = controlled_comparisons(_group_records(db, factor, wanted), sources, focus)
        shown.extend([c for c in built if c.factor == factor][:per_factor])
    return shown, totals


def _group_records(db: Database, factor: str, groups: list[GroupRank]) -> list[ScoreRecord]:
    """Every current record of the given groups (and maybe of other whole groups of the factor)."""
    sources = sorted({g.source_id for g in groups})
    if factor == "quantization":
        where = "source_id || chr(31) || model IN (SELECT unnest(?::VARCHAR[]))"
        params = [[g.source_id + SEP + g.grp for g in groups]]
    elif factor == "model size":
        families = {g.grp.split(SEP)[0] for g in groups}
        models = [m for m in _models(db, sources) if (t := model_traits(m)) and f"{t[0]}|{t[2]}" in families]
        where = (
            f"source_id || chr(31) || {CONFIG_KEY} IN (SELECT unnest(?::VARCHAR[])) "
            "AND model IN (SELECT unnest(?::VARCHAR[]))"
        )
        params = [[g.source_id + SEP + g.grp.split(SEP, 1)[1] for g in groups], models]
    else:
        where = f"source_id || chr(31) || model || chr(31) || {CONFIG_KEY} IN (SELECT unnest(?::VARCHAR[]))"
        params = [[g.source_id + SEP + g.grp for g in groups]]
    return db.current_records(f"source_id IN (SELECT unnest(?::VARCHAR[])) AND {where}", [sources, *params])


def _models(db: Database, sources: list[str]) -> list[str]:
    found = db.con.execute(
        "SELECT DISTINCT model FROM current_records WHERE source_id IN (SELECT unnest(?::VARCHAR[]))",
        [sources],
    ).fetchall()
    return sorted(str(m) for (m,) in found)
