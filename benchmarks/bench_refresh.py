"""Time a cold and a warm refresh of every registered source from the recorded corpus.

    uv run python benchmarks/bench_refresh.py [--corpus ../shared/corpus] [--jobs N]

In one run, against a fresh temporary database: the cold refresh (empty database: every
document fetched from the replay transport, extracted and stored) and the warm refresh
(nothing changed: the replay transport answers the conditional requests with 304, so no
document is read, hashed or extracted). Prints both times and the ratio; exits 1 when the
warm refresh is not at least 10x faster than the cold one. Times are wall-clock and
include the database writes; the replay transport costs no network time, so the ratio
measures what benchtable itself saves on an unchanged document.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchtable.db.store import Database
from benchtable.scrapers.blobstore import BlobStore
from benchtable.scrapers.fetch import make_client
from benchtable.scrapers.refresh import RefreshOptions, RefreshSummary, refresh
from benchtable.scrapers.replay import ReplayTransport
from benchtable.scrapers.sources import load_sources

REQUIRED_RATIO = 10.0


def timed_refresh(db_path: Path, blobs: Path, corpus: Path, jobs: int | None) -> tuple[float, RefreshSummary]:
    sources = load_sources()
    start = time.perf_counter()
    with Database(db_path) as db, make_client(ReplayTransport(corpus)) as client:
        summary = refresh(
            db, BlobStore(blobs), client, sources, mode="replay", options=RefreshOptions(jobs=jobs)
        )
    return time.perf_counter() - start, summary


def describe(summary: RefreshSummary) -> str:
    counts = ", ".join(f"{summary.count(k)} {k}" for k in ("new", "changed", "unchanged", "failed"))
    return f"{counts}; {sum(o.n_records for o in summary.outcomes)} records extracted"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    parser.add_argument("--jobs", type=int, default=None, help="extraction processes (default: one per CPU)")
    args = parser.parse_args()
    if not (args.corpus / "manifest.jsonl").exists():
        print(f"{args.corpus}: no recorded corpus (manifest.jsonl)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db, blobs = Path(tmp) / "bench.duckdb", Path(tmp) / "blobs"
        cold, cold_summary = timed_refresh(db, blobs, args.corpus, args.jobs)
        print(f"cold refresh: {cold:8.2f} s  ({describe(cold_summary)})")
        warm, warm_summary = timed_refresh(db, blobs, args.corpus, args.jobs)
        print(f"warm refresh: {warm:8.2f} s  ({describe(warm_summary)})")
    ratio = cold / warm if warm > 0 else float("inf")
    print(f"ratio cold/warm: {ratio:.1f}x (required: >= {REQUIRED_RATIO:g}x)")
    if warm_summary.count("unchanged") != len(warm_summary.outcomes):
        print("warm refresh re-read some documents", file=sys.stderr)
        return 1
    return 0 if ratio >= REQUIRED_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
