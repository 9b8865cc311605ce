"""The fast wording of a call's Why (`why.decision_text`, `StepResult.explain` for a decided
call) is the same text as the WhyLines the TUI shows, made plain: every call of every shipped
lesson and of the engine benchmark's generated world."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim.core import why
from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.model import Scenario
from rolesim.scenario.runner import replay
from tests.scenario.test_stream import SHIPPED, _generated_world


def _scenario(path: Path | str) -> Scenario:
    return load_scenario_text(_generated_world()) if path == "generated" else load_scenario(path)


@pytest.mark.parametrize("path", [*SHIPPED, "generated"],
                         ids=lambda p: p if isinstance(p, str) else p.name)
def test_call_explanations_equal_the_why_lines(path: Path | str) -> None:
    decided = 0
    for result in replay(_scenario(path)).results:
        if result.decision is None:
            continue
        assert why.decision_text(result.decision) == why.plain(
            why.decision_lines(result.decision))
        if result.do == "call":
            decided += 1
            assert result.explain(full=False) == why.plain(result.why())
    assert decided or path != "generated"


def test_a_long_list_of_deciding_statements_is_cut_the_same_way() -> None:
    from rolesim.core.decision import Decision, Outcome, StatementRef
    from rolesim.core.policy.model import PolicyType

    refs = tuple(StatementRef("p", PolicyType.IDENTITY, i, f"S{i}", "Deny") for i in range(7))
    decision = Decision(Outcome.EXPLICIT_DENY, "explicit deny in identity-based policy 'p'", refs)
    text = why.decision_text(decision)
    assert text == why.plain(why.decision_lines(decision))
    assert text[-1] == f"  and {7 - why.DECIDING_SHOWN} more statements"
