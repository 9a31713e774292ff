"""Section rows: a row that holds only a label naming a protocol (`Zero-Shot`, `4-Shot`,
`Chain-of-thought`) and no values heads the rows below it, up to the next such row, which
are measured under that protocol."""

from __future__ import annotations

from benchtable.extract.headers import merge_protocols
from benchtable.extract.table import Table
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.schema.records import Protocol


def carry_section_protocols(t: Table, rows: dict[int, AxisFacts], values: list[int]) -> None:
    """Give each row the protocol of the section row above it (its own settings first)."""
    section = Protocol()
    for i in sorted(rows):
        f = rows[i]
        if any(t.rows[i][c].text.strip() for c in values):
            if section != Protocol():
                f.protocol = merge_protocols(f.protocol, section)
            continue
        # a row without values: a section heading; another kind (`Ablations`) ends the section
        section = f.protocol if _states_only_protocol(f) else Protocol()


def _states_only_protocol(f: AxisFacts) -> bool:
    """A label that states a shot count or prompting and nothing else."""
    if f.model or f.size or f.family or f.bench or f.rest.strip() or has_config(f.config):
        return False
    return f.protocol.n_shot is not None or f.protocol.cot is not None
