"""`benchtable audit ROW COLUMN`: the cited place in the stored document of every candidate of a cell."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, blobs_for, cli, db_option, echo, open_for_reading
from benchtable.schema.errors import StoreError


@cli.command()
@db_option
@click.argument("row")
@click.argument("column")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Report config TOML.")
@click.option("--strict", is_flag=True, help="As `report --strict`.")
@click.option(
    "--context",
    type=click.IntRange(0, 50),
    default=2,
    show_default=True,
    help="Lines shown either side of the cited line.",
)
@click.pass_obj
def audit(state: State, row: str, column: str, config_file: Path | None, strict: bool, context: int) -> None:
    """Print the cited line (text) or page lines (PDF) of the shown value and every other
    candidate of the cell at ROW × COLUMN, so a person can confirm it against the document."""
    from benchtable.reports.audit import audit_cell, audit_text
    from benchtable.reports.build import build_report_table
    from benchtable.reports.config import load_report_config
    from benchtable.reports.inspect import find_column, find_row
    from benchtable.scrapers.blobstore import BlobStore

    config = load_report_config(config_file)
    row_spec = find_row(config, row)
    col_spec = find_column(config, column)
    with open_for_reading(state, snapshot=False) as db:
        table = build_report_table(db, config, strict=strict)
    choice = table.cell(row_spec.id, col_spec.id)
    blobs = BlobStore(blobs_for(state.db))
    excerpts = audit_cell(choice, blobs.get, context)
    echo(audit_text(choice, excerpts), nl=False)
    missing = sorted({x.evidence.record.citation.sha256 for x in excerpts if x.missing_document})
    if missing:
        raise StoreError(
            f"{blobs_for(state.db)}: {len(missing)} cited document(s) not in the blob store "
            f"({', '.join(s[:12] for s in missing)}); run `benchtable --db {state.db} refresh` to store them"
        )
