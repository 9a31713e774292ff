"""`benchtable report`: the cited model × benchmark table, in five formats."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, cli, db_option, format_for, open_for_reading, write_text

FORMATS = ("md", "json", "html", "csv", "svg")
EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".svg": "svg",
}


@cli.command()
@db_option
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout (`-`: stdout)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="md (default), json, html (self-contained page), csv (one line per cell), svg (chart); "
    "default: from the -o extension, else md.",
)
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Report config TOML.")
@click.option("--strict", is_flag=True, help="Leave cells measured under another protocol blank.")
@click.option(
    "--comparisons",
    "per_factor",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Controlled comparisons shown per factor.",
)
@click.pass_obj
def report(
    state: State,
    output: Path | None,
    fmt: str | None,
    config_file: Path | None,
    strict: bool,
    per_factor: int,
) -> None:
    """Render the cited model × benchmark table, with conflicts, coverage and controlled comparisons."""
    from benchtable.reports.build import build_report
    from benchtable.reports.render import render

    fmt = format_for("report", output, fmt, EXTENSIONS, "md")
    db = open_for_reading(state)
    try:
        view = build_report(db, config_file, strict=strict, per_factor=per_factor)
    finally:
        db.close()
    write_text(render(view, fmt), output)
