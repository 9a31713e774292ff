"""Writing the records in interchange formats: Every Eval Ever JSON and Hugging Face model-index YAML.

Both formats carry one value per (model, configuration, benchmark): of the current
records for it, the one the report would prefer (`reports/select.py` ranking with the
benchmark's default protocol from `schema/data/benchmarks.toml` as the column:
protocol fit, the model's own publication before leaderboards before third parties,
the newest document, then source id and position). The published value is written on
its published scale (`metric_unit` says which), never converted. Every other candidate
stays in the database (`benchtable cell`, `export --format parquet`).

* EEE (`eval.schema.json`, vendored in `schema/data/eee/`): one file per preferred
  record, `DIR/<benchmark>/<model>/<uuid>.json`, the uuid derived from the record id
  (re-exporting overwrites, never duplicates). `source_metadata` names the cited
  document (`source_name`, and in `additional_details` its URL, sha256, our locator,
  the quote and the raw cell text); the protocol goes where the format puts it
  (`metric_id`, `generation_config.additional_details.num_fewshot`,
  `generation_args.reasoning`, `source_data.hf_split`-like `split`).
* model-index: the YAML block a model card's front matter holds, one `model-index`
  entry per configuration of the model, one result per benchmark.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from benchtable.reports.config import ColumnSpec
from benchtable.reports.select import Evidence, describe_protocol, evidence_for, rank_key
from benchtable.reports.sources import SourceMeta
from benchtable.schema.errors import ConfigError, QueryError, StoreError
from benchtable.schema.records import Protocol, Scale, ScoreRecord
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.db.store import Database

EEE_SCHEMA_VERSION = "0.3.0"
INTERCHANGE_FORMATS = ("eee", "model-index")
_UUID_NAMESPACE = uuid.UUID("6f1c2b1e-4d1a-5e0b-9c1f-62656e636874")
_UNITS = {Scale.FRACTION: "proportion", Scale.PERCENT: "percent"}
_BOUNDS: dict[Scale, tuple[float, float | str]] = {Scale.FRACTION: (0.0, 1.0), Scale.PERCENT: (0.0, 100.0)}


@dataclass(frozen=True)
class Preferred:
    """The record chosen for one (model, configuration, benchmark), and how many competed."""

    evidence: Evidence
    candidates: int

    @property
    def record(self) -> ScoreRecord:
        return self.evidence.record


def _group_key(r: ScoreRecord) -> tuple[str, str, str]:
    return (r.model, r.configuration.model_dump_json(), r.benchmark)


def preferred_records(records: Iterable[ScoreRecord], metas: Mapping[str, SourceMeta]) -> list[Preferred]:
    """One record per (model, configuration, benchmark), ranked as the report ranks a cell."""
    voc = vocabulary()
    groups: dict[tuple[str, str, str], list[Evidence]] = {}
    for r in records:
        if r.bound is not None:
            continue  # bounds (`>80GiB`) are never shown as values
        bench = voc.benchmarks.get(r.benchmark)
        column = ColumnSpec(
            id=r.benchmark,
            label=bench.label if bench else r.benchmark_label,
            benchmark=r.benchmark,
            protocol=bench.default_protocol if bench else Protocol(),
        )
        model = voc.models.get(r.model)
        ev = evidence_for(r, column, metas.get(r.source_id), model.publisher if model else None, r.scale)
        groups.setdefault(_group_key(r), []).append(ev)
    out = [Preferred(min(evs, key=rank_key), len(evs)) for evs in groups.values()]
    out.sort(key=lambda p: (_group_key(p.record), p.record.record_id()))
    return out


# ------------------------------------------------------------------------------------ EEE


def _strings(fields: Mapping[str, object]) -> dict[str, str]:
    """An EEE `additional_details` object: only the stated fields, every value a string."""
    return {k: _str(v) for k, v in fields.items() if v is not None and v != ""}


def _str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _metric_config(r: ScoreRecord) -> dict[str, Any]:
    bench = vocabulary().benchmarks.get(r.benchmark)
    low, high = _BOUNDS.get(r.scale, (0.0, "Infinity"))
    config: dict[str, Any] = {
        "evaluation_description": f"{r.benchmark_label}"
        + (f" ({describe_protocol(r.protocol)})" if describe_protocol(r.protocol) else ""),
        "lower_is_better": bench.direction == "lower"
        if bench
        else r.scale in {Scale.PERPLEXITY, Scale.MS_PER_TOKEN, Scale.S_PER_TOKEN},
        "score_type": "continuous",
        "min_score": low,
        "max_score": high,
        "metric_unit": _UNITS.get(r.scale, r.scale.value),
    }
    if r.protocol.metric:
        config["metric_id"] = r.protocol.metric
        config["metric_name"] = r.protocol.metric
    return config


def _generation_config(r: ScoreRecord) -> dict[str, Any] | None:
    p = r.protocol
    out: dict[str, Any] = {}
    if p.cot is not None:
        out["generation_args"] = {"reasoning": p.cot}
    details = _strings(
        {"num_fewshot": p.n_shot, "context_length": p.context_length, "protocol_details": p.details}
    )
    if details:
        out["additional_details"] = details
    return out or None


def _organization(meta: SourceMeta | None, url: str) -> str:
    if meta is not None and meta.publisher:
        return meta.publisher
    from urllib.parse import urlparse

    return urlparse(url).hostname or "unknown"


def eee_record(choice: Preferred, meta: SourceMeta | None, retrieved: datetime | None) -> dict[str, Any]:
    """One EEE aggregate record (a dict that validates against `eval.schema.json`)."""
    r = choice.record
    voc = vocabulary()
    model = voc.models.get(r.model)
    bench = voc.benchmarks.get(r.benchmark)
    stamp = f"{retrieved.timestamp():.0f}" if retrieved else "0"
    loc = r.citation.locator
    cited = _strings(
        {
            "url": r.citation.url,
            "sha256": r.citation.sha256,
            "source_id": r.source_id,
            "source_kind": meta.kind if meta else None,
            "document_date": meta.date if meta else None,
            "locator": loc.describe(),
            "line": loc.line,
            "page": loc.page,
            "pointer": loc.pointer,
            "quote": r.citation.quote,
            "raw": r.raw,
            "record_id": r.record_id(),
            "selection": f"preferred of {choice.candidates} current record(s) by protocol fit, precedence, date",
        }
    )
    result: dict[str, Any] = {
        "evaluation_result_id": r.record_id(),
        "evaluation_name": r.benchmark_label,
        "source_data": {
            "dataset_name": bench.label if bench else r.benchmark_label,
            "source_type": "other",
            "additional_details": _strings({"benchmark_id": r.benchmark, "split": r.protocol.split}),
        },
        "metric_config": _metric_config(r),
        "score_details": {"score": r.value, "details": {"raw": r.raw}},
    }
    generation = _generation_config(r)
    if generation:
        result["generation_config"] = generation
    return {
        "schema_version": EEE_SCHEMA_VERSION,
        "evaluation_id": f"{r.benchmark}/{r.model}/{stamp}",
        "retrieved_timestamp": stamp,
        "source_metadata": {
            "source_name": (meta.title if meta and meta.title else r.source_id),
            "source_type": "documentation",
            "source_organization_name": _organization(meta, r.citation.url),
            "evaluator_relationship": "first_party" if choice.evidence.precedence == 0 else "third_party",
            "additional_details": cited,
        },
        "eval_library": {
            "name": "unknown",
            "version": "unknown",
            "additional_details": {"read_by": "benchtable"},
        },
        "model_info": {
            "name": r.model_label,
            "id": r.model,
            **({"developer": model.publisher} if model and model.publisher else {}),
            "additional_details": {
                "deployment_type": "unknown",
                "model_availability": (
                    "unknown" if model is None else "open_weights" if model.open_weights else "closed_weights"
                ),
                **_strings(r.configuration.model_dump()),
            },
        },
        "evaluation_results": [result],
    }


def eee_path(directory: Path, r: ScoreRecord) -> Path:
    name = uuid.uuid5(_UUID_NAMESPACE, r.record_id())
    return directory / _safe(r.benchmark) / _safe(r.model) / f"{name}.json"


def _safe(part: str) -> str:
    """A path component from an id (ids are slugs; anything else becomes `_`)."""
    cleaned = "".join(c if c.isalnum() or c in "-_.+@" else "_" for c in part).strip(".")
    return cleaned or "_"


def write_eee(
    directory: Path,
    choices: Sequence[Preferred],
    metas: Mapping[str, SourceMeta],
    retrieved: Mapping[str, datetime],
) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory}: --format eee writes a folder of JSON files; this is a file")
    written: list[Path] = []
    try:
        for choice in choices:
            r = choice.record
            path = eee_path(directory, r)
            path.parent.mkdir(parents=True, exist_ok=True)
            doc = eee_record(choice, metas.get(r.source_id), retrieved.get(r.citation.sha256))
            path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot write: {exc.strerror or exc}") from exc
    return written


# ---------------------------------------------------------------------------- model-index


def resolve_model(wanted: str, records: Iterable[ScoreRecord]) -> str:
    """The canonical model id `wanted` names (an id or any label the vocabulary knows)."""
    from benchtable.extract.labels import parse_model_label

    present = {r.model for r in records}
    for candidate in (wanted, vocabulary().model_id(wanted), parse_model_label(wanted).model_id):
        if candidate in present:
            return candidate
    raise QueryError(f"no current records for model {wanted!r}; `benchtable models` lists the models")


def model_index(model_id: str, choices: Sequence[Preferred], metas: Mapping[str, SourceMeta]) -> str:
    """The `model-index:` YAML block for one model: an entry per configuration (the model as published
    first), a result per benchmark. The format requires a metric `type`: when the source states no
    metric, the benchmark id stands there (and is what a model-index reader reads back as the metric)."""
    mine = [c.record for c in choices if c.record.model == model_id]
    entries: dict[str, dict[str, Any]] = {}
    base = _model_name(model_id, mine)
    for r in mine:
        config = r.configuration.label()
        key = r.configuration.model_dump_json()
        entry = entries.setdefault(key, {"name": f"{base} {config}" if config else base, "results": []})
        entry["results"].append(_model_index_result(r, metas.get(r.source_id)))
    ordered = sorted(entries.values(), key=lambda e: (e["name"] != base, e["name"]))
    block = {"model-index": ordered}
    return yaml.safe_dump(block, sort_keys=False, allow_unicode=True, width=100)


def _model_name(model_id: str, records: Sequence[ScoreRecord]) -> str:
    """The model's name without configuration: the vocabulary's label, else the name as printed."""
    from benchtable.extract.labels import parse_model_label

    known = vocabulary().models.get(model_id)
    if known is not None:
        return known.label
    names = sorted((parse_model_label(r.model_label).name for r in records), key=lambda n: (len(n), n))
    return names[0] if names else model_id


def _model_index_result(r: ScoreRecord, meta: SourceMeta | None) -> dict[str, Any]:
    bench = vocabulary().benchmarks.get(r.benchmark)
    dataset: dict[str, Any] = {"name": bench.label if bench else r.benchmark_label, "type": r.benchmark}
    if r.protocol.split:
        dataset["split"] = r.protocol.split
    if r.protocol.n_shot is not None:
        dataset["args"] = {"num_few_shot": r.protocol.n_shot}
    protocol = describe_protocol(r.protocol.model_copy(update={"details": None}))
    label = bench.label if bench else r.benchmark_label
    metric: dict[str, Any] = {
        "type": r.protocol.metric or r.benchmark,
        "value": r.value,
        "name": f"{label} ({protocol})" if protocol else label,
    }
    return {
        "task": {"type": "text-generation"},
        "dataset": dataset,
        "metrics": [metric],
        "source": {"name": meta.title if meta and meta.title else r.source_id, "url": r.citation.url},
    }


# ------------------------------------------------------------------------------ the command


def document_times(db: Database) -> dict[str, datetime]:
    """When each stored document was retrieved, by sha256."""
    rows = db.con.execute("SELECT sha256, retrieved_at FROM documents").fetchall()
    return {str(sha): at for sha, at in rows if isinstance(at, datetime)}


def export_interchange(db: Database, fmt: str, output: Path, model: str | None) -> str:
    """`benchtable export --format eee|model-index`: write, and say what was written."""
    from benchtable.reports.sources import load_report_data

    records, metas = load_report_data(db)
    if fmt == "eee":
        paths = write_eee(output, preferred_records(records, metas), metas, document_times(db))
        return f"exported {len(paths)} EEE records (one per model, configuration and benchmark) to {output}/"
    if model is None:
        raise ConfigError(
            "--format model-index needs --model MODEL (an id or label; `benchtable models` lists them)"
        )
    model_id = resolve_model(model, records)
    choices = preferred_records([r for r in records if r.model == model_id], metas)
    text = model_index(model_id, choices, metas)
    if str(output) == "-":
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, "utf-8")
        except OSError as exc:
            raise StoreError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    return f"exported the model-index of {model_id} ({len(choices)} results) to {output}"
