"""parse_cell: the values a table cell holds, [] for a gap, None for a cell that is not a score."""

from __future__ import annotations

import pytest

from benchtable.extract.values import CellValue, clean_text, looks_numeric, parse_cell


def values(text: str) -> list[float] | None:
    parsed = parse_cell(text)
    return None if parsed is None else [v.value for v in parsed]


def test_plain_number_is_one_value() -> None:
    assert parse_cell("56.7") == [CellValue(56.7)]


def test_integer_value() -> None:
    assert values("100") == [100.0]


@pytest.mark.parametrize(
    "cell",
    [
        "**86.4**",
        "*86.4*",
        "_86.4_",
        "__86.4__",
        "<b>86.4</b>",
        "<strong>86.4</strong>",
        "<u>86.4</u>",
        "`86.4`",
        "[86.4](https://example.org/results)",
        "~~86.4~~",
    ],
)
def test_markup_around_a_number_is_removed(cell: str) -> None:
    assert values(cell) == [86.4]


@pytest.mark.parametrize("cell", ["35.2*", "35.2†", "35.2‡", "35.2§", "*35.2", "35.2<sup>a</sup>", "35.2 †"])
def test_footnote_marks_are_not_part_of_the_value(cell: str) -> None:
    assert values(cell) == [35.2]


def test_link_whose_url_has_digits_after_a_slash() -> None:
    assert values("[86.4](https://arxiv.org/abs/2307.09288)") == [86.4]


def test_bold_number_with_footnote_mark() -> None:
    assert values("**71.3**†") == [71.3]


def test_percent_sign_is_kept_as_a_flag() -> None:
    (v,) = parse_cell("92.91%") or []
    assert v.value == 92.91
    assert v.percent_sign is True


def test_no_percent_sign_flag_without_percent() -> None:
    (v,) = parse_cell("92.91") or []
    assert v.percent_sign is False


@pytest.mark.parametrize(
    "cell",
    [
        "56.3 ± 0.4",
        "56.3±0.4",
        "56.3 +/- 0.4",
        "56.3 (±0.3)",
        "56.3 (0.3)",
        "56.3 [54.1, 57.0]",
        "56.3% ± 0.4%",
    ],
)
def test_error_bars_and_intervals_keep_the_main_value(cell: str) -> None:
    assert values(cell) == [56.3]


@pytest.mark.parametrize("cell", ["54.2 / 60.1", "54.2/60.1", "54.2<br>60.1", "54.2<br/>60.1"])
def test_two_values_in_one_cell(cell: str) -> None:
    assert values(cell) == [54.2, 60.1]


@pytest.mark.parametrize("cell", ["-", "--", "—", "–", "N/A", "n/a", "NA", "", "   ", "**-**", "-*"])
def test_gap_is_an_empty_list(cell: str) -> None:
    assert parse_cell(cell) == []


def test_out_of_memory_is_a_gap() -> None:
    assert parse_cell("OOM") == []


def test_one_side_of_a_pair_missing_keeps_the_other() -> None:
    assert values("54.2 / -") == [54.2]


def test_greater_than_bound_is_flagged() -> None:
    (v,) = parse_cell(">80GiB") or []
    assert v.value == 80.0
    assert v.bound == ">"
    assert v.unit == "gib"


def test_less_than_bound_is_flagged() -> None:
    (v,) = parse_cell("<1.0") or []
    assert v.value == 1.0
    assert v.bound == "<"


def test_unicode_bounds_become_ascii() -> None:
    assert [v.bound for v in parse_cell("≥ 90") or []] == [">"]
    assert [v.bound for v in parse_cell("≤ 2") or []] == ["<"]


def test_approximately_is_not_a_bound() -> None:
    (v,) = parse_cell("~70") or []
    assert v.value == 70.0
    assert v.bound is None


def test_plain_value_has_no_bound() -> None:
    assert [v.bound for v in parse_cell("70.1") or []] == [None]


def test_scientific_notation() -> None:
    assert values("1.3e3") == [1300.0]


def test_unicode_minus() -> None:
    assert values("−1.2") == [-1.2]


def test_ascii_minus() -> None:
    assert values("-1.2") == [-1.2]


def test_thousands_separator() -> None:
    assert values("1,234.5") == [1234.5]


@pytest.mark.parametrize("cell", ["17.66GB", "17.66 GB", "13940 MiB"])
def test_memory_units_are_kept(cell: str) -> None:
    (v,) = parse_cell(cell) or []
    assert v.unit in {"gb", "mib"}


def test_tokens_per_second_unit() -> None:
    (v,) = parse_cell("35.6 tok/s") or []
    assert (v.value, v.unit) == (35.6, "tok/s")


@pytest.mark.parametrize(
    "cell", ["7B", "13B", "2.0T", "4k", "4K", "2023-08-03", "Aug 2023", "Qwen-7B", "GPT-4", "yes", "✓"]
)
def test_not_a_score(cell: str) -> None:
    assert parse_cell(cell) is None


def test_slash_date_is_not_a_score() -> None:
    assert parse_cell("2023/08/03") is None


def test_looks_numeric_for_numbers_and_gaps_not_labels() -> None:
    assert looks_numeric("56.7")
    assert looks_numeric("-")
    assert not looks_numeric("LLaMA-7B")


def test_clean_text_strips_markup_links_and_entities() -> None:
    assert clean_text("**[Qwen-7B](https://hf.co/Qwen/Qwen-7B)**") == "Qwen-7B"
    assert clean_text("A&amp;B<br>C") == "A&B C"
    assert clean_text("<sup>1</sup>GPT-4") == "GPT-4"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1.1e5", 110000.0),
        ("2e4", 20000.0),
        ("2E4", 20000.0),
        ("1.1 × 10^5", 110000.0),
        ("2x10^{-3}", 0.002),
        ("1,234.5", 1234.5),
        ("10832.4", 10832.4),
        ("13545.8", 13545.8),
    ],
)
def test_numbers_as_published_scientific_and_above_1000(cell: str, value: float) -> None:
    [v] = parse_cell(cell) or []
    assert v.value == pytest.approx(value)


def test_a_four_digit_number_with_one_decimal_is_a_value_not_a_date() -> None:
    # training throughputs in words per second (`7945.1`, `1208.9`) read as `YYYY.M` dates
    for text, value in (("7945.1", 7945.1), ("1208.9", 1208.9), ("2754.4", 2754.4), ("3072.0", 3072.0)):
        assert parse_cell(text) == [CellValue(value)], text
    for text in ("2023-05", "2023.05", "2023/5/12", "12/05/2023", "2024-11-20"):
        assert parse_cell(text) is None, text
