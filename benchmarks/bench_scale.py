"""Extraction time against table size: generated score tables at 1k, 10k and 100k rows.

    uv run python benchmarks/bench_scale.py [--sizes 1000 10000 100000] [--formats md html csv]

Generates realistic leaderboard tables (model names with sizes and quantizations, a
release date and a parameters column, several benchmark columns) as Markdown pipe tables,
HTML tables in Markdown and CSV, extracts each once in this process and prints the
time, the records found and the ratio of each size's time to the previous size's. Table
interpretation must grow linearly: 10x the rows may cost at most 12x the time
(target: 100k/10k <= 12). Ratios use the process's CPU time, which other processes on a
shared machine do not inflate; the wall-clock time is printed beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Callable, Iterator

from benchtable.extract import DocumentInput, extract_document

_FAMILIES = [
    ("Llama-2", ["7B", "13B", "70B"]),
    ("Qwen1.5", ["0.5B", "1.8B", "4B", "7B", "14B", "72B"]),
    ("Mistral", ["7B"]),
    ("Mixtral", ["8x7B", "8x22B"]),
    ("Yi", ["6B", "34B"]),
    ("gemma", ["2b", "7b"]),
    ("falcon", ["7b", "40b", "180B"]),
]
_VARIANTS = ["", "-Chat", "-Instruct", "-v0.1", "-chat-hf"]
_QUANTS = ["", " GPTQ 4-bit", " AWQ", "-GPTQ-Int4", "-Int8", " q4_0", " Q4_K_M", " BF16", " EXL2 4.0bpw"]
HEADER = [
    "Model",
    "Params",
    "Quantization",
    "Release date",
    "MMLU",
    "GSM8K",
    "HumanEval",
    "HellaSwag",
    "ARC-C",
]


def score_rows(n: int, seed: int = 15) -> list[list[str]]:
    """`n` leaderboard rows: every model name distinct (a fine-tune number), scores in range."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for i in range(n):
        family, sizes = _FAMILIES[i % len(_FAMILIES)]
        size = sizes[(i // len(_FAMILIES)) % len(sizes)]
        variant = _VARIANTS[(i // 7) % len(_VARIANTS)]
        quant = _QUANTS[(i // 3) % len(_QUANTS)]
        name = f"{family}-{size}{variant}-ft{i}{quant}"
        params = size.upper().replace("X", "x")
        date = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        scores = [f"{rng.uniform(20, 90):.1f}" for _ in HEADER[4:]]
        method = quant.strip(" -").split()[0] if quant else "FP16"
        rows.append([name, params, method, date, *scores])
    return rows


def markdown_document(rows: list[list[str]]) -> bytes:
    lines = ["# Leaderboard", "", "Scores are 5-shot unless noted.", ""]
    lines.append("| " + " | ".join(HEADER) + " |")
    lines.append("|" + "---|" * len(HEADER))
    lines.extend("| " + " | ".join(r) + " |" for r in rows)
    return ("\n".join(lines) + "\n").encode()


def html_document(rows: list[list[str]]) -> bytes:
    lines = ["# Leaderboard", "", "<table>", "<thead>"]
    lines.append("<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>")
    lines.append("</thead>")
    lines.append("<tbody>")
    lines.extend("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    lines += ["</tbody>", "</table>", ""]
    return "\n".join(lines).encode()


def csv_document(rows: list[list[str]]) -> bytes:
    out = [",".join(HEADER)]
    out.extend(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows)
    return ("\n".join(out) + "\n").encode()


FORMATS: dict[str, tuple[str, Callable[[list[list[str]]], bytes]]] = {
    "md": ("text/markdown", markdown_document),
    "html": ("text/markdown", html_document),
    "csv": ("text/csv", csv_document),
}


def documents(fmt: str, sizes: list[int]) -> Iterator[tuple[int, DocumentInput]]:
    ctype, render = FORMATS[fmt]
    for n in sizes:
        data = render(score_rows(n))
        url = f"https://example.org/leaderboard-{n}.{fmt}"
        yield n, DocumentInput(data, ctype, url, hashlib.sha256(data).hexdigest(), f"bench-{fmt}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--formats", nargs="+", choices=sorted(FORMATS), default=["md", "html", "csv"])
    args = ap.parse_args()
    print(f"{'format':6} {'rows':>8} {'bytes':>11} {'records':>8} {'cpu s':>8} {'wall s':>8} {'ratio':>7}")
    worst = 0.0
    for fmt in args.formats:
        for _, warm in documents(fmt, [10]):
            extract_document(warm)  # vocabularies loaded, patterns compiled: not part of the first size
        previous: tuple[int, float] | None = None
        for n, doc in documents(fmt, args.sizes):
            start, wall_start = time.process_time(), time.perf_counter()
            records = extract_document(doc)
            elapsed, wall = time.process_time() - start, time.perf_counter() - wall_start
            ratio = ""
            if previous is not None:
                growth = elapsed / previous[1] if previous[1] else float("inf")
                ratio = f"{growth:.1f}x"
                if n // previous[0] == 10:
                    worst = max(worst, growth)
            print(
                f"{fmt:6} {n:>8} {len(doc.data):>11,} {len(records):>8} {elapsed:>8.2f} {wall:>8.2f} {ratio:>7}"
            )
            previous = (n, elapsed)
    if worst:
        verdict = "ok" if worst <= 12 else "TOO SLOW"
        print(f"worst growth for 10x the rows: {worst:.1f}x (target <= 12): {verdict}")


if __name__ == "__main__":
    main()
