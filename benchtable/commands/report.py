"""`benchtable report`: the cited model × benchmark table."""

from __future__ import annotations

from pathlib import Path

import click

from benchtable.app import State, cli, open_for_reading, write_text


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Report config TOML.")
@click.option("--strict", is_flag=True, help="Leave cells measured under another protocol blank.")
@click.pass_obj
def report(state: State, output: Path | None, fmt: str, config_file: Path | None, strict: bool) -> None:
    """Render the cited model × benchmark table."""
    from benchtable.reports.config import load_report_config
    from benchtable.reports.render import render_json, render_markdown
    from benchtable.reports.select import build_table

    config = load_report_config(config_file)
    db = open_for_reading(state)
    try:
        table = build_table(config, db.current_records(), db.source_info(), strict=strict)
    finally:
        db.close()
    text = render_json(table) if fmt == "json" else render_markdown(table)
    write_text(text, output)
