"""Header cells spanning several columns ("LLaMA" over "7B 13B 30B 65B", "GPTQ" over
"3-bit 4-bit"), repeated in each column they span (copies have ``spanned=True``).

The span is the ``\\cmidrule`` under the cell when there is one, else the columns it
overlaps widened symmetrically around its centre up to its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence

from benchtable.extract.readers.pdf.cells import Columns, GCell, Placed, overlapping
from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import Row, Rule, is_numeric


def stub_columns(body: Sequence[Sequence[GCell | None]], cols: Columns) -> int:
    """How many leading columns hold mostly non-numeric labels."""
    k = 0
    for j in range(len(cols)):
        vals = [c.text() for row in body if (c := row[j]) is not None]
        if not vals:
            break
        if sum(1 for v in vals if is_numeric(v)) >= len(vals) / 2:
            break
        k += 1
    return min(k, max(0, len(cols) - 1))


def expand_header(
    cells: list[GCell | None],
    out: list[Placed],
    cols: Columns,
    rules: Sequence[Rule],
    row: Row,
    next_row: Row | None,
    stub: int,
    s: PdfSettings,
) -> None:
    """Fill `out` (one header row) with each cell of `cells` over the columns it spans."""
    spans, owners = _overlaps(cells, cols, s)
    centers = [(c.x0 + c.x1) / 2 for c in cells if c is not None]
    lower = row.bottom
    upper = next_row.top if next_row is not None else row.bottom + s.header_rule_reach * row.size
    for ci, ov in spans.items():
        gc = cells[ci]
        assert gc is not None
        center = (gc.x0 + gc.x1) / 2
        by_rule = _span_of_cmidrule(ci, center, cols, rules, owners, lower, upper, s)
        if by_rule is not None:
            spans[ci] = by_rule
        elif next_row is not None:
            widened = _widen(ov, center, centers, cols, owners, ci, stub, s)
            if widened is not None:
                spans[ci] = widened
    for ci, cols_spanned in spans.items():
        gc = cells[ci]
        first = True
        for j in sorted(cols_spanned):
            if out[j][0] is not None and out[j][0] is not gc:
                continue
            out[j] = (gc, not first)
            first = False


def _overlaps(
    cells: Sequence[GCell | None], cols: Columns, s: PdfSettings
) -> tuple[dict[int, list[int]], dict[int, int]]:
    """Each cell's overlapped columns, and each column's first owning cell."""
    n = len(cols)
    owners: dict[int, int] = {}
    spans: dict[int, list[int]] = {}
    for ci, gc in enumerate(cells):
        if gc is None:
            continue
        ov = overlapping(gc.x0, gc.x1, cols, s)
        if not ov:  # centred over a gap: the two columns around it
            c = (gc.x0 + gc.x1) / 2
            left = [j for j, (a, b) in enumerate(cols) if b <= c]
            ov = (
                [left[-1], left[-1] + 1]
                if left and left[-1] + 1 < n and ci in (left[-1], left[-1] + 1)
                else [ci]
            )
        spans[ci] = ov
        for j in ov:
            owners.setdefault(j, ci)
    return spans, owners


def _span_of_cmidrule(
    ci: int,
    center: float,
    cols: Columns,
    rules: Sequence[Rule],
    owners: dict[int, int],
    lower: float,
    upper: float,
    s: PdfSettings,
) -> list[int] | None:
    """The columns under the `\\cmidrule` right below the cell, if there is one."""
    slack, reach = s.y_slack, s.cmidrule_x_slack
    cm = [
        r for r in rules if lower - slack <= r.y <= upper + slack and r.x0 - reach <= center <= r.x1 + reach
    ]
    if not cm:
        return None
    rule = min(cm, key=lambda r: r.width)
    if rule.width >= s.cmidrule_max_share * (cols[-1][1] - cols[0][0]):
        return None
    new = [j for j, (a, b) in enumerate(cols) if rule.x0 - reach <= (a + b) / 2 <= rule.x1 + reach]
    # a rule under several headers (one line under `PIQA  Winogrande  ...`) is no one header's
    # span: widen by the centres instead
    if new and all(owners.get(j, ci) == ci for j in new):
        return new
    return None


def _widen(
    ov: list[int],
    center: float,
    centers: Sequence[float],
    cols: Columns,
    owners: dict[int, int],
    ci: int,
    stub: int,
    s: PdfSettings,
) -> list[int] | None:
    """Symmetric widening around the cell's centre over free non-stub columns."""
    lo, hi = min(ov), max(ov)
    if len(ov) == 1 and lo < stub:
        return None
    while lo - 1 >= stub and hi + 1 < len(cols):
        a, b = lo - 1, hi + 1
        if owners.get(a, ci) != ci or owners.get(b, ci) != ci:
            break
        mid_span = (cols[a][0] + cols[b][1]) / 2
        pitch = (cols[b][1] - cols[a][0]) / (b - a + 1)
        if abs(mid_span - center) > s.span_centre_tolerance * pitch:
            break
        # each new column must be nearer this cell's centre than any other cell's
        ca, cb = (cols[a][0] + cols[a][1]) / 2, (cols[b][0] + cols[b][1]) / 2
        if any(
            abs(oc - ca) < abs(center - ca) or abs(oc - cb) < abs(center - cb)
            for oc in centers
            if oc != center
        ):
            break
        lo, hi = a, b
    return list(range(lo, hi + 1))
