"""What the input models share: refused records raise :class:`~fanpin.RecordValidationError`, a
:class:`~fanpin.FanpinError` that is also pydantic's ``ValidationError``, with personal values masked and
unknown keys refused with the nearest known key.

:class:`Record` is the base of :class:`~fanpin.model.household.Household` and
:class:`~fanpin.model.member.Member` (both ``extra="forbid"``):

- **Unknown keys are refused**, each with a "did you mean" naming the nearest English name or Chinese
  header, so that a misspelt column never silently becomes an unknown fact. A host that passes records
  with keys of its own says so explicitly: ``Household.model_validate(record, extra="ignore")`` (pydantic's
  own per-call option). The file readers do not need it: they give the model only the columns it reads
  and pass the other columns through themselves.
- **Every refusal is a FanpinError**: ``model_validate``, ``model_validate_json``, ``model_validate_strings``
  and the constructor raise :class:`~fanpin.RecordValidationError`. Its :meth:`errors` are pydantic's
  (``loc``, ``type``, ``msg``), with the ``input`` masked when it is personal, in every path pydantic
  validates the model by (a FastAPI request body too).

>>> from fanpin import Household, RecordValidationError
>>> try:
...     Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户", "家庭人口数": 4,
...         "工资收入": 20000, "生产经营性收入": 0, "财产性收入": 0, "转移性收入": 0})
... except RecordValidationError as exc:
...     for error in exc.errors():
...         print(error["loc"], error["msg"])
('wage_income',) Field required
('工资收入',) unknown key; did you mean 工资性收入 (wage_income)?
"""

from __future__ import annotations

import math
import sys
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Self, get_args

from pydantic import AliasChoices, BaseModel, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic.config import ExtraValues
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from fanpin.errors import Location, RecordValidationError, suggest
from fanpin.model.values import (
    BINARY,
    NOT_DECODED,
    PANDAS_MISSING,
    Pii,
    array_as_list,
    is_cell_value,
    is_empty,
    mask,
    mask_numbers,
    not_a_value,
    without_half_pairs,
)

__all__ = [
    "DERIVED_KEY",
    "DUPLICATE_NAMES",
    "NEAREST_KEY",
    "NO_SUCH_KEY",
    "PANDAS_MISSING",
    "REQUIRED_EMPTY_TYPE",
    "UNKNOWN_KEY_FIX",
    "Record",
    "known_keys",
    "refused",
]

_BUILTIN_TYPES = frozenset(get_args(ErrorType))
UNKNOWN_KEY = "unknown_key"
#: The error type of a key that names a column the record also gives under another of its names
#: (户编号 beside household_id): pydantic reads one of them and refuses the other as extra.
DUPLICATE_KEY = "duplicate_key"
#: The refusals of a key (pydantic's templates: ``{name}`` is filled in), which an errors file states as a
#: row's reason when ``Scorer.score`` is given dicts (translated in :mod:`fanpin.results.reasons`).
#: A column given under two of its names:
DUPLICATE_NAMES = (
    "{key} names a column the record also gives under another of its names ({english}, {chinese}): keep one of them"
)
#: A derived value given as a column:
DERIVED_KEY = (
    "{key} ({title}) is derived by fanpin from the other values: leave it out "
    "(model_dump(exclude_computed_fields=True) gives a record that validates)"
)
#: A key near a known one:
NEAREST_KEY = "unknown key; did you mean {suggestion} ({other})?"
#: The fix of an unknown key, as the models' own validation takes ``extra="ignore"``:
UNKNOWN_KEY_FIX = 'rename each unknown key, or pass extra="ignore" to drop keys of your own'
#: The fix of an unknown key in a record given to ``Scorer.assess`` or ``Scorer.plan``, which take no ``extra=``
#: (:data:`UNKNOWN_KEY_FIX` had told a host to pass it).
ASSESS_UNKNOWN_KEY_FIX = (
    'rename each unknown key, or leave out keys of your own (Household.model_validate(record, extra="ignore") drops '
    "them, and assess takes that Household)"
)
#: The fix of a value refused, of a required column left out, and of a column given under two names.
CORRECT_VALUES = "correct each value listed (an empty value is unknown; write 0 for none)"
ADD_LEFT_OUT = "add each required column listed as not given"
ONE_NAME_EACH = "give each column under one name only"
#: Every fix a record's refusal joins (with "; "), in the order it joins them.
RECORD_FIXES = (CORRECT_VALUES, ADD_LEFT_OUT, UNKNOWN_KEY_FIX, ASSESS_UNKNOWN_KEY_FIX, ONE_NAME_EACH)
#: A key near none:
NO_SUCH_KEY = (
    "unknown key: {model} has no column of that name (write the English name or the Chinese header; "
    'to pass keys of your own, validate with extra="ignore")'
)
#: The error type of a household's members given as no list of records (a text, a number), or a member given
#: as no record (``None``): what to give instead, where pydantic named its own types ("Input should be a valid
#: tuple", of a list of names; "… a valid dictionary or instance of Member").
MEMBERS_TYPE = "members_type"
#: … the members as a whole:
MEMBERS_LIST = (
    "members (家庭成员) must be a list of the household's member records, one per person, each a mapping of its "
    "columns (人编号, 与户主关系 …)"
)
#: … one member:
MEMBER_RECORD = "a member must be a record: a mapping of its columns (人编号, 与户主关系 …), or a Member"
#: pydantic's error types of a value that is not a list, and of an item that is not a record
_NOT_A_LIST = frozenset({"tuple_type", "list_type", "iterable_type"})
_NOT_A_RECORD = frozenset({"model_type", "model_attributes_type", "dict_type"})
#: The error type of a required value given empty (``None``, ``""`` or white space): its message is the
#: reason a file's row gets for the same cell (``required value is empty; write 0 …``), where pydantic
#: said what type it had expected ("Input should be a valid integer").
REQUIRED_EMPTY_TYPE = "required_empty"


@cache
def _keys(model: type[BaseModel]) -> dict[str, str]:
    """Every key ``model`` accepts (field names, English names, Chinese headers and their variants) →
    the field it fills."""
    keys: dict[str, str] = {}
    for name, field in model.model_fields.items():
        keys[name] = name
        alias = field.validation_alias
        for choice in alias.choices if isinstance(alias, AliasChoices) else (alias,):
            if isinstance(choice, str):
                keys.setdefault(choice, name)
    return keys


def known_keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys a record of ``model`` may have: English names and Chinese headers (and their variants).

    >>> from fanpin import Household
    >>> "工资性收入" in known_keys(Household), "wage_income" in known_keys(Household)
    (True, True)
    """
    return tuple(_keys(model))


def _names(model: type[BaseModel], field: str) -> tuple[str, str]:
    """A field's English name (its first accepted key) and Chinese header."""
    info = model.model_fields[field]
    alias = info.validation_alias
    english = alias.choices[0] if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str) else field
    return english, info.title or field


def _personal(model: type[BaseModel], key: object) -> bool:
    from fanpin.model.columns import is_pii_column  # columns reads the household model: imported when used

    field = _keys(model).get(str(key))
    if field is not None and Pii in get_args(model.model_fields[field].annotation):
        return True
    return isinstance(key, str) and is_pii_column(key)


def _masked(model: type[BaseModel], value: Any, personal: bool, key: object = None) -> Any:
    """An input value as an error may show it: personal values masked, ID and mobile numbers masked in
    any text, a mapping (the whole record, in a ``missing`` error) masked key by key. Text under ``key``
    (the column it was given for) is masked as the errors file masks a refused cell
    (:func:`~fanpin.model.export_columns.masked_refused_value`): a name or a diagnosis typed into a column
    of numbers or words (张三丰 as 家庭人口数, 肺癌 as a risk) is masked as a name is, ``张**``."""
    if isinstance(value, Pii):
        return value.masked
    if isinstance(value, Mapping):  # under a personal key (a name given as a dict), every value is personal
        return {_masked_key(k): _masked(model, v, personal or _personal(model, k), k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(model, v, personal, key) for v in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str | int | float | Decimal | date):
        text = without_half_pairs(str(value))  # refused for one (values.HALF_PAIR), shown as U+FFFD
        if personal:
            return mask(text)
        shown = mask_numbers(text)
        if isinstance(key, str):
            from fanpin.model.export_columns import masked_refused_value  # reads the models: imported when used

            shown = masked_refused_value(key, shown)
        # a NaN or an infinity as its text (nan, inf): no JSON holds the number, and a service's 422 that
        # gave it back had failed to be written (FastAPI answered 500, Internal Server Error)
        return value if shown == str(value) and _finite(value) else shown
    return f"<{type(value).__name__}>"  # any other object: its type only, never its content


def _finite(value: object) -> bool:
    """Whether ``value`` is no float or ``Decimal`` NaN or infinity."""
    if isinstance(value, float):
        return math.isfinite(value)
    return value.is_finite() if isinstance(value, Decimal) else True


def _masked_key(key: Any) -> Any:
    """A key (or a place in ``loc``) as an error may show it: an ID or phone number masked (a record keyed by
    ID number, ``{"532328…": record}``, made each ID number an unknown key, shown in ``loc`` and ``repr``)."""
    text = str(key) if isinstance(key, str | int) and not isinstance(key, bool) else None
    return key if text is None or mask_numbers(text) == text else mask_numbers(text)


def _unknown_key(model: type[BaseModel], key: str, given: Collection[object] = ()) -> PydanticCustomError:
    """Why pydantic refused ``key`` as extra: a column given twice, a derived value, or a key fanpin does not
    know (with the nearest one it knows). ``given``: the record's keys."""
    known = _keys(model)
    if key in known:  # known, so another name of its column was given too: "did you mean 户编号" of 户编号
        english, chinese = _names(model, known[key])
        return PydanticCustomError(DUPLICATE_KEY, DUPLICATE_NAMES, {"key": key, "english": english, "chinese": chinese})
    computed = model.model_computed_fields
    # A derived value named by its English name or its Chinese title (人均纯收入): not a column misspelt.
    key = next((name for name, f in computed.items() if f.title == key.strip()), key)
    if key in computed:
        title = computed[key].title or key
        return PydanticCustomError(UNKNOWN_KEY, DERIVED_KEY, {"key": key, "title": title})
    # The title of a field read by its name only (家庭成员, the members' title): that name, not a look-alike.
    titled = next((name for name, f in model.model_fields.items() if f.title == key.strip()), None)
    if titled is not None and titled in given:  # 家庭成员 beside members: given twice, not to be renamed to it
        english, chinese = _names(model, titled)
        return PydanticCustomError(DUPLICATE_KEY, DUPLICATE_NAMES, {"key": key, "english": english, "chinese": chinese})
    nearest = titled or _nearest(key, known, given)
    if nearest is None:
        return PydanticCustomError(UNKNOWN_KEY, NO_SUCH_KEY, {"model": model.__name__})
    english, chinese = _names(model, known[nearest])
    other = chinese if nearest != chinese else english
    return PydanticCustomError(UNKNOWN_KEY, NEAREST_KEY, {"suggestion": nearest, "other": other})


def _nearest(key: str, known: Mapping[str, str], given: Collection[object]) -> str | None:
    """The key to suggest for the unknown ``key`` among ``known`` (key → field), naming none of the fields the
    record's keys (``given``) give already: ``household_size`` had been told "did you mean household_id", which
    the record gave, and renamed so it was refused again as a column given twice. An English name whose words
    are all words of ``key`` (``size`` in ``household_size``, ``wage_income`` in ``income_wage``) before the
    nearest by spelling."""
    have = {known[k] for k in given if isinstance(k, str) and k in known}
    absent = {k: f for k, f in known.items() if f not in have}
    words = set(key.strip().lower().replace("-", "_").split("_"))
    within = [k for k in absent if k.isascii() and set(k.split("_")) <= words]
    if within:
        return max(within, key=len)
    return suggest(key, absent)


def _members_shape(model: type[BaseModel], loc: tuple[int | str, ...], kind: str) -> str | None:
    """Why a household's members (``loc`` ``("members",)``) or one of them (``("members", 0)``) are refused, if
    the error is one of their shape (:data:`MEMBERS_TYPE`); None otherwise."""
    if not loc or loc[0] != "members" or "members" not in model.model_fields:
        return None
    if len(loc) == 1 and kind in _NOT_A_LIST:
        return MEMBERS_LIST
    return MEMBER_RECORD if len(loc) == 2 and kind in _NOT_A_RECORD else None


def _empty_required(model: type[BaseModel], error: ErrorDetails) -> PydanticCustomError | None:
    """The refusal of a required value given empty, if ``error`` is one: the error of a required field
    (named as the record gave it) whose input is empty (``None``, or blank text; the field's parser makes
    a blank value ``None``). A key left out is pydantic's ``missing`` (``Field required``), as it was."""
    loc = error["loc"]
    if len(loc) != 1 or not isinstance(loc[0], str) or error["type"] == "missing" or not is_empty(error.get("input")):
        return None
    field = _keys(model).get(loc[0])
    if field is None or not model.model_fields[field].is_required():
        return None
    reason = model._empty_reason(field) if issubclass(model, Record) else "required value is empty"
    return PydanticCustomError(REQUIRED_EMPTY_TYPE, reason)


def _details(
    model: type[BaseModel], exc: ValidationError, given: Collection[object] = ()
) -> Iterator[InitErrorDetails]:
    """``exc``'s errors as pydantic will raise them again: inputs masked, unknown keys (of a record whose keys
    are ``given``) and empty required values explained."""
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        key = loc[0] if loc else None
        column = next((part for part in reversed(loc) if isinstance(part, str)), None)  # members.0.出生日期
        personal = _personal(model, key) if key is not None else False
        masked = _masked(model, error.get("input"), personal, column)
        ctx = error.get("ctx")
        kind: str | PydanticCustomError
        empty = _empty_required(model, error)
        if empty is not None:
            kind, ctx = empty, None
        elif error["type"] == "extra_forbidden" and isinstance(key, str):
            kind = _unknown_key(model, key, given)
        elif (reason := _members_shape(model, loc, error["type"])) is not None:
            kind, ctx = PydanticCustomError(MEMBERS_TYPE, reason), None
            masked = _masked(model, error.get("input"), True, None)  # a name typed there: masked as one
        elif error["type"] in _BUILTIN_TYPES:
            kind = error["type"]
        else:  # a custom type (unknown_key, explained already): its message as it reads, its context kept
            kind = PydanticCustomError(error["type"], error["msg"], ctx)
        detail = InitErrorDetails(type=kind, loc=tuple(map(_masked_key, loc)), input=masked)
        if ctx is not None and isinstance(kind, str):
            detail["ctx"] = ctx
        yield detail


#: The start pydantic gives the message of a ValueError a validator raised (``Value error, not a whole number``):
#: the reason is what follows it.
VALUE_ERROR_PREFIX = "Value error, "
#: A required column a record leaves out, as its refusal says it (pydantic's type ``missing``, "Field required").
LEFT_OUT = "a required column, not given"


def problem_place(model: type[BaseModel], loc: tuple[int | str, ...], kind: str) -> str:
    """Where a record's problem is, as its refusal's message names it: the key as the record gave it
    (``家庭人口数``, ``members.0.出生日期``); a required column the record left out, which it gave under no
    name, by its header and English name (``生产经营性收入 (business_income)``, as a file's missing column is named)."""
    if kind == "missing" and len(loc) == 1 and isinstance(loc[0], str) and loc[0] in model.model_fields:
        english, header = _names(model, loc[0])
        return english if header == english else f"{header} ({english})"
    return ".".join(map(str, loc)) or "(record)"


def problem_reason(msg: str, kind: str, lang: str = "en") -> str:
    """A record's problem as its refusal's message says it: pydantic's message without the start it gives a
    validator's reason (``Value error, ``), a column left out said so (:data:`LEFT_OUT`); in Chinese as an errors
    file states a row's reason (:func:`~fanpin.results.reasons.reason_text`)."""
    reason = LEFT_OUT if kind == "missing" else msg.removeprefix(VALUE_ERROR_PREFIX)
    if lang == "en":
        return reason
    from fanpin.results.reasons import reason_text  # it reads this module's texts

    return reason_text(reason, lang)


def refused(model: type[BaseModel], exc: ValidationError) -> RecordValidationError:
    """``exc`` (pydantic's, for a ``model`` record) as a :class:`~fanpin.RecordValidationError`."""
    details = list(_details(model, exc))
    error = RecordValidationError.from_exception_data(exc.title, details, hide_input=True)
    problems = error.errors(include_url=False)
    parts = [f"{problem_place(model, e['loc'], e['type'])}: {problem_reason(e['msg'], e['type'])}" for e in problems]
    shown = "; ".join(parts[:10]) + (f"; and {len(parts) - 10} more" if len(parts) > 10 else "")
    error.model = model.__name__
    error.message = f"{model.__name__} refused, {len(problems)} problem(s): {shown}"
    fixes = []
    if any(e["type"] not in (UNKNOWN_KEY, DUPLICATE_KEY, "missing") for e in problems):
        fixes.append(CORRECT_VALUES)
    if any(e["type"] == "missing" for e in problems):
        fixes.append(ADD_LEFT_OUT)
    if any(e["type"] == UNKNOWN_KEY for e in problems):
        fixes.append(UNKNOWN_KEY_FIX)
    if any(e["type"] == DUPLICATE_KEY for e in problems):
        fixes.append(ONE_NAME_EACH)
    error.fix = "; ".join(fixes)
    error.location = Location()
    return error


#: The kinds of a value whose refusal is the models' own fields' (:func:`_no_value`): the value of a listed column
#: (the measures in place, a member's labels), a record or a model (members), and a numpy array of them.
_FIELDS_JUDGE = (list, tuple, set, frozenset, Mapping, BaseModel)
#: The kinds of a value taken at once (:func:`_refused_values`): what a file's row and most records hold, and the
#: lists and dicts :func:`_no_value` leaves to the fields (members, the measures in place): a household's record
#: with its members had been looked through key by key, some 2 µs of its validation.
_PLAIN = frozenset({str, int, float, Decimal, bool, type(None), list, tuple, dict})


def _no_value(value: object) -> str | None:
    """Why ``value`` is no column's value, or None: bytes are text not yet decoded (pydantic's lax mode had
    decoded ``bytes`` as UTF-8 in a plain text column, 户编号 or 贷款用途, and not in the others, and a
    ``bytearray`` had been read as its Python text), and an object of no kind a cell holds
    (:func:`~fanpin.model.values.is_cell_value`: ``object()``, a UUID) had been read as its Python text in a
    personal column (户主姓名) and refused in pydantic's words in another, where ``Scorer`` refuses both."""
    if isinstance(value, BINARY):
        return NOT_DECODED
    if is_cell_value(value) or isinstance(value, _FIELDS_JUDGE) or array_as_list(value) is not value:
        return None
    return not_a_value(value)


def _refused_values(model: type[BaseModel], record: Mapping[Any, Any]) -> dict[str, tuple[str, str, str]]:
    """The keys of ``record`` that give a known column no value (:func:`_no_value`), each with its field, the
    reason and the type of the value (members given so are refused as no list of records, by their own check; an
    unknown key as unknown)."""
    if _PLAIN.issuperset(map(type, record.values())):  # in C: a generator over the values cost about 1.5 µs
        return {}
    known = _keys(model)
    return {
        k: (known[k], reason, type(v).__name__)
        for k, v in record.items()
        if known.get(k) not in (None, "members") and (reason := _no_value(v)) is not None
    }


def _value_errors(refused: Mapping[str, tuple[str, str, str]]) -> list[InitErrorDetails]:
    """The refusal of each key of :func:`_refused_values`, showing the value's type, never its content."""
    return [
        InitErrorDetails(type="value_error", loc=(key,), input=f"<{kind}>", ctx={"error": ValueError(reason)})
        for key, (_, reason, kind) in refused.items()
    ]


def _left_out(error: InitErrorDetails, fields: Collection[str]) -> bool:
    """Whether ``error`` says that one of ``fields``, refused for its value and so validated without, is missing."""
    loc = error["loc"]
    return error["type"] == "missing" and len(loc) == 1 and loc[0] in fields


class Record(BaseModel):
    """The base of fanpin's input models (module docstring): refusals are :class:`~fanpin.RecordValidationError`."""

    @model_validator(mode="wrap")
    @classmethod
    def _explained_refusals(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # Inside pydantic, so that every path that validates the model (model_validate, a FastAPI
        # body, a TypeAdapter) reports unknown keys with a "did you mean" and never shows personal data.
        # (pandas' missing values exist only once pandas is imported: a record is not looked through before)
        if (
            "pandas" in sys.modules
            and isinstance(data, Mapping)
            and any(type(v).__name__ in PANDAS_MISSING for v in data.values())
        ):
            data = {k: None if type(v).__name__ in PANDAS_MISSING else v for k, v in data.items()}
        refused = _refused_values(cls, data) if isinstance(data, Mapping) else {}
        if refused:  # validated without them, each refused in its place
            data = {k: v for k, v in data.items() if k not in refused}
        try:
            validated = handler(data)
        except ValidationError as exc:
            given = data.keys() if isinstance(data, Mapping) else ()
            fields = [field for field, _, _ in refused.values()]
            errors = [e for e in _details(cls, exc, given) if not _left_out(e, fields)]
            raise ValidationError.from_exception_data(
                exc.title, [*_value_errors(refused), *errors], hide_input=True
            ) from None
        if refused:
            raise ValidationError.from_exception_data(cls.__name__, _value_errors(refused), hide_input=True)
        return validated

    @classmethod
    def _empty_reason(cls, field: str) -> str:
        """Why the required ``field`` given empty is refused: the reason a file's row gets for that cell
        (fanpin.model.columns.empty_reason for a household's)."""
        from fanpin.model.columns import EMPTY  # columns reads the household model: imported when used

        return EMPTY

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise refused(type(self), exc) from None

    # Not a custom __init__ to pydantic (as RootModel marks its own): validation never calls it, so
    # model_validate stays pydantic's single pass, and only Household(...) itself comes through here.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a record (English names or Chinese headers); ``extra="ignore"`` drops unknown keys."""
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as exc:
            raise refused(cls, exc) from None

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a record given as JSON text; ``extra="ignore"`` drops unknown keys."""
        try:
            return super().model_validate_json(
                json_data, strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name
            )
        except ValidationError as exc:
            raise refused(cls, exc) from None

    @classmethod
    def model_validate_strings(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a record of strings; ``extra="ignore"`` drops unknown keys."""
        try:
            return super().model_validate_strings(
                obj, strict=strict, extra=extra, context=context, by_alias=by_alias, by_name=by_name
            )
        except ValidationError as exc:
            raise refused(cls, exc) from None
