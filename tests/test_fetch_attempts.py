"""A failed fetch says how many requests it made and what the server last answered.

Before: `refresh --json` showed `"attempts": 0, "http_status": null` for a source that
"gave up after 3 attempts" on HTTP 500, and `fetches.http_status` was NULL for 404/429/500.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLI
from tests.test_refresh_faults import db_rows, filled, refresh, slept
from tests.test_refresh_server import TEST_POLICY, Reply, Server, doc, server

__all__ = ["filled", "server", "slept"]

ALL_ATTEMPTS = TEST_POLICY.retries + 1


@pytest.mark.parametrize(
    ("reply", "status", "attempts"),
    [
        (Reply(500, b"boom", conditional=False), 500, ALL_ATTEMPTS),
        (Reply(404, b"gone", conditional=False), 404, 1),
        (Reply(429, headers={"retry-after": "3600"}, conditional=False), 429, 1),
        (Reply(503, conditional=False), 503, ALL_ATTEMPTS),
        (doc(b"<html>login</html>", content_type="text/html"), 200, 1),
        (Reply(302, headers={"location": "/card2.md"}, conditional=False), 302, 1),
    ],
    ids=["500-retried", "404", "429-retry-after-too-long", "503-retried", "wrong-type", "redirect-loop"],
)
def test_failed_fetch_records_true_attempts_and_last_http_status(
    cli: CLI, server: Server, filled: tuple[Path, Path], reply: Reply, status: int, attempts: int
) -> None:
    db, sources = filled
    server.route("/card.md", reply)
    server.route("/card2.md", Reply(302, headers={"location": "/card.md"}, conditional=False))
    result = refresh(cli, db, sources, "--json", "toy-card")
    assert result.code == 1, result.err
    summary = json.loads(result.out)
    (outcome,) = summary["sources"]
    assert (outcome["outcome"], outcome["http_status"], outcome["attempts"]) == ("failed", status, attempts)
    rows = db_rows(
        db,
        "SELECT http_status, attempts FROM fetches WHERE run_id = ? AND source_id = 'toy-card'",
        [summary["run_id"]],
    )
    assert rows == [(status, attempts)]


def test_connection_failure_records_attempts_and_no_status(
    cli: CLI, server: Server, filled: tuple[Path, Path]
) -> None:
    db, sources = filled
    server.route("/card.md", Reply(action="reset"))
    result = refresh(cli, db, sources, "--json", "toy-card")
    assert result.code == 1
    (outcome,) = json.loads(result.out)["sources"]
    assert (outcome["http_status"], outcome["attempts"]) == (None, ALL_ATTEMPTS)


def test_successful_fetch_records_its_attempts(cli: CLI, server: Server, filled: tuple[Path, Path]) -> None:
    db, sources = filled
    server.route(
        "/card.md", Reply(503, conditional=False), doc(b"# Toy\n\n| a | b |\n|---|---|\n| x | 1 |\n")
    )
    result = refresh(cli, db, sources, "--json", "--accept-empty", "toy-card")
    summary = json.loads(result.out)
    (outcome,) = summary["sources"]
    assert outcome["attempts"] == 2
    rows = db_rows(db, "SELECT attempts FROM fetches WHERE run_id = ?", [summary["run_id"]])
    assert rows == [(2,)]
