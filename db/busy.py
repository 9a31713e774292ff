"""Why a DuckDB file cannot be opened: a benchtable refresh writing it, or another process.

DuckDB allows one writing process per file, or any number of read-only ones; its refusal
names the holder's pid. `refresh` writes its pid into `<db>.lock` (`scrapers/lock.py`), so
a holder whose pid is in the lock file is a refresh (exit 3, the next run catches up); any
other holder — a notebook's or a `duckdb` CLI's connection — is `DatabaseBusyError` (exit 4):
it will still be there at the next scheduled run, so someone has to close it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from benchtable.schema.errors import DatabaseBusyError, LockError

_HOLDER_PID = re.compile(r"\(PID (\d+)\)")
_LOCK_PID = re.compile(r"\bpid (\d+)\b")


def lock_path_for(db_path: Path) -> Path:
    """The advisory lock file a refresh holds next to its database."""
    return db_path.with_name(db_path.name + ".lock")


def is_lock_conflict(message: str) -> bool:
    return "lock" in message.lower()


def refresh_lock_pid(db_path: Path) -> int | None:
    """The pid a refresh wrote into the lock file (the file is emptied when it finishes)."""
    try:
        text = lock_path_for(db_path).read_text("utf-8", errors="replace")
    except OSError:
        return None
    match = _LOCK_PID.search(text)
    if not match:
        return None
    pid = int(match.group(1))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a refresh killed with -9 leaves its pid behind
    except PermissionError:
        pass
    return pid


def _command_of(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    text = " ".join(words)
    return text if len(text) <= 120 else text[:117] + "..."


def busy_error(db_path: Path, duckdb_message: str) -> LockError | DatabaseBusyError:
    """The error to raise for DuckDB's 'Could not set lock on file' on `db_path`."""
    match = _HOLDER_PID.search(duckdb_message)
    holder = int(match.group(1)) if match else None
    refresh_pid = refresh_lock_pid(db_path)
    if refresh_pid is not None and refresh_pid != os.getpid() and holder in (None, refresh_pid):
        return LockError(
            f"another refresh is running on {db_path} (pid {refresh_pid}); try again when it has "
            "finished (the next scheduled run will catch up)"
        )
    who = f"pid {holder}" if holder is not None else "another process"
    command = _command_of(holder) if holder is not None else None
    if command:
        who += f": {command}"
    return DatabaseBusyError(
        f"{db_path}: the DuckDB file is open in another process ({who}), not a benchtable refresh; "
        "likely a notebook, a script or a `duckdb` shell with a connection to it. Close that "
        "connection (con.close()), or in Python open the file with "
        "duckdb.connect(path, read_only=True) only while benchtable is not writing it; "
        "`benchtable refresh --wait SECONDS` waits for it"
    )
