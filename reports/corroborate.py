"""Protocol by corroboration: a setting one document leaves unstated, taken from another.

A README that restates a paper's table often drops the protocol (`MMLU 55.8`, where the
paper says `MMLU 0-shot 55.8`). When the same number for the same model, benchmark and a
compatible configuration is published by the same publisher in another registered
document that does state a setting, the record inherits that setting, and the report
says where it was stated ("n-shot 0 stated in qwen-technical-report p. 19"). Only a
setting every corroborating document states alike is inherited; two documents that state
different settings for the same number corroborate nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from benchtable.reports.sources import SourceMeta
from benchtable.schema.records import Configuration, Protocol, ScoreRecord

CORROBORATED_FIELDS = ("n_shot", "cot", "metric", "split", "context_length")


@dataclass(frozen=True)
class Corroboration:
    """One protocol setting inherited from another document of the same publisher."""

    setting: str
    value: int | bool | str
    record: ScoreRecord

    def describe(self) -> str:
        shown = ("yes" if self.value else "no") if isinstance(self.value, bool) else str(self.value)
        return (
            f"{self.setting.replace('_', '-')} {shown} stated in {self.record.source_id} {where(self.record)}"
        )


def where(record: ScoreRecord) -> str:
    loc = record.citation.locator
    if loc.page is not None:
        return f"p. {loc.page}"
    if loc.line is not None:
        return f"line {loc.line}"
    return loc.describe()


def compatible(a: Configuration, b: Configuration) -> bool:
    """No configuration field is stated differently (an unstated field matches anything)."""
    for name in Configuration.model_fields:
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and str(x).lower() != str(y).lower():
            return False
    return True


def _same_number(a: ScoreRecord, b: ScoreRecord) -> bool:
    return a.scale == b.scale and abs(a.value - b.value) <= 1e-6 * max(1.0, abs(a.value), abs(b.value))


class CorroborationIndex:
    """The records of a report's candidate set, by model and benchmark, for corroboration."""

    def __init__(self, records: Iterable[ScoreRecord], sources: Mapping[str, SourceMeta]) -> None:
        self.sources = sources
        self.by_key: dict[tuple[str, str], list[ScoreRecord]] = {}
        for r in records:
            if r.bound is None:
                self.by_key.setdefault((r.model, r.benchmark), []).append(r)

    def corroborate(
        self, record: ScoreRecord, protocol: Protocol
    ) -> tuple[Protocol, tuple[Corroboration, ...]]:
        """`protocol` with the settings it leaves unstated filled from corroborating documents."""
        missing = [n for n in CORROBORATED_FIELDS if getattr(protocol, n) is None]
        publisher = self._publisher(record.source_id)
        if not missing or publisher is None:
            return protocol, ()
        document = self._document(record.source_id)
        peers = [
            r
            for r in self.by_key.get((record.model, record.benchmark), [])
            if self._document(r.source_id) != document
            and self._publisher(r.source_id) == publisher
            and _same_number(r, record)
            and compatible(r.configuration, record.configuration)
        ]
        found: list[Corroboration] = []
        for name in missing:
            stated = [(getattr(r.protocol, name), r) for r in peers if getattr(r.protocol, name) is not None]
            values = {str(v).lower() for v, _ in stated}
            if len(values) == 1:
                value, first = min(stated, key=lambda vr: (vr[1].source_id, where(vr[1])))
                found.append(Corroboration(name, value, first))
        if not found:
            return protocol, ()
        inherited = protocol.model_copy(update={c.setting: c.value for c in found})
        return inherited, tuple(found)

    def _publisher(self, source_id: str) -> str | None:
        meta = self.sources.get(source_id)
        return meta.publisher if meta else None

    def _document(self, source_id: str) -> str:
        meta = self.sources.get(source_id)
        return meta.document if meta else source_id
