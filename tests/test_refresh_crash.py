"""A refresh killed with SIGKILL mid-run: every source is either as it was or fully
updated, the database opens, the lock is gone, and the next refresh finishes the job."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CLI, ROOT

N_SOURCES = 15  # enough that a kill after the third changed source lands mid-run
N_ROWS = 60


def _doc(i: int, bump: float) -> bytes:
    rows = ["| Model | MMLU | GSM8K |", "|---|---|---|"]
    rows += [
        f"| Toy-{j}B | {40 + j * 0.01 + bump:.2f} | {20 + j * 0.01 + bump:.2f} |"
        for j in range(1, N_ROWS + 1)
    ]
    return (f"# Generated source {i}\n\n" + "\n".join(rows) + "\n").encode()


def _corpus(root: Path, bump: float) -> dict[str, str]:
    (root / "documents").mkdir(parents=True)
    shas, lines = {}, []
    for i in range(N_SOURCES):
        data = _doc(i, bump)
        (root / "documents" / f"gen{i}.md").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        shas[f"gen{i}"] = sha
        entry = {
            "id": f"gen{i}",
            "url": f"https://example.org/gen/{i}.md",
            "path": f"documents/gen{i}.md",
            "sha256": sha,
            "content_type": "text/markdown",
        }
        lines.append(json.dumps(entry))
    (root / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return shas


def _sources(path: Path) -> Path:
    path.write_text(
        "".join(
            f'[[source]]\nid = "gen{i}"\nurl = "https://example.org/gen/{i}.md"\nkind = "readme"\n'
            'content_type = "text/markdown"\n\n'
            for i in range(N_SOURCES)
        )
    )
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_refresh_leaves_every_source_old_or_new(cli: CLI, tmp_path: Path) -> None:
    old = _corpus(tmp_path / "v1", 0.0)
    new = _corpus(tmp_path / "v2", 1.0)
    sources = _sources(tmp_path / "sources.toml")
    db = tmp_path / "bt.duckdb"
    args = ["--db", db, "refresh", "--sources", sources, "--quiet"]
    assert cli(*args, "--replay", tmp_path / "v1", "--jobs", "0").code == 0

    log = tmp_path / "refresh.log"
    cmd = [sys.executable, "-m", "benchtable", *map(str, args), "--replay", str(tmp_path / "v2")]
    proc = subprocess.Popen([*cmd, "--jobs", "1", "--log-file", str(log)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists() and log.read_text().count(": changed (") >= 3:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the refresh finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    con = duckdb.connect(str(db))  # opens, replaying its write-ahead log
    try:
        state = {}
        for sid, sha, n in con.execute(
            "SELECT source_id, sha256, n_records FROM source_versions WHERE is_current"
        ).fetchall():
            assert sha in (old[sid], new[sid])
            records = con.execute(
                "SELECT count(*), min(value) FROM current_records WHERE source_id = ?", [sid]
            ).fetchone()
            assert records is not None
            assert records[0] == n == 2 * N_ROWS
            assert records[1] == pytest.approx(20.01 + (1.0 if sha == new[sid] else 0.0))
            values = con.execute(
                "SELECT count(*) FROM value_history WHERE source_id = ? AND superseded_at IS NULL "
                "AND last_sha256 = ?",
                [sid, sha],
            ).fetchone()
            assert values == (2 * N_ROWS,)
            state[sid] = "new" if sha == new[sid] else "old"
        assert len(state) == N_SOURCES
        assert "new" in state.values() and "old" in state.values()
        interrupted = con.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL").fetchone()
        assert interrupted == (1,)
    finally:
        con.close()

    # no stale lock; the next run completes the refresh
    result = cli(*args, "--replay", tmp_path / "v2", "--jobs", "0", "--json")
    assert result.code == 0, result.err
    counts = json.loads(result.out)["counts"]
    assert counts["changed"] == sum(1 for s in state.values() if s == "old")
    assert counts["unchanged"] == sum(1 for s in state.values() if s == "new")
