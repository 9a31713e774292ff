"""Time the read commands on databases of about 25k, 250k and 1M records.

    uv run python benchmarks/bench_report.py [--corpus ../shared/corpus] [--base DB]
        [--sizes 25000,250000,1000000] [--repeat 2] [--workdir DIR]

The base database is built once by `benchtable refresh --replay CORPUS` (or reused with
`--base`); each larger one is a copy of it grown in SQL (`INSERT ... SELECT`, no
re-extraction): every source repeated under a new id (`<id>~<k>`) with new record ids and
varied model ids (`<model>-r<k>`, so the model vocabulary grows with the database). Then,
as a refresh would, the controlled-comparison groups are ranked once into the database.

Every command runs as its own process (`python -m benchtable`) under `/usr/bin/time`, so
each figure is the wall-clock time and the peak resident memory of one run, imports
included; the best of `--repeat` runs is printed, then the ratio of the largest size to the
smallest. Targets (issue 13): `report` on 1M records under 2 s and 500 MB, and 1M / 25k
under 3. The machine's load shows in the figures: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
TIME = "/usr/bin/time"


def build_base(corpus: Path, path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "benchtable",
        "--quiet",
        "--db",
        str(path),
        "refresh",
        "--replay",
        str(corpus),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)


def grow(base: Path, path: Path, copies: int) -> int:
    """A copy of `base` with every source repeated `copies` more times; returns the record count."""
    shutil.copy(base, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN")
        con.execute("CREATE TEMP TABLE k AS SELECT range AS k FROM range(1, ? + 1)", [copies])
        con.execute(
            "INSERT INTO sources SELECT * REPLACE (source_id || '~' || k AS source_id, "
            "CASE WHEN model IS NULL THEN NULL ELSE model || '-r' || k END AS model) "
            "FROM (SELECT * FROM sources WHERE source_id NOT LIKE '%~%'), k"
        )
        con.execute(
            "INSERT INTO source_versions SELECT * REPLACE (source_id || '~' || k AS source_id) "
            "FROM (SELECT * FROM source_versions WHERE source_id NOT LIKE '%~%'), k"
        )
        con.execute(
            "INSERT INTO records SELECT * REPLACE (md5(record_id || '~' || k) AS record_id, "
            "source_id || '~' || k AS source_id, model || '-r' || k AS model, "
            "md5(value_key || '~' || k) AS value_key) "
            "FROM (SELECT * FROM records WHERE source_id NOT LIKE '%~%'), k"
        )
        con.execute("COMMIT")
        row = con.execute("SELECT count(*) FROM current_records").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def rank_groups(path: Path) -> float:
    """What `refresh` does after storing: rank every comparison group (timed)."""
    from benchtable.db.store import Database
    from benchtable.reports.comparison_groups import store_comparison_groups
    from benchtable.reports.sources import source_meta

    start = time.perf_counter()
    with Database(path) as db:
        store_comparison_groups(db, source_meta(db))
    return time.perf_counter() - start


def run(args: list[str], db: Path, work: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one `benchtable` process."""
    stats = work / "time.txt"
    cmd = [TIME, "-f", "%e %M", "-o", str(stats), sys.executable, "-m", "benchtable", "--db", str(db), *args]
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} on {db} failed: {done.stderr.strip().splitlines()[-1:]}")
    seconds, kb = stats.read_text().split()[-2:]
    return float(seconds), int(kb) / 1024


def commands(work: Path) -> dict[str, list[str]]:
    from benchtable.reports.config import load_report_config

    config = load_report_config(None)
    row, col = config.rows[0].id, config.columns[0].id
    return {
        "report md": ["report", "--format", "md"],
        "report json": ["report", "--format", "json"],
        f"cell {row} {col}": ["cell", row, col],
        "models": ["models", "--format", "json"],
        "benchmarks": ["benchmarks", "--format", "json"],
        "changes --since all": ["changes", "--since", "all"],
        "export parquet": ["export", "-o", str(work / "export.parquet")],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--base", type=Path, help="a database built by `refresh --replay` (default: build one)"
    )
    parser.add_argument("--sizes", default="25000,250000,1000000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    opts = parser.parse_args()
    work = opts.workdir or Path(tempfile.mkdtemp(prefix="bench_report_"))
    work.mkdir(parents=True, exist_ok=True)
    base = opts.base or work / "base.duckdb"
    if not base.exists():
        start = time.perf_counter()
        build_base(opts.corpus, base)
        print(f"base database built by refresh --replay in {time.perf_counter() - start:.1f} s")
    with duckdb.connect(str(base), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM current_records").fetchone()
        base_n = int(row[0]) if row else 0
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for wanted in (int(s) for s in opts.sizes.split(",")):
        copies = max(0, math.ceil(wanted / base_n) - 1)
        path = work / f"records_{wanted}.duckdb"
        start = time.perf_counter()
        n = grow(base, path, copies)
        grown = time.perf_counter() - start
        ranked = rank_groups(path)
        print(f"\n{n:,} records ({copies} copies): grown in {grown:.1f} s, groups ranked in {ranked:.1f} s")
        results[n] = {}
        for name, args in commands(work).items():
            best = min((run(args, path, work) for _ in range(opts.repeat)), key=lambda r: r[0])
            results[n][name] = best
            print(f"  {name:<32} {best[0]:6.2f} s  {best[1]:7.1f} MB")
    small, large = min(results), max(results)
    print(f"\nratio {large:,} / {small:,} records (time, peak memory):")
    for name in results[small]:
        (ts, ms), (tl, ml) = results[small][name], results[large][name]
        print(f"  {name:<32} {tl / ts:5.2f}x  {ml / ms:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
