"""The durable-rules adapter — the only module that imports ``durable``.

durable-rules 2.0.28 is a capable Rete engine with sharp edges. Each one below is pinned by a test in
``tests/durable/test_durable_traps.py`` (observed on 3.11 and 3.12):

1. An event (``post``) is consumed by the first rule that matches it: households are asserted as
   **facts**, so every rule sees them.
2. A fact that matches no rule raises ``MessageNotHandledException``. Worse, deleting the state of a
   session in which no action ever ran frees uninitialised memory (SIGSEGV / "double free"): every
   compiled ruleset has the catch-all rule :data:`SEEN`, so every household starts an action.
3. Within one session a fact's identity is a 32-bit hash of its content unless the fact has an ``id``:
   a second fact with the same hash is refused (``MessageObservedException``). Every household fact
   is sent with **its own id** (a counter) and retracted by it after its evaluation, so a session
   holds one fact at a time.
4. A ruleset keeps at most 1024 live sessions (the next raises ``MemoryError``), and creating one
   allocates and clears the match state of every rule (about 30 µs for the reference rules, more
   than the evaluation): :class:`DurableEngine` keeps **one session per ruleset**, for its lifetime.
5. An action taking two parameters is treated as asynchronous (called with a callback).
6. An exception raised in an action is stored in the session state, not raised.
   (5 and 6 cannot bite here: :class:`DurableEngine` reads the agenda itself and runs no Python action;
   the registered action :func:`_record` takes one parameter and does nothing.)
7. The default ``Host`` starts background timer threads that can segfault when state is deleted:
   :class:`_SyncHost` starts none, and the engine is driven synchronously.
8. A ruleset that fails to register later shows up only as "Ruleset not found" (and 513 rules make
   registration hang): registration errors are raised here, at compile time, as :class:`EngineError`,
   and a ruleset holds at most :data:`MAX_RULES` rules.
9. ``Decimal`` is not JSON-serialisable: facts are encoded to int / float / str before asserting.
10. Calls from several threads can segfault: every call into the engine holds one process-wide lock.
11. Comparisons are loose: ``>= 0.3`` matches the text ``'abc'``; a property set to ``None`` counts as
    present; inside ``$and``, a comparison with an absent referenced property (``$m``) matches for
    every operator. Facts are typed before asserting, unknown values are left out, every ``$m`` and
    ``!=`` test is guarded by "is present" tests, and "not evaluable" is decided by explicit rules built
    from three-valued logic, never by a missing match.
12. Its arithmetic divides integers in C (``3/10 == 0``) and an integer division by zero kills the
    process with SIGFPE: fanpin computes every term itself (:mod:`fanpin.lang.lowering`) and asks the engine
    only to compare.
13. A fact holds at most 253 properties (the engine adds an id to the JSON ones): with ``sid`` and the
    household mark, a ruleset may read :data:`MAX_PROPERTIES` = 251 properties; each ruleset is sent only
    the properties it reads.
14. On Python 3.12 every action run by durable's Python host warns (``datetime.utcfromtimestamp``):
    :class:`DurableEngine` runs none, so it never warns.
15. After each action durable re-asserts the session state as a message, and a rule made only of
    "is absent" tests matches it again, forever. Every compiled rule requires :data:`HOUSEHOLD_MARK`,
    which only household facts carry.
16. Its JSON parser takes an exponent only after a decimal point. ``json.dumps`` writes a float under
    1e-4 or from 1e16 on with an exponent, and without a point when its shortest ``repr`` has one digit
    (``-5e-05``, ``1e-06``, ``1e+20``: the income ratio of a household whose income barely changed):
    refused with error 204, in a fact or in a rule. A number without a point is read as a 64-bit
    integer (``atoll``: beyond ±2**63 it saturates, so 2**64 equals 2**63 - 1), and ``NaN`` reads as
    null. Every JSON text fanpin sends, facts and rule definitions alike, is written by
    :func:`engine_json`: floats positionally from their shortest ``repr`` (``0.00005``,
    ``100000000000000000000.0``: the same double back), integers beyond 64 bits as the nearest double,
    NaN and infinities refused. Rulesets are therefore registered by :meth:`_SyncHost.register`, not by
    durable's ``register_rulesets``, which writes its own JSON with ``json.dumps``.
17. ``none()`` (a ``"<name>$not"`` pattern) misbehaves with references to another fact's property
    (``m.d == c.w.d``, JSON ``{"d": {"w": "d"}}``): an equality with another fact is joined on a hash of
    the printed value (``%lld`` for an integer, ``%f`` for a double), so a blocking fact whose value
    is numerically equal but printed otherwise (``5.0`` against ``5``, ``-0.0`` against ``0.0``) is not
    found and the rule fires when it should not; a referenced property that is absent or null fails
    the assertion (errors 311, 312). More generally a ``none()`` is checked when the fact it guards
    arrives; a blocking fact asserted later does not withdraw the match. fanpin emits no ``none()``
    and no reference to another fact: every engine rule is one pattern over the one household fact of
    its session (trap 3), its ``$m`` references name properties of that same fact, and negation is
    compiled into explicit tests (the *false* form of each condition, :mod:`fanpin.durable.compiler`).
    And when a blocking candidate fails an ordering test against the guarded fact (``m.d >= c.w.d`` with
    3 against 5) the rule fires, as it should, but the join (``isBetaMatch``) reads a byte outside its
    memory (valgrind): the process dies by SIGSEGV in some runs, about half of them in a bare
    interpreter. fanpin's one-pattern rules never reach that join, and valgrind sees no read outside
    durable's memory while they run (``FANPIN_SLOW=1`` tests); the trap's sessions run in child processes.

18. A ruleset and the states of its sessions live in the C engine until deleted, whatever becomes of
    the Python objects: a host that makes a :class:`fanpin.Scorer` per request kept about 2.3 MiB each
    (9 MiB under the data checks) for ever. A :class:`DurableEngine` that is collected has its kept
    state deleted (only if an action ran in it, trap 2) and then its rulesets, by the next call into
    durable-rules, under the lock (its finalizer may run in a thread that holds the lock). Deleting the
    ruleset alone does not give back its session's state.

19. Matching a fact walks the rules' tests with a stack of 64 entries (``MAX_STACK_SIZE`` in events.c):
    a fact that passes the first tests of more than 64 rules of one ruleset at once (70 county rules
    ``wage_income > 1`` … ``wage_income > 70`` for a wage of 100 元) is refused with error 303.
    :meth:`DurableEngine.evaluate` then replaces that ruleset by its two halves, for good, and asserts
    the fact in each: no ruleset is cut smaller than the households seen need, and the reference rules
    (79 engine rules, a few of them true at once) stay one ruleset.

A performance note, not a trap: a comparison with another property (``$m``) costs about ten times a
comparison with a constant, so :mod:`fanpin.durable.engine` writes thresholds into the rules as constants.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

try:
    import durable_rules_engine as _c
    from durable import engine as _engine
except ImportError as exc:  # pragma: no cover - depends on the interpreter
    raise ImportError(
        "durable-rules could not be imported; it supports CPython 3.11 and 3.12 only "
        "(pip install durable-rules==2.0.28 needs gcc and the Python headers)"
    ) from exc

from fanpin.errors import EngineError

# _c (the C extension) and _engine (durable.engine) are listed so that tests/durable/test_durable_traps.py can pin
# the raw behaviours through this module, the only importer of durable.
__all__ = [
    "MAX_PROPERTIES",
    "MAX_RULES",
    "WARM_FACTS",
    "CompiledRuleset",
    "DurableEngine",
    "MessageNotHandled",
    "_c",
    "_engine",
    "engine_json",
    "fact_writer",
    "json_number",
    "slow_writer",
]

MAX_RULES = 200
HOUSEHOLD_MARK = "fanpin_household"
#: A fact holds 254 JSON properties with its id (trap 13); sid, id and the household mark take three.
MAX_PROPERTIES = 251
#: The catch-all rule of every ruleset (trap 2); never reported as fired.
SEEN = "$seen"
MessageNotHandled = _engine.MessageNotHandledException

#: One lock for every call into the C extension, whichever engine object makes it.
_LOCK = threading.Lock()
_NAMES = itertools.count()
#: The sessions of engines that were collected: their states and rulesets are deleted by the next call
#: into durable-rules, under :data:`_LOCK` (a finalizer may run in a thread that holds it).
_RELEASED: list[list[_Session]] = []


def _delete_released() -> None:
    """Deletes the rulesets (and kept states) of the engines collected so far; called holding :data:`_LOCK`."""
    while _RELEASED:
        for session in _RELEASED.pop():
            session.delete()


class _SyncHost(_engine.Host):  # type: ignore[misc]
    """A Host without the background dispatch threads (trap 7)."""

    def _run(self) -> None:
        return None

    def load_ruleset(self, ruleset_name: str) -> Any:
        raise EngineError(f"durable-rules has no ruleset {ruleset_name!r}; it failed to register earlier")

    def register(self, name: str, rules: Mapping[str, Any]) -> Any:
        """Register one ruleset written by :func:`engine_json` (trap 16); its engine handle.

        ``register_rulesets`` would serialise the rules with ``json.dumps``, which writes floats such as
        ``5e-05`` that durable-rules cannot parse. Every rule runs :func:`_record`.
        """
        if name in self._ruleset_directory:
            raise EngineError(f"a durable ruleset named {name!r} is already registered")
        ruleset = _Ruleset(name, self, rules)
        self._ruleset_directory[name] = ruleset
        self._ruleset_list.append(ruleset)
        return ruleset._handle


class _Ruleset(_engine.Ruleset):  # type: ignore[misc]
    """durable's ``Ruleset``, its JSON written by :func:`engine_json` instead of ``json.dumps`` (trap 16)."""

    def __init__(self, name: str, host: _SyncHost, rules: Mapping[str, Any]) -> None:
        # What durable's Ruleset.__init__ sets, for rules whose action is always _record.
        self._name = name
        self._host = host
        self._actions = {rule: _engine.Promise(_record) for rule in rules}
        self._definition = dict(rules)
        self._handle = _c.create_ruleset(name, engine_json(self._definition))


class CompiledRuleset:
    """One durable ruleset: JSON rule definitions plus the fact properties it reads."""

    def __init__(self, definitions: Mapping[str, dict[str, Any]], properties: Iterable[str]) -> None:
        self.definitions = dict(definitions)
        self.properties = tuple(sorted(set(properties)))
        if len(self.definitions) > MAX_RULES:
            raise EngineError(f"a durable ruleset holds at most {MAX_RULES} rules, got {len(self.definitions)}")
        if len(self.properties) > MAX_PROPERTIES:
            raise EngineError(f"a durable fact holds at most {MAX_PROPERTIES} properties, got {len(self.properties)}")
        #: Writes a fact's text for this ruleset: :func:`slow_writer` first, :func:`fact_writer` (generated
        #: source) once :data:`WARM_FACTS` facts were written, so that compiling (about 4 ms for the reference
        #: rules, 30 ms for a ruleset reading 251 properties) is paid only where it is repaid.
        self.fact_text = slow_writer(self.properties)
        self.facts = 0

    def part(self, names: Iterable[str]) -> CompiledRuleset:
        """The ruleset of the rules ``names`` only (reading, to be safe, every property this one reads)."""
        return CompiledRuleset({name: self.definitions[name] for name in names}, self.properties)


class DurableEngine:
    """Evaluates one fact at a time against compiled rulesets; returns the names of the rules that fired.

    Thread-safe: all calls hold the module lock. Memory is flat: each ruleset keeps **one** session
    for the engine's lifetime, and each evaluation asserts its fact in it under an id of its own
    (trap 3: never a content hash), reads the agenda and retracts the fact again, so the session holds
    at most one household fact at a time. Creating a session costs more than the evaluation itself
    (durable-rules allocates and clears the match state of every rule of the ruleset, about 30 µs
    for the reference rules), and a kept session never reaches the limit of trap 4.

    Rulesets are registered through durable's own ``Host``; evaluation then drives the C engine with the
    calls the Host itself makes (``assert_fact``, ``start_action_for_state``,
    ``complete_and_start_action``, ``retract_fact``) but without building a Python closure and
    re-serialising the session state for every action: fanpin's actions only record which rule
    matched, so that round trip (about 10 µs an action) buys nothing.
    """

    def __init__(self, rulesets: list[CompiledRuleset]) -> None:
        self._host = _SyncHost()
        self._rulesets: list[_Session] = []
        self._ids = itertools.count()
        # When the engine is collected its rulesets are deleted: durable-rules keeps every ruleset, and
        # its session's state, until told (about 3 MiB a Scorer under the data checks, never given back).
        weakref.finalize(self, _RELEASED.append, self._rulesets).atexit = False
        for compiled in rulesets:
            with _LOCK:
                _delete_released()
                self._rulesets.append(self._session(compiled))

    def _session(self, compiled: CompiledRuleset) -> _Session:
        """``compiled`` registered as a ruleset of its own, with its session; under :data:`_LOCK`."""
        name = f"fanpin{next(_NAMES)}"
        definition = {**compiled.definitions, SEEN: {"all": [{"m": {HOUSEHOLD_MARK: 1}}]}}
        try:
            handle = self._host.register(name, definition)
        except Exception as exc:
            raise EngineError(f"durable-rules refused ruleset {name}: {exc}") from exc
        return _Session(handle, compiled)

    def evaluate(self, fact: Mapping[str, Any]) -> list[str]:
        """Assert ``fact`` in the session of every ruleset; the names of the engine rules that fired. A
        ruleset in which the fact matches too many rules at once (trap 19) is split in two, for good, and
        the fact asserted in each half."""
        fired: list[str] = []
        with _LOCK:
            _delete_released()
            index = 0
            while index < len(self._rulesets):
                session = self._rulesets[index]
                try:
                    fired.extend(session.evaluate(fact, next(self._ids)))
                except _TooManyMatchesError:
                    names = list(session.compiled.definitions)
                    halves = [names[: len(names) // 2], names[len(names) // 2 :]]
                    self._rulesets[index : index + 1] = [self._session(session.compiled.part(half)) for half in halves]
                    session.delete()
                    continue  # the same fact, in the first half
                index += 1
        return fired


class _TooManyMatchesError(Exception):
    """A fact matched more rules of one ruleset at once than durable-rules' match stack holds (trap 19)."""


#: durable-rules' error for a match stack overflow (ERR_MAX_STACK_SIZE, trap 19).
_STACK_FULL = "error code: 303"


class _Session:
    """One ruleset and the one session fanpin keeps in it; used under :data:`_LOCK` only."""

    __slots__ = ("compiled", "handle", "ran", "sid", "sids")

    def __init__(self, handle: Any, compiled: CompiledRuleset) -> None:
        self.handle = handle
        self.compiled = compiled
        self.sids = itertools.count()
        self.sid = str(next(self.sids))
        #: Whether an action was started in the current session: only then is deleting it safe (trap 2).
        self.ran = False

    def evaluate(self, fact: Mapping[str, Any], fact_id: int) -> list[str]:
        try:
            # The properties the ruleset reads, its session and the fact's own id (never a hash of the
            # content, trap 3), numbers in a notation durable parses (trap 16).
            compiled = self.compiled
            text = compiled.fact_text(fact, self.sid, fact_id)
            compiled.facts += 1  # under _LOCK
            if compiled.facts == WARM_FACTS:
                compiled.fact_text = fact_writer(compiled.properties)
            code, state = _c.assert_fact(self.handle, text)
        except Exception as exc:  # refused before it was stored: the session is unchanged
            if _STACK_FULL in str(exc) and len(self.compiled.definitions) > 1:
                raise _TooManyMatchesError from exc
            raise EngineError(f"durable-rules refused a household fact: {exc}") from exc
        try:
            if code != 0:  # the catch-all rule makes every household match (trap 2)
                raise EngineError(f"durable-rules answered {code} to a household fact")
            names = _agenda(self.handle, state)
            self.ran = True
            _c.retract_fact(self.handle, f'{{"sid": "{self.sid}", "id": {fact_id}}}')
        except BaseException:
            self._reset()
            raise
        return names

    def delete(self) -> None:
        """Deletes the session's state (when that is safe, trap 2) and its ruleset: the engine is gone."""
        if self.ran:
            with contextlib.suppress(Exception):
                _c.delete_state(self.handle, self.sid)
        with contextlib.suppress(Exception):
            _c.delete_ruleset(self.handle)

    def _reset(self) -> None:
        """After a failure the session may hold a fact or an unread agenda: it is dropped (deleted when
        that is safe, trap 2) and the next evaluation starts a new one."""
        if self.ran:
            with contextlib.suppress(Exception):  # a session durable no longer knows is already gone
                _c.delete_state(self.handle, self.sid)
        self.sid = str(next(self.sids))
        self.ran = False


def _record(c: Any) -> None:  # exactly one parameter: a synchronous action (trap 5)
    """The registered action. Never called by :class:`DurableEngine`, which reads the agenda directly."""


def _agenda(handle: Any, state: Any) -> list[str]:
    """Names of the rules that matched, read off the session's agenda; the catch-all is left out."""
    names: list[str] = []
    result = _c.start_action_for_state(handle, state)
    action = result[1] if result else None
    while action:
        # The agenda entry is {"<rule name>": {...}}; rule names are plain ASCII chosen by fanpin.
        name = action[2 : action.index('"', 2)]
        if name != SEEN:
            names.append(name)
        action = _c.complete_and_start_action(handle, state)
    return names


# ---- JSON for durable-rules (trap 16) -------------------------------------------------------------------

#: The integers durable reads exactly: it parses an integer with ``atoll``, which saturates beyond 64 bits.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


def engine_json(value: Any) -> str:
    """``value`` as the JSON text durable-rules is sent: facts and rule definitions alike (trap 16).

    The text is what :func:`json.dumps` writes, except for numbers: each one is written by
    :func:`json_number`, in a notation durable-rules parses back to the same value. A value without such
    numbers (nearly every fact) is written by :func:`json.dumps` itself, for speed.
    """
    if _plain(value):
        return _TEXT(value)
    return _encode(value)


#: ``json.dumps(value, ensure_ascii=False)`` without building a JSONEncoder per call (as dumps does for
#: any argument of its own): the same encoder settings, so the same text.
_TEXT = json.JSONEncoder(ensure_ascii=False).encode


def json_number(value: int | float) -> str:
    """A number as durable-rules reads it back unchanged (trap 16).

    durable's parser accepts an exponent only after a decimal point (``5e-05`` and ``1e+20`` are refused
    with error 204; ``1.5e-05`` is read) and reads a number without a point as a 64-bit integer (larger
    ones saturate). So a float is written positionally, the digits of its shortest ``repr`` with the
    point moved (``5e-05`` → ``0.00005``, ``1e+20`` → ``100000000000000000000.0``): the same decimal
    number, so the same double.
    An integer beyond 64 bits becomes the nearest double (durable compares doubles in order; an integer
    would be cut to ±2**63). NaN and infinities have no JSON form: :class:`EngineError`.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        if _INT_MIN <= value <= _INT_MAX:
            return int.__repr__(value)
        try:
            value = float(value)
        except OverflowError:
            raise EngineError(f"the number {value} is beyond the range of a double") from None
    if not math.isfinite(value):
        raise EngineError(f"durable-rules cannot be sent the number {value!r}")
    text = float.__repr__(value)
    if "e" in text:
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"  # without a point, durable would read an integer
    return text


#: A text cell as :func:`json.dumps` writes it with ``ensure_ascii=False`` (its C function).
_STRING: Any = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
_ABSENT = object()


#: The facts a ruleset is sent before its text is written by generated source (:func:`fact_writer`).
WARM_FACTS = 1000


def slow_writer(properties: Sequence[str]) -> Callable[[Mapping[str, Any], str, int], str]:
    """``write(fact, sid, fact_id)``: the text a ruleset reading ``properties`` is sent, by :func:`engine_json`."""
    properties = tuple(properties)

    def write(fact: Mapping[str, Any], sid: str, fact_id: int) -> str:
        message = {p: fact[p] for p in properties if p in fact}
        message["sid"] = sid
        message["id"] = fact_id  # its own id: never a hash of the content (trap 3)
        message[HOUSEHOLD_MARK] = 1
        return engine_json(message)

    return write


def fact_writer(properties: Sequence[str]) -> Callable[[Mapping[str, Any], str, int], str]:
    """``write(fact, sid, fact_id)``: :func:`engine_json` of the fact's ``properties`` (those it holds, in that
    order), then ``sid``, ``id`` and :data:`HOUSEHOLD_MARK` — the text a ruleset reading ``properties`` is sent.

    Written out as generated source, one test per property, each value of the usual kinds written as
    :func:`engine_json` writes it (an integer of 64 bits by its ``repr``, a float of positional ``repr``,
    text by json's own function): :func:`slow_writer`'s dict of the properties, then :func:`json.dumps`, cost
    about three times as much in an evaluation. Any other value (an integer beyond 64 bits, a float json
    would write with an exponent, NaN, a bool, None, a list, a subclass) gives :func:`slow_writer`'s text,
    or its error.
    Names enter the source only as names bound in its namespace (``c0`` …).
    """
    namespace: dict[str, Any] = {"A": _ABSENT, "S": _STRING, "R": int.__repr__, "F": float.__repr__}
    lines = ["def write(f, sid, i):", "    g = f.get", "    out = []", "    add = out.append"]
    for n, name in enumerate(properties):
        namespace[f"n{n}"], namespace[f"c{n}"] = name, _STRING(name) + ": "
        lines += [
            f"    v = g(n{n}, A)",
            "    if v is not A:",
            "        t = type(v)",
            f"        if t is int and {_INT_MIN} <= v <= {_INT_MAX}:",
            f"            add(c{n} + R(v))",
            "        elif t is str:",
            f"            add(c{n} + S(v))",
            "        elif t is float and (v == 0 or 1e-4 <= abs(v) < 1e16):",
            f"            add(c{n} + F(v))",
            "        else:",
            "            return slow(f, sid, i)",
        ]
    namespace["tail"] = (_STRING("sid") + ": ", ", " + _STRING("id") + ": ", ", " + _STRING(HOUSEHOLD_MARK) + ": 1}")
    lines += [
        "    if out:",
        "        out.append('')",  # the separator before sid
        "    return '{' + ', '.join(out) + tail[0] + S(sid) + tail[1] + R(i) + tail[2]",
    ]

    namespace["slow"] = slow_writer(properties)
    exec(compile("\n".join(lines), "<fanpin fact>", "exec"), namespace)  # source built above, names only
    write: Callable[[Mapping[str, Any], str, int], str] = namespace["write"]
    return write


def _plain(value: Any) -> bool:
    """True when :func:`json.dumps` writes every number in ``value`` as :func:`json_number` does.

    ``repr`` writes a float in exponent notation below 1e-4 and from 1e16 on; NaN and the infinities
    fail both comparisons. Subclasses of the JSON types take the long way, through :func:`_encode`.
    One loop over a fact's values (about 1.5 µs for a household), called once per evaluation.
    """
    kind = type(value)
    items = value.values() if kind is dict else value if kind is list or kind is tuple else (value,)
    for item in items:
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if not _INT_MIN <= item <= _INT_MAX:
                return False
        elif kind is float:
            if not (item == 0 or 1e-4 <= abs(item) < 1e16):
                return False
        elif kind is dict or kind is list or kind is tuple:
            if not _plain(item):
                return False
        else:
            return False
    return True


def _encode(value: Any) -> str:
    """The JSON text of ``value`` as :func:`json.dumps` writes it, its numbers by :func:`json_number`."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return json_number(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)}: {_encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_encode, value)) + "]"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A mapping key as :func:`json.dumps` writes it (``1`` and ``True`` become the strings "1", "true")."""
    if isinstance(key, str):
        return json.dumps(key, ensure_ascii=False)
    return json.dumps({key: None})[1 : -len(": null}")]  # json's own conversion, or its TypeError
