"""Text classes of batch 8 (issue 11): sizes on disk read as scores, a benchmark's own average
under its heading, and spec-sheet columns of memory in CJK headers.

Hand-written snippets in the shapes of READMEs; each test failed on main (4850ed6) before the
rule it checks.
"""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import ScoreRecord

SHA = "8" * 64
URL = "https://example.org/model/README.md"


def records(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", URL, SHA, source_id="t")
    return extract_document(doc)


FILE_SIZES = """\
### Disk requirements

| Model | Original size | Quantized size (4-bit) |
|------:|--------------:|-----------------------:|
| LLaMA 7B |         13 GB |                 3.9 GB |
| LLaMA 13B |         24 GB |                 7.8 GB |
"""


def test_original_and_quantized_file_sizes_are_not_scores() -> None:
    assert records(FILE_SIZES) == []
