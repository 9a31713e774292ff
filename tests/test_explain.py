"""`benchtable extract --explain`: each table as read, its column roles, skipped cells and records.

The skips come from the interpreter (being rewritten to report them), so the library tests pass a
small fake interpreter; the CLI tests run the real one.
"""

from __future__ import annotations

from pathlib import Path

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.explain import DocumentExplanation, explain_document
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Table
from benchtable.schema.records import ScoreRecord
from tests.conftest import CLI, MINI_CORPUS

CARD = MINI_CORPUS / "documents" / "toy-card.md"
SHA = "d" * 64
TWO_TABLES = """\
# Results

Scores below are 5-shot.

| Model | Size | MMLU | GSM8K | Notes |
|---|---|---|---|---|
| Acme | 7B | 61.2 | n/a | base |
| Acme | 13B | 66.0 | 48.1 | chat |

## Speed

| Model | bits | tokens/s |
|---|---|---|
| Acme-7B | 4 | 31.5 |
"""


def _doc(text: str) -> DocumentInput:
    return DocumentInput(text.encode(), "text/markdown", "https://example.org/acme.md", SHA)


def _fake_interpreter(table: Table, doc: DocumentInput) -> list[ScoreRecord]:
    """Drops the `n/a` cell of the first table, as the real interpreter reports a gap, and gives nothing."""
    if table.index == 0:
        skip(table, 1, 3, SkipReason.NOT_A_NUMBER, "n/a")
    return []


def test_each_table_is_explained_with_its_grid_context_and_column_roles() -> None:
    explained = explain_document(_doc(TWO_TABLES), interpreter=_fake_interpreter)
    assert explained.table_count == 2
    first, second = explained.tables
    assert (first.number, first.locator, first.table.header_rows) == (1, "line 5", 1)
    assert first.table.heading == "Results"
    assert "5-shot" in first.table.context
    assert [c.text for c in first.table.rows[1]] == ["Acme", "7B", "61.2", "n/a", "base"]
    assert [(c.header, c.role) for c in first.columns] == [
        ("Model", "model label"),
        ("Size", "model label"),
        ("MMLU", "value"),
        ("GSM8K", "value"),
        ("Notes", "label"),
    ]
    assert [(c.header, c.role) for c in second.columns] == [
        ("Model", "model label"),
        ("bits", "bits"),
        ("tokens/s", "value"),
    ]


def test_the_skips_the_interpreter_reports_are_kept_with_their_table() -> None:
    first, second = explain_document(_doc(TWO_TABLES), interpreter=_fake_interpreter).tables
    assert [(s.row, s.column, s.text, s.reason, s.detail) for s in first.skips] == [
        (1, 3, "n/a", SkipReason.NOT_A_NUMBER, "n/a")
    ]
    assert second.skips == []


def test_only_narrows_to_one_table_and_a_missing_number_gives_none() -> None:
    only = explain_document(_doc(TWO_TABLES), only=2, interpreter=_fake_interpreter)
    assert [t.number for t in only.tables] == [2]
    assert only.table_count == 2
    assert explain_document(_doc(TWO_TABLES), only=3, interpreter=_fake_interpreter).tables == []


def test_with_the_real_interpreter_the_records_are_those_extraction_gives() -> None:
    doc = DocumentInput(CARD.read_bytes(), "text/markdown", "https://example.org/card.md", SHA)
    explained = explain_document(doc)
    from_tables = [r for t in explained.tables for r in t.records]
    assert from_tables and explained.other_records  # the pipe table and the model-index YAML
    ids = {r.record_id() for r in from_tables + explained.other_records}
    assert ids == {r.record_id() for r in extract_document(doc)}


def test_cli_explain_prints_tables_roles_and_records(cli: CLI) -> None:
    result = cli("extract", CARD, "--explain")
    assert result.code == 0, result.err
    out = result.out
    assert "table 1 of 1 (line 31)" in out
    assert "heading: Evaluation" in out
    assert "H 1 | Model" in out
    assert 'col 2 "MMLU (5-shot)": value' in out
    assert "toy-7b-chat (Toy-7B-Chat (BF16)) | BF16 | mmlu | 5-shot | 58.2" in out
    assert "line 33, table 1, row 2, col 2" in out
    assert "records read from no table (1):" in out  # the model-index YAML
    assert "{" not in out  # text, not JSON Lines


def test_cli_explain_prints_skips_with_their_reason() -> None:
    from benchtable.commands.explain_text import explanation_lines

    explained: DocumentExplanation = explain_document(_doc(TWO_TABLES), interpreter=_fake_interpreter)
    lines = explanation_lines(explained, cell_width=20)
    assert "  skipped cells (1):" in lines
    assert f'    row 2, col 4 "n/a": {SkipReason.NOT_A_NUMBER} (n/a)' in lines


def test_cli_explain_cuts_cells_to_the_width_and_strips_control_characters(cli: CLI, tmp_path: Path) -> None:
    card = tmp_path / "card.md"
    card.write_text(
        "| Model | MMLU |\n|---|---|\n| Acme-7B-Instruct-\x1b]0;pwned\x07Extended-Edition | 61.2 |\n"
    )
    result = cli("extract", card, "--explain", "--width", "10")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "(Acme-7B-Instruct-Extended-Edition)" in result.out
    assert "| Acme-7B-I… | 61.2" in result.out


def test_cli_explain_table_narrows_and_a_missing_table_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    doc = tmp_path / "acme.md"
    doc.write_text(TWO_TABLES)
    narrowed = cli("extract", doc, "--explain", "--table", "2")
    assert narrowed.code == 0, narrowed.err
    assert "table 2 of 2" in narrowed.out and "table 1 of 2" not in narrowed.out
    missing = cli("extract", doc, "--explain", "--table", "3")
    assert missing.code == 2
    assert missing.err.strip() == f"benchtable: error: --table 3: {doc} has tables 1-2"


def test_table_and_width_without_explain_are_usage_errors(cli: CLI) -> None:
    result = cli("extract", CARD, "--table", "1")
    assert result.code == 2
    assert "--table and --width go with --explain" in result.err


def test_cli_explain_of_a_document_that_is_not_what_its_type_says_fails_with_one_line(
    cli: CLI, tmp_path: Path
) -> None:
    doc = tmp_path / "card.md"
    doc.write_bytes(b"\x00\x01binary" * 100)
    result = cli("extract", doc, "--explain")
    assert result.code == 1
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith(f"benchtable: error: {doc}: not text")
