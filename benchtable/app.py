"""The `benchtable` click group, its shared options and helpers for the command modules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from benchtable.schema.errors import ConfigError, StoreError
from benchtable.schema.text import printable

if TYPE_CHECKING:
    from benchtable.db.store import Database

DEFAULT_DB = "benchtable.duckdb"
F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, db: Path, debug: bool, quiet: bool, *, db_given: bool = False) -> None:
        self.db = db
        self.debug = debug
        self.quiet = quiet
        # --db (before or after the command) or BENCHTABLE_DB named the database
        self.db_given = db_given

    def note(self, message: str) -> None:
        if not self.quiet:
            echo(message, err=True)


def blobs_for(db: Path) -> Path:
    return db.with_name(db.name + ".blobs")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="benchtable", message="%(prog)s %(version)s")
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    envvar="BENCHTABLE_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="DuckDB file (env BENCHTABLE_DB).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.option("--quiet", "-q", is_flag=True, help="No progress or notes on stderr.")
@click.pass_context
def cli(ctx: click.Context, db_path: Path, debug: bool, quiet: bool) -> None:
    """benchtable: cited model × benchmark tables mined from papers, cards and leaderboards."""
    given = ctx.get_parameter_source("db_path") not in (None, ParameterSource.DEFAULT)
    ctx.obj = State(db_path, debug, quiet, db_given=given)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        state = ctx.ensure_object(State)
        state.db = value
        state.db_given = True


def db_option(command: F) -> F:
    """`--db PATH` after the command name too (`benchtable query --db x.duckdb SQL`)."""
    option = click.option(
        "--db",
        "db_override",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=_set_db,
        help="DuckDB file (overrides the global --db).",
    )
    return option(command)


def open_for_reading(state: State, *, snapshot: bool = True, allowed_paths: Sequence[Path] = ()) -> Database:
    """The user's database opened read-only and locked (`db.locked`); it must hold records.

    Only when no database was named (no --db, no BENCHTABLE_DB) and the default file does
    not exist, and `snapshot` is allowed, the bundled snapshot answers instead, itself a
    read-only database file built once in the cache directory."""
    from benchtable.db.snapshot import materialised_snapshot
    from benchtable.db.store import Database

    if state.db.exists():
        db = Database(state.db, read_only=True, allowed_paths=allowed_paths)
        if db.is_empty():
            db.close()
            raise StoreError(
                f"{state.db}: the database is empty (no source has been stored in it yet); "
                f"run `benchtable --db {state.db} refresh` to fill it"
            )
        return db
    if state.db_given or not snapshot:
        raise missing_database(state)
    db = Database(materialised_snapshot(), read_only=True, allowed_paths=allowed_paths)
    n = db.con.execute("SELECT count(*) FROM records").fetchone()
    state.note(
        f"benchtable: no database at {state.db}; using the bundled snapshot ({n[0] if n else 0} records "
        "built from the recorded corpus). Run `benchtable refresh` to create it."
    )
    return db


def missing_database(state: State) -> StoreError | ConfigError:
    """A database that is not there: a usage error (exit 2) when --db or BENCHTABLE_DB named
    it, else "no data yet" (exit 1)."""
    from benchtable.db.paths import blocking_file

    if str(state.db) == ":memory:":
        return ConfigError("--db :memory: is an empty database: name a database file to read")
    blocker = blocking_file(state.db)
    if blocker is not None:
        return ConfigError(f"{state.db}: cannot open database: Not a directory: {blocker}")
    if state.db_given:
        return ConfigError(
            f"{state.db}: no such database; create it with `benchtable --db {state.db} refresh` "
            "(without --db and BENCHTABLE_DB, read commands use the bundled snapshot)"
        )
    return StoreError(f"{state.db}: no such database (run `benchtable refresh` first)")


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Every line benchtable prints goes through here: document text may carry escape sequences."""
    click.echo(printable(text), err=err, nl=nl)


def is_stdout(output: Path | None) -> bool:
    """No file, or `-o -`: write to standard output."""
    return output is None or str(output) == "-"


def format_for(
    command: str, output: Path | None, fmt: str | None, extensions: dict[str, str], default: str
) -> str:
    """The format to write: `--format`, else the output file's extension, else `default`.

    An extension the command cannot write is a usage error naming the ones it can
    (`report -o x.pdf` must not write Markdown into x.pdf)."""
    if fmt is not None:
        return fmt
    if is_stdout(output):
        return default
    assert output is not None
    suffix = output.suffix.lower()
    if not suffix:
        return default
    if suffix in extensions:
        return extensions[suffix]
    known = ", ".join(sorted(set(extensions.values())))
    spelled = " ".join(sorted(extensions))
    raise ConfigError(
        f"{command} -o {output}: cannot write a {suffix} file; formats: {known} "
        f"(extensions {spelled}), or pick one with --format"
    )


def write_text(text: str, output: Path | None) -> None:
    """Text to a file, or to stdout (without control characters) when no file (or `-`) is given."""
    if is_stdout(output):
        echo(text, nl=False)
        return
    assert output is not None
    try:
        output.write_text(text, "utf-8")
    except OSError as exc:
        raise StoreError(f"{output}: cannot write: {exc.strerror or exc}") from exc
