"""Effective permissions said for a projector: per service, counts by access level (List,
Read, Write, Permissions management, Tagging), the notable actions and where they apply, and
what a permissions boundary, explicit denies or SCPs take away.

Presentation only: the sets come from `rolesim.core.analysis` (`EffectivePermissions`,
`PermissionSet`, `PrincipalPermissions`). Shared by the world builder's "What it can do"; the
session inspector's Permissions tab could use `level_letters` and `cut_lines` too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from rolesim.core.words import counted, listing

if TYPE_CHECKING:
    from rolesim.core.analysis.permission_set import (
        EffectivePermissions,
        ServiceSummary,
    )
    from rolesim.core.analysis.principal import AssumeReach, Cut, PrincipalPermissions
    from rolesim.core.catalog import ActionInfo, Catalog

LEVELS = (("List", "List", "L"), ("Read", "Read", "R"), ("Write", "Write", "W"),
          ("Permissions management", "Perms", "P"), ("Tagging", "Tag", "T"))
"""Access level, its column heading, its letter."""
LEVEL_STYLES = {"Write": "bold", "Permissions management": "bold yellow"}
"""Permissions management is what lets a principal give itself more: it stands out."""
FREE_ACTIONS = ("sts:GetCallerIdentity",)
"""Allowed to everyone whatever the policies (ID-10): left out of the table, said once."""
SENSITIVE = ("iam:PassRole", "sts:AssumeRole", "iam:CreateAccessKey", "iam:CreateUser",
             "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:AttachUserPolicy",
             "iam:PutUserPolicy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy",
             "s3:PutBucketPolicy", "s3:DeleteBucket", "kms:Decrypt", "kms:ScheduleKeyDeletion",
             "secretsmanager:GetSecretValue", "ec2:TerminateInstances", "ec2:RunInstances",
             "lambda:UpdateFunctionCode", "organizations:LeaveOrganization")
"""Actions named first among a service's notable ones: each is a classic escalation or
destruction path (PassRole + RunInstances, CreateAccessKey on another user, ...)."""
WELL_KNOWN = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
              "dynamodb:GetItem", "dynamodb:PutItem", "lambda:InvokeFunction",
              "ec2:DescribeInstances", "logs:PutLogEvents")
"""Named next: the everyday actions a class recognises at once."""
FIRST_NAMED = ("iam", "sts", "organizations")
"""Named first when a limit cuts off many services: they are how a principal escalates."""
LEVEL_RANK = {"Permissions management": 0, "Write": 1, "Tagging": 2, "Read": 3, "List": 4}
NAME_WIDTH = 18
COLUMN_WIDTH = 6
MAX_ROWS = 16
MAX_NAMES = 4


def level_letters(summary: ServiceSummary) -> str:
    """`L2  R5  W1`: the counts per access level by letter, zeros left out."""
    counts = summary.access_levels
    return "  ".join(f"{letter}{counts[level]}" for level, _, letter in LEVELS
                     if counts.get(level))


def indent(renderable: RenderableType, by: int = 2) -> Padding:
    """Indented by padding: the detail panel does not keep a line's leading spaces."""
    return Padding(renderable, (0, 0, 0, by))


def header_line() -> RenderableType:
    text = Text("  ")
    text.append(f"{'service':<{NAME_WIDTH}}", style="bold underline")
    for _, heading, _ in LEVELS:
        text.append(" " * (COLUMN_WIDTH - len(heading)))
        text.append(heading, style="bold underline")
    return text


def service_line(prefix: str, summary: ServiceSummary) -> RenderableType:
    """The service's prefix and its count per access level, in fixed columns (· for none).
    One Text with padded fields: a grid per line paints about six times slower."""
    name = prefix if len(prefix) < NAME_WIDTH else prefix[:NAME_WIDTH - 2] + "…"
    text = Text("  ")
    text.append(f"{name:<{NAME_WIDTH}}", style="bold cyan")
    counts = summary.access_levels
    for level, _, _ in LEVELS:
        count = counts.get(level, 0)
        if count:
            text.append(f"{count:>{COLUMN_WIDTH}}", style=LEVEL_STYLES.get(level, ""))
        else:
            text.append(f"{'·':>{COLUMN_WIDTH}}", style="dim")
    return text


def short_resource(arn: str, own_account: str) -> str:
    """`productionapp/*` for S3, `role/UpdateApp` for IAM, the account added when not ours."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return arn
    resource, account = parts[5], parts[4]
    return resource if not account or account == own_account else f"{resource} ({account})"


def _names(actions: list[ActionInfo], limit: int = MAX_NAMES) -> str:
    shown = ", ".join(a.name for a in actions[:limit])
    return shown + (f" +{len(actions) - limit} more" if len(actions) > limit else "")


def notable(actions: Iterable[ActionInfo], limit: int = 3) -> list[ActionInfo]:
    """The actions most worth pointing at: sensitive ones, everyday ones, then by access level
    (Permissions management before Write before Tagging, Read, List)."""
    known = SENSITIVE + WELL_KNOWN

    def rank(action: ActionInfo) -> tuple[int, int, str]:
        full = action.full_name
        return (known.index(full) if full in known else len(known),
                LEVEL_RANK.get(action.access_level, 5), action.name)
    return sorted(actions, key=rank)[:limit]


def where_lines(summary: ServiceSummary, effective: EffectivePermissions,
                own_account: str) -> list[RenderableType]:
    """Under a service: which of its actions apply anywhere (all of them, all but a few, or
    the notable ones) and which only on named resources."""
    star = effective.on_resource.get("*", 0)
    anywhere = [a for a in summary.actions if star >> a.index & 1]
    lacking = [a.name for a in effective.allowed.catalog.actions(summary.prefix)
               if not star >> a.index & 1]
    scoped: dict[tuple[str, ...], list[ActionInfo]] = {}
    for action in summary.actions:
        if star >> action.index & 1:
            continue
        places = tuple(short_resource(arn, own_account) for arn, mask in
                       effective.on_resource.items() if arn != "*" and mask >> action.index & 1)
        scoped.setdefault(places, []).append(action)
    lines: list[Text] = []
    if anywhere:
        many = len(anywhere) > MAX_NAMES + 2
        if many and not lacking:
            words = f"all {len(anywhere)} actions, on any resource"
        elif many and len(lacking) <= 3:
            words = f"all but {', '.join(lacking)}, on any resource"
        elif many:
            words = f"{len(anywhere)} on any resource, e.g. {_names(notable(anywhere), 3)}"
        else:
            words = f"on any resource: {_names(anywhere)}"
        lines.append(Text(words))
    for places, actions in list(scoped.items())[:4]:
        where = ", ".join(places[:2]) + (f" +{len(places) - 2}" if len(places) > 2 else "")
        names = (_names(actions) if len(actions) <= MAX_NAMES
                 else f"{len(actions)} actions, e.g. {_names(notable(actions), 3)}")
        lines.append(Text.assemble("only on ", (where, "italic"), f": {names}"))
    if len(scoped) > 4:
        lines.append(Text(f"… and {len(scoped) - 4} more resource groups", style="dim"))
    return [indent(line, 6) for line in lines]


def assume_lines(reach: AssumeReach | None) -> list[RenderableType]:
    """Why an sts:AssumeRole its policy allows counts for nothing: no role's trust policy
    accepts the principal (TP-01, TP-10), or only under a condition a plain request does not
    meet (TP-13). Said, so the screen does not contradict the policy shown below it."""
    if reach is None or not reach.leads_nowhere:
        return []
    on = listing(reach.patterns, limit=2)
    if not reach.conditional:
        text = Text.assemble(
            ("sts:AssumeRole", "bold"), f" is allowed by its policy (on {on}), but no role in "
            "this world trusts it, so it can become no one: a role's trust policy must name "
            "the caller too (TP-01, TP-10).")
    else:
        roles = [arn.rsplit("/", 1)[-1] for arn in reach.conditional]
        names = listing(roles)
        whose, verb = ("policy of", "names") if len(roles) == 1 else ("policies of", "name")
        text = Text.assemble(
            ("sts:AssumeRole", "bold"), f" is allowed by its policy (on {on}). The trust "
            f"{whose} {names} {verb} it, but a request with nothing passed is still refused: "
            "a condition there (an external ID, MFA, tags) or its own side stands in the way "
            "(TP-13). A step that passes what the condition asks for can get in.")
    return [indent(text)]


def effective_lines(effective: EffectivePermissions, own_account: str,
                    reach: AssumeReach | None = None) -> list[RenderableType]:
    """The table of services with counts per access level and, under each, where."""
    catalog = effective.allowed.catalog
    free = 0
    for name in FREE_ACTIONS:
        info = catalog.action(name)
        if info is not None:
            free |= 1 << info.index
    from rolesim.core.analysis.permission_set import PermissionSet

    allowed = PermissionSet(effective.allowed.mask & ~free, catalog)
    services = allowed.by_service()
    if not services:
        if effective.uncatalogued:
            return [indent(Text("No action the catalogue lists.", style="bold")),
                    *uncatalogued_lines(effective), _free_note()]
        if reach is not None and reach.leads_nowhere:
            return [indent(Text("Nothing yet: every request it makes is implicitly denied "
                                "(EV-01).", style="bold red")), *assume_lines(reach),
                    _free_note()]
        return [indent(Text("Nothing: every request is implicitly denied (EV-01).",
                            style="bold red")), _free_note()]
    every = len(catalog.services())
    parts: list[RenderableType] = [indent(Text.assemble(
        (counted(len(allowed), "action", grouped=True), "bold green"), " in ",
        (f"{len(services)} of {every} services", "bold green")))]
    parts += assume_lines(reach)
    with_free = effective.allowed.by_service()
    full = [p for p in services if len(with_free[p].actions) == _service_size(catalog, p)]
    rows = services
    if len(services) > MAX_ROWS:
        missing = [s.prefix for s in catalog.services() if s.prefix not in services]
        parts.append(indent(Text(f"Every action of {counted(len(full), 'service')}" + (
            f"; nothing of {_list(missing, 8)}" if missing else "") + ".")))
        rows = {p: s for p, s in services.items() if p not in full}
        if not rows:
            return [*parts, *uncatalogued_lines(effective), _free_note()]
        parts.append(indent(Text("Only partly:", style="bold")))
    parts.append(header_line())
    for prefix in sorted(rows)[:MAX_ROWS]:
        parts.append(service_line(prefix, rows[prefix]))
        parts += where_lines(rows[prefix], effective, own_account)
    if len(rows) > MAX_ROWS:
        rest = sorted(rows)[MAX_ROWS:]
        parts.append(indent(Text(f"… and {len(rest)} more: {_list(rest, 10)}", style="dim")))
    if any(rows[p].access_levels.get("Permissions management") for p in rows):
        parts.append(indent(Text.assemble(("Perms", "bold yellow"), " = permissions management: "
                                          "changing who may do what, the road to escalation.",
                                          style="dim")))
    parts += uncatalogued_lines(effective)
    parts.append(_free_note())
    return parts


def uncatalogued_label(version: str) -> str:
    return f"not in the catalogue (data version {version})"


def uncatalogued_lines(effective: EffectivePermissions) -> list[RenderableType]:
    """Allowed actions and patterns the catalogue does not list: named, never dropped (the
    policies allow them whether or not the reference knows them yet)."""
    names = effective.uncatalogued
    if not names:
        return []
    version = effective.allowed.catalog.data_version or "unknown"
    shown = ", ".join(names[:8]) + (f" +{len(names) - 8} more" if len(names) > 8 else "")
    return [indent(Text.assemble(
        (f"Also allowed, {uncatalogued_label(version)}: ", "bold"), (shown, "bold magenta"))),
        indent(Text("The policies allow these by name; the catalogue (AWS's service reference "
                    "at that date) does not list them, so their access level is unknown.",
                    style="dim"), 6)]


def _service_size(catalog: Catalog, prefix: str) -> int:
    service = catalog.service(prefix)
    return len(service.actions) if service is not None else 0


def _list(names: list[str], limit: int) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more"
                                       if len(names) > limit else "")


def _free_note() -> RenderableType:
    return indent(Text("(and sts:GetCallerIdentity, which needs no permission: ID-10)",
                       style="dim"))


def cut_lines(cut: Cut, own_account: str, style: str = "red") -> list[RenderableType]:
    """What a limit takes away: its actions by name when few (with the resources, when taken
    away only on some), else counts per service."""
    if len(cut) <= 6:
        star = cut.on_resource.get("*", 0)
        lines: list[RenderableType] = []
        for action in cut.actions.actions():
            text = Text(action.full_name, style=style)
            if not star >> action.index & 1:
                places = [short_resource(arn, own_account) for arn in cut.where(action.full_name)]
                text.append(" only on ")
                text.append(", ".join(places[:3]) + (" …" if len(places) > 3 else ""),
                            style="italic")
            lines.append(indent(text, 6))
        return lines
    services = sorted(cut.actions.by_service().items(),
                      key=lambda kv: (kv[0] not in FIRST_NAMED, -len(kv[1].actions), kv[0]))
    head = ", ".join(f"{p} {len(s.actions)}" for p, s in services[:5])
    more = f", … {len(services) - 5} more services" if len(services) > 5 else ""
    return [indent(Text(f"{counted(len(cut), 'action', grouped=True)} in "
                        f"{counted(len(services), 'service')}: {head}{more}",
                        style=style), 6)]


def _limit(mark: str, *words: str | tuple[str, str]) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    grid.add_row(Text(mark, style="bold red" if mark == "✂" else "green"), Text.assemble(*words))
    return indent(grid)


_section_memo: dict[int, tuple[PrincipalPermissions, list[RenderableType]]] = {}


def can_do_lines(result: PrincipalPermissions) -> list[RenderableType]:
    """The whole "What it can do" body: the table, then what limits take away. Built once per
    result (the world builder builds it in its worker thread, so the UI thread only paints)."""
    hit = _section_memo.get(id(result))
    if hit is not None and hit[0] is result:
        return hit[1]
    own_account = result.principal_arn.split(":")[4]
    lines = effective_lines(result.effective, own_account, result.assume)
    lines.append(Text("\nWhat limits take away", style="bold"))
    lines += limits_lines(result)
    if len(_section_memo) >= 512:
        _section_memo.clear()
    _section_memo[id(result)] = (result, lines)
    return lines


def limits_lines(result: PrincipalPermissions) -> list[RenderableType]:
    """What the boundary, explicit denies and SCPs take away, each said once."""
    own_account = result.principal_arn.split(":")[4]
    parts: list[RenderableType] = []
    if result.boundary_arn is not None:
        name = (result.boundary_arn.rsplit("/", 1)[-1], "bold cyan")
        if result.cut_by_boundary:
            parts.append(_limit("✂", ("Permissions boundary ", "bold"), name,
                                " cuts off what the identity policies alone would allow "
                                "(identity ∩ boundary, EV-10):"))
            parts += cut_lines(result.cut_by_boundary, own_account)
        else:
            parts.append(_limit("✓", ("Permissions boundary ", "bold"), name,
                                ": takes nothing away; the identity policies already stay "
                                "inside it (EV-10)."))
    if result.cut_by_deny:
        parts.append(_limit("✂", ("Explicit Deny", "bold"), " overrides the allows (EV-02):"))
        parts += cut_lines(result.cut_by_deny, own_account)
    elif result.has_denies:
        parts.append(_limit("✓", "Deny statements in play take nothing more away."))
    if result.scps_apply:
        if result.cut_by_scps:
            parts.append(_limit("✂", ("Service control policies", "bold"),
                                " of the organization take away (EV-11):"))
            parts += cut_lines(result.cut_by_scps, own_account)
        else:
            parts.append(_limit("✓", "The organization's SCPs take nothing more away (EV-11)."))
    if not parts:
        parts.append(indent(Text("No permissions boundary, no explicit Deny, no SCP: the "
                                 "identity policies are the whole story.", style="dim")))
    return parts
