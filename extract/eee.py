"""Every Eval Ever (EEE) aggregate JSON files (`eval.schema.json`, evaleval/every_eval_ever).

One file holds one model's results: `model_info` (`id` in Hugging Face form, `name`,
`additional_details` such as `precision`) and `evaluation_results[]`, each with
`evaluation_name`, `source_data` (`dataset_name`, `hf_repo`, `hf_split`),
`metric_config` (`metric_id`/`metric_name`, `metric_unit`, `min_score`/`max_score`,
`lower_is_better`), `score_details.score` and `generation_config`
(`generation_args.reasoning`, `additional_details.num_fewshot` as the lm-eval
converter writes it). Files of schema 0.0.x (no per-result `source_data`) read too.

Every result with a numeric score becomes a record: benchmark from the evaluation
name, else the dataset name, else the Hub repository; protocol from what the file
states (n-shot, metric, split, reasoning → CoT, and the `context_length` and
`protocol_details` that `benchtable export --format eee` writes); scale from
`metric_unit`, else the score bounds (max 1: fraction, max 100: percent). Level-scored
results (`score_type = levels`) are categories, not scores, and are skipped. The
locator is the line of the score and its JSON pointer.

Detection is by content: a JSON object with `evaluation_results` (a list) and
`model_info` (an object), served as `application/json` or as `text/plain`.
"""

from __future__ import annotations

from benchtable.extract.headers import merge_protocols, parse_benchmark, parse_protocol, unknown_benchmark_id
from benchtable.extract.labels import parse_model_label
from benchtable.extract.open_llm_leaderboard import precision_configuration
from benchtable.extract.readers.json import JNode, JsonText, parse_json, pointer
from benchtable.extract.records import Reading, document_citation, score_record
from benchtable.extract.registry import DocumentInput, register_record_extractor
from benchtable.schema.records import (
    Configuration,
    Precision,
    Protocol,
    Scale,
    ScoreRecord,
)
from benchtable.schema.vocabulary import vocabulary

EEE_TYPES = ("application/json",)
_UNITS = {
    "proportion": Scale.FRACTION,
    "fraction": Scale.FRACTION,
    "percent": Scale.PERCENT,
    "%": Scale.PERCENT,
}
_CONFIG_FIELDS = ("precision", "quant_method", "bits", "group_size", "quant_format")


def is_eee(root: JNode) -> bool:
    if root.kind != "object":
        return False
    results = root.get("evaluation_results")
    info = root.get("model_info")
    return results is not None and results.kind == "array" and info is not None and info.kind == "object"


def _text(node: JNode | None, *path: str) -> str | None:
    for key in path:
        if node is None or node.kind != "object":
            return None
        node = node.get(key)
    if node is None or node.kind in {"object", "array", "null"}:
        return None
    if node.kind in {"true", "false"}:
        return node.kind
    value = node.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(node: JNode | None, *path: str) -> float | None:
    for key in path:
        node = node.get(key) if node is not None and node.kind == "object" else None
    return float(node.value) if node is not None and node.is_number else None


def _configuration(info: JNode, label_config: Configuration) -> Configuration:
    """The model label's configuration, overridden by what `model_info.additional_details` states."""
    fields = label_config.model_dump()
    precision = _text(info, "additional_details", "precision")
    stated = precision_configuration(precision).model_dump()
    if precision in Precision._value2member_map_:  # as benchtable writes it (`bf16`)
        stated["precision"] = precision
    fields.update({k: v for k, v in stated.items() if v is not None})
    for name in _CONFIG_FIELDS[1:]:
        text = _text(info, "additional_details", name)
        if text is None:
            continue
        if name == "bits":
            fields[name] = float(text)
        elif name == "group_size":
            fields[name] = int(float(text))
        else:
            fields[name] = text
    return Configuration.model_validate(fields)


def _benchmark(result: JNode) -> tuple[str, str]:
    names = [
        _text(result, "evaluation_name"),
        _text(result, "source_data", "dataset_name"),
        (_text(result, "source_data", "hf_repo") or "").rsplit("/", 1)[-1] or None,
    ]
    present = [n for n in names if n]
    for name in present:
        found = parse_benchmark(name)
        if found.benchmark_id:
            return found.benchmark_id, name
    label = present[0] if present else "unknown"
    return unknown_benchmark_id(label), label


def _protocol(result: JNode, label: str) -> Protocol:
    gen = result.get("generation_config")
    shots = _text(gen, "additional_details", "num_fewshot")
    context = _text(gen, "additional_details", "context_length")
    reasoning = _text(gen, "generation_args", "reasoning")
    metric = _text(result, "metric_config", "metric_id") or _text(result, "metric_config", "metric_name")
    description = _text(result, "metric_config", "evaluation_description") or ""
    split = _text(result, "source_data", "hf_split") or _text(
        result, "source_data", "additional_details", "split"
    )
    stated = Protocol(
        n_shot=int(shots) if shots is not None and shots.isdigit() else None,
        cot={"true": True, "false": False}.get(reasoning or ""),
        metric=(parse_protocol(metric).metric or metric) if metric else None,
        split=split,
        context_length=int(context) if context is not None and context.isdigit() else None,
        details=_text(gen, "additional_details", "protocol_details"),
    )
    return merge_protocols(stated, parse_protocol(label), parse_protocol(description))


def _scale(result: JNode, bench_id: str, value: float) -> Scale:
    unit = (_text(result, "metric_config", "metric_unit") or "").strip()
    if unit.lower() in _UNITS:
        return _UNITS[unit.lower()]
    if unit in Scale._value2member_map_:
        return Scale(unit)
    known = vocabulary().benchmarks.get(bench_id)
    if known is not None and known.scale not in {Scale.PERCENT, Scale.FRACTION}:
        return known.scale
    top = _number(result, "metric_config", "max_score")
    if top == 1.0:
        return Scale.FRACTION
    if top == 100.0:
        return Scale.PERCENT
    return Scale.FRACTION if abs(value) <= 1.0 else Scale.PERCENT


def _looks_like_eee(text: str) -> bool:
    """Cheap content check for JSON served as plain text (raw GitHub serves `.json` as `text/plain`)."""
    return text.lstrip().startswith("{") and '"evaluation_results"' in text and '"model_info"' in text


@register_record_extractor("every-eval-ever", (*EEE_TYPES, "text/plain"))
def eee_records(doc: DocumentInput) -> list[ScoreRecord]:
    if not _looks_like_eee(doc.text()):
        return []  # no second parse of every other JSON document
    if doc.content_type.split(";")[0].strip().lower() not in EEE_TYPES:
        try:
            jt = JsonText(doc.text())
        except (ValueError, RecursionError):
            return []  # plain text that only looked like JSON
    else:
        jt = parse_json(doc)
    if not is_eee(jt.root):
        return []
    return _records(doc, jt)


def _records(doc: DocumentInput, jt: JsonText) -> list[ScoreRecord]:
    info = jt.root.get("model_info")
    assert info is not None
    model_name = doc.model or _text(info, "id") or _text(info, "name") or "unknown"
    model = parse_model_label(model_name)
    configuration = _configuration(info, model.configuration)
    results = jt.root.get("evaluation_results")
    assert results is not None
    records: list[ScoreRecord] = []
    for i, result in enumerate(results.items):
        score = result.get("score_details")
        node = score.get("score") if score is not None and score.kind == "object" else None
        if node is None or not node.is_number or _text(result, "metric_config", "score_type") == "levels":
            continue
        bench_id, label = _benchmark(result)
        value = float(node.value)
        raw = jt.raw(node)
        protocol = _protocol(result, label)
        reading = Reading(
            model=model.model_id,
            model_label=model_name,
            configuration=configuration,
            benchmark=bench_id,
            benchmark_label=label,
            protocol=protocol,
            value=value,
            raw=raw,
            scale=_scale(result, bench_id, value),
        )
        quote = (
            f"{model_name} · {label}"
            + (f" ({protocol.metric})" if protocol.metric else "")
            + f": score {raw}"
        )
        where = pointer("evaluation_results", i, "score_details", "score")
        records.append(score_record(doc, reading, document_citation(doc, quote, jt.line(node.start), where)))
    return records
