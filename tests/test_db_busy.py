"""Honest lock messages: a refresh holding the file (exit 3) is told apart from another
process that has the DuckDB file open (exit 4), by the holder's pid."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchtable.db.busy import busy_error, lock_path_for
from benchtable.schema.errors import DatabaseBusyError, LockError


@pytest.fixture
def other_process() -> Iterator[int]:
    code = "import time; print('ready', flush=True); time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"  # exec'd
        yield proc.pid
    finally:
        proc.kill()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _duckdb_says(pid: int) -> str:
    return f'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in /usr/bin/python3 (PID {pid}).'


def test_holder_that_wrote_the_refresh_lock_is_a_refresh(tmp_path: Path, other_process: int) -> None:
    db = tmp_path / "bt.duckdb"
    lock_path_for(db).write_text(f"pid {other_process}, since 2026-01-01 00:00:00 UTC\n")
    error = busy_error(db, _duckdb_says(other_process))
    assert isinstance(error, LockError) and error.exit_code == 3
    assert f"pid {other_process}" in str(error) and "another refresh is running" in str(error)


def test_other_holder_is_exit_4_with_its_pid_and_what_to_do(tmp_path: Path, other_process: int) -> None:
    db = tmp_path / "bt.duckdb"
    error = busy_error(db, _duckdb_says(other_process))
    assert isinstance(error, DatabaseBusyError) and error.exit_code == 4
    message = str(error)
    assert f"pid {other_process}" in message and "time.sleep" in message  # its command line
    assert "notebook" in message and "close" in message.lower() and "--wait" in message


def test_pid_left_by_a_killed_refresh_does_not_count(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=10)
    db = tmp_path / "bt.duckdb"
    lock_path_for(db).write_text(f"pid {dead.pid}, since 2026-01-01 00:00:00 UTC\n")
    assert isinstance(busy_error(db, "IO Error: Could not set lock on file"), DatabaseBusyError)
