"""The evaluator: decides a request exactly as AWS does, and says why (EV-*, XA-*, ORG-*)."""

from __future__ import annotations

from rolesim.core.decision import Decision
from rolesim.core.request import AuthzRequest


def decide(request: AuthzRequest) -> Decision:
    """Decide one request. Never raises on a policy the parser accepted."""
    raise NotImplementedError
