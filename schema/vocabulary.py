"""Benchmark, model and quantization vocabularies, kept as data in `schema/data/*.toml`.

A vocabulary maps the many printed spellings of a benchmark or a model to one
canonical id. Lookups are on a folded key (case, spaces, dashes and
underscores ignored), so `ARC-C`, `arc_c` and `Arc C` meet.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import Field, ValidationError

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Protocol, Scale, Strict
from benchtable.schema.units import natural_unit


class Benchmark(Strict):
    id: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    category: str = "other"
    scale: Scale = Scale.PERCENT
    direction: Literal["higher", "lower"] = "higher"
    default_protocol: Protocol = Field(default_factory=Protocol)
    editions: list[str] = Field(
        default_factory=list,
        description="version suffixes that print this benchmark (`v0.1`); a label with another "
        "version (`Arena-Hard-v2.0`) names a later edition, never this benchmark",
    )
    run_settings: list[str] = Field(
        default_factory=list,
        description="words a label may print after the name to say how it was run (MMMU-Pro's "
        "`Standard` / `Vision` input): the same benchmark, the word kept as protocol details",
    )
    unit: Scale | None = Field(
        default=None,
        description="the unit of `value_norm` (default: percent for a percent/fraction scale, "
        "tokens/s for ms/token and s/token, GB for MiB, else the scale itself)",
    )

    @property
    def norm_unit(self) -> Scale:
        return self.unit or natural_unit(self.scale)

    units: dict[str, Scale] = Field(
        default_factory=dict,
        description="unit words a cell or its header may carry (`ms`, `sec`) and the scale each means",
    )

    def stated_unit(self, cell_unit: str, header: str) -> Scale | None:
        """The scale a cell's own unit, or a unit word in its header's brackets
        (`TTFT (ms)`, `(Unit: Seconds)`), names for this benchmark."""
        if cell_unit.lower() in self.units:
            return self.units[cell_unit.lower()]
        for inside in re.findall(r"[(\[]([^)\]]*)[)\]]", header):
            for word in re.findall(r"[a-z]+", inside.lower()):
                if word in self.units:
                    return self.units[word]
        return None


class Model(Strict):
    id: str
    label: str
    family: str
    params_b: float | None = Field(default=None, description="total parameters, billions")
    active_params_b: float | None = Field(default=None, description="active per token (MoE)")
    open_weights: bool = True
    release: str | None = None
    variant: Literal["base", "chat", "instruct", "code", "other"] = "base"
    publisher: str | None = Field(
        default=None, description="who releases it; sources with the same `publisher` hint are its own"
    )
    aliases: list[str] = Field(default_factory=list)


_FOLD = re.compile(r"[\s\-_/.()]+")


def fold(text: str) -> str:
    """The lookup key of a label: lowercase with separators removed."""
    return _FOLD.sub("", text.lower())


class Vocabulary:
    """Benchmarks and models by id, and a folded-alias index over both."""

    def __init__(self, benchmarks: list[Benchmark], models: list[Model]) -> None:
        self.benchmarks = {b.id: b for b in benchmarks}
        self.models = {m.id: m for m in models}
        self._bench_alias: dict[str, str] = {}
        self._model_alias: dict[str, str] = {}
        for b in benchmarks:
            for name in (b.id, b.label, *b.aliases):
                self._claim(self._bench_alias, fold(name), b.id, "benchmark")
        for m in models:
            for name in (m.id, m.label, *m.aliases):
                self._claim(self._model_alias, fold(name), m.id, "model")

    @staticmethod
    def _claim(index: dict[str, str], key: str, owner: str, what: str) -> None:
        taken = index.get(key)
        if taken is not None and taken != owner:
            raise ConfigError(f"{what} alias {key!r} names both {taken!r} and {owner!r}")
        index[key] = owner

    def unit_for(self, benchmark_id: str, scale: Scale) -> Scale:
        """The unit a record of this benchmark, printed on `scale`, is normalised to."""
        bench = self.benchmarks.get(benchmark_id)
        return bench.norm_unit if bench is not None else natural_unit(scale)

    def is_edition(self, benchmark_id: str, version: str) -> bool:
        """Whether a printed version suffix (`v0.1`, `-v2.0-Preview`) is the listed benchmark."""
        bench = self.benchmarks.get(benchmark_id)
        return bench is not None and fold(version) in {fold(e) for e in bench.editions}

    def run_setting(self, benchmark_id: str, label: str) -> str | None:
        """The run setting of `benchmark_id` that `label` prints as a whole word, if any."""
        bench = self.benchmarks.get(benchmark_id)
        words = set(re.findall(r"[a-z0-9]+", label.lower()))
        return next((w for w in bench.run_settings if w.lower() in words), None) if bench else None

    def benchmark_id(self, label: str) -> str | None:
        return self._bench_alias.get(fold(label))

    def model_id(self, label: str) -> str | None:
        return self._model_alias.get(fold(label))


def _load_toml(name: str) -> dict[str, Any]:
    text = resources.files("benchtable.schema").joinpath("data", name).read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"schema/data/{name}: {exc}") from exc


class FormatWord(Strict):
    format: str
    bits: float


class LlamaCppTypes(Strict):
    method: str
    suffixes: list[str]
    lowercase_suffixes: list[str]
    compact_suffixes: list[str]


class LabelFillers(Strict):
    method_prefixes: list[str]
    run_words: list[str]


class IntegerWidths(Strict):
    bits: list[int]
    methods: list[str]


class BitWidth(Strict):
    units: list[str]


class GroupSizes(Strict):
    sizes: list[int]
    prefixes: list[str]


class QuantizationWords(Strict):
    """The configuration vocabulary of model labels (`schema/data/quantization.toml`)."""

    methods: dict[str, str]
    format_words: dict[str, FormatWord]
    precisions: dict[str, str]
    llama_cpp: LlamaCppTypes
    integer: IntegerWidths
    bit_width: BitWidth
    group_size: GroupSizes
    label_fillers: LabelFillers


@cache
def quantization_words() -> QuantizationWords:
    """The packaged quantization vocabulary (loaded once)."""
    try:
        return QuantizationWords.model_validate(_load_toml("quantization.toml"))
    except ValidationError as exc:
        raise ConfigError(f"schema/data/quantization.toml: {exc}") from exc


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (loaded once)."""
    bench_data = _load_toml("benchmarks.toml").get("benchmark", [])
    model_data = _load_toml("models.toml").get("model", [])
    try:
        benchmarks = [Benchmark.model_validate(b) for b in bench_data]
        models = [Model.model_validate(m) for m in model_data]
    except ValidationError as exc:
        raise ConfigError(f"schema/data vocabulary: {exc}") from exc
    return Vocabulary(benchmarks, models)
