"""Shared test helpers: the recorded corpus (skipped when absent), the CLI in-process."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
MINI_CORPUS = FIXTURES / "mini_corpus"
MINI_SOURCES = FIXTURES / "mini_sources.toml"
MINI_REPORT = FIXTURES / "mini_report.toml"


@pytest.fixture(scope="session")
def snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory per test session: the bundled snapshot's database is built once.

    Under pytest-xdist (`-n 2`) the workers share one directory of the run, and the first to
    get there builds the snapshot's database while the others wait, so it is built once a run."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return tmp_path_factory.mktemp("cache")
    from benchtable.db.snapshot import materialised_snapshot

    shared = tmp_path_factory.getbasetemp().parent / "shared-cache"
    shared.mkdir(exist_ok=True)
    with (shared.parent / "shared-cache.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        materialised_snapshot(shared)
    return shared


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, snapshot_cache: Path) -> None:
    """Tests never read the user's BENCHTABLE_DB nor write the user's cache directory."""
    monkeypatch.delenv("BENCHTABLE_DB", raising=False)
    monkeypatch.setenv("BENCHTABLE_CACHE_DIR", str(snapshot_cache))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "manifest.jsonl").exists():
        pytest.skip("recorded corpus ../shared/corpus is absent")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built by replaying the whole recorded corpus, shared by every test that only
    reads it (golden report, snapshot, verify): the corpus is replayed once per session."""
    from benchtable.cli import run

    db = tmp_path_factory.mktemp("corpus_db") / "corpus.duckdb"
    code = run(["--quiet", "--db", str(db), "refresh", "--replay", str(corpus)])
    assert code == 0
    return db


@pytest.fixture(scope="session")
def mini_db_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus refreshed into a database once a session; tests get copies (`mini_db`)."""
    from benchtable.cli import run

    db = tmp_path_factory.mktemp("mini_db") / "bt.duckdb"
    args = [
        "--quiet",
        "--db",
        str(db),
        "refresh",
        "--replay",
        str(MINI_CORPUS),
        "--sources",
        str(MINI_SOURCES),
    ]
    assert run([*args, "--jobs", "0"]) == 0
    return db


@pytest.fixture
def mini_db(mini_db_built: Path, tmp_path: Path) -> Path:
    """This test's own copy of the refreshed mini corpus database and its blob store, as
    `tmp_path/bt.duckdb`: free to change, and a copy costs far less than a refresh."""
    db = tmp_path / "bt.duckdb"
    shutil.copyfile(mini_db_built, db)
    shutil.copytree(mini_db_built.with_name("bt.duckdb.blobs"), tmp_path / "bt.duckdb.blobs")
    return db


def corpus_manifest(corpus: Path) -> dict[str, dict[str, Any]]:
    entries = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines() if line]
    return {e["id"]: e for e in entries}


@dataclass
class Result:
    code: int
    out: str
    err: str


CLI = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CLI:
    from benchtable.cli import run

    def invoke(*args: str | Path) -> Result:
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reads the recorded corpus is marked `corpus`: `pytest -m "not corpus"` is the fast loop."""
    for item in items:
        uses_fixture = "corpus" in getattr(item, "fixturenames", ())
        if uses_fixture or item.get_closest_marker("corpus") is not None:
            item.add_marker(pytest.mark.corpus)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output instead of comparing (tests/test_report_golden.py)",
    )
