#!/usr/bin/env python3
"""Score `benchtable extract` against the hand-written gold annotations in tests/gold/.

For every gold file `tests/gold/<corpus-id>.jsonl` the script finds the document in the
recorded corpus (via its manifest.jsonl), runs the extractor on it, and compares the
predicted records with the gold records.

Strict key (what counts as a true positive):
    (model, precision, quant_method, bits, group_size, quant_format, benchmark, value, line)
  * model and benchmark compare after folding (lowercase; spaces, '-', '_', '.', '/',
    parentheses removed), so "Llama-2-7B" == "llama_2_7b";
  * precision, quant_method and quant_format compare folded as well ("Q4_0" == "q4_0");
  * bits and group_size compare as numbers (4 == 4.0); None only matches None;
  * value compares with an absolute tolerance of 1e-6;
  * line is the 1-based line of the cell in the document (citation.locator.line).
Loose key (diagnostic only): (model, benchmark, value), no line and no configuration.

Matching is one-to-one: a duplicated prediction matches at most one gold record and the
extra copies count as false positives.

Gold file format: first line a header {"doc": <corpus-id>, "scope": "all" | {"lines":
[[start, end], ...]} | {"pages": [[first, last], ...]}}; then one JSON object per published
score with the keys in GOLD_KEYS. With a line scope only predictions whose line falls in a
range are scored (predictions without a line are then ignored and counted as "unlocated").

PDF documents: a gold record carries `page` (1-based) instead of `line`, and the strict
key matches on the page (citation.locator.page) where it would match on the line; a page
scope keeps only predictions whose page falls in a range.

Usage:
    python benchmarks/score_gold.py                       # all gold files
    python benchmarks/score_gold.py --doc llama2-model-card --show-errors
    python benchmarks/score_gold.py --json > scores.json
    python benchmarks/score_gold.py --cmd "uv run benchtable extract"
    python benchmarks/score_gold.py --pred-dir preds/     # read preds/<doc>.jsonl instead

Exit status: 0 after scoring (whatever the scores and even if the extractor fails on a
document: that document then has no predictions and the failure is reported); 2 when the
inputs are malformed (gold file, manifest, corpus folder, arguments).

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO_ROOT / "tests" / "gold"
DEFAULT_CORPUS = REPO_ROOT / ".." / "shared" / "corpus"
DEFAULT_CMD = "uv run benchtable extract"
VALUE_TOL = 1e-6

CONFIG_KEYS = ("precision", "quant_method", "bits", "group_size", "quant_format")
PROTOCOL_KEYS = ("n_shot", "cot", "metric")
GOLD_KEYS = ("model", *CONFIG_KEYS, "benchmark", *PROTOCOL_KEYS, "value", "line", "page")
STRICT_FIELDS = ("model", *CONFIG_KEYS, "benchmark", "value", "line")


class InputError(Exception):
    """Malformed input: the script exits with status 2."""


# --------------------------------------------------------------------------- normalising

_FOLD = re.compile(r"[\s\-_/.()]+")


def fold(text: Any) -> str | None:
    """Lowercase, separators removed: 'Llama-2 7B' -> 'llama27b'. None stays None."""
    if text is None:
        return None
    return _FOLD.sub("", str(text).lower())


def _number(x: Any) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    try:
        return float(str(x).strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class Rec:
    """One score, normalised for matching; `orig` keeps the record as read."""

    model: str | None
    precision: str | None
    quant_method: str | None
    bits: float | None
    group_size: float | None
    quant_format: str | None
    benchmark: str | None
    value: float
    line: int | None
    orig: dict[str, Any] = field(compare=False, hash=False, repr=False)
    page: int | None = None

    def discrete(self) -> tuple[Any, ...]:
        """The strict key without the value (value matched with a tolerance)."""
        return (
            self.model,
            self.precision,
            self.quant_method,
            self.bits,
            self.group_size,
            self.quant_format,
            self.benchmark,
            self.line,
            self.page,
        )

    def loose(self) -> tuple[Any, ...]:
        return (self.model, self.benchmark)


def normalise(rec: dict[str, Any]) -> Rec | None:
    """Build a Rec from a gold record or a predicted `extract` record (flat or nested).

    Returns None when the record has no numeric value.
    """
    flat: dict[str, Any] = dict(rec)
    for nested in ("configuration", "protocol"):
        sub = rec.get(nested)
        if isinstance(sub, dict):
            for k, v in sub.items():
                flat.setdefault(k, v)
    line = flat.get("line")
    page = flat.get("page")
    cit = rec.get("citation")
    if isinstance(cit, dict):
        loc = cit.get("locator")
        if isinstance(loc, dict) and loc.get("line") is not None:
            line = loc.get("line")
        if isinstance(loc, dict) and loc.get("page") is not None:
            page = loc.get("page")
    value = _number(flat.get("value"))
    if value is None:
        return None
    line_n = _number(line)
    page_n = _number(page)
    return Rec(
        model=fold(flat.get("model")),
        precision=fold(flat.get("precision")),
        quant_method=fold(flat.get("quant_method")),
        bits=_number(flat.get("bits")),
        group_size=_number(flat.get("group_size")),
        quant_format=fold(flat.get("quant_format")),
        benchmark=fold(flat.get("benchmark")),
        value=value,
        line=int(line_n) if line_n is not None else None,
        orig=rec,
        page=int(page_n) if page_n is not None else None,
    )


def values_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=VALUE_TOL)


# --------------------------------------------------------------------------- matching


def match(
    gold: list[Rec], pred: list[Rec], key: str = "strict"
) -> tuple[list[tuple[Rec, Rec]], list[Rec], list[Rec]]:
    """One-to-one matching. Returns (pairs, false_positives, false_negatives).

    key="strict": same discrete key and value within tolerance.
    key="loose":  same (model, benchmark) and value within tolerance.
    """
    keyf = (lambda r: r.discrete()) if key == "strict" else (lambda r: r.loose())
    by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, p in enumerate(pred):
        by_key[keyf(p)].append(i)
    used = [False] * len(pred)
    pairs: list[tuple[Rec, Rec]] = []
    fn: list[Rec] = []
    for g in gold:
        best = None
        for i in by_key.get(keyf(g), ()):
            if used[i] or not values_equal(pred[i].value, g.value):
                continue
            if best is None or abs(pred[i].value - g.value) < abs(pred[best].value - g.value):
                best = i
        if best is None:
            fn.append(g)
        else:
            used[best] = True
            pairs.append((g, pred[best]))
    fp = [p for i, p in enumerate(pred) if not used[i]]
    return pairs, fp, fn


def explain_miss(g: Rec, candidates: list[Rec]) -> str | None:
    """For an unmatched gold record, name the fields where the nearest prediction differs.

    Candidates are predictions with the same value and either the same line or the same
    (model, benchmark). Returns e.g. "model: pred 'llama27bchat'" or None.
    """
    best: tuple[int, list[str]] | None = None
    for p in candidates:
        if not values_equal(p.value, g.value):
            continue
        if (p.line, p.page) != (g.line, g.page) and p.loose() != g.loose():
            continue
        diffs = [f for f in STRICT_FIELDS if f != "value" and getattr(p, f) != getattr(g, f)]
        if best is None or len(diffs) < best[0]:
            best = (len(diffs), [f"{f}: pred {getattr(p, f)!r}" for f in diffs])
    if best is None:
        return None
    return "; ".join(best[1])


# --------------------------------------------------------------------------- inputs


@dataclass
class Gold:
    doc: str
    scope: str | list[tuple[int, int]]
    records: list[Rec]
    path: Path
    scope_unit: str = "lines"
    """What a scope range counts: "lines" or "pages"."""

    def in_scope(self, line: int | None) -> bool:
        """`line` is the line, or the page when the scope counts pages."""
        if self.scope == "all":
            return True
        if line is None:
            return False
        return any(a <= line <= b for a, b in self.scope)

    def where(self, rec: Rec) -> int | None:
        """The coordinate of `rec` that the scope counts."""
        return rec.page if self.scope_unit == "pages" else rec.line


def load_gold(path: Path) -> Gold:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from e
    lines = [(i, ln) for i, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    if not lines:
        raise InputError(f"{path}: empty gold file (needs at least the header line)")
    objs = []
    for i, ln in lines:
        try:
            obj = json.loads(ln)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{i}: not valid JSON: {e}") from e
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{i}: expected a JSON object")
        objs.append((i, obj))
    (hi, header), body = objs[0], objs[1:]
    doc = header.get("doc")
    if not isinstance(doc, str) or not doc:
        raise InputError(f"{path}:{hi}: header needs a 'doc' string")
    if doc != path.stem:
        raise InputError(f"{path}:{hi}: header doc {doc!r} does not match the file name")
    raw_scope = header.get("scope", "all")
    scope: str | list[tuple[int, int]]
    unit = "lines"
    if isinstance(raw_scope, dict) and "pages" in raw_scope and "lines" not in raw_scope:
        unit = "pages"
    if raw_scope == "all":
        scope = "all"
    elif isinstance(raw_scope, dict) and isinstance(raw_scope.get(unit), list) and raw_scope[unit]:
        scope = []
        for r in raw_scope[unit]:
            if (
                not isinstance(r, list)
                or len(r) != 2
                or not all(isinstance(x, int) for x in r)
                or r[0] < 1
                or r[1] < r[0]
            ):
                raise InputError(f"{path}:{hi}: bad line range {r!r} (want [start, end], 1-based)")
            scope.append((r[0], r[1]))
    else:
        raise InputError(
            f'{path}:{hi}: scope must be "all", {{"lines": [[start, end], ...]}} or {{"pages": [[first, last], ...]}}'
        )
    records = []
    for i, obj in body:
        where_key = "page" if unit == "pages" or ("page" in obj and "line" not in obj) else "line"
        missing = [k for k in ("model", "benchmark", "value", where_key) if k not in obj]
        if missing:
            raise InputError(f"{path}:{i}: gold record lacks {', '.join(missing)}")
        unknown = sorted(set(obj) - set(GOLD_KEYS))
        if unknown:
            raise InputError(f"{path}:{i}: unknown keys {', '.join(unknown)}")
        if not isinstance(obj["value"], (int, float)) or isinstance(obj["value"], bool):
            raise InputError(f"{path}:{i}: value must be a number")
        if not isinstance(obj[where_key], int) or obj[where_key] < 1:
            raise InputError(f"{path}:{i}: {where_key} must be a positive integer")
        if not isinstance(obj["model"], str) or not isinstance(obj["benchmark"], str):
            raise InputError(f"{path}:{i}: model and benchmark must be strings")
        rec = normalise(obj)
        assert rec is not None
        at = rec.page if unit == "pages" else rec.line
        if scope != "all" and not any(a <= at <= b for a, b in scope):  # type: ignore[operator]
            raise InputError(f"{path}:{i}: gold {unit[:-1]} {at} is outside the declared scope")
        records.append(rec)
    return Gold(doc=doc, scope=scope, records=records, path=path, scope_unit=unit)


def load_manifest(corpus: Path) -> dict[str, dict[str, Any]]:
    mf = corpus / "manifest.jsonl"
    if not mf.is_file():
        raise InputError(f"corpus manifest not found: {mf} (set --corpus)")
    out = {}
    for i, ln in enumerate(mf.read_text(encoding="utf-8").splitlines(), start=1):
        if not ln.strip():
            continue
        try:
            d = json.loads(ln)
        except json.JSONDecodeError as e:
            raise InputError(f"{mf}:{i}: not valid JSON: {e}") from e
        if not isinstance(d, dict) or "id" not in d or "path" not in d:
            raise InputError(f"{mf}:{i}: manifest entry needs id and path")
        out[d["id"]] = d
    return out


def parse_predictions(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """JSON Lines -> (records, problems). Non-JSON lines and non-objects are reported, not fatal."""
    recs: list[dict[str, Any]] = []
    problems: list[str] = []
    for i, ln in enumerate(text.splitlines(), start=1):
        if not ln.strip():
            continue
        try:
            obj = json.loads(ln)
        except json.JSONDecodeError:
            problems.append(f"output line {i}: not JSON: {ln[:80]!r}")
            continue
        if not isinstance(obj, dict):
            problems.append(f"output line {i}: not a JSON object")
            continue
        recs.append(obj)
    return recs, problems


def run_extractor(cmd: str, entry: dict[str, Any], corpus: Path, timeout: float) -> tuple[str, list[str]]:
    path = corpus / entry["path"]
    argv = [*shlex.split(cmd), str(path)]
    if entry.get("url"):
        argv += ["--url", entry["url"]]
    if entry.get("content_type"):
        argv += ["--content-type", entry["content_type"]]
    try:
        proc = subprocess.run(
            argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError as e:
        return "", [f"cannot run {argv[0]!r}: {e}"]
    except subprocess.TimeoutExpired:
        return "", [f"extractor timed out after {timeout:g}s"]
    problems = []
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        problems.append(f"extractor exit status {proc.returncode}: {' | '.join(tail)}")
    return proc.stdout, problems


# --------------------------------------------------------------------------- scoring


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_doc(gold: Gold, pred_dicts: list[dict[str, Any]]) -> dict[str, Any]:
    preds: list[Rec] = []
    no_value = unlocated = out_of_scope = 0
    for d in pred_dicts:
        r = normalise(d)
        if r is None:
            no_value += 1
            continue
        if gold.scope != "all":
            if gold.where(r) is None:
                unlocated += 1
                continue
            if not gold.in_scope(gold.where(r)):
                out_of_scope += 1
                continue
        preds.append(r)
    pairs, fp, fn = match(gold.records, preds, "strict")
    lpairs, lfp, lfn = match(gold.records, preds, "loose")
    p, r, f = prf(len(pairs), len(fp), len(fn))
    lp, lr, lf = prf(len(lpairs), len(lfp), len(lfn))
    return {
        "doc": gold.doc,
        "scope": gold.scope if gold.scope == "all" else [list(x) for x in gold.scope],
        "gold": len(gold.records),
        "pred": len(preds),
        "tp": len(pairs),
        "fp": len(fp),
        "fn": len(fn),
        "precision": p,
        "recall": r,
        "f1": f,
        "loose": {
            "tp": len(lpairs),
            "fp": len(lfp),
            "fn": len(lfn),
            "precision": lp,
            "recall": lr,
            "f1": lf,
        },
        "ignored": {"no_value": no_value, "unlocated": unlocated, "out_of_scope": out_of_scope},
        "false_positives": [_show(x) for x in fp],
        "false_negatives": [{**_show(x), "near_miss": explain_miss(x, fp)} for x in fn],
    }


def _show(r: Rec) -> dict[str, Any]:
    o = r.orig
    out = {k: o.get(k) for k in ("model", *CONFIG_KEYS, "benchmark", "value")}
    out["line"] = r.line
    if r.page is not None:
        out["page"] = r.page
    if "raw" in o:
        out["raw"] = o["raw"]
    return out


def totals(results: list[dict[str, Any]]) -> dict[str, Any]:
    tp = sum(x["tp"] for x in results)
    fp = sum(x["fp"] for x in results)
    fn = sum(x["fn"] for x in results)
    ltp = sum(x["loose"]["tp"] for x in results)
    lfp = sum(x["loose"]["fp"] for x in results)
    lfn = sum(x["loose"]["fn"] for x in results)
    p, r, f = prf(tp, fp, fn)
    lp, lr, lf = prf(ltp, lfp, lfn)
    return {
        "docs": len(results),
        "gold": sum(x["gold"] for x in results),
        "pred": sum(x["pred"] for x in results),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": p,
        "recall": r,
        "f1": f,
        "loose": {"tp": ltp, "fp": lfp, "fn": lfn, "precision": lp, "recall": lr, "f1": lf},
    }


def _fmt_rec(d: dict[str, Any]) -> str:
    cfg = " ".join(f"{k}={d[k]}" for k in CONFIG_KEYS if d.get(k) is not None)
    where = f"p{d['page']}" if d.get("page") is not None else f"L{d.get('line')}"
    s = f"{where}: {d.get('model')} | {d.get('benchmark')} = {d.get('value')}"
    if cfg:
        s += f"  [{cfg}]"
    if d.get("raw") is not None:
        s += f"  raw={d['raw']!r}"
    if d.get("near_miss"):
        s += f"  <- near miss: {d['near_miss']}"
    return s


def print_table(
    results: list[dict[str, Any]], tot: dict[str, Any], show_errors: bool, out: Any = None
) -> None:
    out = sys.stdout if out is None else out
    w = max([len(r["doc"]) for r in results] + [5])
    head = (
        f"{'doc':<{w}}  {'gold':>5} {'pred':>5} {'TP':>5} {'FP':>5} {'FN':>5}  "
        f"{'P':>6} {'R':>6} {'F1':>6}   {'looseP':>6} {'looseR':>6}"
    )
    print(head, file=out)
    print("-" * len(head), file=out)
    for r in results:
        flag = "" if r["scope"] == "all" else "  (partial)"
        print(
            f"{r['doc']:<{w}}  {r['gold']:>5} {r['pred']:>5} "
            f"{r['tp']:>5} {r['fp']:>5} {r['fn']:>5}  "
            f"{r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}   "
            f"{r['loose']['precision']:>6.3f} {r['loose']['recall']:>6.3f}{flag}",
            file=out,
        )
    print("-" * len(head), file=out)
    t = tot
    print(
        f"{'MICRO':<{w}}  {t['gold']:>5} {t['pred']:>5} {t['tp']:>5} {t['fp']:>5} {t['fn']:>5}  "
        f"{t['precision']:>6.3f} {t['recall']:>6.3f} {t['f1']:>6.3f}   "
        f"{t['loose']['precision']:>6.3f} {t['loose']['recall']:>6.3f}",
        file=out,
    )
    for r in results:
        for prob in r.get("problems", []):
            print(f"! {r['doc']}: {prob}", file=out)
    if show_errors:
        for r in results:
            if not r["false_positives"] and not r["false_negatives"]:
                continue
            print(f"\n== {r['doc']}", file=out)
            for d in r["false_negatives"]:
                print(f"  FN {_fmt_rec(d)}", file=out)
            for d in r["false_positives"]:
                print(f"  FP {_fmt_rec(d)}", file=out)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder (default tests/gold)")
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="recorded corpus folder (default ../shared/corpus from the repo root)",
    )
    ap.add_argument(
        "--cmd",
        default=DEFAULT_CMD,
        help=f"extractor command; FILE --url URL --content-type MIME are appended (default: {DEFAULT_CMD!r})",
    )
    ap.add_argument(
        "--pred-dir",
        type=Path,
        default=None,
        help="read predictions from PRED_DIR/<doc>.jsonl instead of running the extractor",
    )
    ap.add_argument("--doc", action="append", default=[], help="score only this corpus id (repeatable)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per document (default 300)")
    ap.add_argument("--show-errors", action="store_true", help="list false positives and false negatives")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = ap.parse_args(argv)

    try:
        if not args.gold.is_dir():
            raise InputError(f"gold folder not found: {args.gold}")
        files = sorted(args.gold.glob("*.jsonl"))
        if args.doc:
            wanted = set(args.doc)
            files = [f for f in files if f.stem in wanted]
            missing = wanted - {f.stem for f in files}
            if missing:
                raise InputError(f"no gold file for: {', '.join(sorted(missing))}")
        if not files:
            raise InputError(f"no gold files in {args.gold}")
        golds = [load_gold(f) for f in files]
        manifest: dict[str, dict[str, Any]] = {}
        if args.pred_dir is None:
            corpus = args.corpus.resolve()
            manifest = load_manifest(corpus)
            for g in golds:
                if g.doc not in manifest:
                    raise InputError(f"{g.path}: doc {g.doc!r} is not in {corpus / 'manifest.jsonl'}")
                if not (corpus / manifest[g.doc]["path"]).is_file():
                    raise InputError(f"corpus file missing for {g.doc}: {corpus / manifest[g.doc]['path']}")
        elif not args.pred_dir.is_dir():
            raise InputError(f"--pred-dir not found: {args.pred_dir}")
    except InputError as e:
        print(f"score_gold: error: {e}", file=sys.stderr)
        return 2

    results = []
    for g in golds:
        problems: list[str] = []
        if args.pred_dir is not None:
            pf = args.pred_dir / f"{g.doc}.jsonl"
            if pf.is_file():
                text = pf.read_text(encoding="utf-8")
            else:
                text, problems = "", [f"no prediction file {pf}"]
        else:
            text, problems = run_extractor(args.cmd, manifest[g.doc], args.corpus.resolve(), args.timeout)
        preds, parse_problems = parse_predictions(text)
        res = score_doc(g, preds)
        res["problems"] = problems + parse_problems
        results.append(res)
    tot = totals(results)
    if args.json:
        json.dump({"totals": tot, "documents": results}, sys.stdout, indent=2)
        print()
    else:
        print_table(results, tot, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
