"""The words tables are read with: abbreviations papers print, marks, baseline and average
labels, fine-tuning methods, prose words; and the lookups built on them (`bench_id`).
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

from benchtable.extract.headers import parse_benchmark
from benchtable.schema.errors import ConfigError
from benchtable.schema.vocabulary import fold


def _table_words() -> dict[str, dict[str, Any]]:
    text = resources.files("benchtable.schema").joinpath("data", "table_words.toml").read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"schema/data/table_words.toml: {exc}") from exc


_WORDS = _table_words()
ABBREVIATIONS: dict[str, str] = dict(_WORDS["benchmark_abbreviations"])
"""Benchmark abbreviations of narrow columns (`Hella`), keyed folded."""
SUBJECT_AREAS: dict[str, str] = dict(_WORDS["subject_areas"])
BENCHMARK_CATEGORIES: dict[str, tuple[int, frozenset[str]]] = {
    bench: (int(spec["signature"]), frozenset(fold(w) for w in spec["categories"]))
    for bench, spec in _WORDS["benchmark_categories"].items()
}
"""A benchmark reported by category -> how many categories name it alone, its categories folded."""
TASK_IDS: dict[str, str] = dict(_WORDS["task_ids"])
"""A benchmark task's id as a table's words give it -> the id it carries elsewhere."""
COUNT_WORDS: dict[str, str] = dict(_WORDS["count_words"])
SHOT_WORDS: dict[str, int] = dict(_WORDS["shot_words"])
WORD_SIZE_FAMILIES: tuple[str, ...] = tuple(_WORDS["model_words"]["word_size_families"])
WORD_SIZES: tuple[str, ...] = tuple(_WORDS["model_words"]["size_words"])
MODALITY_VARIANTS: tuple[str, ...] = tuple(_WORDS["model_words"]["modality_variants"])
NAME_STARTS: tuple[str, ...] = tuple(_WORDS["model_words"]["name_starts"])
"""Families whose sizes are words (`BERT-base`), and those words."""
HEADER_LEVELS: dict[str, str] = {
    fold(word): kind for kind, words in _WORDS["header_levels"].items() for word in words
}
"""A header row's stub word (folded) -> the kind of its cells: `model`, `benchmark`, `metric`."""
ABLATION_MARKERS: tuple[str, ...] = tuple(_WORDS["ablation"]["markers"])
OWN_METHOD: frozenset[str] = frozenset(fold(w) for w in _WORDS["ablation"]["own_method"])
"""Row labels of an ablation: markers of a variant (`- shifting`), the paper's own method (`Ours`)."""
CAPTION_CONFIG_PHRASES: tuple[str, ...] = tuple(_WORDS["caption_configuration"]["phrases"])
"""Caption phrases before the one quantization setting of every method row."""
CHECK_MARKS: frozenset[str] = frozenset(_WORDS["check_marks"]["marks"])
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")


_BARE_SIZE = re.compile(r"^\d+(?:\.\d+)?[MBK]$", re.IGNORECASE)


def marks_only(label: str) -> bool:
    """A row label of check marks only (`✓ ✗`, `(cid:51) (cid:55)`), with at least one glyph
    other than a dash, and at most a bare size beside them (`209M ✓ ✓`): the row says which
    components are on, not what it is."""
    tokens = [t for t in _UNMAPPED_GLYPH.sub(" (cid) ", label).split() if t.strip(".,;:")]
    marks = [tok for tok in tokens if tok == "(cid)" or tok.lower() in CHECK_MARKS]
    if not any(tok not in {"-", "–", "—"} for tok in marks):
        return False
    others = [tok for tok in tokens if tok not in marks]
    return len(others) == 0 or (len(others) == 1 and bool(_BARE_SIZE.match(others[0])))


QUANT_MODES: frozenset[str] = frozenset(fold(w) for w in _WORDS["quant_labels"]["modes"])
"""Modes of quantizing a label may print as its method (`W8A8 (PTQ)`), folded."""
MODEL_INDEX_ARTIFACT_WORDS: frozenset[str] = frozenset(_WORDS["model_index"]["artifact_words"])
"""Words of a model-index name that names a training artifact (`epoch_0_model`), lowercase."""
"""Number words of a shot count (`five-shot`)."""
_RESULTS_WORDS = "|".join(re.escape(w) for w in _WORDS["model_words"]["caption_results_words"])
RESULTS_FROM = re.compile(
    rf"\b(?:{_RESULTS_WORDS})\s+(?:(?:are|were|is|all|obtained|reported)\s+){{0,2}}"
    r"(?:from|with|using|on|of|by)\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9])",
    re.IGNORECASE,
)
"""`The results are from text-davinci-003`: a caption saying whose numbers the table holds."""
DATASET_WORDS = "|".join(re.escape(w) for w in _WORDS["model_words"]["caption_dataset_words"])
"""Caption words that say the columns are datasets (`on five reasoning datasets`)."""
OTHER_ROLE_WORDS = frozenset(_WORDS["model_words"]["caption_other_role_words"])
"""Caption words that give a model it names another role than the table's (a judge)."""
PROMPTING_STYLES: dict[str, bool] = dict(_WORDS["prompting_styles"])
"""Labels that only say whether the model was prompted with a chain of thought, keyed folded."""
AVERAGE = re.compile(r"^(?:avg\.?|average|mean|ave\.?)$", re.IGNORECASE)
_DOMAINS = "|".join(re.escape(w) for w in _WORDS["suite_averages"]["domains"])
DOMAIN_AVERAGE = re.compile(
    rf"^(?:{_DOMAINS})[ _-]+(?:avg\.?|average)$|^(?:avg\.?|average)[ _-]+(?:{_DOMAINS})$", re.I
)
"""`Commonsense Avg`: the average over a domain's tasks (`extract/understand/label_reading.py`)."""
_LEAD_INS = "|".join(re.escape(w) for w in _WORDS["suite_averages"]["lead_ins"])
AVERAGE_LEAD_IN = re.compile(rf"^[\s*_]*(?:{_LEAD_INS})\b", re.IGNORECASE)
"""`*Average accuracy across lambada_openai, ...*`: a lead-in saying the cells average tasks."""
BASELINE = re.compile(
    r"^(?:full|full[- ]precision|baseline|base|fp|original|none|-|–|—|uncompressed|dense"
    r"|replication|replicated|reproduced|reproduction|re-?implementation|re-?run)$",  # a rerun of the row above
    re.IGNORECASE,
)
STUB_NOISE = re.compile(
    r"\b(?:fai?mily|famil|size|sizes|models?|params?|parameters|#)\b|/.*$|\(.*?\)|[↑↓]", re.IGNORECASE
)
MARKS = re.compile(r"\^\S*|[↑↓⇑⇓*†‡§¶]+")
_FAMILIES = "|".join(re.escape(f) for f in _WORDS["model_words"]["families"])
KNOWN_FAMILY = re.compile(rf"^(?:{_FAMILIES})(?:[- ]?\d(?:\.\d)?){{0,2}}$", re.IGNORECASE)
"""A family named alone, with a version (`LLaMA 2`, `Baichuan2`, `GPT-3.5`)."""
METHOD_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+#.-]{1,30}$")
# a fine-tuning method in a header or label: the scores are a fine-tuned variant's
FINE_TUNE = re.compile(
    r"(?<![A-Za-z])(?:q?lora|fft|full[- ]?(?:parameter[- ]?)?fine[- ]?tun\w*|ft)(?![A-Za-z])",
    re.IGNORECASE,
)
# a header or label naming the data a model was fine-tuned on (`Fine-tune on test set`,
# `Fine-tune on` over `rephrased English`): the scores are that fine-tuned model's
TRAINED_ON = re.compile(
    r"^(?:fine[- ]?tun(?:e|ed|ing)|trained|sft)\s+(?:on|with)(?:\s+(?P<data>.+))?$", re.IGNORECASE
)
# the category column papers print left of the benchmark (`Chinese | C-Eval`), when the
# grid joined it into the label
CATEGORY_WORD = re.compile(
    r"^(?:english|chinese|code|coding|math|mathematics|reasoning|knowledge|commonsense|multilingual|"
    r"general|language|reading|comprehension|exam|examination)\s+(?=\S)",
    re.IGNORECASE,
)
# a benchmark read from a category label, which a benchmark in a later label column overrides
CATEGORY_BENCH = {"math_category"}
# words of prose, never of a model name (`which 2.4B are activated for each token.`,
# `Answer: Indras has 6 letters ...`, `795B tokens`)
PROSE_WORD = re.compile(
    r"(?<![A-Za-z])(?:which|are|is|was|were|for|each|the|has|have|than|her|his|their|its|that|this|"
    r"these|answer|question|tokens?|letters?|so|then|when|where|there|we|our|you)(?![A-Za-z])",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", MARKS.sub(" ", text)).strip(" :")


def bench_id(text: str) -> str | None:
    """A known benchmark named by a header text (vocabulary, then paper abbreviations)."""
    text = clean(text)
    if not text:
        return None
    found = parse_benchmark(text).benchmark_id
    if found:
        return found
    return abbreviation(text)


_SIZE_SUFFIXES = "|".join(re.escape(w) for w in _WORDS["model_words"]["size_suffixes"])
SIZE_SUFFIX = re.compile(rf"\s+(?:{_SIZE_SUFFIXES})\s*$", re.IGNORECASE)
"""The word after a bare size that names no model (`2B Params`)."""

BENCHMARK_PARTS: dict[str, str] = _WORDS["benchmark_parts"]
CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""A letter of Chinese, Japanese or Korean (kana, Han, Hangul)."""
SUITE_PREPOSITIONS: list[str] = list(_WORDS["linked_suites"]["prepositions"])
"""Words before a benchmark's linked name in a lead-in (`on [L-Eval](...)`, `在[L-Eval](...)`)."""
SUITE_LANGUAGES: dict[str, str] = dict(_WORDS["suite_languages"])
"""Languages a sub-table's title names, and the code its task ids carry (`chinese` -> `zh`)."""


def benchmark_part(text: str) -> str | None:
    """The part of a benchmark a label names by language (`Chinese (Simplified)`) or
    programming language (`C++`), else None."""
    return BENCHMARK_PARTS.get(fold(clean(text)))


def prompting_style(text: str) -> bool | None:
    """The CoT (chain of thought) setting a label that only names a prompting style states
    (`standard` -> False, `CoT` -> True); None for any other label."""
    return PROMPTING_STYLES.get(fold(clean(text)))


def abbreviation(text: str) -> str | None:
    """The benchmark an abbreviation names (`Hella`, `Wino (acc)`), brackets ignored."""
    return ABBREVIATIONS.get(fold(re.sub(r"\([^()]*\)", " ", clean(text))))


FULL_NAME = re.compile(r"\b[A-Z][A-Za-z0-9.]*(?:[- ][A-Z0-9][A-Za-z0-9.]*){0,2}?[- ]\d+(?:\.\d+)?[BbMm]\b")


def name_word(word: str) -> bool:
    """A word that can begin a model name: a known family, or a coined word (a digit or
    an inner capital: `ChatGLM2`, `OPT`, `GPT-3`), not a capitalised English word of a
    caption (`Results`, `Report`, `Comparison`)."""
    return bool(KNOWN_NAMES_START.match(word) or re.search(r"\d|.[A-Z]", word))


KNOWN_NAMES_START = re.compile(
    "^(?:" + "|".join(re.escape(w) for w in _WORDS["model_words"]["name_starts"]) + ")", re.IGNORECASE
)


NAME_PART = re.compile(
    r"^(?:chat|instruct|inst\.?|base|it|sft|rlhf|dpo|coder|code|python|math|v?\d[\w.]*|[A-Z]{1,3}|moe)$",
    re.IGNORECASE,
)


def plausible_name(name: str) -> bool:
    """A model name, not a phrase of prose the grid or a caption lent a label."""
    return not PROSE_WORD.search(name) and len(name.split()) <= 6 and not name.rstrip(")").endswith(".")


REFERENCE_POINTS = frozenset(_WORDS["reference_points"]["labels"])
"""Labels of rows that report chance or human performance, keyed folded."""


INFERENCE_TECHNIQUES = frozenset(_WORDS["inference_techniques"]["words"])
"""Techniques a `+` row adds to the model above at inference time, keyed folded."""


def added_techniques(label: str) -> list[str] | None:
    """`+ dynamic_ntk + logn`: the inference techniques a row adds to the model above, or None
    when the label is not only such additions."""
    if not label.lstrip().startswith("+"):
        return None
    parts = [p.strip() for p in label.split("+") if p.strip()]
    if not parts or not all(fold(clean(p)) in INFERENCE_TECHNIQUES for p in parts):
        return None
    return parts


def is_reference_point(label: str) -> bool:
    """`Random Baseline`, `Human -Avg`: a reference point printed among models, not a model."""
    return fold(clean(label)) in REFERENCE_POINTS


def model_label(name: str) -> str:
    """Abbreviations papers print in narrow columns written out (`Inst.` is Instruct),
    `Qwen 1.5` as the family spells it, an unclosed parenthesis closed."""
    name = re.sub(r"(?<![A-Za-z])Inst(?:r)?\.?(?![A-Za-z])", "Instruct", name)
    name = re.sub(r"(?<![A-Za-z])(Qwen) (\d\.\d)(?![\d.])", r"\1\2", name, flags=re.IGNORECASE)
    if name.count("(") > name.count(")"):
        name += ")"
    served = _SERVED_ID.match(name)
    if served and not re.search(r"\d(?:\.\d+)?[BbMmKk]\b", served.group(1)):
        return served.group(2)  # `GPT-3.5 text-davinci-002`: the served model the family names
    return name


_SERVED_ID = re.compile(r"^([A-Z][^()]*?)\s+([a-z][a-z]*(?:-[a-z0-9.]+){2,})$")
"""A family name followed by the lowercase id a provider serves the model under."""
SERVED_IN_PARENS = re.compile(r"^[A-Z][^()]*\(\s*([a-z][a-z]*(?:-[a-z0-9.]+){2,})\s*\)$")
"""`GPT-3 175B (text-davinci-002)`: a model's name, then the id it is served under, which
says exactly which model the numbers are from."""


PARTED = {"mmlu", "ceval", "cmmlu", "agieval"}
"""Benchmarks reported by subject area (STEM / Humanities / Social Sciences / Other)."""

SUITES = PARTED | {"bbh", "bigbench", "mmlu_pro", "mmlu_redux", "mmmlu"}
"""Benchmarks whose own score is an average over their tasks (`MMLU (5-shot) average`)."""

TRAILING_AVERAGE = re.compile(r"\b(?:average|avg\.?)\s*[↑↓]?\s*$", re.IGNORECASE)
"""A header ending in an average word: the average of what it names, over its columns."""


AVERAGE_OF_TASKS = re.compile(
    r"^(?:avg\.?|average|ave\.?|mean)\s*(?:of\s+|over\s+)?(?:\d+\s*|all\s+)?(?:tasks?|datasets?|benchmarks?)$",
    re.IGNORECASE,
)
"""`Ave. 19 Tasks`, `Average over all tasks`: the average of the table's tasks."""


def header_bench(text: str) -> str | None:
    """The benchmark a header names; `Common Sense QA (0-shot) average` is the average of
    a suite of tasks (`average`), not the one benchmark its words spell, unless the
    benchmark's own score is such an average (`MMLU (5-shot) average`)."""
    if AVERAGE_OF_TASKS.match(re.sub(r"\(\s*\)|[↑↓]", "", clean(text)).strip()):
        return "average"
    bench = bench_id(text)
    if bench and bench not in SUITES and TRAILING_AVERAGE.search(clean(text)):
        return "average"
    return bench


GENERIC_BENCH = {"perplexity", "average", "accuracy"}


_SHOT_MENTION = re.compile(
    r"(?<![A-Za-z0-9])(\d{1,2}|few|" + "|".join(SHOT_WORDS) + r")[- ]?shots?(?![A-Za-z])", re.IGNORECASE
)


def shot_mentions(text: str) -> set[str]:
    """The distinct shot counts a text mentions, lowercased (`5`, `five`, `few`)."""
    return {m.lower() for m in _SHOT_MENTION.findall(text)}


def shot_count(word: str, text: str) -> int | None:
    """The shot count `word` (one of `shot_mentions(text)`) says; None for `few` or a range."""
    if re.search(r"\d\s*[-–~]\s*" + re.escape(word) + r"[- ]?shots?", text, re.IGNORECASE):
        return None
    return int(word) if word.isdigit() else SHOT_WORDS.get(word)
