"""Facts of one axis: what a column's header cells or a row's label cells say about the
values along it (model, size, family, benchmark, configuration, protocol, variant).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from benchtable.extract.headers import merge_protocols, parse_protocol
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import HAS_SIZE, SIZE_ONLY, looks_like_model
from benchtable.extract.understand.printed_method import split_printed_method, split_suffixed_method
from benchtable.extract.understand.words import (
    BASELINE,
    CATEGORY_BENCH,
    CATEGORY_WORD,
    FINE_TUNE,
    GENERIC_BENCH,
    KNOWN_FAMILY,
    SERVED_IN_PARENS,
    STUB_NOISE,
    TRAINED_ON,
    bench_id,
    clean,
    header_bench,
    model_label,
    plausible_name,
    prompting_style,
)
from benchtable.extract.values import parse_cell
from benchtable.schema.records import Configuration, Protocol
from benchtable.schema.vocabulary import vocabulary


@dataclass
class AxisFacts:
    """What one axis (a column's headers, a row's labels) says about its cells."""

    model: str | None = None
    """A full model name (`OPT-175B`, `LLaMA 2 7B`)."""
    size: str | None = None
    family: str | None = None
    bench: str | None = None
    bench_label: str = ""
    config: Configuration = field(default_factory=Configuration)
    rest: str = ""
    """Label words that are neither model, configuration nor benchmark (a method name)."""
    protocol: Protocol = field(default_factory=Protocol)
    part_metrics: tuple[str, ...] = ()
    part_benchmarks: tuple[str, ...] = ()
    """One benchmark id per number of a cell (`MNLI-m/mm` over `84.20/84.67`)."""
    """One metric per number of a cell (`F1/Acc` over `87.83/90.95`), when a header says so."""
    variant: str | None = None
    """A fine-tuning method the label names (`LoRA`, `FFT`): the numbers are a fine-tuned
    model's, not the base model's."""
    unnamed_variant: bool = False
    """A column beside an `Original` one that names what was done to the model in words
    the table does not explain (`Rephrased English`): another model, not named."""


def merge_config(a: Configuration, b: Configuration) -> Configuration:
    """Field by field, `a` first."""
    return Configuration(
        precision=a.precision or b.precision,
        quant_method=a.quant_method or b.quant_method,
        bits=a.bits if a.bits is not None else b.bits,
        group_size=a.group_size if a.group_size is not None else b.group_size,
        quant_format=a.quant_format or b.quant_format,
    )


def has_config(c: Configuration) -> bool:
    return any(v is not None for v in (c.precision, c.quant_method, c.bits, c.group_size, c.quant_format))


def family_of(text: str) -> str | None:
    """A family name in a stub header or a caption (`OPT`, `LLaMA Family`, `OPT / PPL`)."""
    t = clean(STUB_NOISE.sub(" ", text))
    t = re.sub(r"\s+", " ", t).strip(" -:,.")
    if not t or HAS_SIZE.search(t) or bench_id(t) or len(t) > 24:
        return None
    if not re.match(r"^[A-Za-z]", t) or parse_cell(t) is not None or BASELINE.match(t):
        return None
    if has_config(parse_configuration(t)[1]):
        return None
    return t


def stacked_name(texts: list[str]) -> str | None:
    """A model name printed over two header rows (`DeepSeek` / `67B Chat`, `DeepSeek-V2` /
    `Chat (SFT)`), top to bottom, when no row names a benchmark."""
    cleaned = [clean(t) for t in texts]
    if any(bench_id(t) for t in cleaned):
        return None
    rest, config = parse_configuration(" ".join(cleaned))
    rest = rest.strip()
    known = vocabulary().model_id(rest) is not None  # `TD-` over `003`
    if has_config(config) or not re.match(r"^[A-Za-z]", rest) or not (known or looks_like_model(rest)):
        return None
    return rest if plausible_name(model_label(rest)) else None


_JUDGE = re.compile(r"\s*\(([^()]+)\)\s*$")


def _judged_by(text: str, bench: str | None) -> bool:
    """`MT-Bench Score (GPT-4)`: a chat benchmark graded by a model, the judge in brackets after
    the benchmark's own name; the model in brackets is no model of the row."""
    judge = _JUDGE.search(text)
    listed = vocabulary().benchmarks.get(bench) if bench else None
    if judge is None or listed is None or listed.category != "chat":
        return False
    return vocabulary().benchmark_id(text[: judge.start()]) == bench and looks_like_model(judge.group(1))


def read_text(text: str, facts: AxisFacts, allow_family: bool) -> None:
    """Add what one header/label text says to `facts` (the first statement of a kind wins)."""
    text = clean(text)
    if not text:
        return
    text = _without_leading_style(text, facts)
    text, printed_method = split_printed_method(text)
    if printed_method is None:
        text, printed_method = split_suffixed_method(text)
    proto = parse_protocol(text)
    style = prompting_style(text)
    if style is not None:  # `standard`, `CoT`: how the model was prompted, nothing else
        proto = merge_protocols(Protocol(cot=style), proto)
    facts.protocol = merge_protocols(facts.protocol, proto)
    if style is not None:
        return
    bench = header_bench(text)
    if bench is None and CATEGORY_WORD.match(text):
        stripped = CATEGORY_WORD.sub("", text, count=1)
        if bench_id(stripped):
            text, bench = stripped, bench_id(stripped)
    rest, config = parse_configuration(text)
    named = (
        bench is not None and vocabulary().model_id(text) is None and vocabulary().benchmark_id(text) == bench
    ) or _judged_by(text, bench)
    if bench and (named or not looks_like_model(rest if rest else text)):
        weak = GENERIC_BENCH | CATEGORY_BENCH
        if facts.bench is None or (facts.bench in weak and bench not in weak):
            facts.bench, facts.bench_label = bench, text
        return
    trained = TRAINED_ON.match(text)
    if trained and not facts.variant:  # the data read with the sub-header below it
        data = " ".join(x for x in (trained.group("data"), facts.rest) if x)
        facts.variant, facts.rest = f"ft {data}".strip(), ""
        return
    tune = FINE_TUNE.search(text)
    if tune:
        facts.variant = facts.variant or tune.group(0)
        text = (text[: tune.start()] + text[tune.end() :]).strip(" +-/()")
        if not text:
            return
        rest, config = parse_configuration(text)
    if printed_method:
        config = config.model_copy(update={"quant_method": printed_method})
    facts.config = merge_config(facts.config, config)
    served = SERVED_IN_PARENS.match(rest.strip())
    if served and facts.model is None:
        facts.model = served.group(1)
        return
    rest = re.sub(r"\((?:[^()]*)\)", " ", rest).strip()
    rest = re.sub(r"(?<![A-Za-z0-9])(?:\d{1,2}|zero|one|few)[- ]?shots?(?![A-Za-z])", " ", rest, flags=re.I)
    rest = re.sub(r"\s+", " ", rest).strip(" -/,:")
    if not rest:
        return
    if SIZE_ONLY.match(rest):
        facts.size = facts.size or rest
        return
    if HAS_SIZE.search(rest) and looks_like_model(rest):
        facts.model = facts.model or rest
        return
    family = family_of(rest)
    if family and KNOWN_FAMILY.match(family):
        facts.family = facts.family or family
        return
    facts.rest = f"{facts.rest} {rest}".strip()


def _without_leading_style(text: str, facts: AxisFacts) -> str:
    """`COT Codex`, `Direct UL2-20B`: a prompting style before a model name is the row's
    CoT setting; the model name is the label."""
    head, _, tail = text.partition(" ")
    if prompting_style(text) is not None:
        return text  # `Standard prompting`: the whole label is the style
    style = prompting_style(head)
    if style is None or not tail.strip() or not (looks_like_model(tail) or KNOWN_FAMILY.match(tail)):
        return text
    facts.protocol = merge_protocols(facts.protocol, Protocol(cot=style))
    return tail.strip()


def bits_text(text: str) -> str:
    """A Bits column cell as configuration words: `4` -> `4-bit`, `3/g1024` -> `3-bit g1024`."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    out = []
    for p in parts:
        out.append(f"{p}-bit" if re.fullmatch(r"\d+(?:\.\d+)?", p) else p)
    return " ".join(out)
