"""`benchtable export -o FILE`: every record, with its citation columns, as Parquet, CSV, JSON or JSON Lines."""

from __future__ import annotations

import contextlib
import os
import secrets
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
    type=click.Choice(["parquet", "csv", "json", "jsonl", "eee", "model-index"]),
    default=None,
    help="Default: from the file extension, else parquet (csv for `-o -`). eee: a folder of Every Eval "
    "Ever JSON files (-o DIR); model-index: the Hugging Face model-index YAML of --model (-o FILE, or -).",
)
@click.option("--history", is_flag=True, help="Every record ever stored, not only current versions.")
@click.option("--model", help="The model whose model-index to write (--format model-index).")
@click.pass_obj
def export(state: State, output: Path, fmt: str | None, history: bool, model: str | None) -> None:
    """Export the records (the `records` table's columns) to Parquet, CSV, JSON or JSON Lines,
    or in an interchange format (Every Eval Ever, Hugging Face model-index).

    DuckDB writes a new file (beside OUTPUT, or in a temporary folder for stdout), the only file
    its locked connection may touch (`allowed_paths`), which then replaces OUTPUT: an existing
    OUTPUT is never half-written."""
    if fmt in ("eee", "model-index") or model is not None:
        return _export_interchange(state, output, fmt, history, model)
    to_stdout = is_stdout(output)
    fmt = format_for("export", output, fmt, EXTENSIONS, "csv" if to_stdout else "parquet")
    if to_stdout and fmt not in TEXT_FORMATS:
        raise ConfigError(
            f"export -o -: {fmt} cannot be written to stdout; use --format {'|'.join(TEXT_FORMATS)}, "
            "or a file"
        )
    if to_stdout:
        with tempfile.TemporaryDirectory(prefix="benchtable-export-") as tmp:
            part = Path(tmp) / f"records.{fmt}"
            n = _export_to(state, part, fmt, history)
            _copy_to_stdout(part)
    else:
        n = _export_to_file(state, output, fmt, history)
    state.note(f"exported {n} records to {'stdout' if to_stdout else output} ({fmt})")


def _export_to(state: State, part: Path, fmt: str, history: bool) -> int:
    from benchtable.reports.inspect import export_records

    with open_for_reading(state, allowed_paths=[part]) as db:
        return export_records(db, part, fmt, history=history)


def _export_to_file(state: State, output: Path, fmt: str, history: bool) -> int:
    from benchtable.db.store import os_reason

    target = Path(os.path.abspath(output))
    if not target.parent.is_dir():
        raise StoreError(f"{output}: cannot write: no such directory {target.parent}")
    part = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        n = _export_to(state, part, fmt, history)
        os.replace(part, target)
    except OSError as exc:
        raise StoreError(f"{output}: cannot write: {os_reason(exc)}") from exc
    finally:
        with contextlib.suppress(OSError):
            part.unlink()
    return n


def _copy_to_stdout(path: Path) -> None:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the export: {exc.strerror or exc}") from exc
    click.echo(text, nl=False)


def _export_interchange(
    state: State, output: Path, fmt: str | None, history: bool, model: str | None
) -> None:
    """The hook for `reports/interchange.py`: one preferred value per model, configuration and benchmark."""
    from benchtable.reports.interchange import export_interchange

    if fmt not in ("eee", "model-index"):
        raise click.UsageError("--model applies to --format model-index only")
    if history:
        raise click.UsageError(f"--history does not apply to --format {fmt} (it writes current values)")
    with open_for_reading(state) as db:
        message = export_interchange(db, fmt, output, model)
    state.note(message)
