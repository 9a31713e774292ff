"""A `ScoreRecord` as a row of the `records` table, and back."""

from __future__ import annotations

from typing import Any

from benchtable.schema.records import Citation, Configuration, Locator, Protocol, Scale, ScoreRecord

RECORD_COLUMNS = [
    "record_id",
    "source_id",
    "sha256",
    "model",
    "model_label",
    "precision",
    "quant_method",
    "bits",
    "group_size",
    "quant_format",
    "benchmark",
    "benchmark_label",
    "n_shot",
    "cot",
    "metric",
    "split",
    "context_length",
    "protocol_details",
    "value",
    "raw",
    "scale",
    "bound",
    "url",
    "line",
    "page",
    "table_index",
    "row_index",
    "column_index",
    "bbox",
    "pointer",
    "quote",
    "base_model",
]
DERIVED_COLUMNS = ["value_key", "value_norm", "unit"]
"""Stored with each record, computed from it (not part of the snapshot)."""
COLUMN_TYPES = {
    "value_norm": "DOUBLE",
    "bits": "DOUBLE",
    "group_size": "INTEGER",
    "n_shot": "INTEGER",
    "cot": "BOOLEAN",
    "context_length": "INTEGER",
    "value": "DOUBLE",
    "line": "INTEGER",
    "page": "INTEGER",
    "table_index": "INTEGER",
    "row_index": "INTEGER",
    "column_index": "INTEGER",
    "bbox": "DOUBLE[]",
}


def record_row(record: ScoreRecord) -> dict[str, Any]:
    c, p, loc = record.configuration, record.protocol, record.citation.locator
    return {
        "record_id": record.record_id(),
        "source_id": record.source_id,
        "sha256": record.citation.sha256,
        "model": record.model,
        "model_label": record.model_label,
        "precision": c.precision,
        "quant_method": c.quant_method,
        "bits": c.bits,
        "group_size": c.group_size,
        "quant_format": c.quant_format,
        "benchmark": record.benchmark,
        "benchmark_label": record.benchmark_label,
        "n_shot": p.n_shot,
        "cot": p.cot,
        "metric": p.metric,
        "split": p.split,
        "context_length": p.context_length,
        "protocol_details": p.details,
        "value": record.value,
        "raw": record.raw,
        "scale": record.scale.value,
        "bound": record.bound,
        "url": record.citation.url,
        "line": loc.line,
        "page": loc.page,
        "table_index": loc.table,
        "row_index": loc.row,
        "column_index": loc.column,
        "bbox": list(loc.bbox) if loc.bbox else None,
        "pointer": loc.pointer,
        "quote": record.citation.quote,
        "base_model": record.base_model,
    }


def record_from_row(row: dict[str, Any]) -> ScoreRecord:
    bbox = row.get("bbox")
    return ScoreRecord(
        source_id=row["source_id"],
        model=row["model"],
        model_label=row["model_label"],
        configuration=Configuration(
            precision=row["precision"],
            quant_method=row["quant_method"],
            bits=row["bits"],
            group_size=row["group_size"],
            quant_format=row["quant_format"],
        ),
        benchmark=row["benchmark"],
        benchmark_label=row["benchmark_label"],
        protocol=Protocol(
            n_shot=row["n_shot"],
            cot=row["cot"],
            metric=row["metric"],
            split=row["split"],
            context_length=row["context_length"],
            details=row["protocol_details"],
        ),
        value=row["value"],
        raw=row["raw"],
        scale=Scale(row["scale"]),
        bound=row["bound"],
        citation=Citation(
            url=row["url"],
            sha256=row["sha256"],
            locator=Locator(
                line=row["line"],
                page=row["page"],
                table=row["table_index"],
                row=row["row_index"],
                column=row["column_index"],
                bbox=tuple(bbox) if bbox else None,
                pointer=row["pointer"],
            ),
            quote=row["quote"],
        ),
        base_model=row.get("base_model"),
    )
