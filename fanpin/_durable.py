"""The durable-rules adapter — the only module that imports ``durable``.

durable-rules 2.0.28 is a capable Rete engine with sharp edges; each one below is pinned by a test in
``tests/test_durable_traps.py``:

1. An event (``post``) is consumed by the first rule that matches it: households are asserted as
   **facts**, so every rule sees them.
2. A fact that matches no rule raises ``MessageNotHandledException``: here that simply means no rule
   fired and none was not evaluable.
3. Within one session a fact's identity is a 32-bit hash, and colliding facts are dropped silently:
   every evaluation gets **its own session id**, holding one fact.
4. A ruleset keeps at most 1024 live sessions (the next raises ``MemoryError``): each session's state is
   **deleted** right after its evaluation.
5. An action taking two parameters is treated as asynchronous: actions here take exactly one.
6. An exception raised in an action is stored in the session state, not raised: actions only append a
   name to a list, and the state is checked for an ``exception`` entry anyway.
7. The default ``Host`` runs background timer threads that can segfault when state is deleted: our
   :class:`_SyncHost` never starts them, and the engine is driven synchronously.
8. A ruleset that fails to register later shows up only as "Ruleset not found": registration errors are
   raised here, at compile time, with the ruleset's name.
9. ``Decimal`` is not JSON-serialisable: facts are encoded to int / float / str before asserting.
10. Calls from several threads can segfault: every call into the engine holds one process-wide lock.
11. Comparisons are loose (``>= 0.3`` matches the text ``'abc'``; ``None`` never matches): facts are
    typed before asserting, unknown values are left out, and "not evaluable" is decided by explicit
    rules built from three-valued logic, never by a missing match.
12. Its arithmetic divides integers in C (``3/10 == 0``) and a division by zero kills the process with
    SIGFPE: fanpin computes every term itself (:mod:`fanpin.lowering`) and asks the engine only to compare.
13. A fact holds at most 255 properties and a ruleset about 480 rules: rules are split into rulesets of
    at most :data:`MAX_RULES` engine rules and each ruleset is sent only the properties it reads.
15. After each action durable re-asserts the session state as a message, and a rule made only of
    "is absent" tests matches it — again after every action, forever. Every compiled rule requires
    :data:`HOUSEHOLD_MARK`, which only household facts carry.
14. On Python 3.12 every action emits a ``DeprecationWarning`` (it calls ``datetime.utcnow``): silenced
    around each call.
"""

from __future__ import annotations

import itertools
import threading
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

try:
    from durable import engine as _engine
except ImportError as exc:  # pragma: no cover - depends on the interpreter
    raise ImportError(
        "durable-rules could not be imported; it supports CPython 3.11 and 3.12 only "
        "(pip install durable-rules==2.0.28 needs gcc and the Python headers)"
    ) from exc

from fanpin.errors import EngineError

__all__ = ["MAX_PROPERTIES", "MAX_RULES", "CompiledRuleset", "DurableEngine", "MessageNotHandled"]

MAX_RULES = 200
HOUSEHOLD_MARK = "fanpin_household"
MAX_PROPERTIES = 255
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
        if len(self.properties) + 2 > MAX_PROPERTIES:
            raise EngineError(f"a durable fact holds at most {MAX_PROPERTIES} properties, got {len(self.properties)}")


class DurableEngine:
    """Evaluates one fact at a time against compiled rulesets; returns the names of the rules that fired.

    Thread-safe: all calls hold the module lock. Memory is flat: each evaluation uses a fresh session
    id and deletes its state afterwards.
    """

    def __init__(self, rulesets: list[CompiledRuleset]) -> None:
        self._host = _SyncHost()
        self._fired: list[str] = []
        self._rulesets: list[tuple[str, CompiledRuleset]] = []
        self._sid = itertools.count()
        for compiled in rulesets:
            name = f"fanpin{next(_NAMES)}"
            definition = {
                rule_name: {**rule, "run": self._action(rule_name)} for rule_name, rule in compiled.definitions.items()
            }
            with _LOCK:
                try:
                    self._host.register_rulesets({name: definition})
                except Exception as exc:
                    raise EngineError(f"durable-rules refused ruleset {name}: {exc}") from exc
            self._rulesets.append((name, compiled))

    def _action(self, rule_name: str) -> Any:
        fired = self._fired

        def action(c: Any) -> None:  # exactly one parameter: a synchronous action (trap 5)
            fired.append(rule_name)

        return action

    def evaluate(self, fact: Mapping[str, Any]) -> list[str]:
        """Assert ``fact`` in a fresh session of every ruleset; the names of the engine rules that fired."""
        with _LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self._fired.clear()
            for name, compiled in self._rulesets:
                sid = str(next(self._sid))
                message = {p: fact[p] for p in compiled.properties if p in fact}
                message["sid"] = sid
                message[HOUSEHOLD_MARK] = 1
                try:
                    self._host.assert_fact(name, message)
                except MessageNotHandled:
                    pass  # trap 2: nothing matched
                finally:
                    self._host.delete_state(name, sid)
            # Trap 6 cannot bite: an action only appends to a list, which does not raise.
            return list(self._fired)
