"""The header word lists of `schema/data/columns.toml` read by `extract/headers.py`: `[not_score]`
(headers naming a property of the model or the run never become scores) and `[protocol]` (chain of
thought, splits)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benchtable.extract.headers import is_not_score, names_a_property, parse_benchmark, parse_protocol
from benchtable.schema.column_words import NotScoreWords, column_words, not_score_patterns
from benchtable.schema.records import Protocol


def test_every_not_score_list_loads_and_holds_words() -> None:
    words = column_words().not_score
    for name, entries in words.model_dump().items():
        assert entries, f"[not_score] {name} is empty"
        assert all(e and e == e.strip() for e in entries), name
    assert "license" in words.names and "param" in words.prefixes and "delta" in words.suffixes


def test_phrases_are_literal_text_not_patterns() -> None:
    """`no.` is the header `No.` only, `size (gb)` the header `Size (GB)`: a phrase's `.` and
    brackets are characters, not regex syntax."""
    name = not_score_patterns().name
    assert name.match("No.") and not name.match("Nox")
    assert name.match("Size (GB)") and not name.match("Size GB")


@pytest.mark.parametrize(
    "header",
    [
        "Vocab size",  # model property, a whole-header phrase
        "#Params",  # model property, a whole-header pattern (optional `#`)
        "# of pretrained tokens",  # model property, a prefix
        "Output Price",  # run cost, a whole-header phrase
        "$/1M tokens",  # run cost, a pattern (any price in dollars)
        "GPU num (A100)",  # run cost, a prefix
        "Std. Err.",  # uncertainty, a whole-header phrase
        "MMLU std",  # uncertainty, a suffix after a space
        "GSM8K diff",  # comparison, a whole-word suffix
        "Model name",  # bookkeeping
        "Warmup steps",  # hyperparameter, whole words anywhere
        "learning_rate",  # hyperparameter, a pattern anywhere
    ],
)
def test_a_header_of_each_group_is_not_a_score(header: str) -> None:
    assert is_not_score(header)


@pytest.mark.parametrize("header", ["MMLU", "GSM8K (8-shot)", "Tokens/s", "Win Rate", "Speed"])
def test_a_benchmark_or_measure_header_is_a_score(header: str) -> None:
    """`Tokens/s` is a speed, not a count of tokens; `Win Rate` is a score, not a count of wins."""
    assert not is_not_score(header)


def test_a_property_row_label_is_not_a_model() -> None:
    assert names_a_property("Release date") and not names_a_property("Llama-2-7B")


def test_a_pattern_that_does_not_compile_is_refused_naming_it() -> None:
    lists = column_words().not_score.model_dump() | {"prefix_patterns": ["(unclosed"]}
    with pytest.raises(ValidationError, match=r"bad pattern '\(unclosed'"):
        NotScoreWords.model_validate(lists)


def test_every_protocol_list_loads() -> None:
    words = column_words().protocol
    assert words.cot and words.no_cot and words.trailing_qualifiers
    assert words.splits["validation"] == "val" and words.splits["test"] == "test"


@pytest.mark.parametrize(
    ("text", "protocol"),
    [
        ("GSM8K (chain-of-thought)", Protocol(cot=True)),
        ("BBH direct", Protocol(cot=False)),
        ("MATH (no-CoT)", Protocol(cot=False)),  # the negation wins over the word it contains
        ("MMLU (valid)", Protocol(split="val")),
        ("Dev", Protocol(split="dev")),
        ("Directly", Protocol()),  # whole words only
    ],
)
def test_protocol_words_of_a_header(text: str, protocol: Protocol) -> None:
    assert parse_protocol(text) == protocol


def test_a_trailing_split_is_dropped_from_the_name() -> None:
    assert parse_benchmark("MMLU_test").benchmark_id == "mmlu"


def test_a_blank_phrase_is_refused() -> None:
    """A blank phrase would make every header a property."""
    lists = column_words().not_score.model_dump() | {"names": ["license", " "]}
    with pytest.raises(ValidationError, match="no blank phrase"):
        NotScoreWords.model_validate(lists)
