"""Unit tests of benchmarks/score_gold.py on tiny hand-written records (no corpus needed)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "score_gold.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_gold", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["score_gold"] = mod  # dataclasses need the module registered
    spec.loader.exec_module(mod)
    return mod


sg = _load()


def gold(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "model": "llama-2-7b",
        "precision": None,
        "quant_method": None,
        "bits": None,
        "group_size": None,
        "quant_format": None,
        "benchmark": "mmlu",
        "n_shot": None,
        "cot": None,
        "metric": None,
        "value": 45.3,
        "line": 10,
    }
    base.update(kw)
    return base


def pred(line: int | None = 10, **kw: Any) -> dict[str, Any]:
    """A prediction in the `extract` shape: line inside citation.locator."""
    base: dict[str, Any] = {
        "model": "llama-2-7b",
        "model_label": "Llama 2 7B",
        "precision": None,
        "quant_method": None,
        "bits": None,
        "group_size": None,
        "quant_format": None,
        "benchmark": "mmlu",
        "benchmark_label": "MMLU",
        "value": 45.3,
        "raw": "45.3",
        "citation": {"url": "u", "sha256": "0" * 64, "locator": {"line": line}},
    }
    base.update(kw)
    return base


def recs(*ds: dict[str, Any]) -> list[Any]:
    return [sg.normalise(d) for d in ds]


def counts(g: list[dict[str, Any]], p: list[dict[str, Any]], key: str = "strict") -> tuple[int, int, int]:
    pairs, fp, fn = sg.match(recs(*g), recs(*p), key)
    return len(pairs), len(fp), len(fn)


# --------------------------------------------------------------------------- folding


def test_fold_ignores_case_and_separators() -> None:
    assert sg.fold("Llama-2 7B") == sg.fold("llama_2_7b") == sg.fold("LLAMA.2.7B") == "llama27b"
    assert sg.fold("Q4_0") == sg.fold("q4_0")
    assert sg.fold(None) is None


def test_normalise_reads_locator_line_and_nested_config() -> None:
    r = sg.normalise(
        {
            "model": "M",
            "benchmark": "B",
            "value": "1.5",
            "configuration": {"bits": 4, "quant_method": "GPTQ"},
            "citation": {"locator": {"line": 7}},
        }
    )
    assert r is not None
    assert (r.line, r.bits, r.quant_method, r.value) == (7, 4.0, "gptq", 1.5)
    assert sg.normalise({"model": "M", "benchmark": "B", "value": None}) is None


# --------------------------------------------------------------------------- strict matching


def test_exact_match() -> None:
    assert counts([gold()], [pred()]) == (1, 0, 0)


def test_model_and_benchmark_are_folded() -> None:
    assert counts([gold()], [pred(model="Llama_2_7B", benchmark="MMLU")]) == (1, 0, 0)


def test_value_tolerance() -> None:
    assert counts([gold(value=0.732)], [pred(value=0.7320000001)]) == (1, 0, 0)
    assert counts([gold(value=45.3)], [pred(value=45.31)]) == (0, 1, 1)


def test_integer_and_float_values_and_bits_compare_equal() -> None:
    assert counts(
        [gold(value=93, bits=4, quant_method="gptq")],
        [pred(value=93.0, bits=4.0, quant_method="GPTQ")],
    ) == (1, 0, 0)


def test_line_mismatch_is_an_error() -> None:
    assert counts([gold(line=10)], [pred(line=11)]) == (0, 1, 1)


def test_missing_line_in_prediction_never_matches_strictly() -> None:
    assert counts([gold()], [pred(line=None)]) == (0, 1, 1)


@pytest.mark.parametrize(
    "field,value",
    [
        ("precision", "bf16"),
        ("quant_method", "awq"),
        ("bits", 4),
        ("group_size", 128),
        ("quant_format", "q4_0"),
        ("model", "llama-2-7b-chat"),
        ("benchmark", "mmlu_pro"),
    ],
)
def test_any_config_or_identity_difference_is_fp_plus_fn(field: str, value: Any) -> None:
    assert counts([gold()], [pred(**{field: value})]) == (0, 1, 1)


def test_quant_format_case_insensitive() -> None:
    g = gold(quant_method="llama.cpp", bits=4, quant_format="Q4_K_M")
    p = pred(quant_method="llama.cpp", bits=4, quant_format="q4_k_m")
    assert counts([g], [p]) == (1, 0, 0)


def test_duplicates_match_once() -> None:
    assert counts([gold()], [pred(), pred()]) == (1, 1, 0)
    assert counts([gold(), gold()], [pred()]) == (1, 0, 1)


def test_same_cell_key_with_different_values() -> None:
    # acc and acc_norm of the same task on different lines, and two values on one line
    g = [
        gold(value=0.43, line=4),
        gold(value=0.46, line=6),
        gold(value=30.34, line=9),
        gold(value=29.32, line=9),
    ]
    p = [
        pred(value=0.46, line=6),
        pred(value=29.32, line=9),
        pred(value=30.34, line=9),
        pred(value=0.43, line=4),
    ]
    assert counts(g, p) == (4, 0, 0)


# --------------------------------------------------------------------------- loose key


def test_loose_key_ignores_line_and_config() -> None:
    g = [gold(precision="bf16", line=3)]
    p = [pred(line=99, precision=None)]
    assert counts(g, p, "strict") == (0, 1, 1)
    assert counts(g, p, "loose") == (1, 0, 0)


def test_loose_key_still_needs_value_model_benchmark() -> None:
    assert counts([gold()], [pred(model="gpt-4")], "loose") == (0, 1, 1)


def test_explain_miss_names_differing_fields() -> None:
    g = sg.normalise(gold(quant_method="gptq", bits=4))
    p = sg.normalise(pred(quant_method="gptq", bits=None))
    msg = sg.explain_miss(g, [p])
    assert msg is not None and "bits" in msg and "quant_method" not in msg
    assert sg.explain_miss(g, [sg.normalise(pred(value=1.0, line=50))]) is None


# --------------------------------------------------------------------------- documents


def _gold_obj(scope: Any, records: list[dict[str, Any]], tmp_path: Path, doc: str = "doc-a") -> Any:
    f = tmp_path / f"{doc}.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in [{"doc": doc, "scope": scope}, *records]) + "\n")
    return sg.load_gold(f)


def test_scope_filters_predictions(tmp_path: Path) -> None:
    g = _gold_obj({"lines": [[5, 12]]}, [gold(line=10)], tmp_path)
    res = sg.score_doc(g, [pred(line=10), pred(line=40), pred(line=None), pred(value=None)])
    assert (res["tp"], res["fp"], res["fn"]) == (1, 0, 0)
    assert res["ignored"] == {"no_value": 1, "unlocated": 1, "out_of_scope": 1}


def test_scope_all_counts_everything(tmp_path: Path) -> None:
    g = _gold_obj("all", [gold(line=10)], tmp_path)
    res = sg.score_doc(g, [pred(line=10), pred(line=40)])
    assert (res["tp"], res["fp"], res["fn"]) == (1, 1, 0)
    assert res["precision"] == 0.5 and res["recall"] == 1.0


def test_empty_gold_document(tmp_path: Path) -> None:
    g = _gold_obj("all", [], tmp_path)
    assert sg.score_doc(g, [])["precision"] == 1.0
    res = sg.score_doc(g, [pred()])
    assert (res["fp"], res["precision"]) == (1, 0.0)


def test_micro_totals() -> None:
    a = {"gold": 2, "pred": 2, "tp": 1, "fp": 1, "fn": 1, "loose": {"tp": 2, "fp": 0, "fn": 0}}
    b = {"gold": 3, "pred": 1, "tp": 1, "fp": 0, "fn": 2, "loose": {"tp": 1, "fp": 0, "fn": 2}}
    t = sg.totals([a, b])
    assert (t["tp"], t["fp"], t["fn"]) == (2, 1, 3)
    assert t["precision"] == pytest.approx(2 / 3) and t["recall"] == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    "lines,msg",
    [
        (
            ['{"doc": "doc-a", "scope": "all"}', '{"model": "m", "benchmark": "b", "value": 1}'],
            "lacks line",
        ),
        (['{"doc": "doc-a", "scope": "all"}', "not json"], "not valid JSON"),
        (['{"doc": "other", "scope": "all"}'], "does not match"),
        (['{"doc": "doc-a", "scope": {"lines": [[9, 3]]}}'], "bad line range"),
        (
            [
                '{"doc": "doc-a", "scope": {"lines": [[1, 3]]}}',
                '{"model": "m", "benchmark": "b", "value": 1, "line": 8}',
            ],
            "outside the declared scope",
        ),
        (
            [
                '{"doc": "doc-a", "scope": "all"}',
                '{"model": "m", "benchmark": "b", "value": "1", "line": 8}',
            ],
            "must be a number",
        ),
        (
            [
                '{"doc": "doc-a", "scope": "all"}',
                '{"model": "m", "benchmark": "b", "value": 1, "line": 8, "typo": 1}',
            ],
            "unknown keys",
        ),
    ],
)
def test_malformed_gold_is_rejected(tmp_path: Path, lines: list[str], msg: str) -> None:
    f = tmp_path / "doc-a.jsonl"
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(sg.InputError, match=msg):
        sg.load_gold(f)


def test_parse_predictions_reports_garbage() -> None:
    recs_, problems = sg.parse_predictions('{"a": 1}\n\nWARNING something\n[1, 2]\n')
    assert recs_ == [{"a": 1}] and len(problems) == 2


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gdir, pdir = tmp_path / "gold", tmp_path / "pred"
    gdir.mkdir()
    pdir.mkdir()
    (gdir / "doc-a.jsonl").write_text(
        json.dumps({"doc": "doc-a", "scope": "all"}) + "\n" + json.dumps(gold()) + "\n"
    )
    (pdir / "doc-a.jsonl").write_text(json.dumps(pred()) + "\n" + json.dumps(pred(line=3)) + "\n")
    assert sg.main(["--gold", str(gdir), "--pred-dir", str(pdir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["totals"]["tp"], out["totals"]["fp"], out["totals"]["fn"]) == (1, 1, 0)
    assert sg.main(["--gold", str(gdir), "--pred-dir", str(pdir), "--show-errors"]) == 0
    assert "FP L3" in capsys.readouterr().out
    (gdir / "doc-a.jsonl").write_text("{broken\n")
    assert sg.main(["--gold", str(gdir), "--pred-dir", str(pdir)]) == 2
    assert "error" in capsys.readouterr().err
    assert sg.main(["--gold", str(tmp_path / "nope"), "--pred-dir", str(pdir)]) == 2


def test_repository_gold_files_are_well_formed() -> None:
    gdir = SCRIPT.parent.parent / "tests" / "gold"
    files = sorted(gdir.glob("*.jsonl"))
    assert len(files) >= 14
    for f in files:
        sg.load_gold(f)


def test_unseen_gold_files_are_well_formed_and_named_after_their_document() -> None:
    gdir = SCRIPT.parent.parent / "tests" / "gold_unseen"
    files = sorted(gdir.glob("*.jsonl"))
    assert len(files) >= 5
    for f in files:
        assert sg.load_gold(f).doc == f.stem
