"""Facts of a table's caption: the one benchmark it is about, its n-shot, the model or
family it names.
"""

from __future__ import annotations

import re

from benchtable.extract.headers import parse_protocol
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import SIZE_ONLY, looks_like_model
from benchtable.extract.registry import DocumentInput
from benchtable.extract.understand.word_sizes import word_sized_model
from benchtable.extract.understand.words import (
    CAPTION_CONFIG_PHRASES,
    FULL_NAME,
    GENERIC_BENCH,
    NAME_PART,
    OTHER_ROLE_WORDS,
    RESULTS_FROM,
    bench_id,
    name_word,
    plausible_name,
    shot_count,
    shot_mentions,
)
from benchtable.schema.records import Configuration, Protocol
from benchtable.schema.vocabulary import vocabulary


def caption_family(caption: str) -> str | None:
    """The first model family named in a caption (`LLaMA` in "LLaMA quantization results")."""
    families = {m.family for m in vocabulary().models.values()}
    for word in re.findall(r"[A-Za-z][A-Za-z0-9.]*", caption):
        base = re.split(r"[-.]?\d", word, maxsplit=1)[0]
        if base.lower() in families or re.fullmatch(r"OPT|BLOOM|Pythia|GPT-?J|Falcon|MPT|PaLM", base):
            return base
    return None


def caption_model(caption: str) -> str | None:
    """The model a caption names (`... of OPT-175B`): a name, never a caption phrase
    (`Post-Training Quantization Results GPT-3 350M` names GPT-3 350M); none when it names
    two (`Results with closed models LaMDA-137B and PaLM-540B are included`)."""
    caption = re.sub(r"(?<=[A-Za-z])- (?=\d)", "-", caption)  # "BLOOM- 176B": a line-break hyphen
    names = {re.sub(r"[\s._-]+", "", n.lower()) for n in _full_names(caption)}
    if len(names) > 1:
        return None
    if names:
        return _full_names(caption)[0]
    return word_sized_model(caption) or _known_model_named(caption)


def _full_names(caption: str) -> list[str]:
    """The full model names (`OPT-175B`, `LLaMA 2 7B`) of a caption, in order."""
    found: list[str] = []
    for m in FULL_NAME.finditer(caption):
        words = re.split(r"(?<=[A-Za-z0-9.])[ ](?=\S)", m.group(0))
        while len(words) > 1 and not name_word(words[0]):
            words = words[1:]
        name = " ".join(words)
        if SIZE_ONLY.match(name) or not name_word(re.split(r"[- ]", name)[0]):
            continue
        inner = re.split(r"[- ]", name)[1:-1]
        if not all(name_word(w) or NAME_PART.match(w) for w in inner):
            continue  # `Llama3 Report 7B`: an English word inside
        if looks_like_model(name) and not bench_id(name) and plausible_name(name):
            found.append(name)
    return found


def _known_model_named(caption: str) -> str | None:
    """The one vocabulary model a caption names without a size as whose results the table
    holds (`The results are from text-davinci-003`), unless the caption gives a model another
    role (a judge, a baseline)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]", caption)
    if any(w.lower() in OTHER_ROLE_WORDS for w in words):
        return None
    vocab = vocabulary()
    if len({i for i in map(vocab.model_id, words) if i}) != 1:
        return None  # none, or several models: whose rows these are is not said
    for m in RESULTS_FROM.finditer(caption):
        if vocab.model_id(m.group("name")):
            return m.group("name")
    return None


def benchmarks_named(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+#@-]*", text)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            if i + size > len(words):
                continue
            phrase = " ".join(words[i : i + size]).rstrip(".,;:")
            bench = bench_id(phrase) if phrase else None
            if bench and not _spelled_as_listed(phrase, bench):
                bench = None  # `multiple` is no `MultiPL-E`: an English word folded
            if bench:
                if bench not in found:
                    found.append(bench)
                i += size
                break
        else:
            i += 1
    return found


def _spelled_as_listed(phrase: str, bench: str) -> bool:
    """A lowercase word of prose names a benchmark only as the vocabulary spells it
    (`perplexity`), not by folding away the capitals and dashes of a name (`MultiPL-E`)."""
    if not (phrase.isalpha() and phrase.islower()):
        return True
    listed = vocabulary().benchmarks.get(bench)
    if listed is None:
        return True
    return phrase in {n.lower() for n in (listed.id, listed.label, *listed.aliases)}


_IN_MILLISECONDS = re.compile(r"\bin milli-?seconds\b|\bin ms\b|\(ms\)", re.IGNORECASE)


def caption_benchmark(caption: str) -> str | None:
    """The one benchmark a caption is about (`OPT perplexity results on WikiText2.`): the
    first sentence that names any decides; generic words (perplexity, average) yield to a
    named dataset; a sentence naming two datasets names none."""
    text = re.sub(r"^(?:Table|TABLE|Tab\.)\s*[A-Z]?\.?[\dIVX.]*\s*[:.|]?\s*", "", caption)
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", text):
        found = benchmarks_named(sentence)
        if not found:
            continue
        specific = [b for b in found if b not in GENERIC_BENCH]
        if specific == ["decode_speed"] and _IN_MILLISECONDS.search(sentence):
            return "decode_latency"  # a per-token "speed" in milliseconds is a time per token
        if len(specific) == 1:
            return specific[0]
        if not specific and found == ["perplexity"]:
            return "perplexity"
        return None
    return None


def referred_benchmark(references: tuple[str, ...]) -> str | None:
    """The one dataset the sentences that refer to a table name (`The results on LAMBADA are
    shown in Table 2.`); None when they name none, several, or only a generic word."""
    found = {b for sentence in references for b in benchmarks_named(sentence) if b not in GENERIC_BENCH}
    return found.pop() if len(found) == 1 else None


def hint_benchmark(doc: DocumentInput) -> str | None:
    hint = doc.hints.get("benchmark")
    return bench_id(hint) if isinstance(hint, str) else None


def caption_protocol(caption: str) -> Protocol:
    """The n-shot and metric a caption states, when it names one shot count (`five-shot`)."""
    shots = shot_mentions(caption)
    n_shot = shot_count(next(iter(shots)), caption) if len(shots) == 1 else None
    return Protocol(n_shot=n_shot, metric=parse_protocol(caption).metric if len(shots) <= 1 else None)


_STATED_SIZE = re.compile(
    r"\b(?:the )?(?:model )?size (?:is|of(?: the models?)?|=)\s*(\d+(?:\.\d+)?\s?[BM])\b", re.IGNORECASE
)


def caption_size(caption: str) -> str | None:
    """The one model size a caption states for every row (`The model size is 6.7B.`)."""
    m = _STATED_SIZE.search(caption)
    return m.group(1).replace(" ", "") if m else None


def caption_configuration(caption: str) -> Configuration:
    """The quantization setting a caption states for every row (`The quantization scheme used
    here is W4/8A8.`): its bits and format, or an empty configuration."""
    folded = re.sub(r"\s+", " ", caption.lower())
    for phrase in CAPTION_CONFIG_PHRASES:
        at = folded.find(phrase)
        if at < 0:
            continue
        stated = re.split(r"[,;]|\.(?:\s|$)", caption[at + len(phrase) :].strip(), maxsplit=1)[0]
        rest, config = parse_configuration(stated.strip())
        if not rest.strip() and (config.bits is not None or config.quant_format):
            return Configuration(
                bits=config.bits, group_size=config.group_size, quant_format=config.quant_format
            )
    return Configuration()
