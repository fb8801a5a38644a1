"""Parameters: dated, region-scoped thresholds with a unit, a note and a source.

A parameter file (YAML) looks like::

    parameters:
      monitoring_line:
        label: 防止返贫监测范围（人均纯收入）
        label_en: monitoring line (per-capita net income)   # how English output names it
        unit: money            # money (元) | ratio | count | days | months | years | mu | square_metres | km
        values:
          - {region: "", from: 2021-01-01, value: 6000, source: "…", note: "national floor"}
          - {region: "53", from: 2025-01-01, value: 8700, source: "云农办通〔2025〕1号"}

Lookup: among the values whose ``region`` is a prefix of the household's region code
(``""`` is national) and whose ``from`` is on or before ``as_of`` (and ``until``, if given, after it),
the most specific region wins, then the latest ``from``. No value is an error naming the parameter,
region and date — never a silent default.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from fanpin.errors import ParameterLookupError
from fanpin.model.values import full_width, half_width, plain_number
from fanpin.regions import REGION_DIGITS, no_province, region_code_error, region_shaped

__all__ = ["AT_VALUE", "Coverage", "ParameterSpec", "ParameterValue", "Parameters", "ResolvedParameter"]

#: money (元, carried in fen); plain numbers: ratio, count, days, months, years (an age), and the areas and
#: distances of the export: mu (亩), square_metres (平方米), km (公里).
Unit = Literal["money", "ratio", "count", "days", "months", "years", "mu", "square_metres", "km"]


def region_value(value: str) -> str:
    """A parameter value's region: ``""`` (national) or a region code (:mod:`fanpin.regions`), else a
    ValueError saying what a region code is."""
    if value == "":
        return value
    return case_region(value)


def case_region(value: str) -> str:
    """A region code (:mod:`fanpin.regions`) as a rules file writes it, else a ValueError."""
    if region_code_error(value) is None:
        return value
    if region_shaped(value):  # its first two digits no province's
        raise ValueError(f"region {value!r}: {no_province(value)}")
    if value.isascii() and value.isdigit():
        raise ValueError(f"region {value!r} has {len(value)} digit{'' if len(value) == 1 else 's'}; {REGION_DIGITS}")
    raise ValueError(f"region {value!r} is not a region code; {REGION_DIGITS}, written as ASCII digits")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank")
    return value


#: A percentage (30%, 12.5 and a full-width percent sign): a ratio is written as a fraction (0.3).
_PERCENT = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*[%\uff05]")
#: A number written with an exponent (9e3, 1e-05, 1.5E+3): YAML 1.1 reads it as text, which pydantic reads as
#: a number.
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")

#: A number with its unit or a currency sign written beside it, as a notice writes a figure (``9000元``, ``¥8700``,
#: ``0.9万元``, ``6个月``): the number, and what the unit multiplies it by.
_WITH_UNIT = re.compile(
    r"(?:[¥￥]|RMB|rmb)?\s*(?P<number>[0-9]+(?:\.[0-9]+)?)\s*"
    r"(?P<unit>万元|万|千元|元|块|yuan|天|日|个月|月|岁|年|亩|平方米|平米|㎡|公里|千米|km|人|户)?"
)
_UNIT_TIMES = {"万元": 10000, "万": 10000, "千元": 1000}
#: A number whose thousands are grouped by commas (``9,000``, ``8,700.50``), as a spreadsheet shows it.
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def _number_alone(written: str) -> None:
    """Refuses a value written with its unit or a currency sign (``9000元``: pydantic told it "Input should be a
    valid decimal", naming neither the unit nor the number to write) or with its thousands grouped by commas,
    saying the number to write."""
    if _GROUPED.fullmatch(written):
        raise ValueError(
            f"{written} groups its thousands with commas: write the digits alone, value: {written.replace(',', '')}"
        )
    found = _WITH_UNIT.fullmatch(written)
    if found is None or found.group("number") == written:
        return
    number, times = Decimal(found.group("number")), _UNIT_TIMES.get(found.group("unit") or "", 1)
    shown = plain_number(number if times == 1 else (number * times).normalize())  # 8700.50 as written; 9000
    said = f"{written} holds a unit or a currency sign: write the number alone"
    if shown is None or not shown.replace(".", "").isdigit():  # a long number, which a message would mask
        raise ValueError(said)
    raise ValueError(f"{said}, value: {shown}")


def _without_exponent(value: object) -> object:
    """A value is written as digits with at most one point (rules/README.md): ``9e3`` was taken, and printed
    as 9E+3 in the JSON Lines records' parameters. Refused with the digits to write (a value too large to
    write so is left to the range check; one below 0 is refused as such, its digits would be in turn); a
    percentage (``30%``, a ratio written as a clerk says it) is refused with its fraction."""
    if not isinstance(value, str):
        return value
    written = value.strip()
    if full_width(written):  # Python reads full-width 7500 as 7500, where a case's fact or a region is refused
        raise ValueError(
            f"{written} is written with full-width digits: write them half-width, value: {half_width(written)}"
        )
    _number_alone(written)
    if _PERCENT.fullmatch(written):
        fraction = Decimal(written.rstrip("%\uff05").strip()) / 100
        raise ValueError(f"{written} is a percentage: write a ratio as a fraction, value: {fraction.normalize():f}")
    if not _EXPONENT.fullmatch(written):
        return value
    number = Decimal(written)
    if number < 0:
        raise ValueError(f"{written} is below 0: a value is at least 0")
    if len(format(number, "f")) <= 20:
        shown = plain_number(number)  # in words when long: masked as a number otherwise
        if shown is None:
            raise ValueError(f"{written} is written with an exponent: write it as digits")
        raise ValueError(f"{written} is written with an exponent: write it as digits, value: {shown}")
    return value


def _day(value: object) -> object:
    """A value's ``from`` or ``until`` is a day: a time with it (``2025-06-30T00:00:00+08:00``, which YAML reads as
    a moment and pydantic took as its day) is refused, saying the day to write."""
    if isinstance(value, datetime):
        raise ValueError(f"{value.isoformat()} is a time, not a day: write the day, {value.date().isoformat()}")
    return value


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    #: ``""`` (national), or a division code of 2, 4, 6, 9 or 12 ASCII digits (:mod:`fanpin.regions`): a
    #: code in full-width digits, or of another length, would match no household's (whose codes are
    #: such), and the value would never apply
    region: Annotated[str, AfterValidator(region_value)] = ""
    from_: Annotated[date, BeforeValidator(_day)] = Field(alias="from")
    until: Annotated[date | None, BeforeValidator(_day)] = None
    #: At most 12 digits before the point and 6 after (money in 元 up to 10^12, ratios to the millionth);
    #: never negative (a line, a ratio, a count of days or months: a negative line inverts the bands).
    value: Annotated[Decimal, BeforeValidator(_without_exponent)] = Field(
        ge=0, max_digits=18, decimal_places=6, allow_inf_nan=False
    )
    #: Where the value comes from, printed beside it: not blank (a space was taken, and printed as 依据： )
    source: Annotated[str, AfterValidator(_not_blank)] = Field(min_length=1)
    #: The source in English (``--lang en`` prints it); the Chinese ``source`` when left out.
    source_en: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _in_force_some_day(self) -> ParameterValue:
        if self.until is not None and self.until <= self.from_:
            raise ValueError(
                f"until {self.until} is not after from {self.from_}: the value would never be in force "
                "(until is the first day it no longer is)"
            )
        return self


#: The units whose values are whole numbers: what the facts compared with them count is whole.
WHOLE_UNITS = frozenset({"count", "days", "months", "years"})
#: The error type of a parameter's value refused as a whole parameter is checked: its context names the
#: value (``at_value``, its position in ``values``) and the key of it that is wrong (``at_key``), where a rule
#: file's error is then told.
AT_VALUE = "parameter_value"


def _at_value(index: int, key: str, message: str) -> PydanticCustomError:
    """An error of the parameter's ``index``-th value, in its ``key`` (``value``, ``from``), found by a check
    of the whole parameter (pydantic locates such an error at the parameter itself; a value written as a
    block of lines starts on the line of its first key, which need not be the one that is wrong)."""
    ctx = {"at_value": index, "at_key": key}
    return PydanticCustomError(AT_VALUE, message.replace("{", "{{").replace("}", "}}"), ctx)


class ParameterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    #: The label in English: ``--lang en`` names the parameter by it (by its identifier when left out).
    label_en: str = ""
    unit: Unit
    values: tuple[ParameterValue, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _money_to_the_fen(self) -> ParameterSpec:
        """A money value is in 元 to the fen: 9000.005 元 (or a line of 0.001 元) is no amount a household's
        income is compared with, and was taken without a word."""
        if self.unit == "money":
            for i, v in enumerate(self.values):
                if v.value != v.value.quantize(Decimal("0.01")):
                    raise _at_value(
                        i,
                        "value",
                        f"the money value {v.value} (region {repr(v.region) if v.region else '(national)'} from "
                        f"{v.from_}) has a part of a fen",
                    )
        return self

    @model_validator(mode="after")
    def _whole_counts(self) -> ParameterSpec:
        """A count, a number of days, months or years is whole: a count of 6.5 months (compared with a
        household's whole months, printed ``月数 6 < 最少监测月数 6.5``) was taken without a word."""
        if self.unit in WHOLE_UNITS:
            for i, v in enumerate(self.values):
                if v.value != v.value.to_integral_value():
                    where = repr(v.region) if v.region else "(national)"
                    raise _at_value(
                        i, "value", f"the {self.unit} value {v.value} (region {where} from {v.from_}) is not whole"
                    )
        return self

    @model_validator(mode="after")
    def _no_duplicate_starts(self) -> ParameterSpec:
        seen: set[tuple[str, date]] = set()
        for i, v in enumerate(self.values):
            if (v.region, v.from_) in seen:
                where = repr(v.region) if v.region else "(national)"
                raise _at_value(i, "from", f"two values for region {where} from {v.from_}")
            seen.add((v.region, v.from_))
        return self

    def named(self, name: str) -> str:
        """The parameter ``name`` as an English message names it: its identifier, then its English label when
        the file gives one (``dibao_line (rural minimum living standard (dibao))``), never its Chinese label.
        :func:`fanpin.messages.chinese` names it by ``label`` in the message's Chinese
        (:data:`PARAMETER_LABELS`), so that each language reads the parameter in its own words.

        >>> ParameterSpec.model_validate({"label": "线", "label_en": "line", "unit": "money", "values": [
        ...     {"region": "", "from": "2020-01-01", "value": 1, "source": "s"}]}).named("line_a")
        'line_a (line)'
        """
        return f"{name} ({self.label_en})" if self.label_en else name

    def missing_fix(self, region: str, as_of: date, *, anywhere: bool = False) -> str:
        """What to do when the parameter has no value for ``region`` on ``as_of``, from the values that
        apply to the region (its own and those of the regions that contain it): a value to add for the
        region, for the gap between two values, after the last one, or a later ``--as-of``. ``anywhere``:
        it has no value in force on ``as_of`` in any region (all its values are looked at).

        >>> spec = ParameterSpec.model_validate({"label": "线", "unit": "money", "values": [
        ...     {"region": "53", "from": "2024-01-01", "until": "2025-01-01", "value": 8000, "source": "云南"},
        ...     {"region": "53", "from": "2025-07-01", "value": 8700, "source": "云南"}]})
        >>> spec.missing_fix("532328", date(2025, 3, 1))
        'its values for the region leave a gap from 2025-01-01 to 2025-07-01: add a value in force then'
        >>> spec.missing_fix("130102", date(2025, 3, 1))
        'add a value for region 130102 (or a region containing it): it has values for 53 only'
        >>> spec.missing_fix("", date(2025, 3, 1), anywhere=True)[:60]
        'no region has a value in force on 2025-03-01 (its values: 53'
        """
        if anywhere:  # each region's dates differ: say what each has
            spans = [
                f"{v.region or '(national)'} from {v.from_}" + (f" until {v.until}" if v.until else "")
                for v in sorted(self.values, key=lambda v: (v.region, v.from_))
            ]
            shown = "; ".join(spans[:6]) + (f"; and {len(spans) - 6} more" if len(spans) > 6 else "")
            return (
                f"no region has a value in force on {as_of} (its values: {shown}): add one, or score at a date covered"
            )
        applying = [v for v in self.values if region.startswith(v.region)]
        if not applying:
            others = ", ".join(sorted({v.region or "(national)" for v in self.values}))
            where = region or "(national)"
            return f"add a value for region {where} (or a region containing it): it has values for {others} only"
        ended = [v.until for v in applying if v.until is not None and v.until <= as_of]
        later = [v.from_ for v in applying if v.from_ > as_of]
        if ended and later:
            return f"its values for the region leave a gap from {max(ended)} to {min(later)}: add a value in force then"
        if later:
            first = min(later)
            return f"add a value in force on {as_of}, or score with an --as-of on or after {first} (its first there)"
        return f"its last value for the region ended on {max(ended)}: add a value from then on" if ended else ""


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
    source_en: str = ""
    label_en: str = ""  # the label in English (``--lang en`` names the parameter by it), when given

    def shown_source(self, lang: str) -> str:
        """The source as a sentence in ``lang`` prints it: ``source_en`` in English when given."""
        return self.source_en or self.source if lang == "en" else self.source


#: Every parameter a rulebook of this process has (loaded or unpickled): its label and English label, for
#: the sentences that name one without a value for a household's region (a test reading it is unknown, and
#: a member condition reading it may still hold by another of its branches).
class _Labels(dict[str, tuple[str, str]]):
    """A dict that counts its changes (:attr:`changes`): texts made from the labels are remembered under that
    count (:func:`fanpin.results.sentences`), so that a label changed any way is never read from an old text."""

    changes = 0

    def _changed(self) -> None:
        self.changes += 1

    def __setitem__(self, key: str, value: tuple[str, str]) -> None:
        super().__setitem__(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._changed()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        self._changed()

    def pop(self, *args: Any) -> Any:
        self._changed()
        return super().pop(*args)

    def popitem(self) -> tuple[str, tuple[str, str]]:
        self._changed()
        return super().popitem()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def setdefault(self, key: str, default: tuple[str, str] = ("", "")) -> tuple[str, str]:
        self._changed()
        return super().setdefault(key, default)

    def __ior__(self, other: Any) -> Any:  # type: ignore[misc]  # dict.__or__ gives a dict, not one of these
        self._changed()
        return super().__ior__(other)


PARAMETER_LABELS: _Labels = _Labels()


def remember_labels(specs: Mapping[str, ParameterSpec]) -> None:
    """Put these parameters' labels in :data:`PARAMETER_LABELS` (a rulebook's, as it is loaded)."""
    labels = {name: (spec.label, spec.label_en) for name, spec in specs.items()}
    if any(PARAMETER_LABELS.get(name) != label for name, label in labels.items()):  # a rulebook loaded again
        PARAMETER_LABELS.update(labels)


def labels_changed() -> int:
    """How many times :data:`PARAMETER_LABELS` has changed in this process: what a text made from the labels
    is remembered under."""
    return PARAMETER_LABELS.changes


#: The region codes whose scope :meth:`Parameters.scope` keeps, and whose places of count :meth:`Coverage.count`
#: keeps: a file's codes come again in every chunk (a county's thousands of village codes, a province's tens of
#: thousands), each looked up where a chunk is scored and where its households are counted.
_SCOPES_KEPT = 1 << 17


class Parameters:
    """All parameters of a rulebook, with lookup by region and date (cached per region code and date)."""

    def __init__(self, specs: Mapping[str, ParameterSpec]) -> None:
        self.specs = dict(specs)
        remember_labels(self.specs)
        self._cache: dict[tuple[str, date], dict[str, ResolvedParameter]] = {}
        self._known: dict[tuple[str, date, tuple[str, ...]], tuple[dict[str, ResolvedParameter], tuple[str, ...]]] = {}
        # Every region some value is given for, by length, longest first (for :meth:`scope`).
        regions = {v.region for spec in self.specs.values() for v in spec.values}
        self._regions = sorted(
            ((n, frozenset(r for r in regions if len(r) == n)) for n in {len(r) for r in regions}), reverse=True
        )
        #: each region code's scope, as :meth:`scope` found it (at most :data:`_SCOPES_KEPT`)
        self._scopes: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:  # a rulebook given to a worker process: without the codes met
        return {k: v for k, v in self.__dict__.items() if k != "_scopes"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._scopes = {}
        remember_labels(self.specs)

    def scope(self, region: str) -> str:
        """The longest region some parameter value is given for that is a prefix of ``region`` (``""`` when
        none is): two codes of one scope resolve every parameter alike, since the value regions that
        prefix a code are prefixes of one another, all of them prefixes of its scope.

        >>> spec = ParameterSpec.model_validate({"label": "线", "unit": "money", "values": [
        ...     {"region": "53", "from": "2020-01-01", "value": 8000, "source": "云南"}]})
        >>> Parameters({"line": spec}).scope("532328103201"), Parameters({"line": spec}).scope("130102")
        ('53', '')
        """
        found = self._scopes.get(region)
        if found is None:
            found = next((region[:n] for n, regions in self._regions if region[:n] in regions and len(region) >= n), "")
            if len(self._scopes) >= _SCOPES_KEPT:  # a host's codes without end: memory stays bounded
                self._scopes.clear()
            self._scopes[region] = found
        return found

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
            raise ParameterLookupError(
                f"parameter {spec.named(name)} has no value for region {region or '(national)'} on {as_of}",
                parameter=name,
                region=region,
                as_of=as_of.isoformat(),
                fix=spec.missing_fix(region, as_of),
            )
        return ResolvedParameter(
            name,
            spec.label,
            spec.unit,
            best.value,
            best.region,
            best.from_,
            best.source,
            best.note,
            best.source_en,
            spec.label_en,
        )

    def resolve_known(
        self, names: Iterable[str], region: str, as_of: date
    ) -> tuple[dict[str, ResolvedParameter], tuple[str, ...]]:
        """The parameters that have a value for ``region`` on ``as_of``, and the names of those that have
        none: the rules reading a missing one are not evaluable there, rather than the run stopping."""
        chosen = tuple(sorted(set(names)))
        key = (self.scope(region), as_of, chosen)
        found = self._known.get(key)
        if found is None:
            known: dict[str, ResolvedParameter] = {}
            missing: list[str] = []
            for name in chosen:
                if name not in self.specs:  # not declared at all (a rulebook without the reference ones)
                    missing.append(name)
                    continue
                try:
                    known[name] = self.resolve_all((name,), region, as_of)[name]
                except ParameterLookupError:
                    missing.append(name)
            if len(self._known) > 4096:
                self._known.clear()
            found = self._known[key] = (known, tuple(missing))
        return dict(found[0]), found[1]

    def falls_back(self, name: str, resolved: ResolvedParameter) -> bool:
        """True when ``resolved`` is the national value of a parameter that regions set for themselves
        (the monitoring line): a household outside every region with a value gets the national floor."""
        return resolved.region == "" and any(v.region for v in self.specs[name].values)

    def resolve_all(self, names: Iterable[str], region: str, as_of: date) -> dict[str, ResolvedParameter]:
        # Cached per scope: the thousands of village codes of a county share a handful of scopes.
        key = (self.scope(region), as_of)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            cached = self._cache[key] = {}
        for name in sorted(names):  # sorted: the same parameter is reported first on every run
            if name not in cached:
                cached[name] = self.resolve(name, region, as_of)
        return cached


class Coverage:
    """Which parameters the households of a run lack, and which fall back to the national value.

    A run does not stop on a missing parameter: the rules that read it are not evaluable for the
    households it touches. ``Coverage`` counts those households per parameter and region, for the
    warning at the end of the run; with ``strict`` the first gap stops the run instead.

    >>> from datetime import date
    >>> spec = ParameterSpec.model_validate({"label": "线", "unit": "money", "values": [
    ...     {"region": "53", "from": "2020-01-01", "value": 8000, "source": "云南"}]})
    >>> coverage = Coverage(Parameters({"line": spec}), ["line"], date(2025, 6, 30))
    >>> coverage.count(["530102", "530103", "130102"])
    >>> [note.split(":")[0] for note in coverage.notes()]
    ['parameter line has no value for region 13 on 2025-06-30']
    """

    def __init__(self, parameters: Parameters, names: Iterable[str], as_of: date, *, strict: bool = False) -> None:
        # Only the parameters the rulebook defines: a rule cannot name another (the rulebook refuses it), and
        # the band's (monitoring_line …) may be absent (load_rulebook(reference=False): no band), where
        # counting them had stopped a file's run with a bare KeyError.
        names = sorted(n for n in set(names) if n in parameters.specs)
        self.parameters, self.names, self.as_of, self.strict = parameters, names, as_of, strict
        self._by_scope: dict[str, tuple[tuple[str, str], ...]] = {}
        #: each region code met → where its households are counted: (the table, its key) per gap
        self._by_code: dict[str, tuple[tuple[dict[tuple[str, str], int], tuple[str, str]], ...]] = {}
        self.missing: dict[tuple[str, str], int] = {}
        self.fallback: dict[tuple[str, str], int] = {}

    def count(self, region_codes: Iterable[str | None] | Mapping[str, int]) -> None:
        """Count the households of these region codes: one code per household, or a mapping from each
        code to its number of households. Where a code's households are counted is worked out once a run
        (a file's thousands of village codes come again in every chunk), but with ``strict``, which looks
        at each code again and stops at the first gap."""
        counted = region_codes if isinstance(region_codes, Mapping) else Counter(region_codes)
        for code, households in counted.items():
            if code is None:
                continue
            places = None if self.strict else self._by_code.get(code)
            if places is None:
                if len(self._by_code) >= _SCOPES_KEPT:  # a national file's half a million village codes
                    self._by_code.clear()
                places = self._by_code[code] = self._places(code)
            for table, key in places:
                table[key] = table.get(key, 0) + households

    def _places(self, code: str) -> tuple[tuple[dict[tuple[str, str], int], tuple[str, str]], ...]:
        """Where the households of ``code`` are counted: per gap of its scope, the table and its key."""
        scope = self.parameters.scope(code)
        gaps = self._by_scope.get(scope)
        if gaps is None or self.strict:
            gaps = self._by_scope[scope] = self._gaps(code)
        return tuple(
            (self.missing if kind == "missing" else self.fallback, (name, self._shown_region(name, code)))
            for kind, name in gaps
        )

    def _gaps(self, code: str) -> tuple[tuple[str, str], ...]:
        if self.strict:
            try:
                self.parameters.resolve_all(self.names, code, self.as_of)
            except ParameterLookupError as lacking:
                raise self._stop(lacking, code) from None
        known, missing = self.parameters.resolve_known(self.names, code, self.as_of)
        fallback = [n for n, p in known.items() if self.parameters.falls_back(n, p)]
        return tuple([("missing", n) for n in missing] + [("fallback", n) for n in fallback])

    def _stop(self, missing: ParameterLookupError, code: str) -> ParameterLookupError:
        """The error ``strict`` stops at, naming the region as the warnings do (:meth:`_shown_region`: the county,
        532301, where it named the household's village code and said to add a value for that village)."""
        region = self._shown_region(missing.parameter, code)
        if region and region != code:
            try:
                self.parameters.resolve(missing.parameter, region, self.as_of)
            except ParameterLookupError as there:  # the lookup's own error, at the region the warnings name
                return there
        return missing

    def _shown_region(self, name: str, code: str) -> str:
        """Where the gap is: "" when the parameter has no value in force anywhere on the date, the
        province when it has none in that province, else the household's code cut to the level of the
        province's values (the county, 532328, when the province has values for other counties: one note
        for the county's village codes, not one per village)."""
        values = [v for v in self.parameters.specs[name].values if v.from_ <= self.as_of]
        values = [v for v in values if v.until is None or v.until > self.as_of]
        if not values:
            return ""
        province = code[:2]
        inside = [len(v.region) for v in values if v.region.startswith(province)]
        if not inside:
            return province
        return code[: min(inside)] if min(inside) > 2 else code

    def notes(self, *, counted: bool = True) -> list[str]:
        """A warning per parameter and region (:meth:`_shown_region`) the households counted lack, then one per
        parameter and region they took the national value of, each with what to add. ``counted``: with the
        number of households; without it, the warnings of the one household ``fanpin explain`` shows, which
        name the region as ``fanpin score`` does (the county, not the household's village code)."""
        notes = []
        for (name, region), households in sorted(self.missing.items()):
            spec = self.parameters.specs[name]
            where = f"for region {region} " if region else ""
            fix = f"{spec.missing_fix(region, self.as_of, anywhere=not region)} (--rules DIR)"
            touched = f" for {households} household(s)" if counted else ""
            notes.append(
                f"parameter {spec.named(name)} has no value {where}on {self.as_of}: the rules that read it "
                f"are not evaluable{touched}; {fix}"
            )
        for (name, region), households in sorted(self.fallback.items()):
            scored = f"{households} household(s) were" if counted else "the household was"
            notes.append(
                f"parameter {self.parameters.specs[name].named(name)} has no value of its own for region "
                f"{region} on {self.as_of}: {scored} scored with the national value; "
                "add the region's value if it has one (--rules DIR)"
            )
        return notes
