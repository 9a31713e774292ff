"""The last step of reading a value cell, the same for every table: what the row, the
column and the table's context said about the cell (`CellFacts`) becomes one record per
number in the cell.

What this step adds, in order: the configuration the section's prose states for a
quantized row that omits it, and the source's default quantization method; for each
number of the cell (`54.2 / 60.1` under `MMLU / CMMLU` is two benchmarks, under one
benchmark two numbers), the benchmark (a `/`-split header part, a unit that names one:
GB under `Peak usage` is GPU memory, else the label as an unknown id), the dataset of a
bare `perplexity` (the one the prose or the `perplexity_dataset` hint names), the
evaluation context length of a perplexity, and the scale (`records.table_scale`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from benchtable.extract.headers import (
    PPL_DATASETS,
    inner_qualifier,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.labels import parse_configuration
from benchtable.extract.records import Reading, score_record, table_citation, table_scale
from benchtable.extract.registry import DocumentInput
from benchtable.extract.skips import SkipReason, skip
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand.declared_variants import with_declared_variant
from benchtable.extract.understand.scheme import with_document_scheme
from benchtable.extract.understand.words import CJK_LETTER
from benchtable.extract.values import CellValue, parse_cell
from benchtable.schema.records import Configuration, Protocol, ScoreRecord

__all__ = ["CellFacts", "cell_records", "column_max"]


@dataclass(frozen=True)
class CellFacts:
    """Whose number a value cell holds, on what, measured how: the attribution of one cell."""

    model: str
    """The model id."""
    model_label: str
    configuration: Configuration
    benchmark: str | None
    """A known benchmark id, or None for a label to be read per number (`benchmark_label`)."""
    benchmark_label: str
    protocol: Protocol
    header: str
    """The column header as printed (quoted in the citation)."""
    unit_text: str
    """The text whose units decide the scale (the header, or the row's benchmark label)."""
    label_cols: list[int]
    label_states_setting: bool = True
    """Whether the benchmark label is a header that states how a speed or memory was
    measured (`Speed (tokens/s) A100 bs1`: kept as the protocol's details); a paper's
    labels (`Mem. (GiB)`, a caption) are not."""
    part_metrics: tuple[str, ...] = ()
    """One metric per number of the cell (`F1/Acc`), or () when the header states none per number."""
    part_benchmarks: tuple[str, ...] = ()
    """One benchmark id per number of the cell (`MNLI-m/mm`), or () when the header names one."""


@dataclass(frozen=True)
class CellPlace:
    doc: DocumentInput
    table: Table
    row_index: int
    col: int
    row: list[Cell]
    column_max: float


def column_max(rows: list[list[Cell]], col: int) -> float:
    """The largest magnitude in a value column (decides percent vs fraction)."""
    return max((abs(v.value) for row in rows for v in (parse_cell(row[col].text) or [])), default=0.0)


def cell_records(place: CellPlace, facts: CellFacts) -> list[ScoreRecord]:
    """One record per number in the cell at `place`, attributed by `facts`."""
    cell = place.row[place.col]
    values = parse_cell(cell.text)
    if not values:
        skip(place.table, place.row_index, place.col, SkipReason.NOT_A_NUMBER)
        return []
    if facts.part_benchmarks and len(facts.part_benchmarks) != len(values):
        skip(place.table, place.row_index, place.col, SkipReason.PARTS_MISMATCH, facts.benchmark_label)
        return []
    if _spec_sheet_memory(facts, values):
        skip(place.table, place.row_index, place.col, SkipReason.NOT_A_SCORE, facts.benchmark_label)
        return []
    config = _configured(facts.configuration, place.table, place.doc)
    labels = [facts.benchmark_label] * len(values)
    part_protocols: list[Protocol] | None = None
    if len(values) > 1:
        labels = _split_header(facts, len(values)) or labels
        part_protocols = _split_protocols(facts.benchmark_label, len(values))
    citation = table_citation(
        place.doc, place.table, place.row_index, place.col, place.row, facts.label_cols, facts.header
    )
    model = with_declared_variant(facts.model, place.doc) if facts.model else facts.model
    out: list[ScoreRecord] = []
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):
        bench_id, protocol = _benchmark_of(facts, label, value, place)
        if facts.part_benchmarks:  # `MNLI-m/mm` over `84.20/84.67`
            bench_id = facts.part_benchmarks[i]
        if part_protocols is not None:  # `MMLU 0-shot / 5-shot` over `55.8 / 57.0`
            protocol = merge_protocols(part_protocols[i], protocol)
        elif len(facts.part_metrics) == len(values):  # `F1/Acc` over `87.83/90.95`
            protocol = protocol.model_copy(update={"metric": facts.part_metrics[i]})
        elif len(values) > 1 and label == facts.benchmark_label:
            where = f"value {i + 1} of {len(values)} in the cell"
            details = f"{protocol.details}; {where}" if protocol.details else where
            protocol = protocol.model_copy(update={"details": details})
        reading = Reading(
            model=model,
            model_label=facts.model_label,
            configuration=config,
            benchmark=bench_id,
            benchmark_label=label[:200] or bench_id,
            protocol=protocol,
            value=value.value,
            raw=cell.raw.strip(),
            scale=table_scale(
                bench_id,
                value,
                place.column_max,
                facts.unit_text if label == facts.benchmark_label else label,
            ),
            bound=value.bound,
        )
        out.append(score_record(place.doc, reading, citation))
    return out


_SPEED_AND_MEMORY = {"decode_speed", "decode_latency", "gpu_memory"}
_MEMORY_WORDS = re.compile(r"memory|usage|peak|vram", re.IGNORECASE)
_MEMORY_UNIT_IN_LABEL = re.compile(r"[(\[][^()\[\]]*\b(?:GB|GiB|MB|MiB)\s*[)\]]")


def _benchmark_of(facts: CellFacts, label: str, value: CellValue, place: CellPlace) -> tuple[str, Protocol]:
    """The benchmark id and protocol of one number of the cell, read under `label`."""
    protocol = facts.protocol
    if label == facts.benchmark_label and facts.benchmark is not None:
        bench_id = facts.benchmark
    else:
        parsed = parse_benchmark(label)
        if label != facts.benchmark_label:
            protocol = merge_protocols(parsed.protocol, protocol)
        bench_id = parsed.benchmark_id or _unit_benchmark(label, value) or unknown_benchmark_id(label)
        if parsed.benchmark_id is None and inner_qualifier(label) and not protocol.details:
            protocol = protocol.model_copy(update={"details": inner_qualifier(label)})
    if bench_id == "perplexity":
        bench_id = _perplexity_dataset(place.table) or _hinted_perplexity_dataset(place.doc) or bench_id
    if bench_id in _SPEED_AND_MEMORY and not protocol.details and facts.label_states_setting:
        protocol = protocol.model_copy(update={"details": label})  # hardware, threads, batch: as printed
    if bench_id.endswith("ppl") or bench_id == "perplexity":
        length = protocol.context_length or _context_length(place.table, place.doc)
        protocol = protocol.model_copy(update={"context_length": length})
    return bench_id, protocol


def _spec_sheet_memory(facts: CellFacts, values: list[CellValue]) -> bool:
    """GB under a header written in CJK that names no listed benchmark (`微调（Q-Lora）最小GPU用量`,
    a spec sheet's minimum memory): what the column measures is not known, so it is no score."""
    label = facts.benchmark_label
    if facts.benchmark is not None or not CJK_LETTER.search(label) or parse_benchmark(label).benchmark_id:
        return False
    return all(v.unit in _MEMORY_UNITS for v in values) and _unit_benchmark(label, values[0]) is None


_MEMORY_UNITS = {"gb", "gib", "mib", "mb"}


def _unit_benchmark(label: str, value: CellValue) -> str | None:
    """An unnamed measurement whose unit says what it is: GB under "Peak usage" is GPU memory, as
    is a number under `Resident memory (MiB)`."""
    unit = value.unit in _MEMORY_UNITS or _MEMORY_UNIT_IN_LABEL.search(label)
    if unit and _MEMORY_WORDS.search(label):
        return "gpu_memory"
    return None


def _split_header(facts: CellFacts, count: int) -> list[str] | None:
    """`MMLU / CMMLU` over `54.2 / 60.1`: one label per number, when the label has as many
    parts and each names a benchmark (or the label as a whole names none: `F1/Acc MRPC`
    is two metrics of MRPC)."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", facts.benchmark_label)]
    if len(parts) != count:
        return None
    if facts.benchmark is not None and not all(parse_benchmark(p).benchmark_id for p in parts):
        return None
    return _with_shared_name(parts)


def _with_shared_name(parts: list[str]) -> list[str]:
    """`MTOB (half book) eng->kgv/kgv->eng`: later parts as short as the first part's last word,
    naming no benchmark of their own, only say what differs; they keep the name before it."""
    head, _, tail = parts[0].rpartition(" ")
    if not head or any(" " in p or parse_benchmark(p).benchmark_id for p in parts[1:]):
        return parts
    return [parts[0], *(f"{head} {p}" for p in parts[1:])] if tail else parts


def _split_protocols(label: str, count: int) -> list[Protocol] | None:
    """`MMLU 0-shot / 5-shot` over `55.8 / 57.0`: the protocol each part of the header states, one
    per number, when every part states its own shot count and the counts differ; else None."""
    parts = re.split(r"\s*/\s*", label)
    if len(parts) != count:
        return None
    protocols = [parse_protocol(p) for p in parts]
    shots = [p.n_shot for p in protocols]
    if None in shots or len(set(shots)) != count:
        return None
    return protocols


def _perplexity_dataset(table: Table) -> str | None:
    """`perplexity` with no dataset in its label: the one dataset the surrounding prose names."""
    return _dataset_named_in(" ".join((table.caption, table.context, table.context_after, table.heading)))


_OTHER_WIKITEXT = re.compile(r"wiki[- ]?text[- ]?103", re.IGNORECASE)


@lru_cache(maxsize=256)
def _dataset_named_in(text: str) -> str | None:
    """The one perplexity dataset `text` names; WikiText-103 is not WikiText-2."""
    if _OTHER_WIKITEXT.search(text):
        return None
    named = [b for b, pattern in PPL_DATASETS.items() if re.search(pattern, text, re.IGNORECASE)]
    return named[0] if len(named) == 1 else None


def _hinted_perplexity_dataset(doc: DocumentInput) -> str | None:
    hinted = doc.hints.get("perplexity_dataset")
    return f"{hinted}_ppl" if isinstance(hinted, str) and f"{hinted}_ppl" in PPL_DATASETS else None


def _context_length(table: Table, doc: DocumentInput) -> int | None:
    """The evaluation context length the prose states (perplexity depends on it), else the source's hint."""
    for text in (table.caption, table.context, table.context_after):
        found = parse_protocol(text).context_length if text else None
        if found:
            return found
    hinted = doc.hints.get("context_length")
    return hinted if isinstance(hinted, int) else None


def _configured(config: Configuration, table: Table, doc: DocumentInput) -> Configuration:
    """The section's group size and method for a quantized row that omits them, then the
    source's default method; a method with no width takes the document's stated scheme."""
    config = with_document_scheme(_section_defaults(config, table), doc)
    default_method = doc.hints.get("quant_method")
    if (
        isinstance(default_method, str)
        and config.bits is not None
        and config.quant_method is None
        and config.bits < 16
    ):
        config = config.model_copy(update={"quant_method": default_method})
    return config


_SECTION_GROUP = re.compile(r"group[_ -]?size(?:\s*(?:of|=|:))?\s*(\d{2,4})\b", re.IGNORECASE)
_METHOD_WORD = re.compile(
    r"(?<![A-Za-z0-9])(?:GPTQ|AWQ|RTN|SmoothQuant|bitsandbytes|EXL2|HQQ|AutoRound)(?![A-Za-z0-9])"
)


def _section_defaults(config: Configuration, table: Table) -> Configuration:
    """A quantized row that omits its method or group size takes the one its section states
    ("All benchmarks are done with group_size 128" in a section about one method)."""
    if config.bits is None or config.bits >= 16 or not table.section:
        return config
    group_size, quant_method = _section_settings(table.section)
    update: dict[str, object] = {}
    if config.group_size is None and group_size is not None:
        update["group_size"] = group_size
    if config.quant_method is None and quant_method is not None:
        update["quant_method"] = quant_method
    return config.model_copy(update=update) if update else config


@lru_cache(maxsize=256)
def _section_settings(section: str) -> tuple[int | None, str | None]:
    """The one group size and the one quantization method a section's prose names, if one each."""
    sizes = set(_SECTION_GROUP.findall(section))
    methods = {parse_configuration(m.group(0))[1].quant_method for m in _METHOD_WORD.finditer(section)}
    methods.discard(None)
    return (
        int(sizes.pop()) if len(sizes) == 1 else None,
        methods.pop() if len(methods) == 1 else None,
    )
