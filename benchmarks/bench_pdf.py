"""Time the PDF table reader against a bare pdfplumber read of the corpus papers.

    uv run python benchmarks/bench_pdf.py [--corpus ../shared/corpus] [--workers 2] [--exclude ID ...]

For each `paper_pdf` document of the corpus manifest it prints, measured in the same
run: the time of `page.extract_text()` over every page (the bare read), the time of the
whole extraction (`extract_document`: tables read and interpreted into records) on the
same bytes (one process), the number of tables and records found and the ratio. The total line adds `read_many` over all papers with `--workers` processes, the
way a refresh reads them.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import pdfplumber

from benchtable.extract import extract_document
from benchtable.extract.readers.pdf import read_many
from benchtable.extract.registry import DocumentInput


def bare_read(data: bytes) -> int:
    n = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            page.close()
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = Path(__file__).resolve().parent.parent
    ap.add_argument("--corpus", type=Path, default=root.parent / "shared" / "corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--exclude", nargs="*", default=[], metavar="ID", help="corpus ids left out (blind documents)"
    )
    args = ap.parse_args(argv)
    manifest = args.corpus / "manifest.jsonl"
    if not manifest.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    docs = [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]
    papers = [d for d in docs if d.get("source_kind") == "paper_pdf" and d["id"] not in args.exclude]
    print(f"{'document':32} {'pages':>5} {'bare s':>8} {'ours s':>8} {'ratio':>6} {'records':>7}")
    tb = to = 0.0
    nrecords = 0
    for d in papers:
        path = args.corpus / d["path"]
        data = path.read_bytes()
        t0 = time.perf_counter()
        bare_read(data)
        t1 = time.perf_counter()
        doc = DocumentInput(data, "application/pdf", d["url"], d["sha256"], source_id=d["id"])
        records = extract_document(doc)
        t2 = time.perf_counter()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        b, o = t1 - t0, t2 - t1
        tb += b
        to += o
        nrecords += len(records)
        print(f"{d['id']:32} {pages:5d} {b:8.2f} {o:8.2f} {o / b:6.2f} {len(records):7d}")
    print(f"{'total (1 process)':32} {'':5} {tb:8.2f} {to:8.2f} {to / tb:6.2f} {nrecords:7d}")
    t0 = time.perf_counter()
    results = read_many([args.corpus / d["path"] for d in papers], workers=args.workers)
    tp = time.perf_counter() - t0
    n = sum(len(r) for r in results if isinstance(r, list))
    label = f"total read_many ({args.workers} procs)"
    print(f"{label:32} {'':5} {tb:8.2f} {tp:8.2f} {tp / tb:6.2f} {n:5d} tables")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
