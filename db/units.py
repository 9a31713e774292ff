"""`value_norm` and `unit` of stored records, computed with `schema.units` and the vocabulary."""

from __future__ import annotations

import json
import os
import tempfile

import duckdb

from benchtable.schema.records import Scale
from benchtable.schema.units import normalize
from benchtable.schema.vocabulary import vocabulary


def norm_of(benchmark: str, value: float, scale: Scale) -> tuple[float | None, str | None]:
    """(value_norm, unit) of one record: its value in its benchmark's unit."""
    return normalize(value, scale, vocabulary().unit_for(benchmark, scale))


def fill_value_norm(con: duckdb.DuckDBPyConnection) -> int:
    """Compute `value_norm` and `unit` for the records that lack a unit; returns how many got one."""
    rows = con.execute("SELECT record_id, benchmark, value, scale FROM records WHERE unit IS NULL").fetchall()
    filled = 0
    fd, tmp = tempfile.mkstemp(suffix=".jsonl", prefix="benchtable-units-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for record_id, benchmark, value, scale in rows:
                value_norm, unit = norm_of(benchmark, value, Scale(scale))
                if unit is not None:
                    filled += 1
                    fh.write(json.dumps({"record_id": record_id, "value_norm": value_norm, "unit": unit}))
                    fh.write("\n")
        if filled:
            con.execute(
                "UPDATE records SET value_norm = n.value_norm, unit = n.unit FROM read_json(?, "
                "format='newline_delimited', columns={'record_id': 'VARCHAR', 'value_norm': 'DOUBLE', "
                "'unit': 'VARCHAR'}) n WHERE records.record_id = n.record_id",
                [tmp],
            )
    finally:
        os.unlink(tmp)
    return filled
