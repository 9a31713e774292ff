"""The HTML page in a real headless Chromium: sorting by keyboard alone, and a screenshot.

Skips when no Chromium is installed (Debian: `apt-get install -y chromium`; or point
`BENCHTABLE_CHROMIUM` at a Chrome/Chromium binary). `BENCHTABLE_SCREENSHOTS=DIR` keeps the
screenshot.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Browser, find_chromium
from tests.html_report_fixture import ROW_ORDER, page

ROWS = "[...document.querySelectorAll('#report tbody tr')].map(r => r.cells[0].textContent)"
SORT = "[...document.querySelectorAll('#report th.col')].map(th => th.getAttribute('aria-sort'))"
FOCUSED = "document.activeElement.closest('th') && document.activeElement.closest('th').dataset.col"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed (apt-get install -y chromium, or set BENCHTABLE_CHROMIUM)")
    html = tmp_path / "report.html"
    html.write_text(page(), "utf-8")
    b = Browser(executable)
    try:
        b.open(html.as_uri(), "document.getElementById('report') !== null")
        yield b
    finally:
        b.close()


def test_sorting_by_keyboard_goes_better_first_then_reverse_then_original(
    browser: Browser, tmp_path: Path
) -> None:
    browser.press("Tab")
    assert browser.evaluate(FOCUSED) == "1"  # the perplexity header: lower is better
    browser.press("Enter")
    assert browser.evaluate(SORT) == ["ascending", "none"]
    assert browser.evaluate(ROWS) == ["Qwen-7B-Chat", "Qwen-14B", "Qwen-7B", "Qwen-14B-Chat"]
    browser.press("Space")
    assert browser.evaluate(SORT) == ["descending", "none"]
    assert browser.evaluate(ROWS) == ["Qwen-7B", "Qwen-14B", "Qwen-7B-Chat", "Qwen-14B-Chat"]
    browser.press("Enter")
    assert browser.evaluate(SORT) == ["none", "none"]
    assert browser.evaluate(ROWS) == ROW_ORDER

    browser.press("Tab")
    assert browser.evaluate(FOCUSED) == "2"  # MMLU: higher is better
    browser.press("Enter")
    assert browser.evaluate(SORT) == ["none", "descending"]
    assert browser.evaluate(ROWS) == ["Qwen-14B", "Qwen-14B-Chat", "Qwen-7B", "Qwen-7B-Chat"]
    assert "better first" in browser.evaluate("document.getElementById('sort-status').textContent")

    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
    keep = os.environ.get("BENCHTABLE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report-sorted.png")


def test_a_cells_footnote_is_one_tab_stop_away_and_links_back(browser: Browser) -> None:
    for _ in range(3):  # two header buttons, then the first cell's only link
        browser.press("Tab")
    assert browser.evaluate("document.activeElement.id") == "cell-1"
    browser.press("Enter")
    browser.wait_for("location.hash === '#note-1'")
    browser.evaluate("document.querySelector('#note-1 a.back').focus()")
    browser.press("Enter")
    browser.wait_for("location.hash === '#cell-1'")
