"""reStructuredText tables and console tables in Markdown code fences (extract/readers/rst.py, console.py).

Unit tests run on hand-written snippets and pin exact cells, header rows and 1-based lines;
the corpus tests (skipped without ../shared/corpus) pin the tables and records of
qwen2.5-speed-benchmark-rst and arena-hard-past-leaderboards against tests/gold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchtable.extract import extract_document, read_tables
from benchtable.extract.passes import apply_passes
from benchtable.extract.readers.console import read_console_tables
from benchtable.extract.readers.markdown import scan_markdown
from benchtable.extract.readers.rst import read_rst_tables, scan_rst
from benchtable.extract.registry import DocumentInput, for_content_type
from benchtable.extract.table import Table
from benchtable.schema.records import ScoreRecord
from tests.conftest import ROOT, corpus_manifest

GOLD = ROOT / "tests" / "gold"


def rst(text: str) -> list[Table]:
    """The reST tables of `text` as `read_tables` gives them (after the table passes)."""
    return [apply_passes(t) for t in read_rst_tables(scan_rst(text))]


def console(text: str) -> list[Table]:
    """The console tables of `text` as `read_tables` gives them (after the table passes)."""
    return [apply_passes(t) for t in read_console_tables(scan_markdown(text))]


def grid(table: Table) -> list[list[tuple[str, int | None, bool]]]:
    """(text, line, spanned) of every cell."""
    return [[(c.text, c.line, c.spanned) for c in row] for row in table.rows]


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def doc(text: str, content_type: str, url: str = "https://example.org/doc") -> DocumentInput:
    return DocumentInput(text.encode(), content_type, url, "0" * 64)


# --------------------------------------------------------------------------- reST

GRID = """\
Results
=======

Scores (5-shot) of the two models.

.. table:: MMLU and GSM8K

   +---------+-----------------+
   | Model   | Benchmarks      |
   |         +--------+--------+
   |         | MMLU   | GSM8K  |
   +=========+========+========+
   | Foo-7B  | 45.1   | 12.0   |
   +         +--------+--------+
   |  chat   | 46.0   | 13.5   |
   +---------+--------+--------+
   | Bar-13B | **50.2**        |
   +---------+-----------------+
"""


def test_grid_table_with_row_and_column_spans() -> None:
    (t,) = rst(GRID)
    assert grid(t) == [
        [("Model", 9, False), ("Benchmarks", 9, False), ("Benchmarks", 9, True)],
        [("Model", 9, True), ("MMLU", 11, False), ("GSM8K", 11, False)],
        # a cell spanning rows: its text is its lines joined, its line the first with text
        [("Foo-7B chat", 13, False), ("45.1", 13, False), ("12.0", 13, False)],
        [("Foo-7B chat", 13, True), ("46.0", 15, False), ("13.5", 15, False)],
        [("Bar-13B", 17, False), ("50.2", 17, False), ("50.2", 17, True)],
    ]
    assert t.header_rows == 2
    assert (t.line, t.heading, t.caption) == (8, "Results", "MMLU and GSM8K")
    assert t.context == "Scores (5-shot) of the two models."
    bold = t.rows[4][1]
    assert bold.raw == "**50.2**" and bold.emphasis
    assert t.rows[2][0].raw == "Foo-7B chat"


SPEED = """\
Speed
-----

-  7B (Transformer)

+--------------+--------------+-----------------+----------------+
| Model        | Quantization | Speed(tokens/s) | GPU Memory(GB) |
+==============+==============+=================+================+
| Foo-7B-Chat  | BF16         | 40.38           | 14.38          |
+              +--------------+-----------------+----------------+
|              | GPTQ-Int4    | 43.12           | 5.90           |
+--------------+--------------+-----------------+----------------+
| Foo-14B-Chat | BF16         | 24.74           | 28.08          |
+--------------+--------------+-----------------+----------------+
|              | AWQ          | 33.10           | 10.20          |
+--------------+--------------+-----------------+----------------+
"""


def test_grid_row_groups_are_carried_down() -> None:
    (t,) = rst(SPEED)
    assert grid(t) == [
        [
            ("Model", 7, False),
            ("Quantization", 7, False),
            ("Speed(tokens/s)", 7, False),
            ("GPU Memory(GB)", 7, False),
        ],
        [("Foo-7B-Chat", 9, False), ("BF16", 9, False), ("40.38", 9, False), ("14.38", 9, False)],
        # a real row span (the `+   +` border keeps the cell open)
        [("Foo-7B-Chat", 9, True), ("GPTQ-Int4", 11, False), ("43.12", 11, False), ("5.90", 11, False)],
        [("Foo-14B-Chat", 13, False), ("BF16", 13, False), ("24.74", 13, False), ("28.08", 13, False)],
        # a blank leading cell under a closed border continues the row above as well
        [("Foo-14B-Chat", 13, True), ("AWQ", 15, False), ("33.10", 15, False), ("10.20", 15, False)],
    ]
    assert (t.header_rows, t.heading, t.context) == (1, "Speed", "- 7B (Transformer)")


def test_grid_speed_table_records() -> None:
    records = extract_document(doc(SPEED, "text/x-rst"))
    got = {
        (
            r.model,
            r.configuration.precision,
            r.configuration.quant_method,
            r.configuration.bits,
            r.benchmark,
            r.value,
            r.citation.locator.line,
        )
        for r in records
    }
    assert got == {
        ("foo-7b-chat", "bf16", None, None, "decode_speed", 40.38, 9),
        ("foo-7b-chat", "bf16", None, None, "gpu_memory", 14.38, 9),
        ("foo-7b-chat", None, "gptq", 4.0, "decode_speed", 43.12, 11),
        ("foo-7b-chat", None, "gptq", 4.0, "gpu_memory", 5.90, 11),
        ("foo-14b-chat", "bf16", None, None, "decode_speed", 24.74, 13),
        ("foo-14b-chat", "bf16", None, None, "gpu_memory", 28.08, 13),
        ("foo-14b-chat", None, "awq", None, "decode_speed", 33.10, 15),
        ("foo-14b-chat", None, "awq", None, "gpu_memory", 10.20, 15),
    }


SIMPLE = """\
Evaluation
----------

Zero-shot accuracy.

=======  ======  ======  =====
Model    Notes     Benchmarks
-------  ------  -------------
\\        \\       MMLU    ARC-C
=======  ======  ======  =====
A-7B     base    45.3    40.1
         model
B-13B    chat    55.0    --
=======  ======  ======  =====
"""


def test_simple_table_with_spanning_header_and_continuation_line() -> None:
    (t,) = rst(SIMPLE)
    assert grid(t) == [
        [("Model", 7, False), ("Notes", 7, False), ("Benchmarks", 7, False), ("Benchmarks", 7, True)],
        [("", 9, False), ("", 9, False), ("MMLU", 9, False), ("ARC-C", 9, False)],
        [("A-7B", 11, False), ("base model", 11, False), ("45.3", 11, False), ("40.1", 11, False)],
        [("B-13B", 13, False), ("chat", 13, False), ("55.0", 13, False), ("--", 13, False)],
    ]
    assert t.rows[1][0].raw == "\\"
    assert (t.header_rows, t.line, t.heading, t.context) == (2, 6, "Evaluation", "Zero-shot accuracy.")


def test_simple_table_without_header_rule() -> None:
    text = "Intro.\n\n=====  =====\nA-7B   45.3\nB-13B  55.0\n=====  =====\n"
    (t,) = rst(text)
    assert texts(t) == [["A-7B", "45.3"], ["B-13B", "55.0"]]
    assert t.header_rows == 0  # no header rule and a numeric first row: no header


LIST_TABLE = """\
Results
~~~~~~~

.. list-table:: Zero-shot HellaSwag
   :header-rows: 1
   :widths: 20 10

   * - Model
     - HellaSwag
   * - Foo-7B
     - 76.1
   * - Bar-13B
     - **79.2**
"""


def test_list_table() -> None:
    (t,) = rst(LIST_TABLE)
    assert grid(t) == [
        [("Model", 8, False), ("HellaSwag", 9, False)],
        [("Foo-7B", 10, False), ("76.1", 11, False)],
        [("Bar-13B", 12, False), ("79.2", 13, False)],
    ]
    assert (t.header_rows, t.caption, t.heading, t.line) == (1, "Zero-shot HellaSwag", "Results", 4)
    assert t.rows[2][1].raw == "**79.2**" and t.rows[2][1].emphasis


def test_section_titles_with_overline_and_nesting() -> None:
    text = (
        "=======\nPart A\n=======\n\nSub part\n--------\n\n"
        "=====  =====\nModel  MMLU\n=====  =====\nA-7B   45.3\nB-7B   46.0\n=====  =====\n"
    )
    (t,) = rst(text)
    assert t.heading == "Sub part"
    assert texts(t) == [["Model", "MMLU"], ["A-7B", "45.3"], ["B-7B", "46.0"]]
    assert t.header_rows == 1


def test_tables_in_literal_blocks_and_comments_are_not_read() -> None:
    table = (
        "   +------+------+\n   | A-7B | 45.3 |\n   +------+------+\n   | B-7B | 46.0 |\n   +------+------+\n"
    )
    text = (
        "Example::\n\n"
        + table
        + "\n.. code-block:: text\n\n"
        + table
        + "\n.. this comment hides a table\n\n"
        + table
    )
    assert rst(text) == []


def test_rst_registered_and_extracted() -> None:
    assert "rst-tables" in {r.name for r in for_content_type("text/x-rst")}
    assert "console-in-markdown" in {r.name for r in for_content_type("text/markdown; charset=utf-8")}
    assert [t.index for t in read_tables(doc(GRID + "\n" + SIMPLE, "text/x-rst"))] == [0, 1]


# --------------------------------------------------------------------------- console tables

KEY_VALUE = """\
# Leaderboard

**Arena-Hard (test)**

```console
model-a   | score: 82.6  | 95% CI: (-1.8, 1.6)  | average #tokens: 662
model-b   | score:  7.1  | 95% CI: (-1.3, 1.2)  | average #tokens: 378
```
"""


def test_console_key_value_rows() -> None:
    (t,) = console(KEY_VALUE)
    assert grid(t) == [
        [("", 6, False), ("score", 6, False)],
        [("model-a", 6, False), ("82.6", 6, False)],
        [("model-b", 7, False), ("7.1", 7, False)],
    ]
    assert t.rows[0][1].raw == "score"
    assert t.header_rows == 1
    assert (t.line, t.heading, t.context) == (6, "Leaderboard", "**Arena-Hard (test)**")
    # the confidence interval and token count are not scores: dropped here, noted
    assert "dropped column '95% CI'" in t.notes
    assert "dropped column 'average #tokens'" in t.notes


ALIGNED = """\
Judged by a model:
```
                Model  Scores (%)         CI (%)
0            alpha-1b        85.9  (-0.8 / +0.9)
1   beta-long-name-7b        79.1  (-1.4 / +1.2)
2               gamma         3.2  (-0.3 / +0.3)
```
"""


def test_console_whitespace_aligned_table() -> None:
    (t,) = console(ALIGNED)
    assert grid(t) == [
        [("Model", 3, False), ("Scores (%)", 3, False)],
        [("alpha-1b", 4, False), ("85.9", 4, False)],
        [("beta-long-name-7b", 5, False), ("79.1", 5, False)],
        [("gamma", 6, False), ("3.2", 6, False)],
    ]
    assert t.header_rows == 1
    assert t.context == "Judged by a model:"
    assert t.notes == ["dropped the row-index column", "dropped column 'CI (%)'"]


def test_console_aligned_table_without_index_keeps_all_columns() -> None:
    text = "```\nModel     MMLU   GSM8K\nA-7B      45.3   10.2\nB-13B     55.0   20.1\n```\n"
    (t,) = console(text)
    assert texts(t) == [["Model", "MMLU", "GSM8K"], ["A-7B", "45.3", "10.2"], ["B-13B", "55.0", "20.1"]]
    assert [c.line for c in t.rows[2]] == [4, 4, 4]


LM_EVAL = """\
### PiQA 1-Shot
```
|Tasks|Version|Metric|Value |   |Stderr|
|-----|------:|------|-----:|---|-----:|
|piqa |      0|acc   |0.8308|±  |0.0087|
|     |       |acc_norm|0.8357|±  |0.0086|
```
"""


def test_console_pipe_table_with_continuation_rows() -> None:
    (t,) = console(LM_EVAL)
    assert grid(t) == [
        [
            ("Tasks", 3, False),
            ("Version", 3, False),
            ("Metric", 3, False),
            ("Value", 3, False),
            ("Stderr", 3, False),
        ],
        [("piqa", 5, False), ("0", 5, False), ("acc", 5, False), ("0.8308", 5, False), ("0.0087", 5, False)],
        [
            ("piqa", 5, True),
            ("0", 5, True),
            ("acc_norm", 6, False),
            ("0.8357", 6, False),
            ("0.0086", 6, False),
        ],
    ]
    assert t.heading == "PiQA 1-Shot"
    assert t.notes == ["dropped the ± column"]


@pytest.mark.parametrize(
    "block",
    [
        # Python, tagged and untagged
        "```python\nfor i in range(10):\n    print(i,  2.5)\nx  =  3\n```\n",
        "```\ndef f(x):\n    return x  *  2.5\ny  =  f(3)\n```\n",
        # shell commands with numbers in aligned columns
        "```\npip install foo==1.2\npython run.py  --shots 5  --limit 100\npython run.py  --shots 0  --limit 200\n```\n",
        # a shell session: a command and its example output
        "```console\n> python show_result.py\nmodel-a   85.9  (-0.8 / +0.9)\nmodel-b   79.1  (-1.4 / +1.2)\n```\n",
        # YAML config
        "```yaml\njudge_model: gpt-4.1\ntemperature: 0.0\nmax_tokens: 32000\n```\n",
        "```\njudge_model: gpt-4.1\ntemperature: 0.0\nmax_tokens: 32000\n```\n",
        # a single data row without a delimiter row is not enough
        "```\n|model|mmlu|\n|a-7b |45.1|\n```\n",
        # a table that is not in a fence belongs to the pipe-table reader
        "Model     MMLU   GSM8K\nA-7B      45.3   10.2\nB-13B     55.0   20.1\n",
        # a fence inside an HTML comment is hidden
        "<!--\n```\nModel     MMLU\nA-7B      45.3\nB-13B     55.0\n```\n-->\n",
    ],
)
def test_code_blocks_are_not_tables(block: str) -> None:
    assert console(block) == []


def test_console_records_need_a_benchmark_header() -> None:
    text = "```\nModel     MMLU   GSM8K\nA-7B      45.3   10.2\nB-13B     55.0   20.1\n```\n"
    got = {
        (r.model, r.benchmark, r.value, r.citation.locator.line)
        for r in extract_document(doc(text, "text/markdown"))
    }
    assert got == {
        ("a-7b", "mmlu", 45.3, 3),
        ("a-7b", "gsm8k", 10.2, 3),
        ("b-13b", "mmlu", 55.0, 4),
        ("b-13b", "gsm8k", 20.1, 4),
    }


# --------------------------------------------------------------------------- corpus


def _fold(text: str) -> str:
    return re.sub(r"[\s\-_./()]+", "", text.lower())


def _corpus_doc(corpus: Path, doc_id: str) -> DocumentInput:
    entry = corpus_manifest(corpus)[doc_id]
    data = (corpus / entry["path"]).read_bytes()
    return DocumentInput(data, entry["content_type"], entry["url"], entry["sha256"], source_id=doc_id)


def _gold(doc_id: str) -> list[dict[str, Any]]:
    lines = (GOLD / f"{doc_id}.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines[1:] if x.strip()]


def _key(
    model: str, config: dict[str, Any], benchmark: str, value: float, line: int | None
) -> tuple[Any, ...]:
    bits = config.get("bits")
    return (
        _fold(model),
        config.get("precision"),
        config.get("quant_method"),
        float(bits) if bits is not None else None,
        (config.get("quant_format") or "").lower() or None,
        benchmark,
        round(value, 6),
        line,
    )


def _record_key(r: ScoreRecord) -> tuple[Any, ...]:
    return _key(r.model, r.configuration.model_dump(), r.benchmark, r.value, r.citation.locator.line)


def _gold_key(g: dict[str, Any]) -> tuple[Any, ...]:
    return _key(g["model"], g, g["benchmark"], g["value"], g["line"])


def test_qwen25_speed_tables(corpus: Path) -> None:
    tables = read_tables(_corpus_doc(corpus, "qwen2.5-speed-benchmark-rst"))
    assert [t.line for t in tables] == [46, 85, 125, 164, 204, 243, 283, 323, 380, 419, 478, 520, 582, 623]
    assert [len(t.rows) - t.header_rows for t in tables] == [
        16,
        16,
        16,
        16,
        16,
        16,
        16,
        24,
        16,
        24,
        16,
        24,
        16,
        27,
    ]
    assert {t.header_rows for t in tables} == {1}
    assert [t.width for t in tables] == [7, 5, 7, 5, 7, 5, 7, 6, 7, 6, 7, 6, 7, 6]
    assert [t.context for t in tables[:4]] == [
        "- 0.5B (Transformer)",
        "- 0.5B (vLLM)",
        "- 1.5B (Transformer)",
        "- 1.5B (vLLM)",
    ]
    assert {t.heading for t in tables} == {"Qwen2.5 Speed Benchmark"}
    first = tables[0]
    assert texts(first)[0] == [
        "Model",
        "Input Length",
        "Quantization",
        "GPU Num",
        "Speed(tokens/s)",
        "GPU Memory(GB)",
        "Note",
    ]
    assert grid(first)[1][:6] == [
        ("Qwen2.5-0.5B-Instruct", 49, False),
        ("1", 49, False),
        ("BF16", 49, False),
        ("1", 49, False),
        ("47.40", 49, False),
        ("0.97", 49, False),
    ]
    # the model spans the 16 body rows, each input length 4 of them
    assert grid(first)[2][:3] == [
        ("Qwen2.5-0.5B-Instruct", 49, True),
        ("1", 49, True),
        ("GPTQ-Int8", 51, False),
    ]
    assert grid(first)[5][:3] == [
        ("Qwen2.5-0.5B-Instruct", 49, True),
        ("6144", 57, False),
        ("BF16", 57, False),
    ]
    assert all(row[0].text for t in tables for row in t.rows)
    # 72B vLLM: the input length has a border under it but is blank below: carried down
    last = tables[-1]
    assert grid(last)[2][:3] == [("Qwen2.5-72B-Instruct", 626, True), ("1", 626, True), ("BF16", 628, False)]
    assert [r[1].text for r in last.rows[1:]] == ["1"] * 6 + ["6144"] * 5 + ["14336"] * 4 + ["30720"] * 4 + [
        "63488"
    ] * 4 + ["129024"] * 4


def test_qwen25_speed_records_match_gold(corpus: Path) -> None:
    records = extract_document(_corpus_doc(corpus, "qwen2.5-speed-benchmark-rst"))
    in_scope = [r for r in records if 44 <= (r.citation.locator.line or 0) <= 200]
    scores = Counter(_record_key(r) for r in in_scope if r.benchmark in {"decode_speed", "gpu_memory"})
    assert scores == Counter(_gold_key(g) for g in _gold("qwen2.5-speed-benchmark-rst"))
    assert scores.total() == 96
    # every table of the document yields speed records, 7B..72B too
    lines = {r.citation.locator.line or 0 for r in records if r.benchmark == "decode_speed"}
    assert {49, 88, 128, 167, 207, 246, 286, 326, 383, 422, 481, 523, 585, 626} <= lines
    assert max(lines) == 678


def test_qwen25_speed_no_non_score_records(corpus: Path) -> None:
    # `Input Length` and `GPU Num` are numeric columns but not scores (headers.is_not_score)
    records = extract_document(_corpus_doc(corpus, "qwen2.5-speed-benchmark-rst"))
    assert {r.benchmark for r in records} == {"decode_speed", "gpu_memory"}


def test_arena_hard_past_leaderboard_tables(corpus: Path) -> None:
    tables = read_tables(_corpus_doc(corpus, "arena-hard-past-leaderboards"))
    assert [(t.line, t.header_rows, len(t.rows), t.width) for t in tables] == [(8, 1, 74, 2), (84, 1, 71, 2)]
    assert [texts(t)[0] for t in tables] == [["", "score"], ["", "score"]]
    assert tables[0].context == "**Arena-Hard-v0.1 (Style Control)**"
    assert tables[1].context == ""
    assert grid(tables[0])[1] == [
        ("Llama-3.3-Nemotron-Super-49B-v1-Feedback-Edit-ITS", 8, False),
        ("88.7", 8, False),
    ]
    assert grid(tables[1])[-1] == [("gemma-2b-it", 153, False), ("3.0", 153, False)]
    # every gold score is the `score` cell of a row standing on the gold line
    cells = {(float(r[1].text), r[1].line) for t in tables for r in t.rows[1:]}
    gold = {(g["value"], g["line"]) for g in _gold("arena-hard-past-leaderboards")}
    assert cells == gold
    assert len(cells) == 143


def test_arena_hard_past_leaderboard_records(corpus: Path) -> None:
    records = extract_document(_corpus_doc(corpus, "arena-hard-past-leaderboards"))
    assert {r.benchmark for r in records} == {"arena_hard"}
    got = Counter(_record_key(r) for r in records)
    assert got == Counter(_gold_key(g) for g in _gold("arena-hard-past-leaderboards"))
    assert got.total() == 143


@pytest.mark.parametrize(
    "block",
    [
        "Model\tMMLU\tGSM8K\nLlama-2-7B\t45.3\t14.6\nLlama-2-13B\t54.8\t28.7\n",
        # tabs padded to line up in an editor: a run of tabs is one separator
        "Model\t\tMMLU\tGSM8K\nLlama-2-7B\t45.3\t14.6\nLlama-2-13B\t54.8\t28.7\n",
    ],
)
def test_tab_separated_console_tables_read_their_columns(block: str) -> None:
    # on main: no records for the first (expanded tabs do not line up), and models named
    # `llama-2-7b-45.3` for the second
    records = extract_document(doc(f"```\n{block}```\n", "text/markdown"))
    assert {(r.model, r.benchmark, r.value) for r in records} == {
        ("llama-2-7b", "mmlu", 45.3),
        ("llama-2-7b", "gsm8k", 14.6),
        ("llama-2-13b", "mmlu", 54.8),
        ("llama-2-13b", "gsm8k", 28.7),
    }
