"""`rolesim lint` on a scenario's steps: a call step whose action the catalogue does not know.

A typo in a step's action (`cloudformation:CreateStak`) replays without a word: the transcript
says implicitDeny, "no identity-based policy allows it", and a trainer looks for the mistake
in the policies. The linter already names such an action inside a policy (UNKNOWN_ACTION);
this names it in the step.
"""

from __future__ import annotations

import difflib
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
        service = catalog.service(prefix)
        why = (f"{prefix} has no such action" if service is not None
               else f"there is no service {prefix!r}") + " in rolesim's action catalogue"
        meant = _closest_action(action, service)
        if meant is not None:
            why += f" (did you mean {meant}?)"
        yield index, action, make_finding("UNKNOWN_STEP_ACTION", "",
                                          {"action": action, "why": why})


def _closest_action(action: str, service: Any | None) -> str | None:
    """The service's action a typo meant (`DescribeStack` -> `DescribeStacks`), if one is
    close; names compare case-insensitively (PL-05)."""
    if service is None:
        return None
    names = {info.full_name.partition(":")[2].lower(): info.full_name
             for info in service.actions}
    close = difflib.get_close_matches(action.partition(":")[2].lower(), list(names), n=1,
                                      cutoff=0.8)
    return names[close[0]] if close else None
