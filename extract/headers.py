"""Benchmarks and protocols from column headers and row labels.

`parse_benchmark("MMLU (5-shot)")` gives the benchmark `mmlu` with `n_shot=5`;
`parse_benchmark("HumanEval pass@1")` gives `humaneval` with metric `pass@1`.
Headers that name a property of the model rather than a score (parameters,
context length, training tokens, dates, prices, ranks, votes, errors, deltas)
are recognised by `is_not_score` so they never become records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from benchtable.extract.harness_tasks import harness_task_benchmark
from benchtable.schema.column_words import column_words, not_score_patterns, protocol_patterns
from benchtable.schema.records import Protocol, Scale
from benchtable.schema.table_words import table_marks
from benchtable.schema.vocabulary import vocabulary

_SHOT = re.compile(r"(?<![A-Za-z0-9])(?P<n>\d{1,2}|zero|one|few)[- ]?shots?(?![A-Za-z])", re.IGNORECASE)
_SHOT_WORDS = {"zero": 0, "one": 1}
_METRICS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"pass@(\d+)", re.IGNORECASE), lambda m: f"pass@{m.group(1)}"),
    (re.compile(r"maj@(\d+)", re.IGNORECASE), lambda m: f"maj@{m.group(1)}"),
    (re.compile(r"cons@(\d+)", re.IGNORECASE), lambda m: f"cons@{m.group(1)}"),
    # a bare `@1` is pass@1; `@ 4th` (4 threads) and `@ 2k` are not
    (re.compile(r"(?<![A-Za-z])@\s?(\d+)(?![\d.A-Za-z])"), lambda m: f"pass@{m.group(1)}"),
    (re.compile(r"(?<![A-Za-z])acc[_ ]?norm(?![A-Za-z])", re.IGNORECASE), lambda m: "acc_norm"),
    (re.compile(r"(?<![A-Za-z])(?:acc|accuracy)(?![A-Za-z_])", re.IGNORECASE), lambda m: "acc"),
    (re.compile(r"(?<![A-Za-z])(?:EM|exact match)(?![A-Za-z])"), lambda m: "em"),
    (re.compile(r"(?<![A-Za-z])F1(?![A-Za-z0-9])"), lambda m: "f1"),
    (re.compile(r"(?<![A-Za-z])mc2(?![A-Za-z])", re.IGNORECASE), lambda m: "mc2"),
    (
        re.compile(r"(?<![A-Za-z])rouge[- ]?(l|1|2)(?![A-Za-z0-9])", re.IGNORECASE),
        lambda m: f"rouge-{m.group(1).lower()}",
    ),
    (re.compile(r"(?<![A-Za-z])mc1(?![A-Za-z])", re.IGNORECASE), lambda m: "mc1"),
    (re.compile(r"(?<![A-Za-z])(?:ppl|perplexity)(?![A-Za-z])", re.IGNORECASE), lambda m: "ppl"),
    (re.compile(r"(?<![A-Za-z])elo(?![A-Za-z])", re.IGNORECASE), lambda m: "elo"),
]
_CTX = re.compile(
    r"(?:ctx|context(?:[ _-](?:length|len|size|window))?|seq(?:uence)?[ _-]?len(?:gth)?)(?:\s*(?:of|=|:))?\s*(\d{3,6})"
    r"|(\d{3,6})[ -]?(?:ctx|tokens? context)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BenchmarkLabel:
    label: str
    benchmark_id: str | None
    """Canonical id, or None when the vocabulary does not know the benchmark."""
    protocol: Protocol


@lru_cache(maxsize=32768)
def parse_protocol(text: str) -> Protocol:
    """Protocol settings stated in a piece of text (header, row label, caption)."""
    n_shot: int | None = None
    m = _SHOT.search(text)
    if m and re.search(r"\d\s*[-–~]\s*" + re.escape(m.group(0)), text):
        m = None  # a range such as "3-5 shot" is not one shot count
    if m:
        word = m.group("n").lower()
        n_shot = _SHOT_WORDS.get(word) if not word.isdigit() else int(word)
    cot: bool | None = None
    words = protocol_patterns()
    if words.no_cot.search(text):
        cot = False
    elif words.cot.search(text):
        cot = True
    metric: str | None = None
    for pattern, name in _METRICS:
        mm = pattern.search(text)
        if mm:
            metric = name(mm)
            break
    split: str | None = None
    ms = words.split.search(text)
    if ms:
        split = column_words().protocol.splits.get(ms.group(1).lower(), ms.group(1).lower())
    ctx: int | None = None
    mc = _CTX.search(text)
    if mc:
        ctx = int(mc.group(1) or mc.group(2))
    return Protocol(n_shot=n_shot, cot=cot, metric=metric, split=split, context_length=ctx)


def merge_protocols(*protocols: Protocol) -> Protocol:
    """Field by field, the first protocol that states a setting wins."""
    fields: dict[str, object] = {}
    for name in Protocol.model_fields:
        for p in protocols:
            value = getattr(p, name)
            if value is not None:
                fields[name] = value
                break
    return Protocol.model_validate(fields)


_PROTOCOL_WORDS = re.compile(
    r"\(\s*[^()]*?(?:shot|cot|pass@|maj@|cons@|acc|em\b|f1|val|test|dev|ppl|metric|chat|base|rouge)[^()]*\)"
    r"|(?<![A-Za-z0-9])(?:\d{1,2}|zero|one|few)[- ]?shots?(?![A-Za-z])|pass@\d+|maj@\d+|cons@\d+|(?<![A-Za-z])@\s?\d+(?![\d.A-Za-z])"
    r"|(?<![A-Za-z])(?:acc_norm|acc|EM|F1|CoT|mc2|mc1)(?![A-Za-z])",
    re.IGNORECASE,
)


def strip_protocol(text: str) -> str:
    out = _PROTOCOL_WORDS.sub(" ", text)
    out = protocol_patterns().trailing_qualifiers.sub(" ", out)  # `MMMU_val`, `WikiText perplexity`
    out = re.sub(r"\(\s*[,;/-]*\s*\)", " ", out)
    return re.sub(r"\s+", " ", out).strip(" -_,;:/()[]*")


_SETTING = re.compile(r"\d|shot|token|len|ctx|cot|pass|acc|\bem\b|f1|%|score|rate|↑|↓", re.IGNORECASE)


def _split_head(text: str) -> tuple[str, str]:
    """`GSM8K (8-shot, maj@1)` -> (`GSM8K`, `(8-shot, maj@1)`)."""
    m = re.match(r"^([^(\[]*)([(\[].*)?$", text)
    head = (m.group(1) if m else text).strip(" -:")
    rest = (m.group(2) or "") if m else ""
    return head, rest


@lru_cache(maxsize=32768)
def parse_benchmark(text: str) -> BenchmarkLabel:
    label = text
    text = re.sub(r"\s*[↑↓⬆⬇]\ufe0f?", "", text).strip() or text  # "better" arrows are not names
    text = table_marks().without_footnote_marks(text)
    voc = vocabulary()
    protocol = parse_protocol(text)
    found = voc.benchmark_id(text) or harness_task_benchmark(text) or _base_tests_of(text)
    if found is None:
        bare = strip_protocol(text)
        found = voc.benchmark_id(bare) if bare else None
        if found is None:
            # "MMLU (5-shot, acc)" and "GSM8K 8-shot CoT" also fall back to the first token run;
            # a qualifier that is not a setting ("MMLU (HELM)", "MMLU (LM)") is how it was run:
            # the same benchmark, the qualifier kept as protocol details
            head, rest = _split_head(text)
            found = voc.benchmark_id(head) if head else None
            qualifier = rest.strip("()[] ")
            scope = table_marks().scope_qualifier(qualifier) if found else None
            if scope:  # `IFEval (multilingual)`: a test set built from the benchmark, not it
                found, qualifier = f"{found}_{scope}", ""
            # a measure with units ("TTFT (ms, batch 1, A100)") keeps the rest as how it was run
            measured = _without_units(found, qualifier) if found else None
            if measured is not None and protocol.details is None:
                protocol = protocol.model_copy(update={"details": measured or None})
            elif (
                found
                and qualifier
                and protocol.metric is None
                and table_marks().is_metric_qualifier(qualifier)
            ):
                protocol = protocol.model_copy(update={"metric": qualifier.lower()})
            elif found and qualifier and not _SETTING.search(rest) and protocol.details is None:
                protocol = protocol.model_copy(update={"details": qualifier})
    if found is None:
        found, protocol = _without_trailing_metric(text, protocol)
    if found is None:
        found = _listed_edition(text)
    if found is None:
        found, protocol = _without_release(text, protocol)
    if found is not None and LENGTH_CONTROLLED.search(text):
        found = length_controlled(found)
    if found in (None, "decode_speed", "decode_latency"):
        found = _speed_unit(text) or found
    if found == "math" and not _MATH_BENCHMARK.search(text):
        found = "math_category"  # "Math", "Mathematics", "Math↑": a category or an average, not MATH
    setting = voc.run_setting(found, text) if found is not None and protocol.details is None else None
    if setting is not None:  # `MMMU-Pro, Vision (test)`: how it was run
        protocol = protocol.model_copy(update={"details": setting})
    if found == "perplexity":  # "PPL(c4)", "Perplexity (WikiText-2)": the dataset is the benchmark
        named = [b for b, pattern in PPL_DATASETS.items() if re.search(pattern, text, re.IGNORECASE)]
        if len(named) == 1:
            found = named[0]
            protocol = protocol.model_copy(update={"details": None})
    return BenchmarkLabel(label=label, benchmark_id=found, protocol=protocol)


LENGTH_CONTROLLED = re.compile(r"(?<![A-Za-z])(?:LC|length[- ]controlled)(?![A-Za-z])", re.IGNORECASE)


def length_controlled(benchmark_id: str) -> str:
    """The length-controlled variant of a benchmark when the vocabulary lists one
    (`alpacaeval2` -> `alpacaeval2_lc`), else the benchmark."""
    if benchmark_id.endswith("_lc"):
        return benchmark_id
    variant = f"{benchmark_id}_lc"
    return variant if variant in vocabulary().benchmarks else benchmark_id


_RELEASE = re.compile(
    r"^(?P<head>.*?\S)[\s_-]+(?P<release>(?:0[1-9]|1[0-2])[0-3]\d"
    r"|2[3-9](?:0[1-9]|1[0-2])(?:\s*[-–]\s*2[3-9](?:0[1-9]|1[0-2]))?)$",
    re.IGNORECASE,
)
"""A problem window after a benchmark's name (`LiveCodeBench 0831`, `LiveCodeBench 2407-2409`);
never a year, which names an edition (`AIME 2025` is not `AIME 2024`), nor a version (`Arena-Hard
v2.0` is another set of prompts than `Arena-Hard`)."""


_EDITION = re.compile(r"[-_ ]?v\d+(?:\.\d+)*$", re.IGNORECASE)


def _listed_edition(text: str) -> str | None:
    """The listed benchmark whose edition a version suffix names (`AlignBench v1.1`, when the
    vocabulary lists `v1.1` as its edition); another version names another benchmark."""
    version = _EDITION.search(text.strip())
    if version is None or version.start() == 0:
        return None
    base = vocabulary().benchmark_id(text.strip()[: version.start()])
    return base if base is not None and vocabulary().is_edition(base, version.group(0)) else None


@lru_cache(maxsize=1)
def _base_tests_label() -> re.Pattern[str]:
    words = table_marks().base_tests
    marks = "|".join(
        re.escape(m) if not m.isalpha() else rf"\b{m}" for m in sorted(words.plus_marks, key=len)[::-1]
    )
    qualifiers = "|".join(
        re.escape(q).replace(r"\ ", r"\s+") for q in sorted(words.qualifiers, key=len)[::-1]
    )
    return re.compile(rf"^(?P<name>.+?)\s*(?:{marks})\s*[(\[]?\s*(?:{qualifiers})\s*[)\]]?$", re.IGNORECASE)


def _base_tests_of(text: str) -> str | None:
    """The listed benchmark a plus edition's base tests are (`MBPP ++ base version` -> mbpp)."""
    found = _base_tests_label().match(text.strip())
    return vocabulary().benchmark_id(found.group("name")) if found else None


_MAX_METRIC_WORDS = 3
_AGGREGATE_WORDS = {"average", "accuracy", "perplexity"}


def _without_trailing_metric(text: str, protocol: Protocol) -> tuple[str | None, Protocol]:
    """The listed benchmark a label names before the metric words that follow it without brackets
    (`IFeval strict-prompt` -> ifeval, metric `strict-prompt`), the words kept as its metric."""
    words = (strip_protocol(text) if _PROTOCOL_WORDS.search(text) else text).split()
    marks = table_marks()
    for k in range(1, min(_MAX_METRIC_WORDS, len(words) - 1) + 1):
        head, tail = " ".join(words[:-k]), " ".join(words[-k:])
        found = vocabulary().benchmark_id(head) if marks.is_metric_qualifier(tail) else None
        if found in _AGGREGATE_WORDS:
            return None, protocol  # `Avg. Score` under a benchmark's group header: that benchmark's
        if found is not None:
            if protocol.metric is None:
                protocol = protocol.model_copy(update={"metric": tail.lower()})
            return found, protocol
    return None, protocol


def _without_release(text: str, protocol: Protocol) -> tuple[str | None, Protocol]:
    """The listed benchmark a label names before its problem window, the window kept as details."""
    m = _RELEASE.match(text.strip())
    found = vocabulary().benchmark_id(m.group("head")) if m else None
    if m is None or found is None:
        return None, protocol
    if protocol.details is None:
        protocol = protocol.model_copy(update={"details": m.group("release")})
    return found, protocol


def _without_units(benchmark_id: str, qualifier: str) -> str | None:
    """For a benchmark with units (TTFT), the header's qualifier minus its unit words
    (`ms, batch 1` -> `batch 1`; `sec` -> ``); None for other benchmarks."""
    bench = vocabulary().benchmarks.get(benchmark_id)
    if bench is None or not bench.units:
        return None
    parts = [p.strip() for p in re.split(r"[,;]", qualifier)]
    kept = [p for p in parts if p and not _is_unit_phrase(p, bench.units)]
    return ", ".join(kept)


def _is_unit_phrase(text: str, units: dict[str, Scale]) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and all(w in units or w == "unit" for w in words)


_MATH_BENCHMARK = re.compile(r"MATH|hendrycks[_ ]?math|competition[_ ]math")

PPL_DATASETS = {
    "wikitext2_ppl": r"wiki[- ]?text[- ]?2|wikitext|wiki2",
    "c4_ppl": r"(?<![A-Za-z0-9])c4(?![A-Za-z0-9])",
    "ptb_ppl": r"(?<![A-Za-z0-9])ptb(?![A-Za-z0-9])|penn treebank",
    # `arXiv` alone is a citation (`arXiv:2306.00978`); the data set is `the arXiv dataset`
    "arxiv_ppl": r"(?<![A-Za-z0-9])arxiv\s+(?:dataset|corpus|papers|subset|split)",
}


def _speed_unit(text: str) -> str | None:
    """A speed header's unit decides which way it runs: ms/token is latency, tokens/s is speed."""
    if re.search(r"ms\s*/\s*tok|ms per tok|s\s*/\s*token", text, re.IGNORECASE):
        return "decode_latency"
    if re.search(r"tokens?\s*/\s*s\b|tok/s|\bt/s\b|tokens? per second", text, re.IGNORECASE):
        return "decode_speed"
    return None


_UNIT_SUFFIX = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


@lru_cache(maxsize=32768)
def names_a_property(label: str) -> bool:
    """A row label that is itself a property name (`Params`, `Release date`), not a model."""
    return bool(not_score_patterns().name.match(re.sub(r"\s+", " ", label).strip(" *_:")))


def _property_under_benchmark(text: str) -> bool:
    """A property header under a benchmark's group header, read joined: `AlpacaEval 2.0 Length`,
    `Arena-Hard avg #tokens` (the benchmark's words first, then one to three property words)."""
    words = text.split()
    voc = vocabulary()
    not_score = not_score_patterns()
    for k in range(1, min(3, len(words) - 1) + 1):
        head, tail = " ".join(words[:-k]), " ".join(words[-k:])
        if voc.benchmark_id(tail) or not voc.benchmark_id(head):
            continue
        if not_score.name.match(tail) or not_score.prefix.match(tail):
            return True
    return False


@lru_cache(maxsize=32768)
def is_not_score(header: str) -> bool:
    """A header that names a property of the model or the run, not a score."""
    text = re.sub(r"\s+", " ", header).strip(" *_:")
    if not text:
        return False
    bare = _UNIT_SUFFIX.sub("", text).strip()
    voc = vocabulary()
    if _property_under_benchmark(text):
        return True
    if voc.benchmark_id(text) or (bare and voc.benchmark_id(bare)):
        return False
    not_score = not_score_patterns()
    return bool(
        not_score.name.match(text)
        or (bare and not_score.name.match(bare))
        or not_score.prefix.match(text)
        or not_score.anywhere.search(text)
        or not_score.suffix.search(text)
        or text.startswith(("Δ", "∆"))
        or names_a_training_cost(text)
        or names_a_rank(text)
        or names_a_run_cost(text)
    )


@lru_cache(maxsize=1)
def _training_cost_words() -> re.Pattern[str]:
    words = sorted(column_words().training_cost.words, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z0-9])")


def names_a_training_cost(label: str) -> bool:
    """GPU hours, power, energy or emissions spent on training (`schema/data/columns.toml`): how a
    model was made, never a score of it."""
    folded = re.sub(r"\s+", " ", re.sub(r"[-_]", " ", label.lower()))
    return bool(_training_cost_words().search(folded))


@lru_cache(maxsize=1)
def _ranking_suffixes() -> re.Pattern[str]:
    words = sorted(column_words().ranking.suffixes, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + r")$")


def names_a_rank(label: str) -> bool:
    """A position in a ranking (`Median Rank`, `... GPT-4 Rank`): an order of the rows, not a score."""
    folded = re.sub(r"\s+", " ", re.sub(r"[-_]", " ", label.lower())).strip(" *:")
    return bool(_ranking_suffixes().search(_UNIT_SUFFIX.sub("", folded).strip()))


@lru_cache(maxsize=1)
def _run_cost_unit() -> re.Pattern[str]:
    items = sorted(column_words().run_cost.items, key=len, reverse=True)
    return re.compile(r"(?:/|\bper)\s*\d[\d,.]*\s*k?\s+(?:" + "|".join(re.escape(w) for w in items) + r")\b")


def names_a_run_cost(label: str) -> bool:
    """A price or time per count of items (`[$/1000 examples]`, `seconds per 1k samples`): what
    running the evaluation cost (`schema/data/columns.toml`), never a score."""
    return bool(_run_cost_unit().search(label.lower()))


_QUALIFIER = re.compile(r"^(.*\S)\s*\(([^()]*)\)\s*$")


_INNER_QUALIFIER = re.compile(r"^([^()]*[A-Za-z][^()]*?)\s*\(([^()]*[A-Za-z][^()]*)\)\s+([^()\s][^()]*)$")


def inner_qualifier(label: str) -> str | None:
    """The bracketed setting inside an unknown benchmark's label, between its name and the
    task it names (`MTOB (half book) eng->kgv` -> `half book`)."""
    inner = _INNER_QUALIFIER.match(label.strip())
    return inner.group(2) if inner else None


def unknown_benchmark_id(label: str) -> str:
    """The id an unknown benchmark keeps: its label, slugged, without a parenthesised metric
    (`Pile-test (BPB)` -> `pile_test`)."""
    qualified = _QUALIFIER.match(label.strip())
    if qualified and table_marks().is_metric_qualifier(qualified.group(2)):
        label = qualified.group(1)
    inner = _INNER_QUALIFIER.match(label.strip())
    if inner:  # `MTOB (half book) eng->kgv`: the task is named around how it was run
        label = f"{inner.group(1)} {inner.group(3)}"
    label = re.sub(r"\s*\(\d{1,3}\)\s*$", "", label) or label  # `GSM8K-Python (4)`: a shot count, no name
    bare = strip_protocol(label) or label
    bare = re.sub(r"[↑↓⬆️⬇️]", "", bare)
    bare = re.sub(r"(?<=[A-Za-z0-9])\+(?![+\w])", " plus", bare)  # `TLDR9+` as `humaneval_plus`; `C++` stays
    slug = re.sub(r"[^\w+#@]+", "_", bare.lower()).strip("_")
    slug = re.sub(r"^(?:avg|ave)_(?=[a-z])", "average_", slug)  # `Avg NLG`: the average of a group of tasks
    if slug in vocabulary().benchmarks:
        slug = f"{slug}_unmapped"  # never pass an unrecognised label off as a known benchmark
    return slug or "unknown"
