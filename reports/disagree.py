"""Which candidates of a cell disagree, and which are only an older version.

- *Superseded*: a record from an older version of a document (registry `version_of`)
  where a newer version of that document publishes a value for the same cell. It is the
  document's history (a corrected card, a model its publisher updated), never a second
  source that disagrees, and never shown while the newer version has a value.
- *Conflicts*: every set of records that state the same protocol for the cell's
  configuration and benchmark and give different values, from different documents. A
  group whose column settings are all stated is a conflict proper (`stated`); one whose
  sources leave a column setting unstated is listed apart (`stated = False`), since an
  unstated setting may hide a different protocol.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchtable.reports.sources import SourceMeta

if TYPE_CHECKING:
    from benchtable.reports.select import Evidence

_PROTOCOL_KEY = ("n_shot", "cot", "metric", "split", "context_length", "details")


def document_of(source_id: str, sources: Mapping[str, SourceMeta]) -> str:
    meta = sources.get(source_id)
    return meta.document if meta else source_id


def _version_rank(source_id: str, sources: Mapping[str, SourceMeta]) -> tuple[int, str]:
    """Lower is newer: the current document first, then its versions newest first."""
    meta = sources.get(source_id)
    if meta is None or meta.version_of is None:
        return (0, "")
    inverted = "".join(chr(0x10FFFF - ord(c)) for c in meta.date) if meta.date else "\U0010ffff"
    return (1, inverted)


def split_superseded(
    evidence: Sequence[Evidence], sources: Mapping[str, SourceMeta], main: Sequence[str]
) -> tuple[list[Evidence], list[Evidence]]:
    """(live evidence, superseded evidence): a version loses to a newer version of its document
    that publishes a value of the cell's own benchmark (`main`)."""
    newest: dict[str, tuple[int, str]] = {}
    for e in evidence:
        if e.record.benchmark not in main:
            continue
        doc = document_of(e.record.source_id, sources)
        rank = _version_rank(e.record.source_id, sources)
        newest[doc] = min(newest.get(doc, rank), rank)
    live: list[Evidence] = []
    old: list[Evidence] = []
    for e in evidence:
        doc = document_of(e.record.source_id, sources)
        if doc in newest and _version_rank(e.record.source_id, sources) > newest[doc]:
            old.append(e)
        else:
            live.append(e)
    return live, old


@dataclass(frozen=True)
class ConflictGroup:
    """Records under one protocol that give different values, by value (best-ranked first)."""

    stated: bool
    values: tuple[tuple[Evidence, ...], ...]

    @property
    def first(self) -> Evidence:
        return self.values[0][0]

    def holds(self, e: Evidence) -> bool:
        return any(e in cluster for cluster in self.values)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def conflict_groups(
    evidence: Sequence[Evidence], sources: Mapping[str, SourceMeta], main: Sequence[str]
) -> list[ConflictGroup]:
    """Every protocol under which records of different documents give different values.

    `evidence` is best first; records of another benchmark (a fallback) never conflict with
    the cell's own. The protocol is the column's settings as stated; a setting the column
    does not define (a metric, details) separates records only where two of them state it
    differently (`acc` vs `acc_norm`), not where one of them leaves it out."""
    by_column: dict[tuple[object, ...], list[Evidence]] = {}
    for e in evidence:
        if e.record.benchmark not in main:
            continue
        key = (e.record.benchmark, e.fit == 1, *(getattr(e.protocol, n) for n in e.column_settings))
        by_column.setdefault(key, []).append(e)
    groups: list[ConflictGroup] = []
    for key, members in by_column.items():
        for protocol_members in _split_by_other_settings(members).values():
            clusters = _clusters(protocol_members)
            if len(clusters) >= 2 and _across_documents(clusters, sources):
                groups.append(ConflictGroup(stated=not key[1], values=tuple(tuple(c) for c in clusters)))
    return groups


def _split_by_other_settings(members: list[Evidence]) -> dict[tuple[object, ...], list[Evidence]]:
    """Members by the settings outside the column's that two of them state differently."""
    others = [n for n in _PROTOCOL_KEY if not members or n not in members[0].column_settings]
    differing = [n for n in others if len({getattr(e.protocol, n) for e in members} - {None}) > 1]
    out: dict[tuple[object, ...], list[Evidence]] = {}
    for e in members:
        out.setdefault(tuple(getattr(e.protocol, n) for n in differing), []).append(e)
    return out


def _clusters(members: list[Evidence]) -> list[list[Evidence]]:
    """Members by value (best-ranked first in each, clusters in rank order)."""
    clusters: list[list[Evidence]] = []
    for e in members:
        home = next((c for c in clusters if _close(c[0].display_value, e.display_value)), None)
        if home is None:
            clusters.append([e])
        else:
            home.append(e)
    return clusters


def _across_documents(clusters: list[list[Evidence]], sources: Mapping[str, SourceMeta]) -> bool:
    """Two values that two different documents publish, each only one of them (a document
    that prints both values is ambiguous itself, not in disagreement with another)."""
    docs = [{document_of(e.record.source_id, sources) for e in c} for c in clusters]
    return any(a - b and b - a for i, a in enumerate(docs) for b in docs[i + 1 :])
