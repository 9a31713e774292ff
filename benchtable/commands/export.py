"""`benchtable export -o FILE`: every record, with its citation columns, as Parquet, CSV or JSON."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import click

from benchtable.app import State, cli, db_option, open_for_reading
from benchtable.schema.errors import StoreError


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
    """Export the records (the `records` table's columns) to Parquet, CSV or JSON.

    DuckDB writes a new file beside OUTPUT, the only file its locked connection may touch
    (`allowed_paths`), which then replaces OUTPUT: an existing OUTPUT is never half-written."""
    from benchtable.db.store import os_reason
    from benchtable.reports.inspect import EXPORT_FORMATS, export_records

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        fmt = suffix if suffix in EXPORT_FORMATS else "parquet"
    target = Path(os.path.abspath(output))
    if not target.parent.is_dir():
        raise StoreError(f"{output}: cannot write: no such directory {target.parent}")
    part = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        with open_for_reading(state, allowed_paths=[part]) as db:
            n = export_records(db, part, fmt, history=history)
        os.replace(part, target)
    except OSError as exc:
        raise StoreError(f"{output}: cannot write: {os_reason(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    state.note(f"exported {n} records to {output} ({fmt})")
