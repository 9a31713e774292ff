"""Table interpretation costs time linear in the rows (issue 15, item 4).

A 1,717-row leaderboard made 2.9 million `is_date` calls: the label-column scan ran once
per row over every row. These tests count the work (calls, line reads) for a table and
for one twice its size; twice the rows may cost at most a little over twice the work.
No timings: `benchmarks/bench_scale.py` measures those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract import columns as columns_module
from benchtable.extract.readers.markdown import Layout, read_pipe_tables, scan_markdown

HEADER = "| Model | Params | Quantization | Release date | MMLU | ToyBench (unknown) |"


def _row(i: int) -> str:
    size = ("7B", "13B", "70B")[i % 3]
    quant = ("FP16", "GPTQ 4-bit", "q4_0")[i % 3]
    return f"| Llama-2-{size}-ft{i} | {size} | {quant} | 2024-0{1 + i % 9}-1{i % 10} | {40 + i % 50}.1 | {20 + i % 60}.5 |"


def leaderboard(rows: int) -> DocumentInput:
    lines = ["# Leaderboard", "", HEADER, "|---|---|---|---|---|---|", *(_row(i) for i in range(rows))]
    data = ("\n".join(lines) + "\n").encode()
    return DocumentInput(data, "text/markdown", "https://example.org/lb.md", hashlib.sha256(data).hexdigest())


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls = [0]
    original: Callable[..., Any] = getattr(columns_module, name)

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return original(*args)

    monkeypatch.setattr(columns_module, name, counted)
    return calls


@pytest.mark.parametrize("function", ["is_date", "parse_cell"])
def test_label_column_scan_is_not_repeated_for_every_row(
    monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    calls = _counting(monkeypatch, function)
    counts = []
    for rows in (150, 300):
        calls[0] = 0
        records = extract_document(leaderboard(rows))
        assert len(records) == 2 * rows
        counts.append(calls[0])
    assert counts[1] <= 2.2 * counts[0], counts


class _CountingLines(list[str]):
    reads = 0

    def __getitem__(self, index: Any) -> Any:
        _CountingLines.reads += 1
        return super().__getitem__(index)


def _many_tables(tables: int) -> Layout:
    lines = ["# Results", "", "Everything below is 5-shot.", ""]
    for i in range(tables):
        lines += [HEADER, "|---|---|---|---|---|---|", _row(i), _row(i + 1), ""]
    layout = scan_markdown("\n".join(lines))
    layout.lines = _CountingLines(layout.lines)
    return layout


def test_section_prose_is_not_rescanned_for_every_table_of_a_long_section() -> None:
    reads = []
    for tables in (100, 200):
        layout = _many_tables(tables)
        _CountingLines.reads = 0
        found = read_pipe_tables(layout)
        assert len(found) == tables
        assert all(t.section == "Everything below is 5-shot." for t in found)
        reads.append(_CountingLines.reads)
    assert reads[1] <= 2.2 * reads[0], reads
