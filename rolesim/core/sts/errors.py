"""STS errors: an AWS error code plus AWS's message (ER-01, ER-05).

The code is the contract (scenario outcomes compare it); the message is best effort.
`unrunnable` marks errors that say the scenario itself cannot be run (a sign-in that names
no one, MFA for a user without a device) rather than an outcome AWS would give.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from rolesim.core.decision import Decision
    from rolesim.core.sts.session import Session


class StsError(Exception):
    """An STS or IAM call failed with an AWS error code."""

    def __init__(self, code: str, message: str, *, unrunnable: bool = False) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.unrunnable = unrunnable
        self.decision: Decision | None = None
        """The evaluator's decision behind an AccessDenied, for explanations."""
        self.explanation: list[str] = []
        """Sentences for a learner beyond AWS's message: the key at fault, the reason for the
        rule (AWS's message stays AWS's own)."""

    def because(self, *sentences: str) -> StsError:
        """Add learner-facing sentences; returns self, so `raise StsError(...).because(...)`."""
        self.explanation.extend(sentences)
        return self


def not_authorized(caller_arn: str, action: str, resource: str, reason: str = "") -> StsError:
    """AccessDenied in AWS's words (ER-04)."""
    tail = f" {reason}" if reason else ""
    return StsError(
        "AccessDenied",
        f"User: {caller_arn} is not authorized to perform: {action} on resource: {resource}{tail}",
    )


def denial_suffix(decision: Decision, action: str) -> str:
    """AWS's newer reason suffix (ER-04, EV-15): `with an explicit deny in a service control
    policy`, `because no identity-based policy allows the s3:GetObject action`. A trust
    policy that does not allow gets no suffix, as in AWS's AssumeRole message."""
    blocked = decision.blocked_by
    if decision.allowed or blocked is None:
        return ""
    kind = str(blocked)
    article = "an" if kind[0] in "aeiou" else "a"
    if str(decision.outcome) == "explicitDeny":
        return f"with an explicit deny in {article} {kind}"
    if kind == "role trust policy":
        return ""
    return f"because no {kind} allows the {action} action"


def expired_token(session: Session | None = None, now: datetime | None = None) -> StsError:
    """ER-07; with the session, the explanation names it and when it expired."""
    error = StsError("ExpiredToken", "The security token included in the request is expired")
    if session is not None and session.expiration is not None:
        from rolesim.core.clock import format_time

        issued = f", issued {format_time(session.issued)}" if session.issued else ""
        error.because(
            f"The session {session.arn} expired at {format_time(session.expiration)}"
            f"{issued}" + (f"; the clock is now {format_time(now)}." if now else "."),
            "A request signed with expired credentials is refused before any policy is read "
            "(ER-07): assume the role again for new credentials, or exit to the identity "
            "below it.")
    return error


def missing_authentication() -> StsError:
    return StsError(
        "MissingAuthenticationToken",
        "Request is missing Authentication Token (no one has signed in)",
    )
