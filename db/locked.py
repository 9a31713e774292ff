"""Read-only DuckDB connections that user SQL cannot use to reach anything but the database.

Every read command (report, cell, export, models, benchmarks, changes, verify, query) opens
its database through `connect_locked`: the file is opened read-only, DuckDB's external
access is off (no `read_csv`/`glob`/`COPY`/`ATTACH`/`INSTALL`/`LOAD`, no URLs), known
extensions are neither installed nor loaded on demand, no extension repository can be
added, nothing spills to a temp directory, and the configuration is locked so no `SET`
or `RESET` can undo any of it. `allowed_paths` names the only files the connection may
touch besides the database (export's output file); user SQL never gets such a connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

# DuckDB 2.0 setting names (see `SELECT name FROM duckdb_settings()`)
LOCKED_SETTINGS: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_extension_repositories": "forbidden",
    "allow_persistent_secrets": False,
    "temp_directory": "",
}


def connect_locked(path: Path, *, allowed_paths: Sequence[Path] = ()) -> duckdb.DuckDBPyConnection:
    """`path` opened read-only with external access off and the configuration locked.

    DuckDB refuses `allowed_paths` once external access is off, so the connection
    starts with it on, is narrowed, and is locked before it is returned."""
    con = duckdb.connect(str(path), read_only=True, config=dict(LOCKED_SETTINGS))
    try:
        if allowed_paths:
            con.execute("SET allowed_paths = ?", [[str(p) for p in allowed_paths]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con
