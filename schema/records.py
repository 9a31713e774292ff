"""Pydantic models for what benchtable reads, stores and shows.

Every model is strict (unknown fields are refused) and frozen. A `ScoreRecord`
is one published number: which model, in which configuration, scored what on
which benchmark under which protocol, plus the verbatim text it was read from
and a `Citation` that lets a person find that text again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware (UTC)")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceKind(StrEnum):
    """What kind of publication a source is; decides citation precedence in reports."""

    MODEL_CARD = "model_card"
    README = "readme"
    LEADERBOARD = "leaderboard"
    BLOG = "blog"
    PAPER_PDF = "paper_pdf"
    PAPER_HTML = "paper_html"
    ARXIV = "arxiv"
    """A paper named by arXiv id or URL (abs/, pdf/, versioned or not): its PDF is fetched."""


class Hints(Strict):
    """What a source states once for a whole document, as written in a sources file.

    Unknown keys are refused, so a typo (`quant_mehtod`) is an error naming the key, not a hint
    silently ignored.
    """

    publisher: str | None = Field(
        default=None, description="who publishes the document (decides precedence in reports)"
    )
    family: str | None = Field(default=None, description="completes bare sizes: `7B` -> `<family> 7B`")
    quant_method: str | None = Field(
        default=None, description="the method behind `Int4` / `4-bit` labels that do not name it"
    )
    context_length: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="the context length of the document's perplexity tables"
    )
    perplexity_dataset: str | None = Field(
        default=None, description="the dataset of perplexity tables that do not name it"
    )
    benchmark: str | None = Field(
        default=None, description="the benchmark of a table whose headers are not in the vocabulary"
    )
    benchmark_prefix: str | None = Field(
        default=None, description="the benchmark family of bare metric columns (`win_rate`)"
    )
    columns: list[str] | None = Field(default=None, description="the columns of a headerless JSON array")
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = Field(
        default=None, description="the CSV delimiter, when not `,`"
    )

    def as_mapping(self) -> dict[str, Any]:
        """The hints that are set, as extractors read them."""
        return self.model_dump(exclude_none=True)


class Source(Strict):
    """One registered document to poll, as written in a sources file."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
    url: str
    kind: SourceKind
    content_type: str | None = None
    title: str | None = None
    model: str | None = Field(
        default=None, description="the model the document is about, when its tables omit it"
    )
    hints: Hints = Field(default_factory=Hints)
    version_of: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")] | None = Field(
        default=None,
        description="the id of the source this document is an older version of: its numbers are"
        " that document's history, superseded where the newer version publishes the same cell",
    )
    revision_note: str | None = Field(
        default=None,
        description="what changed since this version, as its publisher says (e.g. the model was updated)",
    )


class Document(Strict):
    """One fetched version of a source: the bytes live in the blob store under `sha256`."""

    source_id: str
    url: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    content_type: str
    size: int
    retrieved_at: AwareDatetime
    etag: str | None = None
    last_modified: str | None = None


class Precision(StrEnum):
    FP32 = "fp32"
    FP16 = "fp16"
    BF16 = "bf16"
    FP8 = "fp8"
    INT8 = "int8"
    INT4 = "int4"


class Configuration(Strict):
    """How the weights were stored when the number was measured.

    Every field is optional: `None` means the source did not say. An all-`None`
    configuration is the model as published (usually fp16/bf16).
    """

    precision: str | None = None
    quant_method: str | None = Field(default=None, description="gptq, awq, rtn, llama.cpp, ...")
    bits: float | None = Field(default=None, description="weight bits, or bits per weight")
    group_size: int | None = None
    quant_format: str | None = Field(default=None, description="e.g. q4_0, Q5_K_M, int4")

    def label(self) -> str:
        parts: list[str] = []
        if self.quant_method:
            parts.append(self.quant_method.upper() if len(self.quant_method) <= 5 else self.quant_method)
        if self.quant_format:
            parts.append(self.quant_format)
        if self.bits is not None and not self.quant_format:
            parts.append(f"{self.bits:g}-bit")
        if self.group_size is not None:
            parts.append(f"g{self.group_size}")
        if self.precision and not parts:
            parts.append(self.precision.upper())
        return " ".join(parts)


class Protocol(Strict):
    """The settings a number was measured under, as far as the source states them."""

    n_shot: int | None = None
    cot: bool | None = None
    metric: str | None = Field(default=None, description="acc, acc_norm, em, pass@1, ppl, ...")
    split: str | None = None
    context_length: int | None = None
    details: str | None = Field(default=None, description="other stated settings, verbatim")


class Scale(StrEnum):
    """How to read `value`."""

    PERCENT = "percent"
    FRACTION = "fraction"
    PERPLEXITY = "perplexity"
    TOKENS_PER_S = "tokens/s"
    MS_PER_TOKEN = "ms/token"
    S_PER_TOKEN = "s/token"
    SECONDS = "s"
    MILLISECONDS = "ms"
    GB = "GB"
    MIB = "MiB"
    SCORE = "score"


class Locator(Strict):
    """Where in a document a person finds the value. All indexes are 0-based except line and page."""

    line: int | None = Field(default=None, ge=1)
    page: int | None = Field(default=None, ge=1)
    table: int | None = Field(default=None, ge=0)
    row: int | None = Field(default=None, ge=0)
    column: int | None = Field(default=None, ge=0)
    bbox: tuple[float, float, float, float] | None = None
    pointer: str | None = Field(default=None, description="JSON pointer or YAML path")

    def describe(self) -> str:
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            parts.append(f"table {self.table + 1}")
        if self.row is not None and self.column is not None:
            parts.append(f"row {self.row + 1}, col {self.column + 1}")
        elif self.row is not None:
            parts.append(f"row {self.row + 1}")
        if self.pointer:
            parts.append(self.pointer)
        return ", ".join(parts)


class Citation(Strict):
    url: str
    sha256: str
    locator: Locator
    quote: str = Field(description="the text around the value: its row, as printed")


class ScoreRecord(Strict):
    """One published number with everything needed to check it."""

    source_id: str
    model: str = Field(description="canonical model id")
    model_label: str = Field(description="the model name as printed, completed from context")
    configuration: Configuration = Field(default_factory=Configuration)
    benchmark: str = Field(description="canonical benchmark id")
    benchmark_label: str
    protocol: Protocol = Field(default_factory=Protocol)
    value: float
    raw: str = Field(description="the verbatim cell text the value was read from")
    scale: Scale
    bound: str | None = Field(default=None, description="'<' or '>' when the cell is a bound")
    citation: Citation
    base_model: str | None = Field(
        default=None,
        description="for a fine-tune, adapter or merge (its own `model` id): the canonical id of the model it derives from",
    )

    def record_id(self) -> str:
        """Stable id: the same fact read from the same place of the same document."""
        payload = self.model_dump(mode="json", exclude={"citation"})
        if payload.get("base_model") is None:  # ids of records made before the field stay the same
            payload.pop("base_model", None)
        payload["sha256"] = self.citation.sha256
        payload["locator"] = self.citation.locator.model_dump(mode="json")
        blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def flat(self) -> dict[str, Any]:
        """The `extract` JSON Lines shape: configuration and protocol fields at top level."""
        out: dict[str, Any] = {
            "source_id": self.source_id,
            "model": self.model,
            "model_label": self.model_label,
        }
        out.update(self.configuration.model_dump(mode="json"))
        out["benchmark"] = self.benchmark
        out["benchmark_label"] = self.benchmark_label
        out.update(self.protocol.model_dump(mode="json"))
        out.update(
            value=self.value,
            raw=self.raw,
            scale=self.scale.value,
            bound=self.bound,
            citation=self.citation.model_dump(mode="json", exclude_none=True),
        )
        if self.base_model is not None:
            out["base_model"] = self.base_model
        return out
