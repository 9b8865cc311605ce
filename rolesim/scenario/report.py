"""Reports of a replay: the readable transcript and the JSON object of `rolesim run --json`.

The transcript says, for each step (numbered from 1, as the TUI numbers them), what was
attempted, what came of it, whether that met the expectation, and why: the deciding policies and
statements, both halves of an allowed AssumeRole and what a new session changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rolesim.core.clock import format_time
from rolesim.core.words import counted
from rolesim.scenario import model as m
from rolesim.scenario.runner import Replay, StepResult
from rolesim.scenario.session_view import identity_json, session_json


def report_json(replay: Replay) -> dict[str, Any]:
    """The object the format page defines: title, passed, and one entry per step."""
    return {
        "title": replay.scenario.title,
        "passed": replay.passed,
        "steps": [step_json(r) for r in replay.results],
    }


def step_json(result: StepResult, trace: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "index": result.index,
        "do": result.do,
        "clock": format_time(result.clock),
        "outcome": result.outcome,
        "expected": result.expected,
        "met": result.met,
    }
    if result.identity is not None:
        out["identity"] = identity_json(result.identity)
    if result.session is not None:
        out["session"] = session_json(result.session)
    explanation = result.explain(full=True) if trace else result.explanation
    if result.do == "call" or explanation:
        out["explanation"] = explanation
    if result.unmet:
        out["unmet"] = list(result.unmet)
    return out


# ----------------------------------------------------------------------------------- transcript


def transcript(replay: Replay) -> str:
    """The readable account of a replay, one block per step, then a verdict line."""
    lines = [replay.scenario.title, "=" * len(replay.scenario.title)]
    for result in replay.results:
        lines += step_lines(result)
    lines.append("")
    lines.append(summary_line(replay))
    return "\n".join(lines)


def summary_line(replay: Replay, label: str = "") -> str:
    results = replay.results
    judged = [r for r in results if r.met is not None]
    unmet = [r.number for r in judged if not r.met]
    return summary_words(len(results), len(judged), unmet, label)


def summary_words(steps: int, judged: int, unmet: list[int], label: str = "") -> str:
    """The last line of a transcript: what failed, what passed, or that nothing was checked
    (a file with no steps, or none with an `expect`, passes only vacuously)."""
    head = f"{label}: " if label else ""
    if unmet:
        which = ", ".join(str(number) for number in unmet[:10])
        return (f"{head}FAILED: {len(unmet)} of {judged} expectations not met "
                f"(step {which}); {counted(steps, 'step')}")
    if not steps:
        return f"{head}nothing checked: the file has no steps"
    if not judged:
        return (f"{head}nothing checked: no step has an expectation (expect); "
                f"{counted(steps, 'step')} ran")
    return f"{head}passed: {counted(judged, 'expectation')} met; {counted(steps, 'step')}"


def unchecked_ok(path: Path, scenario: m.Scenario) -> bool:
    """`run --require-expect`: whether some step of the file has an expectation; if none
    has, say so on stderr (the file then fails, exit 1: in CI a file that checks nothing is
    a mistake, not a pass)."""
    if any(step.expect is not None or step.expect_session is not None
           for step in scenario.steps):
        return True
    from rolesim.scenario.errors import print_error

    print_error("run", f"{path}: nothing checked (--require-expect): no step has an expect")
    return False


_MARKS = {True: "met", False: "NOT MET", None: ""}


def step_lines(result: StepResult, trace: bool = False) -> list[str]:
    mark = _MARKS[result.met]
    verdict = f"-> {result.outcome}"
    if result.expected is not None or result.met is not None:
        wanted = f"expected {result.expected}" if result.expected is not None else "expected"
        verdict += f"  ({wanted}: {mark})"
    lines = ["", f"[{result.number}] {format_time(result.clock)}  {describe(result.step)}",
             f"    {verdict}"]
    for why in result.unmet:
        lines.append(f"    ! {why}")
    if result.step.note:
        lines.append(f"    note: {result.step.note}")
    if result.session is not None:
        lines += [f"    {line}" for line in session_lines(result)]
    reasons = result.explanation  # plain(result.why()), at once for a decided call
    if reasons:
        lines.append(f"    why: {reasons[0]}")
        lines += [f"      {line}" for line in reasons[1:]]
    if trace and result.decision is not None:  # every policy and statement (`run --trace`)
        lines += [f"    {line}" for line in result.decision.explain(full=True)[
            1 + len(result.decision.deciding):]]
    return lines


def session_lines(result: StepResult) -> list[str]:
    assert result.session is not None
    data = session_json(result.session)
    lines = [f"session {data['arn']} (depth {data['depth']}"
             f"{', chained' if data['chained'] else ''}{', MFA' if data['mfa'] else ''})"]
    if data["expiration"]:
        lines.append(f"expires {data['expiration']}")
    if data["principal_tags"]:
        tags = ", ".join(f"{k}={v}" for k, v in data["principal_tags"].items())
        lines.append(f"principal tags: {tags}")
    if data["source_identity"]:
        lines.append(f"source identity: {data['source_identity']}")
    return lines


def describe(step: m.StepBase) -> str:
    """One line saying what the step attempts (and who makes a world change, when the caller
    does: the step is then an API request the caller's policies decide)."""
    text = _describe(step)
    if isinstance(step, m.WorldStep) and step.by == "caller" and not isinstance(
            step, m.CallerStep):
        text += " (by the caller)"
    return text


def _describe(step: m.StepBase) -> str:
    match step:  # calls first: most steps of a long file (the classes are disjoint)
        case m.CallStep():
            return f"call {step.action} on {step.resource}"
        case m.SignInStep():
            using = {"access-key": " with its access key", "password": " with its console "
                     "password", None: ""}[step.using]
            return f"sign in as {step.principal}{using}{' with MFA' if step.mfa else ''}"
        case m.AssumeRoleStep():
            extra = f" (external id {step.external_id})" if step.external_id else ""
            return f"assume role {step.role} as session {step.session_name}{extra}"
        case m.AssumeRoleWithWebIdentityStep():
            return f"assume role {step.role} with a web identity token from {step.issuer}"
        case m.AssumeRoleWithSamlStep():
            return f"assume role {step.role} with a SAML assertion from {step.provider}"
        case m.GetSessionTokenStep():
            return f"get a session token{' with MFA' if step.mfa else ''}"
        case m.GetFederationTokenStep():
            return f"get a federation token for {step.name}"
        case m.InstanceCredentialsStep():
            profile = f" ({step.instance_profile})" if step.instance_profile else ""
            return f"take the credentials of instance {step.instance_id}{profile}"
        case m.ServiceAssumeRoleStep():
            return f"{step.service} assumes {step.role}"
        case m.AdvanceStep():
            return f"advance the clock {_duration(step.total_seconds)}"
        case m.ExitStep():
            return "exit the top role session"
        case m.RevokeSessionsStep():
            return f"revoke active sessions of {step.role}"
        case m.UpdateTrustStep():
            return f"replace the trust policy of {step.role}"
        case m.AttachPolicyStep():
            return f"attach {step.policy} to {step.principal}"
        case m.DetachPolicyStep():
            return f"detach {step.policy} from {step.principal}"
        case m.PutPolicyStep():
            return f"put inline policy {step.name} on {step.principal}"
        case m.DeletePolicyStep():
            return f"delete inline policy {step.name} from {step.principal}"
        case m.SetBoundaryStep():
            if step.policy:
                return f"set the permissions boundary of {step.principal} to {step.policy}"
            return f"remove the permissions boundary of {step.principal}"
        case m.RecreateStep():
            return f"delete and recreate {step.principal}"
    return _describe_new(step)


def _describe_new(step: m.StepBase) -> str:
    """rolesim's own steps: API requests the caller makes unless the trainer does."""
    by = " (by the trainer)" if getattr(step, "by", None) == "trainer" else ""
    match step:
        case m.CreateAccessKeyStep():
            text = f"create an access key for {step.user or 'the caller'}"
        case m.CreateLoginProfileStep():
            text = f"create a console password for {step.user or 'the caller'}"
        case m.UpdateLoginProfileStep():
            text = f"reset the console password of {step.user or 'the caller'}"
        case m.AddUserToGroupStep():
            text = f"add {step.user} to {step.group}"
        case m.RemoveUserFromGroupStep():
            text = f"remove {step.user} from {step.group}"
        case m.CreatePolicyVersionStep():
            default = " as its default" if step.set_as_default else ""
            text = f"create a new version of {step.policy}{default}"
        case m.SetDefaultPolicyVersionStep():
            text = f"make {step.version} the default version of {step.policy}"
        case m.RunInstanceStep():
            text = f"run instance {step.instance_id} with {step.instance_profile}"
        case m.CreateFunctionStep():
            text = f"create function {step.function} running as {step.role}"
        case m.UpdateFunctionCodeStep():
            text = f"replace the code of function {step.function}"
        case m.InvokeFunctionStep():
            text = f"invoke function {step.function}"
        case m.PassRoleStep():
            text = f"pass {step.role} to {step.service}"
        case _:
            return step.do
    return text + by


def _duration(seconds: int) -> str:
    if seconds and seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds and seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
