"""The extractor registry: which readers run on which content types.

Two kinds of component register here:

* a *table reader* turns a document into `Table`s (Markdown pipe tables, HTML
  tables, reST, console tables, CSV, PDF); `interpret` turns tables into records;
* a *record extractor* turns a structured document (model-index YAML, JSON
  result files) straight into `ScoreRecord`s.

Both are pure functions of a `DocumentInput`. Registering a name twice raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchtable.extract.table import Table
from benchtable.schema.errors import ConfigError
from benchtable.schema.records import ScoreRecord


@dataclass(frozen=True)
class DocumentInput:
    data: bytes
    content_type: str
    url: str
    sha256: str
    source_id: str = "adhoc"
    model: str | None = None
    """The model the document is about (a model card's own model), if known."""
    hints: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The document decoded as UTF-8 (a byte-order mark dropped)."""
        return self.data.decode("utf-8-sig", errors="replace")


TableReader = Callable[[DocumentInput], list[Table]]
RecordExtractor = Callable[[DocumentInput], list[ScoreRecord]]


@dataclass(frozen=True)
class Registered:
    name: str
    content_types: tuple[str, ...]
    table_reader: TableReader | None = None
    record_extractor: RecordExtractor | None = None


_REGISTRY: dict[str, Registered] = {}


def register_table_reader(name: str, content_types: tuple[str, ...]) -> Callable[[TableReader], TableReader]:
    def deco(fn: TableReader) -> TableReader:
        _add(Registered(name, content_types, table_reader=fn))
        return fn

    return deco


def register_record_extractor(
    name: str, content_types: tuple[str, ...]
) -> Callable[[RecordExtractor], RecordExtractor]:
    def deco(fn: RecordExtractor) -> RecordExtractor:
        _add(Registered(name, content_types, record_extractor=fn))
        return fn

    return deco


def _add(entry: Registered) -> None:
    if entry.name in _REGISTRY:
        raise ConfigError(f"extractor {entry.name!r} is already registered")
    _REGISTRY[entry.name] = entry


def registered() -> list[Registered]:
    return list(_REGISTRY.values())


def for_content_type(content_type: str) -> list[Registered]:
    base = content_type.split(";")[0].strip().lower()
    return [r for r in _REGISTRY.values() if base in r.content_types]
