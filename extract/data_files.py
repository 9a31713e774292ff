"""Leaderboard data files: CSV tables and JSON documents.

CSV (`text/csv`) is read into a `Table` (header row = the first row; every cell keeps
the 1-based physical line where its field starts, so quoted multi-line fields do not
shift the rows below) and interpreted by the shared `records_from_table`. Columns that
are not scores (ranks, counts, standard errors, lengths, links, dates, modes, ...) are
blanked before interpretation, and free-text columns never join the model label.

JSON (`application/json`) is walked with a position-aware parser, so every value keeps
its JSON pointer (RFC 6901) and the line it stands on. Shapes understood:

* lm-evaluation-harness result files (`results` / `versions` / `config`): one record per
  task metric, `*_stderr` skipped; `hendrycksTest-<subject>` is the MMLU subject
  `mmlu_<subject>` (no MMLU average is invented);
* a list of records (`[{"model": ..., "mmlu": ...}, ...]`), also under one list-valued
  key of a top-level object;
* an object keyed by model (`{"<model>": {"pass@1": {"humaneval": ...}}}`);
* a headerless array of rows (`[["<model>", 63.4, ...], ...]`): the column names come
  from the `columns` hint or a known layout of the source (never guessed);
* the Hub dataset-viewer `/rows` response: the Open LLM Leaderboard `contents` dataset is
  read by `open_llm_leaderboard`; other datasets as a list of records.

Hints (a source's `hints`, else a known layout recognised from the URL):
`benchmark_prefix` names the benchmark family of a leaderboard whose columns are bare
metric or task names (`AlpacaEval 2.0` + `win_rate`; `LiveBench` + `zebra_puzzle`);
`columns` names the columns of a headerless JSON array; `delimiter` overrides `,`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from benchtable.extract.headers import (
    is_not_score,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.interpret import records_from_table
from benchtable.extract.labels import ModelLabel, parse_model_label
from benchtable.extract.registry import DocumentInput, register_record_extractor, register_table_reader
from benchtable.extract.table import Cell, Table
from benchtable.extract.values import parse_cell
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Citation, Configuration, Locator, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import fold, vocabulary

CSV_TYPES = ("text/csv", "application/csv", "text/tab-separated-values")
JSON_TYPES = ("application/json",)

# ---------------------------------------------------------------------------------- hints

_OPEN_LLM_V1_COLUMNS = [
    "Model",
    "Average",
    "ARC (25-shot)",
    "HellaSwag (10-shot)",
    "MMLU (5-shot)",
    "TruthfulQA (0-shot)",
]

_KNOWN_LAYOUTS: list[tuple[re.Pattern[str], dict[str, Any]]] = [
    # tatsu-lab/alpaca_eval: docs/data_AlpacaEval_2/*.csv and leaderboards/data_AlpacaEval_2/*.csv
    (re.compile(r"alpaca_eval.*/data_AlpacaEval_2/", re.IGNORECASE), {"benchmark_prefix": "AlpacaEval 2.0"}),
    # AlpacaEval 1.0 (the vocabulary's plain `AlpacaEval`)
    (re.compile(r"alpaca_eval.*/data_AlpacaEval/", re.IGNORECASE), {"benchmark_prefix": "AlpacaEval"}),
    (re.compile(r"livebench", re.IGNORECASE), {"benchmark_prefix": "LiveBench"}),
    # dsdanielpark/open-llm-leaderboard-report data/YYYYMMDD.json: rows of the v1 leaderboard
    (
        re.compile(r"open-llm-leaderboard-report/.*/data/\d{8}\.json$", re.IGNORECASE),
        {"columns": _OPEN_LLM_V1_COLUMNS},
    ),
]


def document_hints(doc: DocumentInput) -> dict[str, Any]:
    """The source's hints over the known layout of the document's URL."""
    hints: dict[str, Any] = {}
    for pattern, known in _KNOWN_LAYOUTS:
        if pattern.search(doc.url):
            hints.update(known)
            break
    hints.update(doc.hints)
    return hints


def prefixed_header(prefix: str | None, header: str) -> str:
    """`AlpacaEval 2.0` + `win_rate`: the header completed with the leaderboard's benchmark.

    The completed text when the vocabulary knows it; else the bare header when the
    vocabulary knows it as a benchmark of that family (`length_controlled_winrate` is
    AlpacaEval 2.0 LC); else the completed text (an unknown benchmark of the family).
    """
    if not prefix or not header:
        return header
    full = f"{prefix} {header}"
    voc = vocabulary()
    if voc.benchmark_id(full):
        return full
    bare = voc.benchmark_id(header)
    if bare is not None:
        bench = voc.benchmarks[bare]
        names = [bench.id, bench.label, *bench.aliases]
        if any(fold(prefix) in fold(n) for n in names):
            return header
    return full


# ------------------------------------------------------------------------------------ CSV


@dataclass(frozen=True)
class CsvField:
    text: str
    """The field's value (quotes removed, doubled quotes undone)."""
    line: int
    """1-based line where the field starts."""


def parse_csv(text: str, delimiter: str = ",") -> list[list[CsvField]]:
    """RFC 4180 records with the line each field starts on; blank lines are skipped."""
    rows: list[list[CsvField]] = []
    row: list[CsvField] = []
    buf: list[str] = []
    line = 1
    start_line = 1
    i = 0
    n = len(text)
    in_quotes = False
    quoted = False

    def end_field() -> None:
        row.append(CsvField("".join(buf), start_line))
        buf.clear()

    def end_row() -> None:
        nonlocal row
        if not (len(row) == 1 and row[0].text == "" and not quoted):
            rows.append(row)
        row = []

    field_start = True
    while i < n:
        ch = text[i]
        if field_start:
            start_line = line
            quoted = False
            field_start = False
            if ch == '"':
                in_quotes = True
                quoted = True
                i += 1
                continue
        if in_quotes:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    buf.append('"')
                    i += 2
                    continue
                in_quotes = False
                i += 1
                continue
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                buf.append("\r\n")
                line += 1
                i += 2
                continue
            if ch in "\r\n":
                line += 1
            buf.append(ch)
            i += 1
            continue
        if ch == delimiter:
            end_field()
            field_start = True
            i += 1
            continue
        if ch in "\r\n":
            end_field()
            end_row()
            field_start = True
            i += 2 if ch == "\r" and i + 1 < n and text[i + 1] == "\n" else 1
            line += 1
            continue
        buf.append(ch)
        i += 1
    if not field_start or buf or row:
        if field_start:
            start_line = line
        end_field()
        end_row()
    return rows


_DATA_NOT_SCORE = re.compile(
    # anywhere in the header
    r"(?:^|_)(?:std|stderr|sem|standard_error|ci|ci_low|ci_high|error|err|rank|ranking|votes?|"
    r"date|time|timestamp|link|url|urls|href|samples|filter|mode|license|organi[sz]ation|org|"
    r"price|cost|hash|sha|revision|version)(?:_|$)"
    # as the head (last) word: `avg_length`, `n_total`, `model_size`
    r"|(?:^|_)(?:length|len|tokens?|count|total|params?|parameters|size|n)$"
    # counts: `n_wins`, `num_samples`, `#params`
    r"|^n_|^num_|^#",
)
_CONFIG_COLUMN = re.compile(
    r"^(?:precision|dtype|quant(?:ization)?(?:[ _]?(?:method|type))?|w?bits?|bpw|group[ _-]?size|"
    r"#?\s*shots?|n[-_ ]?shots?|metrics?)$",
    re.IGNORECASE,
)
_MODEL_COLUMN = re.compile(
    r"^(?:models?|model[ _]?name|model[ _]?id|name|fullname|eval_name|checkpoint|system|)$", re.IGNORECASE
)


def _snake(header: str) -> str:
    return re.sub(r"[^a-z0-9#]+", "_", header.strip().lower()).strip("_")


def not_score_column(header: str) -> bool:
    """Headers of data-file columns that never hold scores (on top of `is_not_score`)."""
    if is_not_score(header):
        return True
    return bool(_DATA_NOT_SCORE.search(_snake(header)))


def _mostly_text(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    words = sum(1 for c in filled if parse_cell(c) is None)
    return words * 2 > len(filled)


def _model_column(header: list[str], body: list[list[str]]) -> int | None:
    text_cols = [c for c in range(len(header)) if _mostly_text([r[c] if c < len(r) else "" for r in body])]
    for c in text_cols:
        if _MODEL_COLUMN.match(header[c].strip()):
            return c
    return text_cols[0] if text_cols else None


def table_from_rows(
    header: Sequence[tuple[str, int | None]],
    body: Sequence[Sequence[tuple[str, str, int | None]]],
    prefix: str | None,
    model_col: int | None = None,
) -> tuple[Table, int | None]:
    """A `Table` holding only the model column, configuration columns and score columns.

    `header` is (text, line) per column; `body` is (text, raw, line) per cell. Other
    columns are kept in place (so column numbers stay the document's) but blanked.
    """
    width = max([len(header)] + [len(r) for r in body])
    names = [h[0] for h in header] + [""] * (width - len(header))
    texts = [[r[c][0] if c < len(r) else "" for c in range(width)] for r in body]
    if model_col is None:
        model_col = _model_column(names, texts)
    keep_header: list[Cell] = []
    keep: list[bool] = []
    for c in range(width):
        name = names[c].strip()
        line = header[c][1] if c < len(header) else None
        column = [t[c] for t in texts]
        if c == model_col or _CONFIG_COLUMN.match(name):
            keep.append(True)
            keep_header.append(Cell(name, names[c], line))
        elif not name or not_score_column(name) or _mostly_text(column):
            keep.append(False)
            keep_header.append(Cell("", names[c], line))
        else:
            keep.append(True)
            keep_header.append(Cell(prefixed_header(prefix, name), names[c], line))
    rows: list[list[Cell]] = [keep_header]
    for r in body:
        cells: list[Cell] = []
        for c in range(width):
            text, raw, line = r[c] if c < len(r) else ("", "", None)
            cells.append(Cell(text.strip() if keep[c] else "", raw, line))
        rows.append(cells)
    return Table(rows=rows, header_rows=1, line=header[0][1] if header else None), model_col


@register_table_reader("csv", CSV_TYPES)
def csv_tables(doc: DocumentInput) -> list[Table]:
    hints = document_hints(doc)
    text = doc.text()
    delimiter = hints.get("delimiter")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        delimiter = "\t" if doc.content_type.startswith("text/tab-separated-values") else ","
    records = parse_csv(text, delimiter)
    if len(records) < 2:
        return []
    header = [(f.text, f.line) for f in records[0]]
    body = [[(f.text, f.text, f.line) for f in rec] for rec in records[1:]]
    prefix = hints.get("benchmark_prefix")
    table, _ = table_from_rows(header, body, prefix if isinstance(prefix, str) else None)
    return [table]


# ------------------------------------------------------------------------- JSON positions


@dataclass
class JNode:
    """A JSON value with its place in the text."""

    kind: str
    """object, array, string, number, true, false, null."""
    start: int
    end: int
    value: Any = None
    """Python value of a scalar."""
    items: list[JNode] = field(default_factory=list)
    """Array elements."""
    members: list[tuple[str, JNode]] = field(default_factory=list)
    """Object members in document order."""

    def get(self, key: str) -> JNode | None:
        for k, v in self.members:
            if k == key:
                return v
        return None

    @property
    def is_number(self) -> bool:
        return self.kind == "number"


_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None, "NaN": None, "Infinity": None, "-Infinity": None}
_MAX_DEPTH = 400


class JsonText:
    """A parsed JSON document that can say on which line each value stands."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        pos = _WS.match(text, 0)
        assert pos is not None
        self.root, end = self._value(pos.end(), 0)
        tail = _WS.match(text, end)
        assert tail is not None
        if tail.end() != len(text):
            raise ValueError(f"extra data at offset {tail.end()}")

    def line(self, offset: int) -> int:
        return bisect_right(self._newlines, offset - 1) + 1

    def raw(self, node: JNode) -> str:
        return self.text[node.start : node.end]

    def _skip(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        assert m is not None
        return m.end()

    def _value(self, pos: int, depth: int) -> tuple[JNode, int]:
        if depth > _MAX_DEPTH:
            raise ValueError("nesting too deep")
        text = self.text
        if pos >= len(text):
            raise ValueError("unexpected end of data")
        ch = text[pos]
        if ch == "{":
            node = JNode("object", pos, pos)
            pos = self._skip(pos + 1)
            if text.startswith("}", pos):
                node.end = pos + 1
                return node, pos + 1
            while True:
                m = _STRING.match(text, pos)
                if m is None:
                    raise ValueError(f"expected a key at offset {pos}")
                key = json.loads(m.group(0))
                pos = self._skip(m.end())
                if not text.startswith(":", pos):
                    raise ValueError(f"expected ':' at offset {pos}")
                child, pos = self._value(self._skip(pos + 1), depth + 1)
                node.members.append((key, child))
                pos = self._skip(pos)
                if text.startswith(",", pos):
                    pos = self._skip(pos + 1)
                    continue
                if text.startswith("}", pos):
                    node.end = pos + 1
                    return node, pos + 1
                raise ValueError(f"expected ',' or '}}' at offset {pos}")
        if ch == "[":
            node = JNode("array", pos, pos)
            pos = self._skip(pos + 1)
            if text.startswith("]", pos):
                node.end = pos + 1
                return node, pos + 1
            while True:
                child, pos = self._value(pos, depth + 1)
                node.items.append(child)
                pos = self._skip(pos)
                if text.startswith(",", pos):
                    pos = self._skip(pos + 1)
                    continue
                if text.startswith("]", pos):
                    node.end = pos + 1
                    return node, pos + 1
                raise ValueError(f"expected ',' or ']' at offset {pos}")
        if ch == '"':
            m = _STRING.match(text, pos)
            if m is None:
                raise ValueError(f"bad string at offset {pos}")
            return JNode("string", pos, m.end(), json.loads(m.group(0))), m.end()
        for word, value in _LITERALS.items():
            if text.startswith(word, pos):
                kind = {"true": "true", "false": "false"}.get(word, "null")
                return JNode(kind, pos, pos + len(word), value), pos + len(word)
        m = _NUMBER.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"unexpected character {ch!r} at offset {pos}")
        num = m.group(0)
        value_num: float = float(num)
        return JNode("number", pos, m.end(), value_num), m.end()


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON pointer."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def parse_json(doc: DocumentInput) -> JsonText:
    try:
        return JsonText(doc.text())
    except (ValueError, RecursionError) as exc:
        raise DocumentError(f"{doc.url}: JSON does not parse: {exc}") from exc


# ------------------------------------------------------------------- lm-evaluation-harness

_HARNESS_MODEL_CLASSES = {
    "gpt2",
    "hf",
    "hf-causal",
    "hf-causal-experimental",
    "hf-seq2seq",
    "hf-auto",
    "huggingface",
    "vllm",
    "openai",
    "openai-completions",
    "local-completions",
    "gguf",
    "ggml",
    "anthropic",
    "textsynth",
    "dummy",
    "sparseml",
    "neuralmagic",
    "mamba_ssm",
}
_SIZE = re.compile(r"^\d+(?:\.\d+)?[BbMm]$")
_PERPLEXITY_METRICS = {"ppl", "perplexity", "word_perplexity", "byte_perplexity"}


def is_harness_result(root: JNode) -> bool:
    results = root.get("results") if root.kind == "object" else None
    if results is None or results.kind != "object" or not results.members:
        return False
    return all(v.kind == "object" for _, v in results.members)


def parse_model_args(model_args: str) -> dict[str, str]:
    """`pretrained=meta-llama/Llama-2-7b-hf,dtype=bfloat16` as a dict."""
    out: dict[str, str] = {}
    for part in model_args.split(","):
        if "=" in part:
            k, _, v = part.partition("=")
            out[k.strip()] = v.strip()
    return out


def _model_from_path(path: str) -> str:
    """A local checkpoint path names a model by its last parts: `.../LLaMA/.../7B` is `LLaMA 7B`."""
    parts = [p for p in re.split(r"[\\/]+", path) if p and p not in {".", ".."}]
    if not parts:
        return path
    last = parts[-1]
    if _SIZE.match(last):
        families = {m.family for m in vocabulary().models.values()}
        for p in reversed(parts[:-1]):
            base = re.split(r"[-_.]?\d", p, maxsplit=1)[0].lower()
            if base in families or fold(p) in families:
                return f"{p} {last}"
        return f"{parts[-2]} {last}" if len(parts) > 1 else last
    return last


def harness_model(root: JNode, doc: DocumentInput) -> tuple[str | None, Configuration]:
    """The evaluated model and its load configuration from `config`."""
    config = root.get("config")
    name: str | None = None
    precision: str | None = None
    quant_method: str | None = None
    bits: float | None = None
    if config is not None and config.kind == "object":
        args_node = config.get("model_args")
        args = parse_model_args(args_node.value) if args_node and args_node.kind == "string" else {}
        pretrained = args.get("pretrained") or args.get("model") or args.get("path")
        if pretrained:
            if pretrained.startswith(("/", "./", "~", "\\")) or re.match(r"^[A-Za-z]:\\", pretrained):
                name = _model_from_path(pretrained)
            else:
                name = pretrained
        model_node = config.get("model")
        if name is None and model_node is not None and model_node.kind == "string":
            value = str(model_node.value)
            if value.lower() not in _HARNESS_MODEL_CLASSES:
                name = value
        dtype = (args.get("dtype") or args.get("torch_dtype") or "").lower()
        precision = {
            "bfloat16": "bf16",
            "bf16": "bf16",
            "float16": "fp16",
            "fp16": "fp16",
            "half": "fp16",
            "float32": "fp32",
            "fp32": "fp32",
            "float": "fp32",
        }.get(dtype)
        if args.get("load_in_8bit", "").lower() == "true":
            quant_method, bits, precision = "bitsandbytes", 8.0, None
        elif args.get("load_in_4bit", "").lower() == "true":
            quant_method, bits, precision = "bitsandbytes", 4.0, None
    if doc.model:
        name = doc.model
    return name, Configuration(precision=precision, quant_method=quant_method, bits=bits)


def _shots(root: JNode, task: str, doc: DocumentInput) -> int | None:
    for key in ("n-shot", "n_shot"):
        per_task = root.get(key)
        if per_task is not None and per_task.kind == "object":
            node = per_task.get(task)
            if node is not None and node.is_number:
                return int(node.value)
    configs = root.get("configs")
    if configs is not None and configs.kind == "object":
        tc = configs.get(task)
        nf = tc.get("num_fewshot") if tc is not None and tc.kind == "object" else None
        if nf is not None and nf.is_number:
            return int(nf.value)
    config = root.get("config")
    if config is not None and config.kind == "object":
        nf = config.get("num_fewshot")
        if nf is not None and nf.is_number:
            return int(nf.value)
    return parse_protocol(doc.url.rsplit("/", 1)[-1]).n_shot


def harness_benchmark(task: str) -> tuple[str, str]:
    """(benchmark id, label) of a harness task name."""
    m = re.match(r"^hendrycksTest-(.+)$", task)
    if m:
        return f"mmlu_{unknown_benchmark_id(m.group(1))}", task
    bench = parse_benchmark(task)
    if bench.benchmark_id:
        return bench.benchmark_id, task
    return unknown_benchmark_id(task), task


def _harness_label(name: str) -> ModelLabel:
    """The model of a checkpoint name; a conversion suffix (`-hf`) does not hide a known model."""
    model = parse_model_label(name)
    voc = vocabulary()
    if model.model_id not in voc.models:
        bare = re.sub(r"[-_]hf$", "", name, flags=re.IGNORECASE)
        if bare != name:
            other = parse_model_label(bare)
            if other.model_id in voc.models:
                return ModelLabel(name, other.name, other.model_id, other.configuration)
    return model


def harness_records(doc: DocumentInput, jt: JsonText) -> list[ScoreRecord]:
    root = jt.root
    results = root.get("results")
    assert results is not None
    model_name, config = harness_model(root, doc)
    if model_name is None:
        return []
    model = _harness_label(model_name)
    if model.configuration != Configuration():
        config = model.configuration
    voc = vocabulary()
    out: list[ScoreRecord] = []
    for task, metrics in results.members:
        if metrics.kind != "object":
            continue
        bench_id, label = harness_benchmark(task)
        shots = _shots(root, task, doc)
        for key, node in metrics.members:
            metric, _, filt = key.partition(",")
            if "stderr" in metric.lower() or not node.is_number or metric == "alias":
                continue
            metric_name = metric
            proto = merge_protocols(
                Protocol(
                    n_shot=shots,
                    metric=metric_name,
                    details=f"filter: {filt}" if filt and filt != "none" else None,
                ),
                parse_protocol(task),
            )
            known = voc.benchmarks.get(bench_id)
            scale: Scale
            if metric.lower() in _PERPLEXITY_METRICS:
                scale = Scale.PERPLEXITY
            elif metric.lower() in {"bits_per_byte", "bpb"}:
                scale = Scale.SCORE
            elif known is not None and known.scale not in {Scale.PERCENT, Scale.FRACTION}:
                scale = known.scale
            elif abs(node.value) <= 1.0:
                scale = Scale.FRACTION
            else:
                scale = Scale.PERCENT
            raw = jt.raw(node)
            out.append(
                ScoreRecord(
                    source_id=doc.source_id,
                    model=model.model_id,
                    model_label=model_name,
                    configuration=config,
                    benchmark=bench_id,
                    benchmark_label=label,
                    protocol=proto,
                    value=float(node.value),
                    raw=raw,
                    scale=scale,
                    citation=Citation(
                        url=doc.url,
                        sha256=doc.sha256,
                        locator=Locator(line=jt.line(node.start), pointer=pointer("results", task, key)),
                        quote=f"{task}: {key} = {raw}",
                    ),
                )
            )
    return out


# ------------------------------------------------------------------------- tabular JSON


@dataclass
class _Row:
    label: str
    label_line: int | None
    base: tuple[str | int, ...]
    cells: dict[str, tuple[JNode, tuple[str | int, ...]]]
    """column name -> (value node, pointer parts)."""
    config: list[str] = field(default_factory=list)


_CONFIG_KEYS = re.compile(
    r"^(?:precision|dtype|quant(?:ization)?(?:[ _]?(?:method|type))?|weight[ _]?type)$", re.I
)
_MODEL_KEYS = ["model", "model_name", "modelname", "name", "fullname", "eval_name", "model_id", "id", "Model"]


def _flatten(node: JNode, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], JNode]]:
    """Numeric (or null) leaves of an object, with their key paths."""
    for key, child in node.members:
        if child.kind == "object":
            yield from _flatten(child, (*path, key))
        elif child.kind in {"number", "null"} or (child.kind == "string" and parse_cell(str(child.value))):
            yield (*path, key), child


def column_name(path: tuple[str, ...]) -> str:
    """`("pass@1", "humaneval")` -> `humaneval (pass@1)`: the leaf names the benchmark."""
    if len(path) == 1:
        return path[0]
    return f"{path[-1]} ({' '.join(path[:-1])})"


def _record_model(obj: JNode) -> tuple[str, JNode] | None:
    keys = {k.lower(): (k, v) for k, v in obj.members}
    for name in _MODEL_KEYS:
        hit = keys.get(name.lower())
        if hit is not None and hit[1].kind == "string" and str(hit[1].value).strip():
            return hit
    for k, v in obj.members:
        if v.kind == "string" and parse_cell(str(v.value)) is None and not not_score_column(k):
            return k, v
    return None


def _rows_from_records(items: list[JNode], base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for i, obj in enumerate(items):
        if obj.kind != "object":
            continue
        found = _record_model(obj)
        if found is None:
            continue
        model_key, model_node = found
        cells: dict[str, tuple[JNode, tuple[str | int, ...]]] = {}
        for path, leaf in _flatten(obj, ()):
            if path == (model_key,):
                continue
            cells[column_name(path)] = (leaf, (*base, i, *path))
        config = [
            str(v.value)
            for k, v in obj.members
            if v.kind == "string" and _CONFIG_KEYS.match(k) and k != model_key
        ]
        rows.append(_Row(str(model_node.value), None, (*base, i), cells, config))
        rows[-1].label_line = model_node.start
    return rows


def _rows_from_keyed(obj: JNode, base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for key, value in obj.members:
        if value.kind != "object":
            continue
        cells = {column_name(path): (leaf, (*base, key, *path)) for path, leaf in _flatten(value, ())}
        config = [str(v.value) for k, v in value.members if v.kind == "string" and _CONFIG_KEYS.match(k)]
        rows.append(_Row(key, value.start, (*base, key), cells, config))
    return rows


def _rows_from_arrays(items: list[JNode], columns: list[str], base: tuple[str | int, ...]) -> list[_Row]:
    rows: list[_Row] = []
    for i, arr in enumerate(items):
        if arr.kind != "array" or not arr.items or arr.items[0].kind != "string":
            continue
        cells: dict[str, tuple[JNode, tuple[str | int, ...]]] = {}
        for j, leaf in enumerate(arr.items[1:], start=1):
            if j < len(columns) and leaf.kind in {"number", "null", "string"}:
                cells[columns[j]] = (leaf, (*base, i, j))
        rows.append(_Row(str(arr.items[0].value), arr.items[0].start, (*base, i), cells))
    return rows


def _records_from_rows(
    doc: DocumentInput, jt: JsonText, rows: list[_Row], hints: Mapping[str, Any]
) -> list[ScoreRecord]:
    if not rows:
        return []
    columns: list[str] = []
    for r in rows:
        for name in r.cells:
            if name not in columns:
                columns.append(name)
    prefix = hints.get("benchmark_prefix")
    header: list[tuple[str, int | None]] = [("model", None)]
    header.extend((c, None) for c in columns)
    body: list[list[tuple[str, str, int | None]]] = []
    places: dict[tuple[int, int], str] = {}
    for ri, r in enumerate(rows):
        label = " ".join([r.label, *r.config])
        line = jt.line(r.label_line) if r.label_line is not None else None
        row: list[tuple[str, str, int | None]] = [(label, r.label, line)]
        for ci, name in enumerate(columns, start=1):
            hit = r.cells.get(name)
            if hit is None:
                row.append(("", "", None))
                continue
            node, parts = hit
            raw = jt.raw(node)
            text = "" if node.kind == "null" else (str(node.value) if node.kind == "string" else raw)
            row.append((text, raw, jt.line(node.start)))
            places[(ri + 1, ci)] = pointer(*parts)
        body.append(row)
    table, _ = table_from_rows(header, body, prefix if isinstance(prefix, str) else None, model_col=0)
    out: list[ScoreRecord] = []
    for rec in records_from_table(table, doc):
        loc = rec.citation.locator
        place = places.get((loc.row or 0, loc.column or 0))
        if place is None:
            continue
        new_loc = Locator(line=loc.line, pointer=place)
        out.append(rec.model_copy(update={"citation": rec.citation.model_copy(update={"locator": new_loc})}))
    return out


def is_rows_response(root: JNode) -> bool:
    """The Hub dataset-viewer `/rows` (or `/search`, `/filter`) response shape."""
    if root.kind != "object":
        return False
    feats, rows = root.get("features"), root.get("rows")
    return feats is not None and rows is not None and feats.kind == "array" and rows.kind == "array"


def _rows_response_rows(root: JNode) -> list[_Row]:
    rows_node = root.get("rows")
    assert rows_node is not None
    inner: list[JNode] = []
    for item in rows_node.items:
        row = item.get("row") if item.kind == "object" else None
        inner.append(row if row is not None else JNode("null", item.start, item.end))
    rows = _rows_from_records(inner, ("rows",))
    for r in rows:
        # /rows/<i>/<key> -> /rows/<i>/row/<key>
        r.cells = {k: (n, (p[0], p[1], "row", *p[2:])) for k, (n, p) in r.cells.items()}
    return rows


@register_record_extractor("json", JSON_TYPES)
def json_records(doc: DocumentInput) -> list[ScoreRecord]:
    jt = parse_json(doc)
    root = jt.root
    hints = document_hints(doc)
    if is_harness_result(root):
        return harness_records(doc, jt)
    from benchtable.extract.eee import is_eee

    if is_eee(root):
        return []  # read by eee
    if is_rows_response(root):
        from benchtable.extract.open_llm_leaderboard import is_leaderboard_rows

        if is_leaderboard_rows(root):
            return []  # read by open_llm_leaderboard
        return _records_from_rows(doc, jt, _rows_response_rows(root), hints)
    return _records_from_rows(doc, jt, json_rows(root, hints), hints)


def json_rows(root: JNode, hints: Mapping[str, Any]) -> list[_Row]:
    """The rows of a tabular JSON document (empty when the shape holds no table)."""
    columns = hints.get("columns")
    if root.kind == "array":
        if root.items and all(i.kind == "array" for i in root.items):
            first = root.items[0]
            if all(c.kind == "string" for c in first.items) and len(root.items) > 1:
                names = [str(c.value) for c in first.items]
                rows = _rows_from_arrays(root.items[1:], names, ())
                for r in rows:  # header row consumed: pointers keep the document's indexes
                    r.cells = {k: (n, (int(p[0]) + 1, *p[1:])) for k, (n, p) in r.cells.items()}
                    r.base = (int(r.base[0]) + 1,)
                return rows
            if isinstance(columns, list) and all(isinstance(c, str) for c in columns):
                return _rows_from_arrays(root.items, [str(c) for c in columns], ())
            return []
        return _rows_from_records(root.items, ())
    if root.kind == "object":
        lists = [(k, v) for k, v in root.members if v.kind == "array" and v.items]
        if len(lists) == 1 and all(i.kind == "object" for i in lists[0][1].items):
            key, arr = lists[0]
            return _rows_from_records(arr.items, (key,))
        if root.members and all(v.kind == "object" for _, v in root.members):
            return _rows_from_keyed(root, ())
    return []


def with_hints(doc: DocumentInput, **hints: Any) -> DocumentInput:
    """A copy of `doc` with more hints (tests, callers that know a layout)."""
    return replace(doc, hints={**doc.hints, **hints})


from benchtable.extract import open_llm_leaderboard as _open_llm_leaderboard  # noqa: E402,F401  (registration)
