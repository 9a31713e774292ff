"""Extraction speed over every text document of the recorded corpus (no PDFs), on one core.

    uv run python benchmarks/bench_extract.py [--corpus ../shared/corpus] [--repeat 3] [--exclude ID ...]

Prints per-format totals, the whole time (best of --repeat) and throughput. Target: under 5 s.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchtable.extract import DocumentInput, extract_document
from benchtable.schema.records import Source
from benchtable.scrapers.sources import load_sources, source_for_url

ROOT = Path(__file__).resolve().parents[1]


def _registered_hints(sources: list[Source], url: str) -> dict[str, Any]:
    """The hints of the source registered for `url` (layouts of data files), as refresh gives them."""
    source = source_for_url(sources, url)
    return source.hints.as_mapping() if source is not None else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--exclude", nargs="*", default=[], metavar="ID", help="corpus ids left out (blind documents)"
    )
    args = ap.parse_args()
    entries = [json.loads(x) for x in (args.corpus / "manifest.jsonl").read_text().splitlines() if x]
    sources = load_sources()
    docs = [
        (
            e["content_type"],
            DocumentInput(
                (args.corpus / e["path"]).read_bytes(),
                e["content_type"],
                e["url"],
                e["sha256"],
                e["id"],
                hints=_registered_hints(sources, e["url"]),
            ),
        )
        for e in entries
        if e["content_type"] != "application/pdf" and e["id"] not in args.exclude
    ]
    total_bytes = sum(len(d.data) for _, d in docs)
    best = float("inf")
    first = first_cpu = 0.0
    per_type: dict[str, float] = defaultdict(float)
    records = 0
    for run in range(args.repeat):
        per_run: dict[str, float] = defaultdict(float)
        records = 0
        start, start_cpu = time.perf_counter(), time.process_time()
        for ctype, doc in docs:
            t0 = time.perf_counter()
            records += len(extract_document(doc))
            per_run[ctype] += time.perf_counter() - t0
        elapsed = time.perf_counter() - start
        if run == 0:
            first, first_cpu = elapsed, time.process_time() - start_cpu
        if elapsed < best:
            best, per_type = elapsed, per_run
    for ctype, seconds in sorted(per_type.items(), key=lambda kv: -kv[1]):
        n = sum(1 for c, _ in docs if c == ctype)
        print(f"{ctype:20} {n:3} docs  {seconds:6.2f} s")
    print(f"all text documents: {len(docs)} docs, {total_bytes / 1e6:.2f} MB, {records} records")
    print(f"first run (cold label caches): {first:.2f} s  ->  {len(docs) / first:.1f} docs/s")
    print(f"best of {args.repeat} (warm caches): {best:.2f} s  ->  {total_bytes / 1e6 / best:.2f} MB/s")
    print(f"first run CPU time of this process (what one core spent, whatever the load): {first_cpu:.2f} s")
    print(
        f"target < 5 s on the first run: wall {'met' if first < 5 else 'NOT met'}, CPU {'met' if first_cpu < 5 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
