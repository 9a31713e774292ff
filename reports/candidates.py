"""What a report reads from the database: only the records its cells can use.

The config names its rows' models and its columns' benchmarks (with fallbacks and the
latency twin of a speed column); one query fetches the current records of those models
and benchmarks, and the pure cell-choosing function (`select.build_table`) ranks that
small set. The cost is the table's, not the database's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchtable.reports.config import ReportConfig, check_row_models
from benchtable.reports.select import column_benchmarks
from benchtable.schema.records import ScoreRecord
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.db.store import Database


def config_models(config: ReportConfig) -> list[str]:
    return sorted({row.model for row in config.rows})


def config_benchmarks(config: ReportConfig) -> list[str]:
    """Every benchmark id a column of the config reads (its own, fallbacks, latency twins)."""
    voc = vocabulary()
    wanted: set[str] = set()
    for col in config.columns:
        ids, fallback = column_benchmarks(col, voc)
        wanted.update(ids)
        wanted.update(fallback)
    return sorted(wanted)


def candidate_records(db: Database, config: ReportConfig) -> list[ScoreRecord]:
    """The current records any cell of the config could show (unbounded values only)."""
    return db.current_records(
        "model IN (SELECT unnest(?::VARCHAR[])) AND benchmark IN (SELECT unnest(?::VARCHAR[])) "
        "AND bound IS NULL",
        [config_models(config), config_benchmarks(config)],
    )


def records_of_sources(db: Database, source_ids: list[str]) -> list[ScoreRecord]:
    if not source_ids:
        return []
    return db.current_records("source_id IN (SELECT unnest(?::VARCHAR[]))", [sorted(source_ids)])


def check_config_models(db: Database, config: ReportConfig) -> None:
    """`check_row_models` against the models the database holds, read only as far as needed:
    the row models it has, and every model id only when one is unknown (for close matches)."""
    voc = vocabulary()
    unknown = [m for m in config_models(config) if m not in voc.models]
    if not unknown:
        return
    found = db.con.execute(
        "SELECT DISTINCT model FROM current_records WHERE model IN (SELECT unnest(?::VARCHAR[]))", [unknown]
    ).fetchall()
    known = {str(m) for (m,) in found}
    if set(unknown) <= known:
        return
    every = db.con.execute("SELECT DISTINCT model FROM current_records").fetchall()
    check_row_models(config, {str(m) for (m,) in every}, config.origin)
