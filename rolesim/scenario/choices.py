"""What the pickers of the TUI offer: the world's entities and every AWS managed policy, each
with a label and a line in words, ranked against what the user typed.

Pure Python (no Textual). The TUI's pickers and completion read these; tests check the ranking
("readonly" finds ReadOnlyAccess first) without a screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rolesim.core.arn import Arn, ArnError

if TYPE_CHECKING:
    from rolesim.core.managed import ManagedPolicyInfo
    from rolesim.core.world import World
    from rolesim.scenario.model import Scenario

AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing a picker offers: the value it puts in the field (an ARN), a short label, and
    a line in words (an AWS managed policy's description, an entity's account)."""

    value: str
    label: str
    detail: str = ""
    search: str = ""
    """Lower-cased text the filter matches (label, value and detail)."""

    @classmethod
    def of(cls, value: str, label: str, detail: str = "") -> Choice:
        return cls(value, label, detail, f"{label}\n{value}\n{detail}".casefold())


def aws_managed_choices() -> tuple[Choice, ...]:
    """Every AWS managed policy rolesim ships (read from its index only, documents stay on
    disk), labelled with its name and described in AWS's words."""
    from rolesim.core.managed import all_managed

    return tuple(Choice.of(info.arn, info.name, _managed_detail(info))
                 for info in all_managed())


PATH_WORDS = {"/job-function/": "AWS managed, for a job function",
              "/service-role/": "AWS managed, for a service role",
              "/aws-service-role/": "AWS managed, for a service-linked role"}


def _managed_detail(info: ManagedPolicyInfo) -> str:
    """AWS's description when the data has one; else what the policy is for (from its path),
    its version and when AWS last changed it."""
    kind = PATH_WORDS.get(info.path, "AWS managed")
    when = (info.updated or info.created or "")[:10]
    facts = f"{kind} · {info.version}" + (f" · updated {when}" if when else "")
    if info.deprecated:
        facts = "deprecated · " + facts
    return f"{info.description} ({facts})" if info.description else facts


def policy_choices(scenario: Scenario) -> list[Choice]:
    """The world's own managed policies first, then every AWS managed policy."""
    own = [Choice.of(p.arn, _name(p.arn), _own_detail(scenario, p.arn, p.description))
           for p in scenario.policies if not p.arn.startswith(AWS_POLICY_PREFIX)]
    return [*own, *aws_managed_choices()]


SYNONYMS = {"readonly": ("viewonly",), "viewonly": ("readonly",)}
"""Words people use for the same idea in AWS policy names (ViewOnlyAccess is the job-function
cousin of ReadOnlyAccess)."""


def rank(choices: Sequence[Choice], query: str, limit: int = 50) -> list[Choice]:
    """The choices that match every word of `query`, best first: an exact label, then a label
    starting with it, then a label containing it, then a match anywhere; shorter labels first
    within each group (so `readonly` puts ReadOnlyAccess above AmazonS3ReadOnlyAccess)."""
    words = query.casefold().split()
    if not words:
        return list(choices[:limit])
    squashed = "".join(words)
    also = SYNONYMS.get(squashed, ())
    scored: list[tuple[int, int, int, Choice]] = []
    for order, choice in enumerate(choices):
        label = choice.label.casefold()
        synonym = any(other in label for other in also)
        if not synonym and not all(word in choice.search for word in words):
            continue
        tier = (0 if label == squashed or label == f"{squashed}access"
                else 1 if label.startswith(squashed)
                else 2 if squashed in label or synonym
                else 3)
        scored.append((tier, len(label), order, choice))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]


def entity_choices(scenario: Scenario, source: str) -> list[Choice]:
    """The world's entities of one kind, for an ARN field: `roles`, `users`, `groups`,
    `principals` (users, groups, roles), `signins` (users and each account's root),
    `users_roles`, `policies`, `instance_profiles`, `providers`, `resources`, `accounts`."""
    names = {a.id: a.name for a in scenario.accounts}

    def of(arns: Iterable[str]) -> list[Choice]:
        return [Choice.of(arn, _name(arn), _account_words(arn, names)) for arn in arns]

    roles = of(r.arn for r in scenario.roles)
    users = of(u.arn for u in scenario.users)
    groups = of(g.arn for g in scenario.groups)
    if source == "roles":
        return roles
    if source == "users":
        return users
    if source == "groups":
        return groups
    if source == "principals":
        return [*users, *groups, *roles]
    if source == "users_roles":
        return [*users, *roles]
    if source == "signins":
        return [*users, *root_choices(scenario)]
    if source == "policies":
        return policy_choices(scenario)
    if source == "instance_profiles":
        return of(p.arn for p in scenario.instance_profiles)
    if source.startswith("providers"):
        wanted = source.partition(":")[2]
        return of(p.arn for p in scenario.providers if not wanted or f":{wanted}-" in p.arn)
    if source == "resources":
        return [Choice.of(r.arn, r.arn, _account_words(r.arn, names, r.account))
                for r in scenario.resources]
    if source == "accounts":
        return [Choice.of(a.id, root_label(a.id, a.name), "") for a in scenario.accounts]
    return []


def template_pickers(scenario: Scenario) -> dict[str, list[Choice]]:
    """What a template's ARN blanks offer: a trusted principal (a user, a role or an
    account's root; never a group, TP-03), a role to assume."""
    return {"principal": [*entity_choices(scenario, "users_roles"), *root_choices(scenario)],
            "role": entity_choices(scenario, "roles")}


def root_label(account: str, alias: str = "") -> str:
    """`root of 111111111111 (production)`: a root user is only told apart by its account."""
    return f"root of {account} ({alias})" if alias else f"root of {account}"


def root_choices(scenario: Scenario) -> list[Choice]:
    return [Choice.of(f"arn:aws:iam::{a.id}:root", root_label(a.id, a.name),
                      "the account's root user: every permission in its account")
            for a in scenario.accounts]


MISSING_CONSEQUENCE = {
    "roles": "no such role in this world: the request to assume it will be refused "
             "(AccessDenied, AR-18)",
    "signins": "no such user in this world: signing in will fail",
    "principals": "nothing with this ARN in this world: the step will fail",
    "users_roles": "nothing with this ARN in this world: the step will fail",
    "policies": "no such policy in this world or among AWS managed policies: the step will "
                "fail (NoSuchEntity)",
    "instance_profiles": "no such instance profile in this world: the step will fail",
    "resources": "not a resource, user, role, group, policy or function of this world: it "
                 "is treated as a resource without a resource-based policy",
    "providers:oidc": "no OIDC provider with this issuer in this world: the step will fail "
                      "(InvalidIdentityToken, OIDC-06)",
}


def missing_note(scenario: Scenario, source: str, value: str) -> str:
    """A note for a typed ARN that names nothing in the world ("" when it does, or when the
    field is empty): what will happen, so a missing role can still be the lesson."""
    text = value.strip()
    if not text or source not in MISSING_CONSEQUENCE:
        return ""
    if any(c.value == text for c in entity_choices(scenario, source)):
        return ""
    if source == "policies" and text.startswith(AWS_POLICY_PREFIX):
        from rolesim.core.managed import managed_info

        if managed_info(text) is not None:
            return ""
    return MISSING_CONSEQUENCE[source]


def _name(arn: str) -> str:
    try:
        parsed = Arn.parse(arn)
    except ArnError:
        return arn
    return parsed.name or parsed.resource


def _account_words(arn: str, names: dict[str, str], explicit: str | None = None) -> str:
    try:
        account = explicit or Arn.parse(arn).account
    except ArnError:
        return ""
    if not account:
        return ""
    alias = names.get(account, "")
    return f"account {account} ({alias})" if alias else f"account {account}"


def _own_detail(scenario: Scenario, arn: str, description: str) -> str:
    where = _account_words(arn, {a.id: a.name for a in scenario.accounts})
    return f"{where}: {description}" if description else f"{where}: defined in this world"


def world_arn_choices(world: World | None, arns: Sequence[str], source: str) -> list[Choice]:
    """`arns` (what the step dialog's world offers for `source`) as labelled choices: roots
    named with their account, policies followed by every AWS managed policy."""
    names = {a.id: a.name for a in world.accounts.values()} if world is not None else {}
    if source == "providers:oidc" and world is not None:  # issuers: host and path, no ARN
        where = {p.issuer: p.arn for p in world.providers.values()}
        return [Choice.of(issuer, issuer, "OIDC provider in " + _account_words(
            where.get(issuer, ""), names)) for issuer in arns]
    found: list[Choice] = []
    for arn in arns:
        if arn.endswith(":root"):
            account = arn.split(":")[4]
            found.append(Choice.of(arn, root_label(account, names.get(account, "")),
                                   "the account's root user"))
        else:
            found.append(Choice.of(arn, _name(arn), _account_words(arn, names)))
    if source == "policies":
        aws = {c.value for c in found}
        found += [c for c in aws_managed_choices() if c.value not in aws]
    return found
