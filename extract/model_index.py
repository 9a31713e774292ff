"""Hugging Face `model-index` YAML front matter.

Each `results[].metrics[]` entry with a numeric `value` becomes a record: the model
from the entry's `name` (else the card's own model), the benchmark from
`dataset.name` / `dataset.config` / `dataset.type`, the protocol from
`dataset.args.num_few_shot`, `dataset.split` and `metrics[].type`. The locator is
the line of the value in the card and a YAML path.
"""

from __future__ import annotations

import yaml

from benchtable.extract import yaml_nodes
from benchtable.extract.headers import merge_protocols, parse_benchmark, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import parse_model_label
from benchtable.extract.readers.markdown import MARKDOWN_TYPES
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.schema.errors import DocumentError
from benchtable.schema.records import Citation, Locator, Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import vocabulary

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
    found = front_matter(doc.text())
    if found is None or "model-index" not in found[0]:
        return []
    text, offset = found
    if len(text) > _MAX_FRONT_MATTER:
        raise DocumentError(f"{doc.url}: YAML front matter larger than {_MAX_FRONT_MATTER} bytes")
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise DocumentError(f"{doc.url}: YAML front matter does not parse: {exc}") from exc
    records: list[ScoreRecord] = []
    voc = vocabulary()
    for mi, entry in enumerate(yaml_nodes.items(yaml_nodes.get(root, "model-index"))):
        model_name = yaml_nodes.scalar(yaml_nodes.get(entry, "name")) or doc.model or "unknown"
        model = parse_model_label(model_name)
        for ri, result in enumerate(yaml_nodes.items(yaml_nodes.get(entry, "results"))):
            dataset = yaml_nodes.get(result, "dataset")
            names = [
                yaml_nodes.scalar(yaml_nodes.get(dataset, "name")),
                yaml_nodes.scalar(yaml_nodes.get(dataset, "config")),
                yaml_nodes.scalar(yaml_nodes.get(dataset, "type")),
            ]
            label = next((n for n in names if n), None)
            if label is None:
                continue
            bench = None
            for n in names:
                if n:
                    b = parse_benchmark(n)
                    if b.benchmark_id:
                        bench = b
                        break
            args = yaml_nodes.get(dataset, "args")
            shots = yaml_nodes.number(yaml_nodes.scalar(yaml_nodes.get(args, "num_few_shot")))
            split = yaml_nodes.scalar(yaml_nodes.get(dataset, "split"))
            source_name = yaml_nodes.scalar(yaml_nodes.get(yaml_nodes.get(result, "source"), "name"))
            base = Protocol(
                n_shot=int(shots) if shots is not None else None,
                split=split,
                details=f"source: {source_name}" if source_name else None,
            )
            for ki, metric in enumerate(yaml_nodes.items(yaml_nodes.get(result, "metrics"))):
                value_node = yaml_nodes.get(metric, "value")
                value = yaml_nodes.number(yaml_nodes.scalar(value_node))
                if value is None or value_node is None:
                    continue
                mtype = yaml_nodes.scalar(yaml_nodes.get(metric, "type")) or ""
                if "stderr" in mtype.lower():
                    continue
                mname = yaml_nodes.scalar(yaml_nodes.get(metric, "name")) or ""
                proto = merge_protocols(
                    base,
                    Protocol(metric=(parse_protocol(mtype).metric or mtype) if mtype else None),
                    parse_protocol(label),
                    bench.protocol if bench else Protocol(),
                    parse_protocol(mname),
                )
                bench_id = bench.benchmark_id if bench and bench.benchmark_id else unknown_benchmark_id(label)
                known = voc.benchmarks.get(bench_id)
                scale: Scale
                if known is not None and known.scale not in {Scale.PERCENT, Scale.FRACTION}:
                    scale = known.scale
                elif abs(value) <= 1.0 and "%" not in (yaml_nodes.scalar(value_node) or ""):
                    scale = Scale.FRACTION
                else:
                    scale = Scale.PERCENT
                line = value_node.start_mark.line + offset + 1
                records.append(
                    ScoreRecord(
                        source_id=doc.source_id,
                        model=model.model_id,
                        model_label=model_name,
                        configuration=model.configuration,
                        benchmark=bench_id,
                        benchmark_label=label,
                        protocol=proto,
                        value=value,
                        raw=yaml_nodes.scalar(value_node) or "",
                        scale=scale,
                        citation=Citation(
                            url=doc.url,
                            sha256=doc.sha256,
                            locator=Locator(
                                line=line,
                                pointer=f"/model-index/{mi}/results/{ri}/metrics/{ki}/value",
                            ),
                            quote=f"{label}: {mtype} = {yaml_nodes.scalar(value_node)}",
                        ),
                    )
                )
    return records
