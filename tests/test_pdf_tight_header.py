"""A header row set as tightly as one phrase over several numeric columns (issue 10, wave 7)."""

from __future__ import annotations

from benchtable.extract.readers.pdf import read_pdf_tables
from tests.test_pdf_tables import Text, make_pdf, pdf_doc, texts_of


def _tight_header_pdf() -> bytes:
    texts: list[Text] = [
        (100, 100, "Table 7: Post training quantization result of a 6B model on three tasks", 10),
        (100, 125, "Precision", 9),
        (150, 125, "PTB", 9),
        (170, 125, "Wikitext-2", 9),
        (213, 125, "Wikitext-103", 9),
        (100, 140, "W16A16", 9),
        (145, 140, "20.47", 9),
        (182, 140, "10.35", 9),
        (230, 140, "10.35", 9),
        (100, 152, "W8A8", 9),
        (145, 152, "20.97", 9),
        (182, 152, "10.51", 9),
        (230, 152, "10.52", 9),
        (100, 200, "Body text of the paper continues here with a long sentence that is prose.", 10),
    ]
    return make_pdf(texts)


def test_header_words_set_tightly_each_over_its_own_column_are_one_header_each() -> None:
    [t] = read_pdf_tables(pdf_doc(_tight_header_pdf()))
    assert texts_of(t)[0] == ["Precision", "PTB", "Wikitext-2", "Wikitext-103"]


def test_a_caption_line_ending_in_a_hyphen_continues_its_word_on_the_next_line() -> None:
    texts: list[Text] = [
        (100, 100, "Table 8: Post training quantization result of GPT-", 10),
        (100, 112, "NeoX 20B on 19 zero-shot evaluation datasets.", 10),
        (100, 130, "Precision", 9),
        (160, 130, "Lambada", 9),
        (220, 130, "PIQA", 9),
        (100, 145, "W16A16", 9),
        (160, 145, "71.7", 9),
        (220, 145, "77.7", 9),
        (100, 157, "W8A8/16", 9),
        (160, 157, "71.9", 9),
        (220, 157, "78.3", 9),
        (100, 200, "Body text of the paper continues here with a long sentence that is prose.", 10),
    ]
    [t] = read_pdf_tables(pdf_doc(make_pdf(texts)))
    assert (
        t.caption
        == "Table 8: Post training quantization result of GPT-NeoX 20B on 19 zero-shot evaluation datasets."
    )
