"""Sub-headers under a benchmark group: the part of the benchmark a column reports
(`MMLU` over `Hums. STEM Social Other Avg.`).
"""

from __future__ import annotations

import re

from benchtable.extract.headers import is_not_score, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import looks_like_model
from benchtable.extract.table import Table
from benchtable.extract.understand.category_columns import name_category_columns
from benchtable.extract.understand.dataset_columns import name_dataset_columns
from benchtable.extract.understand.facts import AxisFacts, has_config, read_text, stacked_name
from benchtable.extract.understand.words import (
    AVERAGE,
    BASELINE,
    COUNT_WORDS,
    FINE_TUNE,
    GENERIC_BENCH,
    KNOWN_FAMILY,
    PARTED,
    SUBJECT_AREAS,
    TASK_IDS,
    bench_id,
    clean,
    header_bench,
    prompting_style,
)
from benchtable.schema.records import Protocol
from benchtable.schema.vocabulary import fold, vocabulary


def sub_benchmark(group: str, sub: str, siblings_named: bool) -> str | None:
    """A sub-header under a benchmark group: `MMLU` + `Hums.` -> `mmlu_humanities`."""
    s = clean(sub)
    if AVERAGE.match(s.rstrip(".") + ("." if s.endswith(".") else "")) or AVERAGE.match(s):
        return "average" if siblings_named else group
    if parse_protocol(s) != Protocol() or prompting_style(s) is not None or re.search(r"\d|@", s):
        return group
    key = fold(s.rstrip("."))
    if group in PARTED and key in SUBJECT_AREAS:
        return f"{group}_{SUBJECT_AREAS[key]}"
    return None


def part_of_group(group: str, sub: str) -> str | None:
    """The benchmark a column under a benchmark group reports, when `sub_benchmark` does
    not know its sub-header: the group itself when the sub-header says how it was measured
    or which model/configuration (`PPL`, `Base`, `RTN`, `LLaMA`), a part of the group named
    after the sub-header otherwise (`C-Eval` + `Hard` -> `ceval_hard`): a part is never
    passed off as the whole."""
    s = clean(sub)
    own = bench_id(s)
    if own in GENERIC_BENCH or BASELINE.match(s) or FINE_TUNE.search(s):
        return group
    if looks_like_model(s) or KNOWN_FAMILY.match(s) or has_config(parse_configuration(s)[1]):
        return group
    slug = re.sub(r"[^a-z0-9]+", "_", s.lower().rstrip(".")).strip("_")
    return TASK_IDS.get(f"{group}_{slug}", f"{group}_{slug}") if slug else None


_COUNTED = re.compile(r"\((\d+)\s+([a-z]+)\)", re.IGNORECASE)
_WITHOUT = re.compile(r"\((?:w/o|without)\s+([^()]+)\)", re.IGNORECASE)


def task_name(label: str, rest: str) -> str:
    """A task row's name with the parenthesised qualifier that tells it from a sibling task
    (`Logical Deduction (5 objects)` -> `Logical Deduction five objects`, `SAT-English (w/o
    Psg.)` -> `SAT-English without Psg`), which reading the label as a model drops."""
    counted, without = _COUNTED.search(label), _WITHOUT.search(label)
    if counted:
        return f"{rest} {COUNT_WORDS.get(counted.group(1), counted.group(1))} {counted.group(2)}"
    if without:
        return f"{rest} without {without.group(1).strip(' .')}"
    return rest


def column_facts(
    t: Table, values: list[int], caption: str, caption_bench: str | None
) -> dict[int, AxisFacts]:
    """The facts of every value column: its header cells read lowest first (the most
    specific statement wins), a benchmark group above a sub-header resolved to its part."""
    facts: dict[int, AxisFacts] = {}
    groups: dict[int, tuple[str, str] | None] = {}
    for c in values:
        facts[c], groups[c] = _header_facts(_header_texts(t, c))
    lowest = {c: clean(_lowest_text(t, c)) for c in values}
    if all(groups[c] is None for c in values) and name_category_columns(facts, lowest, values, caption_bench):
        return facts
    for c in values:
        _resolve_group(facts[c], groups[c], lowest, c, groups)
    if caption_bench and all(facts[c].bench in (None, "average") for c in values):
        for c in values:  # a caption benchmark over sub-headers (`Humanities STEM ... Average`)
            if facts[c].model or facts[c].size or facts[c].family:
                continue  # `GPT- 4`, `Vicuna- 13B`: a model over the column, not a part
            sub = sub_benchmark(caption_bench, lowest[c], False) if lowest[c] else None
            if sub:
                facts[c].bench, facts[c].bench_label = sub, f"{caption} {lowest[c]}"
    _mark_unnamed_variants(facts, values)
    if not caption_bench and _parts_of_an_unnamed_benchmark(lowest, values):
        for c in values:
            facts[c].bench, facts[c].rest = None, ""
        return facts
    if any(facts[c].bench for c in values):
        for c in values:  # an unknown benchmark among named ones (`AlpacaFarm` next to `MMLU`)
            f = facts[c]
            if (
                f.bench is None
                and f.rest
                and not (f.model or f.size or is_not_score(f.rest) or BASELINE.match(f.rest))
            ):
                f.bench, f.bench_label = unknown_benchmark_id(f.rest), f.rest
    else:
        name_dataset_columns(facts, values, lowest, caption)
    return facts


def _parts_of_an_unnamed_benchmark(lowest: dict[int, str], values: list[int]) -> bool:
    """`Humanities | STEM | Social Science | Other | Average` under a caption that names no
    benchmark: subject areas of a benchmark the table does not name (MMLU, C-Eval and CMMLU
    all report these), so no column is a benchmark of its own."""
    areas = [c for c in values if fold(lowest[c].rstrip(".")) in SUBJECT_AREAS]
    rest = [c for c in values if c not in areas]
    return len(areas) >= 3 and all(AVERAGE.match(lowest[c].rstrip(".")) for c in rest)


def _mark_unnamed_variants(facts: dict[int, AxisFacts], values: list[int]) -> None:
    """Columns beside an `Original` (`Base`) column whose headers only say what was done to
    the row's model (`Rephrased English`): another model, which the table does not name."""
    if not any(BASELINE.match(facts[c].rest) and not facts[c].bench for c in values):
        return
    for c in values:
        f = facts[c]
        named = f.bench or f.model or f.size or f.variant or has_config(f.config)
        if f.rest and not BASELINE.match(f.rest) and not named:
            f.unnamed_variant = True


def _header_texts(t: Table, c: int) -> list[str]:
    texts: list[str] = []
    for r in t.rows[: t.header_rows]:
        txt = r[c].text
        if txt and (not texts or texts[-1] != txt):
            texts.append(txt)
    return texts


def _lowest_text(t: Table, col: int) -> str:
    return next((r[col].text for r in reversed(t.rows[: t.header_rows]) if r[col].text), "")


def _stacked_benchmark(texts: list[str], f: AxisFacts) -> str | None:
    """A listed benchmark the header levels name only together (`Train` over `Speed`: training
    throughput, not a decode speed): one level left a word unread and the whole is an alias."""
    if len(texts) < 2 or f.bench is None or not f.rest or f.model or f.size:
        return None
    whole = vocabulary().benchmark_id(" ".join(clean(t) for t in texts))
    return whole if whole not in (None, f.bench) else None


def _header_facts(texts: list[str]) -> tuple[AxisFacts, tuple[str, str] | None]:
    """A column's facts and the benchmark group above its lowest header cell, if any."""
    f = AxisFacts()
    group: tuple[str, str] | None = None
    for k, txt in enumerate(reversed(texts)):
        read_text(txt, f, allow_family=True)
        upper = header_bench(txt) if k > 0 else None
        if upper and group is None:
            group = (upper, txt)
    whole = _stacked_benchmark(texts, f)
    if whole is not None:
        f.bench, f.bench_label, f.rest = whole, " ".join(clean(t) for t in texts), ""
    if f.bench is None and len(texts) > 1:
        name = stacked_name(texts)
        if name and (
            (f.model and re.match(r"^\d", f.model)) or (not f.model and f.rest and not (f.size and f.family))
        ):
            f.model, f.rest = name, ""
    return f, group


def _resolve_group(
    f: AxisFacts,
    group: tuple[str, str] | None,
    lowest: dict[int, str],
    c: int,
    groups: dict[int, tuple[str, str] | None],
) -> None:
    """A sub-header under a benchmark group (`MMLU` over `Hums. ... Avg.`) names its part."""
    if group is None or not lowest[c]:
        return
    own = bench_id(lowest[c])
    if own is not None and own not in GENERIC_BENCH:
        return  # `PIQA` under `Common Sense QA`: the lower benchmark
    siblings = [d for d in groups if d != c and groups[d] == group]
    named = any(bench_id(lowest[d]) not in (None, "average") for d in siblings)
    distinct = any(lowest[d] != lowest[c] for d in siblings)
    sub = sub_benchmark(group[0], lowest[c], named)
    if sub is None:
        sub = part_of_group(group[0], lowest[c]) if distinct else group[0]
    if sub is None:
        f.bench = None
        return
    f.bench = sub
    f.bench_label = f"{group[1]} {lowest[c]}"
