"""ARNs: parse and build the identifiers every principal and resource is named by (ID-01, ID-02)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ACCOUNT_ID = re.compile(r"^\d{12}$")


class ArnError(ValueError):
    """A string that is not a well-formed ARN."""


@dataclass(frozen=True, slots=True)
class Arn:
    """The six colon-separated parts of an ARN; `resource` keeps any further colons."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, text: str) -> Arn:
        """Parse once: the same ARNs are looked at on every request, so results are cached."""
        return _parse_cached(text)

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @property
    def resource_type(self) -> str:
        """`user` for `user/path/name`; empty for resources without a type (S3 buckets)."""
        head, sep, _ = self.resource.partition("/")
        return head if sep else ("root" if self.resource == "root" else "")

    @property
    def name(self) -> str:
        """The last path segment: the entity name of `role/path/Name`."""
        return self.resource.rsplit("/", 1)[-1]

    @property
    def path(self) -> str:
        """The IAM path between the type and the name, `/` when there is none (QT-01)."""
        pieces = self.resource.split("/")
        if len(pieces) <= 2:
            return "/"
        return "/" + "/".join(pieces[1:-1]) + "/"


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> Arn:
    parts = _fields(text)
    if parts is None:
        raise ArnError(
            f"not an ARN: {text!r} (expected arn:partition:service:region:account:resource)"
        )
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def _fields(text: str) -> list[str] | None:
    """The six colon-separated fields of an ARN, or None when `text` is not one."""
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2]:
        return None
    return parts


def account_field(text: str) -> str:
    """The account an ARN names, "" when it names none or `text` is not an ARN: the field
    alone, without making (and caching) the Arn of every resource a request names once."""
    parts = _fields(text)
    return "" if parts is None else parts[4]


def is_arn(text: str) -> bool:
    try:
        Arn.parse(text)
    except ArnError:
        return False
    return True


def account_of(text: str) -> str:
    """The account an ARN names, or empty (S3 buckets name none)."""
    return Arn.parse(text).account


def iam_arn(account: str, kind: str, name: str, path: str = "/") -> str:
    """`arn:aws:iam::ACCOUNT:kind/path/name` (ID-02)."""
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def root_arn(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def assumed_role_arn(account: str, role_name: str, session_name: str) -> str:
    """Session ARNs carry the role name without its path (ID-03, ID-04)."""
    return f"arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}"


def federated_user_arn(account: str, name: str) -> str:
    return f"arn:aws:sts::{account}:federated-user/{name}"
