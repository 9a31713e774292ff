"""The configuration of a value cell from its row and its column, and of the row blocks of a
quantization table.

* **Blocks.** A label row with no values that states a configuration (`INT8`, `W4A16`,
  `GPTQ`) heads the rows below it, up to the next such row: its fields complete theirs
  (`RTN` under `INT6` is RTN at 6 bits).
  A model row with no values (`LLaMA-7B` over `FP16` / `GPTQ 4-bit` rows) heads its block
  the same way: the rows below that name no model of their own are that model's.
* **Full precision wins.** An axis that states full precision and nothing quantized (an
  `FP16` column, an `FP32` row) is the unquantized model, whatever method the other axis
  names: the FP16 value printed in the SmoothQuant row of a model block is the model's
  own, not SmoothQuant's.
"""

from __future__ import annotations

from benchtable.extract.table import Cell
from benchtable.extract.understand.facts import AxisFacts, has_config, merge_config
from benchtable.schema.records import Configuration

__all__ = ["carry_block_configs", "joined_config"]

FULL_PRECISION = frozenset({"fp16", "bf16", "fp32"})


def _full_precision_only(c: Configuration) -> bool:
    quantized = (c.quant_method, c.bits, c.group_size, c.quant_format)
    return c.precision in FULL_PRECISION and all(v is None for v in quantized)


def joined_config(row: Configuration, column: Configuration) -> Configuration:
    """The row's configuration completed by the column's, unless one of them is full precision."""
    if _full_precision_only(row):
        return row
    if _full_precision_only(column):
        return column
    return merge_config(row, column)


def carry_block_configs(rows: dict[int, AxisFacts], body: dict[int, list[Cell]], values: list[int]) -> None:
    """Complete each row with the block rows above it (in place): the configuration of a
    configuration row, the model of a model row (`LLaMA-7B` over `FP16` / `GPTQ 4-bit`)."""
    block: Configuration | None = None
    model: str | None = None
    for i in sorted(rows):
        facts, row = rows[i], body[i]
        if not any(row[c].text for c in values):
            named = facts.model or facts.size or facts.bench or facts.rest
            if has_config(facts.config) and not named:
                block = facts.config
            elif facts.model and not (facts.bench or facts.rest or has_config(facts.config)):
                model, block = facts.model, None  # a new model's block: its own configurations
            continue
        if block is not None and not _full_precision_only(facts.config):
            facts.config = merge_config(facts.config, block)
        if model is not None and not (facts.model or facts.size or facts.family):
            facts.model = model
