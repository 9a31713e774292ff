"""Report configuration: which rows (model configurations) and columns (benchmark + protocol).

    title = "..."

    [[column]]
    id = "mmlu"                       # key of the column in JSON output
    label = "MMLU (5-shot)"
    benchmark = "mmlu"                # canonical benchmark id (schema/data/benchmarks.toml)
    protocol = { n_shot = 5 }         # the settings that define the column
    fallback = []                     # other benchmark ids that may stand in, marked ‡

    [[tier]]
    id = "quantized"                  # rows name it; tiers are shown in this order
    label = "Quantized builds"

    [[row]]
    id = "qwen-7b-chat-int4"
    label = "Qwen-7B-Chat Int4 (GPTQ)"
    model = "qwen-7b-chat"            # canonical model id (or any alias of it)
    match = { bits = 4, quant_method = ["gptq", "none"] }
    tier = "quantized"                # optional; required once the config declares tiers

A `match` field holds a value or a list of accepted values; "none" means the
source did not state it. Fields left out accept anything, except that a row
with no quantization fields only accepts unquantized records.

`--config` takes a file path or the name of a bundled config (`BUNDLED`).
"""

from __future__ import annotations

import difflib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from benchtable.schema.errors import ConfigError
from benchtable.schema.records import Configuration, Protocol
from benchtable.schema.vocabulary import fold, vocabulary

MatchValue = str | int | float | bool | list[str | int | float | bool]
QUANT_FIELDS = ("quant_method", "bits", "group_size", "quant_format")


class ColumnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    benchmark: str
    protocol: Protocol = Field(default_factory=Protocol)
    fallback: list[str] = Field(
        default_factory=list,
        description="benchmarks whose values may stand in, always marked as a different protocol",
    )


class TierSpec(BaseModel):
    """A group of rows (frontier closed, 70B-class open, ...), shown under a heading row."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str


class RowSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    model: str
    match: dict[str, MatchValue] = Field(default_factory=dict)
    tier: str | None = Field(default=None, description="id of a [[tier]] of the config")

    def accepts(self, config: Configuration) -> bool:
        fields = config.model_dump()
        for name in QUANT_FIELDS:
            if name not in self.match and fields[name] is not None and not _mentions_quant(self.match):
                return False
        for name, wanted in self.match.items():
            have = fields.get(name)
            options = wanted if isinstance(wanted, list) else [wanted]
            if not any(_same(have, o) for o in options):
                return False
        return True


def _mentions_quant(match: dict[str, MatchValue]) -> bool:
    return any(k in match for k in QUANT_FIELDS)


def _same(have: object, wanted: object) -> bool:
    if wanted == "none":
        return have is None
    if have is None:
        return False
    if isinstance(wanted, (int, float)) and isinstance(have, (int, float)):
        return abs(float(have) - float(wanted)) < 1e-9
    return str(have).lower() == str(wanted).lower()


class ReportConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = "benchtable report"
    origin: str = Field(default="", description="where the config was read from (set by the loader)")
    description: str = ""
    columns: list[ColumnSpec] = Field(alias="column")
    rows: list[RowSpec] = Field(alias="row")
    tiers: list[TierSpec] = Field(default_factory=list, alias="tier")

    def tier_label(self, tier_id: str | None) -> str:
        return next((t.label for t in self.tiers if t.id == tier_id), "")


# bundled configs, by the name `--config` accepts instead of a path
BUNDLED = {"default": "default_report.toml", "seed-full": "seed_full.toml"}


def bundled_config_text(name: str = "default") -> str:
    return resources.files("benchtable.reports").joinpath(BUNDLED[name]).read_text("utf-8")


def default_config_text() -> str:
    return bundled_config_text("default")


def parse_report_config(text: str, origin: str) -> ReportConfig:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    try:
        config = ReportConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{origin}: {problems}") from exc
    return _check_names(config, origin)


CONFIG_FIELDS = tuple(Configuration.model_fields)


def _check_names(config: ReportConfig, origin: str) -> ReportConfig:
    """Refuses duplicate ids, unknown benchmarks, unknown match fields and ambiguous
    model names (each error lists the close matches); returns the config with row
    models resolved to canonical ids."""
    voc = vocabulary()
    kinds = (
        ("column", [c.id for c in config.columns]),
        ("row", [r.id for r in config.rows]),
        ("tier", [t.id for t in config.tiers]),
    )
    for kind, ids in kinds:
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ConfigError(f"{origin}: duplicate {kind} id(s) {sorted(dupes)}")
    for col in config.columns:
        if col.benchmark not in voc.benchmarks:
            found = voc.benchmark_id(col.benchmark)
            close = difflib.get_close_matches(col.benchmark, list(voc.benchmarks), n=3)
            hint = found or ", ".join(close)
            raise ConfigError(
                f"{origin}: column {col.id!r} names unknown benchmark {col.benchmark!r}"
                + (f"; close matches: {hint}" if hint else "")
            )
        for fb in col.fallback:
            if fb not in voc.benchmarks:
                close = difflib.get_close_matches(fb, list(voc.benchmarks), n=3)
                raise ConfigError(
                    f"{origin}: column {col.id!r} names unknown fallback benchmark {fb!r}"
                    + (f"; close matches: {', '.join(close)}" if close else "")
                )
    _check_tiers(config, origin)
    rows: list[RowSpec] = []
    for row in config.rows:
        for key in row.match:
            if key not in CONFIG_FIELDS:
                close = difflib.get_close_matches(key, CONFIG_FIELDS, n=3)
                raise ConfigError(
                    f"{origin}: row {row.id!r} matches on unknown field {key!r}; "
                    f"fields: {', '.join(CONFIG_FIELDS)}"
                    + (f"; close matches: {', '.join(close)}" if close else "")
                )
        rows.append(row.model_copy(update={"model": resolve_model(row, origin)}))
    return config.model_copy(update={"rows": rows, "origin": origin})


def _check_tiers(config: ReportConfig, origin: str) -> None:
    """Once a config declares tiers, every row names one of them."""
    tier_ids = [t.id for t in config.tiers]
    for row in config.rows:
        if row.tier is None and not tier_ids:
            continue
        if row.tier is None:
            raise ConfigError(f"{origin}: row {row.id!r} has no tier; tiers: {', '.join(tier_ids)}")
        if row.tier not in tier_ids:
            close = difflib.get_close_matches(row.tier, tier_ids, n=3)
            hint = (
                f"close matches: {', '.join(close)}" if close else f"tiers: {', '.join(tier_ids) or 'none'}"
            )
            raise ConfigError(f"{origin}: row {row.id!r} names unknown tier {row.tier!r}; {hint}")


def resolve_model(row: RowSpec, origin: str) -> str:
    """The canonical id of a row's model: an id or alias from the vocabulary, or an id
    not in it (extraction gives unknown models the slug of their name). A name that is a
    prefix of several vocabulary models ("llama-2") is ambiguous."""
    voc = vocabulary()
    if row.model in voc.models:
        return row.model
    found = voc.model_id(row.model)
    if found:
        return found
    key = fold(row.model)
    starts = sorted(m for m in voc.models if fold(m).startswith(key) and len(key) >= 3)
    if len(starts) > 1:
        raise ConfigError(
            f"{origin}: row {row.id!r} names model {row.model!r}, which is ambiguous; "
            f"did you mean one of: {', '.join(starts)}"
        )
    if len(starts) == 1:
        raise ConfigError(
            f"{origin}: row {row.id!r} names unknown model {row.model!r}; close match: {starts[0]}"
        )
    return row.model


def check_row_models(config: ReportConfig, known_models: set[str], origin: str) -> None:
    """A row's model must be in the vocabulary or in the records; else list close matches."""
    voc = vocabulary()
    for row in config.rows:
        if row.model in voc.models or row.model in known_models:
            continue
        pool = sorted(set(voc.models) | known_models)
        close = difflib.get_close_matches(row.model, pool, n=5, cutoff=0.6)
        raise ConfigError(
            f"{origin}: row {row.id!r} names unknown model {row.model!r}"
            + (f"; close matches: {', '.join(close)}" if close else "")
        )


def load_report_config(path: Path | None) -> ReportConfig:
    """The config at `path`, or the bundled one `path` names (`seed-full`) when no such file
    exists; None is the default config."""
    if path is None:
        path = Path("default")
    name = str(path)
    if name in BUNDLED and not path.exists():
        return parse_report_config(bundled_config_text(name), f"{BUNDLED[name]} (packaged)")
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"{path}: no such report config file, nor a bundled config name ({', '.join(BUNDLED)})"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read report config: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: cannot read report config: not UTF-8 text (byte {exc.start} is 0x{exc.object[exc.start]:02x})"
        ) from exc
    return parse_report_config(text, str(path))
