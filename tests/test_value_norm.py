"""One unit per benchmark: `value_norm`/`unit` next to the published value, the wider
`latest_scores`, the `conflicts` view, and the migration that fills older databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from benchtable.db.migrations import MIGRATIONS
from benchtable.db.store import Database
from benchtable.reports.select import display_value
from benchtable.schema.records import (
    Citation,
    Configuration,
    Document,
    Locator,
    Protocol,
    Scale,
    ScoreRecord,
    Source,
    SourceKind,
)
from benchtable.schema.units import convert, normalize
from benchtable.schema.vocabulary import vocabulary


def test_conversions_to_the_benchmark_unit() -> None:
    assert convert(0.732, Scale.FRACTION, Scale.PERCENT) == 73.2
    assert convert(25.0, Scale.MS_PER_TOKEN, Scale.TOKENS_PER_S) == 40.0
    assert convert(0.05, Scale.S_PER_TOKEN, Scale.TOKENS_PER_S) == 20.0
    assert convert(2048.0, Scale.MIB, Scale.GB) == 2.0
    assert convert(5.68, Scale.PERPLEXITY, Scale.PERPLEXITY) == 5.68
    assert convert(0.0, Scale.MS_PER_TOKEN, Scale.TOKENS_PER_S) is None
    assert normalize(3.4, Scale.PERPLEXITY, Scale.PERCENT) == (None, None)  # never guessed


def test_each_benchmark_names_its_unit() -> None:
    voc = vocabulary()
    assert voc.unit_for("mmlu", Scale.FRACTION) == Scale.PERCENT
    assert voc.unit_for("decode_latency", Scale.MS_PER_TOKEN) == Scale.TOKENS_PER_S
    assert voc.unit_for("decode_speed", Scale.S_PER_TOKEN) == Scale.TOKENS_PER_S
    assert voc.unit_for("gpu_memory", Scale.MIB) == Scale.GB
    assert voc.unit_for("wikitext2_ppl", Scale.PERPLEXITY) == Scale.PERPLEXITY
    assert voc.unit_for("not-in-vocabulary", Scale.FRACTION) == Scale.PERCENT


def test_the_report_converts_with_the_same_function_and_keeps_its_notes() -> None:
    fraction = _record("a", 0.732, Scale.FRACTION, raw="0.732")
    assert display_value(fraction, Scale.PERCENT) == (73.2, "0.732 as a fraction, shown ×100")
    latency = _record("a", 25.0, Scale.MS_PER_TOKEN, benchmark="decode_latency")
    assert display_value(latency, Scale.TOKENS_PER_S) == (40.0, "converted from 25 ms/token (1000 / ms)")
    assert display_value(_record("a", 61.0, Scale.PERCENT), Scale.PERCENT) == (61.0, None)


def _record(
    source: str,
    value: float,
    scale: Scale,
    *,
    raw: str | None = None,
    benchmark: str = "mmlu",
    model: str = "mistral-7b",
    n_shot: int | None = 5,
    line: int = 3,
) -> ScoreRecord:
    sha = _sha(source)
    return ScoreRecord(
        source_id=source,
        model=model,
        model_label="Mistral 7B",
        configuration=Configuration(),
        benchmark=benchmark,
        benchmark_label="MMLU",
        protocol=Protocol(n_shot=n_shot),
        value=value,
        raw=raw or f"{value:g}",
        scale=scale,
        citation=Citation(
            url=f"https://example.org/{source}.md",
            sha256=sha,
            locator=Locator(line=line),
            quote=f"| Mistral 7B | {raw or value} |",
        ),
    )


def _sha(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def _store(db: Database, source: str, records: list[ScoreRecord]) -> None:
    db.register_sources([Source(id=source, url=f"https://example.org/{source}.md", kind=SourceKind.README)])
    doc = Document(
        source_id=source,
        url=f"https://example.org/{source}.md",
        sha256=_sha(source),
        content_type="text/markdown",
        size=100,
        retrieved_at=datetime(2024, 1, 2, tzinfo=UTC),
    )
    db.save_version(doc, records)


def _rows(db: Database, sql: str) -> list[dict[str, Any]]:
    names, rows = db.query(sql)
    return [dict(zip(names, r, strict=True)) for r in rows]


def test_latest_scores_carries_value_norm_unit_and_the_citation_columns(tmp_path: Path) -> None:
    with Database(tmp_path / "bt.duckdb") as db:
        _store(db, "card", [_record("card", 0.625, Scale.FRACTION, raw="0.625")])
        _store(db, "bench", [_record("bench", 40.0, Scale.MS_PER_TOKEN, benchmark="decode_latency")])
        rows = _rows(db, "SELECT * FROM latest_scores ORDER BY source_id")
    assert [(r["source_id"], r["value"], r["raw"], r["value_norm"], r["unit"]) for r in rows] == [
        ("bench", 40.0, "40", 25.0, "tokens/s"),
        ("card", 0.625, "0.625", 62.5, "percent"),
    ]
    for column in ("context_length", "protocol_details", "model_label", "benchmark_label", "quote"):
        assert column in rows[0]
    assert rows[1]["quote"] == "| Mistral 7B | 0.625 |"


def test_conflicts_view_compares_normalised_values_across_sources(tmp_path: Path) -> None:
    with Database(tmp_path / "bt.duckdb") as db:
        _store(db, "card", [_record("card", 0.601, Scale.FRACTION, raw="0.601")])
        _store(db, "paper", [_record("paper", 60.1, Scale.PERCENT)])  # the same number, as a percentage
        _store(
            db, "blog", [_record("blog", 62.5, Scale.PERCENT), _record("blog", 64.0, Scale.PERCENT, line=9)]
        )
        _store(db, "other-shot", [_record("other-shot", 70.0, Scale.PERCENT, n_shot=0)])
        rows = _rows(db, "SELECT * FROM conflicts ORDER BY source_a, source_b, value_a, value_b")
    pairs = [(r["source_a"], r["value_a"], r["source_b"], r["value_b"]) for r in rows]
    # card and paper agree once normalised; one source's two values are not a conflict;
    # a different stated protocol (0-shot) is not a conflict
    assert pairs == [
        ("blog", 62.5, "card", 60.1),
        ("blog", 64.0, "card", 60.1),
        ("blog", 62.5, "paper", 60.1),
        ("blog", 64.0, "paper", 60.1),
    ]
    assert {r["unit"] for r in rows} == {"percent"}
    assert rows[0]["url_a"] == "https://example.org/blog.md" and rows[0]["line_b"] == 3


def test_a_version_2_database_is_migrated_and_its_records_normalised(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Database(tmp_path / "new.duckdb") as db:
        _store(db, "card", [_record("card", 0.601, Scale.FRACTION, raw="0.601")])
        db.con.execute(f"ATTACH '{path}' AS old")
    # the same data in a database that stopped at migration 2
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for number, sql in enumerate(MIGRATIONS[:2], start=1):
        assert isinstance(sql, str)
        con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES (?)", [number])
    con.execute(f"ATTACH '{tmp_path / 'new.duckdb'}' AS new (READ_ONLY)")
    for table in ("sources", "documents", "source_versions", "records"):
        columns = [r[0] for r in con.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
        con.execute(f"INSERT INTO {table} SELECT {', '.join(columns)} FROM new.{table}")
    con.close()
    with Database(path) as db:
        assert _rows(db, "SELECT max(version) AS v FROM schema_version") == [{"v": len(MIGRATIONS)}]
        rows = _rows(db, "SELECT value, value_norm, unit FROM latest_scores")
    assert rows == [{"value": 0.601, "value_norm": 60.1, "unit": "percent"}]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exports_carry_value_norm_and_unit(tmp_path: Path, fmt: str) -> None:
    from benchtable.reports.inspect import export_records

    out = tmp_path / f"records.{fmt}"
    with Database(tmp_path / "bt.duckdb") as db:
        _store(db, "card", [_record("card", 0.601, Scale.FRACTION, raw="0.601")])
        assert export_records(db, out, fmt) == 1
    text = out.read_text()
    assert "value_norm" in text and "60.1" in text and "percent" in text
