"""`benchtable changes`: values that refreshes added, changed or removed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from benchtable.app import State, cli, db_option, echo, missing_database
from benchtable.schema.errors import ConfigError, StoreError

_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(when: str, *, now: datetime | None = None) -> datetime | None:
    """`all` → None; `7d`, `12h`, `30m`, `2w` → that long ago; an ISO date or datetime (UTC if naive)."""
    text = when.strip().lower()
    if text == "all":
        return None
    m = _RELATIVE.match(text)
    if m:
        try:
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
        except OverflowError:
            raise ConfigError(f"--since {when!r}: too long ago (before the year 1)") from None
    try:
        at = datetime.fromisoformat(when.strip())
    except ValueError:
        raise ConfigError(
            f"--since {when!r}: expected an ISO date or datetime (2024-05-01, 2024-05-01T12:00), "
            "a duration ago (30m, 12h, 7d, 2w), 'last' or 'all'"
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@cli.command()
@db_option
@click.option(
    "--since",
    "since_text",
    default="last",
    show_default=True,
    help="'last' (the last refresh run), 'all', an ISO date/datetime, or a duration ago (7d, 12h).",
)
@click.option("--run", "run_id", help="Changes of one refresh run (its run_id).")
@click.option("--source", "source_ids", multiple=True, help="Only these sources (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def changes(state: State, since_text: str, run_id: str | None, source_ids: tuple[str, ...], fmt: str) -> None:
    """List values that refreshes added (+), changed (~) or removed (-), oldest first."""
    import duckdb

    from benchtable.db import history
    from benchtable.db.store import Database

    last = run_id is None and since_text.strip().lower() == "last"
    since = None if (last or run_id) else parse_since(since_text)
    if not Path(state.db).exists():
        raise missing_database(state)
    with Database(state.db, read_only=True) as db:
        try:
            if last:
                row = db.con.execute(
                    "SELECT run_id FROM runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC LIMIT 1"
                ).fetchone()
                if row is None:
                    raise StoreError(f"{state.db}: no refresh has finished yet")
                run_id = str(row[0])
            elif (
                run_id is not None
                and not db.con.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone()
            ):
                raise ConfigError(
                    f"--run {run_id!r}: no such refresh run in {state.db} "
                    '(see `benchtable query "SELECT run_id, started_at FROM runs"`)'
                )
            found = history.changes(db.con, since=since, run_id=run_id, source_ids=source_ids)
        except duckdb.CatalogException as exc:
            raise StoreError(
                f"{state.db}: written by an older benchtable without value history; "
                "run `benchtable refresh` once to upgrade it"
            ) from exc
    if fmt == "json":
        echo(json.dumps([c.as_dict() for c in found], indent=2))
        return
    counts = {k: sum(1 for c in found if c.change == k) for k in ("new", "changed", "removed")}
    scope = f"run {run_id}" if run_id else ("all time" if since is None else f"since {since.isoformat()}")
    echo(f"{counts['new']} new, {counts['changed']} changed, {counts['removed']} removed ({scope})")
    for c in found:
        echo(f"{c.at.astimezone(UTC):%Y-%m-%d %H:%M}  {c.describe()}")
