"""Report configuration: which rows (model configurations) and columns (benchmark + protocol).

    title = "..."

    [[column]]
    id = "mmlu"                       # key of the column in JSON output
    label = "MMLU (5-shot)"
    benchmark = "mmlu"                # canonical benchmark id (schema/data/benchmarks.toml)
    protocol = { n_shot = 5 }         # the settings that define the column

    [[row]]
    id = "qwen-7b-chat-int4"
    label = "Qwen-7B-Chat Int4 (GPTQ)"
    model = "qwen-7b-chat"            # canonical model id
    match = { bits = 4, quant_method = ["gptq", "none"] }

A `match` field holds a value or a list of accepted values; "none" means the
source did not state it. Fields left out accept anything, except that a row
with no quantization fields only accepts unquantized records.
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
from benchtable.schema.vocabulary import vocabulary

MatchValue = str | int | float | bool | list[str | int | float | bool]
QUANT_FIELDS = ("quant_method", "bits", "group_size", "quant_format")


class ColumnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    benchmark: str
    protocol: Protocol = Field(default_factory=Protocol)


class RowSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    label: str
    model: str
    match: dict[str, MatchValue] = Field(default_factory=dict)

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
    description: str = ""
    columns: list[ColumnSpec] = Field(alias="column")
    rows: list[RowSpec] = Field(alias="row")


def default_config_text() -> str:
    return resources.files("benchtable.reports").joinpath("default_report.toml").read_text("utf-8")


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
    _check_names(config, origin)
    return config


def _check_names(config: ReportConfig, origin: str) -> None:
    voc = vocabulary()
    for kind, ids in (("column", [c.id for c in config.columns]), ("row", [r.id for r in config.rows])):
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


def load_report_config(path: Path | None) -> ReportConfig:
    if path is None:
        return parse_report_config(default_config_text(), "default_report.toml (packaged)")
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read report config: {exc.strerror or exc}") from exc
    return parse_report_config(text, str(path))
