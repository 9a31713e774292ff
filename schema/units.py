"""One unit per benchmark: the conversions from the scale a source printed to the benchmark's unit.

The store writes `value_norm` and `unit` with `normalize`; the report converts for display
with the same `convert`, so SQL users and readers of the report see the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable

from benchtable.schema.records import Scale

NATURAL_UNIT: dict[Scale, Scale] = {
    Scale.FRACTION: Scale.PERCENT,
    Scale.MS_PER_TOKEN: Scale.TOKENS_PER_S,
    Scale.S_PER_TOKEN: Scale.TOKENS_PER_S,
    Scale.MIB: Scale.GB,
    Scale.MILLISECONDS: Scale.SECONDS,
}
"""The unit a printed scale is normalised to when the benchmark names none."""

CONVERSIONS: dict[tuple[Scale, Scale], Callable[[float], float | None]] = {
    (Scale.FRACTION, Scale.PERCENT): lambda v: round(v * 100, 4),
    (Scale.MS_PER_TOKEN, Scale.TOKENS_PER_S): lambda v: round(1000.0 / v, 2) if v > 0 else None,
    (Scale.S_PER_TOKEN, Scale.TOKENS_PER_S): lambda v: round(1.0 / v, 2) if v > 0 else None,
    (Scale.MIB, Scale.GB): lambda v: round(v / 1024, 3),
    (Scale.MILLISECONDS, Scale.SECONDS): lambda v: round(v / 1000.0, 4),
}
"""(printed scale, unit) → conversion; rounded so that 0.732 × 100 is 73.2, not 73.19999."""


def natural_unit(scale: Scale) -> Scale:
    return NATURAL_UNIT.get(scale, scale)


def convert(value: float, from_scale: Scale, to_scale: Scale) -> float | None:
    """`value` printed on `from_scale`, expressed in `to_scale`; None when there is no conversion."""
    if from_scale == to_scale:
        return value
    conversion = CONVERSIONS.get((from_scale, to_scale))
    return conversion(value) if conversion is not None else None


def normalize(value: float, scale: Scale, unit: Scale) -> tuple[float | None, str | None]:
    """(value_norm, unit) of a record; (None, None) when its scale cannot be read in the unit."""
    converted = convert(value, scale, unit)
    return (converted, unit.value) if converted is not None else (None, None)
