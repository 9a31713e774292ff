"""`PdfSettings`: every tolerance of the PDF reader named, defaulted and validated."""

from __future__ import annotations

import dataclasses
import math

import pytest

from benchtable.extract.readers.pdf import DEFAULT_SETTINGS, PdfSettings, read_pdf_tables
from benchtable.schema.errors import ConfigError
from tests.test_pdf_tables import pdf_doc, simple_table_pdf


def test_every_field_has_a_default_that_validates() -> None:
    assert PdfSettings() == DEFAULT_SETTINGS
    assert len(dataclasses.fields(PdfSettings)) >= 60


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("row_gap_min", -1.0, "must be a finite number >= 0"),
        ("column_gap_ratio", math.nan, "must be a finite number >= 0"),
        ("small_font_ratio", 1.5, "must be a share in (0, 1]"),
        ("text_line_dy", 0.0, "must be > 0"),
        ("max_header_rows", 0, "must be a whole number >= 1"),
        ("max_header_rows", 2.5, "must be a whole number >= 1"),
        ("edge_slack", "0.5", "not a number"),
    ],
)
def test_a_bad_value_names_the_field_and_the_value(field: str, value: object, says: str) -> None:
    with pytest.raises(ConfigError) as err:
        PdfSettings(**{field: value})  # type: ignore[arg-type]
    assert str(err.value).startswith(f"PdfSettings.{field} = {value!r}: {says}")


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_SETTINGS.row_gap_min = 1.0  # type: ignore[misc]


def test_the_reader_takes_a_settings_object() -> None:
    doc = pdf_doc(simple_table_pdf())
    assert len(read_pdf_tables(doc, PdfSettings())) == 1
    # a table needs at least `min_table_rows` text rows: demanding 10 rejects the 5-row toy table
    assert read_pdf_tables(doc, PdfSettings(min_table_rows=10)) == []
