"""Sets of catalogue actions as bitmasks, and their summaries per service (the shapes the
inspector, `rolesim inspect --json` and the TUI show)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rolesim.core.catalog import ACCESS_LEVELS, ActionInfo, Catalog, get_catalog, iter_bits

STAR = "*"


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """One service's allowed actions, with counts per access level."""

    prefix: str
    name: str
    actions: tuple[ActionInfo, ...]

    @property
    def access_levels(self) -> dict[str, int]:
        counts = dict.fromkeys(ACCESS_LEVELS, 0)
        for action in self.actions:
            counts[action.access_level] = counts.get(action.access_level, 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {"actions": [a.full_name for a in self.actions],
                "access_levels": self.access_levels}


class PermissionSet:
    """A set of catalogue actions, stored as a bitmask over catalogue indexes."""

    __slots__ = ("_by_service", "catalog", "mask")

    def __init__(self, mask: int, catalog: Catalog | None = None) -> None:
        self.catalog = catalog or get_catalog()
        self.mask = mask
        self._by_service: dict[str, ServiceSummary] | None = None

    def __contains__(self, action: object) -> bool:
        if not isinstance(action, str):
            return False
        info = self.catalog.action(action)
        return info is not None and bool(self.mask >> info.index & 1)

    def __len__(self) -> int:
        return self.mask.bit_count()

    def __bool__(self) -> bool:
        return self.mask != 0

    def __iter__(self) -> Iterator[ActionInfo]:
        return iter(self.actions())

    def __sub__(self, other: PermissionSet) -> PermissionSet:
        return PermissionSet(self.mask & ~other.mask, self.catalog)

    def __and__(self, other: PermissionSet) -> PermissionSet:
        return PermissionSet(self.mask & other.mask, self.catalog)

    def __or__(self, other: PermissionSet) -> PermissionSet:
        return PermissionSet(self.mask | other.mask, self.catalog)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PermissionSet) and other.mask == self.mask

    def __hash__(self) -> int:
        return hash(self.mask)

    def actions(self) -> list[ActionInfo]:
        return self.catalog.from_mask(self.mask)

    def by_service(self) -> dict[str, ServiceSummary]:
        """Service prefix -> summary, for the services with at least one action here."""
        if self._by_service is None:
            out: dict[str, ServiceSummary] = {}
            mask = self.mask
            for service in self.catalog.services():
                count = len(service.actions)
                part = (mask >> service.first) & ((1 << count) - 1)
                if not part:
                    continue
                if part == (1 << count) - 1:
                    chosen = service.actions
                else:
                    chosen = tuple(service.actions[i] for i in iter_bits(part))
                out[service.prefix] = ServiceSummary(service.prefix, service.name, chosen)
            self._by_service = out
        return self._by_service

    def access_levels(self) -> dict[str, int]:
        counts = dict.fromkeys(ACCESS_LEVELS, 0)
        for summary in self.by_service().values():
            for level, n in summary.access_levels.items():
                counts[level] = counts.get(level, 0) + n
        return counts

    def to_json(self) -> dict[str, Any]:
        """`{prefix: {"actions": [full names], "access_levels": {level: count}}}`."""
        return {prefix: s.to_json() for prefix, s in self.by_service().items()}


@dataclass
class EffectivePermissions:
    """What a session may do: `allowed` (anywhere), and per resource (`*` or a world ARN)
    the actions allowed on it. `expired` sessions may do nothing (ER-07). `uncatalogued`:
    actions (or patterns) an Allow statement names that the catalogue does not list, and that
    are allowed all the same: AWS allows what the policies allow, listed or not."""

    session_arn: str
    allowed: PermissionSet
    on_resource: dict[str, int] = field(default_factory=dict)
    expired: bool = False
    uncatalogued: tuple[str, ...] = ()

    def allows(self, action: str, resource: str | None = None) -> bool:
        if resource is None:
            return action in self.allowed
        info = self.allowed.catalog.action(action)
        return info is not None and bool(self.on_resource.get(resource, 0) >> info.index & 1)

    def resources_for(self, action: str) -> list[str]:
        """`*` and/or the world ARNs on which `action` is allowed."""
        info = self.allowed.catalog.action(action)
        if info is None:
            return []
        return [arn for arn, mask in self.on_resource.items() if mask >> info.index & 1]

    def by_service(self) -> dict[str, ServiceSummary]:
        return self.allowed.by_service()

    def scoped(self) -> dict[str, list[str]]:
        """Action full name -> the resources it is allowed on, for the actions allowed on more
        than `*` alone or not on `*` (an action missing here is allowed on `*` only)."""
        catalog = self.allowed.catalog
        star = self.on_resource.get(STAR, 0)
        out: dict[int, list[str]] = {}
        for arn, mask in self.on_resource.items():
            if arn == STAR:
                continue
            for index in iter_bits(mask):
                out.setdefault(index, [STAR] if star >> index & 1 else []).append(arn)
        for index in iter_bits(self.allowed.mask & ~star):
            out.setdefault(index, [])
        return {catalog.action_at(i).full_name: out[i] for i in sorted(out)}

    def to_json(self, resources: bool = False) -> dict[str, Any]:
        """The per-service summary; with `resources`, each service also gets `resources`:
        action -> resources, for its actions not allowed on `*` alone (`scoped`)."""
        data = self.allowed.to_json()
        if resources:
            for name, where in self.scoped().items():
                prefix = name.split(":", 1)[0]
                if prefix in data:
                    data[prefix].setdefault("resources", {})[name] = where
        return data
