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
    type=click.Choice(["parquet", "csv", "json", "eee", "model-index"]),
    default=None,
    help="Default: from the file extension, else parquet. eee: a folder of Every Eval Ever JSON "
    "files (-o DIR); model-index: the Hugging Face model-index YAML of --model (-o FILE, or - for stdout).",
)
@click.option("--history", is_flag=True, help="Every record ever stored, not only current versions.")
@click.option("--model", help="The model whose model-index to write (--format model-index).")
@click.pass_obj
def export(state: State, output: Path, fmt: str | None, history: bool, model: str | None) -> None:
    """Export the records (the `records` table's columns) to Parquet, CSV or JSON,
    or in an interchange format (Every Eval Ever, Hugging Face model-index)."""
    from benchtable.reports.inspect import EXPORT_FORMATS, export_records

    if fmt in ("eee", "model-index") or model is not None:
        return _export_interchange(state, output, fmt, history, model)

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in EXPORT_FORMATS else "parquet"
    db = open_for_reading(state)
    try:
        n = export_records(db, output, fmt, history=history)
    finally:
        db.close()
    state.note(f"exported {n} records to {output} ({fmt})")


def _export_interchange(
    state: State, output: Path, fmt: str | None, history: bool, model: str | None
) -> None:
    """The hook for `reports/interchange.py`: one preferred value per model, configuration and benchmark."""
    from benchtable.reports.interchange import export_interchange

    if fmt not in ("eee", "model-index"):
        raise click.UsageError("--model applies to --format model-index only")
    if history:
        raise click.UsageError(f"--history does not apply to --format {fmt} (it writes current values)")
    db = open_for_reading(state)
    try:
        message = export_interchange(db, fmt, output, model)
    finally:
        db.close()
    state.note(message)
