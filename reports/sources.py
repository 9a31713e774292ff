"""What the report needs to know about each source: kind, date, publisher, hints.

Dates are the date the document states (its `Last-Modified`), normalised to
`YYYY-MM-DD`; a document with no stated date is undated (the time it was fetched
says nothing about when its numbers were published, and would make reports
depend on when they were built).

Precedence (documented in README "Reading the report"):

0. the model's own publication: a source whose registered `model` is the record's
   model, or whose `publisher` hint names the model's publisher (schema/data/models.toml);
1. a leaderboard;
2. anything else (third-party READMEs, blogs, model cards and papers).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import ScoreRecord, Source
from benchtable.schema.vocabulary import vocabulary

if TYPE_CHECKING:
    from benchtable.db.store import Database


@dataclass(frozen=True)
class SourceMeta:
    source_id: str
    kind: str
    url: str = ""
    title: str | None = None
    date: str = ""
    model: str | None = None
    """Canonical id of the source's registered model, when it names one."""
    hints: Mapping[str, Any] = field(default_factory=dict)
    version_of: str | None = None
    """The source whose document this one is an older version of (registry `version_of`)."""
    revision_note: str | None = None

    @property
    def document(self) -> str:
        """The document this source is a version of: `version_of`, else the source itself."""
        return self.version_of or self.source_id

    @property
    def publisher(self) -> str | None:
        value = self.hints.get("publisher")
        return str(value).lower() if value else None


def normalise_date(value: object) -> str:
    """`YYYY-MM-DD` from an HTTP date, an ISO timestamp or a datetime; "" when unknown."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def precedence(meta: SourceMeta | None, model_id: str, model_publisher: str | None) -> int:
    if meta is None:
        return 2
    if meta.model is not None and meta.model == model_id:
        return 0
    if model_publisher and meta.publisher and meta.publisher == model_publisher.lower():
        return 0
    if meta.kind == "leaderboard":
        return 1
    return 2


def _model_id(name: str | None) -> str | None:
    if not name:
        return None
    return vocabulary().model_id(name) or name.lower()


def _registry() -> dict[str, Source]:
    from benchtable.scrapers.sources import load_sources

    try:
        return {s.id: s for s in load_sources(None)}
    except ConfigError:  # the packaged registry only fills gaps; never fatal
        return {}


def source_meta(db: Database) -> dict[str, SourceMeta]:
    """Per source in the database: kind, title, URL, stated date, model and hints.

    Hints missing from the database (a snapshot built before a hint was registered)
    are taken from the packaged registry, by source id.
    """
    versions = db.selected_columns("sources", ("version_of", "revision_note"))
    cur = db.con.execute(
        f"SELECT s.source_id, s.kind, s.url, s.title, s.model, s.hints, {versions}, d.last_modified "
        "FROM sources s LEFT JOIN source_versions v ON v.source_id = s.source_id AND v.is_current "
        "LEFT JOIN documents d ON d.sha256 = v.sha256 ORDER BY s.source_id"
    )
    registry = _registry()
    out: dict[str, SourceMeta] = {}
    for sid, kind, url, title, model, hints, version_of, revision_note, last_modified in cur.fetchall():
        stored: dict[str, Any] = json.loads(hints) if isinstance(hints, str) and hints else {}
        known = registry.get(sid)
        merged = {**(known.hints.as_mapping() if known else {}), **stored}
        out[sid] = SourceMeta(
            source_id=sid,
            kind=str(kind),
            url=str(url or ""),
            title=title,
            date=normalise_date(last_modified),
            model=_model_id(model or (known.model if known else None)),
            hints=merged,
            version_of=version_of or (known.version_of if known else None),
            revision_note=revision_note or (known.revision_note if known else None),
        )
    return out


def metas_from_sources(
    sources: Iterable[Source], dates: Mapping[str, str] | None = None
) -> dict[str, SourceMeta]:
    """SourceMeta for registered sources (tests and callers without a database)."""
    dates = dates or {}
    return {
        s.id: SourceMeta(
            source_id=s.id,
            kind=s.kind.value,
            url=s.url,
            title=s.title,
            date=normalise_date(dates.get(s.id)),
            model=_model_id(s.model),
            hints=s.hints.as_mapping(),
            version_of=s.version_of,
            revision_note=s.revision_note,
        )
        for s in sources
    }


def load_report_data(db: Database) -> tuple[list[ScoreRecord], dict[str, SourceMeta]]:
    """The current records and source metadata a report is built from."""
    return db.current_records(), source_meta(db)
