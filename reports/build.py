"""From a database and a report config to a `ReportView` (what every format renders)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from benchtable.reports.comparisons import controlled_comparisons
from benchtable.reports.config import ReportConfig, check_row_models, load_report_config
from benchtable.reports.render import ReportView, build_view
from benchtable.reports.select import ReportTable, build_table
from benchtable.reports.sources import load_report_data

if TYPE_CHECKING:
    from benchtable.db.store import Database


def build_report_table(db: Database, config: ReportConfig, *, strict: bool = False) -> ReportTable:
    records, sources = load_report_data(db)
    check_row_models(config, {r.model for r in records}, config.origin)
    return build_table(config, records, sources, strict=strict)


def build_report(
    db: Database, config_file: Path | None, *, strict: bool = False, per_factor: int = 10
) -> ReportView:
    config = load_report_config(config_file)
    records, sources = load_report_data(db)
    check_row_models(config, {r.model for r in records}, config.origin)
    table = build_table(config, records, sources, strict=strict)
    comparisons = (
        controlled_comparisons(records, sources, {r.model for r in config.rows}) if per_factor > 0 else []
    )
    return build_view(table, comparisons, per_factor=per_factor)
