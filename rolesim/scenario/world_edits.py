"""Edits of the world in a scenario model: add, replace, rename, delete, keeping the references
inside the world (and the steps' ARNs) pointing at the right entity. The Workspace is the one
caller (rolesim.scenario.workspace); it marks the scenario changed.

Policy documents are never rewritten: a trust policy naming a renamed role keeps the old
ARN, as IAM would keep it, and the detail panel will show the consequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as _replace
from typing import TYPE_CHECKING, Any

from rolesim.core.arn import Arn, ArnError

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

LIST_OF_KIND = {"account": "accounts", "user": "users", "group": "groups", "role": "roles",
                "policy": "policies", "provider": "providers",
                "instance_profile": "instance_profiles", "resource": "resources",
                "function": "functions", "instance": "instances"}
"""Entity kind -> the Scenario list holding it."""

KEY_FIELDS = {"account": "id", "instance": "id"}
"""What identifies an entity of the kind when it is not its `arn` (an instance has no ARN
field: its ARN is made of its region, account and ID)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One change the world builder asks for, applied by `Workspace.apply`: `add` (`spec`),
    `replace` (`key`, `spec`), `delete` (`key`; `account`/`owner` for an SCP or an inline
    policy), `document` (`kind` trust, policy, resource, inline or scp; `document`; for an SCP
    `name`, when given, names it too) or `name` (an SCP: `key` its index, `account`, `name`)."""

    op: str
    kind: str
    key: str = ""
    spec: Any = None
    document: Any = None
    account: str = ""
    owner: str = ""
    name: str | None = None

    def with_document(self, document: Any) -> Edit:
        return _replace(self, document=document)


def account_of(kind: str, arn: str, explicit: str | None = None) -> str:
    """The account an entity lives in: its ARN's, or `explicit` (an S3 bucket names none)."""
    if explicit:
        return explicit
    try:
        return Arn.parse(arn).account or "?"
    except ArnError:
        return "?"

STEP_REFERENCE_FIELDS = ("principal", "role", "policy", "instance_profile", "provider", "user",
                         "group", "function")
"""Step fields that hold one entity ARN."""


def find(scenario: Scenario, kind: str, key: str) -> Any:
    items = getattr(scenario, LIST_OF_KIND[kind])
    attr = KEY_FIELDS.get(kind, "arn")
    return next((item for item in items if getattr(item, attr) == key), None)


def key_of(kind: str, spec: Any) -> str:
    """What identifies an entity: its ARN, or an account's or an instance's ID."""
    return str(getattr(spec, KEY_FIELDS.get(kind, "arn")))


def entity_account(kind: str, spec: Any) -> str:
    """The account an entity of the model lives in."""
    if kind == "account":
        return str(spec.id)
    return account_of(kind, key_of(kind, spec), getattr(spec, "account", None))


def add(scenario: Scenario, kind: str, spec: Any) -> str:
    getattr(scenario, LIST_OF_KIND[kind]).append(spec)
    return key_of(kind, spec)


def replace(scenario: Scenario, kind: str, key: str, spec: Any) -> str:
    """Put `spec` where the entity `key` was; a changed ARN is followed by every reference."""
    items = getattr(scenario, LIST_OF_KIND[kind])
    old = find(scenario, kind, key)
    items[items.index(old)] = spec
    new_key = key_of(kind, spec)
    if new_key != key:
        if kind == "account":
            _move_account(scenario, key, new_key)
        elif kind == "instance":
            _rename_instance(scenario, key, new_key)
        else:
            rename_references(scenario, key, new_key)
        if kind == "function":
            _rename_function_name(scenario, key, new_key)
    return new_key


def _rename_function_name(scenario: Scenario, old: str, new: str) -> None:
    """Steps may name a function by its name alone (in the caller's account): they follow a
    new name too."""
    old_name, new_name = old.rsplit(":", 1)[-1], new.rsplit(":", 1)[-1]
    if old_name == new_name:
        return
    _retarget_steps(scenario, "function", old_name, new_name)


def _rename_instance(scenario: Scenario, old: str, new: str) -> None:
    """Steps that read an instance's credentials name it by ID (`instance_id`)."""
    _retarget_steps(scenario, "instance_id", old, new)


def _retarget_steps(scenario: Scenario, field: str, old: str, new: str) -> None:
    """Steps whose `field` holds `old` hold `new` instead."""
    for step in scenario.steps:
        if getattr(step, field, None) == old:
            setattr(step, field, new)


def _move_account(scenario: Scenario, old: str, new: str) -> None:
    """A changed account ID moves every ARN of that account."""
    prefix_old, prefix_new = f":{old}:", f":{new}:"
    for kind in LIST_OF_KIND:
        if kind == "account":
            continue
        for spec in list(getattr(scenario, LIST_OF_KIND[kind])):
            if kind != "instance" and prefix_old in spec.arn:
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
    for function in scenario.functions:
        if function.role == old:
            function.role = new
    for instance in scenario.instances:
        if instance.instance_profile == old:
            instance.instance_profile = new
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
    profiles = {p.arn for p in scenario.instance_profiles if p.role == key}
    found += [f"the instance profile {p} hands it out: deleted with it" for p in sorted(profiles)]
    found += [f"the function {f.arn} runs as it: deleted with it" for f in scenario.functions
              if f.role == key]
    found += [f"the instance {i.id} runs with "
              f"{'it' if i.instance_profile == key else i.instance_profile}: deleted with it"
              for i in scenario.instances if i.instance_profile == key
              or i.instance_profile in profiles]
    return found


def steps_naming(scenario: Scenario, kind: str, key: str) -> int:
    """How many steps need the function (invoke it or replace its code, naming it by ARN or
    by name) or the instance (read its credentials by ID alone, without naming a profile):
    said before it is deleted, as those steps will then fail. Steps that create one with
    that name are not counted."""
    if kind == "instance":
        return sum(step.do == "instance-credentials" and step.instance_id == key
                   and step.instance_profile is None
                   for step in scenario.steps if hasattr(step, "instance_profile"))
    if kind != "function":
        return 0
    name = key.rsplit(":", 1)[-1]
    return sum(getattr(step, "function", None) in (key, name) and step.do != "create-function"
               for step in scenario.steps)


def owner_of(scenario: Scenario, arn: str) -> Any:
    """The user, group or role with this ARN (what inline policies belong to), or None."""
    for kind in ("user", "group", "role"):
        found = find(scenario, kind, arn)
        if found is not None:
            return found
    return None


def delete(scenario: Scenario, kind: str, key: str, account: str = "",
           owner: str = "") -> list[str]:
    """Remove the entity (`kind`, `key`), an inline policy (`kind="inline"`, its name and
    `owner`) or an SCP (`kind="scp"`, its index and `account`), and the world's references to
    it; returns what was also changed, for the notification."""
    if kind == "scp":
        holder = find(scenario, "account", account)
        if holder is not None and holder.scps is not None:
            del holder.scps[int(key)]
            if holder.scp_names is not None and int(key) < len(holder.scp_names):
                del holder.scp_names[int(key)]  # the names stay with their SCPs
            if not holder.scps:  # none left: the account leaves the organization
                holder.scps = None
            if not holder.scp_names:
                holder.scp_names = None
        return []
    if kind == "inline":
        found = owner_of(scenario, owner)
        if found is not None:
            found.inline.pop(key, None)
        return []
    if kind == "account":
        changed: list[str] = []
        for other in LIST_OF_KIND:
            if other == "account":
                continue
            for spec in list(getattr(scenario, LIST_OF_KIND[other])):
                if entity_account(other, spec) == key:
                    changed += delete(scenario, other, key_of(other, spec))
                    changed.append(f"deleted {key_of(other, spec)}")
        scenario.accounts = [a for a in scenario.accounts if a.id != key]
        return changed
    changed = references_to(scenario, key)
    items = getattr(scenario, LIST_OF_KIND[kind])
    setattr(scenario, LIST_OF_KIND[kind], [s for s in items if key_of(kind, s) != key])
    for user in scenario.users:
        user.groups = [g for g in user.groups if g != key]
    for holder in _holders(scenario):
        holder.policies = [p for p in holder.policies if p != key]
        if getattr(holder, "boundary", None) == key:
            holder.boundary = None
    if kind == "role":
        gone = {p.arn for p in scenario.instance_profiles if p.role == key}
        scenario.instance_profiles = [p for p in scenario.instance_profiles if p.role != key]
        scenario.functions = [f for f in scenario.functions if f.role != key]
    else:
        gone = {key} if kind == "instance_profile" else set()
    scenario.instances = [i for i in scenario.instances if i.instance_profile not in gone]
    return changed


def set_document(scenario: Scenario, kind: str, key: str, document: Any, account: str = "",
                 owner: str = "") -> None:
    """Put a policy document in place: a role's `trust`, a managed `policy`, a `resource`'s
    policy, an `inline` policy (`key` its name, of `owner`), or an `scp` (`key` its index;
    one past the last adds one)."""
    if kind == "trust":
        find(scenario, "role", key).trust = document
    elif kind == "policy":
        find(scenario, "policy", key).document = document
    elif kind == "resource":
        find(scenario, "resource", key).policy = document
    elif kind == "inline":
        owner_of(scenario, owner).inline[key] = document
    elif kind == "scp":
        holder = find(scenario, "account", account)
        scps = list(holder.scps or [])
        index = int(key)
        if index < len(scps):
            scps[index] = document
        else:
            scps.append(document)
        holder.scps = scps
    else:
        raise KeyError(f"no policy document of kind {kind!r}")


def name_scp(scenario: Scenario, account: str, index: int, name: str) -> None:
    """Give the account's SCP `index` its name (`""`: none, called by its place), in
    `scp_names`, which never holds more names than there are SCPs (docs/scenario-format.md)."""
    holder = find(scenario, "account", account)
    count = len(holder.scps or [])
    if not 0 <= index < count:
        raise IndexError(f"account {account} has no SCP {index + 1}")
    names = list(holder.scp_names or [])[:count]
    names += [""] * (count - len(names))
    names[index] = name.strip()
    while names and not names[-1]:
        names.pop()
    holder.scp_names = names or None


def runs_as(scenario: Scenario, kind: str, key: str) -> str | None:
    """The role a function (its execution role) or an instance (its profile's role) runs as;
    None for other kinds, or when its profile is missing."""
    spec = find(scenario, kind, key) if kind in ("function", "instance") else None
    if spec is None:
        return None
    if kind == "function":
        return str(spec.role)
    profile = find(scenario, "instance_profile", spec.instance_profile)
    return str(profile.role) if profile is not None else None
