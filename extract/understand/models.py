"""Whose number a cell is: the model named by the row's and the column's facts together."""

from __future__ import annotations

import re

from benchtable.extract.naming import HAS_SIZE, looks_like_model
from benchtable.extract.understand.facts import AxisFacts, has_config
from benchtable.extract.understand.words import NAME_PART, name_word, plausible_name


def resolve_model(
    rf: AxisFacts, cf: AxisFacts, stub_family: str | None, stub_model: str | None, named: bool
) -> tuple[str | None, bool]:
    """(model name, whether the row's leftover label is a method rather than the model)."""
    row_family = rf.family or (rf.rest if rf.rest and not rf.size and not rf.model else None)
    if rf.model and not cf.model:
        return rf.model, False
    if cf.model:
        first = cf.model.split()[0]
        if cf.family and NAME_PART.match(first) and not re.search(r"\d", first) and HAS_SIZE.search(cf.model):
            return f"{cf.family} {cf.model}", True  # `PaLM` over `Coder 540B`: one name in two rows
        return cf.model, True
    if cf.size and rf.size:
        return None, False
    if cf.size:
        family = rf.family or cf.family or stub_family
        if family is None and row_family and looks_like_model(row_family):
            return f"{row_family} {cf.size}", False
        return (f"{family} {cf.size}", True) if family else (None, False)
    if rf.size:
        family = rf.family or (rf.rest or None) or cf.family or stub_family
        if rf.family is None and rf.rest:
            return f"{rf.rest} {rf.size}", False
        return (f"{family} {rf.size}", False) if family else (None, False)
    if rf.rest and not rf.bench and looks_like_model(rf.rest):
        return rf.rest, False
    if rf.family and not rf.bench:
        return rf.family, False
    if (
        cf.rest
        and not cf.bench
        and looks_like_model(cf.rest)
        and plausible_name(cf.rest)
        and all(name_word(w) or NAME_PART.match(w) for w in cf.rest.split())
    ):
        return cf.rest, True  # a model without a size over the column (`DeepSeek-V2-Lite`)
    if cf.family and not cf.bench and re.search(r"\d", cf.family) and not (rf.family or rf.model):
        return cf.family, True  # a family with its version over the column (`GPT-4`)
    if stub_model:
        return stub_model, True
    if named and rf.rest and not rf.bench and not has_config(rf.config):
        return rf.rest, False
    return None, False
