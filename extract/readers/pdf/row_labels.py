"""Row labels of the first column.

A multi-row label set vertically between rows ("INT3 / g128" over RTN/GPTQ/AWQ) is joined
and repeated over its rule-delimited block; an empty first cell otherwise inherits the label
above (copies ``spanned=True``).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from benchtable.extract.readers.pdf.cells import Columns, GCell, Placed
from benchtable.extract.readers.pdf.settings import PdfSettings
from benchtable.extract.readers.pdf.words import Row, Rule


@dataclass
class _Grid:
    """The grid being labelled, with the questions the passes ask of it."""

    cells: list[list[Placed]]
    rows: Sequence[Row]
    ncols: int

    def filled(self, i: int, j: int) -> bool:
        return self.cells[i][j][0] is not None

    def has_values(self, i: int) -> bool:
        return any(self.filled(i, j) for j in range(1, self.ncols))

    def label_only(self, i: int) -> bool:
        return self.filled(i, 0) and not self.has_values(i)

    def label(self, i: int) -> GCell:
        cell = self.cells[i][0][0]
        assert cell is not None
        return cell


def row_labels(
    grid: list[list[Placed]],
    rows: Sequence[Row],
    n_header: int,
    rules: Sequence[Rule],
    cols: Columns,
    s: PdfSettings,
) -> None:
    """Multi-row labels of the first column: joined and repeated over their rows."""
    if len(cols) < 2:
        return
    g = _Grid(grid, rows, len(cols))
    body = list(range(n_header, len(grid)))
    full = [i for i in body if g.has_values(i)]
    if len(full) < 2:
        return
    dense = [i for i in full if sum(1 for j in range(len(cols)) if g.filled(i, j)) >= min(3, len(cols))]
    if len(dense) < 2:
        dense = full
    pitch = statistics.median(rows[b].top - rows[a].top for a, b in itertools.pairwise(dense))
    _merge_squeezed(g, body, full, pitch, s)
    full = [i for i in body if g.has_values(i)]
    cuts = sorted(r.y for r in rules if r.x0 <= cols[0][1] + s.x_slack)
    for block in _blocks(g, body, full, cuts, pitch, s):
        _label_block(g, block, set(full), pitch, s)
    _carry_down(g, body, set(full))


def _merge_squeezed(g: _Grid, body: Sequence[int], full: Sequence[int], pitch: float, s: PdfSettings) -> None:
    """Rows squeezed between full rows holding no first-column text: merged into the nearest row."""
    for i in body:
        if i not in full or g.filled(i, 0):
            continue
        prev = [j for j in full if j < i]
        nxt = [j for j in full if j > i]
        if not prev or not nxt:
            continue
        d1, d2 = g.rows[i].top - g.rows[prev[-1]].top, g.rows[nxt[0]].top - g.rows[i].top
        cells = sum(1 for j in range(1, g.ncols) if g.filled(i, j))
        if min(d1, d2) >= s.squeezed_row_pitch * pitch or cells > 2:
            continue
        tgt = prev[-1] if d1 <= d2 else nxt[0]
        for j in range(1, g.ncols):
            src = g.cells[i][j][0]
            if src is None:
                continue
            dst = g.cells[tgt][j][0]
            if dst is None:
                g.cells[tgt][j] = (GCell(list(src.words)), False)
            else:
                dst.words.extend(src.words)
            g.cells[i][j] = (None, False)


def _blocks(
    g: _Grid, body: Sequence[int], full: Sequence[int], cuts: Sequence[float], pitch: float, s: PdfSettings
) -> list[list[int]]:
    """Rows in blocks: split by a rule across the first column or a large vertical gap."""
    slack = s.y_slack
    blocks: list[list[int]] = []
    for i in body:
        if not g.filled(i, 0) and i not in full:
            continue
        if blocks:
            prev_i = blocks[-1][-1]
            sep = any(g.rows[prev_i].bottom - slack < y < g.rows[i].top + slack for y in cuts)
            if not sep and g.rows[i].top - g.rows[prev_i].top <= s.block_gap_pitch * pitch:
                blocks[-1].append(i)
                continue
        blocks.append([i])
    return blocks


def _label_runs(g: _Grid, labelled: Sequence[int], pitch: float, s: PdfSettings) -> list[list[int]]:
    """Consecutive first-column lines that continue one label."""
    runs: list[list[int]] = []
    for i in labelled:
        if runs:
            p = runs[-1][-1]
            txt = g.label(i).text()
            cont = txt[:1].islower() or txt[:1] in "&(-/" or g.label_only(i) or g.label_only(p)
            if cont and g.rows[i].top - g.rows[p].top <= s.label_line_pitch * pitch:
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def _label_block(g: _Grid, block: Sequence[int], full: set[int], pitch: float, s: PdfSettings) -> None:
    """A block's labels joined and set on each of its value rows."""
    labelled = [i for i in block if g.filled(i, 0)]
    if not labelled or not any(i in full and not g.filled(i, 0) for i in block):
        return
    runs = _label_runs(g, labelled, pitch, s)
    labels: list[tuple[float, GCell]] = []
    for run in runs:
        words = [w for i in run for w in g.label(i).words]
        centre = (g.rows[run[0]].top + g.rows[run[-1]].bottom) / 2
        labels.append((centre, GCell(words)))
        for i in run:
            g.cells[i][0] = (None, False)
    top_aligned = block[0] == runs[0][0]
    seen: set[int] = set()
    for i in (i for i in block if i in full):
        lab: GCell | None
        if top_aligned:
            cands = [
                lab
                for (_, lab), run in zip(labels, runs, strict=True)
                if g.rows[run[0]].top <= g.rows[i].top + s.y_slack
            ]
            lab = cands[-1] if cands else None
        else:
            mid = (g.rows[i].top + g.rows[i].bottom) / 2
            lab = min(labels, key=lambda cl: abs(cl[0] - mid))[1]
        if lab is None:
            continue
        g.cells[i][0] = (lab, id(lab) in seen)
        seen.add(id(lab))
    for run in runs:
        for i in run:
            if i not in full:
                g.cells[i] = [(None, False)] * len(g.cells[i])


def _carry_down(g: _Grid, body: Sequence[int], full: set[int]) -> None:
    """Labels carried down into empty first cells of continuing rows (no block structure)."""
    last: GCell | None = None
    for i in body:
        c, _ = g.cells[i][0]
        if c is not None:
            last = None if g.label_only(i) else c
            continue
        if i in full and last is not None and not (g.ncols > 2 and not g.filled(i, 1)):
            g.cells[i][0] = (last, True)


def inner_stub_labels(
    grid: list[list[Placed]],
    rows: Sequence[Row],
    n_header: int,
    rules: Sequence[Rule],
    cols: Columns,
    stub: int,
    s: PdfSettings,
) -> None:
    """A label of a later stub column set once, mid-block ("Standard" beside its ✗ / ✓ / delta
    rows), repeated over the value rows of its rule-delimited block (copies ``spanned=True``).

    Only ruled blocks with one label line that is not the block's first row are filled: a
    blank stub cell elsewhere may mean "none" (an FP16 row has no bit width).
    """
    g = _Grid(grid, rows, len(cols))
    body = list(range(n_header, len(grid)))
    for j in range(1, min(stub, len(cols) - 1)):
        a, b = cols[j]
        cuts = [r.y for r in rules if r.x0 <= a + s.x_slack and r.x1 >= b - s.x_slack]
        if not cuts:
            continue
        for block in _ruled_blocks(g, body, cuts, s):
            _fill_block_label(g, block, j)


def _ruled_blocks(g: _Grid, body: Sequence[int], cuts: Sequence[float], s: PdfSettings) -> list[list[int]]:
    blocks: list[list[int]] = []
    for i in body:
        if blocks:
            prev_i = blocks[-1][-1]
            if not any(g.rows[prev_i].bottom - s.y_slack < y < g.rows[i].top + s.y_slack for y in cuts):
                blocks[-1].append(i)
                continue
        blocks.append([i])
    return blocks


def _fill_block_label(g: _Grid, block: Sequence[int], j: int) -> None:
    labelled = [i for i in block if g.filled(i, j)]
    if len(labelled) != 1 or labelled[0] == block[0]:
        return
    label = g.cells[labelled[0]][j][0]
    for i in block:
        if not g.filled(i, j) and any(g.filled(i, k) for k in range(j + 1, g.ncols)):
            g.cells[i][j] = (label, True)
