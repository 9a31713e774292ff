"""Model names and configurations from printed labels.

`parse_model_label("Qwen-7B-Chat (Int4)")` gives the model `qwen-7b-chat` and the
configuration `int4`; `LLaMA-13B q4_0` gives `llama-13b` with llama.cpp `q4_0`.
Configuration tokens are removed from the name before it is looked up in the
model vocabulary; a name the vocabulary does not know becomes its own slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from benchtable.schema.records import Configuration
from benchtable.schema.vocabulary import fold, vocabulary

_LLAMACPP = re.compile(
    r"(?<![A-Za-z0-9])(?P<fmt>I?Q(?P<bits>[1-8])_(?:K(?:_(?:S|M|L|XS|XXS))?|[01]|XXS|XS|S|M|NL)|I?Q[1-8]_K)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_WG = re.compile(
    r"(?<![A-Za-z0-9])w(?P<bits>\d{1,2})(?:a(?P<abits>\d{1,2}))?(?:g(?P<group>\d{2,4}))?(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_INT = re.compile(
    r"(?<![A-Za-z0-9])(?:(?P<method>gptq|awq)[-_ ]?)?int(?P<bits>[2348])(?![A-Za-z0-9])", re.IGNORECASE
)
_BITS = re.compile(r"(?<![\w.])(?P<bits>\d+(?:\.\d+)?)[- ]?(?:bits?|bpw)(?![A-Za-z0-9])", re.IGNORECASE)
_GROUP = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:g|group[-_ ]?size[ =:]?|gs)(?P<group>32|64|128|256|1024)|(?P<group2>32|64|128|256|1024)g)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_METHODS = {
    "gptq": "gptq",
    "awq": "awq",
    "rtn": "rtn",
    "smoothquant": "smoothquant",
    "bitsandbytes": "bitsandbytes",
    "bnb": "bitsandbytes",
    "nf4": "bitsandbytes",
    "nf4-double_quant": "bitsandbytes",
    "nf4 double quant": "bitsandbytes",
    "fp4": "bitsandbytes",
    "llm.int8()": "llm.int8",
    "llm.int8": "llm.int8",
    "hqq": "hqq",
    "exl2": "exl2",
    "gguf": "llama.cpp",
    "ggml": "llama.cpp",
    "autoround": "autoround",
    "spqr": "spqr",
    "quip#": "quip#",
    "omniquant": "omniquant",
    "zeroquant": "zeroquant",
}
_METHOD_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(re.escape(k) for k in sorted(_METHODS, key=len, reverse=True))
    + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_PRECISION = re.compile(
    r"(?<![A-Za-z0-9])(bf16|fp16|fp32|fp8|f16|f32|float16|bfloat16|half|16[- ]?bit)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_PRECISION_NAMES = {
    "bf16": "bf16",
    "bfloat16": "bf16",
    "fp16": "fp16",
    "f16": "fp16",
    "float16": "fp16",
    "half": "fp16",
    "fp32": "fp32",
    "f32": "fp32",
    "fp8": "fp8",
}


@dataclass(frozen=True)
class ModelLabel:
    label: str
    """The name as printed (completed from context), configuration included."""
    name: str
    """The name with configuration tokens removed."""
    model_id: str
    configuration: Configuration


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

    m = _LLAMACPP.search(rest)
    if m:
        fmt = m.group("fmt")
        fmt = fmt.lower() if re.fullmatch(r"q\d_[01]", fmt, re.IGNORECASE) else fmt.upper()
        bits = float(re.sub(r"\D", "", fmt)[0])
        method = "llama.cpp"
        cut(m)
    m = _INT.search(rest)
    if m:
        bits = float(m.group("bits"))
        fmt = f"int{m.group('bits')}"
        if m.group("method"):
            method = m.group("method").lower()
        cut(m)
    m = _WG.search(rest)
    if m and (m.group("abits") or m.group("group")):
        bits = float(m.group("bits"))
        if m.group("group"):
            group = int(m.group("group"))
        fmt = m.group(0).lower()
        cut(m)
    for m in list(_METHOD_RE.finditer(rest)):
        method = method or _METHODS[m.group(1).lower()]
        word = m.group(1).lower()
        if word.startswith("nf4") or word == "fp4":
            bits, fmt = 4.0, word.replace(" ", "-").replace("nf4-double-quant", "nf4-double_quant")
        cut(m)
    m = _BITS.search(rest)
    if m:
        bits = float(m.group("bits"))
        cut(m)
    m = _GROUP.search(rest)
    if m:
        group = int(m.group("group") or m.group("group2"))
        cut(m)
    m = _PRECISION.search(rest)
    if m:
        word = m.group(1).lower().replace(" ", "").replace("-", "")
        precision = _PRECISION_NAMES.get(word, "fp16")
        cut(m)
    if method is None and bits is not None and bits >= 16:
        bits = None  # "16-bit" is unquantized; which 16-bit type only when the label says so
    rest = re.sub(r"\(\s*[,;/+&-]*\s*\)|\[\s*\]", " ", rest)
    rest = _strip_unbalanced(re.sub(r"\s+", " ", rest).strip(" -_,;:/"))
    return rest, Configuration(
        precision=precision, quant_method=method, bits=bits, group_size=group, quant_format=fmt
    )


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


def slugify(name: str) -> str:
    """A model id from a name nobody registered: `Zephyr-7b-β` -> `zephyr-7b-beta`."""
    name = _ORG.sub("", name.strip())
    for letter, word in _GREEK.items():
        name = name.replace(letter, f"-{word}")
    slug = re.sub(r"[^a-z0-9.+#]+", "-", name.lower()).strip("-.")
    tokens = [_ABBREVIATIONS.get(t, t) for t in re.split(r"-+", slug) if t]
    if len(tokens) > 1 and tokens[-1] == "hf":
        tokens = tokens[:-1]
    return "-".join(tokens) or "unknown"


@lru_cache(maxsize=32768)
def model_id_for(name: str) -> str:
    voc = vocabulary()
    found = voc.model_id(name)
    if found:
        return found
    stripped = _ORG.sub("", name.strip())
    for candidate in (
        stripped,
        re.sub(r"[-_ ]hf$", "", stripped, flags=re.IGNORECASE),
        re.sub(r"[-_ ]ins?t?$", "-instruct", stripped, flags=re.IGNORECASE),
    ):
        found = voc.model_id(candidate)
        if found:
            return found
    return slugify(name)


@lru_cache(maxsize=32768)
def parse_model_label(label: str) -> ModelLabel:
    name, config = parse_configuration(label)
    return ModelLabel(label=label, name=name, model_id=model_id_for(name), configuration=config)


def same_model(a: str, b: str) -> bool:
    return fold(a) == fold(b)
