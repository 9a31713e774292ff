"""`benchtable query`: read-only SQL over the database."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any

import click

from benchtable.app import State, cli, db_option, open_for_reading
from benchtable.schema.errors import ConfigError


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(names: list[str], rows: list[tuple[Any, ...]]) -> str:
    """A GitHub-flavoured pipe table (pipes in values escaped, newlines folded)."""
    lines = ["| " + " | ".join(_cell(n) for n in names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


@cli.command()
@db_option
@click.argument("sql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ndjson", "markdown"]),
    default="table",
    show_default=True,
    help="ndjson: one JSON object a line; markdown: a pipe table.",
)
@click.pass_obj
def query(state: State, sql: str, fmt: str) -> None:
    """Run read-only SQL against the database (see the README for the schema); SQL `-` reads stdin."""
    if sql == "-":
        sql = sys.stdin.read()
    if not sql.strip():
        raise ConfigError("query: no SQL given (an empty argument or empty stdin)")
    db = open_for_reading(state)
    try:
        names, rows = db.query(sql)
    finally:
        db.close()
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, r, strict=True)) for r in rows], default=str, indent=2))
    elif fmt == "ndjson":
        for r in rows:
            click.echo(json.dumps(dict(zip(names, r, strict=True)), default=str, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(markdown_table(names, rows), nl=False)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(names)
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from benchtable.schema.text import printable

        # the table is for reading: no escape sequences, and no Rich markup, from the data
        table = Table(*names)
        for r in rows:
            table.add_row(*[Text("" if v is None else printable(str(v))) for v in r])
        Console(width=max(120, os.get_terminal_size().columns if sys.stdout.isatty() else 200)).print(table)
