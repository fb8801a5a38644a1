"""Parameters: dated, region-scoped thresholds with a unit, a note and a source.

A parameter file (YAML) looks like::

    parameters:
      monitoring_line:
        label: 防止返贫监测范围（人均纯收入）
        unit: money            # money (元) | ratio | count | days
        values:
          - {region: "", from: 2021-01-01, value: 6000, source: "…", note: "national floor"}
          - {region: "53", from: 2025-01-01, value: 8700, source: "云农办通〔2025〕1号"}

Lookup: among the values whose ``region`` is a prefix of the household's region code
(``""`` is national) and whose ``from`` is on or before ``as_of`` (and ``until``, if given, after it),
the most specific region wins, then the latest ``from``. No value is an error naming the parameter,
region and date — never a silent default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from fanpin.errors import ParameterLookupError

__all__ = ["ParameterSpec", "ParameterValue", "Parameters", "ResolvedParameter"]

Unit = Literal["money", "ratio", "count", "days"]


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    region: Annotated[str, StringConstraints(pattern=r"^\d{0,12}$")] = ""
    from_: date = Field(alias="from")
    until: date | None = None
    value: Decimal
    source: str = Field(min_length=1)
    note: str = ""


class ParameterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    label_en: str = ""
    unit: Unit
    values: tuple[ParameterValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_duplicate_starts(self) -> ParameterSpec:
        seen: set[tuple[str, date]] = set()
        for v in self.values:
            if (v.region, v.from_) in seen:
                raise ValueError(f"two values for region {v.region or 'national'!r} from {v.from_}")
            seen.add((v.region, v.from_))
        return self


@dataclass(frozen=True)
class ResolvedParameter:
    """A parameter's value for one region and date, with where it came from (for explanations)."""

    name: str
    label: str
    unit: Unit
    value: Decimal
    region: str
    effective: date
    source: str
    note: str


class Parameters:
    """All parameters of a rulebook, with lookup by region and date (cached per region code and date)."""

    def __init__(self, specs: Mapping[str, ParameterSpec]) -> None:
        self.specs = dict(specs)
        self._cache: dict[tuple[str, date], dict[str, ResolvedParameter]] = {}

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def resolve(self, name: str, region: str, as_of: date) -> ResolvedParameter:
        spec = self.specs[name]
        best: ParameterValue | None = None
        for v in spec.values:
            if not region.startswith(v.region) or v.from_ > as_of or (v.until and v.until <= as_of):
                continue
            if best is None or (len(v.region), v.from_) > (len(best.region), best.from_):
                best = v
        if best is None:
            earliest = min(v.from_ for v in spec.values)
            raise ParameterLookupError(
                f"parameter {name} ({spec.label}) has no value for region {region or '(national)'} on {as_of}",
                parameter=name,
                region=region,
                as_of=as_of.isoformat(),
                fix=f"add a value effective on or before {as_of} (the earliest is from {earliest}), "
                "or score with another --as-of",
            )
        return ResolvedParameter(
            name, spec.label, spec.unit, best.value, best.region, best.from_, best.source, best.note
        )

    def resolve_all(self, names: Iterable[str], region: str, as_of: date) -> dict[str, ResolvedParameter]:
        key = (region, as_of)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            cached = self._cache[key] = {}
        for name in sorted(names):  # sorted: the same parameter is reported first on every run
            if name not in cached:
                cached[name] = self.resolve(name, region, as_of)
        return cached
