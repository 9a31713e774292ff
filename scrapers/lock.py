"""One refresh at a time: an advisory lock file next to the database.

`refresh_lock(db_path)` takes a non-blocking exclusive `flock` on `<db>.lock` and
writes the holder's pid and start time into it. The kernel drops the lock when the
holder exits in any way (including `kill -9`), so a crashed run never leaves a stale
lock behind; the file itself stays (removing it would race with a waiting run).
A second refresh fails at once with `LockError` (exit code 3) naming the holder.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from benchtable.db.busy import lock_path_for
from benchtable.db.paths import make_parent_dir
from benchtable.db.store import os_reason
from benchtable.schema.errors import LockError, StoreError

__all__ = ["lock_path_for", "refresh_lock"]


@contextmanager
def refresh_lock(db_path: Path) -> Iterator[Path]:
    path = lock_path_for(db_path)
    try:
        make_parent_dir(path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{db_path}: cannot open database (its lock file {path}: {os_reason(exc)})") from exc
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: DuckDB's own file lock still refuses a second writer
            yield path
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown process"
            raise LockError(
                f"another refresh is running on {db_path} ({holder}); this run did nothing. "
                f"It exits when done; the lock is {path}"
            ) from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot lock: {exc.strerror or exc}") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n".encode(), 0)
        try:
            yield path
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
