"""The PDF reader's geometry on small hand-written word layouts (no PDF, no corpus).

Each layout is a list of words with x0, x1, top, bottom and a font size, as pdfplumber
gives them; rules are (x0, x1, y).
"""

from __future__ import annotations

from collections.abc import Sequence

from benchtable.extract.readers.pdf.captions import Caption
from benchtable.extract.readers.pdf.grid import build_tables
from benchtable.extract.readers.pdf.regions import PageLayout, Region, find_region
from benchtable.extract.readers.pdf.settings import DEFAULT_SETTINGS as S
from benchtable.extract.readers.pdf.words import Rule, Word, cluster_rows, is_numeric
from benchtable.extract.table import Table

Line = Sequence[tuple[float, str]]  # (x0, text) of each word on one line


def word(text: str, x0: float, top: float, size: float = 9.0) -> Word:
    return Word(text, x0, x0 + 0.5 * size * len(text), top, top + size, size, False)


def layout(lines: Sequence[tuple[float, Line]], size: float = 9.0) -> list[Word]:
    return [word(t, x, top, size) for top, line in lines for x, t in line]


def region_of(words: Sequence[Word], rules: Sequence[Rule] = ()) -> Region:
    cap = Caption("1", "Table 1: toy", 100, 300, 40, 50, 10)
    return Region(
        cap,
        min(w.x0 for w in words),
        max(w.x1 for w in words),
        min(w.top for w in words),
        max(w.bottom for w in words),
        list(rules),
    )


def texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r] for r in t.rows]


def test_a_repeated_header_row_starts_a_second_table() -> None:
    cols = (100, 200, 260)
    words = layout(
        [
            (100, [(cols[0], "Models"), (cols[1], "BERT-base"), (cols[2], "GPT2-base")]),
            (112, [(cols[0], "FP32"), (cols[1], "84.20"), (cols[2], "19.31")]),
            (124, [(cols[0], "W4A4"), (cols[1], "84.31"), (cols[2], "22.17")]),
            (136, [(cols[0], "Models"), (cols[1], "BERT-large"), (cols[2], "GPT2-medium")]),
            (148, [(cols[0], "FP32"), (cols[1], "86.65"), (cols[2], "15.92")]),
            (160, [(cols[0], "W4A4"), (cols[1], "86.25"), (cols[2], "17.69")]),
        ]
    )
    first, second = build_tables(region_of(words), words, 1, S)
    assert texts(first) == [
        ["Models", "BERT-base", "GPT2-base"],
        ["FP32", "84.20", "19.31"],
        ["W4A4", "84.31", "22.17"],
    ]
    assert texts(second)[0] == ["Models", "BERT-large", "GPT2-medium"]
    assert first.header_rows == second.header_rows == 1


def test_a_rule_between_row_blocks_is_not_the_midrule() -> None:
    # the midrule under the header stops short of the first column (a multi-row model label),
    # so the first full-width rule below the top rule sits under eight rows
    x = (100, 160, 220, 280)
    lines: list[tuple[float, Line]] = [(100, [(x[1], "Prompt"), (x[2], "MMLU"), (x[3], "GSM8K")])]
    for i in range(8):
        lines.append((112 + 12 * i, [(x[1], f"P{i}"), (x[2], f"5{i}.1"), (x[3], f"3{i}.2")]))
    lines.append((160, [(x[0], "GPT-3.5")]))
    words = layout(lines)
    rules = [Rule(95, 320, 98), Rule(155, 320, 110), Rule(95, 320, 208), Rule(95, 320, 210)]
    [t] = build_tables(region_of(words, rules), words, 1, S)
    assert t.header_rows == 1
    assert texts(t)[0] == ["", "Prompt", "MMLU", "GSM8K"]
    assert [r[0].text for r in t.rows[1:]] == ["GPT-3.5"] * 8


def test_a_label_set_mid_block_in_a_later_stub_column_covers_its_block() -> None:
    x = (100, 160, 220, 280)
    lines: list[tuple[float, Line]] = [
        (100, [(x[0], "Model"), (x[1], "Prompt"), (x[2], "PHP"), (x[3], "GSM8K")])
    ]
    top = 112.0
    for model in ("Alpha", "Beta"):
        lines.append((top, [(x[0], model), (x[2], "no"), (x[3], "15.1")]))
        lines.append((top + 12, [(x[1], "CoT"), (x[2], "yes"), (x[3], "16.0")]))
        lines.append((top + 24, [(x[2], "delta"), (x[3], "(+0.9)")]))
        top += 40
    words = layout(lines)
    rules = [Rule(95, 320, 98), Rule(95, 320, 110), Rule(155, 320, 148), Rule(95, 320, 190)]
    [t] = build_tables(region_of(words, rules), words, 1, S)
    prompts = [(r[1].text, r[1].spanned) for r in t.rows[1:]]
    assert prompts == [("CoT", True), ("CoT", False), ("CoT", True)] * 2


def test_a_subscript_between_two_words_keeps_one_cell() -> None:
    # `D_arena + D_judge` in the first column: the small subscripts bridge the words
    x = (100, 200, 260)
    small = 6.0
    words = layout([(100, [(x[0], "Data"), (x[1], "MMLU"), (x[2], "GSM8K")])])
    for top, label in ((112, "A"), (124, "B")):
        words += [word("D", x[0], top), word("sub", x[0] + 5, top + 4, small), word("+", x[0] + 15, top)]
        words += [word("D", x[0] + 21, top), word(label, x[0] + 26, top + 4, small)]
        words += [word("41.3", x[1], top), word("72.2", x[2], top)]
    [t] = build_tables(region_of(words), words, 1, S)
    assert t.width == 3
    assert [sorted(r[0].text.split()) for r in t.rows[1:]] == [
        sorted(["D", "sub", "+", "D", label]) for label in "AB"
    ]


def test_a_heading_above_the_top_rule_of_a_table_captioned_below_stays_out() -> None:
    x = (100, 200, 260)
    words = layout(
        [
            (80, [(x[0], "4.1"), (x[0] + 20, "Results")]),
            (100, [(x[0], "Method"), (x[1], "MMLU"), (x[2], "GSM8K")]),
            (112, [(x[0], "BERT"), (x[1], "49.4"), (x[2], "77.8")]),
            (124, [(x[0], "LLM"), (x[1], "48.8"), (x[2], "77.9")]),
        ]
    )
    rules = [Rule(95, 320, 97), Rule(95, 320, 110), Rule(95, 320, 135)]
    cap_words = layout(
        [(140, [(x[0], "Table"), (x[0] + 25, "1:"), (x[0] + 40, "MT"), (x[0] + 55, "Bench.")])], 10
    )
    cap = Caption("1", "Table 1: MT Bench.", 100, 200, 140, 150, 10, cap_words)
    rows = cluster_rows(words + cap_words, S)
    page = PageLayout(rows, rules, [cap], [], 612, False, 10.0)
    region = find_region(cap, page, S)
    assert region is not None
    assert region.top == 100


def test_numbers_as_published() -> None:
    for text in ("1.1e5", "2e4", "1.1E5", "NaN", "1,234.5", "10832.4", "-"):
        assert is_numeric(text), text
    assert not is_numeric("LLaMA-2")


def test_a_header_above_the_only_top_rule_of_a_table_captioned_below_stays_in() -> None:
    # no top rule: the rule under the header is the farthest rule from the caption
    x = (100, 200, 260)
    words = layout(
        [
            (100, [(x[0], "Model"), (x[1], "MMLU"), (x[2], "GSM8K")]),
            (112, [(x[0], "RoBERTa"), (x[1], "27.9"), (x[2], "28.8")]),
            (124, [(x[0], "GPT-2"), (x[1], "32.8"), (x[2], "33.3")]),
        ]
    )
    rules = [Rule(95, 320, 110), Rule(95, 320, 135)]
    cap_words = layout([(140, [(x[0], "Table"), (x[0] + 25, "1:"), (x[0] + 40, "Accuracy.")])], 10)
    cap = Caption("1", "Table 1: Accuracy.", 100, 200, 140, 150, 10, cap_words)
    page = PageLayout(cluster_rows(words + cap_words, S), rules, [cap], [], 612, False, 10.0)
    region = find_region(cap, page, S)
    assert region is not None
    assert region.top == 100


def test_captions_run_together_abbreviated_or_roman_are_found() -> None:
    from benchtable.extract.readers.pdf.captions import find_captions

    heads = [
        "Table3:Zero-shotandfew-shotlearning",
        "Table1 | Results",
        "Tab. 2: Results",
        "TABLE IV. Results",
    ]
    words = [word(h, 100, 100 + 40 * i, 10) for i, h in enumerate(heads)]
    captions, _ = find_captions(cluster_rows(words, S), [], S)
    assert [c.number for c in captions] == ["3", "1", "2", "IV"]


def _run_on(top: float, x0: float, texts: Sequence[str], gap: float = 3.0) -> list[Word]:
    """Words set one after another with a word space between them (a line of running text)."""
    out = []
    for t in texts:
        w = word(t, x0, top)
        out.append(w)
        x0 = w.x1 + gap
    return out


def test_a_score_row_set_like_running_text_does_not_end_the_table() -> None:
    # a row label in a second line of the stub, its scores with bracketed deltas: word
    # spaces only, nearly the table's width, yet mostly numbers, so no line of prose
    words = _run_on(100, 100, ["Model", "Prompting", "GSM8K", "SVAMP", "ASDiv", "AQuA"], gap=30)
    words += _run_on(112, 100, ["PaLM", "540B", "Standard", "17.9", "69.4", "72.1", "25.2"], gap=25)
    dense = ["(text-davinci-002)", "Chain", "of", "thought", "56.9", "(+39.0)", "79.0", "(+9.6)"]
    words += _run_on(124, 100, [*dense, "73.9", "(+1.8)", "35.8", "(+10.6)"])
    for i, top in enumerate((136, 148, 160)):
        words += _run_on(top, 100, [f"Model{i}", "Standard", "19.7", "69.9", "74.0", "29.5"], gap=30)
    rules = [Rule(95, 420, 97), Rule(95, 420, 110), Rule(95, 420, 172)]
    cap_words = layout([(80, [(100, "Table"), (125, "1:"), (140, "Accuracy.")])], 10)
    cap = Caption("1", "Table 1: Accuracy.", 100, 200, 80, 90, 10, cap_words)
    page = PageLayout(cluster_rows(words + cap_words, S), rules, [cap], [], 612, False, 9.0)
    region = find_region(cap, page, S)
    assert region is not None
    assert region.bottom == 169


def test_score_rows_whose_deviations_are_set_small_are_table_rows() -> None:
    # `21.5 ±0.6`: the ± and the deviation in a smaller font make most words of the row small
    words = layout([(88, [(100, "Prompting"), (200, "Commonsense"), (260, "reasoning")])])
    words += layout([(100, [(100, "Prompt"), (200, "Date"), (260, "Sports")])])
    for i, top in enumerate((112, 124, 136)):
        words += [word(f"S{i}", 100, top), word("21.5", 200, top), word("59.5", 260, top)]
        words += [word("±", 220, top, 6.0), word("0.6", 226, top, 6.0)]
        words += [word("±", 280, top, 6.0), word("3.0", 286, top, 6.0)]
    [t] = build_tables(region_of(words), words, 1, S)
    assert [r[0].text for r in t.rows[t.header_rows :]] == ["S0", "S1", "S2"]
    assert t.rows[t.header_rows][1].text.startswith("21.5")
