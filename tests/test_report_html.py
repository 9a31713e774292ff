"""The HTML page's accessibility contract, read from its markup: sortable header buttons that say
their direction, a colour scale that varies in lightness, ‡ cells off the scale, one tab stop per
cell with a link back from its note, and source links to the cited line or page."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from benchtable.reports.html_view import cell_style, cividis_rgb, is_pinned, relative_luminance, source_link
from benchtable.schema.records import Citation, Locator
from tests.html_report_fixture import COMMIT, PAPER, README, page


def _soup() -> BeautifulSoup:
    return BeautifulSoup(page(), "html.parser")


def _cells(soup: BeautifulSoup) -> list[Tag]:
    return [td for td in soup.select("#report tbody td.num") if td.get("data-value")]


def test_headers_are_focusable_buttons_that_say_their_direction() -> None:
    headers = _soup().select("#report th.col")
    assert [th.get("aria-sort") for th in headers] == ["none", "none"]
    assert [th.get("data-direction") for th in headers] == ["lower", "higher"]
    assert all(th.find("button", attrs={"type": "button"}) for th in headers)
    assert "lower is better" in headers[0].get_text()


def test_each_cell_is_one_tab_stop_linked_to_its_note_and_back() -> None:
    """On main a cell held two links (value and note number) and notes had no way back."""
    soup = _soup()
    for td in _cells(soup):
        links = td.find_all("a")
        assert len(links) == 1
        note = links[0]["href"].removeprefix("#note-")
        assert links[0]["id"] == f"cell-{note}"
        back = soup.select_one(f"li#note-{note} a.back")
        assert back is not None and back["href"] == f"#cell-{note}"


def test_other_protocol_cells_are_hatched_and_not_on_the_columns_scale() -> None:
    """On main the 8192-context perplexity (‡) was coloured as the column's best."""
    cells = {td["data-value"]: td for td in _cells(_soup())}
    odd = cells["3.2"]
    assert "other-protocol" in odd["class"] and not odd.get("style")
    assert "‡" in odd.get_text()
    # the column's scale spans the values measured under its protocol: 6.1 best, 7.5 worst
    assert cells["6.1"]["style"] == cell_style(1.0)
    assert cells["7.5"]["style"] == cell_style(0.0)


def test_colour_scale_gets_lighter_towards_better_and_its_text_stays_legible() -> None:
    steps = [i / 20 for i in range(21)]
    lightness = [relative_luminance(cividis_rgb(t)) for t in steps]
    assert lightness == sorted(lightness) and lightness[-1] > 10 * lightness[0]
    for t in steps:
        lum = relative_luminance(cividis_rgb(t))
        text = 1.0 if "#ffffff" in cell_style(t) else 0.0
        contrast = (max(lum, text) + 0.05) / (min(lum, text) + 0.05)
        assert contrast >= 4.5, (t, contrast)


def test_every_number_is_printed_as_text() -> None:
    texts = [td.find("a").contents[0] for td in _cells(_soup())]
    assert texts == ["7.5", "58.2", "6.1", "66.3", "3.2‡", "55.8", "64.6"]


def test_source_links_go_to_the_cited_line_or_page_of_the_fetched_version() -> None:
    line = Citation(url=README, sha256="a" * 64, locator=Locator(line=450), quote="q")
    assert source_link(line) == f"https://github.com/QwenLM/Qwen/blob/{COMMIT}/README.md?plain=1#L450"
    paged = Citation(url=PAPER, sha256="a" * 64, locator=Locator(page=19), quote="q")
    assert source_link(paged) == f"{PAPER}#page=19"
    assert is_pinned(README) and is_pinned(PAPER)
    assert not is_pinned("https://raw.githubusercontent.com/QwenLM/Qwen/main/README.md")
    links = [a["href"] for a in _soup().select("ol.notes a:not(.back)")]
    assert f"https://github.com/QwenLM/Qwen/blob/{COMMIT}/README.md?plain=1#L450" in links
    assert f"{PAPER}#page=20" in links
