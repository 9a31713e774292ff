"""Time the read commands on databases of about 25k, 250k and 1M records.

    uv run python benchmarks/bench_report.py [--corpus ../shared/corpus] [--base DB]
        [--sizes 25000,250000,1000000] [--repeat 2] [--workdir DIR] [--reuse] [--explain]

The base database is built once by `benchtable refresh --replay CORPUS` (or reused with
`--base`); each larger one is a copy of it grown in SQL (`INSERT ... SELECT`, no
re-extraction): every source repeated under a new id (`<id>~<k>`) with new record ids and
varied model ids (`<model>-r<k>`, so the model vocabulary grows with the database). Then,
as a refresh would, the controlled-comparison groups are ranked once into the database.

Every command runs as its own process (`python -m benchtable`) under `/usr/bin/time`, so
each figure is the wall-clock time, the CPU time (user + system, all threads) and the peak
resident memory of one run, imports
included (with bytecode compiled once by an untimed warm-up run, as an installed package
has it, even when PYTHONDONTWRITEBYTECODE is set); the best of `--repeat` runs is printed, then the ratio of the largest size to the
smallest. Targets (issue 13): `report` on 1M records under 2 s and 500 MB, and 1M / 25k
under 3. The machine's load shows in the figures: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import math
import os
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
            "INSERT INTO sources SELECT s.* REPLACE (source_id || '~' || k AS source_id, "
            "CASE WHEN model IS NULL THEN NULL ELSE model || '-r' || k END AS model) "
            "FROM (SELECT * FROM sources WHERE source_id NOT LIKE '%~%') s, k"
        )
        con.execute(
            "INSERT INTO source_versions SELECT s.* REPLACE (source_id || '~' || k AS source_id) "
            "FROM (SELECT * FROM source_versions WHERE source_id NOT LIKE '%~%') s, k"
        )
        con.execute(
            "INSERT INTO records SELECT s.* REPLACE (md5(record_id || '~' || k) AS record_id, "
            "source_id || '~' || k AS source_id, model || '-r' || k AS model, "
            "md5(value_key || '~' || k) AS value_key) "
            "FROM (SELECT * FROM records WHERE source_id NOT LIKE '%~%') s, k"
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


def run(args: list[str], db: Path, work: Path) -> tuple[float, float, float]:
    """(wall-clock seconds, CPU seconds, peak MB) of one `benchtable` process."""
    stats = work / "time.txt"
    cmd = [
        TIME,
        "-f",
        "%e %U %S %M",
        "-o",
        str(stats),
        sys.executable,
        "-m",
        "benchtable",
        "--db",
        str(db),
        *args,
    ]
    done = subprocess.run(
        cmd, cwd=ROOT, env=_env(work), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} on {db} failed: {done.stderr.strip().splitlines()[-1:]}")
    seconds, user, system, kb = stats.read_text().split()[-4:]
    return float(seconds), float(user) + float(system), int(kb) / 1024


def explain(path: Path) -> None:
    """EXPLAIN ANALYZE of the queries a report runs, on the largest database."""
    from benchtable.db.store import RECORD_COLUMNS, Database
    from benchtable.reports.candidates import config_benchmarks, config_models
    from benchtable.reports.config import load_report_config

    config = load_report_config(None)
    queries = {
        "candidate records (report, cell)": (
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM current_records WHERE model IN "
            "(SELECT unnest(?::VARCHAR[])) AND benchmark IN (SELECT unnest(?::VARCHAR[])) AND bound IS NULL "
            "ORDER BY source_id, page, line, table_index, row_index, column_index, record_id",
            [config_models(config), config_benchmarks(config)],
        ),
        "stored comparison groups (report)": (
            "SELECT factor, source_id, grp, list_has_any(models, ?::VARCHAR[]), shared, members "
            "FROM comparison_groups",
            [config_models(config)],
        ),
    }
    with Database(path, read_only=True) as db:
        for name, (sql, params) in queries.items():
            plan = db.con.execute("EXPLAIN ANALYZE " + sql, params).fetchall()[0][1]
            print(f"\nEXPLAIN ANALYZE {name}:\n{plan}")


def _env(work: Path) -> dict[str, str]:
    """As an installed benchtable runs: with compiled bytecode (kept under WORK, not in the
    repository), even where the environment turns bytecode caching off."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def commands(work: Path) -> dict[str, list[str]]:
    from benchtable.reports.config import load_report_config

    config = load_report_config(None)
    row, col = config.rows[0].id, config.columns[0].id
    return {
        "startup (--help)": ["--help"],
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
    parser.add_argument("--reuse", action="store_true", help="keep databases grown by an earlier run")
    parser.add_argument("--explain", action="store_true", help="print the plans of the report's queries")
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
    for args in commands(work).values():  # warm-up: compile the bytecode once, untimed
        run(args, base, work)
    results: dict[int, dict[str, tuple[float, float, float]]] = {}
    for wanted in (int(s) for s in opts.sizes.split(",")):
        copies = max(0, math.ceil(wanted / base_n) - 1)
        path = work / f"records_{wanted}.duckdb"
        if opts.reuse and path.exists():
            with duckdb.connect(str(path), read_only=True) as con:
                row = con.execute("SELECT count(*) FROM current_records").fetchone()
            n = int(row[0]) if row else 0
            print(f"\n{n:,} records ({copies} copies, reused from an earlier run)")
        else:
            start = time.perf_counter()
            n = grow(base, path, copies)
            grown = time.perf_counter() - start
            ranked = rank_groups(path)
            print(
                f"\n{n:,} records ({copies} copies): grown in {grown:.1f} s, groups ranked in {ranked:.1f} s"
            )
        results[n] = {}
        for name, args in commands(work).items():
            best = min((run(args, path, work) for _ in range(opts.repeat)), key=lambda r: r[0])
            results[n][name] = best
            print(f"  {name:<36} {best[0]:6.2f} s wall {best[1]:6.2f} s CPU {best[2]:7.1f} MB peak")
    small, large = min(results), max(results)
    print(f"\nratio {large:,} / {small:,} records (wall, CPU, peak memory):")
    for name in results[small]:
        (ts, cs, ms), (tl, cl, ml) = results[small][name], results[large][name]
        print(f"  {name:<36} {tl / ts:5.2f}x  {cl / cs:5.2f}x  {ml / ms:5.2f}x")
    if opts.explain:
        explain(work / f"records_{max(int(s) for s in opts.sizes.split(','))}.duckdb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
