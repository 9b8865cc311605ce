"""The Permissions tab's content: effective permissions per service and what this session gave
up compared with the identity below it, both from `rolesim.core.analysis.effective`.

Runs in a worker thread (the analysis walks the whole action catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text


@dataclass(frozen=True)
class PermissionView:
    title: RenderableType
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    given_up: RenderableType = ""


def _names(actions: Iterable[Any]) -> list[str]:
    return sorted(str(getattr(a, "full_name", a)) for a in actions)


def _by_service(actions: Iterable[Any]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name in _names(actions):
        grouped.setdefault(name.split(":", 1)[0], []).append(name)
    return grouped


def _grouped(value: Any) -> dict[str, list[str]]:
    """Actions per service prefix, whatever iterable or mapping the analysis returns."""
    if value is None:
        return {}
    for attr in ("by_service", "services"):
        candidate = getattr(value, attr, None)
        if callable(candidate):
            candidate = candidate()
        if isinstance(candidate, Mapping):
            return {str(k): _names(v) for k, v in candidate.items()}
    if isinstance(value, Mapping):
        return {str(k): _names(v) for k, v in value.items()}
    actions = getattr(value, "actions", value)
    if callable(actions):
        actions = actions()
    return _by_service(actions)


def permission_view(simulator: Any, session: Any) -> PermissionView:
    """Effective permissions of `session` per service, and what it gave up and gained."""
    try:
        from rolesim.core.analysis.effective import (  # type: ignore[import-not-found,unused-ignore]
            effective_permissions,
            given_up,
        )
    except ImportError:
        return PermissionView(Text("The permissions analysis is not available in this build.",
                                   style="italic"))
    grouped = _grouped(effective_permissions(simulator, session))
    total = sum(len(v) for v in grouped.values())
    rows = [(service, str(len(names)), ", ".join(n.split(":", 1)[1] for n in names[:3])
             + (" …" if len(names) > 3 else ""))
            for service, names in sorted(grouped.items())]
    title = Text.assemble(("Effective permissions", "bold underline"),
                          f"  {total} actions in {len(grouped)} services")
    lost, gained = given_up(simulator, session)
    return PermissionView(title, rows, _given_up_text(_grouped(lost), _grouped(gained)))


def _given_up_text(lost: dict[str, list[str]], gained: dict[str, list[str]]) -> RenderableType:
    heading = Text("Compared with the identity below it", style="bold underline")
    parts: list[RenderableType] = [heading]
    if not lost and not gained:
        parts.append(Text("the same permissions (or no identity below)", style="dim"))
    for label, grouped, style in (("gave up", lost, "red"), ("gained", gained, "green")):
        if not grouped:
            continue
        total = sum(len(v) for v in grouped.values())
        parts.append(Text(f"{label}: {total} actions", style=f"bold {style}"))
        for service, names in sorted(grouped.items())[:12]:
            sample = ", ".join(n.split(":", 1)[1] for n in names[:4])
            parts.append(Text(f"  {service} ({len(names)}): {sample}"
                              + (" …" if len(names) > 4 else ""), style=style))
    return Group(*parts)
