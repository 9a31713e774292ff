"""The Open LLM Leaderboard `contents` dataset through the dataset-viewer `/rows` API.

Fixtures are hand-written in the documented response shape (features, rows with
row_idx/row/truncated_cells, num_rows_total, num_rows_per_page, partial); the values
are made up.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from benchtable.extract import extract_document
from benchtable.extract.open_llm_leaderboard import (
    is_leaderboard_rows,
    next_page_url,
    page_urls,
    precision_configuration,
    rows_url,
)
from benchtable.extract.readers.json import JsonText
from benchtable.extract.registry import DocumentInput
from benchtable.schema.records import Configuration, Scale, ScoreRecord

FIRST_PAGE = (
    "https://datasets-server.huggingface.co/rows?dataset=open-llm-leaderboard%2Fcontents"
    "&config=default&split=train&offset=0&length=100"
)

V2_COLUMNS = [
    "eval_name",
    "Precision",
    "Type",
    "Weight type",
    "Architecture",
    "Model",
    "fullname",
    "Model sha",
    "Average ⬆️",
    "#Params (B)",
    "Hub ❤️",
    "IFEval Raw",
    "IFEval",
    "BBH Raw",
    "BBH",
    "MATH Lvl 5 Raw",
    "MATH Lvl 5",
    "GPQA Raw",
    "GPQA",
    "MUSR Raw",
    "MUSR",
    "MMLU-PRO Raw",
    "MMLU-PRO",
    "CO₂ cost (kg)",
]


def _row(fullname: str, precision: str, weight: str = "Original", base: float = 0.5) -> dict[str, Any]:
    org, name = fullname.split("/")
    return {
        "eval_name": f"{org}_{name}_{precision}",
        "Precision": precision,
        "Type": "🟢 pretrained",
        "Weight type": weight,
        "Architecture": "LlamaForCausalLM",
        "Model": f'<a target="_blank" href="https://huggingface.co/{fullname}">{fullname}</a>',
        "fullname": fullname,
        "Model sha": "0123abcd",
        "Average ⬆️": 21.5,
        "#Params (B)": 8.03,
        "Hub ❤️": 1200,
        "IFEval Raw": base,
        "IFEval": base * 100,
        "BBH Raw": 0.46,
        "BBH": 24.1,
        "MATH Lvl 5 Raw": 0.05,
        "MATH Lvl 5": 5.0,
        "GPQA Raw": 0.30,
        "GPQA": 6.6,
        "MUSR Raw": 0.38,
        "MUSR": 6.2,
        "MMLU-PRO Raw": 0.33,
        "MMLU-PRO": 25.4,
        "CO₂ cost (kg)": 1.7,
    }


def _response(rows: list[dict[str, Any]], total: int | None = None, indent: int | None = None) -> str:
    body = {
        "features": [
            {"feature_idx": i, "name": n, "type": {"dtype": "float64", "_type": "Value"}}
            for i, n in enumerate(V2_COLUMNS)
        ],
        "rows": [{"row_idx": i, "row": r, "truncated_cells": []} for i, r in enumerate(rows)],
        "num_rows_total": total if total is not None else len(rows),
        "num_rows_per_page": 100,
        "partial": False,
    }
    return json.dumps(body, indent=indent, ensure_ascii=False)


def _extract(text: str, url: str = FIRST_PAGE) -> list[ScoreRecord]:
    doc = DocumentInput(data=text.encode("utf-8"), content_type="application/json", url=url, sha256="0" * 64)
    return extract_document(doc)


def _one(records: list[ScoreRecord], **kw: Any) -> ScoreRecord:
    hits = [
        r
        for r in records
        if all(
            getattr(r, k, None) == v
            or getattr(r.protocol, k, None) == v
            or getattr(r.configuration, k, None) == v
            for k, v in kw.items()
        )
    ]
    assert len(hits) == 1, (kw, len(hits))
    return hits[0]


def test_rows_response_records() -> None:
    records = _extract(_response([_row("meta-llama/Meta-Llama-3-8B", "bfloat16")]))
    # 6 tasks x (raw + normalized) + the average; never params, likes or CO2 cost
    assert len(records) == 13
    assert {r.model_label for r in records} == {"meta-llama/Meta-Llama-3-8B"}
    assert {r.configuration.precision for r in records} == {"bf16"}
    raw = _one(records, benchmark="bbh", metric="acc_norm")
    assert (raw.value, raw.scale, raw.protocol.n_shot) == (0.46, Scale.FRACTION, 3)
    assert raw.citation.locator.pointer == "/rows/0/row/BBH Raw"
    norm = _one(records, benchmark="bbh", metric="normalized")
    assert (norm.value, norm.scale, norm.raw) == (24.1, Scale.PERCENT, "24.1")
    shots = {r.benchmark: r.protocol.n_shot for r in records if r.benchmark != "average"}
    assert shots == {"ifeval": 0, "bbh": 3, "math_lvl5": 4, "gpqa": 0, "musr": 0, "mmlu_pro": 5}
    avg = _one(records, benchmark="average")
    assert avg.value == 21.5 and avg.citation.locator.pointer == "/rows/0/row/Average ⬆️"


def test_precision_and_weight_type() -> None:
    rows = [
        _row("org/a-7b", "float16"),
        _row("org/b-7b", "4bit", base=0.4),
        _row("org/c-7b", "8bit", weight="Adapter", base=0.3),
    ]
    records = _extract(_response(rows))
    a = _one(records, model="a-7b", benchmark="ifeval", metric="strict_acc")
    assert a.configuration == Configuration(precision="fp16")
    b = _one(records, model="b-7b", benchmark="ifeval", metric="strict_acc")
    assert b.configuration == Configuration(quant_method="bitsandbytes", bits=4)
    c = _one(records, model="c-7b", benchmark="ifeval", metric="strict_acc")
    assert c.configuration == Configuration(quant_method="bitsandbytes", bits=8)
    assert "weight type: Adapter" in (c.protocol.details or "")
    assert c.citation.locator.pointer == "/rows/2/row/IFEval Raw"
    assert precision_configuration("Unknown") == Configuration()


def test_lines_in_a_pretty_printed_response() -> None:
    text = _response([_row("org/a-7b", "bfloat16")], indent=2)
    records = _extract(text)
    rec = _one(records, benchmark="gpqa", metric="acc_norm")
    lines = text.splitlines()
    assert '"GPQA Raw": 0.3' in lines[rec.citation.locator.line - 1]  # type: ignore[operator]


def test_minified_response_is_line_one() -> None:
    records = _extract(_response([_row("org/a-7b", "bfloat16")]))
    assert {r.citation.locator.line for r in records} == {1}


def test_only_the_leaderboard_extractor_reads_it() -> None:
    # the generic JSON reader leaves a contents page alone: no duplicates, no params as scores
    records = _extract(_response([_row("org/a-7b", "bfloat16")]))
    assert not any(r.benchmark in {"params_b", "hub", "co2_cost_kg"} for r in records)
    assert len({r.record_id() for r in records}) == len(records)


def test_missing_scores_are_skipped() -> None:
    row = _row("org/a-7b", "bfloat16")
    row["MATH Lvl 5 Raw"] = None
    row["MATH Lvl 5"] = None
    records = _extract(_response([row]))
    assert not any(r.benchmark == "math_lvl5" for r in records)


def test_v1_columns() -> None:
    text = json.dumps(
        {
            "features": [{"feature_idx": 0, "name": "fullname", "type": {}}],
            "rows": [
                {
                    "row_idx": 0,
                    "row": {
                        "fullname": "huggyllama/llama-65b",
                        "Precision": "float16",
                        "ARC": 63.5,
                        "HellaSwag": 86.1,
                        "MMLU": 63.9,
                        "TruthfulQA": 43.4,
                        "Winogrande": 82.6,
                        "GSM8K": 37.8,
                    },
                    "truncated_cells": [],
                }
            ],
            "num_rows_total": 1,
        }
    )
    records = _extract(text)
    assert len(records) == 6
    mmlu = _one(records, benchmark="mmlu")
    assert (mmlu.model, mmlu.protocol.n_shot, mmlu.scale) == ("llama-65b", 5, Scale.PERCENT)
    assert _one(records, benchmark="arc_challenge").protocol.n_shot == 25


def test_detection() -> None:
    assert is_leaderboard_rows(JsonText(_response([_row("org/a-7b", "bfloat16")])).root)
    other = json.dumps({"features": [{"feature_idx": 0, "name": "text"}], "rows": [], "num_rows_total": 0})
    assert not is_leaderboard_rows(JsonText(other).root)
    assert not is_leaderboard_rows(JsonText('{"rows": []}').root)


def test_page_urls() -> None:
    assert rows_url() == FIRST_PAGE
    urls = page_urls(250)
    assert len(urls) == 3
    assert [parse_qs(urlsplit(u).query)["offset"] for u in urls] == [["0"], ["100"], ["200"]]
    assert parse_qs(urlsplit(urls[0]).query)["dataset"] == ["open-llm-leaderboard/contents"]
    with pytest.raises(ValueError):
        rows_url(length=101)
    root = JsonText(_response([_row("org/a-7b", "bfloat16")] * 100, total=250)).root
    nxt = next_page_url(FIRST_PAGE, root)
    assert nxt is not None and parse_qs(urlsplit(nxt).query)["offset"] == ["100"]
    last = JsonText(_response([_row("org/a-7b", "bfloat16")] * 50, total=250)).root
    assert next_page_url(rows_url(offset=200), last) is None
