"""Fault injection: `benchtable refresh` against a misbehaving server on 127.0.0.1.

For every fault: the right exit code, a clear message naming the source and the reason,
the previous records intact, the failure stored with its reason, and a database that
still opens. Delays are shrunk through the fetch policy (no test sleeps for seconds).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import duckdb
import pytest

from benchtable.scrapers import fetch as fetch_module
from benchtable.scrapers import refresh as refresh_module
from tests.conftest import CLI, Result
from tests.test_refresh_server import CARD, README, TEST_POLICY, Reply, Server, doc, server, write_sources

__all__ = ["server"]

GARBAGE = random.Random(0).randbytes(4096)
HTML = b"<html><body><h1>Toy</h1><p>No scores here.</p></body></html>"
PDF_SOURCES = """
[[source]]
id = "toy-paper"
url = "{paper}"
kind = "paper_pdf"
content_type = "application/pdf"

[[source]]
id = "toy-page"
url = "{page}"
kind = "blog"
content_type = "text/html"
"""


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Run the CLI with the test policy (short timeouts, tiny backoff) and record the waits."""
    waits: list[float] = []
    monkeypatch.setattr(
        fetch_module.FetchPolicy, "from_env", classmethod(lambda cls, environ=None: TEST_POLICY)
    )
    options = refresh_module.RefreshOptions

    def fast_options(**kw: Any) -> refresh_module.RefreshOptions:
        # extraction in-process unless a test asks for workers (the pool has its own tests)
        kw["jobs"] = 0 if kw.get("jobs") is None else kw["jobs"]
        return options(**kw, sleep=waits.append, extract_timeout=30.0)

    monkeypatch.setattr(refresh_module, "RefreshOptions", fast_options)
    return waits


def db_rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def current(db: Path) -> list[tuple[Any, ...]]:
    return db_rows(db, "SELECT source_id, record_id, value FROM current_records ORDER BY record_id")


def refresh(cli: CLI, db: Path, sources: Path, *args: str) -> Result:
    return cli("--db", db, "refresh", "--sources", sources, *args)


@pytest.fixture
def filled(cli: CLI, tmp_path: Path, server: Server, slept: list[float]) -> tuple[Path, Path]:
    server.route("/card.md", doc(CARD))
    server.route("/readme.md", doc(README))
    server.route("/paper.pdf", doc(b"%PDF-1.4\n", content_type="application/pdf"))
    server.route("/page.html", doc(HTML, content_type="text/html; charset=utf-8"))
    extra = PDF_SOURCES.format(paper=server.url("/paper.pdf"), page=server.url("/page.html"))
    sources = write_sources(tmp_path / "sources.toml", server, extra)
    db = tmp_path / "bt.duckdb"
    result = refresh(cli, db, sources, "toy-card", "toy-readme", "toy-page")
    assert result.code == 0, result.err
    assert len(current(db)) > 10
    return db, sources


def _bigger_than_limit() -> bytes:
    return b"| a | b |\n|---|---|\n" + b"| x | 1 |\n" * (TEST_POLICY.max_bytes // 10 + 1)


FAULTS: list[tuple[str, str, list[Reply], str]] = [
    ("http-500", "/card.md", [Reply(500, b"boom", conditional=False)], "HTTP 500"),
    ("http-404", "/card.md", [Reply(404, b"gone", conditional=False)], "HTTP 404"),
    (
        "429-retry-after-too-long",
        "/card.md",
        [Reply(429, headers={"retry-after": "3600"}, conditional=False)],
        "retry after 3600 s",
    ),
    ("timeout", "/card.md", [Reply(delay=0.6, body=CARD)], "timed out"),
    ("connection-reset", "/card.md", [Reply(action="reset")], "Connection reset"),
    (
        "truncated-body",
        "/card.md",
        [Reply(body=CARD[:300] + b"changed", action="truncate")],
        "complete message body",
    ),
    (
        "wrong-content-type",
        "/card.md",
        [doc(b"<html>login</html>", content_type="text/html")],
        "wrong content type",
    ),
    ("oversized-body", "/card.md", [doc(_bigger_than_limit())], "too large"),
    (
        "redirect-loop",
        "/card.md",
        [Reply(302, headers={"location": "/card2.md"}, conditional=False)],
        "redirect loop",
    ),
    ("garbage-as-html", "/page.html", [doc(GARBAGE, content_type="text/html")], "served as text/html"),
    ("garbage-as-pdf", "/paper.pdf", [doc(GARBAGE, content_type="application/pdf")], "not a PDF"),
    ("empty-body", "/card.md", [doc(b"   \n")], "empty document"),
    ("new-version-without-records", "/card.md", [doc(b"# Toy\n\nNo tables any more.\n")], "no records"),
]


@pytest.mark.parametrize(("path", "replies", "needle"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS])
def test_fault_keeps_previous_records(
    cli: CLI, server: Server, filled: tuple[Path, Path], path: str, replies: list[Reply], needle: str
) -> None:
    db, sources = filled
    before = current(db)
    versions_before = db_rows(db, "SELECT source_id, sha256 FROM source_versions WHERE is_current ORDER BY 1")
    server.route(path, *replies)
    server.route("/card2.md", Reply(302, headers={"location": "/card.md"}, conditional=False))
    source_id = {"/card.md": "toy-card", "/page.html": "toy-page", "/paper.pdf": "toy-paper"}[path]
    result = refresh(cli, db, sources, source_id, "toy-readme")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    failed = [line for line in result.err.splitlines() if line.startswith("benchtable: source failed:")]
    assert len(failed) == 1, result.err
    assert f"source failed: {source_id}: " in failed[0]
    assert needle in failed[0], failed[0]
    assert "previous records are kept" in result.err
    # nothing stored before is lost or changed, and the database opens
    assert current(db) == before
    after = db_rows(db, "SELECT source_id, sha256 FROM source_versions WHERE is_current ORDER BY 1")
    assert after == versions_before
    (outcome, error) = db_rows(
        db, "SELECT last_outcome, last_error FROM source_status WHERE source_id = ?", [source_id]
    )[0]
    assert outcome == "failed" and needle in error
    assert db_rows(db, "SELECT last_outcome FROM source_status WHERE source_id = 'toy-readme'") == [
        ("unchanged",)
    ]


def test_404_is_not_retried(cli: CLI, server: Server, filled: tuple[Path, Path], slept: list[float]) -> None:
    db, sources = filled
    server.route("/card.md", Reply(404, b"gone", conditional=False))
    n = len(server.hits("/card.md"))
    assert refresh(cli, db, sources, "toy-card").code == 1
    assert len(server.hits("/card.md")) == n + 1
    assert slept == []


def test_500_is_retried_with_backoff_then_gives_up(
    cli: CLI, server: Server, filled: tuple[Path, Path], slept: list[float]
) -> None:
    db, sources = filled
    server.route("/card.md", Reply(500, b"boom", conditional=False))
    n = len(server.hits("/card.md"))
    result = refresh(cli, db, sources, "toy-card")
    assert result.code == 1
    assert "gave up after 3 attempts" in result.err
    assert len(server.hits("/card.md")) == n + 3
    assert len(slept) == 2 and all(0 < s <= TEST_POLICY.backoff_max for s in slept)


def test_429_with_retry_after_then_success(
    cli: CLI, server: Server, filled: tuple[Path, Path], slept: list[float]
) -> None:
    db, sources = filled
    server.route("/card.md", Reply(429, headers={"retry-after": "5"}, conditional=False), doc(CARD))
    result = refresh(cli, db, sources, "toy-card", "--json")
    assert result.code == 0, result.err
    assert slept == [5.0]
    summary = json.loads(result.out)
    assert summary["counts"]["unchanged"] == 1
    assert summary["sources"][0]["attempts"] == 2


def test_503_then_success_with_a_new_version(
    cli: CLI, server: Server, filled: tuple[Path, Path], slept: list[float]
) -> None:
    db, sources = filled
    changed = CARD.replace(b"58.2", b"59.9")
    server.route("/card.md", Reply(503, conditional=False), Reply(503, conditional=False), doc(changed))
    result = refresh(cli, db, sources, "toy-card")
    assert result.code == 0, result.err
    assert "1 changed" in result.out
    assert "58.2** → **59.9" in result.out
    assert len(slept) == 2
    values = [r[2] for r in current(db) if r[0] == "toy-card"]
    assert 59.9 in values and 58.2 not in values


def test_new_version_with_fewer_records_replaces_and_keeps_history(
    cli: CLI, server: Server, filled: tuple[Path, Path]
) -> None:
    db, sources = filled
    before = [r for r in current(db) if r[0] == "toy-card"]
    lines = CARD.decode().splitlines(keepends=True)
    fewer = "".join(line for line in lines if "Int4" not in line).encode()
    server.route("/card.md", doc(fewer))
    result = refresh(cli, db, sources, "toy-card")
    assert result.code == 0, result.err
    after = [r for r in current(db) if r[0] == "toy-card"]
    assert 0 < len(after) < len(before)
    assert "removed" in result.out
    # the previous version's records are kept, superseded
    kept = db_rows(db, "SELECT count(*) FROM records WHERE source_id = 'toy-card'")[0][0]
    assert kept == len(before) + len(after)
    versions = db_rows(
        db, "SELECT is_current FROM source_versions WHERE source_id = 'toy-card' ORDER BY first_seen"
    )
    assert versions == [(False,), (True,)]


def test_accept_empty_takes_a_version_without_records(
    cli: CLI, server: Server, filled: tuple[Path, Path]
) -> None:
    db, sources = filled
    server.route("/card.md", doc(b"# Toy\n\nNo tables any more.\n"))
    assert refresh(cli, db, sources, "toy-card").code == 1
    result = refresh(cli, db, sources, "toy-card", "--accept-empty")
    assert result.code == 0, result.err
    assert [r for r in current(db) if r[0] == "toy-card"] == []


def test_unchanged_documents_cost_a_304_and_no_extraction(
    cli: CLI, server: Server, filled: tuple[Path, Path]
) -> None:
    db, sources = filled
    result = refresh(cli, db, sources, "toy-card", "toy-readme", "--json")
    assert result.code == 0
    summary = json.loads(result.out)
    assert summary["counts"] == {"new": 0, "changed": 0, "unchanged": 2, "failed": 0}
    assert [s["http_status"] for s in summary["sources"]] == [304, 304]
    assert server.hits("/card.md")[-1]["if-none-match"].startswith('"')


def test_server_ignoring_validators_with_same_bytes_is_unchanged(
    cli: CLI, server: Server, filled: tuple[Path, Path]
) -> None:
    db, sources = filled
    server.route("/card.md", doc(CARD, conditional=False))
    result = refresh(cli, db, sources, "toy-card", "--json")
    assert result.code == 0
    assert (
        json.loads(result.out)["sources"][0] | {"outcome": "unchanged", "http_status": 200}
        == json.loads(result.out)["sources"][0]
    )


def test_json_summary_names_failures(cli: CLI, server: Server, filled: tuple[Path, Path]) -> None:
    db, sources = filled
    server.route("/card.md", Reply(404, conditional=False))
    result = refresh(cli, db, sources, "--json", "toy-card", "toy-readme")
    assert result.code == 1
    summary = json.loads(result.out)
    assert summary["ok"] is False
    assert summary["counts"]["failed"] == 1
    assert summary["failed"][0]["source_id"] == "toy-card"
    assert "HTTP 404" in summary["failed"][0]["error"]
    assert {"run_id", "started_at", "finished_at", "value_changes", "changes"} <= set(summary)


def test_quiet_prints_nothing_on_success_and_log_file_records_the_run(
    cli: CLI, server: Server, filled: tuple[Path, Path], tmp_path: Path
) -> None:
    db, sources = filled
    log = tmp_path / "refresh.log"
    result = refresh(cli, db, sources, "--quiet", "--log-file", str(log), "toy-card", "toy-readme")
    assert result.code == 0
    assert (result.out, result.err) == ("", "")
    server.route("/card.md", Reply(500, conditional=False))
    result = refresh(cli, db, sources, "--quiet", "--log-file", str(log), "toy-card", "toy-readme")
    assert result.code == 1
    assert result.out == ""
    assert "HTTP 500" in result.err
    text = log.read_text()
    assert "toy-readme: unchanged" in text
    assert "HTTP 500" in text and "retrying" in text
    assert text.count("run ") >= 2


def test_configuration_errors_exit_2(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "bt.duckdb"
    missing = cli("--db", db, "refresh", "--sources", tmp_path / "nope.toml")
    assert missing.code == 2
    assert "cannot read sources file" in missing.err
    ok = tmp_path / "sources.toml"
    ok.write_text('[[source]]\nid = "a"\nurl = "http://127.0.0.1:9/a.md"\nkind = "readme"\n')
    monkeypatch.setenv("BENCHTABLE_FETCH_RETRIES", "many")
    bad_env = cli("--db", db, "refresh", "--sources", ok)
    assert bad_env.code == 2
    assert "BENCHTABLE_FETCH_RETRIES" in bad_env.err
    usage = cli("--db", db, "refresh", "--jobs", "-1")
    assert usage.code == 2


def test_policy_from_environment() -> None:
    policy = fetch_module.FetchPolicy.from_env(
        {"BENCHTABLE_FETCH_RETRIES": "5", "BENCHTABLE_FETCH_PER_HOST_INTERVAL": "0.5"}
    )
    assert (policy.retries, policy.per_host_interval) == (5, 0.5)
