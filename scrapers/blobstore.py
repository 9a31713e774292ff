"""A content-addressed store of raw document bytes: `<root>/<sha[:2]>/<sha>`.

Re-extraction reads documents from here, never from the network. Writes go to
a temporary file first and are renamed into place, so a crash never leaves a
half-written blob under a valid name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from benchtable.schema.errors import StoreError


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(f"not a sha256 digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha = sha256_of(data)
        target = self.path_for(sha)
        if target.exists():
            return sha
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot write blob: {exc.strerror or exc}") from exc
        return sha

    def get(self, sha256: str) -> bytes | None:
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read blob: {exc.strerror or exc}") from exc
        if sha256_of(data) != sha256:
            raise StoreError(f"{path}: blob is corrupt (digest mismatch)")
        return data
