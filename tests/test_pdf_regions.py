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
