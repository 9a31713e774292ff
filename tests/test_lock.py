"""One refresh at a time: a second run exits 3 with a clear message and touches nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchtable.scrapers.lock import lock_path_for, refresh_lock
from tests.conftest import CLI, MINI_CORPUS, MINI_SOURCES, ROOT
from tests.test_refresh_server import CARD, README, Reply, Server, server, write_sources

__all__ = ["server"]


def _env() -> dict[str, str]:
    return {**os.environ, "BENCHTABLE_FETCH_PER_HOST_INTERVAL": "0", "BENCHTABLE_FETCH_READ_TIMEOUT": "10"}


def test_second_refresh_exits_3_while_the_lock_is_held(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    with refresh_lock(db):
        assert f"pid {os.getpid()}" in lock_path_for(db).read_text()
        result = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
    assert result.code == 3
    assert "another refresh is running" in result.err
    assert f"pid {os.getpid()}" in result.err
    assert "Traceback" not in result.err
    assert not db.exists()
    # released: the next run works
    assert (
        cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES, "--jobs", "0").code
        == 0
    )


def test_two_concurrent_refresh_processes(tmp_path: Path, server: Server) -> None:
    gate = threading.Event()
    server.route("/card.md", Reply(body=CARD, gate=gate))
    server.route("/readme.md", Reply(body=README))
    sources = write_sources(tmp_path / "sources.toml", server)
    db = tmp_path / "bt.duckdb"
    cmd = [
        sys.executable,
        "-m",
        "benchtable",
        "--quiet",
        "--db",
        str(db),
        "refresh",
        "--sources",
        str(sources),
    ]
    first = subprocess.Popen([*cmd, "--jobs", "0"], cwd=ROOT, env=_env(), stderr=subprocess.PIPE, text=True)
    try:
        lock = lock_path_for(db)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (lock.exists() and "pid" in lock.read_text()):
            time.sleep(0.02)
        second = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
        assert second.returncode == 3, second.stderr
        assert "another refresh is running" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        gate.set()
        _, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
    finally:
        gate.set()
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
        if first.stderr is not None:
            first.stderr.close()


def test_database_held_by_a_notebook_exits_4_naming_the_process(cli: CLI, tmp_path: Path) -> None:
    """A connection that is not a refresh (a notebook's) is not "the next run will catch up": exit 4."""
    db = tmp_path / "bt.duckdb"
    holder_code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", holder_code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = cli("--db", db, "refresh", "--replay", MINI_CORPUS, "--sources", MINI_SOURCES)
        assert result.code == 4, result.err
        assert "open in another process" in result.err
        assert f"pid {holder.pid}" in result.err
        assert "not a benchtable refresh" in result.err
        assert "Traceback" not in result.err
        assert not lock_path_for(db).read_text()  # the refresh lock was released
        report = cli("--db", db, "report")
        assert report.code == 4, report.err
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()


def test_refresh_wait_outlasts_a_connection_that_closes(cli: CLI, tmp_path: Path) -> None:
    db = tmp_path / "bt.duckdb"
    holder_code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
        "time.sleep(2); con.close()"
    )
    holder = subprocess.Popen([sys.executable, "-c", holder_code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = cli(
            "--db",
            db,
            "refresh",
            "--replay",
            MINI_CORPUS,
            "--sources",
            MINI_SOURCES,
            "--jobs",
            "0",
            "--wait",
            "60",
        )
        assert result.code == 0, result.err
    finally:
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
