"""`benchtable audit`: the cited line of a text document, the cited page's lines around a PDF
cell, for the shown value and every other candidate; clear errors for bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchtable.reports.audit import audit_cell, audit_text, clip
from benchtable.reports.config import ColumnSpec, RowSpec
from benchtable.reports.select import choose_cell
from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import Citation, Locator, Protocol, Scale, ScoreRecord
from tests.conftest import CLI, MINI_REPORT
from tests.test_pdf_tables import simple_table_pdf

COLUMN = ColumnSpec(id="mmlu", label="MMLU (5-shot)", benchmark="mmlu", protocol=Protocol(n_shot=5))
ROW = RowSpec(id="b", label="Beta-13B", model="beta-13b")


def pdf_record(raw: str, **locator: Any) -> ScoreRecord:
    return ScoreRecord(
        source_id="paper",
        model="beta-13b",
        model_label="Beta-13B",
        benchmark="mmlu",
        benchmark_label="MMLU",
        value=float(raw),
        raw=raw,
        scale=Scale.PERCENT,
        citation=Citation(
            url="https://example.org/p.pdf", sha256="b" * 64, locator=Locator(page=1, **locator), quote="q"
        ),
    )


def audit_pdf(record: ScoreRecord, context: int = 1) -> str:
    choice = choose_cell(
        ROW, COLUMN, [record], {"paper": SourceMeta("paper", "paper_pdf")}, Scale.PERCENT, ["mmlu"]
    )
    data = simple_table_pdf()
    return audit_text(choice, audit_cell(choice, lambda sha: data, context))


def test_pdf_cell_shows_the_line_its_bbox_sits_on_and_the_text_in_the_box() -> None:
    text = audit_pdf(pdf_record("58.0", bbox=(248.0, 150.0, 272.0, 162.0)))
    assert "> 4 | Beta-13B 58.0 35.1" in text
    assert "  3 | Alpha-7B 61.2 40.5" in text and "  5 | Gamma" in text
    assert "text in the cell's box: '58.0'" in text


def test_pdf_cell_without_bbox_is_found_by_its_raw_text_on_the_page() -> None:
    text = audit_pdf(pdf_record("40.5"), context=0)
    assert "> 3 | Alpha-7B 61.2 40.5" in text and "Beta-13B 58.0" not in text


def test_pdf_page_outside_the_document_is_said() -> None:
    record = pdf_record("58.0")
    citation = record.citation.model_copy(update={"locator": Locator(page=9)})
    record = record.model_copy(update={"citation": citation})
    assert "cannot show: page 9 is outside the document (1 pages)" in audit_pdf(record)


def test_a_long_cited_line_is_cut_around_the_raw_text() -> None:
    line = "<td>x</td>" * 100 + "<td>58.2</td>" + "<td>y</td>" * 100
    shown = clip(line, "58.2", width=40)
    assert len(shown) == 42 and "58.2" in shown and shown.startswith("…") and shown.endswith("…")
    assert clip("short 58.2", "58.2") == "short 58.2"
    assert clip("a" * 50, "", width=10) == "a" * 10 + "…"


def test_audit_prints_the_cited_line_of_the_shown_value_and_every_candidate(cli: CLI, mini_db: Path) -> None:
    result = cli(
        "--db", mini_db, "audit", "toy-bf16", "MMLU (5-shot)", "--config", MINI_REPORT, "--context", "1"
    )
    assert result.code == 0, result.err
    shown, other = result.out.split("\n\n")[1:3]
    assert shown.startswith("1. [shown] 58.2") and "> 33 | | Toy-7B-Chat (BF16) | **58.2** |" in shown
    assert "  32 | |---|" in shown and "  34 | | Toy-7B-Chat (Int4) |" in shown and "  31 |" not in shown
    assert other.startswith("2. [other] 58 ") and "> 22 | | MMLU | 58.0 | 60.2 |" in other


def test_audit_unknown_row_or_column_is_a_usage_error(cli: CLI, mini_db: Path) -> None:
    row = cli("--db", mini_db, "audit", "toy", "mmlu", "--config", MINI_REPORT)
    assert row.code == 2 and "no row 'toy'" in row.err and "toy-bf16" in row.err
    column = cli("--db", mini_db, "audit", "toy-bf16", "mmlx", "--config", MINI_REPORT)
    assert column.code == 2 and "no column 'mmlx'" in column.err


def test_audit_document_missing_from_the_blob_store_is_an_error(cli: CLI, mini_db: Path) -> None:
    blobs = mini_db.with_name(mini_db.name + ".blobs")
    for path in blobs.rglob("*"):
        if path.is_file():
            path.unlink()
    result = cli("--db", mini_db, "audit", "toy-bf16", "mmlu", "--config", MINI_REPORT)
    assert result.code == 1
    assert "cannot show: document is not in the blob store" in result.out
    assert "not in the blob store" in result.err and str(blobs) in result.err
