"""Controlled comparisons: configurations measured in the same source under the same
protocol that differ in one factor, with the deltas.

Derived from the records alone (a pure function). Within one source:

- quantization: one model, several configurations (precision, method, bits, group
  size, format) — ordered from the highest precision, deltas against it;
- model size: one family and variant in one configuration, several sizes — ordered
  by parameter count, deltas against the smallest;
- n-shot / CoT: one model and configuration, one benchmark measured with several
  stated n-shot (or CoT and no-CoT) settings, the rest of the protocol equal.

A value only enters when it is unambiguous: if the source prints two different
numbers for the same model, configuration, benchmark and protocol, neither is used.
Groups about a model that is a row of the report come first; then groups rank by
how many benchmarks their members share, then by member count.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from benchtable.reports.comparison_labels import benchmark_label, complete_labels, shown_protocol
from benchtable.reports.comparison_labels import config_label as stated_label
from benchtable.reports.select import describe_protocol, effective_protocol, same_value
from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import Configuration, Protocol, ScoreRecord
from benchtable.schema.vocabulary import vocabulary

FACTORS = ("quantization", "model size", "n-shot", "CoT")
UNQUANTIZED_BITS = {"fp32": 32.0, "fp16": 16.0, "bf16": 16.0, "fp8": 8.0, "int8": 8.0, "int4": 4.0}


@dataclass(frozen=True)
class Member:
    key: str
    label: str
    order: tuple[float, str]


@dataclass(frozen=True)
class Entry:
    """One benchmark under one protocol, with a record per member (or None)."""

    benchmark: str
    label: str
    protocol: Protocol
    direction: str
    records: tuple[ScoreRecord | None, ...]

    @property
    def values(self) -> list[float | None]:
        return [r.value if r is not None else None for r in self.records]


@dataclass
class Comparison:
    factor: str
    source_id: str
    url: str
    source_kind: str
    subject: str
    """What is held fixed, e.g. 'Qwen-7B-Chat' or 'llama family, FP16'."""
    members: list[Member]
    entries: list[Entry] = field(default_factory=list)
    models: frozenset[str] = frozenset()
    focus: bool = False
    """True when one of its models is a row of the report (such groups are listed first)."""

    @property
    def shared(self) -> int:
        return len(self.entries)

    def title(self) -> str:
        labels = [m.label for m in self.members]
        if len(labels) == 2:
            return f"{self.subject}: {labels[1]} vs {labels[0]}"
        return f"{self.subject}: {' · '.join(labels)}"

    def sort_key(self) -> tuple[object, ...]:
        return (
            not self.focus,
            -self.shared,
            -len(self.members),
            FACTORS.index(self.factor),
            self.source_id,
            self.subject,
        )


def config_key(c: Configuration) -> tuple[str, ...]:
    return tuple("" if v is None else str(v).lower() for v in c.model_dump().values())


def config_label(c: Configuration) -> str:
    """A configuration's label in titles ("as published" when it states nothing)."""
    return stated_label(c) or "as published"


def effective_bits(c: Configuration) -> float:
    if c.bits is not None:
        return float(c.bits)
    if c.quant_format:
        m = re.search(r"(\d+)", c.quant_format)
        if m:
            return float(m.group(1))
    if c.precision and c.precision.lower() in UNQUANTIZED_BITS:
        return UNQUANTIZED_BITS[c.precision.lower()]
    return 16.0


_SIZE = re.compile(r"^(?P<fam>.+?)-(?:(?P<experts>\d+)x)?(?P<size>\d+(?:\.\d+)?)b(?:-(?P<rest>.+))?$")


def model_traits(model_id: str) -> tuple[str, float, str] | None:
    """(family, parameters in billions, variant) from the vocabulary, else from the id."""
    m = vocabulary().models.get(model_id)
    if m is not None:
        if m.params_b is None:
            return None
        return m.family, m.params_b, m.variant
    match = _SIZE.match(model_id)
    if not match:
        return None
    size = float(match.group("size")) * float(match.group("experts") or 1)
    return match.group("fam"), size, match.group("rest") or "base"


def model_label(model_id: str) -> str:
    m = vocabulary().models.get(model_id)
    return m.label if m else model_id


def _protocol_key(p: Protocol, drop: str = "") -> tuple[str, ...]:
    return tuple(
        "" if n == drop else str(getattr(p, n))
        for n in ("n_shot", "cot", "metric", "split", "context_length", "details")
    )


def _position(r: ScoreRecord) -> tuple[int, int, int, int, int, str]:
    loc = r.citation.locator
    return (loc.page or 0, loc.line or 0, loc.table or 0, loc.row or 0, loc.column or 0, r.record_id())


def _clean(records: Sequence[ScoreRecord], meta: SourceMeta | None) -> list[tuple[ScoreRecord, Protocol]]:
    """The source's records with unambiguous values: one value per model, configuration,
    benchmark and protocol (first by position when printed more than once)."""
    seen: dict[tuple[object, ...], list[tuple[ScoreRecord, Protocol]]] = {}
    for r in sorted(records, key=_position):
        if r.bound is not None:
            continue
        protocol, _ = effective_protocol(r, meta)
        key = (r.model, config_key(r.configuration), r.benchmark, _protocol_key(protocol), r.scale)
        seen.setdefault(key, []).append((r, protocol))
    out: list[tuple[ScoreRecord, Protocol]] = []
    for group in seen.values():
        first = group[0][0]
        if all(same_value(g[0].value, first.value) for g in group):
            out.append(group[0])
    return out


def _bench(benchmark: str, record: ScoreRecord, protocol: Protocol) -> tuple[str, str]:
    b = vocabulary().benchmarks.get(benchmark)
    return benchmark_label(benchmark, record.benchmark_label, protocol), (b.direction if b else "higher")


def _build(
    factor: str,
    source: str,
    meta: SourceMeta | None,
    subject: str,
    members: dict[str, Member],
    cells: dict[tuple[str, tuple[str, ...]], dict[str, tuple[ScoreRecord, Protocol]]],
) -> Comparison | None:
    ordered = sorted(members.values(), key=lambda m: m.order)
    if len(ordered) < 2:
        return None
    comp = Comparison(
        factor=factor,
        source_id=source,
        url=meta.url if meta else "",
        source_kind=meta.kind if meta else "",
        subject=subject,
        members=ordered,
    )
    for (bench, _pkey), by_member in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        present = [by_member.get(m.key) for m in ordered]
        if sum(p is not None for p in present) < 2:
            continue
        some = next(p for p in present if p is not None)
        label, direction = _bench(bench, some[0], some[1])
        comp.entries.append(
            Entry(
                benchmark=bench,
                label=label,
                protocol=some[1],
                direction=direction,
                records=tuple(p[0] if p else None for p in present),
            )
        )
    # keep only members that have at least one value
    used = [i for i, m in enumerate(ordered) if any(e.records[i] is not None for e in comp.entries)]
    if len(used) < 2 or not comp.entries:
        return None
    if len(used) < len(ordered):
        comp.members = [ordered[i] for i in used]
        comp.entries = [
            Entry(e.benchmark, e.label, e.protocol, e.direction, tuple(e.records[i] for i in used))
            for e in comp.entries
            if sum(e.records[i] is not None for i in used) >= 2
        ]
    return comp


def controlled_comparisons(
    records: Sequence[ScoreRecord], sources: Mapping[str, SourceMeta], focus: Collection[str] = ()
) -> list[Comparison]:
    """Every controlled comparison the records support, best first: groups about a
    model in `focus` (the report's rows) first, then by benchmarks shared."""
    by_source: dict[str, list[ScoreRecord]] = {}
    for r in records:
        by_source.setdefault(r.source_id, []).append(r)
    found: list[Comparison] = []
    for source in sorted(by_source):
        meta = sources.get(source)
        clean = _clean(by_source[source], meta)
        found.extend(_quantization(source, meta, clean))
        found.extend(_sizes(source, meta, clean))
        found.extend(_protocols(source, meta, clean, "n_shot", "n-shot"))
        found.extend(_protocols(source, meta, clean, "cot", "CoT"))
    wanted = set(focus)
    for comp in found:
        comp.models = frozenset(r.model for e in comp.entries for r in e.records if r is not None)
        comp.focus = bool(comp.models & wanted)
    found.sort(key=Comparison.sort_key)
    return found


Cells = dict[tuple[str, tuple[str, ...]], dict[str, tuple[ScoreRecord, Protocol]]]


def _quantization(
    source: str, meta: SourceMeta | None, clean: list[tuple[ScoreRecord, Protocol]]
) -> list[Comparison]:
    per_model: dict[str, tuple[dict[str, Member], Cells]] = {}
    for r, p in clean:
        members, cells = per_model.setdefault(r.model, ({}, {}))
        key = "|".join(config_key(r.configuration))
        c = r.configuration
        members.setdefault(key, Member(key, stated_label(c), (-effective_bits(c), key)))
        cells.setdefault((r.benchmark, _protocol_key(p)), {})[key] = (r, p)
    out: list[Comparison] = []
    for model in sorted(per_model):
        members, cells = per_model[model]
        configs = list(members)
        quantized = [k for k in configs if effective_bits(_config_of(k)) < 16]
        if len(configs) < 2 or not quantized:
            continue
        comp = _build("quantization", source, meta, model_label(model), members, cells)
        if comp:
            complete_labels(comp)
            out.append(comp)
    return out


def _config_of(key: str) -> Configuration:
    names = list(Configuration.model_fields)
    values = key.split("|")
    data: dict[str, object] = {}
    for n, v in zip(names, values, strict=True):
        if v:
            data[n] = float(v) if n == "bits" else int(v) if n == "group_size" else v
    return Configuration.model_validate(data)


def _sizes(
    source: str, meta: SourceMeta | None, clean: list[tuple[ScoreRecord, Protocol]]
) -> list[Comparison]:
    groups: dict[tuple[str, str, str], tuple[dict[str, Member], Cells]] = {}
    for r, p in clean:
        traits = model_traits(r.model)
        if traits is None:
            continue
        family, params, variant = traits
        ckey = "|".join(config_key(r.configuration))
        members, cells = groups.setdefault((family, variant, ckey), ({}, {}))
        members.setdefault(r.model, Member(r.model, model_label(r.model), (params, r.model)))
        cells.setdefault((r.benchmark, _protocol_key(p)), {})[r.model] = (r, p)
    out: list[Comparison] = []
    for family, variant, ckey in sorted(groups):
        members, cells = groups[(family, variant, ckey)]
        sizes = {m.order[0] for m in members.values()}
        if len(sizes) < 2:
            continue
        conf = config_label(_config_of(ckey))
        subject = f"{family} family" + ("" if variant == "base" else f" ({variant})") + f", {conf}"
        comp = _build("model size", source, meta, subject, members, cells)
        if comp:
            out.append(comp)
    return out


def _protocols(
    source: str, meta: SourceMeta | None, clean: list[tuple[ScoreRecord, Protocol]], name: str, factor: str
) -> list[Comparison]:
    groups: dict[tuple[str, str], tuple[dict[str, Member], Cells]] = {}
    for r, p in clean:
        value = getattr(p, name)
        if value is None:
            continue
        ckey = "|".join(config_key(r.configuration))
        members, cells = groups.setdefault((r.model, ckey), ({}, {}))
        mkey = str(value)
        if name == "n_shot":
            label, order = f"{value}-shot", float(value)
        else:
            label, order = ("CoT" if value else "no CoT"), (1.0 if value else 0.0)
        members.setdefault(mkey, Member(mkey, label, (order, mkey)))
        cells.setdefault((r.benchmark, _protocol_key(p, drop=name)), {})[mkey] = (r, p)
    out: list[Comparison] = []
    for model, ckey in sorted(groups):
        members, cells = groups[(model, ckey)]
        conf = _config_of(ckey)
        subject = model_label(model) + (f" {conf.label()}" if conf.label() else "")
        comp = _build(factor, source, meta, subject, members, cells)
        if comp:
            out.append(comp)
    return out


def protocol_text(entry: Entry, factor: str) -> str:
    """The shared protocol of an entry, leaving out the factor that varies."""
    p = shown_protocol(entry.benchmark, entry.protocol)
    if factor == "n-shot":
        p = p.model_copy(update={"n_shot": None})
    elif factor == "CoT":
        p = p.model_copy(update={"cot": None})
    return describe_protocol(p)
