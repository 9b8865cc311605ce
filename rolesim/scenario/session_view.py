"""The `identity` and `session` objects of the JSON report (scenario format, `rolesim run`).

Kept apart from report.py so the runner can compare `expect_session` without building reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rolesim.core.clock import format_time
from rolesim.core.sts.session import Session


def _time(value: datetime | None) -> str | None:
    return None if value is None else format_time(value)


def identity_json(session: Session) -> dict[str, Any]:
    """Who signed in: `arn`, `account`, `user_id`, `type` (aws:PrincipalType, ID-12)."""
    caller = session.caller
    return {"arn": caller.arn, "account": caller.account, "user_id": caller.user_id,
            "type": str(caller.type)}


def session_json(session: Session) -> dict[str, Any]:
    """Every field `expect_session` may name; times RFC 3339 UTC with `Z`."""
    return {
        "arn": session.arn,
        "account": session.account,
        "user_id": session.user_id,
        "issued": _time(session.issued),
        "expiration": _time(session.expiration),
        "session_tags": dict(session.session_tags),
        "principal_tags": {tag.key: tag.value for tag in session.principal_tags},
        "transitive_tag_keys": list(session.transitive_tag_keys),
        "source_identity": session.source_identity,
        "chained": session.chained,
        "mfa": session.mfa,
        "depth": session.depth,
    }


def session_mismatches(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """The `expect_session` fields that differ from the report, one sentence each."""
    out: list[str] = []
    for key, want in expected.items():
        got = actual.get(key)
        if isinstance(want, datetime):
            want = format_time(want)
        elif key == "expiration" or key == "issued":
            want = _normalise_time(want)
        if key == "transitive_tag_keys" and isinstance(want, list) and isinstance(got, list):
            same = sorted(want) == sorted(got)
        else:
            same = want == got
        if not same:
            out.append(f"expected session {key} {_show(want)}, got {_show(got)}")
    return out


def _normalise_time(value: Any) -> Any:
    if isinstance(value, str):
        from rolesim.core.clock import parse_time

        try:
            return format_time(parse_time(value))
        except ValueError:
            return value
    return value


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
