"""The names a sentence gives a rule's terms are made once and remembered (``fanpin explain`` names every
rule's tests for a household: most of its time had gone to making the same names again); a name always
follows the parameters' labels as they are now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fanpin.model.parameters import PARAMETER_LABELS, ParameterSpec, remember_labels
from fanpin.results.assessment import Comparison, ParameterUse
from fanpin.results.sentences import _NAMES, comparison_text


def _comparison(with_value: bool) -> Comparison:
    """``wage_income < local_test_line``: with the parameter's value for the region, or without one (then
    named by its label alone, from the labels of the rulebooks loaded)."""
    line = ParameterUse(
        name="local_test_line", label="测试线", label_en="test line", value=Decimal(4000), unit="money",
        region="", effective=date(2025, 1, 1), source="县文件",
    )  # fmt: skip
    return Comparison(
        fact="wage_income", value=Decimal(3999), operator="<", threshold="local_test_line",
        threshold_value=Decimal(4000) if with_value else None, unit="money",
        parameters=(line,) if with_value else (), outcome="true" if with_value else "unknown",
    )  # fmt: skip


def test_a_name_is_made_once_and_is_the_same_text_again() -> None:
    c = _comparison(with_value=True)
    first = comparison_text(c, "zh")
    made = len(_NAMES)
    assert comparison_text(c, "zh") == first == "工资性收入 3999 元 < 测试线 4000 元"
    assert len(_NAMES) == made  # named from what was made
    assert comparison_text(c, "en") == "wage_income 3999 yuan < test line 4000 yuan"


@pytest.mark.parametrize("how", ["set", "loaded"])
def test_a_label_changed_is_read_anew(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parameter named without a value takes its label from the rulebooks loaded: a label changed (a set
    directly, as a host may, or a county's rulebook loaded with its own) is the one the next text names."""
    monkeypatch.setitem(PARAMETER_LABELS, "local_test_line", ("测试线", "test line"))
    c = _comparison(with_value=False)
    assert comparison_text(c, "zh").startswith("工资性收入 3999 元 < 测试线")
    assert comparison_text(c, "en").startswith("wage_income 3999 yuan < test line")
    if how == "set":
        PARAMETER_LABELS["local_test_line"] = ("县测试线", "county test line")
    else:
        spec = ParameterSpec.model_validate(
            {"label": "县测试线", "label_en": "county test line", "unit": "money",
             "values": [{"value": 4000, "from": "2025-01-01", "source": "县文件"}]}
        )  # fmt: skip
        remember_labels({"local_test_line": spec})
    assert comparison_text(c, "zh").startswith("工资性收入 3999 元 < 县测试线")
    assert comparison_text(c, "en").startswith("wage_income 3999 yuan < county test line")
