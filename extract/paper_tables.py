"""Reading research-paper score tables (PDF and arXiv HTML) into cited `ScoreRecord`s.

Paper tables spread what a number means over the whole table: the model may be a size in
the column header completed by a family in the stub or a spanning header (`OPT` over
`125M 350M ...`), or a spanning header (`OPT-175B` over `Wiki2 PTB C4`); the configuration
is the row (`RTN` / `GPTQ` with a `Bits` column, an `INT3 g128` group label over method
rows) or a column (`4bit 3bit` under a model); the benchmark is a header, a row (a
transposed table), or only the caption (`OPT perplexity results on WikiText2.` over a
table of sizes). So each value cell is read by collecting *facts* from its column's
header cells, its row's label cells, the table's stub (top-left) header and the caption,
and combining them:

* **benchmark**: the lowest header cell of the column that names one; else the row label
  (a transposed table); else the caption. A sub-header under a benchmark
  (`MMLU` over `Hums. STEM Social Other Avg.`) names a part of it (`mmlu_humanities`;
  the average of the group is the benchmark itself, `Avg.` under a group of benchmarks
  is `average`).
* **model**: a full name in the column header or the row; a bare size (`7B`, `125M`)
  completed by a family from the other axis, the stub header or the caption; else a full
  name in the stub header or the caption, or the document's own model.
* **configuration**: configuration tokens of the row and the column (`FP16`, `INT3 g128`,
  `RTN`, `GPTQ`, `4bit`, a `Bits` column, a `group size` column); when the model comes
  from elsewhere, an unknown one-word row label of a table of methods is the method
  (`AdaRound`), and `full`/`Baseline` rows are the unquantized model.

`paper_records` returns None for documents that are not papers (the generic interpreter
reads them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from benchtable.extract.citing import cell_citation, scale_for
from benchtable.extract.columns import (
    SHOT_VALUE,
    classify_columns,
    column_header,
)
from benchtable.extract.headers import (
    is_not_score,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.labels import parse_configuration, parse_model_label
from benchtable.extract.naming import HAS_SIZE, SIZE_ONLY, looks_like_model
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import parse_cell
from benchtable.schema.records import Configuration, Protocol, ScoreRecord
from benchtable.schema.vocabulary import fold, vocabulary

__all__ = ["PAPER_TYPES", "is_paper", "paper_records"]

PAPER_TYPES = ("application/pdf", "text/html")

# abbreviations papers print in narrow columns (matched after folding)
_PAPER_ALIASES = {
    "hella": "hellaswag",
    "hellas": "hellaswag",
    "wino": "winogrande",
    "winog": "winogrande",
    "lamb": "lambada",
    "lambada": "lambada",
    "mem": "gpu_memory",
    "memory": "gpu_memory",
    "tokenss": "decode_speed",
    "nq": "naturalquestions",
    "obqa": "openbookqa",
    "arce": "arc_easy",
    "arcc": "arc_challenge",
    "wikitext": "wikitext2_ppl",
    "wiki": "wikitext2_ppl",
    "chatbotarena": "chatbot_arena_elo",
    "elo": "chatbot_arena_elo",
    "elorating": "chatbot_arena_elo",
}
_MMLU_PARTS = {
    "hums": "humanities",
    "hum": "humanities",
    "human": "humanities",
    "humanities": "humanities",
    "stem": "stem",
    "social": "social_sciences",
    "socialsciences": "social_sciences",
    "socialscience": "social_sciences",
    "soc": "social_sciences",
    "other": "other",
    "others": "other",
}
_AVERAGE = re.compile(r"^(?:avg\.?|average|mean|ave\.?)$", re.IGNORECASE)
_BASELINE = re.compile(
    r"^(?:full|full[- ]precision|baseline|base|fp|original|none|-|–|—|uncompressed|dense)$", re.IGNORECASE
)
_STUB_NOISE = re.compile(
    r"\b(?:fai?mily|famil|size|sizes|models?|params?|parameters|#)\b|/.*$|\(.*?\)|[↑↓]", re.IGNORECASE
)
_MARKS = re.compile(r"\^\S*|[↑↓⇑⇓*†‡§¶]+")
_KNOWN_FAMILY = re.compile(
    r"^(?:gpt[- ]?\d?|llama[- ]?\d?|qwen|mistral|mixtral|falcon|opt|bloom|pythia|palm|mpt|gemma|phi|"
    r"vicuna|baichuan\d?|internlm|chatglm\d?|gopher|chinchilla|t5|bert|roberta|guanaco|deepseek|yi)"
    r"(?:[- ]?\d(?:\.\d)?)?$",
    re.IGNORECASE,
)
_METHOD_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9+#.-]{1,30}$")
# a fine-tuning method in a header or label: the scores are a fine-tuned variant's
_FINE_TUNE = re.compile(
    r"(?<![A-Za-z])(?:q?lora|fft|full[- ]?(?:parameter[- ]?)?fine[- ]?tun\w*|ft)(?![A-Za-z])",
    re.IGNORECASE,
)
# the category column papers print left of the benchmark (`Chinese | C-Eval`), when the
# grid joined it into the label
_CATEGORY_WORD = re.compile(
    r"^(?:english|chinese|code|coding|math|mathematics|reasoning|knowledge|commonsense|multilingual|"
    r"general|language|reading|comprehension|exam|examination)\s+(?=\S)",
    re.IGNORECASE,
)
# a benchmark read from a category label, which a benchmark in a later label column overrides
_CATEGORY_BENCH = {"math_category"}
# words of prose, never of a model name (`which 2.4B are activated for each token.`,
# `Answer: Indras has 6 letters ...`, `795B tokens`)
_PROSE_WORD = re.compile(
    r"(?<![A-Za-z])(?:which|are|is|was|were|for|each|the|has|have|than|her|his|their|its|that|this|"
    r"these|answer|question|tokens?|letters?|so|then|when|where|there|we|our|you)(?![A-Za-z])",
    re.IGNORECASE,
)


def is_paper(doc: DocumentInput) -> bool:
    return doc.content_type.split(";")[0].strip().lower() in PAPER_TYPES


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKS.sub(" ", text)).strip(" :")


def _bench_id(text: str) -> str | None:
    """A known benchmark named by a header text (vocabulary, then paper abbreviations)."""
    text = _clean(text)
    if not text:
        return None
    found = parse_benchmark(text).benchmark_id
    if found:
        return found
    key = fold(re.sub(r"\([^()]*\)", " ", text))
    return _PAPER_ALIASES.get(key)


@dataclass
class _Facts:
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
    variant: str | None = None
    """A fine-tuning method the label names (`LoRA`, `FFT`): the numbers are a fine-tuned
    model's, not the base model's."""


def _merge_config(a: Configuration, b: Configuration) -> Configuration:
    """Field by field, `a` first."""
    return Configuration(
        precision=a.precision or b.precision,
        quant_method=a.quant_method or b.quant_method,
        bits=a.bits if a.bits is not None else b.bits,
        group_size=a.group_size if a.group_size is not None else b.group_size,
        quant_format=a.quant_format or b.quant_format,
    )


def _has_config(c: Configuration) -> bool:
    return any(v is not None for v in (c.precision, c.quant_method, c.bits, c.group_size, c.quant_format))


def _family_of(text: str) -> str | None:
    """A family name in a stub header or a caption (`OPT`, `LLaMA Family`, `OPT / PPL`)."""
    t = _clean(_STUB_NOISE.sub(" ", text))
    t = re.sub(r"\s+", " ", t).strip(" -:,.")
    if not t or HAS_SIZE.search(t) or _bench_id(t) or len(t) > 24:
        return None
    if not re.match(r"^[A-Za-z]", t) or parse_cell(t) is not None or _BASELINE.match(t):
        return None
    if _has_config(parse_configuration(t)[1]):
        return None
    return t


def _caption_family(caption: str) -> str | None:
    """The first model family named in a caption (`LLaMA` in "LLaMA quantization results")."""
    families = {m.family for m in vocabulary().models.values()}
    for word in re.findall(r"[A-Za-z][A-Za-z0-9.]*", caption):
        base = re.split(r"[-.]?\d", word, maxsplit=1)[0]
        if base.lower() in families or re.fullmatch(r"OPT|BLOOM|Pythia|GPT-?J|Falcon|MPT|PaLM", base):
            return base
    return None


_FULL_NAME = re.compile(r"\b[A-Z][A-Za-z0-9.]*(?:[- ][A-Z0-9][A-Za-z0-9.]*){0,2}?[- ]\d+(?:\.\d+)?[BbMm]\b")


def _name_word(word: str) -> bool:
    """A word that can begin a model name: a known family, or a coined word (a digit or
    an inner capital: `ChatGLM2`, `OPT`, `GPT-3`), not a capitalised English word of a
    caption (`Results`, `Report`, `Comparison`)."""
    return bool(_KNOWN_NAMES_START.match(word) or re.search(r"\d|.[A-Z]", word))


_KNOWN_NAMES_START = re.compile(
    r"^(?:gpt|llama|qwen|mistral|mixtral|claude|gemini|gemma|falcon|phi|deepseek|yi|baichuan|internlm|"
    r"chatglm|vicuna|alpaca|mpt|opt|bloom|zephyr|starcoder|codellama|code|wizard|tinyllama|stablelm|olmo|"
    r"pythia|palm|chinchilla|gopher|guanaco|orca|t5|flan)",
    re.IGNORECASE,
)


_NAME_PART = re.compile(
    r"^(?:chat|instruct|inst\.?|base|it|sft|rlhf|dpo|coder|code|python|math|v?\d[\w.]*|[A-Z]{1,3}|moe)$",
    re.IGNORECASE,
)


def _caption_model(caption: str) -> str | None:
    """A model a caption names (`... of OPT-175B`): a name, never a caption phrase
    (`Post-Training Quantization Results GPT-3 350M` names GPT-3 350M)."""
    caption = re.sub(r"(?<=[A-Za-z])- (?=\d)", "-", caption)  # "BLOOM- 176B": a line-break hyphen
    for m in _FULL_NAME.finditer(caption):
        words = re.split(r"(?<=[A-Za-z0-9.])[ ](?=\S)", m.group(0))
        while len(words) > 1 and not _name_word(words[0]):
            words = words[1:]
        name = " ".join(words)
        if SIZE_ONLY.match(name) or not _name_word(re.split(r"[- ]", name)[0]):
            continue
        inner = re.split(r"[- ]", name)[1:-1]
        if not all(_name_word(w) or _NAME_PART.match(w) for w in inner):
            continue  # `Llama3 Report 7B`: an English word inside
        if looks_like_model(name) and not _bench_id(name) and _plausible_name(name):
            return name
    return None


def _plausible_name(name: str) -> bool:
    """A model name, not a phrase of prose the grid or a caption lent a label."""
    return not _PROSE_WORD.search(name) and len(name.split()) <= 6 and not name.rstrip(")").endswith(".")


def _model_label(name: str) -> str:
    """Abbreviations papers print in narrow columns written out (`Inst.` is Instruct),
    `Qwen 1.5` as the family spells it, an unclosed parenthesis closed."""
    name = re.sub(r"(?<![A-Za-z])Inst(?:r)?\.?(?![A-Za-z])", "Instruct", name)
    name = re.sub(r"(?<![A-Za-z])(Qwen) (\d\.\d)(?![\d.])", r"\1\2", name, flags=re.IGNORECASE)
    if name.count("(") > name.count(")"):
        name += ")"
    return name


def _stacked_name(texts: list[str]) -> str | None:
    """A model name printed over two header rows (`DeepSeek` / `67B Chat`, `DeepSeek-V2` /
    `Chat (SFT)`), top to bottom, when no row names a benchmark."""
    cleaned = [_clean(t) for t in texts]
    if any(_bench_id(t) for t in cleaned):
        return None
    rest, config = parse_configuration(" ".join(cleaned))
    rest = rest.strip()
    if _has_config(config) or not re.match(r"^[A-Za-z]", rest) or not looks_like_model(rest):
        return None
    return rest if _plausible_name(_model_label(rest)) else None


def _read_text(text: str, facts: _Facts, allow_family: bool) -> None:
    """Add what one header/label text says to `facts` (the first statement of a kind wins)."""
    text = _clean(text)
    if not text:
        return
    proto = parse_protocol(text)
    facts.protocol = merge_protocols(facts.protocol, proto)
    bench = _bench_id(text)
    if bench is None and _CATEGORY_WORD.match(text):
        stripped = _CATEGORY_WORD.sub("", text, count=1)
        if _bench_id(stripped):
            text, bench = stripped, _bench_id(stripped)
    rest, config = parse_configuration(text)
    if bench and not looks_like_model(rest if rest else text):
        weak = _GENERIC_BENCH | _CATEGORY_BENCH
        if facts.bench is None or (facts.bench in weak and bench not in weak):
            facts.bench, facts.bench_label = bench, text
        return
    tune = _FINE_TUNE.search(text)
    if tune:
        facts.variant = facts.variant or tune.group(0)
        text = (text[: tune.start()] + text[tune.end() :]).strip(" +-/()")
        if not text:
            return
        rest, config = parse_configuration(text)
    facts.config = _merge_config(facts.config, config)
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
    family = _family_of(rest)
    if family and _KNOWN_FAMILY.match(family):
        facts.family = facts.family or family
        return
    facts.rest = f"{facts.rest} {rest}".strip()


def _bits_text(text: str) -> str:
    """A Bits column cell as configuration words: `4` -> `4-bit`, `3/g1024` -> `3-bit g1024`."""
    parts = [p.strip() for p in re.split(r"\s*/\s*", text) if p.strip()]
    out = []
    for p in parts:
        out.append(f"{p}-bit" if re.fullmatch(r"\d+(?:\.\d+)?", p) else p)
    return " ".join(out)


def _sub_benchmark(group: str, sub: str, siblings_named: bool) -> str | None:
    """A sub-header under a benchmark group: `MMLU` + `Hums.` -> `mmlu_humanities`."""
    s = _clean(sub)
    if _AVERAGE.match(s.rstrip(".") + ("." if s.endswith(".") else "")) or _AVERAGE.match(s):
        return "average" if siblings_named else group
    if parse_protocol(s) != Protocol() or re.search(r"\d|@", s):
        return group
    key = fold(s.rstrip("."))
    if group in _PARTED and key in _MMLU_PARTS:
        return f"{group}_{_MMLU_PARTS[key]}"
    return None


_PARTED = {"mmlu", "ceval", "cmmlu", "agieval"}
"""Benchmarks reported by subject area (STEM / Humanities / Social Sciences / Other)."""


def _part_of_group(group: str, sub: str) -> str | None:
    """The benchmark a column under a benchmark group reports, when `_sub_benchmark` does
    not know its sub-header: the group itself when the sub-header says how it was measured
    or which model/configuration (`PPL`, `Base`, `RTN`, `LLaMA`), a part of the group named
    after the sub-header otherwise (`C-Eval` + `Hard` -> `ceval_hard`): a part is never
    passed off as the whole."""
    s = _clean(sub)
    own = _bench_id(s)
    if own in _GENERIC_BENCH or _BASELINE.match(s) or _FINE_TUNE.search(s):
        return group
    if looks_like_model(s) or _KNOWN_FAMILY.match(s) or _has_config(parse_configuration(s)[1]):
        return group
    slug = re.sub(r"[^a-z0-9]+", "_", s.lower().rstrip(".")).strip("_")
    return f"{group}_{slug}" if slug else None


def paper_records(table: Table, doc: DocumentInput) -> list[ScoreRecord] | None:
    """Records of one paper table, or None when `doc` is not a paper."""
    if not is_paper(doc):
        return None
    t = _without_prose_header(table.padded())
    h = t.header_rows
    if len(t.rows) <= h or t.width < 2:
        return []
    cols = classify_columns(t)
    labels = [c for c in cols.labels if c not in {cols.bits, cols.group}]
    special = {x for x in (cols.bits, cols.group, cols.shots) if x is not None}
    values = [c for c in cols.values if c not in special]
    if not values:
        return []
    caption = _clean(table.caption)
    caption_bench = _caption_benchmark(caption) or _hint_benchmark(doc)
    caption_protocol = _caption_protocol(caption)

    # the stub: header cells over the label columns
    stub = _Facts()
    for r in t.rows[:h]:
        for c in labels or [0]:
            _read_text(r[c].text, stub, allow_family=True)
    stub_family = stub.family or _caption_family(caption)
    stub_names_models = any(
        re.search(r"\bmodels?\b|^name$", _clean(r[c].text), re.IGNORECASE) for r in t.rows[:h] for c in labels
    )
    stub_model = stub.model or _caption_model(caption) or doc.model

    # columns
    col_facts: dict[int, _Facts] = {}
    groups: dict[int, tuple[str, str] | None] = {}
    for c in values:
        f = _Facts()
        texts: list[str] = []
        for r in t.rows[:h]:
            txt = r[c].text
            if txt and (not texts or texts[-1] != txt):
                texts.append(txt)
        group: tuple[str, str] | None = None
        for k, txt in enumerate(reversed(texts)):  # lowest first: the most specific statement wins
            _read_text(txt, f, allow_family=True)
            upper = _bench_id(txt) if k > 0 else None
            if upper and group is None:
                group = (upper, txt)
        if f.bench is None and len(texts) > 1:
            name = _stacked_name(texts)
            if name and ((f.model and re.match(r"^\d", f.model)) or (not f.model and not f.size and f.rest)):
                f.model, f.rest = name, ""
        col_facts[c] = f
        groups[c] = group

    # sub-headers under a benchmark group (`MMLU` over `Hums. ... Avg.`)
    def lowest_text(col: int) -> str:
        return next((r[col].text for r in reversed(t.rows[:h]) if r[col].text), "")

    for c in values:
        f = col_facts[c]
        group = groups[c]
        lowest = _clean(lowest_text(c))
        if group is None or not lowest:
            continue
        own = _bench_id(lowest)
        if own is not None and own not in _GENERIC_BENCH:
            continue  # `PIQA` under `Common Sense QA`: the lower benchmark
        siblings = [d for d in values if d != c and groups[d] == group]
        named = any(_bench_id(lowest_text(d)) not in (None, "average") for d in siblings)
        distinct = any(_clean(lowest_text(d)) != lowest for d in siblings)
        sub = _sub_benchmark(group[0], lowest, named)
        if sub is None:
            sub = _part_of_group(group[0], lowest) if distinct else group[0]
        if sub is None:
            f.bench = None
            continue
        f.bench = sub
        f.bench_label = f"{group[1]} {lowest}"
    # a caption benchmark with sub-headers (`MMLU` caption over `Humanities STEM ... Average`)
    if caption_bench and all(col_facts[c].bench in (None, "average") for c in values):
        named = False
        for c in values:
            lowest = _clean(lowest_text(c))
            if col_facts[c].model or col_facts[c].size:
                continue  # `GPT- 4`, `Vicuna- 13B`: a model over the column, not a part
            sub = _sub_benchmark(caption_bench, lowest, named) if lowest else None
            if sub:
                col_facts[c].bench, col_facts[c].bench_label = sub, f"{caption} {lowest}"

    # a column headed by an unknown benchmark among named ones (`AlpacaFarm` next to `MMLU`)
    if any(col_facts[c].bench for c in values):
        for c in values:
            f = col_facts[c]
            if f.bench is None and f.rest and not f.model and not f.size and not is_not_score(f.rest):
                f.bench, f.bench_label = unknown_benchmark_id(f.rest), f.rest

    method_rows = 0
    body = list(enumerate(t.rows[h:], start=h))
    row_facts: dict[int, _Facts] = {}
    for i, row in body:
        f = _Facts()
        for c in labels:
            _read_text(row[c].text, f, allow_family=False)
        if cols.bits is not None and row[cols.bits].text:
            _read_text(_bits_text(row[cols.bits].text), f, allow_family=False)
        if cols.group is not None and re.fullmatch(r"\d+", row[cols.group].text):
            f.config = _merge_config(f.config, Configuration(group_size=int(row[cols.group].text)))
        if cols.shots is not None:
            m = SHOT_VALUE.match(row[cols.shots].text.strip())
            if m:
                f.protocol = merge_protocols(Protocol(n_shot=int(m.group(1))), f.protocol)
        if f.config.quant_method:
            method_rows += 1
        row_facts[i] = f
    methods_table = method_rows > 0
    row_label = {i: _clean(" ".join(row[c].text for c in labels if row[c].text)) for i, row in body}
    _centred_families(body, row_facts, values)

    records: list[ScoreRecord] = []
    column_max: dict[int, float] = {}
    for i, row in body:
        rf = row_facts[i]
        for c in values:
            cell = row[c]
            if cell.spanned or not cell.text:
                continue
            parsed = parse_cell(cell.text)
            if not parsed:
                continue
            cf = col_facts[c]
            header = column_header(t, c)
            if is_not_score(_clean(header)) and not cf.bench:
                continue
            if not rf.bench and row_label[i] and is_not_score(row_label[i]):
                continue  # `Context Length`, `# Total Params`: properties of the models
            bench = cf.bench or rf.bench or caption_bench
            bench_label = cf.bench_label or rf.bench_label or caption
            if not cf.bench and rf.bench == "average" and caption_bench not in (None, "average"):
                bench = caption_bench  # the average of the caption benchmark's task rows
            task = rf.rest.strip()
            if (
                bench is not None
                and bench == caption_bench
                and not cf.bench
                and not rf.bench
                and task
                and (cf.model or cf.size or cf.rest or cf.family)
                and not (rf.model or rf.size or rf.family or _has_config(rf.config) or methods_table)
            ):
                # rows of tasks under a benchmark the caption names (AGIEval's `LSAT-AR`,
                # `SAT-Math`, ..., `Average`): a task is a part, never the whole benchmark
                bench = _sub_benchmark(bench, task, False) or _part_of_group(bench, task)
                bench_label = f"{caption_bench} {task}"
                if bench is None:
                    continue
            if bench is None:
                # an unknown benchmark named by the lowest header, when the table is about models
                continue
            model, rest_is_method = _resolve_model(rf, cf, stub_family, stub_model, stub_names_models)
            if model is None:
                continue
            model = _model_label(model)
            if not _plausible_name(model):
                continue
            variant = cf.variant or rf.variant
            if variant and not _FINE_TUNE.search(model):
                model = f"{model} ({variant})"  # a fine-tuned variant, never the base model
            config = _merge_config(rf.config, cf.config)
            if rest_is_method and rf.rest and not config.quant_method:
                word = rf.rest.strip()
                if not _BASELINE.match(word) and methods_table and _METHOD_WORD.match(word) and len(word) > 2:
                    config = config.model_copy(update={"quant_method": word.lower()})
            default_method = doc.hints.get("quant_method")
            if (
                isinstance(default_method, str)
                and config.quant_method is None
                and config.bits is not None
                and config.bits < 16
            ):
                config = config.model_copy(update={"quant_method": default_method})
            protocol = merge_protocols(cf.protocol, rf.protocol, stub.protocol, caption_protocol)
            if variant:
                note = f"fine-tuned ({variant})"
                details = f"{protocol.details}; {note}" if protocol.details else note
                protocol = protocol.model_copy(update={"details": details})
            model_id = parse_model_label(model).model_id
            if c not in column_max:
                column_max[c] = max(
                    (abs(v.value) for r2 in t.rows[h:] for v in (parse_cell(r2[c].text) or [])), default=0.0
                )
            for k, value in enumerate(parsed):
                proto = protocol
                if len(parsed) > 1:
                    where = f"value {k + 1} of {len(parsed)} in the cell"
                    proto = protocol.model_copy(
                        update={"details": f"{protocol.details}; {where}" if protocol.details else where}
                    )
                bench_id = bench
                records.append(
                    ScoreRecord(
                        source_id=doc.source_id,
                        model=model_id,
                        model_label=model,
                        configuration=config,
                        benchmark=bench_id,
                        benchmark_label=bench_label[:200] or bench_id,
                        protocol=proto,
                        value=value.value,
                        raw=cell.raw.strip(),
                        scale=scale_for(bench_id, value, column_max[c], header),
                        bound=value.bound,
                        citation=cell_citation(doc, t, i, c, row, labels, header),
                    )
                )
    return records


def _is_prose_row(row: list[Cell]) -> bool:
    """A line of the paper's prose the grid took for a header row (`single V100 GPU during
    inference.` over `0-shot 1-shot ...`): one phrase across the row, a sentence's words."""
    texts = {_clean(c.text) for c in row if c.text.strip()}
    if len(texts) != 1:
        return False
    text = next(iter(texts))
    words = text.split()
    return len(words) >= 3 and (text.endswith(".") or bool(_PROSE_WORD.search(text))) and not _bench_id(text)


def _without_prose_header(t: Table) -> Table:
    """The table with prose header rows blanked (row numbers kept for citations); when the
    header was only prose, the text rows below it are the header."""
    h = t.header_rows
    prose = [i for i in range(min(h, len(t.rows))) if _is_prose_row(t.rows[i])]
    if not prose:
        return t
    rows = [
        [Cell("", "", page=c.page, line=c.line) for c in r] if i in prose else r for i, r in enumerate(t.rows)
    ]
    while h < len(rows) - 1 and all(parse_cell(c.text) is None for c in rows[h][1:] if c.text.strip()):
        if not any(c.text.strip() for c in rows[h][1:]):
            break  # a family label on a row of its own, not a header
        names = any(looks_like_model(c.text) and not HAS_SIZE.fullmatch(c.text.strip()) for c in rows[h][1:])
        if not names and any(is_not_score(_clean(c.text)) for c in rows[h][:2] if c.text.strip()):
            break  # `Context Length | 4K | 32K`: a property of the models, not a header
        h += 1
    return replace(t, rows=rows, header_rows=h, notes=list(t.notes))


def _centred_families(
    body: list[tuple[int, list[Cell]]], facts: dict[int, _Facts], values: list[int]
) -> None:
    """A family label set vertically centred over its sizes, which the grid left in one
    column: `8B / PaLM 62B / 540B` (the family on the middle row) or `7B / 13B / LLaMA /
    33B / 65B` (the family on a row of its own). The sizes take the family."""

    def kind(i: int, row: list[Cell]) -> str:
        f = facts[i]
        empty = not any(row[c].text for c in values)
        if empty and f.family and not f.size and not f.model:
            return "F"
        if f.size and not f.model and not f.family and not f.rest:
            return "S"
        if f.model and SIZE_ONLY.match(f.model.split()[-1]) and len(f.model.split()) == 2:
            return "N"
        return "O"

    kinds = [kind(i, row) for i, row in body]
    ids = [i for i, _ in body]
    done: set[int] = set()

    def free_run(p: int, step: int) -> list[int]:
        out: list[int] = []
        q = p + step
        while 0 <= q < len(kinds) and kinds[q] == "S" and q not in done:
            out.append(q)
            q += step
        return out

    def assign(positions: list[int], family: str) -> None:
        for q in positions:
            facts[ids[q]].family = family
            done.add(q)

    for p, k in enumerate(kinds):  # a family on a row of its own, centred over its sizes
        if k == "F":
            before, after = free_run(p, -1), free_run(p, 1)
            n = min(len(before), len(after)) or max(len(before), len(after))
            assign(before[:n] + after[:n], facts[ids[p]].family or "")
    for p, k in enumerate(kinds):  # the family on the middle row: `8B / PaLM 62B / 540B`
        if k == "N":
            before, after = free_run(p, -1), free_run(p, 1)
            if before and after and abs(len(before) - len(after)) <= 1:
                assign(before + after, (facts[ids[p]].model or "").split()[0])


def _resolve_model(
    rf: _Facts, cf: _Facts, stub_family: str | None, stub_model: str | None, named: bool
) -> tuple[str | None, bool]:
    """(model name, whether the row's leftover label is a method rather than the model)."""
    row_family = rf.family or (rf.rest if rf.rest and not rf.size and not rf.model else None)
    if rf.model and not cf.model:
        return rf.model, False
    if cf.model:
        return cf.model, True
    if cf.size and rf.size:
        return None, False
    if cf.size:
        family = rf.family or cf.family or stub_family
        if family is None and row_family and looks_like_model(row_family):
            return f"{row_family} {cf.size}", False
        return (f"{family} {cf.size}", True) if family else (None, False)
    if rf.size:
        family = rf.family or (rf.rest or None) or cf.family or stub_family
        if rf.family is None and rf.rest:
            return f"{rf.rest} {rf.size}", False
        return (f"{family} {rf.size}", False) if family else (None, False)
    if rf.rest and not rf.bench and looks_like_model(rf.rest):
        return rf.rest, False
    if rf.family and not rf.bench:
        return rf.family, False
    if (
        cf.rest
        and not cf.bench
        and looks_like_model(cf.rest)
        and _plausible_name(cf.rest)
        and all(_name_word(w) or _NAME_PART.match(w) for w in cf.rest.split())
    ):
        return cf.rest, True  # a model without a size over the column (`DeepSeek-V2-Lite`)
    if stub_model:
        return stub_model, True
    if named and rf.rest and not rf.bench and not _has_config(rf.config):
        return rf.rest, False
    return None, False


_GENERIC_BENCH = {"perplexity", "average", "accuracy"}


def _benchmarks_named(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+#@-]*", text)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            if i + size > len(words):
                continue
            phrase = " ".join(words[i : i + size]).rstrip(".,;:")
            bench = _bench_id(phrase) if phrase else None
            if bench:
                if bench not in found:
                    found.append(bench)
                i += size
                break
        else:
            i += 1
    return found


def _caption_benchmark(caption: str) -> str | None:
    """The one benchmark a caption is about (`OPT perplexity results on WikiText2.`): the
    first sentence that names any decides; generic words (perplexity, average) yield to a
    named dataset; a sentence naming two datasets names none."""
    text = re.sub(r"^(?:Table|TABLE|Tab\.)\s*[A-Z]?\.?[\dIVX.]*\s*[:.|]?\s*", "", caption)
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", text):
        found = _benchmarks_named(sentence)
        if not found:
            continue
        specific = [b for b in found if b not in _GENERIC_BENCH]
        if len(specific) == 1:
            return specific[0]
        if not specific and found == ["perplexity"]:
            return "perplexity"
        return None
    return None


def _hint_benchmark(doc: DocumentInput) -> str | None:
    hint = doc.hints.get("benchmark")
    return _bench_id(hint) if isinstance(hint, str) else None


def _caption_protocol(caption: str) -> Protocol:
    shots = set(
        re.findall(r"(?<![A-Za-z0-9])(\d{1,2}|zero|one|five|few)[- ]?shots?(?![A-Za-z])", caption, re.I)
    )
    p = parse_protocol(caption)
    n_shot = p.n_shot if len(shots) == 1 else None
    if n_shot is None and len(shots) == 1 and next(iter(shots)).lower() == "five":
        n_shot = 5
    return Protocol(n_shot=n_shot, metric=p.metric if len(shots) <= 1 else None)
