"""Rendering a chosen `ReportTable` as Markdown, HTML, JSON, CSV or an SVG chart.

Templates only lay out what `select` decided and `comparisons` derived; this module
builds one `ReportView` (grid, footnotes, conflicts, coverage, comparisons) that
every format reads, so they show the same table. Every shown value carries a
footnote with its source, URL, locator and quote. Markdown text is escaped with
`md_escape`; the HTML and SVG templates are autoescaped; every value a template shows
loses its control characters (`schema.text.printable`, as Jinja's `finalize`). JSON and CSV are in `render_data`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as url_quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from benchtable.reports.comparisons import FACTORS, Comparison, protocol_text
from benchtable.reports.config import ColumnSpec, ReportConfig, RowSpec
from benchtable.reports.notes import Conflict, Note, Superseded, cell_conflicts, cell_superseded
from benchtable.reports.select import CellChoice, Evidence, ReportTable, describe_protocol
from benchtable.schema.text import printable

MARKS = {
    "‡": "measured under a different protocol than the column's (the footnote says how)",
    "?": "the source does not state a protocol setting the column defines (the footnote says which)",
    "†": "a protocol setting the source leaves unstated is stated for the same number in another"
    " document of its publisher (the footnote cites it)",
    "°": "converted for display (the footnote says from what)",
    "≠": "sources disagree under the same protocol (listed under the table)",
}


def md_escape(text: object) -> str:
    """Text that cannot break a Markdown table cell or inject markup."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = s.replace("\\", "\\\\")
    s = re.sub(r"([|`*_\[\]<>#~])", r"\\\1", s)
    return s


def safe_url(url: str) -> str:
    """A URL that cannot leave its `<...>` autolink or carry a script scheme."""
    url = url.strip()
    if not re.match(r"^(https?|file)://", url):
        return "about:blank"
    return url_quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def fmt_value(value: float) -> str:
    if value != value:  # NaN
        return "NaN"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_delta(delta: float) -> str:
    text = fmt_value(round(delta, 4))
    if text == "0":
        return "±0"
    return ("+" + text) if delta > 0 else text.replace("-", "−")


def code_text(text: str) -> str:
    """Text for inside a Markdown code span: one line, no backticks."""
    return " ".join(text.replace("`", "'").split())


@dataclass
class CellView:
    column: ColumnSpec
    choice: CellChoice
    value: float | None = None
    marks: str = ""
    note: int | None = None
    heat: float | None = None

    @property
    def text(self) -> str:
        return "" if self.value is None else f"{fmt_value(self.value)}{self.marks}"


@dataclass
class RowView:
    row: RowSpec
    cells: list[CellView]

    @property
    def filled(self) -> int:
        return sum(c.value is not None for c in self.cells)


@dataclass
class TierGroup:
    """Rows of one tier, shown under a heading row; `label` is empty for a config without tiers."""

    tier: str | None
    label: str
    rows: list[RowView]


def group_by_tier(config: ReportConfig, rows: list[RowView]) -> list[TierGroup]:
    """Rows in tier order (as the config declares its tiers), each tier in row order."""
    if not config.tiers:
        return [TierGroup(None, "", list(rows))] if rows else []
    groups = [TierGroup(t.id, t.label, [r for r in rows if r.row.tier == t.id]) for t in config.tiers]
    return [g for g in groups if g.rows]


@dataclass
class ComparisonLine:
    benchmark: str
    protocol: str
    values: list[str]
    where: str
    records: list[Any]


@dataclass
class ReportView:
    table: ReportTable
    rows: list[RowView]
    notes: list[Note]
    conflicts: list[Conflict]
    comparisons: dict[str, list[Comparison]]
    comparisons_total: dict[str, int]
    groups: list[TierGroup] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)

    @property
    def stated_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.stated]

    @property
    def unstated_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.stated]

    @property
    def config(self) -> Any:
        return self.table.config

    @property
    def columns(self) -> list[ColumnSpec]:
        return list(self.table.config.columns)

    @property
    def filled(self) -> int:
        return sum(r.filled for r in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows) * len(self.columns)

    def column_filled(self, index: int) -> int:
        return sum(r.cells[index].value is not None for r in self.rows)


def build_view(
    table: ReportTable,
    comparisons: Sequence[Comparison] = (),
    *,
    per_factor: int = 10,
    totals: Mapping[str, int] | None = None,
) -> ReportView:
    """`comparisons` best first; `totals` counts the comparisons per factor when only the
    shown ones were built (default: the length of `comparisons` per factor)."""
    cfg = table.config
    notes: list[Note] = []
    rows: list[RowView] = []
    conflicts: list[Conflict] = []
    for row in _rows_in_tier_order(cfg):
        cells: list[CellView] = []
        for col in cfg.columns:
            choice = table.cell(row.id, col.id)
            view = CellView(col, choice)
            if choice.chosen is not None:
                note = Note(len(notes) + 1, [choice.chosen, *choice.agreeing])
                note.cell = note.number
                notes.append(note)
                view.value = choice.chosen.display_value
                view.note = note.number
                view.marks = (
                    ("‡" if choice.marker else "")
                    + ("?" if choice.unstated_marker else "")
                    + ("†" if choice.corroborated_marker else "")
                    + ("°" if choice.chosen.converted else "")
                    + ("≠" if choice.conflicting else "")
                )
            cells.append(view)
        rows.append(RowView(row, cells))
    # conflict and superseded footnotes come after the cell footnotes, in table order
    superseded: list[Superseded] = []
    for rv in rows:
        for view in rv.cells:
            conflicts.extend(cell_conflicts(rv.row, view.column, view.choice, view.note, notes))
            superseded.extend(cell_superseded(rv.row, view.column, view.choice, view.note, notes))
    _heat(table, rows)
    by_factor: dict[str, list[Comparison]] = {f: [] for f in FACTORS}
    for comp in comparisons:
        by_factor[comp.factor].append(comp)
    counted = {f: totals.get(f, 0) if totals is not None else len(v) for f, v in by_factor.items()}
    shown = {f: v[:per_factor] for f, v in by_factor.items()}
    return ReportView(table, rows, notes, conflicts, shown, counted, group_by_tier(cfg, rows), superseded)


def _rows_in_tier_order(config: ReportConfig) -> list[RowSpec]:
    if not config.tiers:
        return list(config.rows)
    order = {t.id: i for i, t in enumerate(config.tiers)}
    return sorted(config.rows, key=lambda r: order.get(r.tier or "", len(order)))


def _on_scale(cell: CellView) -> bool:
    """A value measured under the column's protocol (a `‡` cell is not on the column's scale)."""
    return cell.value is not None and not cell.choice.marker


def _heat(table: ReportTable, rows: list[RowView]) -> None:
    """0..1 per cell within its column, 1 = best (direction-aware); `‡` cells get none."""
    for i, col in enumerate(table.config.columns):
        values = [r.cells[i].value for r in rows if _on_scale(r.cells[i])]
        if not values:
            continue
        lo, hi = min(v for v in values if v is not None), max(v for v in values if v is not None)
        lower_better = table.directions.get(col.id) == "lower"
        for r in rows:
            v = r.cells[i].value
            if v is None or not _on_scale(r.cells[i]):
                continue
            t = 0.5 if hi == lo else (v - lo) / (hi - lo)
            r.cells[i].heat = round(1 - t if lower_better else t, 4)


# ----------------------------------------------------------------------------- JSON


def delta_base(values: list[float | None]) -> int | None:
    """The member the deltas of a line are against: the first one that has a value."""
    return next((i for i, v in enumerate(values) if v is not None), None)


def deltas(values: list[float | None]) -> list[float | None]:
    i = delta_base(values)
    base = values[i] if i is not None else None
    return [None if v is None or base is None else round(v - base, 4) for v in values]


def _shown(value: Any) -> Any:
    """Jinja's `finalize`: every `{{ ... }}` of every template, stripped of control characters."""
    if isinstance(value, Markup):
        return Markup(printable(str(value)))
    return printable(value) if isinstance(value, str) else value


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("benchtable.reports", "templates"),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=_shown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = fmt_value
    env.filters["delta"] = fmt_delta
    env.filters["code"] = code_text
    env.filters["url"] = safe_url
    env.globals["describe_protocol"] = describe_protocol
    env.globals["protocol_text"] = protocol_text
    env.globals["comparison_cells"] = comparison_cells
    env.globals["evidence_notes"] = evidence_notes
    env.globals["heat_colour"] = heat_colour
    env.globals["MARKS"] = MARKS
    return env


def evidence_notes(e: Evidence) -> list[str]:
    """The protocol facts a footnote states about one piece of evidence."""
    out: list[str] = []
    text = describe_protocol(e.protocol)
    if text:
        out.append("protocol: " + text)
    if e.hinted:
        out.append(
            f"{', '.join(h.replace('_', ' ') for h in e.hinted)} as the source states for the whole document"
        )
    if e.differences:
        out.append("measured differently: " + "; ".join(e.differences))
    if e.corroborated:
        out.append("; ".join(c.describe() for c in e.corroborated) + " for the same number")
    if e.unstated:
        out.append("; ".join(e.unstated))
    if e.converted:
        out.append(e.converted)
    if e.version_of:
        out.append(
            f"an older version of {e.version_of}" + (f" ({e.revision_note})" if e.revision_note else "")
        )
    return out


def comparison_cells(comp: Comparison) -> list[ComparisonLine]:
    lines: list[ComparisonLine] = []
    for e in comp.entries:
        values = e.values
        steps = deltas(values)
        base = delta_base(values)
        shown: list[str] = []
        for i, (v, d) in enumerate(zip(values, steps, strict=True)):
            if v is None:
                shown.append("")
            elif i == base:
                # the deltas of a line whose first member has no value are against this one
                shown.append(fmt_value(v) + (" (base)" if base else ""))
            else:
                shown.append(f"{fmt_value(v)} ({fmt_delta(d)})" if d is not None else fmt_value(v))
        lines.append(
            ComparisonLine(
                benchmark=e.label,
                protocol=protocol_text(e, comp.factor),
                values=shown,
                where=_where([r for r in e.records if r is not None]),
                records=[r for r in e.records if r is not None],
            )
        )
    return lines


def _where(records: list[Any]) -> str:
    lines = sorted({r.citation.locator.line for r in records if r.citation.locator.line is not None})
    pages = sorted({r.citation.locator.page for r in records if r.citation.locator.page is not None})
    pointers = sorted({r.citation.locator.pointer for r in records if r.citation.locator.pointer})
    parts: list[str] = []
    if pages:
        parts.append(("p. " if len(pages) == 1 else "pp. ") + ", ".join(str(p) for p in pages))
    if lines:
        parts.append(("line " if len(lines) == 1 else "lines ") + ", ".join(str(x) for x in lines))
    if pointers and not lines and not pages:
        parts.append(", ".join(pointers[:3]))
    return "; ".join(parts)


def heat_colour(heat: float | None) -> str:
    """A light red → yellow → green background for a 0..1 heat value."""
    if heat is None:
        return "#ffffff"
    h = 10 + 110 * max(0.0, min(1.0, heat))
    return f"hsl({h:.0f}, 70%, 82%)"


def render_markdown(view: ReportView) -> str:
    template = _environment(False).get_template("report.md.j2")
    return template.render(view=view, config=view.config, strict=view.table.strict, factors=FACTORS)


def render_html(view: ReportView) -> str:
    from benchtable.reports import html_view

    env = _environment(True)
    env.globals.update(
        cell_style=html_view.cell_style, source_link=html_view.source_link, is_pinned=html_view.is_pinned
    )
    template = env.get_template("report.html.j2")
    return template.render(
        view=view,
        config=view.config,
        strict=view.table.strict,
        factors=FACTORS,
        directions=view.table.directions,
    )


def render_svg(view: ReportView) -> str:
    """The table as a heatmap chart: one cell per row × column, coloured by column."""
    label_w, col_w, row_h, head_h = 230, 118, 30, 64
    template = _environment(True).get_template("chart.svg.j2")
    width = label_w + col_w * len(view.columns) + 20
    height = head_h + row_h * len(view.rows) + 70
    return template.render(
        view=view,
        config=view.config,
        label_w=label_w,
        col_w=col_w,
        row_h=row_h,
        head_h=head_h,
        width=width,
        height=height,
    )


FORMATS = ("md", "json", "html", "csv", "svg")


def render(view: ReportView, fmt: str) -> str:
    from benchtable.reports.render_data import render_csv, render_json

    if fmt == "json":
        return render_json(view)
    if fmt == "html":
        return render_html(view)
    if fmt == "csv":
        return render_csv(view)
    if fmt == "svg":
        return render_svg(view)
    return render_markdown(view)
