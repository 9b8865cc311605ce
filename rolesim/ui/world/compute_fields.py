"""What the entity form needs for the two kinds that run code as a role: a Lambda function (its
execution role) and an EC2 instance (its instance profile). Free example names, the choice that
fits the selected account, and the spec built from the fields; the form lays them out.

A function lives in its role's account and an instance in its profile's: a role of another
account cannot be passed (SVC-03) and an instance is launched with a profile of its own
account, so the account is never asked for, only shown (it cannot be wrong).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rolesim.core.arn import Arn, ArnError

if TYPE_CHECKING:
    from rolesim.scenario.model import FunctionSpec, InstanceSpec, Scenario

DEFAULT_REGION = "us-east-1"
FUNCTION_SERVICE = "lambda.amazonaws.com"
INSTANCE_SERVICE = "ec2.amazonaws.com"


def account_in(arn: str) -> str:
    try:
        return Arn.parse(arn).account
    except ArnError:
        return ""


def free_function_name(scenario: Scenario, base: str = "my-function") -> str:
    """`my-function`, else `my-function-2`, ...: a name no function of the world has."""
    taken = {f.arn.rsplit(":", 1)[-1] for f in scenario.functions}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def free_instance_id(scenario: Scenario) -> str:
    """`i-0123456789abcdef0`, the ID steps default to, else the next free one (the last hex
    digits counted up): a valid ID no instance of the world has."""
    from rolesim.scenario.spec_base import DEFAULT_INSTANCE_ID

    taken = {i.id for i in scenario.instances}
    stem = DEFAULT_INSTANCE_ID[:-4]
    start = int(DEFAULT_INSTANCE_ID[-4:], 16)
    for n in range(start, start + 0x10000):
        candidate = f"{stem}{n & 0xFFFF:04x}"
        if candidate not in taken:
            return candidate
    return DEFAULT_INSTANCE_ID  # 65,536 instances taken: the form's clash check says so


def _trusts(scenario: Scenario, role_arn: str, service: str) -> bool:
    role = next((r for r in scenario.roles if r.arn == role_arn), None)
    return role is not None and service in str(role.trust)


def trust_warning(scenario: Scenario, role_arn: str, service: str) -> str:
    """A line saying the role's trust does not name the service (it could not use the role:
    TP-15), or ""; the detail pane says it exactly once the world builds."""
    if not role_arn or _trusts(scenario, role_arn, service):
        return ""
    return (f"\n⚠ The role's trust policy does not name {service}: it could not use the role "
            "(t on the role edits its trust).")


def profile_role(scenario: Scenario, profile_arn: str) -> str:
    return next((p.role for p in scenario.instance_profiles if p.arn == profile_arn), "")


def preferred(arns: list[str], account: str, fits: Any) -> str | None:
    """The first of `arns` in `account` that `fits`, else the first in `account`, else the
    first that fits, else the first (None: there are none)."""
    ranked = sorted(range(len(arns)), key=lambda i: (account_in(arns[i]) != account,
                                                      not fits(arns[i]), i))
    return arns[ranked[0]] if ranked else None


def default_role(scenario: Scenario, account: str) -> str | None:
    """The role a new function runs as: one of the selected account whose trust names
    Lambda, if any (TP-15: Lambda assumes it)."""
    return preferred([r.arn for r in scenario.roles], account,
                     lambda arn: _trusts(scenario, arn, FUNCTION_SERVICE))


def default_profile(scenario: Scenario, account: str) -> str | None:
    """The instance profile a new instance runs with: one of the selected account whose role
    trusts EC2, if any."""
    roles = {p.arn: p.role for p in scenario.instance_profiles}
    return preferred(list(roles), account,
                     lambda arn: _trusts(scenario, roles[arn], INSTANCE_SERVICE))


def function_arn(role: str, region: str, name: str) -> str:
    """The function's ARN: in its role's account."""
    return f"arn:aws:lambda:{region}:{account_in(role) or '?'}:function:{name}"


def build_function(old: FunctionSpec | None, role: str | None, region: str | None,
                   name: str) -> FunctionSpec:
    """The spec from the form's fields (`role`/`region` None: not shown, as in a rename)."""
    from rolesim.scenario.model import FunctionSpec

    role = role if role is not None else (old.role if old else "")
    if not role:
        raise ValueError("A function runs as a role: create a role first (n, then r).")
    if region is None:
        region = old.arn.split(":")[3] if old else DEFAULT_REGION
    return FunctionSpec(arn=function_arn(role, region.strip(), name.strip()), role=role)


def build_instance(old: InstanceSpec | None, profile: str | None, region: str | None,
                   instance_id: str) -> InstanceSpec:
    """The spec from the form's fields (`profile`/`region` None: not shown, as in a rename)."""
    from rolesim.scenario.model import InstanceSpec

    profile = profile if profile is not None else (old.instance_profile if old else "")
    if not profile:
        raise ValueError("An instance runs with an instance profile: create one first (n, "
                         "then e).")
    if region is None:
        region = old.region if old else DEFAULT_REGION
    data = old.model_dump(exclude_unset=True) if old else {}
    data.update(id=instance_id.strip(), account=account_in(profile), instance_profile=profile)
    if region.strip() != DEFAULT_REGION or "region" in data:
        data["region"] = region.strip()
    return InstanceSpec(**data)
