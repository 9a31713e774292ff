"""Hugging Face `model-index` YAML front matter.

Each `results[].metrics[]` entry with a numeric `value` becomes a record: the model
from the entry's `name` (else, or when it names a training artifact, the card's own model:
`card_model`), the benchmark from
`dataset.name` / `dataset.config` / `dataset.type`, the protocol from
`dataset.args.num_few_shot`, `dataset.split` and `metrics[].type`. When the dataset names
no benchmark (a card that puts its fine-tuning set there) and the metric does
(`type: ARC (25-shot)`), the benchmark and its n-shot come from the metric. The locator is
the line of the value in the card and a YAML path.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from benchtable.extract import yaml_nodes
from benchtable.extract.card_model import entry_model
from benchtable.extract.headers import (
    BenchmarkLabel,
    merge_protocols,
    parse_benchmark,
    parse_protocol,
    unknown_benchmark_id,
)
from benchtable.extract.labels import parse_model_label
from benchtable.extract.readers.markdown import MARKDOWN_TYPES
from benchtable.extract.records import Reading, document_citation, score_record, stated_scale
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Protocol, ScoreRecord
from benchtable.schema.vocabulary import fold

_MAX_FRONT_MATTER = 2_000_000


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML front matter of a Markdown document and the 0-based line it starts on."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for j in range(1, len(lines)):
        if lines[j].strip() in {"---", "..."}:
            return "\n".join(lines[1:j]), 1
    return None


@register_record_extractor("model-index-yaml", MARKDOWN_TYPES)
def model_index_records(doc: DocumentInput) -> list[ScoreRecord]:
    card = doc.text()
    found = front_matter(card)
    if found is None or "model-index" not in found[0]:
        return []
    text, offset = found
    if len(text) > _MAX_FRONT_MATTER:
        raise DocumentError(f"{doc.url}: YAML front matter larger than {_MAX_FRONT_MATTER} bytes")
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise DocumentError(f"{doc.url}: YAML front matter does not parse: {exc}") from exc
    body = "\n".join(card.splitlines()[text.count("\n") + offset + 2 :])  # after the closing `---`
    records: list[ScoreRecord] = []
    for mi, entry in enumerate(yaml_nodes.items(yaml_nodes.get(root, "model-index"))):
        printed = yaml_nodes.scalar(yaml_nodes.get(entry, "name"))
        model_name = entry_model(printed, doc.model, body)
        for ri, result in enumerate(yaml_nodes.items(yaml_nodes.get(entry, "results"))):
            dataset = _read_dataset(result)
            if dataset is None:
                continue
            for ki, metric in enumerate(yaml_nodes.items(yaml_nodes.get(result, "metrics"))):
                pointer = f"/model-index/{mi}/results/{ri}/metrics/{ki}/value"
                record = _metric_record(doc, model_name, dataset, metric, pointer, offset)
                if record is not None:
                    records.append(record)
    return records


@dataclass(frozen=True)
class _Dataset:
    """What a result's `dataset` says: its label, the benchmark it names, the protocol it states."""

    label: str
    bench: BenchmarkLabel | None
    protocol: Protocol


def _read_dataset(result: yaml.Node) -> _Dataset | None:
    dataset = yaml_nodes.get(result, "dataset")
    names = [
        yaml_nodes.scalar(yaml_nodes.get(dataset, "name")),
        yaml_nodes.scalar(yaml_nodes.get(dataset, "config")),
        yaml_nodes.scalar(yaml_nodes.get(dataset, "type")),
    ]
    label = next((n for n in names if n), None)
    if label is None:
        return None
    task_name = _task_name(result)
    # a Hub dataset id names the benchmark after its owner (`cais/mmlu`, `Rowan/hellaswag`)
    candidates = [*names, *(n.rsplit("/", 1)[1] for n in names if n and "/" in n), task_name]
    bench = next((b for b in (parse_benchmark(n) for n in candidates if n) if b.benchmark_id), None)
    if _names_suite_task(names[0]):
        bench = None  # `MTEB NQ`: the suite's task, not the benchmark `nq` (its `type`) names
    if bench is None and task_name:
        label = task_name  # `PubMedQA` over `bigbio/pubmed_qa`: the name the card gives it
    args = yaml_nodes.get(dataset, "args")
    shots = yaml_nodes.number(yaml_nodes.scalar(yaml_nodes.get(args, "num_few_shot")))
    source_name = yaml_nodes.scalar(yaml_nodes.get(yaml_nodes.get(result, "source"), "name"))
    protocol = Protocol(
        n_shot=int(shots) if shots is not None else None,
        split=yaml_nodes.scalar(yaml_nodes.get(dataset, "split")),
        details=f"source: {source_name}" if source_name else None,
    )
    return _Dataset(label, bench, protocol)


def _names_suite_task(name: str | None) -> bool:
    """Whether a dataset name is a suite's name and a task the suite runs (`MTEB NQ`): it does
    not read as a benchmark while its first word does."""
    if not name or len(name.split()) < 2 or parse_benchmark(name).benchmark_id:
        return False
    return parse_benchmark(name.split()[0]).benchmark_id is not None


def _task_name(result: yaml.Node) -> str | None:
    """`task.name` when it names the task's benchmark, not its type (`Text Generation` for
    `text-generation`)."""
    task = yaml_nodes.get(result, "task")
    name = yaml_nodes.scalar(yaml_nodes.get(task, "name"))
    kind = yaml_nodes.scalar(yaml_nodes.get(task, "type")) or ""
    return name if name and fold(name) != fold(kind) else None


def _metric_benchmark(dataset: _Dataset, mtype: str, mname: str) -> tuple[str, BenchmarkLabel | None, bool]:
    """The label and benchmark of one metric, and whether the metric names it.

    A `dataset` that names no benchmark (a card's training set, `HuggingFaceH4/ultrafeedback`)
    while the metric does (`type: ARC (25-shot)`) leaves the benchmark to the metric."""
    if dataset.bench is None:
        for text in (mtype, mname):
            named = parse_benchmark(text) if text else None
            if named is not None and named.benchmark_id:
                return text, named, True
    return dataset.label, dataset.bench, False


def _metric_record(
    doc: DocumentInput, model_name: str, dataset: _Dataset, metric: yaml.Node, pointer: str, offset: int
) -> ScoreRecord | None:
    value_node = yaml_nodes.get(metric, "value")
    value = yaml_nodes.number(yaml_nodes.scalar(value_node))
    if value is None or value_node is None:
        return None
    mtype = yaml_nodes.scalar(yaml_nodes.get(metric, "type")) or ""
    if "stderr" in mtype.lower():
        return None
    mname = yaml_nodes.scalar(yaml_nodes.get(metric, "name")) or ""
    label, bench, from_metric = _metric_benchmark(dataset, mtype, mname)
    metric_id = parse_protocol(mtype).metric or (None if from_metric else mtype or None)
    protocol = merge_protocols(
        dataset.protocol,
        Protocol(metric=metric_id),
        parse_protocol(label),
        bench.protocol if bench else Protocol(),
        parse_protocol(mname),
    )
    bench_id = bench.benchmark_id if bench and bench.benchmark_id else unknown_benchmark_id(label)
    raw = yaml_nodes.scalar(value_node) or ""
    model = parse_model_label(model_name)
    reading = Reading(
        model=model.model_id,
        model_label=model_name,
        configuration=model.configuration,
        benchmark=bench_id,
        benchmark_label=label,
        protocol=protocol,
        value=value,
        raw=raw,
        scale=stated_scale(bench_id, value, raw),
    )
    line = value_node.start_mark.line + offset + 1
    citation = document_citation(doc, f"{dataset.label}: {mtype} = {raw}", line=line, pointer=pointer)
    return score_record(doc, reading, citation)
