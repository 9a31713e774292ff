"""Value history: each published number with when it was first and last seen.

A *value* is one number a source publishes for one (model, configuration, benchmark,
protocol): its `value_key`. Versions of a document come and go; `value_history` keeps a
row per value per stretch of versions that published it unchanged (`first_seen`,
`last_seen`, `first_sha256`, `last_sha256`); a value that a new version changes or drops
is marked `superseded_at`, never deleted. So a card corrected from 41.7 to 46.7 keeps
both rows, each with its dates. `value_changes` logs, per refresh run, which values were
new, changed or removed — `benchtable changes` reads it.

Everything here runs inside the caller's transaction (`Database.save_version`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from benchtable.schema.records import ScoreRecord


def base_key(record: ScoreRecord) -> str:
    """What stays the same when a source republishes "the same number", whatever its value."""
    payload = {
        "source": record.source_id,
        "model": record.model,
        "configuration": record.configuration.model_dump(mode="json"),
        "benchmark": record.benchmark,
        "protocol": record.protocol.model_dump(mode="json"),
        "scale": record.scale.value,
        "bound": record.bound,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def value_keys(records: Sequence[ScoreRecord]) -> list[str]:
    """A key per record. Records of one document with the same base key and the same value
    share it (one number cited twice); distinct values under one base key are numbered in
    document order (`key#1`, `key#2`: the same setting measured in two tables)."""
    distinct: dict[str, list[float]] = {}
    for r in records:
        values = distinct.setdefault(base_key(r), [])
        if r.value not in values:
            values.append(r.value)
    keys = []
    for r in records:
        k = base_key(r)
        values = distinct[k]
        keys.append(k if len(values) == 1 else f"{k}#{values.index(r.value) + 1}")
    return keys


_CONFIGURATION = """coalesce(nullif(concat_ws(' ', precision, quant_method,
        CASE WHEN bits IS NULL THEN NULL
             WHEN bits = floor(bits) THEN CAST(CAST(bits AS BIGINT) AS VARCHAR) || '-bit'
             ELSE CAST(bits AS VARCHAR) || '-bit' END,
        CASE WHEN group_size THEN 'g' || group_size END, quant_format), ''), '-')"""
_PROTOCOL = """coalesce(nullif(concat_ws(' ',
        CASE WHEN n_shot IS NOT NULL THEN n_shot || '-shot' END, CASE WHEN cot THEN 'CoT' END,
        metric, split, CASE WHEN context_length THEN 'ctx ' || context_length END,
        protocol_details), ''), '-')"""

# The values of one stored version: one row per value_key (a number cited twice is one value).
_NEW_VALUES = f"""
    SELECT value_key,
           arg_min(record_id, coalesce(page, 0) * 1000000 + coalesce(line, 0)) AS record_id,
           any_value(model) AS model, any_value(model_label) AS model_label,
           any_value(benchmark) AS benchmark,
           any_value({_CONFIGURATION}) AS configuration, any_value({_PROTOCOL}) AS protocol,
           any_value(value) AS value,
           arg_min(raw, coalesce(page, 0) * 1000000 + coalesce(line, 0)) AS raw
    FROM records WHERE source_id = $sid AND sha256 = $sha AND value_key IS NOT NULL
    GROUP BY value_key
"""


def apply_version(
    con: duckdb.DuckDBPyConnection, source_id: str, sha256: str, at: datetime, run_id: str | None
) -> None:
    """Diff the source's current values against the records just stored for `sha256`.

    Changes are logged under `run_id`; without one (a snapshot load) a first version is not logged."""
    p = {"sid": source_id, "sha": sha256, "at": at}
    has_current = con.execute(
        "SELECT 1 FROM value_history WHERE source_id = ? AND superseded_at IS NULL LIMIT 1", [source_id]
    ).fetchone()
    if has_current:
        # the log first, while the old rows are still current
        con.execute(
            f"""
            INSERT INTO value_changes
            SELECT $run, $at, $sid, coalesce(n.value_key, h.value_key),
                   CASE WHEN h.value_key IS NULL THEN 'new' WHEN n.value_key IS NULL THEN 'removed'
                        ELSE 'changed' END,
                   coalesce(n.model, h.model), coalesce(n.model_label, h.model_label),
                   coalesce(n.configuration, h.configuration), coalesce(n.benchmark, h.benchmark),
                   coalesce(n.protocol, h.protocol),
                   h.value, n.value, h.raw, n.raw,
                   h.last_sha256, CASE WHEN n.value_key IS NULL THEN NULL ELSE $sha END,
                   h.record_id, n.record_id
            FROM ({_NEW_VALUES}) n
            FULL OUTER JOIN (SELECT * FROM value_history WHERE source_id = $sid AND superseded_at IS NULL) h
              ON h.value_key = n.value_key
            WHERE h.value_key IS NULL OR n.value_key IS NULL OR h.value <> n.value
            """,
            {**p, "run": run_id},
        )
        con.execute(
            f"""
            UPDATE value_history SET superseded_at = $at
            WHERE source_id = $sid AND superseded_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM ({_NEW_VALUES}) n
                              WHERE n.value_key = value_history.value_key AND n.value = value_history.value)
            """,
            p,
        )
        con.execute(
            f"""
            UPDATE value_history
            SET last_seen = $at, last_sha256 = $sha, record_id = n.record_id, raw = n.raw
            FROM ({_NEW_VALUES}) n
            WHERE value_history.source_id = $sid AND value_history.superseded_at IS NULL
              AND n.value_key = value_history.value_key
            """,
            p,
        )
    elif run_id is not None:  # first values (or all were gone): all new; logged for refresh runs only
        con.execute(
            f"""
            INSERT INTO value_changes
            SELECT $run, $at, $sid, value_key, 'new', model, model_label, configuration, benchmark,
                   protocol, NULL, value, NULL, raw, NULL, $sha, NULL, record_id
            FROM ({_NEW_VALUES})
            """,
            {**p, "run": run_id},
        )
    # values without a current row (all of them for a first version) start a new stretch
    still_current = (
        "WHERE n.value_key NOT IN (SELECT value_key FROM value_history "
        "WHERE source_id = $sid AND superseded_at IS NULL)"
        if has_current
        else ""
    )
    con.execute(
        f"""
        INSERT INTO value_history
        SELECT $sid, n.value_key, n.model, n.model_label, n.configuration, n.benchmark, n.protocol,
               n.value, n.raw, $at, $at, $sha, $sha, n.record_id, NULL
        FROM ({_NEW_VALUES}) n {still_current}
        """,
        p,
    )


def touch_values(con: duckdb.DuckDBPyConnection, source_id: str, at: datetime) -> None:
    """The source served its current version again: its values were seen now."""
    con.execute(
        "UPDATE value_history SET last_seen = ? WHERE source_id = ? AND superseded_at IS NULL",
        [at, source_id],
    )


@dataclass(frozen=True)
class Change:
    at: datetime
    run_id: str | None
    source_id: str
    change: str
    model: str
    model_label: str
    configuration: str
    benchmark: str
    protocol: str
    old_value: float | None
    new_value: float | None
    old_raw: str | None
    new_raw: str | None
    old_sha256: str | None
    new_sha256: str | None

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["at"] = self.at.isoformat()
        return d

    def describe(self) -> str:
        what = (
            f"{self.source_id}: {self.model_label} [{self.configuration}] {self.benchmark} ({self.protocol})"
        )
        if self.change == "new":
            return f"+ {what} = {self.new_raw}"
        if self.change == "removed":
            return f"- {what} = {self.old_raw} (removed)"
        return f"~ {what}: {self.old_raw} → {self.new_raw}"


_CHANGE_COLUMNS = (
    "changed_at, run_id, source_id, change, model, model_label, configuration, benchmark, protocol, "
    "old_value, new_value, old_raw, new_raw, old_sha256, new_sha256"
)


def changes(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None = None,
    run_id: str | None = None,
    source_ids: Sequence[str] = (),
) -> list[Change]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("changed_at >= ?")
        params.append(since)
    if run_id is not None:
        where.append("run_id = ?")
        params.append(run_id)
    if source_ids:
        where.append(f"source_id IN ({', '.join('?' for _ in source_ids)})")
        params.extend(source_ids)
    sql = f"SELECT {_CHANGE_COLUMNS} FROM value_changes"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (
        " ORDER BY changed_at, source_id, CASE change WHEN 'changed' THEN 0 WHEN 'new' THEN 1 ELSE 2 END,"
        " model, benchmark, configuration"
    )
    return [Change(*row) for row in con.execute(sql, params).fetchall()]
