"""No silent zeros: a caption by rows of numbers with no table read, and a table read that
gave no records, are reported (logged warnings naming the document and the page)."""

from __future__ import annotations

import logging

import pytest

from benchtable.extract import extract_document
from benchtable.extract.readers.pdf import read_pdf_tables
from benchtable.extract.readers.pdf.unread import tables_without_records
from benchtable.extract.table import Cell, Table
from tests.test_pdf_tables import Text, make_pdf, pdf_doc


def test_a_caption_over_numbers_that_make_no_table_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    texts: list[Text] = [
        (100, 100, "Table 1: Two rows only.", 10),
        (110, 130, "61.2", 9),
        (250, 130, "40.5", 9),
        (110, 142, "58.0", 9),
        (250, 142, "35.1", 9),
    ]
    with caplog.at_level(logging.WARNING, logger="benchtable.extract.readers.pdf"):
        assert read_pdf_tables(pdf_doc(make_pdf(texts))) == []
    [msg] = [r.getMessage() for r in caplog.records]
    assert msg == (
        "test://tiny.pdf: 1 table caption(s) stand by rows of numbers but no table was read: "
        "page 1 'Table 1: Two rows only.' (2 rows of numbers)"
    )


def test_a_table_read_that_gives_no_records_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    texts: list[Text] = [
        (100, 100, "Table 1: Things nobody scores.", 10),
        (110, 130, "Colour", 9),
        (250, 130, "Weight", 9),
        (350, 130, "Height", 9),
        (110, 147, "Red", 9),
        (250, 147, "61.2", 9),
        (350, 147, "40.5", 9),
        (110, 159, "Blue", 9),
        (250, 159, "58.0", 9),
        (350, 159, "35.1", 9),
        (110, 171, "Green", 9),
        (250, 171, "12.5", 9),
        (350, 171, "11.0", 9),
    ]
    with caplog.at_level(logging.WARNING, logger="benchtable.extract.readers.pdf"):
        assert extract_document(pdf_doc(make_pdf(texts))) == []
    [msg] = [r.getMessage() for r in caplog.records]
    assert msg == (
        "test://tiny.pdf: 1 table(s) were read but gave no records: "
        "page 1 'Table 1: Things nobody scores.' (6 numbers)"
    )


def test_only_pdf_tables_without_a_cited_record_count() -> None:
    cells = [[Cell("Model", ""), Cell("MMLU", "")], [Cell("A", ""), Cell("61.2", "")]]
    on_page = Table(rows=cells, index=0, page=3)
    no_page = Table(rows=cells, index=1)
    assert tables_without_records([on_page, no_page], []) == [on_page]
