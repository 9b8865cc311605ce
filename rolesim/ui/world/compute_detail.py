"""The detail pane of a Lambda function and of an EC2 instance: the role each runs as, whether
that role lets the service use it, and why it matters for privilege escalation. What the role
can do, and who can become it, follow (entity_detail, worked out for the role)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text

from rolesim.ui.world.policy_words import account_with_alias
from rolesim.ui.world.world_tree import entity_label, instance_arn

if TYPE_CHECKING:
    from rolesim.core.world import World
    from rolesim.scenario.model import Scenario

FUNCTION_WHY = (
    "Whoever can invoke this function acts with its role's permissions, and whoever can "
    "replace its code (lambda:UpdateFunctionCode) makes the role run code of their choosing: "
    "no iam:PassRole is needed for that, as no role is passed (SVC-02). Creating a function "
    "that runs as a role does need iam:PassRole on it (SVC-02).")
INSTANCE_WHY = (
    "Code on this instance gets its role's credentials from the instance metadata, renewed "
    "automatically (SVC-08). Whoever can run a command on it (ssm:SendCommand) or open a "
    "shell on it (ssm:StartSession) acts with the role's permissions. Launching an instance "
    "with this profile needs iam:PassRole on the role (SVC-02).")
LAMBDA = "lambda.amazonaws.com"
EC2 = "ec2.amazonaws.com"


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _field(name: str, value: object) -> Text:
    return Text.assemble((f"{name}: ", "bold"), str(value))


def _role_check(role_arn: str, service: str, scenario: Scenario,
                world: World | None) -> list[RenderableType]:
    """The role exists and its trust lets the service assume it (TP-01, TP-15), or why not."""
    if not any(r.arn == role_arn for r in scenario.roles):
        return [Text("✗ no such role in this world: the world does not build until it "
                     "exists", style="red")]
    if world is None or role_arn not in world.roles:
        return []
    from rolesim.core.clock import DEFAULT_START
    from rolesim.core.sts.services import service_trusts

    now = scenario.start or DEFAULT_START
    if service_trusts(now, service, world.roles[role_arn]):
        return [Text(f"✓ its trust policy lets {service} assume it", style="green")]
    verb = "invoking the function" if service == LAMBDA else "reading its credentials"
    return [Text(f"✗ its trust policy does not let {service} assume it: {verb} is refused "
                 "(t on the role edits its trust)", style="bold red")]


def _steps_naming(scenario: Scenario, kind: str, key: str) -> list[RenderableType]:
    from rolesim.scenario.world_edits import steps_naming

    count = steps_naming(scenario, kind, key)
    if not count:
        return []
    return [_field("Steps that name it", count)]


def describe_function(spec: Any, scenario: Scenario, world: World | None,
                      names: Mapping[str, str]) -> list[RenderableType]:
    _, _, _, region, account, _, name = spec.arn.split(":", 6)
    parts: list[RenderableType] = [
        Text(f"Lambda function {name}", style="bold"), _field("ARN", spec.arn),
        _field("Account", account_with_alias(account, names)), _field("Region", region),
        _field("Runs as (execution role)", _short(spec.role, account))]
    parts += _role_check(spec.role, LAMBDA, scenario, world)
    parts += _steps_naming(scenario, "function", spec.arn)
    parts += [_heading("Why it matters"), Text(FUNCTION_WHY)]
    return parts


def describe_instance(spec: Any, scenario: Scenario, world: World | None,
                      names: Mapping[str, str]) -> list[RenderableType]:
    from rolesim.scenario.world_edits import runs_as

    parts: list[RenderableType] = [
        Text(f"EC2 instance {spec.id}", style="bold"), _field("ARN", instance_arn(spec)),
        _field("Account", account_with_alias(spec.account, names)), _field("Region", spec.region),
        _field("Instance profile", _short(spec.instance_profile, spec.account))]
    role = runs_as(scenario, "instance", spec.id)
    if role is None:
        parts.append(Text("✗ no such instance profile in this world: the world does not "
                          "build until it exists", style="red"))
    else:
        parts.append(_field("Role (from its profile)", _short(role, spec.account)))
        parts += _role_check(role, EC2, scenario, world)
    parts += _steps_naming(scenario, "instance", spec.id)
    parts += [_heading("Why it matters"), Text(INSTANCE_WHY)]
    return parts


def _short(arn: str, account: str) -> str:
    """A role or profile by name (and path), its ARN when it is in another account."""
    kind = "role" if ":role/" in arn else "instance_profile"
    return entity_label(kind, arn) if f":{account}:" in arn else arn
