"""verify: a PDF cell that wraps over two lines still stands inside its box."""

from __future__ import annotations

from benchtable.reports.verify import check_pdf, in_cell
from benchtable.schema.records import Citation, Locator, ScoreRecord
from tests.test_select import rec

WORDS = [
    (146.6, 372.5, 164.0, 381.4, "56.4"),
    (190.0, 372.5, 204.0, 381.4, "54.0"),
    (150.0, 383.0, 160.0, 392.0, "(5)"),
]
BOX = (146.63, 372.48, 174.87, 381.45)


def _pdf_record(raw: str) -> ScoreRecord:
    r = rec("palm", 56.4)
    cit = Citation(url=r.citation.url, sha256=r.citation.sha256, locator=Locator(page=1, bbox=BOX), quote="q")
    return r.model_copy(update={"raw": raw, "citation": cit})


def test_wrapped_cell_is_found_in_its_box() -> None:
    assert in_cell("56.4 (5)", BOX, WORDS)
    assert not in_cell("56.4 (7)", BOX, WORDS)
    assert not in_cell("54.0", BOX, WORDS)  # the neighbouring cell


def test_check_pdf_falls_back_to_the_box() -> None:
    page_text = ["56.4 54.0\n(5) (1)"]
    assert check_pdf(_pdf_record("56.4 (5)"), page_text) is not None
    assert check_pdf(_pdf_record("56.4 (5)"), page_text, WORDS) is None
    assert check_pdf(_pdf_record("56.4"), page_text) is None
