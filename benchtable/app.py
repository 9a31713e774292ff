"""The `benchtable` click group, its shared options and helpers for the command modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from benchtable.schema.errors import ConfigError, StoreError
from benchtable.schema.text import printable

if TYPE_CHECKING:
    from benchtable.db.store import Database

DEFAULT_DB = "benchtable.duckdb"
F = TypeVar("F", bound=Callable[..., Any])


class State:
    def __init__(self, db: Path, debug: bool, quiet: bool) -> None:
        self.db = db
        self.debug = debug
        self.quiet = quiet

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
    ctx.obj = State(db_path, debug, quiet)


def _set_db(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(State).db = value


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


def open_for_reading(state: State) -> Database:
    """The user's database, or an in-memory one seeded from the bundled snapshot."""
    from benchtable.db.snapshot import load_packaged_snapshot
    from benchtable.db.store import Database

    if state.db.exists():
        db = Database(state.db, read_only=True)
        if not db.is_empty():
            return db
        db.close()
    memory = Database(Path(":memory:"))
    n = load_packaged_snapshot(memory)
    state.note(
        f"benchtable: {state.db} has no records yet; using the bundled snapshot ({n} records built "
        "from the recorded corpus). Run `benchtable refresh` to update."
    )
    return memory


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
