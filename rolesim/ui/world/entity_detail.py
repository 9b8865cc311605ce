"""The right-hand panel: the selected entity said in words (who can assume a role, what it
can do), from the scenario model and the core's parser and analyses.

"What it can do" (users and roles) is the core's effective-permissions analysis of a fresh
session, worked out by the world builder in a worker and handed in as `can_do`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from rolesim.core.arn import Arn, ArnError
from rolesim.core.policy.model import PolicyType
from rolesim.core.words import scp_title
from rolesim.scenario.world_edits import LIST_OF_KIND, key_of
from rolesim.ui.common.line_breaks import BreakingText
from rolesim.ui.world.compute_detail import describe_function, describe_instance
from rolesim.ui.world.compute_fields import account_in
from rolesim.ui.world.documents import PolicyDocument, parse_document, policy_findings
from rolesim.ui.world.policy_words import account_words, policy_in_words, trust_in_words
from rolesim.ui.world.world_tree import (
    AWS,
    AWS_POLICY_PREFIX,
    SECTIONS,
    NodeRef,
    entity_label,
    scp_name,
)

if TYPE_CHECKING:
    from rolesim.core.analysis.paths import Path, PathsSummary
    from rolesim.core.analysis.paths.budget import BudgetExceeded
    from rolesim.core.analysis.principal import PrincipalPermissions
    from rolesim.core.world import World
    from rolesim.scenario.model import Scenario

AWS_NODE_HINT = ("The AWS managed policies this world attaches or uses as a permissions "
                 "boundary. AWS writes and updates them: they are read-only here. Select one "
                 "to read it in words; attach another from a user's, group's or role's form "
                 "(ctrl+a).")
"""Said on the pseudo-account holding them (an account of that ID does not exist)."""

SECTION_HINTS = {
    "user": "A user is a person or program with long-term credentials in one account.",
    "group": "A group gives its users policies; a group is never a principal (TP-03).",
    "role": "A role has no credentials of its own: a trusted principal assumes it and gets "
            "temporary credentials for a session.",
    "policy": "A managed policy is a document attached to users, groups and roles, or used "
              "as a permissions boundary.",
    "provider": "An identity provider (SAML or OIDC) lets outside users assume roles.",
    "instance_profile": "An instance profile hands a role to an EC2 instance.",
    "resource": "A resource may carry a resource-based policy naming principals.",
    "function": "A Lambda function runs as its execution role: whoever can invoke it or "
                "replace its code acts with that role's permissions.",
    "instance": "An EC2 instance runs with an instance profile: code on it gets the profile "
                "role's credentials (SVC-08), and so does whoever can run a command on it.",
    "scp": "Service control policies cap what principals of this account can do: a request "
           "must be allowed by at least one SCP and denied by none. They grant nothing "
           "themselves. p on the account adds one (named first), r on an SCP renames it; "
           "delete the last one and the account leaves the organization (no SCP applies).",
}


def _shown(parts: list[RenderableType]) -> Group:
    """The parts one under the other, a line breaking inside an ARN only after a `:` or `/`
    (`arn:aws:iam::111111111111:role/` then the name), never mid-name."""
    return Group(*(BreakingText(part) if isinstance(part, Text) else part for part in parts))


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _field(name: str, value: object) -> Text:
    return Text.assemble((f"{name}: ", "bold"), str(value))


def _bullets(lines: Iterable[str], empty: str = "none", mark: str = "•",
             style: str = "") -> list[RenderableType]:
    """One bullet per line, wrapped lines hanging under the text (readable when projected)."""
    items = list(lines)
    if not items:
        return [Text(f"  {empty}", style="dim")]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(ratio=1)
    for line in items:
        grid.add_row(mark, BreakingText(Text(line, style=style)))
    return [grid]


@dataclass(frozen=True)
class PathsWorking:
    """The path search still running for the selected user or role: how far it got, and its
    budget (the same as `rolesim paths --budget`)."""

    checks: int
    seconds: float
    budget: float


MAX_PATH_LINES = 100
"""Paths listed in the detail; the rest are counted (thousands would freeze the screen)."""


HELD_BACK = Text("\nWho can become it, and what it can become: held back in learner mode "
                 "until the lesson's last step has run, since its steps ask exactly this.",
                 style="dim italic")
"""Said where a learner would otherwise read the answers to a lesson's questions."""


class EntityDetail(Static):
    """Shows one NodeRef. `show()` is called by the builder whenever the selection moves."""

    def show(self, ref: NodeRef | None, scenario: Scenario, world: World | None,
             world_error: str | None, can_do: PrincipalPermissions | str | None = None,
             paths: PathsSummary | PathsWorking | str | None = None,
             assumers: list[Any] | str | None = None, hold_answers: bool = False) -> None:
        self.update(describe(ref, scenario, world, world_error, can_do, paths, assumers,
                             hold_answers))


def _spec(scenario: Scenario, ref: NodeRef) -> Any:
    if ref.kind == "account":
        return next((a for a in scenario.accounts if a.id == ref.key), None)
    items = getattr(scenario, LIST_OF_KIND.get(ref.kind, ""), [])
    return next((s for s in items if key_of(ref.kind, s) == ref.key), None)


def _in_words(document: PolicyDocument | None, kind: PolicyType, account: str,
              names: Mapping[str, str], trust: bool = False) -> list[RenderableType]:
    if document is None:
        return _bullets([], "none")
    parsed = parse_document(document, kind)
    if parsed.policy is None:
        return [Text(f"  ✗ not valid: {parsed.error}", style="bold red")]
    lines = (trust_in_words(parsed.policy, account, names) if trust
             else policy_in_words(parsed.policy, account, names))
    out = _bullets(lines)
    findings = policy_findings(parsed.policy, kind)
    out += _bullets([str(f) for f in findings], mark="⚠", style="yellow") if findings else []
    return out


def describe(ref: NodeRef | None, scenario: Scenario, world: World | None,
             world_error: str | None,
             can_do: PrincipalPermissions | str | None = None,
             paths: PathsSummary | PathsWorking | str | None = None,
             assumers: list[Any] | str | None = None,
             hold_answers: bool = False) -> RenderableType:
    """`can_do`, `paths` and a role's `assumers` are worked out off the UI thread by the
    builder (None: still working); everything else here is quick to say. `hold_answers`
    (a learner in a lesson not yet finished): who can become a user or role, and what a user
    can become, are held back; they answer what the lesson's steps ask."""
    parts: list[RenderableType] = []
    if world_error:
        parts.append(Text(f"⚠ The world does not build: {world_error}", style="bold red"))
    if ref is None:
        parts.append(Text("Nothing selected. Press n to create an account."))
        return _shown(parts)
    names = {a.id: a.name for a in scenario.accounts if a.name}
    if ref.account == AWS and ref.kind in ("account", "section"):
        parts += [Text("AWS managed policies", style="bold"), Text(AWS_NODE_HINT)]
        return _shown(parts)
    if ref.kind == "section":
        heading = dict(SECTIONS).get(ref.key, "Service control policies")
        parts += [Text(f"{heading} in {account_words(ref.account, names)}", style="bold"),
                  Text(SECTION_HINTS.get(ref.key, "")),
                  Text("\nPress n to create one.", style="dim")]
        return _shown(parts)
    if ref.kind == "scp":
        account = next((a for a in scenario.accounts if a.id == ref.account), None)
        scps = (account.scps or []) if account is not None else []
        document = scps[int(ref.key)] if int(ref.key) < len(scps) else None
        title = (scp_name(account, int(ref.key)) if account is not None
                 else scp_title(None, int(ref.key)))
        parts += [Text(title, style="bold"), Text(SECTION_HINTS["scp"]),
                  _heading("In words (p to edit)")]
        parts += _in_words(document, PolicyType.SCP, ref.account, names)
        return _shown(parts)
    if ref.kind == "inline":
        owner = next((s for kind in ("user", "group", "role")
                      for s in getattr(scenario, LIST_OF_KIND[kind]) if s.arn == ref.owner), None)
        document = owner.inline.get(ref.key) if owner is not None else None
        parts += [Text(f"Inline policy {ref.key}", style="bold"), _field("of", ref.owner),
                  _heading("In words (p to edit)")]
        parts += _in_words(document, PolicyType.IDENTITY, ref.account, names)
        return _shown(parts)
    spec = _spec(scenario, ref)
    if spec is None and ref.kind == "policy" and ref.key.startswith(AWS_POLICY_PREFIX):
        parts += _aws_policy(ref.key, scenario, names)
        return _shown(parts)
    if spec is None:
        parts.append(Text("This entity no longer exists."))
        return _shown(parts)
    parts += DESCRIBERS[ref.kind](spec, scenario, world, names)
    if ref.kind == "role" and not hold_answers:
        parts += _who_can_assume(world, assumers)
    if ref.kind in ("function", "instance"):
        parts += _its_role(ref, scenario, world, can_do, paths, hold_answers)
    if ref.kind in ("user", "role"):
        parts += _can_do(ref.kind, spec, world, can_do)
        parts += [HELD_BACK] if hold_answers else _paths(ref.kind, world, can_do, paths)
        parts.append(_heading("Its policies, in words"))
        if getattr(spec, "groups", None):
            parts.append(Text("Its groups' policies apply too (they are counted above); "
                              "select a group to read them.", style="dim"))
        parts += _principal_common(spec, names, account_in(spec.arn), scenario)
    return _shown(parts)


def _its_role(ref: NodeRef, scenario: Scenario, world: World | None,
              can_do: PrincipalPermissions | str | None,
              paths: PathsSummary | PathsWorking | str | None,
              hold_answers: bool) -> list[RenderableType]:
    """What the role a function or instance runs as can do, and who can become it: the
    builder works both out for the role, as when the role itself is selected."""
    from rolesim.scenario.world_edits import find, runs_as

    role_arn = runs_as(scenario, ref.kind, ref.key)
    role = find(scenario, "role", role_arn) if role_arn else None
    if role is None:
        return []
    return [*_can_do("role", role, world, can_do, "What its role can do"),
            *([HELD_BACK] if hold_answers else
              _paths("role", world, can_do, paths, "Who can become its role, by any path"))]


def _can_do(kind: str, spec: Any, world: World | None,
            can_do: PrincipalPermissions | str | None,
            heading: str = "What it can do") -> list[RenderableType]:
    """Effective permissions per service and access level, and what limits take away."""
    from rolesim.ui.world.permission_summary import can_do_lines, indent

    who = ("A fresh session of this role: no session policy, no session tags, no MFA"
           if kind == "role" else "This user signed in with its password or keys, no MFA")
    parts: list[RenderableType] = [
        _heading(heading),
        Text(f"{who}.", style="dim")]
    if "/aws-service-role/" in spec.arn:
        parts.append(Text("Read-only: the service defines these permissions (SLR-02).",
                          style="italic"))
    if world is None:
        parts.append(indent(Text("Nothing to analyse until the world builds.", style="dim")))
    elif can_do is None:
        parts.append(indent(Text("Working it out…", style="italic")))
    elif isinstance(can_do, str):
        parts.append(indent(Text(can_do, style="red")))
    else:
        parts += can_do_lines(can_do)
    return parts


def _paths(kind: str, world: World | None, can_do: object,
           paths: PathsSummary | PathsWorking | str | None,
           heading: str = "Who can become it, by any path") -> list[RenderableType]:
    """Who can become this user or role by any path, and what a user can become (each path's
    hops and techniques, docs/paths.md); worked out with "What it can do"."""
    from rolesim.ui.world.permission_summary import indent

    parts: list[RenderableType] = [_heading(heading)]
    if world is None:
        return []
    if paths is None:
        waiting = "Working it out…" if can_do is None else "Not worked out."
        return [*parts, Text(f"  {waiting}", style="italic")]
    if isinstance(paths, PathsWorking):
        return [*parts, indent(Text(working_words(paths), style="italic"))]
    if isinstance(paths, str):
        return [*parts, Text(f"  {paths}", style="red")]
    if paths.stopped is not None:
        parts.append(_stopped(kind, paths))
    if paths.into is None:
        if paths.stopped is None:
            parts.append(indent(Text("Too many users and roles to ask each here: run rolesim "
                                     "paths --to this ARN.", style="dim")))
    else:
        parts += _listed([_path_line(p, start=True) for p in paths.into], "nobody else")
    if kind == "user" and paths.out is not None:
        parts.append(_heading("What it can become"))
        parts += _listed([_path_line(p, start=False) for p in paths.out], "nothing more")
    return parts


def _listed(lines: list[str], empty: str) -> list[RenderableType]:
    """The first MAX_PATH_LINES paths, and how many more the command line lists."""
    from rolesim.ui.world.permission_summary import indent

    out = _bullets(lines[:MAX_PATH_LINES], empty, mark="→")
    if len(lines) > MAX_PATH_LINES:
        out.append(indent(Text(f"… and {len(lines) - MAX_PATH_LINES:,} more: rolesim paths "
                               "FILE --from this ARN lists them all.", style="dim")))
    return out


def _stopped(kind: str, paths: PathsSummary) -> RenderableType:
    """What the search did before it stopped, what it did not, and how to get all of it."""
    assert paths.stopped is not None
    from rolesim.ui.world.permission_summary import indent

    done = (f"who can become it was asked of {paths.asked:,} of {paths.sources:,} users and "
            "roles (those found are below)" if paths.into is not None
            else "who can become it was not asked (too many users and roles to ask each here)")
    if kind == "user":
        done += "; what it can become was not finished, so none of it is shown"
    return indent(Text(f"{stopped_words(paths.stopped)}: {done}. For the full answer: rolesim "
                       "paths FILE --from ARN --admin (or --to ARN) --budget 0.", style="yellow"))


def working_words(working: PathsWorking) -> str:
    """How far a running path search got, and how it stops (the detail, the `s` dialog)."""
    return (f"Working it out… {working.seconds:.0f} s, {working.checks:,} checks so far. Esc "
            f"stops it; it stops by itself after {working.budget:.0f} s.")


def stopped_words(stopped: BudgetExceeded) -> str:
    """`You stopped it after 3 s and 1,234 checks` (or the budget ran out)."""
    from rolesim.core.analysis.paths.budget import SearchStopped

    why = "You stopped it" if isinstance(stopped, SearchStopped) else "The budget ran out"
    return f"{why} after {stopped.seconds:.0f} s and {stopped.checks:,} checks"


def _short(arn: str) -> str:
    return arn.rsplit(":", 1)[-1]


def hop_words(path: Path) -> list[str]:
    """Each hop as a phrase: `role/Admin (passrole-ec2)`; a change to the principal's own
    permissions: `gives itself any permission (put-role-policy)`; one made by another principal
    the source can also become (the path does not pass through it): `role/ops gives role/dev any
    permission (attach-role-policy)`, not a loop from the principal to itself."""
    words: list[str] = []
    here = path.source
    for hop in path.hops:
        if hop.source == hop.target:
            words.append(f"gives itself any permission ({hop.technique})")
        elif hop.source != here:
            words.append(f"{_short(hop.source)} gives {_short(hop.target)} any permission "
                         f"({hop.technique})")
        else:
            words.append(f"{_short(hop.target)} ({hop.technique})")
        here = hop.target
    return words


def _path_line(path: Path, start: bool) -> str:
    """`user/dev → role/Admin (passrole-ec2) → admin-equivalent`: each hop with its
    technique, and what the first hop needs."""
    words = ([_short(path.source)] if start else []) + hop_words(path)
    text = " → ".join(words) if words else _short(path.target)
    if path.admin:
        text += ", admin-equivalent"
    needs = [r for hop in path.hops for r in hop.requires[1:] if hop.technique != "assume-role"]
    needs += [r for hop in path.hops for r in hop.requires if hop.technique == "assume-role"]
    return text + (f"; needs {', '.join(needs)}" if needs else "")


def _attached_to(scenario: Scenario, arn: str) -> list[str]:
    users: list[Any] = list(scenario.users)
    holders = users + list(scenario.groups) + list(scenario.roles)
    found = [f"{h.arn} (attached)" for h in holders if arn in h.policies]
    found += [f"{h.arn} (permissions boundary)" for h in users + list(scenario.roles)
              if h.boundary == arn]
    return found


def _principal_common(spec: Any, names: Mapping[str, str], account: str,
                      scenario: Scenario) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("Managed policies")]
    if not spec.policies:
        parts += _bullets([])
    for arn in spec.policies:
        parts.append(Text(f"  {arn}:", style="bold"))
        defined = next((p for p in scenario.policies if p.arn == arn), None)
        if defined is not None:
            parts += _in_words(defined.document, PolicyType.IDENTITY, account, names)
        elif ":aws:policy/" in arn:
            from rolesim.core.managed import aws_managed_document

            document = aws_managed_document(arn)
            if document is None:
                parts.append(Text("    ✗ no AWS managed policy has this name and path",
                                  style="red"))
            else:
                parts.append(Text("    AWS managed (the real document, shipped):", style="dim"))
                parts += _in_words(document, PolicyType.IDENTITY, account, names)
        else:
            parts.append(Text("    ✗ not defined in this scenario", style="red"))
    parts.append(_heading("Inline policies"))
    if not spec.inline:
        parts += _bullets([])
    for name, document in spec.inline.items():
        parts.append(Text(f"  {name}:", style="bold"))
        parts += _in_words(document, PolicyType.IDENTITY, account, names)
    boundary = getattr(spec, "boundary", None)
    if hasattr(spec, "boundary"):
        parts.append(_field("\nPermissions boundary", boundary or "none"))
    tags = getattr(spec, "tags", None)
    if tags:
        parts.append(_field("Tags", ", ".join(f"{k}={v}" for k, v in tags.items())))
    return parts


def _account(spec: Any, scenario: Scenario, world: World | None,
             names: Mapping[str, str]) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(f"Account {spec.id}", style="bold"),
                                   _field("Alias", spec.name or "none")]
    if spec.management:
        parts.append(Text("The organization's management account: SCPs never limit it."))
    if spec.scps is None:
        parts.append(Text("In no organization: no SCP applies."))
    else:
        label = "Its own service control policies" if spec.scp_levels else (
            "Service control policies")
        parts.append(_field(label, len(spec.scps)))
    if spec.scp_levels:
        parts.append(_heading("Organization levels (each must allow, ORG-02)"))
        lines = [f"{level.label(k)}: {_count(len(level.scps), 'SCP')}"
                 for k, level in enumerate(spec.scp_levels)]
        lines.append(f"this account: {_count(len(spec.scps or ()), 'SCP')}")
        parts += _bullets(lines)
        parts.append(Text("A request must be allowed by an SCP at every level, root first, "
                          "and denied by none. Levels above the account are edited in the "
                          "scenario file (scp_levels).", style="dim"))
    return parts


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _user(spec: Any, scenario: Scenario, world: World | None,
          names: Mapping[str, str]) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(f"User {entity_label('user', spec.arn)}", style="bold"),
                                   _field("ARN", spec.arn),
                                   _field("MFA device", "yes" if spec.mfa else "no")]
    parts.append(_heading("Groups"))
    parts += _bullets(spec.groups)
    return parts


def _group(spec: Any, scenario: Scenario, world: World | None,
           names: Mapping[str, str]) -> list[RenderableType]:
    account = account_in(spec.arn)
    members = [u.arn for u in scenario.users if spec.arn in u.groups]
    parts: list[RenderableType] = [Text(f"Group {entity_label('group', spec.arn)}", style="bold"),
                                   _field("ARN", spec.arn), _heading("Members")]
    parts += _bullets(members)
    parts += _principal_common(spec, names, account, scenario)
    return parts


def _role(spec: Any, scenario: Scenario, world: World | None,
          names: Mapping[str, str]) -> list[RenderableType]:
    account = account_in(spec.arn)
    parts: list[RenderableType] = [Text(f"Role {entity_label('role', spec.arn)}", style="bold"),
                                   _field("ARN", spec.arn)]
    path = _path_of(spec.arn)
    if path != "/":
        parts.append(_field("Path", path))
    if "/aws-service-role/" in spec.arn:
        parts.append(Text("Service-linked: its service defines its trust and permissions; "
                          "you can look but not change it (SLR-02).", style="italic"))
    if spec.description:
        parts.append(_field("Description", spec.description))
    parts.append(_field("Maximum session", f"{spec.max_session_duration // 60} minutes"))
    parts += _runs_code_for(spec.arn, scenario)
    parts.append(_heading("Who may assume it (trust policy, t to edit)"))
    parts += _in_words(spec.trust, PolicyType.TRUST, account, names, trust=True)
    return parts


def _path_of(arn: str) -> str:
    """A role's IAM path (`/team/`), `/` when it has none or its ARN is malformed (the world
    then does not build, and the pane says why above)."""
    try:
        return Arn.parse(arn).path
    except ArnError:
        return "/"


def _runs_code_for(role: str, scenario: Scenario) -> list[RenderableType]:
    """The functions and instances that run as the role: whoever reaches them acts as it."""
    profiles = {p.arn for p in scenario.instance_profiles if p.role == role}
    lines = [f"Lambda function {f.arn.rsplit(':', 1)[-1]}" for f in scenario.functions
             if f.role == role]
    lines += [f"EC2 instance {i.id} (instance profile "
              f"{entity_label('instance_profile', i.instance_profile)})"
              for i in scenario.instances if i.instance_profile in profiles]
    if not lines:
        return []
    return [_heading("Runs code for"), *_bullets(lines)]


def _who_can_assume(world: World | None,
                    assumers: list[Any] | str | None) -> list[RenderableType]:
    """Who can end up in a session of the role, when the world builds. The builder works it
    out in a thread (a 5,000-role world takes a noticeable time per role): None until then."""
    if world is None:
        return []
    lines: list[RenderableType] = [
        Text("  Who in this world can end up in a session of it:",
             style="bold")]
    if assumers is None:
        return [*lines, Text("  Working it out…", style="italic")]
    if isinstance(assumers, str):
        return [Text(f"  (who can assume: analysis failed: {assumers})", style="dim")]
    lines += _bullets([_path_words(path) for path in assumers], "nobody", mark="✓")
    return lines


def _path_words(path: Any) -> str:
    """`user David (222222222222)`, then any roles on the way and what each hop needs."""
    principal = str(path.principal)
    try:
        from rolesim.core.arn import Arn

        parsed = Arn.parse(principal)
        who = f"{path.kind} {parsed.name} ({parsed.account})"
    except ValueError:
        who = f"{path.kind} {principal}"
    middle = [hop.rsplit("/", 1)[-1] for hop in path.path[1:-1]]
    text = who + (f", through {' → '.join(middle)}" if middle else "")
    requires = list(path.requires)
    return text + (f"; needs {', '.join(requires)}" if requires else "")


def _policy(spec: Any, scenario: Scenario, world: World | None,
            names: Mapping[str, str]) -> list[RenderableType]:
    account = account_in(spec.arn)
    parts: list[RenderableType] = [
        Text(f"Managed policy {entity_label('policy', spec.arn)}", style="bold"),
        _field("ARN", spec.arn)]
    if spec.description:
        parts.append(_field("Description", spec.description))
    parts.append(_heading("Used by"))
    parts += _bullets(_attached_to(scenario, spec.arn), "nobody yet")
    parts.append(_heading("In words (p to edit)"))
    parts += _in_words(spec.document, PolicyType.IDENTITY, account, names)
    return parts


def _aws_policy(arn: str, scenario: Scenario,
                names: Mapping[str, str]) -> list[RenderableType]:
    """An AWS managed policy the world attaches: AWS's document, which nobody can change."""
    from rolesim.core.managed import aws_managed_document, managed_info

    info = managed_info(arn)
    parts: list[RenderableType] = [
        Text(f"AWS managed policy {arn.rsplit('/', 1)[-1]}", style="bold"), _field("ARN", arn)]
    if info is None:
        parts.append(Text("✗ an AWS managed policy the simulator does not ship", style="red"))
        return parts
    if info.description:  # the vendored data carries none today (core/managed/README.md)
        parts.append(_field("Description", info.description))
    updated = f", updated {info.updated[:10]}" if info.updated else ""
    parts.append(_field("Default version", f"{info.version}{updated}"))
    parts.append(Text("AWS writes and updates it; you attach it, you cannot change it "
                      "(p shows the document, read-only).", style="dim"))
    parts.append(_heading("Used by"))
    parts += _bullets(_attached_to(scenario, arn), "nobody yet")
    parts.append(_heading("In words"))
    parts += _in_words(aws_managed_document(arn), PolicyType.IDENTITY, "", names)
    return parts


def _provider(spec: Any, scenario: Scenario, world: World | None,
              names: Mapping[str, str]) -> list[RenderableType]:
    kind = "SAML" if ":saml-provider/" in spec.arn else "OIDC"
    parts: list[RenderableType] = [
        Text(f"{kind} identity provider {entity_label('provider', spec.arn)}", style="bold"),
        _field("ARN", spec.arn)]
    if kind == "OIDC":
        parts.append(_field("Audiences (client IDs)", ", ".join(spec.audiences) or "none"))
    users = [r.arn for r in scenario.roles if spec.arn in str(r.trust)]
    parts.append(_heading("Roles whose trust names it"))
    parts += _bullets(users)
    return parts


def _instance_profile(spec: Any, scenario: Scenario, world: World | None,
                      names: Mapping[str, str]) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text(f"Instance profile {entity_label('instance_profile', spec.arn)}", style="bold"),
        _field("ARN", spec.arn), _field("Role", spec.role),
        Text("An EC2 instance launched with it gets credentials for this role; the "
             "role's trust must allow ec2.amazonaws.com.")]
    running = [i.id for i in scenario.instances if i.instance_profile == spec.arn]
    if running:
        parts.append(_heading("EC2 instances running with it"))
        parts += _bullets(running)
    return parts


def _resource(spec: Any, scenario: Scenario, world: World | None,
              names: Mapping[str, str]) -> list[RenderableType]:
    account = spec.account or account_in(spec.arn)
    parts: list[RenderableType] = [Text(f"Resource {spec.arn}", style="bold"),
                                   _field("Account", account or spec.account or "?")]
    if spec.tags:
        parts.append(_field("Tags", ", ".join(f"{k}={v}" for k, v in spec.tags.items())))
    parts.append(_heading("Resource-based policy (p to edit)"))
    parts += _in_words(spec.policy, PolicyType.RESOURCE, account, names)
    return parts


DESCRIBERS = {"account": _account, "user": _user, "group": _group, "role": _role,
              "policy": _policy, "provider": _provider, "instance_profile": _instance_profile,
              "resource": _resource, "function": describe_function,
              "instance": describe_instance}
