"""Labels of controlled comparisons that say what each member and line is.

- A configuration is labelled by what it states; the unquantized baseline by its precision
  (`FP16`, `BF16`), even where the table put it under a method's row (`SmoothQuant FP16`).
- Within one comparison, two members never share a label and no member is left without
  one or with a method but no width: a member whose stated fields do not tell it apart takes
  the configuration words its cited rows print (`INT6`, `W4A16`, `16-bit`), else
  "precision not stated".
- A benchmark the vocabulary does not list is named from its id when that is a listed
  benchmark and a part (`mmlu_humanities` -> `MMLU humanities`), else from the label as
  printed without arrows and without the protocol the line states in its own column.
- A metric that cannot be the benchmark's (`acc` on a perplexity line) is not shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from benchtable.schema.records import Configuration, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.reports.comparisons import Comparison

UNQUANTIZED = ("fp32", "fp16", "bf16")
NOT_STATED = "precision not stated"
_CONFIG_WORD = re.compile(
    r"(?<![\w.])(?:[wW]\d+[aA]\d+|INT\d+|int\d+|[Ff][Pp](?:8|16|32)|[Bb][Ff]16|\d+(?:\.\d+)?-bit)(?![\w])"
)
_ARROWS = re.compile(r"\(\s*[↑↓]\s*\)|[↑↓]")
_PERPLEXITY_METRIC = re.compile(r"ppl|perplex", re.IGNORECASE)


def config_label(c: Configuration) -> str:
    """What a configuration states; an unquantized precision names the baseline by itself."""
    if c.precision and c.precision.lower() in UNQUANTIZED and c.bits is None and not c.quant_format:
        return c.precision.upper()
    return c.label()


def _printed_words(records: Sequence[ScoreRecord | None]) -> list[str]:
    """Configuration words in the cited rows of a member, in the order printed."""
    seen: dict[str, str] = {}
    for r in records:
        if r is None:
            continue
        for word in _CONFIG_WORD.findall(f"{r.model_label} {r.citation.quote}"):
            seen.setdefault(word.lower(), word)
    return list(seen.values())


def complete_labels(comp: Comparison) -> None:
    """Give every member of a comparison a label of its own (in place)."""
    labels = [m.label for m in comp.members]
    for i, member in enumerate(comp.members):
        duplicate = labels.count(member.label) > 1
        widthless = not re.search(r"\d", member.label)  # a method without its width (`smoothquant`)
        if member.label and not duplicate and not widthless:
            continue
        words = [
            w
            for w in _printed_words([e.records[i] for e in comp.entries])
            if w.lower() not in member.label.lower()
        ]
        label = " ".join([member.label, *words]).strip() if words else member.label
        labels[i] = label or NOT_STATED
    for i, label in enumerate(labels):
        if labels.count(label) > 1:  # still alike: say which member of several
            labels[i] = f"{label} ({labels[: i + 1].count(label)})"
    comp.members = [type(m)(m.key, label, m.order) for m, label in zip(comp.members, labels, strict=True)]


def benchmark_label(benchmark: str, printed: str, protocol: Protocol) -> str:
    voc = vocabulary()
    known = voc.benchmarks.get(benchmark)
    if known is not None:
        return known.label
    text = _ARROWS.sub(" ", printed)
    if protocol.n_shot is not None:
        text = re.sub(rf"\(\s*{protocol.n_shot}-shot\s*\)", " ", text)
    text = " ".join(text.split())
    head, _, part = benchmark.partition("_")
    parent = voc.benchmarks.get(head)
    if parent is not None and part:
        first, _, rest = text.partition(" ")
        as_printed = first.lower() in (head, parent.label.lower())
        if as_printed and re.sub(r"[^a-z0-9]+", "_", rest.lower()).strip("_") == part:
            return f"{parent.label} {rest}"  # the part as the document spells it
        return f"{parent.label} {part.replace('_', ' ')}"
    return text or benchmark


def shown_protocol(benchmark: str, protocol: Protocol) -> Protocol:
    """The protocol without a metric that cannot be the benchmark's."""
    bench = vocabulary().benchmarks.get(benchmark)
    if bench is None or not protocol.metric:
        return protocol
    perplexity = bench.scale == Scale.PERPLEXITY
    if perplexity != bool(_PERPLEXITY_METRIC.search(protocol.metric)):
        return protocol.model_copy(update={"metric": None})
    return protocol
