"""The `Table` of a leaderboard data file (CSV, tabular JSON): which columns hold scores.

Columns that are not scores (ranks, counts, standard errors, lengths, links, dates, modes,
...) are blanked before interpretation, and free-text columns never join the model label.
A leaderboard whose columns are bare metric or task names gets its benchmark family from
the source's `benchmark_prefix` hint (`AlpacaEval 2.0` + `win_rate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from benchtable.extract.headers import is_not_score
from benchtable.extract.readers.linked_models import linked_model_names
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import parse_cell
from benchtable.schema.vocabulary import fold, vocabulary


def prefixed_header(prefix: str | None, header: str) -> str:
    """`AlpacaEval 2.0` + `win_rate`: the header completed with the leaderboard's benchmark.

    The completed text when the vocabulary knows it; else the bare header when the
    vocabulary knows it as a benchmark of that family (`length_controlled_winrate` is
    AlpacaEval 2.0 LC); else the completed text (an unknown benchmark of the family).
    """
    if not prefix or not header:
        return header
    full = f"{prefix} {header}"
    voc = vocabulary()
    if voc.benchmark_id(full):
        return full
    bare = voc.benchmark_id(header)
    if bare is not None:
        bench = voc.benchmarks[bare]
        names = [bench.id, bench.label, *bench.aliases]
        if any(fold(prefix) in fold(n) for n in names):
            return header
    return full


_DATA_NOT_SCORE = re.compile(
    # anywhere in the header
    r"(?:^|_)(?:std|stderr|sem|standard_error|ci|ci_low|ci_high|error|err|rank|ranking|votes?|"
    r"date|time|timestamp|link|url|urls|href|samples|filter|mode|license|organi[sz]ation|org|"
    r"price|cost|hash|sha|revision|version)(?:_|$)"
    # as the head (last) word: `avg_length`, `n_total`, `model_size`
    r"|(?:^|_)(?:length|len|tokens?|count|total|params?|parameters|size|n)$"
    # counts: `n_wins`, `num_samples`, `#params`
    r"|^n_|^num_|^#",
)
_CONFIG_COLUMN = re.compile(
    r"^(?:precision|dtype|quant(?:ization)?(?:[ _]?(?:method|type))?|w?bits?|bpw|group[ _-]?size|"
    r"#?\s*shots?|n[-_ ]?shots?|metrics?)$",
    re.IGNORECASE,
)
_MODEL_COLUMN = re.compile(
    r"^(?:models?|model[ _]?name|model[ _]?id|name|fullname|eval_name|checkpoint|system|)$", re.IGNORECASE
)


def _snake(header: str) -> str:
    return re.sub(r"[^a-z0-9#]+", "_", header.strip().lower()).strip("_")


def not_score_column(header: str) -> bool:
    """Headers of data-file columns that never hold scores (on top of `is_not_score`)."""
    if is_not_score(header):
        return True
    return bool(_DATA_NOT_SCORE.search(_snake(header)))


def _mostly_text(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    words = sum(1 for c in filled if parse_cell(c) is None)
    return words * 2 > len(filled)


def _model_column(header: list[str], body: list[list[str]]) -> int | None:
    text_cols = [c for c in range(len(header)) if _mostly_text([r[c] if c < len(r) else "" for r in body])]
    for c in text_cols:
        if _MODEL_COLUMN.match(header[c].strip()):
            return c
    return text_cols[0] if text_cols else None


def table_from_rows(
    header: Sequence[tuple[str, int | None]],
    body: Sequence[Sequence[tuple[str, str, int | None]]],
    prefix: str | None,
    model_col: int | None = None,
) -> tuple[Table, int | None]:
    """A `Table` holding only the model column, configuration columns and score columns.

    `header` is (text, line) per column; `body` is (text, raw, line) per cell. Other
    columns are kept in place (so column numbers stay the document's) but blanked.
    """
    width = max([len(header)] + [len(r) for r in body])
    names = [h[0] for h in header] + [""] * (width - len(header))
    texts = [[r[c][0] if c < len(r) else "" for c in range(width)] for r in body]
    if model_col is None:
        model_col = _model_column(names, texts)
    keep_header: list[Cell] = []
    keep: list[bool] = []
    for c in range(width):
        name = names[c].strip()
        line = header[c][1] if c < len(header) else None
        column = [t[c] for t in texts]
        if c == model_col or _CONFIG_COLUMN.match(name):
            keep.append(True)
            keep_header.append(Cell(name, names[c], line))
        elif not name or not_score_column(name) or _mostly_text(column):
            keep.append(False)
            keep_header.append(Cell("", names[c], line))
        else:
            keep.append(True)
            keep_header.append(Cell(prefixed_header(prefix, name), names[c], line))
    rows: list[list[Cell]] = [keep_header]
    linked = linked_model_names(names, texts, model_col) if model_col is not None else [None] * len(body)
    for r, linked_name in zip(body, linked, strict=True):
        cells: list[Cell] = []
        for c in range(width):
            text, raw, line = r[c] if c < len(r) else ("", "", None)
            if c == model_col and linked_name:
                text = linked_name  # the printed name is the linked model's base alias
            cells.append(Cell(text.strip() if keep[c] else "", raw, line))
        rows.append(cells)
    return Table(rows=rows, header_rows=1, line=header[0][1] if header else None), model_col
