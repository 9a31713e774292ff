"""A settings grid (issue 11): a measurement table whose rows are one setting's values (batch size)
and whose columns another's (sequence length), for the one model the line above names, is read as
that model's measurements under both settings; without one named model it yields nothing."""

from __future__ import annotations

from benchtable.extract import DocumentInput, extract_document
from benchtable.extract.skips import SkipReason, collecting_skips
from benchtable.schema.records import ScoreRecord

HTML_GRID = """\
### GPU Memory Usage

We profile the peak memory of inference at several batch sizes and sequence lengths.

For Toy-LM 7B, we use one 40GB GPU for inference.

<table><thead><tr><th rowspan="2">Batch Size</th><th colspan="3">Sequence Length</th></tr>\
<tr><th>256</th><th>512</th><th>1024</th></tr></thead><tbody>\
<tr><td>1</td><td>10.10 GB</td><td>10.50 GB</td><td>11.25 GB</td></tr>\
<tr><td>4</td><td>11.40 GB</td><td>12.80 GB</td><td>OOM</td></tr></tbody></table>
"""

MARKDOWN_GRID = """\
## Peak memory

Peak memory usage of Toy-LM 13B (GB):

| Batch size | 1K   | 2K   | 4K   |
| ---------- | ---- | ---- | ---- |
| 1          | 26.1 | 27.0 | 28.9 |
| 8          | 30.2 | 34.7 | 43.5 |
"""


def extract(text: str) -> list[ScoreRecord]:
    doc = DocumentInput(text.encode(), "text/markdown", "https://example.org/readme.md", "0" * 64)
    return extract_document(doc)


def test_a_memory_grid_of_batch_size_by_sequence_length_is_the_named_models_memory() -> None:
    # on main every cell was skipped: "no model is named for the cell"
    records = extract(HTML_GRID)
    assert {(r.model, r.benchmark, r.value) for r in records} == {
        ("toy-lm-7b", "gpu_memory", v) for v in (10.10, 10.50, 11.25, 11.40, 12.80)
    }
    first = next(r for r in records if r.value == 10.10)
    assert first.protocol.context_length == 256
    assert first.protocol.details == "Batch Size 1, Sequence Length 256"
    assert str(first.scale) == "GB"


def test_an_out_of_memory_cell_of_a_grid_is_skipped_with_its_reason() -> None:
    with collecting_skips() as skips:
        extract(HTML_GRID)
    assert [(s.text, s.reason) for s in skips] == [("OOM", SkipReason.NOT_A_NUMBER)]


def test_a_grid_whose_column_headers_are_context_sizes_takes_them_as_context_length() -> None:
    # on main the `1K` ... `4K` cells under `Batch size` rows gave no record
    records = extract(MARKDOWN_GRID)
    assert {(r.model, r.benchmark, r.protocol.context_length, r.value) for r in records} >= {
        ("toy-lm-13b", "gpu_memory", 1024, 26.1),
        ("toy-lm-13b", "gpu_memory", 4096, 43.5),
    }
    assert len(records) == 6


def test_a_grid_whose_prose_names_two_models_yields_nothing() -> None:
    two_models = HTML_GRID.replace("For Toy-LM 7B,", "For Toy-LM 7B and Toy-LM 67B,")
    assert extract(two_models) == []


def test_a_grid_with_a_row_that_is_no_setting_value_is_not_read_as_a_grid() -> None:
    with_average = HTML_GRID.replace("<tr><td>4</td>", "<tr><td>Mean</td>")
    assert all(r.value != 11.40 for r in extract(with_average))


def test_a_grid_whose_prose_names_two_benchmarks_is_not_read_as_a_grid() -> None:
    two_benchmarks = MARKDOWN_GRID.replace("Peak memory usage of", "MMLU and GSM8K accuracy of")
    assert all(r.benchmark not in {"mmlu", "gsm8k"} for r in extract(two_benchmarks))


ASSIGNED_ROWS = """\
Decode speed (tokens/s) of Toy-LM 7B on one GPU:

|        | Seq Len 128 | Seq Len 2048 |
| ------ | ----------- | ------------ |
| bs=1   | 41.2        | 38.5         |
| bs=16  | 410.7       | 301.9        |
"""


def test_a_grid_whose_rows_are_each_a_setting_and_its_value_is_read_as_one() -> None:
    # on main the `bs=1` rows were read as models (or nothing): no record of Toy-LM 7B
    records = extract(ASSIGNED_ROWS)
    assert {(r.model, r.benchmark, r.protocol.context_length, r.value) for r in records} == {
        ("toy-lm-7b", "decode_speed", 128, 41.2),
        ("toy-lm-7b", "decode_speed", 2048, 38.5),
        ("toy-lm-7b", "decode_speed", 128, 410.7),
        ("toy-lm-7b", "decode_speed", 2048, 301.9),
    }
    assert {r.protocol.details for r in records if r.value == 410.7} == {"bs=16, Seq Len 128"}
