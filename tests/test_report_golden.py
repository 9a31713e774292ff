"""Golden test: the default report rendered from a database built by replaying the
recorded corpus, compared with tests/golden/default_report.{md,json}.

Regenerate after an intended change (extraction, vocabulary, report code):

    uv run pytest tests/test_report_golden.py --update-golden

and review the diff: it is the visible effect of the change on the user's table.
Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLI, ROOT

GOLDEN = ROOT / "tests" / "golden"


def _compare(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; run pytest {__file__} --update-golden")
    expected = path.read_text("utf-8")
    if text != expected:
        import difflib

        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(keepends=True), text.splitlines(keepends=True), "golden", "now", n=1
                )
            )[:80]
        )
        pytest.fail(f"{name} differs from the golden file (regenerate with --update-golden):\n{diff}")


def test_default_report_markdown_matches_golden(
    cli: CLI, corpus_db: Path, request: pytest.FixtureRequest
) -> None:
    result = cli("--quiet", "--db", corpus_db, "report")
    assert result.code == 0, result.err
    _compare("default_report.md", result.out, bool(request.config.getoption("--update-golden")))


def test_default_report_json_matches_golden(
    cli: CLI, corpus_db: Path, request: pytest.FixtureRequest
) -> None:
    result = cli("--quiet", "--db", corpus_db, "report", "--format", "json")
    assert result.code == 0, result.err
    _compare("default_report.json", result.out, bool(request.config.getoption("--update-golden")))


def test_default_report_is_deterministic(cli: CLI, corpus_db: Path) -> None:
    first = cli("--quiet", "--db", corpus_db, "report", "--format", "json").out
    second = cli("--quiet", "--db", corpus_db, "report", "--format", "json").out
    assert first == second


def test_every_shown_number_is_traceable(cli: CLI, corpus_db: Path) -> None:
    table = json.loads(cli("--quiet", "--db", corpus_db, "report", "--format", "json").out)
    filled = [c for row in table["rows"] for c in row["cells"].values() if c]
    assert len(filled) >= 40
    for cell in filled:
        cit = cell["citation"]
        assert cit["url"].startswith("https://")
        assert len(cit["sha256"]) == 64
        assert cit["locator"].get("line") or cit["locator"].get("page")
        assert cell["raw"]


def test_verify_passes_on_every_stored_record(cli: CLI, corpus_db: Path) -> None:
    result = cli("--db", corpus_db, "verify")
    assert result.code == 0, result.out[-2000:]
    assert " 0 not" in result.err


def test_comparisons_cover_quantization_size_and_protocol(cli: CLI, corpus_db: Path) -> None:
    table = json.loads(cli("--quiet", "--db", corpus_db, "report", "--format", "json").out)
    comps = table["comparisons"]
    assert comps["quantization"] and comps["model size"] and comps["n-shot"]
    qwen = [
        c
        for c in table["comparisons"]["quantization"]
        if c["source_id"].startswith("qwen-readme") and c["subject"] == "Qwen-7B-Chat"
    ]
    assert table["comparisons_total"]["quantization"] >= len(comps["quantization"])
    assert all(c["shared_benchmarks"] >= 1 for group in comps.values() for c in group)
    del qwen  # ranked by shared benchmarks: the Qwen group need not be in the top ten
