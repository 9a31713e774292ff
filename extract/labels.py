"""Model names and configurations from printed labels.

`parse_model_label("Qwen-7B-Chat (Int4)")` gives the model `qwen-7b-chat` and the
configuration `int4`; `LLaMA-13B q4_0` gives `llama-13b` with llama.cpp `q4_0`.
One rule for every label: each configuration token of the quantization
vocabulary (`schema/data/quantization.toml`), found anywhere in the label and in
any order, sets its field and is removed from the name; the rest is looked up in
the model vocabulary, and a name the vocabulary does not know becomes its own slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from benchtable.extract.repository_names import split_repository_name
from benchtable.schema.column_words import column_words
from benchtable.schema.records import Configuration, Protocol
from benchtable.schema.table_words import table_marks
from benchtable.schema.vocabulary import QuantizationWords, fold, quantization_words, vocabulary

_EDGE_BEFORE = r"(?<![A-Za-z0-9])"
_EDGE_AFTER = r"(?![A-Za-z0-9])"
# `w4a16`, `w3g128`, `w4a16g128`: a shorthand grammar, not a word list. A mixed width
# (`W4/8A16`: some weights at 4 bits, others at 8; `W8A8/16`) keeps the lower weight width.
_WG = re.compile(
    _EDGE_BEFORE
    + r"w(?P<bits>\d{1,2})(?:/(?P<bits2>\d{1,2}))?(?:a(?P<abits>\d{1,2})(?:/\d{1,2})?)?(?:g(?P<group>\d{2,4}))?"
    + _EDGE_AFTER,
    re.IGNORECASE,
)

# `32-bit Float`, `16-bit floating point`: a width that names its type is a precision.
_FLOAT_WIDTH = re.compile(
    _EDGE_BEFORE + r"(?P<bits>16|32)[- ]?bits?\s+(?:float(?:ing[- ]point)?|fp)" + _EDGE_AFTER, re.IGNORECASE
)

# `3g128` (GPTQ's README): bits, then `g` and the group size; no format name.
_BITS_GROUP = re.compile(_EDGE_BEFORE + r"(?P<bits>[2-8])g(?P<group>\d{2,4})" + _EDGE_AFTER, re.IGNORECASE)


def _alternation(words: Iterable[str | int]) -> str:
    """A regex alternation of literal words, longest first so `K_XS` wins over `K`."""
    return "|".join(re.escape(str(w)) for w in sorted({str(w) for w in words}, key=len, reverse=True))


@dataclass(frozen=True)
class _TokenPatterns:
    """The configuration tokens of `schema/data/quantization.toml`, compiled once."""

    words: QuantizationWords
    llama_cpp: re.Pattern[str]
    integer: re.Pattern[str]
    method: re.Pattern[str]
    bits: re.Pattern[str]
    group: re.Pattern[str]
    precision: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _TokenPatterns:
    q = quantization_words()
    sizes = _alternation(q.group_size.sizes)
    return _TokenPatterns(
        words=q,
        llama_cpp=re.compile(
            _EDGE_BEFORE
            + rf"(?P<fmt>I?Q(?P<bits>[1-8])(?:_(?P<suffix>{_alternation(q.llama_cpp.suffixes)})"
            + rf"|(?P<compact>{_alternation(s.replace('_', '') for s in q.llama_cpp.compact_suffixes)})))"
            + _EDGE_AFTER,
            re.IGNORECASE,
        ),
        integer=re.compile(
            _EDGE_BEFORE
            + rf"(?:(?P<method>{_alternation(q.integer.methods)})[-_ ]?)?int(?P<bits>{_alternation(q.integer.bits)})"
            + _EDGE_AFTER,
            re.IGNORECASE,
        ),
        method=re.compile(_EDGE_BEFORE + f"({_alternation(q.methods)})" + _EDGE_AFTER, re.IGNORECASE),
        bits=re.compile(
            rf"(?<![\w.])(?P<bits>\d+(?:\.\d+)?)[- ]?(?:{_alternation(q.bit_width.units)})" + _EDGE_AFTER,
            re.IGNORECASE,
        ),
        group=re.compile(
            _EDGE_BEFORE
            + rf"(?:(?:{_alternation(q.group_size.prefixes)})[ =:]?(?P<group>{sizes})|(?P<group2>{sizes})g)"
            + _EDGE_AFTER,
            re.IGNORECASE,
        ),
        precision=re.compile(_EDGE_BEFORE + f"({_alternation(q.precisions)})" + _EDGE_AFTER, re.IGNORECASE),
    )


@dataclass(frozen=True)
class ModelLabel:
    label: str
    """The name as printed (completed from context), configuration included."""
    name: str
    """The name with configuration tokens removed."""
    model_id: str
    configuration: Configuration


_INT_WIDTH = re.compile(r"int(\d{1,2})", re.IGNORECASE)


@lru_cache(maxsize=32768)
def parse_configuration(label: str) -> tuple[str, Configuration]:
    """Configuration tokens found in a label, and the label without them."""
    rest = label
    precision: str | None = None
    method: str | None = None
    bits: float | None = None
    group: int | None = None
    fmt: str | None = None

    def cut(m: re.Match[str]) -> None:
        nonlocal rest
        rest = rest.replace(m.group(0), " ", 1)

    p = _patterns()
    q = p.words
    m = _FLOAT_WIDTH.search(rest)
    if m:
        precision = f"fp{m.group('bits')}"
        cut(m)
    m = p.llama_cpp.search(rest)
    file_type_method = m is not None
    if m:
        fmt = _llama_cpp_type(m, q)
        bits = float(m.group("bits"))
        method = q.llama_cpp.method
        cut(m)
    m = next((x for x in p.method.finditer(rest) if _INT_WIDTH.search(x.group(1))), None)
    if m:  # a method named after its integer width (`LLM.int8()`): the method, at that width
        method = q.methods[m.group(1).lower()]
        width = _INT_WIDTH.search(m.group(1))
        bits, fmt = (float(width.group(1)), f"int{width.group(1)}") if width else (bits, fmt)
        cut(m)
    m = p.integer.search(rest)
    if m:
        bits = float(m.group("bits"))
        fmt = f"int{m.group('bits')}"
        if m.group("method"):
            method = q.methods[m.group("method").lower()]
        cut(m)
    m = _WG.search(rest)
    if m and (m.group("abits") or m.group("group")):
        bits = float(min(int(m.group("bits")), int(m.group("bits2") or m.group("bits"))))
        if m.group("group"):
            group = int(m.group("group"))
        fmt = m.group(0).lower() if bits < 16 else None  # `W16A16`: the unquantized model
        cut(m)
    m = _BITS_GROUP.search(rest)
    if m and bits is None and int(m.group("group")) in q.group_size.sizes:
        bits, group = float(m.group("bits")), int(m.group("group"))  # `3g128`: 3-bit, group 128
        cut(m)
    for m in list(p.method.finditer(rest)):
        word = m.group(1).lower()
        method = q.methods[word] if method is None or file_type_method else method
        file_type_method = False  # a method printed beside a file type made the file
        if word in q.format_words:
            bits, fmt = q.format_words[word].bits, q.format_words[word].format
        cut(m)
    m = p.bits.search(rest)
    if m:
        bits = float(m.group("bits"))
        cut(m)
    m = p.group.search(rest)
    if m:
        group = int(m.group("group") or m.group("group2"))
        cut(m)
    m = p.precision.search(rest)
    if m and precision is None:
        precision = q.precisions.get(m.group(1).lower(), "fp16")
        cut(m)
    if method is None and bits is not None and bits >= 16:
        bits = None  # "16-bit" is unquantized; which 16-bit type only when the label says so
    rest = re.sub(r"\(\s*[,;/+&-]*\s*\)|\[\s*\]", " ", rest)
    rest = _strip_unbalanced(re.sub(r"\s+", " ", rest).strip(" -_,;:/"))
    return rest, Configuration(
        precision=precision, quant_method=method, bits=bits, group_size=group, quant_format=fmt
    )


def _llama_cpp_type(m: re.Match[str], q: QuantizationWords) -> str:
    """The file type as llama.cpp names it (`q4_0`, `Q4_K_M`; `q4km` written out)."""
    if m.group("compact"):
        return f"Q{m.group('bits')}_{m.group('compact')[0]}_{m.group('compact')[1:]}".upper()
    fmt = m.group("fmt")
    legacy = not fmt.lower().startswith("i") and m.group("suffix") in q.llama_cpp.lowercase_suffixes
    return fmt.lower() if legacy else fmt.upper()


@lru_cache(maxsize=1)
def _filler_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    q = quantization_words()
    prefix = re.compile(
        _EDGE_BEFORE
        + rf"(?:{_alternation(q.label_fillers.method_prefixes)})[- ](?=(?:{_alternation(q.methods)})"
        + _EDGE_AFTER
        + ")",
        re.IGNORECASE,
    )
    run = re.compile(rf"\(\s*(?:{_alternation(q.label_fillers.run_words)})\s*#?\d+\s*\)", re.IGNORECASE)
    # an option glued to a method with `+` (`AutoRound+alg_ext`): that method, so run
    option = re.compile(
        _EDGE_BEFORE + rf"(?P<method>{_alternation(q.methods)})\+[a-z][a-z0-9_]*" + _EDGE_AFTER, re.IGNORECASE
    )
    return prefix, run, option


def configuration_alone(label: str) -> str | None:
    """The label without its filler words (`opt-rtn (2bit)`: `rtn (2bit)`; `BF16 (Base 1)`:
    `BF16`) when what is left states a configuration and nothing else, else None."""
    prefix, run, option = _filler_patterns()
    # the model OPT is written in capitals (`OPT RTN`): that prefix names the model
    unglued = prefix.sub(lambda m: m.group(0) if m.group(0).isupper() else "", run.sub(" ", label))
    unglued = option.sub(r"\g<method>", unglued)
    text = re.sub(r"\s+", " ", unglued).strip()
    rest, config = parse_configuration(text)
    if config == Configuration() or rest.strip(" ()[]-*:"):
        return None
    return text


def _strip_unbalanced(text: str) -> str:
    """Trim brackets and separators at the ends unless they close a pair: `Chat (SFT)` keeps its `)`."""
    while text:
        if text[-1] in ")]" and text.count("(") + text.count("[") >= text.count(")") + text.count("]"):
            break
        if text[-1] in ")]-_,;:/ ([":
            text = text[:-1]
            continue
        break
    while text and (
        text[0] in ")]-_,;:/ "
        or (text[0] in "([" and text.count("(") + text.count("[") > text.count(")") + text.count("]"))
    ):
        text = text[1:]
    return text.strip()


_ORG = re.compile(r"^[A-Za-z0-9_.-]+/(?=[A-Za-z0-9])")


_ABBREVIATIONS = {"ins": "instruct", "inst": "instruct"}
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "λ": "lambda", "μ": "mu"}


_ASSIGNED = re.compile(r"(?<![A-Za-z])([A-Za-z])\s*=\s*(\d)")
"""`L = 3072` (a setting written as an equation, a train length): one token, `l3072`."""


def slugify(name: str) -> str:
    """A model id from a name nobody registered: `Zephyr-7b-β` -> `zephyr-7b-beta`."""
    name = _ORG.sub("", name.strip())
    name = _ASSIGNED.sub(r"\1\2", name)
    for letter, word in _GREEK.items():
        name = name.replace(letter, f"-{word}")
    # a colon between a name and a number is part of it (`acme-pro-v1:0`, a provider's version
    # tag, as printed); any other colon separates words
    kept_colons = re.sub(r"(?<![a-z0-9]):|:(?!\d)", " ", name.lower())
    slug = re.sub(r"[^a-z0-9.+#:]+", "-", kept_colons).strip("-.:")
    tokens = [_ABBREVIATIONS.get(t, t) for t in re.split(r"-+", slug) if t]
    if len(tokens) > 1 and tokens[-1] == "hf":
        tokens = tokens[:-1]
    return "-".join(tokens) or "unknown"


_REPO_IN_BRACKETS = re.compile(
    r"\(\s*[A-Za-z0-9_.-]*[A-Za-z][A-Za-z0-9_.-]*/(?P<repo>[A-Za-z0-9_.-]*[A-Za-z][A-Za-z0-9_.-]*)\s*\)"
)


def _without_organisation(name: str) -> str:
    """`Anthropic Claude 2` -> `Claude 2`, `meta-llama-3.1-8b` -> `llama-3.1-8b`: an organisation
    word followed by a family word (`schema/data/columns.toml` [names]); other names unchanged."""
    words = column_words().names
    lowered = name.lower()
    for org in sorted(words.organisations, key=len, reverse=True):
        if lowered.startswith(org) and len(name) > len(org) + 1 and name[len(org)] in " -_":
            rest = name[len(org) + 1 :].lstrip(" -_")
            named = any(re.match(rf"{re.escape(f)}(?![a-z])", rest.lower()) for f in words.families)
            if named and re.search(r"\d", rest):  # `openai-gpt` is a model's own name
                return rest
    return name


_SNAPSHOT_QUALIFIER = re.compile(
    r"^(?P<name>.*\S[-_ ](?:20\d{2}-?\d{2}-?\d{2}|(?:0[1-9]|1[0-2])\d{2}))\s*\(\s*(?:chat|api)\s*\)$",
    re.IGNORECASE,
)
"""A dated API snapshot with how it was queried (`GPT-4o-mini-2024-07-18 (Chat)`): a snapshot
has no base and chat variants, so the qualifier is no part of the name."""


def display_name(name: str) -> str:
    """The model a display name means: the repository named in brackets
    (`Zephyr 7B dDPO (HuggingFaceH4/zephyr-7b-beta)` -> `zephyr-7b-beta`), else the name
    without an organisation prefix or a dated snapshot's `(Chat)`."""
    m = _REPO_IN_BRACKETS.search(name)
    if m:
        return m.group("repo")
    snapshot = _SNAPSHOT_QUALIFIER.match(name.strip())
    return _without_organisation(snapshot.group("name") if snapshot else name.strip())


_TRAILING_SIZE = re.compile(
    r"^(?P<family>[A-Za-z][A-Za-z0-9.]*)[-_ ](?P<rest>.+?)[-_ ](?P<size>\d+(?:\.\d+)?[BbMm])$"
)


def _size_after_family(name: str) -> str:
    """`Mistral-Instruct v0.1 7B` -> `Mistral 7B Instruct v0.1`: a size printed after the version,
    moved to where the vocabulary's names carry it (used only when that name is listed)."""
    m = _TRAILING_SIZE.match(name)
    return f"{m.group('family')} {m.group('size')} {m.group('rest')}" if m else name


_NOTED_SIZE = re.compile(r"^(?P<name>.*\S)\s*\(\s*\d+(?:\.\d+)?\s*[BbMm]\s*\)$")
_RELEASE_STAMP = re.compile(
    r"(?<![A-Za-z0-9.])(?:20\d{2}-?\d{2}-?\d{2}|2\d(?:0[1-9]|1[0-2]))(?![A-Za-z0-9.])"
)


_SIZE_IN_NAME = re.compile(r"(?<![A-Za-z0-9.])(?:A)?\d+(?:\.\d+)?[BbMm](?![A-Za-z])|\d+x\d+(?:\.\d+)?[Bb]")


def without_noted_size(name: str) -> str:
    """A name that tells its checkpoint apart already, by a release stamp or a size of its own,
    with a parameter count noted in brackets (`Mistral-Large-Instruct-2407 (123B)`, `Mixtral-8x7B
    (47B)`): the count is a note. A name without either keeps the bracketed size as its own
    (`LLaMA (7B)`, `Llama 2 (13B)`: the size tells the checkpoints apart)."""
    m = _NOTED_SIZE.match(name.strip())
    if m is None:
        return name
    head = m.group("name")
    return head if _RELEASE_STAMP.search(head) or _SIZE_IN_NAME.search(head) else name


@lru_cache(maxsize=32768)
def model_id_for(name: str) -> str:
    voc = vocabulary()
    found = voc.model_id(name)
    if found:
        return found
    name = without_noted_size(name)
    name = display_name(name)
    stripped = _ORG.sub("", name.strip())
    for candidate in (
        stripped,
        re.sub(r"[-_ ]hf$", "", stripped, flags=re.IGNORECASE),
        re.sub(r"[-_ ]ins?t?$", "-instruct", stripped, flags=re.IGNORECASE),
        _size_after_family(stripped),
    ):
        found = voc.model_id(candidate)
        if found:
            return found
    return slugify(name)


_PARENTHESISED = re.compile(r"\s*\(([^()]*)\)")


def without_role(name: str) -> str:
    """The name without a parenthesised role in the comparison (`(baseline)`, `(ours)`) or a run
    note (`(rerun w/ api)`, `(report)`): neither names the model."""
    marks = table_marks()

    def kept(m: re.Match[str]) -> str:
        note = m.group(1)
        return "" if marks.is_role_qualifier(note) or marks.run_note_kind(note) else m.group(0)

    return _PARENTHESISED.sub(kept, name).strip()


def run_note(label: str) -> str | None:
    """The note of how a row was run that its model label carries in parentheses, as printed
    (`Acme-2 (rerun w/ api)` -> `rerun w/ api`), or None; a note that only says where the
    numbers come from (`(report)`) is no protocol."""
    marks = table_marks()
    notes = [
        m.group(1).strip()
        for m in _PARENTHESISED.finditer(label)
        if marks.run_note_kind(m.group(1)) == "protocol"
    ]
    return "; ".join(notes) or None


@lru_cache(maxsize=32768)
def parse_model_label(label: str) -> ModelLabel:
    label = table_marks().without_notice(label)
    name, config = split_repository_name(label, parse_configuration) or parse_configuration(label)
    name = without_role(name) if "(" in name else name
    return ModelLabel(
        label=label, name=name, model_id=model_id_for(group_variant_last(name)), configuration=config
    )


def group_variant_last(name: str) -> str:
    """A column group's variant joined before the model (`Instruct Llama-3-8B`, `Base Llama-3-8B`,
    from a header cell over model cells) goes where names carry it: `Llama-3-8B Instruct`;
    `Base` names the model itself (`Llama-3-8B`)."""
    words = column_words().variant
    lowered = name.lower()
    for group, keep in [(w, True) for w in words.instruct_groups] + [(w, False) for w in words.base_groups]:
        if lowered.startswith(group + " ") and len(name) > len(group) + 1:
            rest = name[len(group) + 1 :].strip()
            if not re.search(r"\d", rest):
                return name  # `Chat Arena`, `Base rate`: not a variant over a model name
            return f"{rest} {name[: len(group)]}" if keep else rest
    return name


def same_model(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def with_run_note(protocol: Protocol, label: str) -> Protocol:
    """`protocol` with the run note of a model label added to its details (`empty; rerun w/ api`)."""
    note = run_note(label)
    if note is None:
        return protocol
    details = f"{protocol.details}; {note}" if protocol.details else note
    return protocol.model_copy(update={"details": details})
