"""The durable-rules adapter — the only module that imports ``durable``.

durable-rules 2.0.28 is a capable Rete engine with sharp edges. Each one below is pinned by a test in
``tests/test_durable_traps.py`` (observed on 3.11 and 3.12):

1. An event (``post``) is consumed by the first rule that matches it: households are asserted as
   **facts**, so every rule sees them.
2. A fact that matches no rule raises ``MessageNotHandledException``. Worse, deleting the state of a
   session in which no action ever ran frees uninitialised memory (SIGSEGV / "double free"): every
   compiled ruleset has the catch-all rule :data:`SEEN`, so every household starts an action.
3. Within one session a fact's identity is a 32-bit hash of its content: a second fact with the same
   hash is refused (``MessageObservedException``). Every evaluation gets **its own session id**,
   holding one fact.
4. A ruleset keeps at most 1024 live sessions (the next raises ``MemoryError``): each session's state is
   **deleted** right after its evaluation.
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

A performance note, not a trap: a comparison with another property (``$m``) costs about ten times a
comparison with a constant, so :mod:`fanpin.durable.engine` writes thresholds into the rules as constants.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterable, Mapping
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

# _c (the C extension) and _engine (durable.engine) are listed so that tests/test_durable_traps.py can pin
# the raw behaviours through this module, the only importer of durable.
__all__ = ["MAX_PROPERTIES", "MAX_RULES", "CompiledRuleset", "DurableEngine", "MessageNotHandled", "_c", "_engine"]

MAX_RULES = 200
HOUSEHOLD_MARK = "fanpin_household"
#: A fact holds 253 JSON properties; sid and the household mark take two.
MAX_PROPERTIES = 251
#: The catch-all rule of every ruleset (trap 2); never reported as fired.
SEEN = "$seen"
MessageNotHandled = _engine.MessageNotHandledException

#: One lock for every call into the C extension, whichever engine object makes it.
_LOCK = threading.Lock()
_NAMES = itertools.count()


class _SyncHost(_engine.Host):  # type: ignore[misc]
    """A Host without the background dispatch threads (trap 7)."""

    def _run(self) -> None:
        return None

    def load_ruleset(self, ruleset_name: str) -> Any:
        raise EngineError(f"durable-rules has no ruleset {ruleset_name!r}; it failed to register earlier")


class CompiledRuleset:
    """One durable ruleset: JSON rule definitions plus the fact properties it reads."""

    def __init__(self, definitions: Mapping[str, dict[str, Any]], properties: Iterable[str]) -> None:
        self.definitions = dict(definitions)
        self.properties = tuple(sorted(set(properties)))
        if len(self.definitions) > MAX_RULES:
            raise EngineError(f"a durable ruleset holds at most {MAX_RULES} rules, got {len(self.definitions)}")
        if len(self.properties) > MAX_PROPERTIES:
            raise EngineError(f"a durable fact holds at most {MAX_PROPERTIES} properties, got {len(self.properties)}")


class DurableEngine:
    """Evaluates one fact at a time against compiled rulesets; returns the names of the rules that fired.

    Thread-safe: all calls hold the module lock. Memory is flat: each evaluation uses a fresh session
    id and deletes its state afterwards.

    Rulesets are registered through durable's own ``Host``; evaluation then drives the C engine with the
    calls the Host itself makes (``assert_fact``, ``start_action_for_state``,
    ``complete_and_start_action``, ``delete_state``) but without building a Python closure and
    re-serialising the session state for every action: fanpin's actions only record which rule
    matched, so that round trip (about 10 µs an action) buys nothing.
    """

    def __init__(self, rulesets: list[CompiledRuleset]) -> None:
        self._host = _SyncHost()
        self._rulesets: list[tuple[Any, CompiledRuleset]] = []
        self._sid = itertools.count()
        for compiled in rulesets:
            name = f"fanpin{next(_NAMES)}"
            definition = {rule_name: {**rule, "run": _record} for rule_name, rule in compiled.definitions.items()}
            definition[SEEN] = {"all": [{"m": {HOUSEHOLD_MARK: 1}}], "run": _record}
            with _LOCK:
                try:
                    self._host.register_rulesets({name: definition})
                except Exception as exc:
                    raise EngineError(f"durable-rules refused ruleset {name}: {exc}") from exc
                handle = self._host.get_ruleset(name)._handle
            self._rulesets.append((handle, compiled))

    def evaluate(self, fact: Mapping[str, Any]) -> list[str]:
        """Assert ``fact`` in a fresh session of every ruleset; the names of the engine rules that fired."""
        fired: list[str] = []
        with _LOCK:
            for handle, compiled in self._rulesets:
                sid = str(next(self._sid))
                message = {p: fact[p] for p in compiled.properties if p in fact}
                message["sid"] = sid
                message[HOUSEHOLD_MARK] = 1
                try:
                    text = json.dumps(message, ensure_ascii=False)
                    code, state = _c.assert_fact(handle, text)
                except Exception as exc:  # no session was created: nothing to delete
                    raise EngineError(f"durable-rules refused a household fact: {exc}") from exc
                try:
                    if code != 0:  # the catch-all rule makes every household match (trap 2)
                        raise EngineError(f"durable-rules answered {code} to a household fact")
                    fired.extend(_agenda(handle, state))
                finally:
                    _c.delete_state(handle, sid)  # trap 4: never keep a session alive
        return fired


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
