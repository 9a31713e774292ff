"""`benchtable cell ROW COLUMN`: every piece of evidence for one cell, and why the shown one won."""

from __future__ import annotations

import json
from pathlib import Path

import click

from benchtable.app import State, cli, db_option, open_for_reading, write_text


@cli.command()
@db_option
@click.argument("row")
@click.argument("column")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Report config TOML.")
@click.option("--strict", is_flag=True, help="As `report --strict`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def cell(state: State, row: str, column: str, config_file: Path | None, strict: bool, fmt: str) -> None:
    """List the evidence for the cell at ROW × COLUMN (ids or labels of the report config)."""
    from benchtable.reports.build import build_report_table
    from benchtable.reports.config import load_report_config
    from benchtable.reports.inspect import cell_json, cell_text, find_column, find_row

    config = load_report_config(config_file)
    row_spec = find_row(config, row)
    col_spec = find_column(config, column)
    db = open_for_reading(state)
    try:
        table = build_report_table(db, config, strict=strict)
    finally:
        db.close()
    choice = table.cell(row_spec.id, col_spec.id)
    if fmt == "json":
        write_text(json.dumps(cell_json(choice), indent=2, ensure_ascii=False) + "\n", None)
    else:
        write_text(cell_text(choice), None)
