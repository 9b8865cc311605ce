"""The Permissions tab's content: effective permissions per service and what this session gave
up compared with the identity below it, both from `rolesim.core.analysis.effective`.

Runs in a worker thread (the analysis walks the whole action catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from rolesim.core.analysis.effective import (
    PermissionSet,
    effective_permissions,
    given_up,
)
from rolesim.core.words import counted
from rolesim.ui.world.permission_summary import level_letters, uncatalogued_label


@dataclass(frozen=True)
class PermissionView:
    title: RenderableType
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    given_up: RenderableType = ""


def permission_view(simulator: Any, session: Any) -> PermissionView:
    """Effective permissions of `session` per service, and what it gave up and gained."""
    effective = effective_permissions(simulator, session)
    if effective.expired:
        return PermissionView(Text("Expired: these credentials can do nothing (ExpiredToken).",
                                   style="bold red"),
                              given_up=_given_up(simulator, session))
    services = effective.by_service()
    total = sum(len(s.actions) for s in services.values())
    rows = [(prefix, str(len(summary.actions)), level_letters(summary))
            for prefix, summary in sorted(services.items())]
    label = uncatalogued_label(effective.allowed.catalog.data_version or "unknown")
    rows += [(name, "1", "not in the catalogue") for name in effective.uncatalogued]
    extra = (f", and {len(effective.uncatalogued)} {label}" if effective.uncatalogued else "")
    title = Text.assemble(("Effective permissions", "bold underline"),
                          f"  {counted(total, 'action')} in "
                          f"{counted(len(services), 'service')}{extra} "
                          "(L list, R read, W write, P permissions, T tagging)")
    return PermissionView(title, rows, _given_up(simulator, session))


def _given_up(simulator: Any, session: Any) -> RenderableType:
    if session.parent is None:
        return Text("This is the signed-in identity: nothing below it to compare with.",
                    style="dim")
    lost, gained = given_up(simulator, session)
    parts: list[RenderableType] = [
        Text("Compared with the identity below it (XA-04: a role session gives up the "
             "caller's own permissions for the role's)", style="bold underline")]
    if not lost and not gained:
        parts.append(Text("the same permissions", style="dim"))
    parts += _changes("gave up", lost, "red") + _changes("gained", gained, "green")
    return Group(*parts)


def _changes(label: str, actions: PermissionSet, style: str) -> list[RenderableType]:
    if not actions:
        return []
    services = actions.by_service()
    lines: list[RenderableType] = [
        Text(f"{label}: {counted(len(actions), 'action')} in "
             f"{counted(len(services), 'service')}", style=f"bold {style}")]
    for prefix, summary in sorted(services.items(), key=lambda kv: -len(kv[1].actions))[:8]:
        names = [a.name for a in summary.actions]
        sample = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        lines.append(Text(f"  {prefix} ({len(names)}): {sample}", style=style))
    if len(services) > 8:
        lines.append(Text(f"  … and {len(services) - 8} more services", style=style))
    return lines
