"""The Hugging Face Open LLM Leaderboard `contents` dataset, read through the Hub's
dataset-viewer API.

`https://datasets-server.huggingface.co/rows?dataset=open-llm-leaderboard%2Fcontents&config=default&split=train&offset=0&length=100`
answers `{"features": [{"feature_idx", "name", "type"}], "rows": [{"row_idx", "row": {...},
"truncated_cells": [...]}], "num_rows_total", "num_rows_per_page", "partial"}`. Each row is
one evaluated model: `fullname` (the Hub repo id; `eval_name` is repo + precision),
`Precision` (`bfloat16`, `float16`, `float32`, `8bit`, `4bit`, `GPTQ`), `Weight type`
(`Original`, `Adapter`, `Delta`), the six v2 tasks twice -- the normalized score
(0-100, random baseline removed: `IFEval`, `BBH`, `MATH Lvl 5`, `GPQA`, `MUSR`,
`MMLU-PRO`) and the plain accuracy (`<task> Raw`, 0-1) -- and `Average ⬆️` (the mean of
the normalized scores). The v1 leaderboard (`open-llm-leaderboard-old/contents`) has
`ARC`, `HellaSwag`, `MMLU`, `TruthfulQA`, `Winogrande`, `GSM8K` in percent.

Shots are the leaderboard's documented settings: v2 IFEval 0, BBH 3, MATH Lvl 5 4,
GPQA 0, MuSR 0, MMLU-PRO 5; v1 ARC 25, HellaSwag 10, MMLU 5, TruthfulQA 0,
Winogrande 5, GSM8K 5. Only these known columns become records (never `#Params (B)`,
likes, CO₂ cost or dates). Locators are JSON pointers `/rows/<i>/row/<column>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from benchtable.extract.labels import parse_model_label
from benchtable.extract.readers.json import JNode, JsonText, is_rows_response, parse_json, pointer
from benchtable.extract.records import Reading, document_citation, score_record
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.schema.records import Configuration, Protocol, Scale, ScoreRecord

ROWS_ENDPOINT = "https://datasets-server.huggingface.co/rows"
CONTENTS_DATASET = "open-llm-leaderboard/contents"
MAX_PAGE = 100
"""The dataset-viewer `/rows` endpoint returns at most 100 rows a request."""


@dataclass(frozen=True)
class Column:
    benchmark: str
    n_shot: int | None
    metric: str
    normalized: bool = False
    details: str | None = None


_V2 = "Open LLM Leaderboard v2"
_NORMALIZED = f"{_V2} normalized score (random baseline removed, 0-100)"
_TASKS_V2: list[tuple[str, str, int, str]] = [
    ("IFEval", "ifeval", 0, "strict_acc"),
    ("BBH", "bbh", 3, "acc_norm"),
    ("MATH Lvl 5", "math_lvl5", 4, "exact_match"),
    ("GPQA", "gpqa", 0, "acc_norm"),
    ("MUSR", "musr", 0, "acc_norm"),
    ("MMLU-PRO", "mmlu_pro", 5, "acc"),
]
_TASKS_V1: list[tuple[str, str, int, str]] = [
    ("ARC", "arc_challenge", 25, "acc_norm"),
    ("HellaSwag", "hellaswag", 10, "acc_norm"),
    ("MMLU", "mmlu", 5, "acc"),
    ("TruthfulQA", "truthfulqa", 0, "mc2"),
    ("Winogrande", "winogrande", 5, "acc"),
    ("GSM8K", "gsm8k", 5, "acc"),
]

COLUMNS: dict[str, Column] = {}
for _name, _bench, _shots, _metric in _TASKS_V2:
    COLUMNS[_name] = Column(_bench, _shots, "normalized", True, f"{_NORMALIZED}; raw metric {_metric}")
    COLUMNS[f"{_name} Raw"] = Column(_bench, _shots, _metric, details=_V2)
for _name, _bench, _shots, _metric in _TASKS_V1:
    COLUMNS[_name] = Column(_bench, _shots, _metric, details="Open LLM Leaderboard v1")
_AVERAGE = re.compile(r"^Average\b", re.IGNORECASE)
_MODEL_FIELDS = ("fullname", "eval_name", "model_name", "Model")

_PRECISION: dict[str, Configuration] = {
    "bfloat16": Configuration(precision="bf16"),
    "float16": Configuration(precision="fp16"),
    "float32": Configuration(precision="fp32"),
    "8bit": Configuration(quant_method="bitsandbytes", bits=8),
    "4bit": Configuration(quant_method="bitsandbytes", bits=4),
    "gptq": Configuration(quant_method="gptq"),
}


def precision_configuration(value: str | None) -> Configuration:
    """The leaderboard's `Precision` as a configuration (`Unknown` and blanks say nothing)."""
    if not value:
        return Configuration()
    return _PRECISION.get(value.strip().lower(), Configuration())


def _feature_names(root: JNode) -> list[str]:
    feats = root.get("features")
    names: list[str] = []
    for f in feats.items if feats is not None else []:
        name = f.get("name") if f.kind == "object" else None
        if name is not None and name.kind == "string":
            names.append(str(name.value))
    rows = root.get("rows")
    first = rows.items[0] if rows is not None and rows.items else None
    row = first.get("row") if first is not None and first.kind == "object" else None
    for key, _ in row.members if row is not None else []:
        if key not in names:
            names.append(key)
    return names


def is_leaderboard_rows(root: JNode) -> bool:
    """A dataset-viewer rows response of an Open LLM Leaderboard `contents` dataset."""
    if not is_rows_response(root):
        return False
    names = set(_feature_names(root))
    return bool(names & {"fullname", "eval_name"}) and sum(1 for n in names if n in COLUMNS) >= 2


def _model_label(row: JNode) -> str | None:
    for key in _MODEL_FIELDS:
        node = row.get(key)
        if node is not None and node.kind == "string" and str(node.value).strip():
            text = str(node.value).strip()
            if key == "Model":  # an HTML link in the table: keep its text
                text = re.sub(r"<[^>]+>", "", text).strip()
            if key == "eval_name":  # org_name_precision
                text = re.sub(r"_(?:bfloat16|float16|float32|8bit|4bit|GPTQ|Unknown)$", "", text)
            return text
    return None


def _string(row: JNode, key: str) -> str | None:
    node = row.get(key)
    return str(node.value) if node is not None and node.kind == "string" else None


def _column_max(rows: list[JNode], column: str) -> float:
    best = 0.0
    for row in rows:
        node = row.get(column)
        if node is not None and node.is_number:
            best = max(best, abs(float(node.value)))
    return best


@register_record_extractor("open-llm-leaderboard", ("application/json",))
def open_llm_leaderboard_records(doc: DocumentInput) -> list[ScoreRecord]:
    text = doc.text()
    if '"features"' not in text or '"rows"' not in text:
        return []
    jt = parse_json(doc)
    root = jt.root
    if not is_leaderboard_rows(root):
        return []
    return leaderboard_records(doc, jt)


def leaderboard_records(doc: DocumentInput, jt: JsonText) -> list[ScoreRecord]:
    rows_node = jt.root.get("rows")
    assert rows_node is not None
    rows: list[tuple[int, JNode]] = []
    for i, item in enumerate(rows_node.items):
        row = item.get("row") if item.kind == "object" else None
        if row is not None and row.kind == "object":
            rows.append((i, row))
    maxima = {c: _column_max([r for _, r in rows], c) for c in _feature_names(jt.root)}
    out: list[ScoreRecord] = []
    for i, row in rows:
        label = _model_label(row)
        if label is None:
            continue
        model = parse_model_label(label)
        precision = _string(row, "Precision")
        config = precision_configuration(precision)
        if config == Configuration():
            config = model.configuration
        weight_type = _string(row, "Weight type")
        extra = f"weight type: {weight_type}" if weight_type and weight_type.lower() != "original" else None
        for key, node in row.members:
            column = COLUMNS.get(key)
            average = _AVERAGE.match(key) is not None
            if (column is None and not average) or not node.is_number:
                continue
            raw = jt.raw(node)
            value = float(node.value)
            if column is None:
                bench, label_b = "average", key
                v2 = any(f"{name} Raw" in dict(row.members) for name, *_ in _TASKS_V2)
                proto = Protocol(details=f"{_V2} average of the normalized scores" if v2 else None)
                scale = Scale.PERCENT if maxima.get(key, 0.0) > 1.0 else Scale.FRACTION
            else:
                bench, label_b = column.benchmark, key
                details = "; ".join(x for x in (column.details, extra) if x) or None
                proto = Protocol(n_shot=column.n_shot, metric=column.metric, details=details)
                if column.normalized:
                    scale = Scale.PERCENT
                else:
                    scale = Scale.FRACTION if maxima.get(key, 0.0) <= 1.0 else Scale.PERCENT
            reading = Reading(
                model=model.model_id,
                model_label=label,
                configuration=config,
                benchmark=bench,
                benchmark_label=label_b,
                protocol=proto,
                value=value,
                raw=raw,
                scale=scale,
            )
            quote = " | ".join(x for x in (label, precision, f"{key}: {raw}") if x)
            where = pointer("rows", i, "row", key)
            out.append(score_record(doc, reading, document_citation(doc, quote, jt.line(node.start), where)))
    return out


def rows_url(
    dataset: str = CONTENTS_DATASET,
    config: str = "default",
    split: str = "train",
    offset: int = 0,
    length: int = MAX_PAGE,
) -> str:
    """The dataset-viewer URL of one page of rows."""
    if not 1 <= length <= MAX_PAGE:
        raise ValueError(f"length must be 1..{MAX_PAGE}, not {length}")
    query = urlencode(
        {"dataset": dataset, "config": config, "split": split, "offset": offset, "length": length},
        quote_via=quote,
        safe="",
    )
    return f"{ROWS_ENDPOINT}?{query}"


def page_urls(
    num_rows_total: int,
    dataset: str = CONTENTS_DATASET,
    config: str = "default",
    split: str = "train",
    length: int = MAX_PAGE,
) -> list[str]:
    """Every page's URL for a split of `num_rows_total` rows."""
    return [rows_url(dataset, config, split, off, length) for off in range(0, max(num_rows_total, 0), length)]


def next_page_url(url: str, root: JNode) -> str | None:
    """The URL of the page after the one `root` (a parsed rows response fetched from `url`) holds."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    total = root.get("num_rows_total")
    rows = root.get("rows")
    if "dataset" not in query or total is None or not total.is_number or rows is None:
        return None
    offset = int(query.get("offset", "0")) + len(rows.items)
    length = int(query.get("length", str(MAX_PAGE)))
    if offset >= int(total.value) or not rows.items:
        return None
    return rows_url(
        query["dataset"], query.get("config", "default"), query.get("split", "train"), offset, length
    )
