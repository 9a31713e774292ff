"""Task columns of a benchmark the lead-in names but the vocabulary does not list.

A blog's `on the L-Eval benchmark` (or `on RGB, a RAG benchmark`) over a table whose columns
are that benchmark's tasks (`Coursera`, `QuALITY`, `Avg.`): each task column is a part of the
named benchmark (`leval_coursera`), its average the benchmark itself (`leval`), as a language
column is a part of the table's benchmark (`mmmlu_arabic`). Only when no column names a listed
benchmark: a table that mixes listed benchmarks with unknown words is read as it stands.
"""

from __future__ import annotations

import re

from benchtable.extract.column_roles import ColumnRole, header_role, is_average
from benchtable.extract.headers import BenchmarkLabel, parse_benchmark, unknown_benchmark_id
from benchtable.extract.table import Table
from benchtable.extract.understand.words import SUITE_LANGUAGES, SUITE_PREPOSITIONS
from benchtable.schema.vocabulary import vocabulary

__all__ = ["suite_named_in", "suite_task_benches"]

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NAME = r"(?P<name>[A-Za-z][\w.+]*(?:-[\w.+]+)*)"
_NAMED_SUITE = (
    re.compile(rf"\b(?:the|on|in)\s+{_NAME}\s+benchmark\b(?!s)", re.IGNORECASE),
    re.compile(rf"\b{_NAME},\s+an?\s+[\w-]+\s+benchmark\b(?!s)", re.IGNORECASE),
)
_TITLE_SUITE = re.compile(r"^\s*(?P<name>[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*){0,3}?)\s+benchmark\b(?!s)", re.I)
"""A title row that begins with a benchmark's name (`Code Interpreter Benchmark (Version ...)`,
`RGB English Benchmark for ...`): capitalised words before `Benchmark`, a language word aside."""


def _linked_suite() -> re.Pattern[str]:
    """`tested it on [L-Eval](https://...)`: a benchmark's own name, linked to where it is
    described; a Latin preposition stands alone, a CJK one may touch the prose around it."""
    latin = [re.escape(w) for w in SUITE_PREPOSITIONS if w.isascii()]
    cjk = [re.escape(w) for w in SUITE_PREPOSITIONS if not w.isascii()]
    before = rf"(?<![A-Za-z0-9])(?:{'|'.join(latin)})\s+(?:the\s+)?"
    if cjk:
        before = rf"(?:{before}|(?:{'|'.join(cjk)})\s*)"
    return re.compile(rf"{before}\[{_NAME}\]\(", re.IGNORECASE)


_LINKED_SUITE = _linked_suite()


_SIZED = re.compile(r"\d(?:\.\d+)?[BbMm]\b|^[A-Z]\d{2,4}$")
"""A model's size (`Qwen-72B`) or a device (`A100`, `H800`): no benchmark's name."""


_CATEGORY_IDS = {None, "math_category"}
"""What a task label may read as on its own: nothing listed, or a category word (`Math`)."""


def _coined(name: str) -> bool:
    """A benchmark's own name (`L-Eval`, `RGB`, `T-Eval`), not an English word (`our`, `popular`)."""
    return bool(re.search(r"\d|.[A-Z]", name))


def suite_named_in(text: str) -> str | None:
    """The id of the one benchmark a lead-in names by a coined name the vocabulary does not list
    (`L-Eval` -> `l_eval`); None when it names none or several."""
    names = {m.group("name") for m in _LINKED_SUITE.finditer(text)}
    text = _LINK.sub(r"\1", text)
    names |= {m.group("name") for pattern in _NAMED_SUITE for m in pattern.finditer(text)}
    voc = vocabulary()
    names = {n for n in names if _coined(n) and not _SIZED.search(n)}
    names = {n for n in names if voc.benchmark_id(n) is None and voc.model_id(n) is None}
    if len(names) != 1:
        return None
    return unknown_benchmark_id(names.pop())


def suite_titled(title: str) -> str | None:
    """The id of the benchmark a title row begins with (`Code Interpreter` -> `code_interpreter`)."""
    m = _TITLE_SUITE.match(title)
    if m is None:
        return None
    words = [w for w in m.group("name").split() if w.lower() not in SUITE_LANGUAGES]
    name = " ".join(words)
    voc = vocabulary()
    if not name or _SIZED.search(name) or voc.benchmark_id(name) or voc.model_id(name):
        return None
    return unknown_benchmark_id(name)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower()))


def _title(t: Table) -> str:
    """The title rows above a table's lowest header row (`RGB Chinese Benchmark for ...`)."""
    return " ".join(dict.fromkeys(c.text for row in t.rows[: t.header_rows - 1] for c in row if c.text))


def _language_code(title: str) -> str | None:
    """The language a sub-table's title names (`... English`, `... Chinese`) as the code the
    part ids carry (`en`, `zh`), from `schema/data/table_words.toml` [suite_languages]."""
    codes = {w: code for w, code in SUITE_LANGUAGES.items() if re.search(rf"\b{w}\b", title, re.IGNORECASE)}
    return next(iter(codes.values())) if len(codes) == 1 else None


def _task_id(label: str) -> str:
    """A task's id within its suite: the label slugged, without a ratio it was run at
    (`Noise 0.8 (Acc.)` -> `noise`)."""
    slug = unknown_benchmark_id(_RATIO.sub("", label).strip() or label)
    return slug.removesuffix("_unmapped")  # prefixed by its suite, `math` is no listed benchmark


_RATIO = re.compile(r"\s+\d+\.\d+(?=\s*(?:\(|$))")


def suite_task_benches(
    t: Table, benches: dict[int, BenchmarkLabel], table_bench: str | None
) -> dict[int, BenchmarkLabel] | None:
    """The columns as tasks of the benchmark the title rows or the lead-in name: an unknown
    label -> `<suite>_<task>` (`<suite>_<language>_<task>` under a title naming a language), an
    average -> the suite. None unless at least two columns are unknown tasks and none names a
    listed benchmark, a setting or a configuration."""
    if table_bench is not None:
        return None
    title = _title(t)
    suite = suite_titled(title) or suite_named_in(t.caption or t.context)
    if suite is None:
        return None
    language = _language_code(title)
    part = f"{suite}_{language}" if language else suite
    out: dict[int, BenchmarkLabel] = {}
    for c, bench in benches.items():
        lowest = t.rows[t.header_rows - 1][c].text if t.header_rows else bench.label
        if header_role(lowest) is not ColumnRole.SCORE:
            return None  # settings (`batch=1`) or configurations (`FP16`) across: not tasks
        if is_average(lowest):
            out[c] = BenchmarkLabel(bench.label, part, bench.protocol)
        elif {bench.benchmark_id, parse_benchmark(lowest).benchmark_id} <= _CATEGORY_IDS:
            out[c] = BenchmarkLabel(bench.label, f"{part}_{_task_id(lowest)}", bench.protocol)
        else:
            return None
    tasks = [t.rows[t.header_rows - 1][c].text for c, b in out.items() if b.benchmark_id != part]
    if len(tasks) < 2 or any(_words(task) & _words(suite) for task in tasks):
        return None  # `Tool Selection` under `Tool-Use Benchmark` names its task in full already
    return out
