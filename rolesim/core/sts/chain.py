"""Role chaining, durations and MFA carried along a chain (CH-01..CH-05, GST-05, AR-03..AR-05)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rolesim.core.sts import choices
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import Session, SessionKind
from rolesim.core.words import hours
from rolesim.core.world import World

DEFAULT_DURATION = 3600
CHAIN_LIMIT = 3600
CHAIN_MESSAGE = (
    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
    "role chaining."
)
MAX_DURATION_MESSAGE = (
    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
)

_CHAINING_KINDS = {SessionKind.ASSUMED_ROLE, SessionKind.WEB_IDENTITY, SessionKind.SAML,
                   SessionKind.SESSION_TOKEN}


def is_chaining(caller: Session) -> bool:
    """AssumeRole from role-session credentials (CH-01, CH-05) or GetSessionToken credentials
    (GST-05) is chaining; from EC2 instance credentials it is not (CH-04, SVC-09)."""
    if caller.kind is SessionKind.SERVICE_ROLE:
        return choices.SERVICE_ROLE_CALLS_ARE_CHAINING
    return caller.kind in _CHAINING_KINDS


CHAIN_REASON = (
    "Why the cap exists: a chained session is made from temporary credentials, not from a "
    "sign-in. Capping it at 1 hour limits how long credentials derived from temporary "
    "credentials can live: a chain has to go back to STS every hour, and each new hop is "
    "checked against the trust policies as they are then."
)


def role_session_duration(requested: int | None, chained: bool, max_session: int) -> int:
    """AR-03 default 3600; CH-02 1-hour cap in a chain; AR-04 the role's maximum."""
    duration = DEFAULT_DURATION if requested is None else requested
    if chained and duration > CHAIN_LIMIT:
        raise StsError("ValidationError", CHAIN_MESSAGE).because(
            f"DurationSeconds {duration} ({hours(duration)}) was asked for with role-session "
            "credentials, which is role chaining (CH-01). A chained session lasts at most "
            f"1 hour, whatever the role's MaxSessionDuration ({hours(max_session)}) (CH-02).",
            CHAIN_REASON,
            "Ask for 3600 seconds or less, or leave DurationSeconds out (default 1 h, CH-03).")
    if duration > max_session:
        raise StsError("ValidationError", MAX_DURATION_MESSAGE).because(
            f"DurationSeconds {duration} ({hours(duration)}) is more than the role's "
            f"MaxSessionDuration of {hours(max_session)} (AR-04). The role's administrator "
            "sets that maximum (1 to 12 h, AR-05) to bound how long one sign-in into the role "
            "lasts.")
    return duration


def expiration(now: datetime, duration: int, parent: Session | None) -> datetime:
    """Issue time + duration (AR-06); a chained session outlives its parent (choice 24.1)."""
    end = now + timedelta(seconds=duration)
    if choices.CHAINED_SESSION_CAPPED_BY_PARENT and parent is not None and parent.expiration:
        end = min(end, parent.expiration)
    return end


def carried_mfa(caller: Session) -> tuple[bool, datetime | None]:
    """MFA context a new session takes from its caller: always from a user's sign-in or
    GetSessionToken credentials; from a role session per choice 24.2."""
    if not caller.mfa:
        return False, None
    if caller.kind.is_role_session and not choices.MFA_CARRIES_THROUGH_CHAIN:
        return False, None
    return True, caller.mfa_time


def has_mfa_device(world: World, caller: Session) -> bool:
    """Whether the person behind this chain can pass a valid MFA code (AR-08, AR-20)."""
    bottom = caller.chain()[0]
    if bottom.kind is SessionKind.ROOT or (bottom.caller.type == "Account"):
        return choices.ROOT_HAS_MFA_DEVICE
    if bottom.user_arn is not None:
        user = world.users.get(bottom.user_arn)
        return bool(user and user.mfa)
    return True
