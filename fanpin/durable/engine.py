"""The per-household engine: the rulebook compiled to durable-rules, one household at a time.

Each rule's condition is compiled (:mod:`fanpin.durable.compiler`) into the engine rules that make it *true* under
three-valued (Kleene) logic; a rule is *fired* when one of them matches. A rule that did not fire is
*not evaluable* when Kleene's logic over its tests gives unknown — checked in Python, and only for the
rules that read a fact or term this household lacks (trap 11 of :mod:`fanpin.durable._adapter`: fanpin
decides "not evaluable" itself, since durable-rules' comparisons are loose). So ``no_labor_household or
labor_count == 0`` fires for a no-labour household even when its labour count is unknown. Thresholds
depend on the region and date, so one set of durable rulesets is compiled per distinct set of
threshold values.

>>> from datetime import date
>>> from fanpin import Engine, Household, load_rulebook
>>> engine = Engine(load_rulebook())
>>> h = Household.model_validate({"户编号": "H1", "行政区划代码": "532328", "户类型": "脱贫户",
...     "家庭人口数": 4, "工资性收入": 20000, "生产经营性收入": 8000, "财产性收入": 0, "转移性收入": 2000})
>>> engine.evaluate(h, as_of=date(2025, 6, 30)).flag_ids
('audit.missed', 'income.below_line', 'welfare.dibao_edge_band')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fanpin.durable._adapter import MAX_RULES, CompiledRuleset, DurableEngine
from fanpin.durable.compiler import JSON, Compiler, expand_rule, to_json
from fanpin.errors import ConfigError
from fanpin.lang.lowering import Evaluator, Slots, compile_term, engine_number, fold
from fanpin.model.facts import FACTS, encode_all, household_facts, natural_value, set_facts
from fanpin.model.household import Household
from fanpin.model.parameters import ResolvedParameter
from fanpin.results import classify
from fanpin.results.assessment import Assessment, Flag, ParameterUse, RuleTrace
from fanpin.results.explanations import RuleExplainer, parameter_uses
from fanpin.rulebook import Rulebook

__all__ = ["Engine"]


@dataclass(frozen=True)
class _RegionProgram:
    """Everything that depends on the region and date only: parameters, threshold values, the computed
    terms' evaluators, the parameter uses explanations cite, and the compiled durable rulesets."""

    params: dict[str, ResolvedParameter]
    thresholds: dict[str, int | float]
    computed: tuple[tuple[str, Evaluator], ...]
    uses: dict[str, ParameterUse]
    variant: _Variant


@dataclass(frozen=True)
class _Variant:
    """The compiled engine for one set of threshold values."""

    durable: DurableEngine
    #: Engine rule name → index of the fanpin rule it is one conjunction of.
    rule_of: dict[str, int]


class Engine:
    """Evaluates households against a :class:`~fanpin.Rulebook` through durable-rules.

    Thread-safe (calls into durable-rules are serialised); memory stays flat over any number of calls.
    """

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self._rules = list(rulebook.rules.values())
        self._slots = Slots.for_conditions([r.condition for r in self._rules])
        self._params_needed = rulebook.params_needed() | set(classify.BAND_PARAMETERS)
        symbolic = Compiler(self._slots)
        self._never = [r.id for r in self._rules if not expand_rule(symbolic, r)]
        self._programs: dict[tuple[str, date], _RegionProgram] = {}
        self._explainers = [RuleExplainer(r.condition, self._slots) for r in self._rules]
        # The engine properties each rule reads that may be absent: facts, computed terms, and the
        # thresholds it compares with (absent where a parameter has no value for the region and date).
        self._needs = [symbolic.reads(r.condition) | self._slots.thresholds_of(r.condition) for r in self._rules]
        self._all_needs: frozenset[str] = frozenset().union(*self._needs)
        # One durable ruleset (set) per distinct set of threshold values: a province file has a few.
        self._variants: dict[tuple[tuple[str, int | float], ...], _Variant] = {}

    def _durable_for(self, thresholds: dict[str, int | float]) -> _Variant:
        key = tuple(sorted(thresholds.items()))
        variant = self._variants.get(key)
        if variant is None:
            compiler = Compiler(self._slots, thresholds)
            definitions: list[tuple[str, JSON, frozenset[str]]] = []
            rule_of: dict[str, int] = {}
            for index, rule in enumerate(self._rules):
                props = compiler.reads(rule.condition)
                true = expand_rule(compiler, rule)
                for j, conjunction in enumerate(sorted(true, key=lambda c: sorted(map(repr, c)))):
                    name = f"r{index}.{j}"
                    rule_of[name] = index
                    definitions.append((name, {"all": [{"m": to_json(conjunction)}]}, props))
            chunks = [definitions[i : i + MAX_RULES] for i in range(0, len(definitions), MAX_RULES)]
            durable = DurableEngine(
                [CompiledRuleset({n: d for n, d, _ in c}, set().union(*(p for _, _, p in c))) for c in chunks]
            )
            variant = self._variants[key] = _Variant(durable, rule_of)
        return variant

    def rules_that_never_fire(self) -> list[str]:
        """Rules whose condition is a contradiction (e.g. ``x < 3 and x >= 3``)."""
        return list(self._never)

    # ---- evaluation ---------------------------------------------------------------------------

    def evaluate(
        self, household: Household, *, as_of: date, region: str | None = None, trace: bool = False
    ) -> Assessment:
        """Evaluate one household on ``as_of``. ``region`` is used when the household has no region code."""
        code = household.region_code or region
        if not code:
            raise ConfigError(
                f"household {household.household_id} has no 行政区划代码 (region_code)",
                fix="add the column, or pass region= (--region on the command line)",
            )
        facts = household_facts(household)
        return self._assess(household.household_id, code, as_of, facts, trace)

    def evaluate_facts(
        self,
        facts: Mapping[str, Any],
        *,
        as_of: date,
        region: str,
        household_id: str = "",
        trace: bool = False,
    ) -> Assessment:
        """Evaluate raw facts (natural units, e.g. 元; unlisted facts are unknown) — used by rule cases."""
        unknown = sorted(set(facts) - set(FACTS))
        if unknown:
            raise ConfigError(f"unknown fact {unknown[0]!r}", fix="use the fact names of rules/README.md")
        natural = {k: v for k, v in ((k, natural_value(k, v)) for k, v in facts.items()) if v is not None}
        natural = set_facts(natural) | natural  # a case may also state a member fact itself
        return self._assess(household_id, region, as_of, natural, trace)

    def _assess(
        self, household_id: str, region: str, as_of: date, natural: Mapping[str, Any], trace: bool
    ) -> Assessment:
        program = self._program(region, as_of)
        message = self._message(natural, program)
        variant = program.variant
        fired = {variant.rule_of[name] for name in variant.durable.evaluate(message)}
        # Not fired: false, or not evaluable. A rule whose every input is known is never unknown; for
        # the others, Kleene's logic over the tests' outcomes decides (trap 11: "not evaluable" is
        # decided by fanpin, never by durable-rules' loose comparisons).
        absent = self._all_needs.difference(message)
        unknown = {
            i
            for i, needs in enumerate(self._needs)
            if i not in fired and not needs.isdisjoint(absent) and self._explainers[i].decide(message) is None
        }
        flags = tuple(self._flag(i, message, program.uses) for i in sorted(fired))
        per_capita = natural.get("income_per_capita")
        band = classify.income_band(per_capita, program.params)
        return Assessment.model_construct(
            household_id=household_id,
            region_code=region,
            as_of=as_of,
            income_per_capita=per_capita,
            income_band=band,
            alert_level=classify.alert_level({f.rule_id: f.level for f in flags if f.level != "info"}),
            suggested_category=classify.suggested_category(
                band, natural.get("household_type"), [f.rule_id for f in flags]
            ),
            flags=flags,
            not_evaluable=tuple(self._rules[i].id for i in sorted(unknown)),
            rulebook_version=self.rulebook.version,
            trace=self._trace(message, program.uses, fired, unknown) if trace else (),
        )

    def _program(self, region: str, as_of: date) -> _RegionProgram:
        """Everything that depends on the region and date only, built once per pair."""
        program = self._programs.get((region, as_of))
        if program is None:
            # A parameter with no value here, or a division by zero, leaves a threshold unknown: it is
            # absent from the facts, the tests that read it are unknown, and so are their rules.
            params, _ = self.rulebook.parameters.resolve_known(self._params_needed, region, as_of)
            thresholds: dict[str, int | float] = {}
            for term, slot in self._slots.thresholds.items():
                value = fold(term, params)
                if value is not None:
                    thresholds[slot] = engine_number(value)
            computed = tuple((slot, compile_term(term, params, as_of)) for term, slot in self._slots.computed.items())
            program = _RegionProgram(
                params, thresholds, computed, parameter_uses(params), self._durable_for(thresholds)
            )
            if len(self._programs) > 4096:
                self._programs.clear()
            self._programs[(region, as_of)] = program
        return program

    def _message(self, natural: Mapping[str, Any], program: _RegionProgram) -> dict[str, Any]:
        """The fact asserted for one household: encoded facts, thresholds and computed terms."""
        message: dict[str, Any] = encode_all(natural)  # yes/no as 1/0 (trap 11)
        message.update(program.thresholds)
        for slot, evaluate in program.computed:
            value = evaluate(message)
            if value is not None:
                message[slot] = value
        return message

    # ---- explanations ---------------------------------------------------------------------------

    def _flag(self, index: int, message: Mapping[str, Any], uses: Mapping[str, ParameterUse]) -> Flag:
        spec = self._rules[index].spec
        comparisons = self._explainers[index].why(message, uses)
        return Flag(
            rule_id=spec.id,
            title=spec.title.zh,
            title_en=spec.title.en,
            level=spec.level,
            kind=spec.kind,
            risk_type=spec.risk_type,
            measures=spec.measures,
            explanation=tuple(comparisons),
        )

    def _trace(
        self, message: Mapping[str, Any], uses: Mapping[str, ParameterUse], fired: set[int], unknown: set[int]
    ) -> tuple[RuleTrace, ...]:
        return tuple(
            RuleTrace(
                rule_id=rule.id,
                title=rule.spec.title.zh,
                title_en=rule.spec.title.en,
                outcome="fired" if i in fired else "not_evaluable" if i in unknown else "not_fired",
                comparisons=tuple(self._explainers[i].comparisons(message, uses)),
            )
            for i, rule in enumerate(self._rules)
        )
