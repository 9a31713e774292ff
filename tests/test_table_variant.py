"""One reading of a table's variant (`naming.table_variant`) for both interpretations: the
header-facts reading (models across the header) and the label reading (models down the rows)
read the heading, the caption and a short lead-in alike; a caption or lead-in names a variant
only where the vocabulary knows one, a heading names it for every model below."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.naming import TableVariant, table_variant


def models(text: str) -> set[str]:
    doc = DocumentInput(text.encode(), "text/markdown", "https://example.org/t.md", "0" * 64)
    return {r.model for r in extract_document(doc)}


CAPTIONED_TABLE_OF_CHAT_MODELS = """\
# Results

Table 2: Five-shot results of the chat models.

| Benchmark | Llama 2 7B | Llama 2 70B |
|---|---|---|
| MMLU (5-shot) | 34.1 | 52.9 |
"""

UNKNOWN_MODELS_UNDER_A_CHAT_LEAD_IN = """\
# Results

Chat models:

| Model | MT-Bench |
|---|---|
| Vicuna 13B | 6.57 |
| Alpaca 13B | 4.53 |
"""

UNKNOWN_MODELS_UNDER_A_CHAT_HEADING = """\
### Chat models

| Model | MT-Bench |
|---|---|
| Toy 13B | 6.57 |
"""


def test_a_caption_names_the_variant_in_the_header_facts_reading() -> None:
    assert models(CAPTIONED_TABLE_OF_CHAT_MODELS) == {"llama-2-7b-chat", "llama-2-70b-chat"}


def test_a_chat_lead_in_does_not_invent_chat_variants_of_unknown_models() -> None:
    assert models(UNKNOWN_MODELS_UNDER_A_CHAT_LEAD_IN) == {"vicuna-13b", "alpaca-13b"}


def test_a_chat_heading_still_names_the_variant_of_every_model_below() -> None:
    assert models(UNKNOWN_MODELS_UNDER_A_CHAT_HEADING) == {"toy-13b-chat"}


def test_the_heading_comes_first_then_the_caption_then_a_short_lead_in() -> None:
    assert table_variant("Instruct models", "Chat models", "") == TableVariant("instruct", True)
    assert table_variant("Results", "Comparison of chat models", "") == TableVariant("chat", False)
    long_prose = "We compare our model with chat models trained by others on the same data."
    assert table_variant("Results", "", long_prose) is None
