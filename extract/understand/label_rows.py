"""What one row's label cells say when a table is read by its label columns: the model
(label cells, a bits and a group-size column, completed from the context), the protocol
(a shots, metric or setting column), and group labels carried down empty cells.
"""

from __future__ import annotations

import re

from benchtable.extract.column_roles import settings_protocol
from benchtable.extract.columns import BPW_HEADER, SHOT_VALUE, Columns, is_benchmarkish, row_label
from benchtable.extract.headers import (
    BenchmarkLabel,
    merge_protocols,
    names_a_property,
    parse_benchmark,
    parse_protocol,
)
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import NameHints, complete_model, looks_like_model
from benchtable.extract.skips import SkipReason
from benchtable.extract.table import Cell
from benchtable.extract.understand.groups import sub_benchmark
from benchtable.extract.understand.words import added_techniques, is_reference_point, marks_only
from benchtable.schema.column_words import column_words
from benchtable.schema.records import Protocol

__all__ = [
    "carry_group_labels",
    "row_model",
    "row_model_label",
    "row_protocol",
    "subgroup_benchmark",
    "technique_row",
    "with_techniques",
]


def carry_group_labels(body: list[list[Cell]], labels: list[int], qualifiers: tuple[int, ...] = ()) -> None:
    """An empty first label cell continues the group above (when the row has other labels, or
    a metric or shots cell of its own: lm-eval's `acc_norm` row under `arc_challenge`): it
    becomes a spanned copy of the text above, as a rowspan would."""
    if not labels:
        return
    first = labels[0]
    others = [*labels[1:], *qualifiers]
    carried = ""
    for row in body:
        cell = row[first]
        if cell.text:
            carried = cell.text
        elif carried and any(row[x].text for x in others):
            row[first] = Cell(carried, cell.raw, cell.line, cell.page, cell.bbox, spanned=True)


def row_model(row: list[Cell], model_cols: list[int]) -> str:
    """A transposed table's own model cell (`7B`) with configurations across (`F16 | Q4_0`)."""
    text = row_label(row, model_cols, set())
    return text if text and looks_like_model(text) else ""


def technique_row(
    rows: list[list[Cell]], i: int, model_cols: list[int], header_rows: int
) -> tuple[list[Cell], str] | None:
    """A row that only adds inference techniques to the model above (`+ dynamic_ntk + logn`
    under `Qwen-7B`): the row naming that model, and the techniques as printed."""
    label = row_label(rows[i], model_cols, set())
    if added_techniques(label) is None:
        return None
    for k in range(i - 1, header_rows - 1, -1):
        above = row_label(rows[k], model_cols, set())
        if above and not above.lstrip().startswith("+"):
            return rows[k], label.strip()
    return None


def with_techniques(protocol: Protocol, techniques: str) -> Protocol:
    """The protocol with the row's added techniques among its details (`Sequence Length 4096;
    + dynamic_ntk`): the same model run another way must not read as a conflicting value."""
    if not techniques:
        return protocol
    details = f"{protocol.details}; {techniques}" if protocol.details else techniques
    return protocol.model_copy(update={"details": details})


def row_model_label(
    row: list[Cell], cols: Columns, model_cols: list[int], headers: dict[int, str], hints: NameHints
) -> tuple[str | None, tuple[SkipReason, str]]:
    """The model a row names, completed from the context, or None and why not."""
    special = {x for x in (cols.bits, cols.group) if x is not None}
    if model_cols and all(_names_software(headers[c]) for c in model_cols):
        # `vLLM`, `llama.cpp` under `Framework`: the software that ran the table's one model
        if not hints.full_names:
            return None, (SkipReason.NOT_A_MODEL, row_label(row, model_cols, special))
        return f"{hints.full_names[0]} {_setting_configuration(row, cols)}".strip(), (SkipReason.NO_MODEL, "")
    label = row_label(row, model_cols, special)
    if cols.bits is not None and row[cols.bits].text:
        label += _bits_label(row[cols.bits].text, headers[cols.bits], label)
    if cols.group is not None and re.fullmatch(r"\d+", row[cols.group].text):
        label += f" g{row[cols.group].text}"
    label = label.strip()
    if marks_only(label):
        return None, (SkipReason.MARKS_ONLY, label)
    if not label:
        if not hints.full_names:
            return None, (SkipReason.NO_MODEL, "")
        label = hints.full_names[0]
    if is_reference_point(label):
        return None, (SkipReason.NOT_A_MODEL, label)
    model_text = complete_model(label, hints)
    if model_text is None:
        return None, (SkipReason.NO_MODEL, label)
    if names_a_property(model_text) or (is_benchmarkish(model_text) and not looks_like_model(model_text)):
        return None, (SkipReason.NOT_A_SCORE, model_text)
    return model_text, (SkipReason.NO_MODEL, "")


def _setting_configuration(row: list[Cell], cols: Columns) -> str:
    """The configuration a row's setting cells state among their settings (`batch_size=1; 4-bit
    inference`: `4-bit`), written as label tokens; empty when they state none."""
    places = [c for c in (cols.setting, *(c for c, _ in cols.settings)) if c is not None]
    tokens: list[str] = []
    for part in re.split(r"[;,]", " ; ".join(row[c].text for c in dict.fromkeys(places))):
        config = parse_configuration(part)[1]
        if config.quant_method:
            tokens.append(config.quant_method)
        if config.bits is not None:
            tokens.append(f"{config.bits:g}-bit")
        if config.precision:
            tokens.append(config.precision)
    return " ".join(tokens)


def _names_software(header: str) -> bool:
    folded = re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()
    return folded in column_words().names.software_headers


def _bits_label(text: str, header: str, label: str) -> str:
    """A bits column as a label suffix; bits per weight become the nominal width (4.15 bpw: 4-bit)."""
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return f" {text}"
    bits = float(text)
    if parse_configuration(label)[1].bits is not None:
        return ""
    if BPW_HEADER.search(header) and bits < 16 and bits - int(bits) < 0.5:
        bits = float(int(bits))
    return f" {bits:g}-bit"


def row_protocol(row: list[Cell], cols: Columns) -> Protocol:
    """What a row's shots, metric and setting columns and its label cells say of the protocol."""
    n_shot: int | None = None
    metric: str | None = None
    if cols.shots is not None:
        m = SHOT_VALUE.match(row[cols.shots].text.strip())
        n_shot = int(m.group(1)) if m else parse_protocol(row[cols.shots].text).n_shot
    if cols.metric is not None and row[cols.metric].text:
        metric = parse_protocol(row[cols.metric].text).metric or row[cols.metric].text.strip().lower()
    details: str | None = None
    cot: bool | None = None
    if cols.setting is not None and row[cols.setting].text:
        details = row[cols.setting].text
        cot = parse_protocol(details).cot
    base = Protocol(n_shot=n_shot, metric=metric, cot=cot, details=details)
    settings = settings_protocol(row, cols.settings)
    return merge_protocols(base, settings, parse_protocol(" ".join(row[c].text for c in cols.labels)))


_SUBGROUP = re.compile(r"^\s*[-–]\s+\S")


def subgroup_benchmark(rows: list[list[Cell]], i: int, col: int, bench: BenchmarkLabel) -> BenchmarkLabel:
    """A benchmark label written as a list item under a group row (lm-eval's `- humanities`
    under `mmlu`) is that group's part (`mmlu_humanities`) when the group is reported by part."""
    if not _SUBGROUP.match(rows[i][col].raw or rows[i][col].text):
        return bench
    for above in range(i - 1, -1, -1):
        cell = rows[above][col]
        if cell.text and not _SUBGROUP.match(cell.raw or cell.text):
            group = parse_benchmark(cell.text).benchmark_id
            part = sub_benchmark(group, bench.label.lstrip("-– "), True) if group else None
            if part and part not in (group, "average"):
                return BenchmarkLabel(bench.label, part, bench.protocol)
            return bench
    return bench
