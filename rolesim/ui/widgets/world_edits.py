"""Edits the world builder makes to the scenario model: add, replace, rename, delete, keeping
the references inside the world (and the steps' ARNs) pointing at the right entity.

Policy documents are never rewritten: a trust policy naming a renamed role keeps the old
ARN, as IAM would keep it, and the detail panel will show the consequence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rolesim.ui.widgets.world_tree import LIST_OF_KIND, NodeRef, account_of

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

STEP_REFERENCE_FIELDS = ("principal", "role", "policy", "instance_profile", "provider")
"""Step fields that hold one entity ARN."""


def find(scenario: Scenario, kind: str, key: str) -> Any:
    items = getattr(scenario, LIST_OF_KIND[kind])
    attr = "id" if kind == "account" else "arn"
    return next((item for item in items if getattr(item, attr) == key), None)


def add(scenario: Scenario, kind: str, spec: Any) -> NodeRef:
    getattr(scenario, LIST_OF_KIND[kind]).append(spec)
    return ref_of(kind, spec)


def ref_of(kind: str, spec: Any) -> NodeRef:
    if kind == "account":
        return NodeRef("account", spec.id, spec.id)
    return NodeRef(kind, spec.arn, account_of(kind, spec.arn, getattr(spec, "account", None)))


def replace(scenario: Scenario, kind: str, key: str, spec: Any) -> NodeRef:
    """Put `spec` where the entity `key` was; a changed ARN is followed by every reference."""
    items = getattr(scenario, LIST_OF_KIND[kind])
    old = find(scenario, kind, key)
    items[items.index(old)] = spec
    new_key = spec.id if kind == "account" else spec.arn
    if new_key != key:
        if kind == "account":
            _move_account(scenario, key, new_key)
        else:
            rename_references(scenario, key, new_key)
    return ref_of(kind, spec)


def _move_account(scenario: Scenario, old: str, new: str) -> None:
    """A changed account ID moves every ARN of that account."""
    prefix_old, prefix_new = f":{old}:", f":{new}:"
    for kind in LIST_OF_KIND:
        if kind == "account":
            continue
        for spec in list(getattr(scenario, LIST_OF_KIND[kind])):
            if prefix_old in spec.arn:
                rename_references(scenario, spec.arn, spec.arn.replace(prefix_old, prefix_new))
                spec.arn = spec.arn.replace(prefix_old, prefix_new)
            if getattr(spec, "account", None) == old:
                spec.account = new


def rename_references(scenario: Scenario, old: str, new: str) -> None:
    """Every ARN-valued field in the world and the steps that equals `old` becomes `new`."""
    for user in scenario.users:
        user.groups = [new if g == old else g for g in user.groups]
    for holder in _holders(scenario):
        holder.policies = [new if p == old else p for p in holder.policies]
        if getattr(holder, "boundary", None) == old:
            holder.boundary = new
    for profile in scenario.instance_profiles:
        if profile.role == old:
            profile.role = new
    for step in scenario.steps:
        for name in STEP_REFERENCE_FIELDS:
            if getattr(step, name, None) == old:
                setattr(step, name, new)
        if hasattr(step, "policy_arns"):
            step.policy_arns = [new if p == old else p for p in step.policy_arns]


def _holders(scenario: Scenario) -> list[Any]:
    """Users, groups and roles: what managed policies are attached to."""
    return [*scenario.users, *scenario.groups, *scenario.roles]


def references_to(scenario: Scenario, key: str) -> list[str]:
    """Human-readable places in the world that name `key` (shown before a delete)."""
    found: list[str] = []
    for user in scenario.users:
        if key in user.groups:
            found.append(f"{user.arn} is a member")
    for holder in _holders(scenario):
        if key in holder.policies:
            found.append(f"{holder.arn} has it attached")
        if getattr(holder, "boundary", None) == key:
            found.append(f"{holder.arn} uses it as its boundary")
    found += [f"{p.arn} hands it out" for p in scenario.instance_profiles if p.role == key]
    return found


def delete(scenario: Scenario, ref: NodeRef) -> list[str]:
    """Remove the entity (or inline policy) and the world's references to it; returns what
    was also changed, for the notification."""
    if ref.kind == "scp":
        account = find(scenario, "account", ref.account)
        if account is not None and account.scps is not None:
            del account.scps[int(ref.key)]
            if not account.scps:  # none left: the account leaves the organization
                account.scps = None
        return []
    if ref.kind == "inline":
        for kind in ("user", "group", "role"):
            owner = find(scenario, kind, ref.owner)
            if owner is not None:
                owner.inline.pop(ref.key, None)
        return []
    if ref.kind == "account":
        changed: list[str] = []
        for kind in LIST_OF_KIND:
            if kind == "account":
                continue
            for spec in list(getattr(scenario, LIST_OF_KIND[kind])):
                if account_of(kind, spec.arn, getattr(spec, "account", None)) == ref.key:
                    changed += delete(scenario, ref_of(kind, spec))
                    changed.append(f"deleted {spec.arn}")
        scenario.accounts = [a for a in scenario.accounts if a.id != ref.key]
        return changed
    changed = references_to(scenario, ref.key)
    items = getattr(scenario, LIST_OF_KIND[ref.kind])
    setattr(scenario, LIST_OF_KIND[ref.kind], [s for s in items if s.arn != ref.key])
    for user in scenario.users:
        user.groups = [g for g in user.groups if g != ref.key]
    for holder in _holders(scenario):
        holder.policies = [p for p in holder.policies if p != ref.key]
        if getattr(holder, "boundary", None) == ref.key:
            holder.boundary = None
    if ref.kind == "role":
        scenario.instance_profiles = [p for p in scenario.instance_profiles
                                      if p.role != ref.key]
    return changed
