"""Table passes: format-neutral rewrites of a `Table` between its reader and interpretation.

`read_tables` runs `apply_passes` once on every table a reader returns, whatever its format,
so a layout convention is handled in one place rather than in each reader:

* `ditto.carry_ditto_marks`: a label cell holding only a ditto mark (`"`, `〃`, `''`, `--`,
  `same`, ...; `schema/data/table_marks.toml`) is the text of the cell above;
* `carry_down.carry_leading_blanks`: the leading blank cells of a body row continue the cells
  above (row groups written once), in the tables of readers whose format writes groups so.

A pass rewrites the table's rows in place; copies of another cell's text are marked `spanned`,
as the copies of a cell spanning rows are.
"""

from __future__ import annotations

from collections.abc import Callable

from benchtable.extract.passes.carry_down import carry_leading_blanks
from benchtable.extract.passes.ditto import carry_ditto_marks
from benchtable.extract.table import Table

Pass = Callable[[Table], None]

PASSES: tuple[Pass, ...] = (carry_ditto_marks, carry_leading_blanks)
"""Every pass, in the order they run."""


def apply_passes(table: Table) -> Table:
    """`table` after every pass (rewritten in place, and returned)."""
    for run in PASSES:
        run(table)
    return table
