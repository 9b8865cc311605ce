"""`rolesim lint` on a scenario's steps: a call step whose action the catalogue does not know.

A typo in a step's action (`cloudformation:CreateStak`) replays without a word: the transcript
says implicitDeny, "no identity-based policy allows it", and a trainer looks for the mistake
in the policies. The linter already names such an action inside a policy (UNKNOWN_ACTION);
this names it in the step.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rolesim.core.lint import Finding
from rolesim.core.lint.spec import make_finding

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario


def step_action_findings(scenario: Scenario, catalog: Any | None
                         ) -> Iterator[tuple[int, str, Finding]]:
    """(step index from 0, the step's action, its finding) for every call step whose action
    is not in the catalogue; nothing without a catalogue."""
    if catalog is None:
        return
    for index, step in enumerate(scenario.steps):
        action = getattr(step, "action", None)
        if step.do != "call" or not isinstance(action, str) or catalog.action(action):
            continue
        prefix = action.partition(":")[0]
        why = (f"{prefix} has no such action" if catalog.service(prefix) is not None
               else f"there is no service {prefix!r}")
        yield index, action, make_finding("UNKNOWN_STEP_ACTION", "",
                                          {"action": action, "why": why + " in rolesim's "
                                                                          "action catalogue"})
