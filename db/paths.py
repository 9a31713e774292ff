"""What is wrong with a database path, said the way the operating system would."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def blocking_file(path: Path) -> Path | None:
    """The nearest ancestor of `path` that exists but is not a directory, if any."""
    for ancestor in path.parents:
        if ancestor.exists():
            return None if ancestor.is_dir() else ancestor
    return None


def make_parent_dir(path: Path) -> None:
    """Create the directory `path` will live in; a file in the way is "Not a directory"
    (`mkdir(exist_ok=True)` would say "File exists")."""
    blocker = blocking_file(path)
    if blocker is not None:
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(blocker))
    path.parent.mkdir(parents=True, exist_ok=True)
