"""From a database and a report config to a `ReportView` (what every format renders).

Only what the table shows is read into Python: the candidate records of the config's
rows × columns (`candidates`), and the records of the sources whose controlled
comparisons are shown (`comparison_groups` ranks every group in SQL first).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from benchtable.reports.candidates import candidate_records, check_config_models
from benchtable.reports.comparison_groups import shown_comparisons
from benchtable.reports.comparisons import Comparison
from benchtable.reports.config import ReportConfig, load_report_config
from benchtable.reports.render import ReportView, build_view
from benchtable.reports.select import ReportTable, build_table
from benchtable.reports.sources import source_meta

if TYPE_CHECKING:
    from benchtable.db.store import Database


def build_report_table(db: Database, config: ReportConfig, *, strict: bool = False) -> ReportTable:
    check_config_models(db, config)
    return build_table(config, candidate_records(db, config), source_meta(db), strict=strict)


def build_report(
    db: Database, config_file: Path | None, *, strict: bool = False, per_factor: int = 10
) -> ReportView:
    config = load_report_config(config_file)
    check_config_models(db, config)
    sources = source_meta(db)
    table = build_table(config, candidate_records(db, config), sources, strict=strict)
    comparisons: list[Comparison] = []
    totals: dict[str, int] | None = None
    if per_factor > 0:
        comparisons, totals = shown_comparisons(db, sources, {r.model for r in config.rows}, per_factor)
    return build_view(table, comparisons, per_factor=per_factor, totals=totals)
