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


def configuration_label(record: ScoreRecord) -> str:
    c = record.configuration
    parts = [c.precision, c.quant_method, f"{c.bits:g}-bit" if c.bits is not None else None]
    parts += [f"g{c.group_size}" if c.group_size else None, c.quant_format]
    return " ".join(p for p in parts if p) or "-"


def protocol_label(record: ScoreRecord) -> str:
    p = record.protocol
    parts = [
        f"{p.n_shot}-shot" if p.n_shot is not None else None,
        "CoT" if p.cot else None,
        p.metric,
        p.split,
        f"ctx {p.context_length}" if p.context_length else None,
        p.details,
    ]
    return " ".join(p for p in parts if p) or "-"


_NEW_VALUES = """
    CREATE OR REPLACE TEMP TABLE _new_values AS
    SELECT value_key,
           arg_min(record_id, coalesce(page, 0) * 1000000 + coalesce(line, 0)) AS record_id,
           any_value(model) AS model, any_value(model_label) AS model_label,
           any_value(benchmark) AS benchmark,
           any_value(value) AS value,
           arg_min(raw, coalesce(page, 0) * 1000000 + coalesce(line, 0)) AS raw
    FROM records WHERE source_id = $sid AND sha256 = $sha AND value_key IS NOT NULL
    GROUP BY value_key
"""


def apply_version(
    con: duckdb.DuckDBPyConnection,
    source_id: str,
    sha256: str,
    labels: dict[str, tuple[str, str]],
    at: datetime,
    run_id: str | None,
) -> None:
    """Diff the source's current values against the records just stored for `sha256`.

    `labels` maps value_key → (configuration label, protocol label)."""
    p = {"sid": source_id, "sha": sha256, "at": at, "run": run_id}
    con.execute(_NEW_VALUES, {"sid": source_id, "sha": sha256})
    con.execute("CREATE OR REPLACE TEMP TABLE _value_labels (value_key VARCHAR, cfg VARCHAR, proto VARCHAR)")
    if labels:
        con.executemany(
            "INSERT INTO _value_labels VALUES (?, ?, ?)", [[k, c, q] for k, (c, q) in labels.items()]
        )
    # the log first, while the old rows are still current
    con.execute(
        """
        INSERT INTO value_changes
        SELECT $run, $at, $sid, coalesce(n.value_key, h.value_key),
               CASE WHEN h.value_key IS NULL THEN 'new' WHEN n.value_key IS NULL THEN 'removed'
                    ELSE 'changed' END,
               coalesce(n.model, h.model), coalesce(n.model_label, h.model_label),
               coalesce(l.cfg, h.configuration, '-'), coalesce(n.benchmark, h.benchmark),
               coalesce(l.proto, h.protocol, '-'),
               h.value, n.value, h.raw, n.raw,
               h.last_sha256, CASE WHEN n.value_key IS NULL THEN NULL ELSE $sha END,
               h.record_id, n.record_id
        FROM _new_values n
        FULL OUTER JOIN (SELECT * FROM value_history WHERE source_id = $sid AND superseded_at IS NULL) h
          ON h.value_key = n.value_key
        LEFT JOIN _value_labels l ON l.value_key = n.value_key
        WHERE h.value_key IS NULL OR n.value_key IS NULL OR h.value <> n.value
        """,
        p,
    )
    con.execute(
        """
        UPDATE value_history SET superseded_at = $at
        WHERE source_id = $sid AND superseded_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM _new_values n
                          WHERE n.value_key = value_history.value_key AND n.value = value_history.value)
        """,
        {"sid": source_id, "at": at},
    )
    con.execute(
        """
        UPDATE value_history
        SET last_seen = $at, last_sha256 = $sha, record_id = n.record_id, raw = n.raw
        FROM _new_values n
        WHERE value_history.source_id = $sid AND value_history.superseded_at IS NULL
          AND n.value_key = value_history.value_key
        """,
        {"sid": source_id, "sha": sha256, "at": at},
    )
    con.execute(
        """
        INSERT INTO value_history
        SELECT $sid, n.value_key, n.model, n.model_label, coalesce(l.cfg, '-'), n.benchmark,
               coalesce(l.proto, '-'), n.value, n.raw, $at, $at, $sha, $sha, n.record_id, NULL
        FROM _new_values n
        LEFT JOIN _value_labels l ON l.value_key = n.value_key
        WHERE NOT EXISTS (SELECT 1 FROM value_history h WHERE h.source_id = $sid
                          AND h.superseded_at IS NULL AND h.value_key = n.value_key)
        """,
        {"sid": source_id, "sha": sha256, "at": at},
    )
    con.execute("DROP TABLE _new_values")
    con.execute("DROP TABLE _value_labels")


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
