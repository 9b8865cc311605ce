"""Condition keys: which exist and of what type (String, ARN, ArrayOfString, ...).

Global `aws:` keys come from `rolesim.core.global_condition_keys` (the IAM User Guide's list,
plus the keys AWS's own managed policies use; the catalogue reads the same list);
service keys and their types come from the action catalogue (`ServiceInfo.condition_keys`,
`condition_key_type`). A key written with a tag or other suffix
(`aws:PrincipalTag/team`, `s3:ExistingObjectTag/owner`) matches its family
(`aws:PrincipalTag/${TagKey}`, `s3:ExistingObjectTag/<key>`).
"""

from __future__ import annotations

import threading
import tomllib
import weakref
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rolesim.core.global_condition_keys import global_key_data

GLOBAL_PREFIX = "aws:"
TAG_KEY_WORDS = ("/tag-key", "/tagkey")
"""Literal placeholders some services write instead of `${TagKey}`
(`secretsmanager:ResourceTag/tag-key`)."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What the linter knows of a key: its type ("" when unknown) and whether it exists."""

    known: bool
    key_type: str = ""

    @property
    def multivalued(self) -> bool:
        return self.key_type.startswith("ArrayOf")

    @property
    def base_type(self) -> str:
        return self.key_type.removeprefix("ArrayOf")


UNKNOWN = KeyInfo(False)


def _family(name: str) -> tuple[str, bool]:
    """`aws:RequestTag/${TagKey}` -> (`aws:requesttag/`, True); `s3:prefix` -> (`s3:prefix`,
    False). Lower-cased: key names are case-insensitive (PL-10)."""
    low = name.lower()
    cut = min((i for i in (low.find("${"), low.find("<")) if i >= 0), default=-1)
    if cut >= 0:
        return low[:cut], True
    for word in TAG_KEY_WORDS:
        if low.endswith(word):
            return low[: -len(word) + 1], True
    if low.endswith("/"):
        return low, True
    return low, False


class KeyTable:
    """Exact keys and key families (prefix match) with their types."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.families: dict[str, str] = {}

    def add(self, name: str, key_type: str) -> None:
        stem, family = _family(name)
        (self.families if family else self.exact)[stem] = key_type

    def find(self, key_lower: str) -> KeyInfo | None:
        if key_lower in self.exact:
            return KeyInfo(True, self.exact[key_lower])
        for stem, key_type in self.families.items():
            if key_lower.startswith(stem) and len(key_lower) > len(stem):
                return KeyInfo(True, key_type)
        return None


@cache
def global_keys() -> KeyTable:
    table = KeyTable()
    for name, key_type in _data()["keys"].items():
        table.add(name, key_type)
    return table


def _data() -> dict[str, Any]:
    return global_key_data()


@cache
def incomplete_resource_services() -> frozenset[str]:
    """Service prefixes whose action resource types the catalogue gets wrong
    (catalogue_gaps.toml)."""
    text = resources.files(__package__).joinpath("catalogue_gaps.toml").read_text(
        encoding="utf-8")
    return frozenset(tomllib.loads(text)["resource_types_incomplete"])


@cache
def also_numeric() -> frozenset[str]:
    return frozenset(k.lower() for k in _data()["also_numeric"]["keys"])


@cache
def cross_service_keys() -> KeyTable:
    table = KeyTable()
    for name, key_type in _data()["cross_service"].items():
        table.add(name, key_type)
    return table


@cache
def always_present() -> dict[str, frozenset[str]]:
    """key -> the actions whose every request carries it (lower-case)."""
    table = _data()["always_present"]
    return {k.lower(): frozenset(a.lower() for a in v) for k, v in table.items()}


_TABLES: weakref.WeakKeyDictionary[Any, dict[str, KeyTable | None]] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


class ConditionKeys:
    """Key lookups against one catalogue (None: only the global keys are known). The
    per-service tables are kept with the catalogue, so later lints reuse them."""

    def __init__(self, catalog: Any | None) -> None:
        self.catalog = catalog
        if catalog is None:
            self._services: dict[str, KeyTable | None] = {}
        else:
            with _TABLES_LOCK:
                self._services = _TABLES.setdefault(catalog, {})

    def _service_table(self, prefix: str) -> KeyTable | None:
        if prefix in self._services:
            return self._services[prefix]
        table: KeyTable | None = None
        service = self.catalog.service(prefix) if self.catalog is not None else None
        if service is not None:
            table = KeyTable()
            for name in service.condition_keys:
                table.add(name, service.condition_key_type(name) or "")
        self._services[prefix] = table
        return table

    def service_known(self, prefix: str) -> bool:
        return self._service_table(prefix.lower()) is not None

    def info(self, key_lower: str) -> KeyInfo:
        """The key's type and existence. Unknown services give UNKNOWN (never an error)."""
        prefix, sep, _ = key_lower.partition(":")
        if not sep:
            return UNKNOWN
        if prefix == "aws":
            found = global_keys().find(key_lower)
            if found is not None:
                return found
        found = cross_service_keys().find(key_lower)
        if found is not None:
            return found
        table = self._service_table(prefix)
        if table is None:
            return UNKNOWN
        return table.find(key_lower) or UNKNOWN
