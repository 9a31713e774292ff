"""Every tolerance of the PDF reader, named, defaulted and validated (as pdfplumber's
`TableSettings`). Distances are in PDF points (pt) or in multiples of a font size, a row
pitch or a share of a width, as each field says. `read_pdf_tables(doc, settings)` takes one;
`DEFAULT_SETTINGS` is what the registry runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from benchtable.schema.errors import ConfigError


@dataclass(frozen=True)
class PdfSettings:
    """Tolerances of the PDF table reader; a bad value raises `ConfigError` naming the field."""

    word_x_tolerance_ratio: float = 0.16
    """pdfplumber `extract_words` x_tolerance_ratio: a character gap above this x font size splits words"""
    word_y_tolerance: float = 2.0
    """pdfplumber `extract_words` y_tolerance (pt): characters with tops further apart are on two lines"""
    default_font_size: float = 10.0
    """font size (pt) assumed for words pdfplumber gives no size"""
    min_chars_light_layout: int = 200
    """a page read without its figures with fewer characters is re-read in full (text may sit in forms)"""
    small_caps_gap: float = 1.0
    """pt: a smaller capital run starting this close after a capital continues it (`L`+`LAMA`)"""
    small_caps_baseline: float = 1.0
    """pt: baselines of a small-caps run and its capital differ by at most this"""
    small_caps_min_ratio: float = 0.6
    """a small-caps run is at least this x its capital's font size ..."""
    small_caps_max_ratio: float = 0.95
    """... and below this x"""
    small_font_ratio: float = 0.8
    """a word below this x the median size is small (superscript, subscript, footnote mark)"""
    row_top_tolerance: float = 1.5
    """pt: words whose tops differ by at most this (or `row_top_tolerance_ratio` x size) share a row"""
    row_top_tolerance_ratio: float = 0.3
    """x font size: see `row_top_tolerance`"""
    small_word_overlap: float = 0.3
    """a small word joins the row it overlaps by at least this share of its height"""
    text_line_dy: float = 3.0
    """pt: words whose tops differ by this much are on separate text lines of a cell"""
    superscript_raise: float = 0.15
    """x row size: a small word whose bottom is this far above the row's baseline is raised (`^mark`)"""
    tight_gap_ratio: float = 0.12
    """x font size: words closer than this are joined without a space"""
    rule_max_thickness: float = 2.0
    """pt: a line or rect at most this tall is a horizontal rule"""
    rule_min_piece: float = 0.5
    """pt: narrower rule pieces are ignored"""
    rule_merge_dy: float = 0.8
    """pt: collinear rule pieces within this vertical distance are one rule"""
    rule_merge_dx: float = 5.0
    """pt: ... when the next piece starts within this of the rule's end"""
    rule_min_width: float = 8.0
    """pt: shorter merged rules are not rules"""
    phrase_gap_ratio: float = 1.2
    """x font size: a wider gap ends a phrase (caption start, a prose line's run)"""
    caption_head_words: int = 4
    """how many words of a phrase the caption pattern is matched against"""
    caption_line_gap: float = 0.75
    """x caption size: a larger gap below the caption ends it"""
    caption_line_overlap: float = 0.5
    """x caption size: a line starting this far above the caption's bottom is no continuation"""
    caption_x_slack: float = 2.0
    """pt: continuation words may start this far left of the caption"""
    caption_min_reach: float = 150.0
    """pt: continuation lines reach at least this far right of the caption start"""
    caption_size_tolerance: float = 1.0
    """pt: continuation words differ from the caption size by at most this"""
    caption_max_outdent: float = 3.0
    """x caption size: a line starting further left is no continuation"""
    column_line_min_width: float = 0.3
    """a prose line of a page column is wider than this share of the page ..."""
    column_line_min_words: int = 5
    """... with at least this many words"""
    column_min_lines: int = 4
    """two-column page: at least this many prose lines in each half"""
    gutter_slack: float = 5.0
    """pt: a line of the left column ends at most this right of the page middle"""
    prose_min_words: int = 6
    """a prose line has at least this many words ..."""
    prose_size_slack: float = 0.6
    """... set at least the body size minus this (pt) ..."""
    prose_max_gap_ratio: float = 1.0
    """... no gap wider than this x its size ..."""
    prose_min_width: float = 0.6
    """... and covers this share of the region's width"""
    prose_max_numeric_share: float = 0.4
    """... and at most this share of its words are numbers (a score row is no prose)"""
    margin_pad: float = 2.0
    """pt added to the page's text margins for a region's x-range"""
    caption_gutter_slack: float = 10.0
    """pt: a caption ending before the middle plus this is in the left column"""
    side_caption_band: float = 3.0
    """x caption size: captions whose tops are this close share a band (side-by-side tables)"""
    side_caption_slack: float = 1.0
    """pt: overlap allowed between side-by-side captions"""
    rule_in_range: float = 0.6
    """a rule belongs to a region's x-range when this share of it lies inside"""
    caption_gap_min: float = 30.0
    """pt: a table's first row or rule lies within this of its caption ..."""
    caption_gap_ratio: float = 3.0
    """... or this x the caption size, whichever is more"""
    cell_gap_ratio: float = 1.0
    """x font size: a wider gap separates two cells of a row (is the row table-like?)"""
    edge_slack: float = 0.5
    """pt: words this far outside a region's box are still inside"""
    y_slack: float = 1.0
    """pt of slack in vertical comparisons (a rule between two rows, a label level with its row)"""
    x_slack: float = 1.0
    """pt of slack in horizontal comparisons (a rule across the first column)"""
    row_gap_min: float = 18.0
    """pt: a vertical gap above this (or `row_gap_ratio` x body size) ends a region"""
    row_gap_ratio: float = 2.2
    """x body size: see `row_gap_min`"""
    spanner_line_ratio: float = 1.5
    """x body size: how far above a short rule nearer the caption than the frame the table's
    first row (a spanning header cell over that rule) may sit"""
    rule_extent_slack: float = 0.5
    """x body size: a rule reaching further out than the first rule belongs to another table"""
    prose_rule_lookahead: int = 3
    """a prose-like row is kept when one of the next this many events ..."""
    prose_rule_reach: float = 2.5
    """... is a rule within this x body size (text-heavy tables)"""
    frame_rule_ratio: float = 0.8
    """a rule at least this share of the widest one frames the table"""
    footnote_size_ratio: float = 0.95
    """a row past the bottom rule below this x the table's size is a footnote"""
    footnote_gap_ratio: float = 1.5
    """x body size: a row past the bottom rule further than this is outside"""
    region_rule_margin: float = 25.0
    """pt: rules this far above or below the region's rows are its rules"""
    min_table_rows: int = 3
    """a region with fewer text rows is no table"""
    column_gap_min: float = 3.0
    """pt: the narrowest gap that separates two columns ..."""
    column_gap_ratio: float = 0.45
    """... or this x the median font size, whichever is more"""
    max_header_rows: int = 6
    """a table with more header rows is rejected"""
    wide_rule_ratio: float = 0.6
    """a full-width rule spans this share of the region ..."""
    wide_rule_of_widest: float = 0.9
    """... and this share of the widest rule"""
    rule_join_slack: float = 12.0
    """pt: pieces of one rule drawn at one height lie at most this far apart, and reach the
    widest rule's ends within this"""
    midrule_min_gap: float = 3.0
    """pt: a midrule lies at least this far below the top rule"""
    column_overlap_min: float = 0.5
    """pt: a cell overlaps a column by more than this to span it"""
    header_word_gap_ratio: float = 0.36
    """x font size: header words closer than this are one phrase"""
    header_rule_reach: float = 2.0
    """x row size: how far below the last header row a cmidrule is looked for"""
    cmidrule_x_slack: float = 2.0
    """pt: a cmidrule covers the cell's centre and column centres within this"""
    cmidrule_max_share: float = 0.9
    """a rule under a header cell narrower than this share of the table is a cmidrule"""
    span_centre_tolerance: float = 0.35
    """x column pitch: a widened span stays centred on its cell within this"""
    squeezed_row_pitch: float = 0.45
    """x row pitch: a row without a label this close to a full row is merged into it"""
    block_gap_pitch: float = 1.8
    """x row pitch: a larger gap starts a new block of row labels"""
    label_line_pitch: float = 1.3
    """x row pitch: label lines this close continue one label"""
    min_wordlike_share: float = 0.6
    """at least this share of a table's cells hold words or numbers"""
    min_filled_rows: int = 3
    """a table has at least this many rows with two or more filled cells"""

    def __post_init__(self) -> None:
        for f in fields(self):
            _check(f.name, getattr(self, f.name), f.type)


_POSITIVE = frozenset(
    {
        "word_x_tolerance_ratio",
        "word_y_tolerance",
        "default_font_size",
        "text_line_dy",
        "rule_max_thickness",
        "rule_merge_dy",
        "phrase_gap_ratio",
        "cell_gap_ratio",
    }
)
"""Fields that divide or scale a gap: 0 is no tolerance."""

_SHARES = frozenset(
    {
        "small_caps_min_ratio",
        "small_caps_max_ratio",
        "small_font_ratio",
        "small_word_overlap",
        "column_line_min_width",
        "prose_min_width",
        "prose_max_numeric_share",
        "rule_in_range",
        "frame_rule_ratio",
        "footnote_size_ratio",
        "wide_rule_ratio",
        "wide_rule_of_widest",
        "cmidrule_max_share",
        "min_wordlike_share",
    }
)
"""Fields that are a share or a size ratio, in (0, 1]."""


def _check(name: str, value: object, type_name: object) -> None:
    """Raise ConfigError naming the field and the bad value."""
    bad = f"PdfSettings.{name} = {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{bad}: not a number")
    if type_name in ("int", int):
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"{bad}: must be a whole number >= 1")
        return
    if not math.isfinite(value) or value < 0:
        raise ConfigError(f"{bad}: must be a finite number >= 0")
    if name in _POSITIVE and value == 0:
        raise ConfigError(f"{bad}: must be > 0")
    if name in _SHARES and not 0 < value <= 1:
        raise ConfigError(f"{bad}: must be a share in (0, 1]")


DEFAULT_SETTINGS = PdfSettings()
