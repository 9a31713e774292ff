"""`benchtable query`: read-only SQL over the database."""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import click

from benchtable.app import State, cli, db_option, open_for_reading


@cli.command()
@db_option
@click.argument("sql")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.pass_obj
def query(state: State, sql: str, fmt: str) -> None:
    """Run read-only SQL against the database (see the README for the schema)."""
    db = open_for_reading(state)
    try:
        names, rows = db.query(sql)
    finally:
        db.close()
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, r, strict=True)) for r in rows], default=str, indent=2))
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
