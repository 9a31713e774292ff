"""Reading a table's columns: which hold labels (models, sizes, configurations, shots,
settings, benchmark names) and which hold values, and what benchmark a header names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from benchtable.extract.column_roles import ColumnRole, header_role, is_average, setting_header_protocol
from benchtable.extract.headers import (
    BenchmarkLabel,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import HAS_SIZE, SIZE_ONLY, looks_like_model
from benchtable.extract.registry import DocumentInput
from benchtable.extract.table import Cell, Table
from benchtable.extract.understand.words import GENERIC_BENCH, benchmark_part
from benchtable.extract.values import is_date, parse_cell
from benchtable.schema.records import Configuration, Protocol
from benchtable.schema.vocabulary import vocabulary

_SHOTS_HEADER = re.compile(
    r"^#?\s*(?:n[- ]?)?shots?$|^#?\s*shots?$|^n[-_ ]?shots?$|^few[- ]shot$", re.IGNORECASE
)
_METRIC_HEADER = re.compile(r"^metrics?$", re.IGNORECASE)
_BITS_HEADER = re.compile(
    r"^(?:w?bits?|#?\s*bits?|bit[- ]?width|bpw|bits per weight|avg\.? bits|average bits)\s*(?:\([^)]*\))?$",
    re.IGNORECASE,
)
BPW_HEADER = re.compile(r"bpw|per weight|avg|average", re.IGNORECASE)
_GROUP_HEADER = re.compile(r"^(?:group[- ]?size|groupsize|grpsz|gs|g)$", re.IGNORECASE)
_CONFIG_HEADER = re.compile(
    r"^(?:precision|quant(?:ization)?(?: method| type)?|method|format|dtype|type)$", re.IGNORECASE
)
_MODEL_HEADER = re.compile(
    r"^(?:model|models|model name|name|size|model size|#?\s*params?|(?:hf |hugging ?face )checkpoints?)$",
    re.IGNORECASE,
)
_BENCH_HEADER = re.compile(r"^(?:benchmarks?|tasks?|datasets?|evaluation|eval)$", re.IGNORECASE)
_SETTING_HEADER = re.compile(
    r"^(?:inference|settings?|mode|prompting|prompt|decoding|strategy|evaluation setting|eval setting)$",
    re.IGNORECASE,
)
_CATEGORY_HEADER = re.compile(r"^(?:category|categories|domain|capability|type|area)$", re.IGNORECASE)
SHOT_VALUE = re.compile(r"^(\d{1,2})(?:[- ]?shots?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Columns:
    labels: list[int]
    values: list[int]
    shots: int | None
    metric: int | None
    bits: int | None
    group: int | None
    setting: int | None = None
    settings: tuple[tuple[int, str], ...] = ()
    """Run-setting columns (`Batch size`, `Sequence length`, `Cache type`) and their headers."""
    intervals: tuple[int, ...] = ()
    """Bounds and errors of the scores beside them (`lower`, `rating_q975`): never read."""


def column_header(table: Table, col: int) -> str:
    """The header of a column, joining the texts of every header row (spans repeated)."""
    parts: list[str] = []
    for row in table.rows[: table.header_rows]:
        text = row[col].text if col < len(row) else ""
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return " ".join(parts)


def column_benchmark(table: Table, col: int, table_benchmark: str | None = None) -> BenchmarkLabel:
    """The benchmark a column header names: the joined header rows, else one row, lowest first.

    A generic header (`score`, `Scores (%)`, `win rate`) measures `table_benchmark`, the
    benchmark the whole table is about (`table_benchmark_of`), when there is one.
    """
    joined = column_header(table, col)
    part = None
    if table_benchmark:
        part = part_of_table_benchmark(
            joined, count_parts(column_header(table, c) for c in range(table.width)), table_benchmark
        )
    if part is not None:
        return BenchmarkLabel(joined, part, Protocol())
    setting = _setting_benchmark(table, col, joined, table_benchmark)
    if setting is not None:
        return setting
    found = parse_benchmark(joined)
    if found.benchmark_id is None:
        name, config = column_config(table, col)
        if config != Configuration() and name:
            found = BenchmarkLabel(joined, parse_benchmark(name).benchmark_id, parse_benchmark(name).protocol)
    if found.benchmark_id is None and table_benchmark and _GENERIC_SCORE.match(joined):
        return BenchmarkLabel(joined, table_benchmark, found.protocol)
    if found.benchmark_id is None:
        by_unit = _unit_of_values(table, col)
        if by_unit is not None:
            return BenchmarkLabel(joined, by_unit, merge_protocols(found.protocol, Protocol(details=joined)))
    if found.benchmark_id is not None or table.header_rows < 2:
        return found
    for row in reversed(table.rows[: table.header_rows]):
        text = row[col].text if col < len(row) else ""
        if text and text != joined:
            one = parse_benchmark(text)
            if one.benchmark_id is not None:
                return BenchmarkLabel(joined, one.benchmark_id, merge_protocols(one.protocol, found.protocol))
    lowest = (
        table.rows[table.header_rows - 1][col].text if col < len(table.rows[table.header_rows - 1]) else ""
    )
    return BenchmarkLabel(lowest or joined, None, found.protocol)


def count_parts(labels: Iterable[str]) -> int:
    """How many of the labels name a part by language (`Arabic`, `Python`)."""
    return sum(1 for label in labels if benchmark_part(label))


def part_of_table_benchmark(label: str, parts_named: int, table_benchmark: str | None) -> str | None:
    """A label among at least two (`parts_named`, from `count_parts`) that name parts by
    language is that part of the table's benchmark (`mmmlu_arabic`), the `Average` among
    them the benchmark itself; None for other labels or when the table names no benchmark."""
    if not table_benchmark or parts_named < 2:
        return None
    part = benchmark_part(label)
    if part is not None:
        return f"{table_benchmark}_{part}"
    return table_benchmark if is_average(label) else None


def _setting_benchmark(
    table: Table, col: int, header: str, table_benchmark: str | None
) -> BenchmarkLabel | None:
    """A header that is a setting (`batch=1`, `4K`) measures the table's benchmark under it;
    one that is only a configuration (`FP16`, `4bit-RTN`) the benchmark the label column's
    header names (`Wiki2 PPL` over the model names), else the table's; an `Average` beside
    setting headers is the table's benchmark averaged. None for other headers."""
    role = header_role(header)
    if role is ColumnRole.SETTING_HEADER:
        protocol = merge_protocols(setting_header_protocol(header), parse_protocol(header))
        return BenchmarkLabel(header, table_benchmark, protocol)
    if role is ColumnRole.CONFIGURATION_HEADER and col > 0:
        corner = parse_benchmark(column_header(table, 0))
        if corner.benchmark_id is not None:
            return BenchmarkLabel(header, corner.benchmark_id, corner.protocol)
        return BenchmarkLabel(header, table_benchmark, parse_protocol(header))
    if table_benchmark and is_average(header):
        others = (column_header(table, c) for c in range(table.width) if c != col)
        if any(header_role(h) is ColumnRole.SETTING_HEADER for h in others):
            return BenchmarkLabel(header, table_benchmark, Protocol(details=header.strip()))
    return None


def _mostly_dates(texts: list[str]) -> bool:
    """A release-date column is never part of a model's name."""
    return bool(texts) and sum(1 for t in texts if is_date(t)) * 2 > len(texts)


def _mostly_configurations(cells: list[Cell]) -> bool:
    """Cells such as `GPTQ`, `EXL2 4.0 bpw`, `Int4`: a configuration column, not a setting."""

    def is_config(text: str) -> bool:
        rest, config = parse_configuration(text)
        return config != Configuration() and len(rest) <= 12 and len(rest.split()) <= 1

    return sum(1 for c in cells if is_config(c.text)) * 2 > len(cells)


def column_config(table: Table, col: int) -> tuple[str, Configuration]:
    """Configuration stated in a column header (`AWQ 4bit Speed`, `FP16 Speed`) and the rest."""
    name, config = parse_configuration(column_header(table, col))
    return name, config


_SPEED_UNITS = {"t/s", "tok/s", "tokens/s"}
_MEMORY_UNITS = {"gb", "gib", "mb", "mib"}


def _unit_of_values(table: Table, col: int) -> str | None:
    """A column whose numbers carry a speed unit (`181 t/s`) measures decode speed."""
    values = [v for r in table.rows[table.header_rows :] for v in (parse_cell(r[col].text) or [])]
    if values and sum(1 for v in values if v.unit in _SPEED_UNITS) * 2 > len(values):
        return "decode_speed"
    memory_words = re.search(r"memory|usage|peak|vram", column_header(table, col), re.IGNORECASE)
    if memory_words and values and sum(1 for v in values if v.unit in _MEMORY_UNITS) * 2 > len(values):
        return "gpu_memory"
    return None


_GENERIC_SCORE = re.compile(r"^(?:scores?|win[- ]?rates?|results?)(?:\s*\(\s*%\s*\))?$", re.IGNORECASE)
_VERSION_SUFFIX = re.compile(r"[-_ ]?v\d+(?:\.\d+)*(?:[-_ ]?(?:preview|beta|alpha))?$", re.IGNORECASE)


def benchmark_named_in(text: str) -> str | None:
    """The first benchmark of the vocabulary named in prose, longest phrase first
    (`Arena-Hard-v0.1 (Style Control)` -> arena_hard: a listed edition's version is dropped;
    `Arena-Hard-v2.0-Preview`, another edition, keeps its own id `arena_hard_v2_0_preview`)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9.+#@-]*", text)
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            found = _phrase_benchmark(" ".join(words[i : i + size]))
            if found and not (found in GENERIC_BENCH and _quantity_follows(words, i + size)):
                return found
    return None


def _phrase_benchmark(phrase: str) -> str | None:
    """The benchmark a phrase names, or the edition its version suffix names."""
    voc = vocabulary()
    found = voc.benchmark_id(phrase)
    version = _VERSION_SUFFIX.search(phrase)
    if found or version is None or version.start() == 0:
        return found
    base = voc.benchmark_id(phrase[: version.start()])
    if base is None or voc.is_edition(base, version.group(0)):
        return base
    return unknown_benchmark_id(phrase)


def _quantity_follows(words: list[str], after: int) -> bool:
    """`an average of 5 bits`: the generic word measures a quantity, it names no benchmark."""
    return words[after : after + 1] == ["of"] and bool(re.match(r"\d", "".join(words[after + 1 : after + 2])))


def table_benchmark_of(table: Table, doc: DocumentInput) -> str | None:
    """The benchmark a whole table is about: its caption, the paragraph above, its heading,
    the source's `benchmark` hint, else the document URL's path (`.../arena-hard-auto/...`)."""
    hint = doc.hints.get("benchmark")
    texts = [table.caption, table.context, table.heading, hint if isinstance(hint, str) else ""]
    texts.extend(doc.url.split("/")[3:])
    for text in texts:
        found = benchmark_named_in(text.replace("/", " ")) if text else None
        if found:
            return found
    return None


def _names_a_model(text: str) -> bool:
    name = parse_configuration(text)[0]
    return bool(vocabulary().model_id(name)) or (looks_like_model(name) and bool(HAS_SIZE.search(name)))


def headers_name_models(table: Table, values: list[int], labels: list[int]) -> bool:
    """Most value columns are headed by a model and the rows are not models (a transposed table)."""
    headers = [column_header(table, c) for c in values]
    headers = [h for h in headers if h]
    if len(headers) < 2:
        return False
    if sum(1 for h in headers if _names_a_model(h)) * 5 < len(headers) * 3:
        return False
    rows = [r[labels[0]].text for r in table.rows[table.header_rows :] if labels and r[labels[0]].text]
    return not any(_names_a_model(r) for r in rows)


def rows_name_models(table: Table, labels: list[int]) -> bool:
    """Most rows name a model, known or sized (a table of unknown benchmarks still is scores)."""
    named = model_label_columns(table, labels)
    if not named:
        return False
    body = table.rows[table.header_rows :]
    names = [r[named[0]].text for r in body if r[named[0]].text]
    if len(names) < 2:
        return False
    return sum(1 for n in names if _names_a_model(n)) * 5 >= len(names) * 3


def header_knows(table: Table, col: int, table_benchmark: str | None = None) -> bool:
    """The column names a known benchmark, or several separated by `/` (`MMLU / CMMLU`)."""
    if column_benchmark(table, col, table_benchmark).benchmark_id:
        return True
    parts = [p for p in re.split(r"\s*/\s*", column_header(table, col)) if p]
    return len(parts) > 1 and all(parse_benchmark(p).benchmark_id for p in parts)


def _is_label_cell(cell: Cell) -> bool:
    return bool(cell.text) and parse_cell(cell.text) is None


_METRIC_ID = re.compile(r"^[a-z][a-z0-9_@.]*$")


def _metric_names(cells: list[Cell]) -> bool:
    """Cells under a `Metric` header that name metrics: half of them known metric words, or every
    one a metric identifier as evaluation harnesses print them (`acc_norm`, `likelihood_difference`,
    `pct_stereotype`) and none a listed benchmark (a `Metric` stub over benchmark rows)."""
    if sum(1 for c in cells if parse_protocol(c.text).metric) * 2 >= len(cells):
        return True
    names = [c.text.strip() for c in cells]
    return all(_METRIC_ID.match(n) and parse_benchmark(n).benchmark_id is None for n in names)


def classify_columns(table: Table) -> Columns:
    body = table.rows[table.header_rows :]
    labels: list[int] = []
    values: list[int] = []
    shots = metric = bits = group = setting = None
    settings: list[tuple[int, str]] = []
    intervals: list[int] = []
    for col in range(table.width):
        header = column_header(table, col)
        cells = [r[col] for r in body if r[col].text]
        non_numeric = sum(1 for c in cells if parse_cell(c.text) is None)
        if _SHOTS_HEADER.match(header):
            shots = col
            continue
        role = header_role(header)
        if role is ColumnRole.INTERVAL:
            intervals.append(col)
            continue
        if role is ColumnRole.SETTING and not _mostly_configurations_named(header, cells):
            settings.append((col, header))
            continue
        if (
            _SETTING_HEADER.match(header)
            and cells
            and all(parse_cell(c.text) is None for c in cells)
            and not _mostly_configurations(cells)
        ):
            setting = col
            continue
        if _METRIC_HEADER.match(header) and cells and _metric_names(cells):
            metric = col
            continue
        if _BITS_HEADER.match(header) and not is_benchmarkish(header):
            bits = col
            labels.append(col)
            continue
        if _GROUP_HEADER.match(header):
            group = col
            labels.append(col)
            continue
        if (cells and non_numeric * 2 >= len(cells) + (1 if len(cells) > 2 else 0)) or (
            not cells and not values and not is_benchmarkish(header)
        ):
            labels.append(col)
        else:
            values.append(col)
    return Columns(labels, values, shots, metric, bits, group, setting, tuple(settings), tuple(intervals))


def _mostly_configurations_named(header: str, cells: list[Cell]) -> bool:
    """A `Type`-like setting header over `GPTQ`/`AWQ` cells is the configuration, not a setting;
    a cache type (`fp16`, `int8`) is a setting whatever its cells say."""
    return "cache" not in header.lower() and _mostly_configurations(cells)


def is_benchmarkish(text: str) -> bool:
    return bool(text) and parse_benchmark(text).benchmark_id is not None


_NOTE_HEADER = re.compile(r"^(?:notes?|comments?|remarks?|links?|source|reference)$", re.IGNORECASE)


def is_benchmark_column_header(header: str) -> bool:
    """`Task`, `Benchmark`, `Dataset`: a label column that names benchmarks."""
    return bool(_BENCH_HEADER.match(header.strip()))


def model_label_columns(table: Table, labels: list[int]) -> list[int]:
    """Label columns that name the model or its configuration (not a method, category, licence, ...)."""
    keep: list[int] = []
    body = table.rows[table.header_rows :]
    labels = [c for c in labels if not _mostly_dates([r[c].text for r in body if r[c].text])]
    for i, c in enumerate(labels):
        header = column_header(table, c)
        if (
            i == 0
            or not header
            or _MODEL_HEADER.match(header)
            or _CONFIG_HEADER.match(header)
            or _BITS_HEADER.match(header)
            or _GROUP_HEADER.match(header)
            or (
                not _NOTE_HEADER.match(header)
                and _mostly_configurations([r[c] for r in table.rows[table.header_rows :] if r[c].text])
            )
        ):
            keep.append(c)
    return keep


def row_label(row: list[Cell], cols: list[int], skip: set[int]) -> str:
    parts: list[str] = []
    for c in cols:
        if c in skip:
            continue
        text = row[c].text
        if not text or text in parts:
            continue
        if SIZE_ONLY.match(text) and any(HAS_SIZE.search(p) for p in parts):
            continue  # a Params/Size column next to a name that already says its size
        parts.append(text)
    return " ".join(parts)
