"""A file that opens anywhere: `refresh` and `snapshot --into` write DuckDB's v1.0.0 storage
format (version 64), which the duckdb-cli on PyPI (1.5.x) and Python `duckdb` 1.x read,
not the DuckDB 2 default that they refuse ("version number 69 ... between 64 and 68")."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES

OLDEST_READABLE = 64  # DuckDB 0.10 / 1.0 storage


def storage_version(path: Path) -> int:
    """The storage version in a DuckDB file's main header (8-byte checksum, b'DUCK', u64)."""
    head = path.read_bytes()[:20]
    assert head[8:12] == b"DUCK", head
    return int(struct.unpack("<Q", head[12:20])[0])


@pytest.fixture(scope="session")
def old_duckdb_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `duckdb` shell from PyPI's duckdb-cli 1.x, installed into a temporary folder."""
    target = tmp_path_factory.mktemp("duckdb-cli")
    requirement = "duckdb-cli>=1.1,<2"
    uv = shutil.which("uv")
    if uv is not None:
        command = [uv, "pip", "install", "--quiet", "--target", str(target), "--python", sys.executable]
    else:
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target)]
    try:
        done = subprocess.run([*command, requirement], capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"duckdb-cli cannot be installed here: {exc}")
    binary = target / "duckdb_cli" / "duckdb"
    if done.returncode != 0 or not binary.exists():
        pytest.skip(f"duckdb-cli cannot be installed here (offline?): {done.stderr.strip()[-200:]}")
    return binary


def _refresh(cli: CLI, db: Path) -> None:
    result = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--jobs", "0")
    assert result.code == 0, result.err


def test_refresh_writes_a_storage_version_duckdb_1_reads(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    _refresh(cli, db)  # reopening keeps the file's version
    assert storage_version(db) == OLDEST_READABLE


def test_snapshot_into_writes_a_storage_version_duckdb_1_reads(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "snap.duckdb"
    assert cli("snapshot", "--into", db).code == 0
    assert storage_version(db) == OLDEST_READABLE


def test_file_written_by_refresh_opens_read_only_in_the_pypi_duckdb_cli(
    cli: CLI, tmp_path: Path, old_duckdb_cli: Path
) -> None:
    db = tmp_path / "bt.duckdb"
    _refresh(cli, db)
    shell = subprocess.run(
        [
            str(old_duckdb_cli),
            "-readonly",
            "-csv",
            str(db),
            "-c",
            "SELECT version(); SELECT count(*) FROM latest_scores WHERE unit = 'percent'",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert shell.returncode == 0, shell.stderr
    lines = shell.stdout.split()
    assert lines[1].startswith("v1."), shell.stdout
    assert int(lines[-1]) > 0, shell.stdout
