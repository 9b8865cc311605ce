"""AWS managed policies shipped with rolesim: their real documents, at their default versions.

A scenario may attach `arn:aws:iam::aws:policy/NAME` without defining it; the world builder
takes the document from here (scenario format, "The world"). The JSON files are the policy
documents exactly as AWS publishes them (see README.md beside this file for source and version).
Documents are read from the package on first use and parsed once.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rolesim.core.policy.model import Policy

AWS_MANAGED_PREFIX = "arn:aws:iam::aws:policy/"


@dataclass(frozen=True, slots=True)
class ManagedPolicyInfo:
    """Where a shipped document stands in AWS: its name, path, default version and its date."""

    name: str
    version: str
    created: str
    description: str
    path: str = "/"

    @property
    def arn(self) -> str:
        return f"{AWS_MANAGED_PREFIX}{self.path.lstrip('/')}{self.name}"


SHIPPED: dict[str, ManagedPolicyInfo] = {
    info.name: info
    for info in (
        ManagedPolicyInfo("AdministratorAccess", "v1", "2015-02-06T18:39:46Z",
                          "Provides full access to AWS services and resources."),
        ManagedPolicyInfo("ReadOnlyAccess", "v178", "2026-02-12T18:01:33Z",
                          "Provides read-only access to AWS services and resources."),
        ManagedPolicyInfo("PowerUserAccess", "v12", "2026-02-12T17:59:14Z",
                          "Provides full access to AWS services and resources, but does not "
                          "allow management of Users and groups."),
        ManagedPolicyInfo("IAMFullAccess", "v2", "2019-06-21T19:40:00Z",
                          "Provides full access to IAM via the AWS Management Console."),
        ManagedPolicyInfo("IAMReadOnlyAccess", "v4", "2018-01-25T19:11:27Z",
                          "Provides read only access to IAM via the AWS Management Console."),
        ManagedPolicyInfo("AmazonS3FullAccess", "v2", "2021-09-27T20:16:37Z",
                          "Provides full access to all buckets via the AWS Management Console."),
        ManagedPolicyInfo("AmazonS3ReadOnlyAccess", "v3", "2023-08-10T21:31:39Z",
                          "Provides read only access to all buckets via the AWS Management "
                          "Console."),
    )
}

AWS_MANAGED_NAMES: tuple[str, ...] = tuple(SHIPPED)
"""The names of every AWS managed policy rolesim ships."""


def managed_name(arn_or_name: str) -> str | None:
    """`ReadOnlyAccess` for `ReadOnlyAccess` or `arn:aws:iam::aws:policy/ReadOnlyAccess`; None
    when the text names no shipped policy (names are case-sensitive, as in ARNs)."""
    text = arn_or_name.strip()
    if text.startswith("arn:"):
        if not text.startswith(AWS_MANAGED_PREFIX):
            return None
        tail = text[len(AWS_MANAGED_PREFIX):]
        name = tail.rsplit("/", 1)[-1]
        info = SHIPPED.get(name)
        return name if info is not None and info.arn == text else None
    return text if text in SHIPPED else None


def managed_info(arn_or_name: str) -> ManagedPolicyInfo | None:
    name = managed_name(arn_or_name)
    return SHIPPED[name] if name else None


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def aws_managed_document(arn_or_name: str) -> dict[str, Any] | None:
    """The JSON document of a shipped AWS managed policy (a fresh copy the caller may change)."""
    name = managed_name(arn_or_name)
    return copy.deepcopy(_load(name)) if name else None


@cache
def _parsed(name: str) -> Policy:
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy

    return parse_policy(_load(name), PolicyType.IDENTITY)


def aws_managed_policy(arn_or_name: str) -> Policy | None:
    """The shipped AWS managed policy, parsed as an identity policy (cached: Policy is
    immutable), or None when rolesim does not ship it."""
    name = managed_name(arn_or_name)
    return _parsed(name) if name else None
