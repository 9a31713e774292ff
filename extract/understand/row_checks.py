"""Checks on one row of a captioned table that decide whether and as whose its cells are read: a
bit-width cell in a notation not read (`16-8`), a label that names no model among rows that
name theirs (`Bard` among `GPT-4`, `Guanaco-65B`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from benchtable.extract.understand.caption import caption_size
from benchtable.extract.understand.facts import AxisFacts, bits_text, has_config, read_text
from benchtable.extract.understand.models import resolve_model
from benchtable.extract.understand.words import plausible_name

if TYPE_CHECKING:
    from benchtable.extract.understand.header_reading import HeaderFrame

__all__ = ["bits_unread", "cell_model", "label_names_none", "rows_name_own_models"]

_PLAIN_WIDTH = re.compile(r"\d+(?:\.\d+)?(?:[- ]?bits?)?", re.IGNORECASE)


def bits_unread(text: str, row: AxisFacts) -> bool:
    """The row's bit-width cell holds text that gave no bits, format or precision (`16-8`): the
    row's records would lack the setting that tells them apart. A plain width is read, and an
    unquantized row (`FP16`) needs none."""
    text = text.strip()
    if not re.search(r"\d", text) or _PLAIN_WIDTH.fullmatch(text) or row.config.precision:
        return False
    probe = AxisFacts()
    read_text(bits_text(text), probe, allow_family=False)
    got = probe.config
    return got.bits is None and got.quant_format is None and got.precision is None


def rows_name_own_models(rows: dict[int, AxisFacts]) -> bool:
    """Do most rows (at least two) name a model by their own label, without any quantization?"""
    own = [
        resolve_model(f, AxisFacts(), None, None, False)[0] is not None and not has_config(f.config)
        for f in rows.values()
    ]
    return sum(own) >= 2 and sum(own) * 5 >= len(own) * 3


def label_names_none(row: AxisFacts) -> bool:
    """The row prints a label that names no model, size, benchmark or configuration."""
    return bool(row.rest) and not (row.model or row.size or row.bench or has_config(row.config))


def cell_model(frame: HeaderFrame, rf: AxisFacts, cf: AxisFacts) -> tuple[str | None, bool]:
    """The model named for a cell by its row and column (or the caption's size), and whether
    the row's leftover label is a method."""
    model, rest_is_method = resolve_model(
        replace(rf, rest="") if frame.task_rows else rf,
        cf,
        frame.stub_family,
        frame.stub_model,
        frame.stub_names_models,
    )
    if (
        rest_is_method
        and model == frame.stub_model
        and not frame.stub.model
        and frame.model_rows
        and label_names_none(rf)
    ):
        return None, False  # `Bard` among `GPT-4`, `Guanaco-65B` rows: not the caption's model
    if model is None and frame.task_rows and cf.rest and not cf.bench and plausible_name(cf.rest):
        model = cf.rest  # the stub says the columns are models (`Task / Model` over `Orca`)
    if model is None and rf.rest and not (rf.size or rf.bench or has_config(rf.config)):
        size = caption_size(frame.caption)  # `Transformer` rows, `The model size is 6.7B.`
        model = f"{rf.rest} {size}" if size and plausible_name(rf.rest) else None
    return model, rest_is_method
