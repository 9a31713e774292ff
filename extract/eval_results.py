"""Hugging Face `.eval_results/*.yaml` files (the Hub's "Evaluation Results" format).

A model repository keeps one YAML file per benchmark score in `.eval_results/`; each
file is a list of entries:

    - dataset:
        id: Idavidrein/gpqa        # the benchmark dataset on the Hub (required)
        task_id: gpqa_diamond      # the task inside it (required)
        revision: <sha>            # optional
      value: 63.3                  # required
      date: "2025-01-15"           # optional
      source: {url: ..., name: ..., user: ...}   # optional attribution
      notes: "no-tools"            # optional: how it was run

Every entry with a numeric `value` becomes a record. The benchmark comes from
`task_id` (unless it is `default`), else the dataset name; the format states no
metric or shot count, so the protocol is what `notes` states (`5-shot`, `CoT`, kept
verbatim as details). The model is the source's registered model, else the model
repository the URL names (`huggingface.co/<org>/<model>/...`).

Detection is by content: a YAML list whose entries carry `dataset.id` and `value`.
Served as `text/plain` (raw GitHub, the Hub's `resolve/` URLs) it is recognised the
same way; a document under `.eval_results/` that does not have this shape fails
with a message instead of yielding nothing.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import yaml

from benchtable.extract import yaml_nodes
from benchtable.extract.headers import merge_protocols, parse_benchmark, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import parse_model_label
from benchtable.extract.records import Reading, document_citation, score_record, stated_scale
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Protocol, ScoreRecord

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_SNIFF_TYPES = ("text/plain",)
_MAX_BYTES = 2_000_000
_ENTRY_START = re.compile(r"^-\s+dataset:\s*$", re.MULTILINE)
_HUB_REPO = re.compile(r"^/(?!datasets/|spaces/)([\w.-]+)/([\w.-]+)/(?:resolve|raw|blob)/")


def _named_eval_results(url: str) -> bool:
    """The file name says it is an `.eval_results` file."""
    path = urlparse(url).path
    return "/.eval_results/" in path and path.endswith((".yaml", ".yml"))


def looks_like_eval_results(text: str) -> bool:
    """Cheap content check before parsing: a top-level list entry opening with `dataset:`."""
    return bool(_ENTRY_START.search(text[:_MAX_BYTES])) and "value:" in text


def _compose(doc: DocumentInput, text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise DocumentError(f"{doc.url}: .eval_results YAML does not parse: {exc}") from exc


def is_eval_results(root: yaml.Node | None) -> bool:
    entries = yaml_nodes.items(root)
    return bool(entries) and all(
        yaml_nodes.scalar(yaml_nodes.get(yaml_nodes.get(e, "dataset"), "id")) is not None
        and yaml_nodes.get(e, "value") is not None
        for e in entries
    )


def _model_name(doc: DocumentInput) -> str:
    if doc.model:
        return doc.model
    parsed = urlparse(doc.url)
    if parsed.hostname in {"huggingface.co", "hf.co"}:
        m = _HUB_REPO.match(parsed.path)
        if m:
            return f"{m.group(1)}/{m.group(2)}"
    raise DocumentError(
        f"{doc.url}: an .eval_results file does not name its model; register the source with `model = ...`"
    )


@register_record_extractor("hf-eval-results", YAML_TYPES + _SNIFF_TYPES)
def eval_results_records(doc: DocumentInput) -> list[ScoreRecord]:
    named = _named_eval_results(doc.url)
    is_yaml = doc.content_type.split(";")[0].strip().lower() in YAML_TYPES
    text = doc.text()
    if not named and not looks_like_eval_results(text):
        return []
    if len(text) > _MAX_BYTES:
        raise DocumentError(f"{doc.url}: .eval_results file larger than {_MAX_BYTES} bytes")
    try:
        root = _compose(doc, text)
    except DocumentError:
        if named or is_yaml:
            raise
        return []  # plain text that only looked like one
    if not is_eval_results(root):
        if named:
            raise DocumentError(
                f"{doc.url}: not an .eval_results file (expected a list of entries with dataset.id and value)"
            )
        return []
    return _records(doc, root)


def _benchmark(dataset: yaml.Node | None) -> tuple[str, str]:
    """(benchmark id, label as printed) from `task_id` and the dataset id."""
    dataset_id = yaml_nodes.scalar(yaml_nodes.get(dataset, "id")) or ""
    task_id = yaml_nodes.scalar(yaml_nodes.get(dataset, "task_id")) or ""
    short = dataset_id.rsplit("/", 1)[-1]
    names = [n for n in (task_id if task_id.lower() != "default" else "", short, dataset_id) if n]
    for name in names:
        found = parse_benchmark(name)
        if found.benchmark_id:
            return found.benchmark_id, name
    label = names[0] if names else "unknown"
    return unknown_benchmark_id(label), label


def _records(doc: DocumentInput, root: yaml.Node | None) -> list[ScoreRecord]:
    model_name = _model_name(doc)
    model = parse_model_label(model_name)
    records: list[ScoreRecord] = []
    for i, entry in enumerate(yaml_nodes.items(root)):
        dataset = yaml_nodes.get(entry, "dataset")
        value_node = yaml_nodes.get(entry, "value")
        raw = yaml_nodes.scalar(value_node) or ""
        value = yaml_nodes.number(raw)
        if value is None or value_node is None:
            continue
        bench_id, label = _benchmark(dataset)
        notes = yaml_nodes.scalar(yaml_nodes.get(entry, "notes"))
        proto = merge_protocols(
            parse_protocol(notes) if notes else Protocol(),
            parse_protocol(label),
            Protocol(details=notes or None),
        )
        dataset_id = yaml_nodes.scalar(yaml_nodes.get(dataset, "id")) or ""
        task_id = yaml_nodes.scalar(yaml_nodes.get(dataset, "task_id")) or ""
        quote = f"dataset {dataset_id}, task {task_id}: value {raw}" + (f" ({notes})" if notes else "")
        reading = Reading(
            model=model.model_id,
            model_label=model_name,
            configuration=model.configuration,
            benchmark=bench_id,
            benchmark_label=label,
            protocol=proto,
            value=value,
            raw=raw,
            scale=stated_scale(bench_id, value, raw),
        )
        line = value_node.start_mark.line + 1
        records.append(score_record(doc, reading, document_citation(doc, quote, line, f"/{i}/value")))
    return records
