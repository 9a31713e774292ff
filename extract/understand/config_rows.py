"""A table of one model's configurations: the first header cell names the model and every row
is a configuration of it (`NVILA-8B` over `FP16` / `AWQ-INT4` rows, benchmarks across).

The header names its benchmarks even when the vocabulary knows none of them (`VQA-v2`, `POPE`):
the rows are configurations of a named model, so the value columns can only be its scores.
"""

from __future__ import annotations

from benchtable.extract.columns import Columns, column_header
from benchtable.extract.labels import parse_configuration
from benchtable.extract.naming import HAS_SIZE, looks_like_model
from benchtable.extract.table import Table
from benchtable.schema.records import Configuration

__all__ = ["rows_configure_header_model"]


def rows_configure_header_model(t: Table, cols: Columns) -> bool:
    """The first column is a label column whose header is a sized model name and each of at least two body rows
    labels a configuration alone (`FP16`, `AWQ-INT4`, `GPTQ 4-bit`), nothing else."""
    if not cols.labels or cols.labels[0] != 0:
        return False
    header = column_header(t, cols.labels[0])
    name, header_config = parse_configuration(header)
    if header_config != Configuration() or not (looks_like_model(name) and HAS_SIZE.search(name)):
        return False
    labels = [r[cols.labels[0]].text for r in t.rows[t.header_rows :]]
    if len(labels) < 2:
        return False
    for label in labels:
        rest, config = parse_configuration(label)
        if config == Configuration() or rest.strip(" ()[]-*"):
            return False
    return True
