"""`benchtable export -o FILE`: every record, with its citation columns, as Parquet, CSV, JSON or JSON Lines."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from benchtable.app import State, cli, db_option, format_for, is_stdout, open_for_reading
from benchtable.schema.errors import ConfigError, StoreError

EXTENSIONS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
TEXT_FORMATS = ("csv", "json", "jsonl")


@cli.command()
@db_option
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="File to write (`-`: stdout)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "json", "jsonl"]),
    default=None,
    help="Default: from the file extension, else parquet (csv for `-o -`).",
)
@click.option("--history", is_flag=True, help="Every record ever stored, not only current versions.")
@click.pass_obj
def export(state: State, output: Path, fmt: str | None, history: bool) -> None:
    """Export the records (the `records` table's columns) to Parquet, CSV, JSON or JSON Lines."""
    from benchtable.reports.inspect import export_records

    to_stdout = is_stdout(output)
    fmt = format_for("export", output, fmt, EXTENSIONS, "csv" if to_stdout else "parquet")
    if to_stdout and fmt not in TEXT_FORMATS:
        raise ConfigError(
            f"export -o -: {fmt} cannot be written to stdout; use --format {'|'.join(TEXT_FORMATS)}, "
            "or a file"
        )
    db = open_for_reading(state)
    try:
        if to_stdout:
            with tempfile.TemporaryDirectory(prefix="benchtable-export-") as tmp:
                target = Path(tmp) / f"records.{fmt}"
                n = export_records(db, target, fmt, history=history)
                _copy_to_stdout(target)
        else:
            n = export_records(db, output, fmt, history=history)
    finally:
        db.close()
    state.note(f"exported {n} records to {'stdout' if to_stdout else output} ({fmt})")


def _copy_to_stdout(path: Path) -> None:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the export: {exc.strerror or exc}") from exc
    click.echo(text, nl=False)
