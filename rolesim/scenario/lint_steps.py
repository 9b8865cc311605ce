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
    for index, step in enumerate(scenario.steps):
        action = getattr(step, "action", None)
        if step.do != "call" or not isinstance(action, str):
            continue
        finding = call_action_finding(action, catalog)
        if finding is not None:
            yield index, action, finding


def call_action_finding(action: str, catalog: Any | None) -> Finding | None:
    """UNKNOWN_STEP_ACTION for a call step's `action` the catalogue does not know, naming the
    action a typo meant; None for a known action, an empty one or without a catalogue. The
    step dialog asks this as the author types; `rolesim lint` for every step."""
    if catalog is None or not action or catalog.action(action):
        return None
    prefix = action.partition(":")[0]
    service = catalog.service(prefix)
    why = (f"{prefix} has no such action" if service is not None
           else f"there is no service {prefix!r}") + " in rolesim's action catalogue"
    meant = service.closest_action(action.partition(":")[2]) if service is not None else None
    if meant is not None:
        why += f" (did you mean {meant}?)"
    return make_finding("UNKNOWN_STEP_ACTION", "", {"action": action, "why": why})

