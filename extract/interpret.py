"""Kept for the readers that still import the interpreter from here (`data_files`): the one
interpreter is `benchtable.extract.understand`."""

from __future__ import annotations

from benchtable.extract.understand import records_from_table

__all__ = ["records_from_table"]
