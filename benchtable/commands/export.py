"""`benchtable export -o FILE`: every record, with its citation columns, as Parquet, CSV or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, cli, db_option, open_for_reading


@cli.command()
@db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "json"]),
    default=None,
    help="Default: from the file extension, else parquet.",
)
@click.option("--history", is_flag=True, help="Every record ever stored, not only current versions.")
@click.pass_obj
def export(state: State, output: Path, fmt: str | None, history: bool) -> None:
    """Export the records (the `records` table's columns) to Parquet, CSV or JSON."""
    from benchtable.reports.inspect import EXPORT_FORMATS, export_records

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in EXPORT_FORMATS else "parquet"
    db = open_for_reading(state)
    try:
        n = export_records(db, output, fmt, history=history)
    finally:
        db.close()
    state.note(f"exported {n} records to {output} ({fmt})")
