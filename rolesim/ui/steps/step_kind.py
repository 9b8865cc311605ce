"""The kinds of step (the scenario format's `do`), one line on what each does and its letter:
the first field of the step dialog (a KindSelector) offers them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolesim.scenario.model import StepBase

KIND_HELP: dict[str, str] = {
    "sign-in": "start the stack with a user's or root's long-term credentials",
    "assume-role": "STS AssumeRole with the top credentials",
    "assume-role-with-web-identity": "STS AssumeRoleWithWebIdentity (OIDC token)",
    "assume-role-with-saml": "STS AssumeRoleWithSAML (SAML assertion)",
    "get-session-token": "STS GetSessionToken with a user's credentials",
    "get-federation-token": "STS GetFederationToken: a federated-user session",
    "instance-credentials": "credentials of an EC2 instance profile",
    "service-assume-role": "an AWS service assumes a service role",
    "call": "an API request with the top credentials",
    "advance": "move the simulated clock forward",
    "exit": "leave the top role session",
    "revoke-sessions": "revoke the role's active sessions (REV-02)",
    "update-trust": "replace a role's trust policy",
    "attach-policy": "attach a managed policy",
    "detach-policy": "detach a managed policy",
    "put-policy": "create or replace an inline policy",
    "delete-policy": "delete an inline policy",
    "set-boundary": "set or remove a permissions boundary",
    "recreate": "delete and recreate a user or role (new unique ID)",
    "create-access-key": "give a user an access key (iam:CreateAccessKey)",
    "create-login-profile": "give a user a console password (iam:CreateLoginProfile)",
    "update-login-profile": "reset a user's console password (iam:UpdateLoginProfile)",
    "add-user-to-group": "put a user in a group (iam:AddUserToGroup)",
    "remove-user-from-group": "take a user out of a group (iam:RemoveUserFromGroup)",
    "create-policy-version": "add a version to a managed policy (iam:CreatePolicyVersion)",
    "set-default-policy-version": "put a managed policy version in force",
    "run-instance": "launch an EC2 instance with a profile (needs iam:PassRole)",
    "create-function": "create a Lambda function that runs as a role (needs iam:PassRole)",
    "update-function-code": "replace a Lambda function's code with the caller's",
    "invoke-function": "run a Lambda function: its role's session",
    "pass-role": "pass a role to a service (iam:PassRole)",
}
"""Every kind of step, in the scenario format's order (the order ←/→ and shift+letter go
through: the newer kinds, with no letter of their own, are shift and their first letter)."""


KIND_KEYS: dict[str, str] = {
    "sign-in": "s", "assume-role": "a", "assume-role-with-web-identity": "w",
    "assume-role-with-saml": "m", "get-session-token": "g", "get-federation-token": "f",
    "instance-credentials": "i", "service-assume-role": "v", "call": "c", "advance": "t",
    "exit": "x", "revoke-sessions": "r", "update-trust": "u", "attach-policy": "p",
    "detach-policy": "d", "put-policy": "n", "delete-policy": "l", "set-boundary": "b",
    "recreate": "e",
}
"""One letter picks each of these kinds at once: s sign in, a assume, c call... Every kind
(these too) is also shift and its first letter, pressed until it shows (kind_selector)."""


def step_kinds() -> dict[str, str]:
    """Every kind of step the scenario model knows, with its line of help: a kind added to the
    model appears here with the first line of its class's docstring (or just its name)."""
    from rolesim.scenario.model import STEP_TYPES

    kinds: dict[str, str] = {}
    for kind, model in STEP_TYPES.items():
        doc = (model.__doc__ or "").strip().splitlines()
        kinds[kind] = KIND_HELP.get(kind) or (doc[0].rstrip(".") if doc else kind)
    return kinds


def likely_next_kind(previous: str | None) -> str:
    """The kind a new step most often is after `previous` (None: the first step): sign in
    first, then assume a role, then make calls; otherwise the same kind again."""
    from rolesim.scenario.model import STEP_TYPES

    if previous is None or previous not in STEP_TYPES:
        return "sign-in"
    if previous == "sign-in":
        return "assume-role"
    if STEP_TYPES[previous].pushes_session or previous in ("advance", "call"):
        return "call"
    return previous


def fresh_session_name(steps: Sequence[StepBase]) -> str:
    """A session name no step uses yet (`session-1`, `session-2`...): AWS requires one on every
    AssumeRole (AR-02), and it only needs to be unique enough to tell sessions apart."""
    taken = {getattr(step, "session_name", None) for step in steps}
    number = 1
    while f"session-{number}" in taken:
        number += 1
    return f"session-{number}"
