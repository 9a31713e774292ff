"""Words of table layout kept as data (`schema/data/table_marks.toml`): marks that stand for
the text of another cell, the metric qualifiers of benchmark labels and the footnote marks after them."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import ValidationError

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Strict
from benchtable.schema.vocabulary import fold

_FILE = "table_marks.toml"


class DittoMarks(Strict):
    marks: list[str]


class MetricQualifiers(Strict):
    qualifiers: list[str]


class ScopeQualifiers(Strict):
    qualifiers: list[str]


class BaseTests(Strict):
    plus_marks: list[str]
    qualifiers: list[str]


class FootnoteMarks(Strict):
    marks: list[str]


class RoleQualifiers(Strict):
    qualifiers: list[str]


class CheckMarks(Strict):
    yes: list[str]
    no: list[str]


class TableMarks(Strict):
    ditto: DittoMarks
    metric: MetricQualifiers
    scope: ScopeQualifiers
    base_tests: BaseTests
    footnote: FootnoteMarks
    role: RoleQualifiers
    check: CheckMarks

    def check_state(self, text: str) -> bool | None:
        """`True` for a check mark cell (`✓`), `False` for a cross (`✗`), else None."""
        stripped = text.strip()
        if stripped in self.check.yes:
            return True
        return False if stripped in self.check.no else None

    def without_footnote_marks(self, label: str) -> str:
        """`label` without the footnote marks set after it (`ARC Challenge✱` -> `ARC Challenge`)."""
        marks = "".join(self.footnote.marks)
        return label.rstrip().rstrip(marks + " ").rstrip() or label

    def is_role_qualifier(self, text: str) -> bool:
        """`text` (inside a model label's parentheses) names only the row's role in the comparison."""
        return fold(text) in _folded_words(tuple(self.role.qualifiers))

    def is_metric_qualifier(self, text: str) -> bool:
        """`text` (inside a benchmark label's parentheses) names only the metric reported."""
        return fold(text) in _folded_words(tuple(self.metric.qualifiers))

    def scope_qualifier(self, text: str) -> str | None:
        """The scope word `text` (inside a benchmark label's parentheses) is, folded
        (`Multilingual` -> `multilingual`): another test set built from the benchmark."""
        folded = fold(text)
        return folded if folded in _folded_words(tuple(self.scope.qualifiers)) else None

    def is_ditto(self, text: str) -> bool:
        """`text` (a whole cell) is a ditto mark: "the same as the cell above"."""
        return fold_mark(text) in self._folded_ditto()

    def _folded_ditto(self) -> frozenset[str]:
        return _folded(tuple(self.ditto.marks))


def fold_mark(text: str) -> str:
    """A cell compared with the marks: case, spacing and a trailing period folded away for words
    (`Same.`), punctuation kept as it is (`"` and `''` differ from an empty cell)."""
    stripped = " ".join(text.split())
    return fold(stripped) if any(ch.isalpha() for ch in stripped) else stripped


@cache
def _folded(marks: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_mark(m) for m in marks)


@cache
def _folded_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@cache
def table_marks() -> TableMarks:
    """The packaged table marks (loaded once)."""
    text = resources.files("benchtable.schema").joinpath("data", _FILE).read_text("utf-8")
    try:
        return TableMarks.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"schema/data/{_FILE}: {exc}") from exc
