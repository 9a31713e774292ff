"""PDF table reader: hand-written tiny PDFs (grid builder, bad input) and corpus papers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from benchtable.extract.readers.pdf import limits as pdf_limits
from benchtable.extract.readers.pdf import normalize_text, read_pdf_tables
from benchtable.extract.registry import DocumentInput, for_content_type
from benchtable.extract.table import Table
from benchtable.schema.errors import DocumentError

# --------------------------------------------------------------------------- tiny PDFs

Text = tuple[float, float, str, float]  # x, y (from the top), text, font size
Rule = tuple[float, float, float]  # x0, x1, y (from the top)


def make_pdf(
    texts: list[Text],
    rules: Sequence[Rule] = (),
    encrypt: bool = False,
) -> bytes:
    """A one-page Letter PDF: Helvetica text at fixed positions and horizontal rules."""
    h = 792.0
    ops = []
    for x0, x1, y in rules:
        ops.append(f"0.5 w {x0:.2f} {h - y:.2f} m {x1:.2f} {h - y:.2f} l S")
    for x, y, s, size in texts:
        esc = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        esc = esc.replace("\u2212", "\x80").replace("\ufb01", "\x81")
        ops.append(f"BT /F1 {size:.1f} Tf {x:.2f} {h - y:.2f} Td ({esc}) Tj ET")
    content = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [128 /minus /fi] >> >>",
    ]
    if encrypt:
        objs.append(
            b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <"
            + b"11" * 32
            + b"> /U <"
            + b"22" * 32
            + b"> >>"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objs) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objs), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_doc(data: bytes, url: str = "test://tiny.pdf") -> DocumentInput:
    return DocumentInput(data=data, content_type="application/pdf", url=url, sha256="0")


def simple_table_pdf() -> bytes:
    texts: list[Text] = [
        (100, 100, "Table 1: Toy results on two benchmarks.", 10),
        (110, 130, "Model", 9),
        (250, 130, "MMLU", 9),
        (350, 130, "GSM8K", 9),
        (110, 147, "Alpha-7B", 9),
        (250, 147, "61.2", 9),
        (350, 147, "40.5", 9),
        (110, 159, "Beta-13B", 9),
        (250, 159, "58.0", 9),
        (350, 159, "35.1", 9),
        (110, 171, "Gamma", 9),
        (250, 171, "\u221212.5", 9),
        (350, 171, "n/a", 9),
        (100, 220, "Body text of the paper continues here with a long sentence that is prose.", 10),
    ]
    rules: list[Rule] = [(105, 420, 118), (105, 420, 136), (105, 420, 176)]
    return make_pdf(texts, rules)


def spanning_table_pdf() -> bytes:
    texts: list[Text] = [
        (110, 102, "Method", 9),
        (240, 94, "LLaMA", 9),
        (240, 110, "7B", 9),
        (300, 110, "13B", 9),
        (380, 94, "OPT", 9),
        (380, 110, "6.7B", 9),
        (440, 110, "13B", 9),
        (110, 125, "RTN", 9),
        (240, 125, "6.29", 9),
        (300, 125, "5.53", 9),
        (380, 125, "12.10", 9),
        (440, 125, "11.32", 9),
        (110, 137, "GPTQ", 9),
        (240, 137, "6.13", 9),
        (300, 137, "5.40", 9),
        (380, 137, "11.39", 9),
        (440, 137, "10.31", 9),
        (200, 160, "Table 4: Perplexity with a spanning header.", 10),
    ]
    # toprule, cmidrules under LLaMA / OPT, midrule, bottomrule
    rules: list[Rule] = [
        (105, 470, 84),
        (235, 320, 98),
        (375, 465, 98),
        (105, 470, 120),
        (105, 470, 143),
    ]
    return make_pdf(texts, rules)


def texts_of(t: Table) -> list[list[str]]:
    return [[c.text for c in r] for r in t.rows]


# --------------------------------------------------------------------------- grid builder


def test_simple_booktabs_table() -> None:
    [t] = read_pdf_tables(pdf_doc(simple_table_pdf()))
    assert t.caption == "Table 1: Toy results on two benchmarks."
    assert t.index == 0
    assert t.page == 1
    assert t.header_rows == 1
    assert texts_of(t) == [
        ["Model", "MMLU", "GSM8K"],
        ["Alpha-7B", "61.2", "40.5"],
        ["Beta-13B", "58.0", "35.1"],
        ["Gamma", "-12.5", "n/a"],
    ]
    minus = t.rows[3][1]
    assert minus.raw == "\u221212.5"
    assert minus.page == 1
    assert minus.bbox is not None
    x0, top, x1, bottom = minus.bbox
    assert 249 <= x0 < x1 <= 290 and 160 < top < bottom < 175


def test_spanning_header_repeated_over_columns_caption_below() -> None:
    [t] = read_pdf_tables(pdf_doc(spanning_table_pdf()))
    assert t.index == 3
    assert "caption below table" in t.notes
    assert t.header_rows == 2
    top = t.rows[0]
    assert [c.text for c in top] == ["", "LLaMA", "LLaMA", "OPT", "OPT"]
    assert [c.spanned for c in top[1:]] == [False, True, False, True]
    assert texts_of(t)[1] == ["Method", "7B", "13B", "6.7B", "13B"]
    assert texts_of(t)[2:] == [
        ["RTN", "6.29", "5.53", "12.10", "11.32"],
        ["GPTQ", "6.13", "5.40", "11.39", "10.31"],
    ]


def test_page_without_caption_yields_nothing() -> None:
    texts: list[Text] = [
        (110, 130, "Model", 9),
        (250, 130, "Score", 9),
        (110, 145, "A", 9),
        (250, 145, "1.0", 9),
        (110, 157, "B", 9),
        (250, 157, "2.0", 9),
    ]
    assert read_pdf_tables(pdf_doc(make_pdf(texts))) == []


def test_normalize_text() -> None:
    assert normalize_text("ﬁne \ufb02ow  \u22121.5") == "fine flow -1.5"


def test_registered_for_pdf() -> None:
    names = [r.name for r in for_content_type("application/pdf")]
    assert "pdf" in names


# --------------------------------------------------------------------------- bad input


def test_not_a_pdf() -> None:
    with pytest.raises(DocumentError, match=r"test://tiny.pdf.*not a PDF"):
        read_pdf_tables(pdf_doc(b"<html><body>Not found</body></html>"))


def test_empty_bytes() -> None:
    with pytest.raises(DocumentError, match="empty"):
        read_pdf_tables(pdf_doc(b""))


def test_truncated_tiny_pdf() -> None:
    data = simple_table_pdf()
    with pytest.raises(DocumentError, match="truncated"):
        read_pdf_tables(pdf_doc(data[: len(data) // 2]))


def test_garbage_after_header() -> None:
    data = b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    with pytest.raises(DocumentError, match=r"test://tiny\.pdf"):
        read_pdf_tables(pdf_doc(data))


def test_image_only_pdf_has_no_text_layer() -> None:
    data = make_pdf([], [(100, 500, 300)])
    with pytest.raises(DocumentError, match="no text layer"):
        read_pdf_tables(pdf_doc(data))


def test_encrypted_pdf() -> None:
    data = make_pdf([(100, 100, "Table 1: secret", 10)], encrypt=True)
    with pytest.raises(DocumentError, match="encrypted"):
        read_pdf_tables(pdf_doc(data))


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_limits, "MAX_PDF_BYTES", 100)
    with pytest.raises(DocumentError, match="too large"):
        read_pdf_tables(pdf_doc(simple_table_pdf()))


# --------------------------------------------------------------------------- corpus


def corpus_doc(corpus: Path, doc_id: str) -> DocumentInput:
    from tests.conftest import corpus_manifest

    e = corpus_manifest(corpus)[doc_id]
    return DocumentInput(
        data=(corpus / e["path"]).read_bytes(),
        content_type=e["content_type"],
        url=e["url"],
        sha256=e["sha256"],
        source_id=doc_id,
    )


def by_index(tables: list[Table], index: int) -> Table:
    [t] = [t for t in tables if t.index == index]
    return t


def test_gptq_wikitext2_tables(corpus: Path) -> None:
    tables = read_pdf_tables(corpus_doc(corpus, "gptq"))
    assert {t.index for t in tables} >= set(range(22)) - {6}
    t3 = by_index(tables, 2)
    assert t3.page == 7
    assert t3.caption.startswith("Table 3: OPT perplexity results on WikiText2")
    assert texts_of(t3)[0] == [
        "OPT",
        "Bits",
        "125M",
        "350M",
        "1.3B",
        "2.7B",
        "6.7B",
        "13B",
        "30B",
        "66B",
        "175B",
    ]
    assert texts_of(t3)[2] == [
        "RTN",
        "4",
        "37.28",
        "25.94",
        "48.17",
        "16.92",
        "12.10",
        "11.32",
        "10.98",
        "110",
        "10.54",
    ]
    gptq4 = t3.rows[3]
    assert [c.text for c in gptq4] == [
        "GPTQ",
        "4",
        "31.12",
        "24.24",
        "15.47",
        "12.87",
        "11.39",
        "10.31",
        "9.63",
        "9.55",
        "8.37",
    ]
    assert gptq4[10].emphasis  # bold best value
    assert not gptq4[0].emphasis
    assert gptq4[10].page == 7 and gptq4[10].bbox is not None
    t4 = by_index(tables, 3)
    assert texts_of(t4)[-1] == ["GPTQ", "3", "32.31", "25.08", "21.11", "17.40", "13.47", "8.64"]
    # Table 5: OPT-175B / BLOOM-176B spanning headers over four dataset columns each
    t5 = by_index(tables, 4)
    assert t5.header_rows == 2
    assert [c.text for c in t5.rows[0]] == ["", ""] + ["OPT-175B"] * 4 + ["BLOOM-176B"] * 4
    assert [c.text for c in t5.rows[1]][:4] == ["Method", "Bits", "Wiki2", "PTB"]
    assert [c.text for c in t5.rows[-1]][:3] == ["GPTQ", "3/g128", "8.45"]


def test_awq_tables_with_multirow_labels(corpus: Path) -> None:
    tables = read_pdf_tables(corpus_doc(corpus, "awq"))
    assert sorted(t.index for t in tables) == list(range(9))
    t4 = by_index(tables, 3)
    assert t4.page == 6
    assert t4.header_rows == 2
    head = [c.text for c in t4.rows[0]]
    assert head[2:6] == ["MMLU (5-shot) average ↑"] * 4
    assert [c.text for c in t4.rows[1]][2:6] == ["7B", "13B", "30B", "65B"]
    rows = texts_of(t4)
    assert rows[-1][:4] == ["INT3 g128", "AWQ", "35.43%", "41.84%"]
    assert rows[-3][:3] == ["INT3 g128", "RTN", "33.43%"]
    assert t4.rows[-1][0].spanned and not t4.rows[-3][0].spanned
    t5 = by_index(tables, 4)
    assert texts_of(t5)[-1] == [
        "INT4 g128",
        "AWQ",
        "33.96",
        "16.85",
        "14.61",
        "12.44",
        "11.60",
        "10.75",
        "10.16",
    ]


def test_two_column_acl_paper(corpus: Path) -> None:
    tables = read_pdf_tables(corpus_doc(corpus, "decoquant-kv-quantization"))
    t2 = by_index(tables, 1)
    assert t2.page == 6
    rows = texts_of(t2)
    assert rows[0][:4] == ["Setting", "Exp", "#Bits", "Size (MB)"]
    assert [
        "weights & activations",
        "DecoQuant",
        "4-4",
        "11.7",
        "88.4",
        "88.5",
        "70.8",
        "79.1",
        "81.7",
    ] in rows


def test_bar_chart_pages_yield_nothing(corpus: Path) -> None:
    # Qwen report: vector bar charts on pages 5-6 (find_tables() reports glyph soup there)
    tables = read_pdf_tables(corpus_doc(corpus, "qwen-technical-report"))
    assert not [t for t in tables if t.page in (5, 6)]
    t2 = by_index(tables, 1)
    assert t2.page == 8
    assert texts_of(t2)[0][:4] == ["Model", "Params", "MMLU", "C-Eval"]
    for t in tables:
        assert all("(cid:" not in c.text for r in t.rows for c in r)


def test_truncated_corpus_pdf(corpus: Path) -> None:
    doc = corpus_doc(corpus, "gptq")
    half = DocumentInput(doc.data[: len(doc.data) // 2], doc.content_type, doc.url, doc.sha256)
    with pytest.raises(DocumentError, match=r"arxiv.org/pdf/2210.17323v2.*truncated"):
        read_pdf_tables(half)
