"""Shape validation of STS parameters, reported as AWS reports it (ER-02, ER-03).

Every violated constraint becomes one message; they are joined into one ValidationError
`N validation errors detected: ...; ...`. Field names are lower camel case as in AWS.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rolesim.core.sts.errors import StsError

SESSION_NAME_PATTERN = r"[\w+=,.@-]*"
EXTERNAL_ID_PATTERN = r"[\w+=,.@:\/-]*"
SERIAL_PATTERN = r"[\w+=/:,.@-]*"
TAG_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"
TAG_VALUE_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*"
POLICY_PATTERN = r"[\u0009\u000A\u000D\u0020-\u00FF]+"

_SESSION_NAME = re.compile(r"[\w+=,.@-]*", re.ASCII)
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]*", re.ASCII)
_POLICY_CHARS = re.compile(r"[\t\n\r\u0020-\u00ff]*")


def _tag_char_ok(ch: str) -> bool:
    """`\\p{L}\\p{Z}\\p{N}` plus `_.:/=+-@` (AR-10)."""
    if ch in "_.:/=+-@":
        return True
    category = unicodedata.category(ch)
    return category[0] in ("L", "Z", "N")


def tag_text_ok(text: str) -> bool:
    return all(_tag_char_ok(ch) for ch in text)


@dataclass
class Validator:
    """Collects constraint violations, then raises them together."""

    problems: list[str] = field(default_factory=list)

    def _fail(self, value: object, where: str, constraint: str) -> None:
        self.problems.append(
            f"Value '{value}' at '{where}' failed to satisfy constraint: {constraint}"
        )

    def length(self, value: str, where: str, low: int, high: int | None) -> bool:
        if len(value) < low:
            self._fail(value, where, f"Member must have length greater than or equal to {low}")
            return False
        if high is not None and len(value) > high:
            self._fail(value, where, f"Member must have length less than or equal to {high}")
            return False
        return True

    def pattern(self, value: str, where: str, regex: re.Pattern[str], shown: str) -> bool:
        if regex.fullmatch(value) is None:
            self._fail(
                value, where, f"Member must satisfy regular expression pattern: {shown}"
            )
            return False
        return True

    def number(self, value: int, where: str, low: int, high: int) -> bool:
        if value < low:
            self._fail(value, where, f"Member must have value greater than or equal to {low}")
            return False
        if value > high:
            self._fail(value, where, f"Member must have value less than or equal to {high}")
            return False
        return True

    def count(self, items: Sequence[object], where: str, high: int) -> bool:
        if len(items) > high:
            shown = "[" + ", ".join(str(i) for i in items) + "]"
            self._fail(shown, where, f"Member must have length less than or equal to {high}")
            return False
        return True

    def session_name(self, value: str, where: str = "roleSessionName") -> None:
        """AR-02: 2..64 of `[\\w+=,.@-]`."""
        self.length(value, where, 2, 64)
        self.pattern(value, where, _SESSION_NAME, SESSION_NAME_PATTERN)

    def role_arn(self, value: str, where: str = "roleArn") -> None:
        """AR-01: 20..2048 characters."""
        self.length(value, where, 20, 2048)

    def duration(self, value: int | None, where: str, low: int, high: int) -> None:
        if value is not None:
            self.number(value, where, low, high)

    def external_id(self, value: str | None) -> None:
        """AR-07: 2..1224 of `[\\w+=,.@:/-]`."""
        if value is None:
            return
        self.length(value, "externalId", 2, 1224)
        self.pattern(value, "externalId", _EXTERNAL_ID, EXTERNAL_ID_PATTERN)

    def source_identity(self, value: str | None, where: str = "sourceIdentity") -> None:
        """AR-09: 2..64 of `[\\w+=,.@-]`, not starting with `aws:`."""
        if value is None:
            return
        self.length(value, where, 2, 64)
        self.pattern(value, where, _SESSION_NAME, SESSION_NAME_PATTERN)
        if value.lower().startswith("aws:"):
            self._fail(value, where, "Member must not start with 'aws:'")

    def tags(self, tags: Mapping[str, str] | None, where: str = "tags") -> None:
        """AR-10: at most 50; key 1..128, value 0..256, in the tag character set."""
        if not tags:
            return
        self.count(list(tags), where, 50)
        for number, (key, value) in enumerate(tags.items(), start=1):
            key_at = f"{where}.{number}.member.key"
            value_at = f"{where}.{number}.member.value"
            if self.length(key, key_at, 1, 128) and not tag_text_ok(key):
                self._fail(key, key_at, f"Member must satisfy regular expression pattern: "
                           f"{TAG_PATTERN}")
            if self.length(value, value_at, 0, 256) and not tag_text_ok(value):
                self._fail(value, value_at, f"Member must satisfy regular expression pattern: "
                           f"{TAG_VALUE_PATTERN}")

    def transitive_keys(self, keys: Sequence[str]) -> None:
        """AR-11: at most 50 keys, tag-key shape."""
        self.count(list(keys), "transitiveTagKeys", 50)
        for number, key in enumerate(keys, start=1):
            where = f"transitiveTagKeys.{number}.member"
            if self.length(key, where, 1, 128) and not tag_text_ok(key):
                self._fail(key, where, f"Member must satisfy regular expression pattern: "
                           f"{TAG_PATTERN}")

    def policy_text(self, text: str | None, where: str = "policy") -> None:
        """AR-12: at most 2,048 characters of tab, LF, CR and U+0020..U+00FF."""
        if text is None:
            return
        if self.length(text, where, 1, 2048):
            self.pattern(text, where, _POLICY_CHARS, POLICY_PATTERN)

    def policy_arns(self, arns: Sequence[str], where: str = "policyArns") -> None:
        """AR-12: at most 10 managed session policies, each ARN 20..2048 characters."""
        self.count(list(arns), where, 10)
        for number, arn in enumerate(arns, start=1):
            self.length(arn, f"{where}.{number}.member.arn", 20, 2048)

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        count = len(self.problems)
        noun = "validation error" if count == 1 else "validation errors"
        raise StsError("ValidationError", f"{count} {noun} detected: " + "; ".join(self.problems))
