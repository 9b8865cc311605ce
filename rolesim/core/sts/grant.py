"""How a role session was granted, kept on the session so every front end can say why.

An AssumeRole* that succeeds has reasons as much as one that fails (RULES: an explanation is
part of every outcome): which decisions allowed each action (AssumeRole, TagSession,
SetSourceIdentity), whose accounts were involved (XA-01, TP-09, TP-10), where the duration
came from (AR-03, AR-04, CH-02) and what happened to the tags (TAG-06, TAG-09..TAG-16).
This is data; `rolesim.core.why` turns it into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolesim.core.decision import Decision


@dataclass(frozen=True, slots=True)
class Duration:
    """The session's lifetime and where it came from.

    `requested` is DurationSeconds as passed (None: not passed, so the default of 1 hour,
    AR-03); `role_max` the role's MaxSessionDuration (AR-04); `chained` whether the 1-hour
    chaining cap applied (CH-02)."""

    seconds: int
    requested: int | None
    role_max: int
    chained: bool


@dataclass(frozen=True, slots=True)
class SessionGrant:
    """Why the session exists: the decision behind each action authorized, in order, and the
    facts an explanation needs. `role_tags` are the role's own IAM tags, to tell which a
    session tag overrode (TAG-06, TAG-13); `dropped_tags` the caller's session tags that were
    not transitive and so did not come along (TAG-16)."""

    actions: tuple[str, ...]
    decisions: tuple[Decision, ...]
    caller_arn: str
    caller_account: str
    role_arn: str
    role_account: str
    duration: Duration
    role_tags: dict[str, str] = field(default_factory=dict)
    dropped_tags: dict[str, str] = field(default_factory=dict)
    federated: bool = False
    boundary: str | None = None
    """The caller's permissions boundary, by name, if it has one (EV-10, TP-11)."""
    scps: int | None = None
    """How many SCPs limit the caller's account; None outside an organization (EV-11)."""

    @property
    def cross_account(self) -> bool:
        return self.caller_account != self.role_account

    @property
    def decision(self) -> Decision | None:
        """The decision on the assume action itself."""
        return self.decisions[0] if self.decisions else None
