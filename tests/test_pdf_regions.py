"""Where a caption's table starts and ends on the page (small hand-written word layouts)."""

from __future__ import annotations

from benchtable.extract.readers.pdf.captions import Caption
from benchtable.extract.readers.pdf.regions import PageLayout, find_region
from benchtable.extract.readers.pdf.settings import DEFAULT_SETTINGS as S
from benchtable.extract.readers.pdf.words import Rule, Word, cluster_rows


def word(text: str, x0: float, top: float, size: float = 10.0) -> Word:
    return Word(text, x0, x0 + 0.5 * size * len(text), top, top + size, size, False)


def _caption_above(top: float) -> tuple[Caption, list[Word]]:
    cap_words = [word("Table", 100, top), word("7:", 130, top), word("Perplexity.", 145, top)]
    return Caption("7", "Table 7: Perplexity.", 100, 200, top, top + 10, 10, cap_words), cap_words


def test_a_short_rule_under_a_spanning_header_does_not_end_the_table() -> None:
    # caption, spanner cell over two columns with its short underline, then the frame rules
    cap, cap_words = _caption_above(100)
    words = [word("Is", 240, 122), word("8-bit", 252, 122)]
    words += [word(t, x, 138) for x, t in ((200, "Params"), (240, "FFN"), (280, "Linear"), (330, "PPL"))]
    body_tops = (154, 166, 178, 194, 206)
    for i, top in enumerate(body_tops):
        words += [
            word("209M" if i < 3 else "1.1B", 200, top),
            word(f"{i}%", 280, top),
            word("16.7", 330, top),
        ]
    rules = [Rule(235, 310, 135), Rule(195, 360, 151), Rule(195, 360, 190), Rule(195, 360, 220)]
    page = PageLayout(cluster_rows(words + cap_words, S), rules, [cap], [], 612, False, 10.0)
    region = find_region(cap, page, S)
    assert region is not None
    assert region.top <= 138  # the header row over the first frame rule is kept
    assert region.bottom == 216  # every body row, past the frame rules, is in


def _rows_at(top: float, cells: list[tuple[float, str]], size: float = 7.0) -> list[Word]:
    return [word(t, x, top, size) for x, t in cells]


def test_a_caption_between_two_tables_takes_the_table_not_already_read() -> None:
    # Table 3 captioned above its table; Table 4's caption sits between that table and its own,
    # the rule above it (Table 3's bottom rule) nearer than the rule below
    from benchtable.extract.readers.pdf.captions import find_captions

    words = _rows_at(70, [(72, "Table"), (100, "3:"), (115, "Accuracy.")], 10)
    for top, label in ((107, "Precision"), (119, "W16A16"), (131, "W8A8"), (143, "W4A8")):
        words += _rows_at(top, [(78, label), (200, "63.35"), (260, "86.65")])
    words += _rows_at(170, [(72, "Table"), (100, "4:"), (115, "Zero-shot.")], 10)
    for top, label in ((197, "Precision"), (209, "W16A16"), (221, "W8A8")):
        words += _rows_at(top, [(78, label), (200, "49.3"), (260, "66.3")])
    rules = [Rule(74, 537, y) for y in (106, 117, 154, 194, 206, 232)]
    rows = cluster_rows(words, S)
    captions, _ = find_captions(rows, rules, S)
    page = PageLayout(rows, rules, captions, [], 612, False, 10.0)
    first = find_region(captions[0], page, S)
    assert first is not None
    second = find_region(captions[1], page, S, [first])
    assert second is not None
    assert (first.top, second.top) == (107, 197)


def test_two_captions_set_side_by_side_on_one_line_are_two_captions() -> None:
    from benchtable.extract.readers.pdf.captions import find_captions

    words: list[Word] = []
    x = 72.0
    for t in ["Table", "7:", "Results", "of", "GPT-J", "6B", "Table", "8:", "Results", "of", "GPT-NeoX"]:
        words.append(word(t, x, 70))
        x = words[-1].x1 + 3.0  # word spaces only, the second caption starting mid-page
    words += _rows_at(200, [(72, "body"), (2 * words[6].x0 - 72 - 20, "text")], 10)  # the margins
    captions, _ = find_captions(cluster_rows(words, S), [], S)
    assert [(c.number, c.text) for c in captions] == [
        ("7", "Table 7: Results of GPT-J 6B"),
        ("8", "Table 8: Results of GPT-NeoX"),
    ]


def _prose(top: float, text: str, x0: float = 108.0) -> list[Word]:
    out: list[Word] = []
    for t in text.split():
        out.append(word(t, x0, top))
        x0 = out[-1].x1 + 3.0
    return out


def test_a_table_reference_starting_a_line_of_prose_is_no_caption() -> None:
    from benchtable.extract.readers.pdf.captions import find_captions

    words = _prose(106, "results with previous methods on different datasets, listed in")
    words += _prose(117, "Table 3. On every dataset our method outperforms the previous best.")
    words += _prose(300, "Table 4: Accuracy on six benchmarks.")
    captions, _ = find_captions(cluster_rows(words, S), [], S)
    assert [c.number for c in captions] == ["4"]


def test_a_rule_inside_the_caption_text_does_not_hide_the_table_above() -> None:
    # caption below its table; a short underline drawn in the caption's second line sits
    # nearer than the table's bottom rule, and prose follows the caption
    words: list[Word] = []
    for i, top in enumerate((100, 112, 124, 136)):
        label = "Benchmark" if i == 0 else f"Task{i}"
        words += [word(label, 100, top, 9), word("67.1" if i else "Model", 300, top, 9)]
    cap_words = _prose(160, "Table 2 | Comparison among models. Bold denotes the best and")
    cap_words += _prose(172, "underline denotes the second-best.")
    words += _prose(200, "the models are compared on many benchmarks in our own framework here")
    cap = Caption("2", "Table 2 | Comparison", 108, 500, 160, 182, 10.0, cap_words)
    rules = [Rule(95, 350, 98), Rule(95, 350, 110), Rule(95, 350, 149), Rule(150, 200, 181.5)]
    page = PageLayout(cluster_rows(words + cap_words, S), rules, [cap], [], 612, False, 10.0)
    region = find_region(cap, page, S)
    assert region is not None
    assert (region.top, region.bottom) == (100, 145)


def test_a_table_framed_by_a_top_and_a_bottom_rule_only_keeps_its_body() -> None:
    # no midrule: the bottom rule is not the rule under the header
    from benchtable.extract.readers.pdf.grid import build_tables
    from benchtable.extract.readers.pdf.regions import Region

    words = _rows_at(100, [(80, "GQ"), (110, "LKD"), (150, "CoLA"), (200, "MRPC"), (250, "Ave.")], 8)
    for i, top in enumerate((110, 120, 130, 140)):
        cells = [(80, "no" if i < 2 else "yes"), (110, "no" if i % 2 else "yes")]
        cells += [(150, f"6{i}.81"), (200, f"8{i}.13"), (250, f"7{i}.52")]
        words += _rows_at(top, cells, 8)
    cap, _ = _caption_above(80)
    rules = [Rule(75, 290, 98), Rule(75, 290, 152)]
    region = Region(cap, 80, 290, 100, 148, rules)
    (table,) = build_tables(region, words, 10, S)
    assert table.header_rows == 1
    assert [c.text for c in table.rows[0]] == ["GQ", "LKD", "CoLA", "MRPC", "Ave."]
    assert len(table.rows) == 5


def test_a_midrule_drawn_in_two_pieces_ends_the_header() -> None:
    # the midrule drawn as one piece under the stub and one under the value columns
    from benchtable.extract.readers.pdf.grid import build_tables
    from benchtable.extract.readers.pdf.regions import Region

    words = _rows_at(100, [(200, "Evaluation"), (245, "Length")], 10)
    words += _rows_at(112, [(80, "Train"), (106, "Length"), (150, "512"), (200, "1024"), (250, "3072")], 10)
    for top, (label, *vals) in zip(
        (126, 138, 150, 166),
        (
            ("512", "14.29", "13.64", "13.55"),
            ("1024", "-", "13.86", "13.52"),
            ("3072", "-", "-", "13.15"),
            ("Sinusoidal", "14.80", "14.73", "14.46"),
        ),
        strict=True,
    ):
        words += _rows_at(top, [(80, label), (150, vals[0]), (200, vals[1]), (250, vals[2])], 10)
    rules = [Rule(78, 280, 98), Rule(78, 135, 123), Rule(145, 280, 123), Rule(78, 280, 162)]
    rules += [Rule(78, 280, 164), Rule(78, 280, 178)]
    cap, _ = _caption_above(80)
    (table,) = build_tables(Region(cap, 78, 280, 100, 176, rules), words, 21, S)
    assert table.header_rows == 2
    assert [c.text for c in table.rows[2]] == ["512", "14.29", "13.64", "13.55"]
