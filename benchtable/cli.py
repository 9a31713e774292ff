"""The `benchtable` command line: the only place that turns errors into messages and exit codes.

Exit codes: 0 success; 1 some sources failed, or a document/store/query error;
2 usage or configuration error; 3 another refresh holds the lock; 4 another process
(not a refresh) has the DuckDB file open.
Each command lives in `benchtable/commands/`; importing them registers them on the group.
"""

from __future__ import annotations

import sys

import click

from benchtable.app import cli, echo
from benchtable.commands import (  # noqa: F401
    add,
    audit,
    cell,
    changes,
    export,
    extract,
    query,
    refresh,
    report,
    snapshot,
    sources,
    verify,
    vocabularies,
)
from benchtable.schema.errors import BenchtableError

__all__ = ["cli", "main", "run"]


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this in-process)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="benchtable", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.exceptions.Abort:
        echo("benchtable: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except BenchtableError as exc:
        if debug:
            raise
        echo(f"benchtable: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
