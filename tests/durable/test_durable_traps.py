"""The sharp edges of durable-rules 2.0.28, one test (or more) per trap listed in :mod:`fanpin.durable._adapter`.

Each test pins the *raw* behaviour of durable-rules, so that an upgrade that changes it fails here first,
and, where fanpin has a defence, that the defence holds. durable-rules is reached only through the
adapter (``_durable._engine`` is ``durable.engine``, ``_durable._c`` its C extension) and only with JSON
rulesets on :class:`fanpin.durable._adapter._SyncHost` instances, never through ``durable.lang``.

Behaviours that kill or hang the interpreter run in a child process.

Two rules keep the raw tests from crashing pytest itself:

* A raw session whose fact matched nothing (or whose actions were never started) is never deleted:
  ``createStateNode`` leaves the session's action context uninitialised and ``deleteStateNode`` frees it,
  so deleting such a session frees a garbage pointer (see
  :func:`test_deleting_a_session_that_never_ran_an_action`).
* A raw session that failed with ``MemoryError`` (trap 4) is never deleted either.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fanpin.durable.engine as engine_module
from fanpin import Engine, Rulebook, load_rulebook
from fanpin.durable import _adapter as _durable
from fanpin.errors import EngineError
from tests.helpers import AS_OF, REGION, SLOW
from tests.paths import ROOT

MARK = _durable.HOUSEHOLD_MARK
ARITHMETIC = ("$add", "$sub", "$mul", "$div")

# Trap 14: on Python 3.12 every action the raw Host runs warns; the tests that pin trap 14 record it.
pytestmark = pytest.mark.filterwarnings("ignore:datetime.datetime.utcfromtimestamp:DeprecationWarning")


# ---- helpers ----------------------------------------------------------------------------------------


def _name(trap: int) -> str:
    """A ruleset name unique to this run: rulesets are registered per host and names cannot repeat."""
    return f"trap{trap}_{uuid4().hex[:8]}"


def _one_rule(
    trap: int, run: Callable[[Any], None] | None = None, m: dict[str, Any] | None = None
) -> tuple[_durable._SyncHost, str]:
    """A raw host with one new ruleset (its name returned) of one rule ``r`` matching ``m`` (by default
    ``{"a": 1}``), whose action is ``run`` (by default one that records nothing)."""
    host = _durable._SyncHost()
    name = _name(trap)
    host.register_rulesets({name: {"r": {"all": [{"m": m or {"a": 1}}], "run": run or _recorder([], "r")}}})
    return host, name


def _recorder(fired: list[str], rule: str) -> Callable[[Any], None]:
    """A synchronous (one-parameter) action that records which rule fired."""

    def action(c: Any) -> None:
        fired.append(rule)

    return action


def _marked(*tests: dict[str, Any]) -> dict[str, Any]:
    """A rule as fanpin compiles it: every conjunction starts with the household mark (trap 15)."""
    return {"all": [{"m": {"$and": [{MARK: 1}, *tests]}}]}


def _engine(rules: dict[str, dict[str, Any]], properties: list[str]) -> _durable.DurableEngine:
    return _durable.DurableEngine([_durable.CompiledRuleset(rules, properties)])


def _child(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that imports fanpin from this checkout (and dumps no core)."""
    prelude = "import resource\nresource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _partial_stdout(exc: subprocess.TimeoutExpired) -> str:
    out = exc.stdout
    if isinstance(out, bytes):
        return out.decode()
    return out or ""


def _conjunctions(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """The tests of one compiled engine rule ``{"all": [{"m": <test or {"$and": [...]}>}]}``."""
    (pattern,) = definition["all"]
    m: dict[str, Any] = pattern["m"]
    tests: list[dict[str, Any]] = m.get("$and", [m])
    return tests


@pytest.fixture(scope="module")
def compiled(book: Rulebook) -> Iterator[list[_durable.CompiledRuleset]]:
    """The durable rulesets :class:`fanpin.Engine` compiles for the reference rulebook."""
    captured: list[_durable.CompiledRuleset] = []

    class Capturing(_durable.DurableEngine):
        def __init__(self, rulesets: list[_durable.CompiledRuleset]) -> None:
            captured.extend(rulesets)
            super().__init__(rulesets)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine_module, "DurableEngine", Capturing)
        Engine(book).evaluate_facts({"income_per_capita": 9000}, as_of=AS_OF, region=REGION)
    assert captured
    yield captured


# ---- trap 1: events are consumed, facts are not -----------------------------------------------------


def test_trap1_post_fires_one_rule_assert_fact_fires_every_rule() -> None:
    """Trap 1: an event (``post``) is consumed by the first rule that matches it; a fact reaches every
    matching rule. :class:`DurableEngine` asserts facts, so both rules fire."""
    host = _durable._SyncHost()
    name = _name(1)
    fired: list[str] = []
    host.register_rulesets(
        {
            name: {
                "first": {"all": [{"m": {"a": 1}}], "run": _recorder(fired, "first")},
                "second": {"all": [{"m": {"a": 1}}], "run": _recorder(fired, "second")},
            }
        }
    )
    host.post(name, {"sid": "event", "a": 1})
    assert len(fired) == 1  # observed: ["first"]
    fired.clear()
    host.assert_fact(name, {"sid": "fact", "a": 1})
    assert sorted(fired) == ["first", "second"]
    for sid in ("event", "fact"):
        host.delete_state(name, sid)

    engine = _engine({"first": _marked({"a": 1}), "second": _marked({"a": 1})}, ["a"])
    assert sorted(engine.evaluate({"a": 1})) == ["first", "second"]


# ---- trap 2: a fact that matches nothing raises ------------------------------------------------------


def test_trap2_unmatched_fact_raises_on_the_host_and_is_empty_in_fanpin() -> None:
    """Trap 2: asserting (or posting) a message no rule matches raises ``MessageNotHandledException``
    (the C engine answers code 1); :meth:`DurableEngine.evaluate` returns ``[]`` instead."""
    host, name = _one_rule(2)
    with pytest.raises(_durable.MessageNotHandled):
        host.assert_fact(name, {"sid": "fact", "a": 2})
    with pytest.raises(_durable.MessageNotHandled):
        host.post(name, {"sid": "event", "a": 2})
    code, _state = _durable._c.assert_fact(host.get_ruleset(name)._handle, json.dumps({"sid": "raw", "a": 2}))
    assert code == 1
    # These sessions never ran an action: they are left alone (deleting them frees garbage).

    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    assert engine.evaluate({"a": 1}) == ["r"]  # the first evaluation matches; see the last test for one that does not
    assert engine.evaluate({"a": 2}) == []
    assert engine.evaluate({}) == []
    assert engine.evaluate({"a": 1}) == ["r"]


# ---- trap 3: fact identity is a 32-bit hash -------------------------------------------------------------


def _fnv1a32(data: bytes) -> int:
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _durable_id(fact: dict[str, Any]) -> str:
    """The id durable-rules 2.0.28 gives a fact without an ``id`` (``calculateId`` in state.c): FNV-1a 64
    over the properties sorted by the FNV-1a 32 hash of their names, printed as ``$%020llu`` and cut to
    20 characters. Within a session a fact is then stored under the FNV-1a 32 hash of that id."""
    value = 0xCBF29CE484222325
    for key, item in sorted(fact.items(), key=lambda kv: _fnv1a32(kv[0].encode())):
        value = ((value ^ _fnv1a32(key.encode())) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        text = item if isinstance(item, str) else json.dumps(item)
        for byte in text.encode():
            value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"${value:020d}"[:20]


def _raw_run(handle: Any, message: str) -> list[str]:
    """Assert one fact on a raw handle and read its agenda (rule names), as DurableEngine does."""
    code, state = _durable._c.assert_fact(handle, message)
    return [] if code == 1 else _durable._agenda(handle, state)


# Two different facts whose ids collide in 32 bits when asserted in a session named "s".
COLLIDING = ({"sid": "s", "a": 1, "n": 55524}, {"sid": "s", "a": 1, "n": 89971})


def test_trap3_colliding_facts_in_one_session_are_dropped_as_already_observed() -> None:
    """Trap 3: within a session a fact is identified by a 32-bit hash. The second of two *different*
    facts with colliding hashes is not stored and fires nothing: the engine answers code 2 and the Host
    raises ``MessageObservedException``, exactly as for a true duplicate. (Not silent at the Host level,
    but indistinguishable from re-asserting the same fact.)"""
    first, second = COLLIDING
    assert _durable_id(first) != _durable_id(second)
    assert _fnv1a32(_durable_id(first).encode()) == _fnv1a32(_durable_id(second).encode())

    fired: list[Any] = []
    host, name = _one_rule(3, lambda c: fired.append(c.m.n))
    host.assert_fact(name, first)
    with pytest.raises(_durable._engine.MessageObservedException):
        host.assert_fact(name, second)
    assert fired == [first["n"]]
    assert host.get_facts(name, "s") == [first]

    # The identical fact twice in one session: the same answer.
    with pytest.raises(_durable._engine.MessageObservedException):
        host.assert_fact(name, first)
    # In another session the hash differs (the sid is part of it): both facts are kept.
    host.assert_fact(name, {**first, "sid": "z"})
    host.assert_fact(name, {**second, "sid": "z"})
    assert fired == [first["n"], first["n"], second["n"]]
    assert len(host.get_facts(name, "z")) == 2
    for sid in ("s", "z"):
        host.delete_state(name, sid)

    # Raw code: 2 = "already observed".
    handle = host.get_ruleset(name)._handle
    assert _raw_run(handle, json.dumps(first)) == ["r"]
    assert _durable._c.assert_fact(handle, json.dumps(second))[0] == 2
    _durable._c.delete_state(handle, "s")


def test_trap3_an_explicit_id_replaces_the_content_hash() -> None:
    """Trap 3: a fact that carries an ``id`` is identified by it, not by the hash of its content: the
    colliding pair (and the same fact twice) are both stored under two ids, and each is retracted by
    its sid and id alone."""
    host, name = _one_rule(3)
    handle = host.get_ruleset(name)._handle
    first, second = COLLIDING
    for i, fact in enumerate((first, second, first)):
        assert _raw_run(handle, json.dumps({**fact, "id": i})) == ["r"]
    assert len(json.loads(_durable._c.get_facts(handle, "s"))) == 3
    for i in range(3):
        _durable._c.retract_fact(handle, json.dumps({"sid": "s", "id": i}))
    assert json.loads(_durable._c.get_facts(handle, "s")) == []
    _durable._c.delete_state(handle, "s")


def test_trap3_fanpin_gives_every_evaluation_its_own_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trap 3: :class:`DurableEngine` asserts each fact under an id of its own and retracts it after
    its evaluation, so the colliding pair, and the same fact twice in a row, are all evaluated, in
    one session that is left empty."""
    messages: list[dict[str, Any]] = []

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def assert_fact(self, handle: Any, message: str) -> Any:
            messages.append(json.loads(message))
            return real.assert_fact(handle, message)

    real = _durable._c
    monkeypatch.setattr(_durable, "_c", Spy())
    engine = _engine({"r": _marked({"a": 1})}, ["a", "n"])
    facts = [{k: v for k, v in f.items() if k != "sid"} for f in (*COLLIDING, *COLLIDING)]
    assert [engine.evaluate(f) for f in facts] == [["r"]] * 4
    ids = [m["id"] for m in messages]
    assert len(ids) == len(set(ids)) == 4
    assert len({m["sid"] for m in messages}) == 1
    (session,) = engine._rulesets
    assert json.loads(real.get_facts(session.handle, session.sid)) == []


# ---- trap 4: at most 1024 live sessions per ruleset -------------------------------------------------


def test_trap4_the_1025th_live_session_raises_memory_error() -> None:
    """Trap 4: a ruleset holds at most 1024 live sessions; creating the 1025th raises ``MemoryError``.
    Deleting the live sessions makes room again. (The failed session is half-built: deleting it
    segfaults, so it is left alone.)"""
    fired: list[str] = []
    host, name = _one_rule(4, _recorder(fired, "r"))
    for i in range(1024):
        host.assert_fact(name, {"sid": str(i), "a": 1})
    assert len(fired) == 1024
    with pytest.raises(MemoryError):
        host.assert_fact(name, {"sid": "1024", "a": 1})
    with pytest.raises(MemoryError):
        host.assert_fact(name, {"sid": "another", "a": 1})
    for i in range(1024):  # every one of these ran an action: safe to delete
        host.delete_state(name, str(i))
    assert host.assert_fact(name, {"sid": "again", "a": 1})["sid"] == "again"
    host.delete_state(name, "again")


def test_trap4_fanpin_keeps_one_session_and_leaves_it_empty() -> None:
    """Trap 4: :class:`DurableEngine` keeps one session per ruleset, so 3000 evaluations (matching or
    not) never reach the limit, and the session holds no fact afterwards (each was retracted)."""
    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    results = [engine.evaluate({"a": 1 if i % 2 == 0 else 2}) for i in range(3000)]
    assert results == [["r"] if i % 2 == 0 else [] for i in range(3000)]
    (session,) = engine._rulesets
    assert session.sid == "0"
    assert json.loads(_durable._c.get_facts(session.handle, session.sid)) == []


def test_trap4_a_failed_evaluation_drops_its_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trap 4: when reading the agenda fails, the session (which may hold the fact or an unread agenda)
    is deleted and the next evaluation starts a new one, whose results are unaffected."""
    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    assert engine.evaluate({"a": 1}) == ["r"]
    (session,) = engine._rulesets
    handle, old = session.handle, session.sid

    def broken(handle: Any, state: Any) -> list[str]:
        raise RuntimeError("agenda")

    with monkeypatch.context() as patch:
        patch.setattr(_durable, "_agenda", broken)
        with pytest.raises(RuntimeError, match="agenda"):
            engine.evaluate({"a": 1})
    assert session.sid != old
    with pytest.raises(_durable._c.error, match="error code: 309"):  # deleted: durable no longer knows it
        _durable._c.delete_state(handle, old)
    assert [engine.evaluate({"a": a}) for a in (1, 2, 1)] == [["r"], [], ["r"]]


# ---- trap 5: two-parameter actions are asynchronous ------------------------------------------------


def test_trap5_a_two_parameter_action_is_asynchronous() -> None:
    """Trap 5: an action taking two parameters is run as ``action(c, complete)``; until it calls
    ``complete`` the Host answers 0 instead of the session state. Three parameters are refused.
    fanpin's registered action takes exactly one parameter."""
    host = _durable._SyncHost()
    name = _name(5)
    calls: list[tuple[int, bool]] = []

    def pending(c: Any, complete: Any) -> None:
        calls.append((c.m.a, callable(complete)))

    host.register_rulesets({name: {"r": {"all": [{"m": {"a": 1}}], "run": pending}}})
    assert host.get_ruleset(name)._actions["r"]._sync is False
    assert host.assert_fact(name, {"sid": "s", "a": 1}) == 0
    assert calls == [(1, True)]

    done = _name(5)

    def completing(c: Any, complete: Any) -> None:
        complete(None)

    host.register_rulesets({done: {"r": {"all": [{"m": {"a": 1}}], "run": completing}}})
    assert host.assert_fact(done, {"sid": "s", "a": 1})["sid"] == "s"
    host.delete_state(done, "s")

    with pytest.raises(Exception, match="Invalid function signature"):
        host.register_rulesets({_name(5): {"r": {"all": [{"m": {"a": 1}}], "run": lambda a, b, c: None}}})

    assert _durable._record.__code__.co_argcount == 1
    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    (registered,) = engine._host._ruleset_list
    assert all(promise._sync for promise in registered._actions.values())


# ---- trap 6: exceptions in actions are stored, not raised --------------------------------------------


def test_trap6_an_exception_in_an_action_is_stored_in_the_session_state() -> None:
    """Trap 6: an exception raised by an action is caught and written to the session state under
    ``exception``; ``assert_fact`` returns normally."""
    host = _durable._SyncHost()
    name = _name(6)

    def boom(c: Any) -> None:
        raise ValueError("kaboom")

    host.register_rulesets({name: {"r": {"all": [{"m": {"a": 1}}], "run": boom}}})
    state = host.assert_fact(name, {"sid": "s", "a": 1})
    assert "kaboom" in state["exception"]
    assert "kaboom" in host.get_state(name, "s")["exception"]
    host.delete_state(name, "s")


def test_trap6_fanpin_never_runs_the_registered_action(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trap 6: :class:`DurableEngine` reads the agenda itself and never calls the registered action,
    so no exception can be swallowed there: a raising action changes nothing."""
    calls: list[Any] = []

    def boom(c: Any) -> None:
        calls.append(c)
        raise ValueError("kaboom")

    monkeypatch.setattr(_durable, "_record", boom)
    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    assert engine.evaluate({"a": 1}) == ["r"]
    assert calls == []


# ---- trap 7: the default Host starts timer threads -------------------------------------------------


def test_trap7_the_default_host_starts_two_timer_threads() -> None:
    """Trap 7: ``durable.engine.Host()`` starts two background timer threads (dispatch and timers);
    checked in a child process so that they do not keep running in this one."""
    result = _child(
        """
        import threading
        from fanpin.durable import _adapter as _durable
        before = threading.active_count()
        host = _durable._engine.Host()
        print(before, threading.active_count())
        """
    )
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split())
    assert after == before + 2


def test_trap7_sync_host_and_durable_engine_start_no_threads() -> None:
    """Trap 7: :class:`_SyncHost` and :class:`DurableEngine` start no thread."""
    before = threading.active_count()
    host = _durable._SyncHost()
    host.register_rulesets({_name(7): {"r": {"all": [{"m": {"a": 1}}], "run": _recorder([], "r")}}})
    engine = _engine({"r": _marked({"a": 1})}, ["a"])
    assert engine.evaluate({"a": 1}) == ["r"]
    assert threading.active_count() == before
    assert not hasattr(host, "_d_timer")
    assert not hasattr(host, "_t_timer")


# ---- trap 8: registration errors surface later as "ruleset not found" -----------------------------


UNKNOWN_OPERATOR = {"all": [{"m": {"$foo": {"a": 1}}}]}
# 20 alternatives of two tests each: more than the C engine's expression limit (error 113).
TOO_LARGE = {"all": [{"m": {"$or": [{"$and": [{"a": i}, {"b": i}]} for i in range(20)]}}]}


def test_trap8_a_refused_ruleset_later_reads_as_not_found() -> None:
    """Trap 8: ``create_ruleset`` refuses an unknown operator (error 202) or a too large expression
    (error 113); afterwards durable's Host only says "Ruleset with name ... not found"."""

    class RawHost(_durable._SyncHost):
        load_ruleset = _durable._engine.Host.load_ruleset  # durable's own answer

    host = RawHost()
    for definition, code in ((UNKNOWN_OPERATOR, "202"), (TOO_LARGE, "113")):
        name = _name(8)
        with pytest.raises(_durable._c.error, match=f"error code: {code}"):
            host.register_rulesets({name: {"r": {**definition, "run": _recorder([], "r")}}})
        with pytest.raises(Exception, match=f"Ruleset with name {name} not found"):
            host.assert_fact(name, {"sid": "s", "a": 1})

    sync = _durable._SyncHost()
    name = _name(8)
    with pytest.raises(_durable._c.error):
        sync.register_rulesets({name: {"r": {**UNKNOWN_OPERATOR, "run": _recorder([], "r")}}})
    with pytest.raises(EngineError, match="failed to register"):
        sync.assert_fact(name, {"sid": "s", "a": 1})


@pytest.mark.parametrize(("definition", "code"), [(UNKNOWN_OPERATOR, "202"), (TOO_LARGE, "113")])
def test_trap8_fanpin_raises_at_construction(definition: dict[str, Any], code: str) -> None:
    """Trap 8: :class:`DurableEngine` raises :class:`EngineError`, naming the ruleset and the
    durable error code, when it is built."""
    with pytest.raises(EngineError, match=rf"refused ruleset fanpin\d+: .*error code: {code}"):
        _engine({"r": definition}, ["a", "b"])


# ---- trap 9: Decimal is not JSON --------------------------------------------------------------------


def test_trap9_decimal_in_a_fact_raises_type_error() -> None:
    """Trap 9: durable serialises facts with :func:`json.dumps`, which refuses ``Decimal``."""
    host, name = _one_rule(9)
    with pytest.raises(TypeError, match="Decimal is not JSON serializable"):
        host.assert_fact(name, {"sid": "s", "a": Decimal(1)})


def test_trap9_fanpin_encodes_decimals_before_the_engine_sees_them(engine: Engine) -> None:
    """Trap 9: :class:`fanpin.Engine` encodes money (a ``Decimal``) to whole fen before asserting.
    :class:`DurableEngine` itself expects encoded facts: given a ``Decimal`` it raises (a TypeError, at
    the root of the chain) and stays usable."""
    a = engine.evaluate_facts({"income_per_capita": Decimal("8699.99")}, as_of=AS_OF, region=REGION)
    assert "income.below_line" in a.flag_ids

    durable = _engine({"r": _marked({"a": 1})}, ["a"])
    assert durable.evaluate({"a": 1}) == ["r"]
    with pytest.raises(EngineError) as info:  # no session was created, so nothing is deleted
        durable.evaluate({"a": Decimal(1)})
    chain: list[BaseException] = []
    error: BaseException | None = info.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, TypeError) for e in chain)
    assert durable.evaluate({"a": 1}) == ["r"]


# ---- trap 10: calls from several threads ------------------------------------------------------------


def test_trap10_threads_get_the_same_results_as_one_thread() -> None:
    """Trap 10: the C engine is not thread-safe (its segfaults under threads are not reproducible on
    demand, so they are not provoked here); every call goes through one process-wide lock, and 8 threads
    x 200 evaluations give the sequential results."""
    assert isinstance(_durable._LOCK, type(threading.Lock()))
    engine = _engine(
        {"low": _marked({"$lt": {"a": 10}}), "high": _marked({"$gte": {"a": 10}}), "odd": _marked({"b": 1})},
        ["a", "b"],
    )
    facts = [{"a": i % 20, "b": i % 2} for i in range(200)]
    expected = [sorted(engine.evaluate(f)) for f in facts]

    def run_all(_: int) -> list[list[str]]:
        return [sorted(engine.evaluate(f)) for f in facts]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run_all, range(8)))
    assert results == [expected] * 8


# ---- trap 11: loose comparisons -----------------------------------------------------------------------


def _fires(rule: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Whether a one-rule raw ruleset fires for ``fact`` (in session "s")."""
    fired: list[str] = []
    host, name = _one_rule(11, _recorder(fired, "r"), rule)
    try:
        host.assert_fact(name, {"sid": "s", **fact})
    except _durable.MessageNotHandled:
        return False  # the session never ran an action: left alone
    host.delete_state(name, "s")
    return fired == ["r"]


def test_trap11_comparisons_are_loose() -> None:
    """Trap 11: ``>= 0.3`` matches the text ``'abc'``; ``== 1`` matches ``true`` and ``'1'``; ordering
    tests never match ``None``, but ``== None`` does and ``$ex`` treats ``None`` as present."""
    assert _fires({"$gte": {"a": 0.3}}, {"a": "abc"})
    assert not _fires({"$lt": {"a": 0.3}}, {"a": "abc"})
    assert _fires({"a": 1}, {"a": True})
    assert _fires({"a": 1}, {"a": "1"})
    assert not _fires({"$gte": {"a": 0.3}}, {"a": None})
    assert not _fires({"$lt": {"a": 0.3}}, {"a": None})
    assert not _fires({"$neq": {"a": 1}}, {"a": None})
    assert not _fires({"$nex": {"a": 1}}, {"a": None})
    assert _fires({"a": None}, {"a": None})
    assert _fires({"$ex": {"a": 1}}, {"a": None})


def test_trap11_absent_properties() -> None:
    """Trap 11: a test on an absent property does not match, ``!=`` included. But a comparison with an
    absent *referenced* property (``{"$m": ...}``) inside an ``$and`` matches, whatever the operator
    (alone, it does not); an explicit ``$ex`` guard stops it."""
    for op in ("$neq", "$gte", "$lt"):
        assert not _fires({op: {"a": 1}}, {"b": 1})
        assert not _fires({"$and": [{MARK: 1}, {op: {"a": 1}}]}, {MARK: 1, "b": 1})
    for op in ("$lt", "$lte", "$gt", "$gte", "$neq"):
        assert _fires({"$and": [{MARK: 1}, {op: {"a": {"$m": "b"}}}]}, {MARK: 1, "a": 1})
        assert not _fires({op: {"a": {"$m": "b"}}}, {"a": 1})
        guarded = {"$and": [{MARK: 1}, {"$ex": {"a": 1}}, {"$ex": {"b": 1}}, {op: {"a": {"$m": "b"}}}]}
        assert not _fires(guarded, {MARK: 1, "a": 1})
    assert _fires({"$and": [{MARK: 1}, {"a": {"$m": "b"}}]}, {MARK: 1, "a": 1})


def test_trap11_fanpin_guards_every_reference_and_inequality(compiled: list[_durable.CompiledRuleset]) -> None:
    """Trap 11: in every rule fanpin compiles, a comparison with another property (``$m``) and every
    ``!=`` come with ``$ex`` tests on the properties involved."""
    checked = 0
    for ruleset in compiled:
        for definition in ruleset.definitions.values():
            tests = _conjunctions(definition)
            for test in tests:
                ((op, body),) = test.items()
                if not op.startswith("$"):  # {prop: value}: equality
                    op, body = "$eq", {op: body}
                if op in ("$ex", "$nex", "$and", "$or"):
                    continue
                ((prop, operand),) = body.items()
                needs: list[str] = []
                if isinstance(operand, dict) and "$m" in operand:
                    needs = [prop, operand["$m"]]
                elif op == "$neq":
                    needs = [prop]
                for p in needs:
                    assert {"$ex": {p: 1}} in tests, (definition, p)
                    checked += 1
    assert checked > 0


def test_trap11_fanpin_sends_no_none_and_unknown_references_are_not_evaluable(engine: Engine) -> None:
    """Trap 11: unknown values are left out of the fact (``None`` would compare loosely), and a rule
    comparing with an unknown fact is not evaluable, never fired."""
    with_none = engine.evaluate_facts(
        {"income_per_capita": 9000, "housing_unsafe": None}, as_of=AS_OF, region=REGION, trace=True
    )
    without = engine.evaluate_facts({"income_per_capita": 9000}, as_of=AS_OF, region=REGION, trace=True)
    assert with_none == without
    spike = engine.evaluate_facts({"rigid_expense": 100000}, as_of=AS_OF, region=REGION)
    assert "expense.rigid_spike" in spike.not_evaluable
    assert "expense.rigid_spike" not in spike.flag_ids


# ---- trap 12: arithmetic in C ---------------------------------------------------------------------------


def test_trap12_integer_division_truncates() -> None:
    """Trap 12: ``$div`` on two integers divides in C: ``3 / 10 == 0``; with a float it is ``0.3``; a
    float division by zero is harmless (infinity)."""
    third = {"a": {"$div": {"$l": {"$m": "b"}, "$r": 10}}}
    assert _fires(third, {"a": 0, "b": 3})
    assert not _fires(third, {"a": 0.3, "b": 3})
    assert _fires({"a": {"$div": {"$l": {"$m": "b"}, "$r": 10.0}}}, {"a": 0.3, "b": 3})
    assert _fires({"$lt": {"a": {"$div": {"$l": {"$m": "b"}, "$r": {"$m": "c"}}}}}, {"a": 1, "b": 3.0, "c": 0})


def test_trap12_integer_division_by_zero_kills_the_process() -> None:
    """Trap 12: an integer ``$div`` by zero kills the interpreter with SIGFPE (in a child process)."""
    result = _child(
        """
        import json
        from fanpin.durable import _adapter as _durable
        host = _durable._SyncHost()
        rule = {"$lt": {"a": {"$div": {"$l": {"$m": "b"}, "$r": {"$m": "c"}}}}}
        host.register_rulesets({"div": {"r": {"all": [{"m": rule}], "run": lambda c: None}}})
        print("asserting", flush=True)
        host.assert_fact("div", {"sid": "s", "a": 1, "b": 3, "c": 0})
        print("survived", flush=True)
        """
    )
    assert result.stdout.split() == ["asserting"]
    assert result.returncode == -signal.SIGFPE


def test_trap12_fanpin_asks_the_engine_only_to_compare(compiled: list[_durable.CompiledRuleset]) -> None:
    """Trap 12: no rule fanpin compiles uses durable arithmetic; fanpin computes every term itself."""
    text = json.dumps([r.definitions for r in compiled])
    assert not [op for op in ARITHMETIC if op in text]


# ---- trap 13: sizes ----------------------------------------------------------------------------------


def test_trap13_a_fact_holds_at_most_253_properties() -> None:
    """Trap 13: a fact holds at most 253 JSON properties, ``sid`` included (the engine adds the id as a
    254th); one more, or 300, is refused with error 302."""
    fired: list[str] = []
    host, name = _one_rule(13, _recorder(fired, "r"))

    def fact(sid: str, size: int) -> dict[str, Any]:
        return {"sid": sid, "a": 1, **{f"p{i}": i for i in range(size - 2)}}

    host.assert_fact(name, fact("ok", 253))
    assert fired == ["r"]
    host.delete_state(name, "ok")
    for size in (254, 300):
        with pytest.raises(_durable._c.error, match="error code: 302"):
            host.assert_fact(name, fact(f"big{size}", size))


def test_trap13_a_ruleset_holds_at_most_512_rules_and_513_hang() -> None:
    """Trap 13: 512 rules register; with 513, ``create_ruleset`` never returns (checked in a child
    process that is killed after a timeout). fanpin's :data:`MAX_RULES` is far below."""

    def rules(n: int) -> dict[str, Any]:
        return {f"r{i}": {**_marked({"$lt": {f"p{i % 50}": i}}), "run": _recorder([], "r")} for i in range(n)}

    host = _durable._SyncHost()
    host.register_rulesets({_name(13): rules(512)})
    assert _durable.MAX_RULES < 512

    code = """
        from fanpin.durable import _adapter as _durable
        rules = {f"r{i}": {"all": [{"m": {"$lt": {f"p{i % 50}": i}}}], "run": lambda c: None} for i in range(513)}
        host = _durable._SyncHost()
        print("registering", flush=True)
        host.register_rulesets({"big": rules})
        print("registered", flush=True)
        """
    with pytest.raises(subprocess.TimeoutExpired) as info:
        _child(code, timeout=4)
    assert _partial_stdout(info.value).split() == ["registering"]


def test_trap13_fanpin_refuses_rulesets_over_its_limits() -> None:
    """Trap 13: :class:`CompiledRuleset` refuses more than :data:`MAX_RULES` rules and more than
    :data:`MAX_PROPERTIES` (251) properties with :class:`EngineError`."""
    rule = _marked({"a": 1})
    _durable.CompiledRuleset({f"r{i}": rule for i in range(_durable.MAX_RULES)}, ["a"])
    with pytest.raises(EngineError, match="at most"):
        _durable.CompiledRuleset({f"r{i}": rule for i in range(_durable.MAX_RULES + 1)}, ["a"])
    assert _durable.MAX_PROPERTIES == 251
    _durable.CompiledRuleset({"r": rule}, [f"p{i}" for i in range(_durable.MAX_PROPERTIES)])
    with pytest.raises(EngineError, match="at most"):
        _durable.CompiledRuleset({"r": rule}, [f"p{i}" for i in range(_durable.MAX_PROPERTIES + 1)])


def test_trap13_fanpin_rulebook_stays_within_the_limits(compiled: list[_durable.CompiledRuleset]) -> None:
    """Trap 13: the reference rulebook compiles to rulesets of at most MAX_RULES rules."""
    assert all(len(r.definitions) <= _durable.MAX_RULES for r in compiled)
    assert all(len(r.properties) + 2 <= 253 for r in compiled)


def test_trap13_every_ruleset_compiled_ruleset_accepts_can_evaluate_a_full_fact() -> None:
    """Trap 13: the largest property set :class:`CompiledRuleset` accepts must fit in one fact."""
    size = max(
        n
        for n in range(240, 260)
        if _accepts([f"p{i}" for i in range(n)])  # the largest accepted size
    )
    properties = [f"p{i}" for i in range(size)]
    engine = _engine({"r": _marked({"p0": 0})}, properties)
    assert engine.evaluate({"p0": 0}) == ["r"]
    assert engine.evaluate({p: 0 for p in properties}) == ["r"]


def _accepts(properties: list[str]) -> bool:
    try:
        _durable.CompiledRuleset({"r": _marked({"p0": 0})}, properties)
    except EngineError:
        return False
    return True


# ---- trap 14: DeprecationWarning on Python 3.12 ------------------------------------------------------


def test_trap14_actions_warn_on_python_312_only() -> None:
    """Trap 14: every action builds a Closure that calls ``datetime.utcfromtimestamp``, deprecated in
    Python 3.12: a DeprecationWarning per action there, none on 3.11."""
    host, name = _one_rule(14)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        host.assert_fact(name, {"sid": "s", "a": 1})
    host.delete_state(name, "s")
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    if sys.version_info >= (3, 12):
        assert deprecations
        assert all("utcfromtimestamp" in str(w.message) for w in deprecations)
    else:
        assert deprecations == []


def test_trap14_fanpin_emits_no_warning() -> None:
    """Trap 14: :meth:`DurableEngine.evaluate` emits no warning, on 3.11 and 3.12 alike."""
    engine = _engine({"r": _marked({"a": 1}), "s": _marked({"$nex": {"b": 1}})}, ["a", "b"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [engine.evaluate({"a": 1}), engine.evaluate({"a": 2, "b": 1}), engine.evaluate({"a": 1, "b": 1})]
    assert [sorted(r) for r in results] == [["r", "s"], [], ["r"]]
    assert caught == []


# ---- trap 15: "is absent" rules match the session state -------------------------------------------------


def test_trap15_an_absent_only_rule_matches_the_session_state_after_every_action() -> None:
    """Trap 15: the Host re-asserts the session state after each action; a rule made only of ``$nex``
    tests matches it again and again. Here the action ends the loop after 1000 rounds by writing the
    property into the state; with the household mark, the rule fires once."""
    host = _durable._SyncHost()
    name = _name(15)
    rounds: list[int] = []

    def action(c: Any) -> None:
        rounds.append(1)
        if len(rounds) == 1000:
            c.s.a = 1  # the state now has "a": the rule stops matching it

    host.register_rulesets({name: {"r": {"all": [{"m": {"$nex": {"a": 1}}}], "run": action}}})
    state = host.assert_fact(name, {"sid": "s", "b": 1})
    # 1001: the fact and the new session's state both matched at first; the state then re-matched
    # after each action until the 1000th wrote "a" into it.
    assert len(rounds) == 1001
    assert state["a"] == 1
    host.delete_state(name, "s")

    marked = _name(15)
    fired: list[str] = []
    host.register_rulesets({marked: {"r": {**_marked({"$nex": {"a": 1}}), "run": _recorder(fired, "r")}}})
    host.assert_fact(marked, {"sid": "s", "b": 1, MARK: 1})
    assert fired == ["r"]
    host.delete_state(marked, "s")


def test_trap15_an_absent_only_rule_loops_forever() -> None:
    """Trap 15: without intervention the loop never ends (a child process is killed after a timeout)."""
    code = """
        from fanpin.durable import _adapter as _durable
        host = _durable._SyncHost()
        rounds = []
        def action(c):
            rounds.append(1)
            if len(rounds) == 1000:
                print("looping", flush=True)
        host.register_rulesets({"loop": {"r": {"all": [{"m": {"$nex": {"a": 1}}}], "run": action}}})
        host.assert_fact("loop", {"sid": "s", "b": 1})
        print("terminated", flush=True)
        """
    with pytest.raises(subprocess.TimeoutExpired) as info:
        _child(code, timeout=4)
    assert _partial_stdout(info.value).split() == ["looping"]


def test_trap15_fanpin_marks_every_rule(compiled: list[_durable.CompiledRuleset]) -> None:
    """Trap 15: without actions and state updates, fanpin's driver still sees the session-state fact
    match an unmarked ``$nex`` rule once more; every rule fanpin compiles requires the household mark,
    which the state never carries, and a marked rule fires once."""
    host, name = _one_rule(15, m={"$nex": {"a": 1}})
    handle = host.get_ruleset(name)._handle
    assert _raw_run(handle, json.dumps({"sid": "s", "b": 1})) == ["r", "r"]
    _durable._c.delete_state(handle, "s")

    engine = _engine({"r": _marked({"$nex": {"a": 1}})}, ["a", "b"])
    assert engine.evaluate({"b": 1}) == ["r"]
    assert engine.evaluate({}) == ["r"]

    for ruleset in compiled:
        for definition in ruleset.definitions.values():
            assert {MARK: 1} in _conjunctions(definition), definition


# ---- trap 16: numbers durable's JSON parser refuses or misreads ------------------------------------------


def _raw_ruleset(threshold: str) -> Any:
    """A raw ruleset testing ``a < X``, ``a == X`` and ``a > X``, X written as the JSON text ``threshold``,
    and a catch-all rule on the mark, so that every session runs an action (trap 2)."""
    tests = {"lt": {"$lt": {"a": "X"}}, "eq": {"a": "X"}, "gt": {"$gt": {"a": "X"}}}
    rules: dict[str, Any] = {name: {"all": [{"m": {"$and": [{MARK: 1}, test]}}]} for name, test in tests.items()}
    rules["seen"] = {"all": [{"m": {MARK: 1}}]}
    return _durable._c.create_ruleset(_name(16), json.dumps(rules).replace('"X"', threshold))


def _raw_compare(handle: Any, value: str) -> list[str]:
    """The comparisons of a :func:`_raw_ruleset` that match the fact ``{"a": <value>}`` (JSON text)."""
    sid = uuid4().hex
    fired = _raw_run(handle, json.dumps({"sid": sid, MARK: 1, "a": "X"}).replace('"X"', value))
    _durable._c.delete_state(handle, sid)
    return sorted(name for name in fired if name != "seen")


def test_trap16_exponents_without_a_point_are_refused_and_long_integers_saturate() -> None:
    """Trap 16: ``json.dumps`` writes ``-5e-05`` and ``1e+20``; durable-rules refuses both (error 204), in
    a fact or in a rule. An exponent after a point, long decimal expansions and ``-0.0`` are read exactly
    (``atof``); a number without a point is read with ``atoll``, which saturates beyond 64 bits; ``NaN``
    reads as null and ``Infinity`` is refused."""
    assert (json.dumps(-5e-05), json.dumps(1e20), json.dumps(-1e-07)) == ("-5e-05", "1e+20", "-1e-07")
    zero = _raw_ruleset("0")
    for text in ("-5e-05", "5E-5", "1e+20", "1e20"):
        with pytest.raises(_durable._c.error, match="error code: 204"):  # no session is created
            _raw_compare(zero, text)
    for text in ("5e-05", "1e+20"):
        with pytest.raises(_durable._c.error, match="error code: 204"):
            _raw_ruleset(text)
    assert _raw_compare(zero, "-5.0e-05") == ["lt"]
    assert _raw_compare(zero, json.dumps(-1.5e-05)) == ["lt"]  # json.dumps writes "-1.5e-05": it has a point
    assert _raw_compare(zero, "-0.00005") == ["lt"]
    assert _raw_compare(zero, "0.00000000000000000001") == ["gt"]
    assert _raw_compare(zero, "-0.0") == ["eq"]
    tenth = _raw_ruleset("0.1")
    assert _raw_compare(tenth, "0.1000000000000000055511151231257827021181583404541015625") == ["eq"]
    assert _raw_compare(tenth, "0.10000000000000002") == ["gt"]
    assert _raw_compare(_raw_ruleset(str(2**63 - 1)), str(2**64)) == ["eq"]  # 2**64 "==" 2**63 - 1
    huge = _raw_ruleset("100000000000000000000.0")  # 1e20
    assert _raw_compare(huge, "100000000000000000000") == ["lt"]  # read as 2**63 - 1
    assert _raw_compare(huge, "100000000000000000000.0") == ["eq"]
    assert _raw_compare(zero, "NaN") == []
    with pytest.raises(_durable._c.error, match="error code: 202"):
        _raw_compare(zero, "Infinity")


#: Numbers that json.dumps writes in exponent notation, or near where it starts to, or at the ends of
#: the ranges: durable compares each of them with each other as Python does once fanpin writes them.
AWKWARD: tuple[int | float, ...] = (
    0, 0.0, -0.0, 1, -1, 0.01, 1e-4, 9.999999999999999e-05, 5e-05, -5e-05, 1e-05, 1e-06, -1e-07, 5e-324,
    -5e-324, 2.2250738585072014e-308, 0.1, 0.30000000000000004, 1 / 3, 999999.5, 1e15, 9999999999999998.0,
    1e16, -1e16, 1e20, -1e20, 1.7976931348623157e308, -1.7976931348623157e308, 10**14, -(10**14), 2**53,
)  # fmt: skip


def test_trap16_fanpin_writes_every_number_so_that_durable_reads_it_back() -> None:
    """Trap 16: :func:`json_number` writes positional digits, with a point exactly for floats, that
    parse back to the same value; facts and rule constants written by :func:`engine_json` register,
    assert and compare as in Python. An integer beyond 64 bits becomes the nearest double; NaN and
    infinities are refused."""
    for value in AWKWARD:
        text = _durable.json_number(value)
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text), text
        assert ("." in text) == isinstance(value, float), text
        back = json.loads(text)
        assert type(back) is type(value) and back == value and math.copysign(1, back) == math.copysign(1, value)
        assert _durable.engine_json({"a": value}) == f'{{"a": {text}}}'  # json.dumps' fast path agrees
    fact = {"a": -5e-05, "b": [1e20, "文字", None, True], "c": {"d": 5e-324}}
    assert json.loads(_durable.engine_json(fact)) == fact
    assert _durable.engine_json({"a": 0.5, "b": "x"}) == json.dumps({"a": 0.5, "b": "x"}, ensure_ascii=False)
    assert _durable.json_number(2**64) == "18446744073709552000.0"
    for bad in (math.nan, math.inf, -math.inf, 10**400):
        with pytest.raises(EngineError):
            _durable.json_number(bad)

    rules: dict[str, dict[str, Any]] = {}
    for i, v in enumerate(AWKWARD):  # the constants are written into the rule definitions
        rules |= {f"lt{i}": _marked({"$lt": {"a": v}}), f"eq{i}": _marked({"a": v})}
        rules[f"gt{i}"] = _marked({"$gt": {"a": v}})
    engine = _engine(rules, ["a"])
    for x in AWKWARD:
        tests = [(i, (("lt", x < v), ("eq", x == v), ("gt", x > v))) for i, v in enumerate(AWKWARD)]
        want = sorted(f"{op}{i}" for i, outcomes in tests for op, holds in outcomes if holds)
        assert sorted(engine.evaluate({"a": x})) == want, x
    wide = _engine({"gt": _marked({"$gt": {"a": 2**63 - 1}})}, ["a"])
    assert wide.evaluate({"a": 2**64}) == ["gt"]
    assert wide.evaluate({"a": -(2**64)}) == []
    with pytest.raises(EngineError, match="cannot be sent"):
        wide.evaluate({"a": math.nan})
    assert wide.evaluate({"a": 2**64}) == ["gt"]


@functools.cache
def _pair_engine() -> _durable.DurableEngine:
    """One engine comparing the fact's ``a`` with its ``b`` (``$m``, guarded as fanpin guards it)."""
    ops = {"lt": "$lt", "eq": "$eq", "gt": "$gt"}
    guard = ({"$ex": {"a": 1}}, {"$ex": {"b": 1}})
    return _engine({name: _marked(*guard, {op: {"a": {"$m": "b"}}}) for name, op in ops.items()}, ["a", "b"])


_NUMBERS = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53)


@given(_NUMBERS, _NUMBERS)
def test_trap16_fanpin_facts_compare_as_in_python(a: float, b: float) -> None:
    """Trap 16: any two numbers a household fact can carry (doubles, integers exact in a double) compare
    in durable-rules as in Python once :func:`engine_json` writes them."""
    want = [name for name, holds in (("eq", a == b), ("gt", a > b), ("lt", a < b)) if holds]
    assert sorted(_pair_engine().evaluate({"a": a, "b": b})) == want


def test_trap16_fanpin_scores_households_whose_income_barely_changed(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trap 16: a per-capita income of 9999.99 against 10000 last year makes the income-drop ratio
    1e-06 (6000.30 against 6000: -5e-05); json.dumps would write both in exponent notation. fanpin
    writes them positionally and the household is scored."""
    texts: list[str] = []

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def assert_fact(self, handle: Any, message: str) -> Any:
            texts.append(message)
            return real.assert_fact(handle, message)

    real = _durable._c
    monkeypatch.setattr(_durable, "_c", Spy())
    for now, before, ratio in (("9999.99", "10000", "0.000001"), ("6000.30", "6000", "-0.00005")):
        texts.clear()
        facts = {"income_per_capita": Decimal(now), "prev_income_per_capita": Decimal(before)}
        assessment = engine.evaluate_facts(facts, as_of=AS_OF, region=REGION)
        assert "income.sharp_drop" not in assessment.flag_ids
        (text,) = texts
        assert f": {ratio}," in text
        assert "e-0" in json.dumps(json.loads(text))  # what durable's own json.dumps would have sent


#: Any value a fact might hold, the usual kinds (64-bit integers, floats json writes positionally, text)
#: and every other: integers beyond 64 bits, the AWKWARD floats, NaN and the infinities, text with quotes,
#: control characters and surrogates, bool, None, lists, a Decimal (which json refuses), an int subclass.
_VALUES = st.one_of(
    st.integers(),
    st.floats(),
    st.sampled_from(AWKWARD),
    st.text(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.just(Decimal("1.5")),
    st.just(HTTPStatus.OK),
)
_PROPERTIES = st.lists(st.text(min_size=1, max_size=4), max_size=6, unique=True)


@given(_PROPERTIES, st.data(), st.integers(0, 2**40))
def test_trap16_a_facts_text_is_engine_json_of_what_its_ruleset_reads(
    properties: list[str], data: st.DataObject, fact_id: int
) -> None:
    """Trap 16: the text a ruleset is sent (:func:`fact_writer`, generated per ruleset) is, character for
    character, :func:`engine_json` of the properties it reads that the fact holds, in their order, then the
    session, the fact's id and the household mark — or the same error, whatever the values."""
    held = data.draw(st.lists(st.sampled_from(properties), unique=True) if properties else st.just([]))
    fact = {p: data.draw(_VALUES) for p in held} | data.draw(st.dictionaries(st.text(max_size=4), _VALUES, max_size=3))
    message = {p: fact[p] for p in properties if p in fact} | {"sid": "3", "id": fact_id, _durable.HOUSEHOLD_MARK: 1}
    write = _durable.fact_writer(properties)
    try:
        expected = _durable.engine_json(message)
    except (TypeError, EngineError) as exc:
        with pytest.raises(type(exc)):
            write(fact, "3", fact_id)
        return
    assert write(fact, "3", fact_id) == expected


def test_trap16_a_facts_text_on_the_edges_of_its_fast_paths() -> None:
    """:func:`fact_writer` on every value at the edges of its fast paths: :data:`AWKWARD`, the ends of 64
    bits, NaN, infinities, bool, None, text json escapes."""
    edges: list[Any] = [
        *AWKWARD,
        2**63 - 1,
        2**63,
        -(2**63),
        -(2**63) - 1,
        1e-4,
        -1e-4,
        1e16 - 2,
        0.0001000001,
        True,
        None,
    ]
    edges += ["", 'a"\\\n\u2028文', "\ud800", math.nan, math.inf, -math.inf, [1e-5]]
    write = _durable.fact_writer(["a", "b"])
    for value in edges:
        fact = {"a": value, "b": 1, "c": 2}
        try:
            expected = _durable.engine_json({"a": value, "b": 1, "sid": "0", "id": 7, _durable.HOUSEHOLD_MARK: 1})
        except EngineError:
            with pytest.raises(EngineError):
                write(fact, "0", 7)
            continue
        assert write(fact, "0", 7) == expected, value


def test_trap16_fanpin_writes_tiny_thresholds_into_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trap 16: a county's income-drop ratio of 0.00001 is written into the rules as ``0.00001`` (not
    ``1e-05``, which would make registration fail) and compares exactly: a drop of 1e-06 is not sharp,
    a drop of 1e-04 is."""
    (tmp_path / "override.yaml").write_text(
        textwrap.dedent(
            """
            parameters:
              income_drop_ratio:
                label: 收入骤减比例
                label_en: income drop ratio
                unit: ratio
                values:
                  - {region: "532328", from: 2025-01-01, value: 0.00001, source: trap 16 test}
            """
        ),
        encoding="utf-8",
    )
    created: list[str] = []

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def create_ruleset(self, name: str, text: str) -> Any:
            created.append(text)
            return real.create_ruleset(name, text)

    real = _durable._c
    monkeypatch.setattr(_durable, "_c", Spy())
    county = Engine(load_rulebook(tmp_path))
    fired = {
        now: "income.sharp_drop"
        in county.evaluate_facts(
            {"income_per_capita": Decimal(now), "prev_income_per_capita": Decimal(10000)}, as_of=AS_OF, region=REGION
        ).flag_ids
        for now in ("9999.99", "9999.00", "9999")
    }
    assert fired == {"9999.99": False, "9999.00": True, "9999": True}
    assert any(": 0.00001}" in text for text in created)
    assert not any("e-0" in text for text in created)


# ---- trap 17: none() with references to another fact -----------------------------------------------------


#: Trap 17's none() rulesets, one session each, as a fresh child process runs them: ``{sessions}`` is a list of
#: ``session(test, *facts)`` calls, whose outcomes (the rules that fired) are printed as JSON.
_NONE_SESSIONS = """
    import json
    import sys
    from fanpin.durable import _adapter as _durable

    def session(test, *facts):
        rule = {{"all": [{{"w": {{"t": "w"}}}}, {{"m_1$not": {{"$and": [{{"t": "x"}}, test]}}}}]}}
        seen = {{"all": [{{"m": {{"$ex": {{"t": 1}}}}}}]}}  # every fact runs an action (trap 2)
        handle = _durable._c.create_ruleset(f"n{{session.count}}", json.dumps({{"r": rule, "seen": seen}}))
        session.count += 1
        for fact in facts:
            _code, state = _durable._c.assert_fact(handle, json.dumps({{"sid": "s", **fact}}))
        fired = [name for name in _durable._agenda(handle, state) if name != "seen"]
        _durable._c.delete_state(handle, "s")
        _durable._c.delete_ruleset(handle)
        print(f"session {{session.count}} done", file=sys.stderr, flush=True)
        return fired

    session.count = 0
    cross, constant = {{"d": {{"w": "d"}}}}, {{"d": 5}}
    at_least, at_least_5 = {{"$gte": {{"d": {{"w": "d"}}}}}}, {{"$gte": {{"d": 5}}}}
    x, w = {{"t": "x", "d": 5}}, {{"t": "w", "d": 5}}
    print(json.dumps([{sessions}]))
    """

#: The session of trap 17 that reads memory it does not own: the blocking candidate fails an ordering test
#: against the guarded fact (3 >= 5).
_FAILING_ORDER = 'session(at_least, {**x, "d": 3}, w)'


def _none_sessions(*sessions: str) -> str:
    return textwrap.dedent(_NONE_SESSIONS).format(sessions=", ".join(sessions))


def test_trap17_none_misses_a_numerically_equal_value_of_another_fact() -> None:
    """Trap 17: ``none(m.t == "x" & m.d == c.w.d)`` joins on a hash of the printed value: an ``x`` with
    ``d`` 5.0 (or -0.0) does not block a ``w`` with ``d`` 5 (or 0.0), and the rule fires when it should
    not; with the constant ``m.d == 5`` it blocks. An ordering test against another fact
    (``m.d >= c.w.d``) blocks correctly when the blocking fact comes first; asserted after the fact it
    guards, a blocking fact withdraws nothing, with a constant as well. In a fresh child process, so that
    a crash of durable-rules cannot take a test worker with it; the session whose ordering test fails, which
    may crash, is the next test's."""
    result = _child(
        _none_sessions(
            "session(cross, x, w)",
            'session(cross, {**x, "d": 5.0}, w)',
            'session(cross, x, {**w, "d": 5.0})',
            'session(cross, {**x, "d": -0.0}, {**w, "d": 0.0})',
            'session(constant, {**x, "d": 5.0}, w)',
            'session(at_least, {**x, "d": 7}, w)',
            'session(at_least, w, {**x, "d": 7})',
            'session(at_least_5, w, {**x, "d": 7})',
        )
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        [],  # blocked, as it should be
        ["r"],  # 5.0 == 5, and yet the rule fires
        ["r"],
        ["r"],
        [],  # with a constant it blocks
        [],
        ["r"],  # the blocking fact came second
        ["r"],
    ]


def test_trap17_a_failing_ordering_test_against_another_fact_may_kill_the_process() -> None:
    """Trap 17: a blocking candidate that fails an ordering test against the guarded fact (an ``x`` with
    ``d`` 3 under ``m.d >= c.w.d``, ``w`` with 5) lets the rule fire, as it should, but durable-rules reads
    a byte outside its memory on the way (valgrind: an invalid read in ``reduceExpressionSequence``, under
    ``isBetaMatch``; pinned by the next test): the process dies by SIGSEGV in some runs, about half of
    them in a bare interpreter. Here: it fires, or the child died by SIGSEGV, nothing else."""
    result = _child(_none_sessions(_FAILING_ORDER))
    assert result.returncode in (0, -signal.SIGSEGV), result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout) == [["r"]]


def _under_valgrind(code: str, *argv: str, exit_code: int = 0) -> subprocess.CompletedProcess[str]:
    """``code`` run by valgrind in a fresh interpreter (Python's own allocator off) with arguments ``argv``, ending
    with ``exit_code``: valgrind's report is its standard error."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONMALLOC": "malloc"}
    result = subprocess.run(
        ["valgrind", "--num-callers=8", sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == exit_code, result.stderr[-4000:]
    return result


def _engine_errors(report: str) -> list[str]:
    """The errors of a valgrind report that have a frame in durable-rules' engine, each as valgrind wrote it."""
    blocks = re.split(r"==\d+== \n", report)
    return [block for block in blocks if "durable_rules_engine" in block]


@pytest.mark.skipif(not SLOW, reason="valgrind runs take minutes: FANPIN_SLOW=1")
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_trap17_under_valgrind_the_failing_ordering_test_reads_outside_durables_memory() -> None:
    """Trap 17, under valgrind: a session whose ordering test against another fact holds and one with an
    equality read no memory they do not own; the session whose ordering test fails then reads a byte
    outside a block, in ``reduceExpressionSequence`` called by ``isBetaMatch`` (durable's join of two
    facts, which fanpin's one-pattern rules never reach: the next test)."""
    run = _under_valgrind(_none_sessions('session(at_least, {**x, "d": 7}, w)', "session(cross, x, w)", _FAILING_ORDER))
    assert json.loads(run.stdout) == [[], [], ["r"]]
    report = run.stderr
    before, _, after = report.partition("session 2 done")
    assert "session 3 done" in after
    assert _engine_errors(before) == []
    (invalid,) = [block for block in _engine_errors(after) if "Invalid read" in block]
    assert "reduceExpressionSequence" in invalid and "isBetaMatch" in invalid


@pytest.mark.skipif(not SLOW, reason="valgrind runs take minutes: FANPIN_SLOW=1")
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_under_valgrind_the_rules_fanpin_compiles_read_no_memory_outside_durables_own(tmp_path: Path) -> None:
    """The one-pattern rules fanpin compiles, run by durable-rules under valgrind: ``fanpin score`` of the example
    export on the per-household engine, in one process, with the data-check pack (members, the plans, 288
    households): no error of valgrind's has a frame in durable-rules' engine (about two minutes)."""
    run = _under_valgrind(
        "import sys\nfrom fanpin.cli import main\nsys.exit(main(sys.argv[1:]))",
        *("score", str(ROOT / "examples" / "data" / "export-gbk.csv")),
        *("--as-of", "2025-06-30", "--region", "532328", "--engine", "durable", "--checks", "with"),
        *("--workers", "1", "--out", str(tmp_path / "scored.csv"), "--errors", str(tmp_path / "rejected.csv")),
        exit_code=3,  # rows were rejected: the example export holds rows written wrong on purpose
    )
    assert "scored 288 households" in run.stderr or "已评分 288 户" in run.stderr, run.stderr[-2000:]
    assert _engine_errors(run.stderr) == []


def test_trap17_a_missing_or_null_referenced_property_fails_the_assertion() -> None:
    """Trap 17: in a ``none()`` comparing with another fact, an absent referenced property (error 311) or
    a null compared property (error 312) makes the assertion fail (in a child process)."""
    result = _child(
        """
        import json
        from fanpin.durable import _adapter as _durable
        rule = {"all": [{"w": {"t": "w"}}, {"m_1$not": {"$and": [{"t": "x"}, {"$gte": {"d": {"w": "d"}}}]}}]}
        seen = {"all": [{"m": {"$ex": {"t": 1}}}]}
        for i, facts in enumerate(([{"t": "x", "d": 7}, {"t": "w"}], [{"t": "x", "d": None}, {"t": "w", "d": 5}])):
            handle = _durable._c.create_ruleset(f"n{i}", json.dumps({"r": rule, "seen": seen}))
            for fact in facts:
                try:
                    _durable._c.assert_fact(handle, json.dumps({"sid": "s", **fact}))
                except _durable._c.error as exc:
                    print(str(exc).split()[-1], flush=True)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["311", "312"]


def _operands(test: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of a compiled test, nested tests and operands included."""
    if isinstance(test, dict):
        for key, value in test.items():
            yield key, value
            yield from _operands(value)
    elif isinstance(test, list):
        for item in test:
            yield from _operands(item)


def test_trap17_fanpin_emits_no_none_and_no_reference_to_another_fact(
    compiled: list[_durable.CompiledRuleset],
) -> None:
    """Trap 17: every engine rule fanpin compiles is one pattern, ``m``, over the household fact: no
    ``none()`` / ``$not``, no ``any``, and every reference is ``{"$m": <property of the same fact>}``."""
    operators = {"$and", "$lt", "$lte", "$gt", "$gte", "$neq", "$ex", "$nex", "$m"}
    references = 0
    for ruleset in compiled:
        for definition in ruleset.definitions.values():
            assert list(definition) == ["all"], definition
            (pattern,) = definition["all"]
            assert list(pattern) == ["m"], definition
            for key, value in _operands(pattern["m"]):
                if key.startswith("$"):
                    assert key in operators, (key, definition)
                elif isinstance(value, dict):  # {property: operand}: an operand that is not a constant
                    assert list(value) == ["$m"] and isinstance(value["$m"], str), definition
                if key == "$m":
                    assert isinstance(value, str) and value in ruleset.properties, definition
                    references += 1
    assert references > 0  # the reference rulebook compares properties with each other


# ---- found while pinning the traps ------------------------------------------------------------------


def test_deleting_a_session_that_never_ran_an_action() -> None:
    """Not in the list: ``createStateNode`` does not initialise a session's action context and
    ``deleteStateNode`` frees it, so deleting a session in which no action was ever started frees
    whatever the memory held. Pinned at its safe edge: once an action ran in a session slot, deleting
    a later unmatched session in that slot works (this is why fanpin tests prime each engine)."""
    host, name = _one_rule(16)
    handle = host.get_ruleset(name)._handle
    assert _raw_run(handle, json.dumps({"sid": "0", "a": 1})) == ["r"]
    _durable._c.delete_state(handle, "0")
    assert _raw_run(handle, json.dumps({"sid": "1", "a": 2})) == []
    _durable._c.delete_state(handle, "1")
    with pytest.raises(_durable._c.error, match="error code: 309"):
        _durable._c.delete_state(handle, "never")


def test_a_durable_engine_whose_first_fact_matches_nothing_survives() -> None:
    """The first evaluation of a fresh :class:`DurableEngine` matches none of its rules (checked in a
    child): the catch-all rule :data:`SEEN` still starts an action, so deleting the session is safe."""
    result = _child(
        """
        from fanpin.durable import _adapter as _durable
        ruleset = _durable.CompiledRuleset(
            {"r": {"all": [{"m": {"$and": [{_durable.HOUSEHOLD_MARK: 1}, {"a": 1}]}}]}}, ["a"]
        )
        engine = _durable.DurableEngine([ruleset])
        print(engine.evaluate({"a": 2}), engine.evaluate({"a": 1}), flush=True)
        """
    )
    assert result.returncode == 0, result.returncode
    assert result.stdout.strip() == "[] ['r']"


# ---- trap 18: rulesets and session states live until deleted -------------------------------------------


def test_trap18_a_collected_engine_has_its_state_and_rulesets_deleted(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable-rules keeps a ruleset and its sessions' states until told: fanpin deletes those of an engine
    once it is collected (the state only where an action ran, trap 2), at the next call into durable."""
    import gc

    calls: list[tuple[str, object]] = []
    real_state, real_ruleset = _durable._c.delete_state, _durable._c.delete_ruleset

    def delete_state(handle: object, sid: str) -> object:
        calls.append(("state", handle))
        return real_state(handle, sid)

    def delete_ruleset(handle: object) -> object:
        calls.append(("ruleset", handle))
        return real_ruleset(handle)

    monkeypatch.setattr(_durable._c, "delete_state", delete_state)
    monkeypatch.setattr(_durable._c, "delete_ruleset", delete_ruleset)
    used = _engine({"r": _marked({"a": 1})}, ["a"])
    assert used.evaluate({"a": 1}) == ["r"]
    unused = _engine({"r": _marked({"a": 1})}, ["a"])
    handles = [used._rulesets[0].handle, unused._rulesets[0].handle]
    del used, unused
    gc.collect()
    assert not [c for c in calls if c[1] in handles]  # deleted by the next call into durable, not by the collector
    other = _engine({"r": _marked({"a": 2})}, ["a"])
    assert other.evaluate({"a": 2}) == ["r"]
    ours = [(kind, handle) for kind, handle in calls if handle in handles]  # engines of earlier tests too
    assert sorted(ours, key=str) == sorted(
        [("state", handles[0]), ("ruleset", handles[0]), ("ruleset", handles[1])], key=str
    )


def test_trap18_scorers_made_and_dropped_keep_memory_flat() -> None:
    """A Scorer per request, under the data checks: the memory forty of them take stays that of one (it grew
    by about 9 MiB a Scorer: 816 MiB over a hundred before, 0 MiB now, in a fresh interpreter). The thirty
    measured after ten to warm would have grown by about 270 MiB."""
    done = _child(
        """
        import gc
        from datetime import date
        from fanpin import Household, Scorer, load_rulebook
        book = load_rulebook(checks="with")
        household = Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户",
            "家庭人口数": "4", "工资性收入": "20000", "生产经营性收入": "0", "财产性收入": "0", "转移性收入": "0"})
        def resident():
            return int(open("/proc/self/statm").read().split()[1]) * 4096 // 2**20
        for n in range(41):
            Scorer(book).assess(household, as_of=date(2025, 6, 30))
            gc.collect()
            if n == 10:
                start = resident()
        print(resident() - start)
        """,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 60


# ---- trap 19: a fact that matches too many rules of a ruleset at once ------------------------------------


def _ladder(n: int) -> dict[str, dict[str, Any]]:
    """``n`` engine rules ``w > 1`` … ``w > n``: a fact with a large ``w`` matches every one of them."""
    return {f"r{i}": _marked({"$gt": {"w": i}}) for i in range(1, n + 1)}


def test_trap19_durable_refuses_a_fact_that_matches_more_than_64_rules_at_once() -> None:
    """Trap 19: matching walks the rules' tests with a stack of 64 entries; a fact passing the first test of
    65 rules of one ruleset is refused with error 303 (ERR_MAX_STACK_SIZE), one of 64 is not."""
    host = _durable._SyncHost()
    name = _name(19)
    host.register_rulesets({name: {n: {**d, "run": _recorder([], n)} for n, d in _ladder(65).items()}})
    with pytest.raises(_durable._c.error, match="error code: 303"):
        host.assert_fact(name, {"sid": "s", MARK: 1, "w": 100})
    host.assert_fact(name, {"sid": "t", MARK: 1, "w": 64.5})  # 64 rules


def test_trap19_fanpin_splits_a_ruleset_a_fact_matches_too_much_of() -> None:
    """Trap 19: the engine answered EngineError (durable-rules refused a household fact: error code 303) for
    a household firing 70 county rules, and fanpin score --engine durable stopped; the ruleset is split in
    two, for good, and the fact asserted in each half."""
    engine = _engine(_ladder(150), ["w"])
    assert sorted(engine.evaluate({"w": 100}), key=lambda n: int(n[1:])) == [f"r{i}" for i in range(1, 100)]
    assert len(engine._rulesets) > 1
    assert sorted(engine.evaluate({"w": 200}), key=lambda n: int(n[1:])) == [f"r{i}" for i in range(1, 151)]
    assert engine.evaluate({"w": 1}) == []
    assert sum(len(s.compiled.definitions) for s in engine._rulesets) == 150


def test_a_property_name_holding_code_stays_a_name_in_the_generated_writer() -> None:
    """:func:`fact_writer` compiles source per ruleset: a property's name enters it only as a name bound in its
    namespace, never as text, so a name holding quotes, a line break or code is written as engine_json writes
    it and runs nothing."""
    properties = ['a"); raise SystemExit("x") #', "b\nimport os", "{c0}", "\\"]
    fact = {p: n for n, p in enumerate(properties)}
    message = {**fact, "sid": "3", "id": 7, _durable.HOUSEHOLD_MARK: 1}
    assert _durable.fact_writer(properties)(fact, "3", 7) == _durable.engine_json(message)
