"""Callers and sessions for each kind of credentials (ID-03..ID-12)."""

from __future__ import annotations

from datetime import datetime

from rolesim.core.arn import assumed_role_arn, federated_user_arn, root_arn
from rolesim.core.request import Caller, PrincipalType
from rolesim.core.sts.session import PrincipalTag, Session, SessionKind, TagOrigin
from rolesim.core.world import Role, User


def user_caller(user: User) -> Caller:
    """ID-11: an IAM user's userid is its unique ID."""
    return Caller(
        type=PrincipalType.USER,
        arn=user.arn,
        account=user.account,
        user_id=user.unique_id,
        principal_arn=user.arn,
        entity_id=user.unique_id,
        user_arn=user.arn,
    )


def root_caller(account: str) -> Caller:
    """ID-11: the root user's userid is the account ID."""
    arn = root_arn(account)
    return Caller(
        type=PrincipalType.ACCOUNT, arn=arn, account=account, user_id=account, principal_arn=arn
    )


def user_tags(user: User) -> tuple[PrincipalTag, ...]:
    return tuple(PrincipalTag(k, v, TagOrigin.USER_TAG) for k, v in user.tags.items())


def long_term_session(caller: Caller, user: User | None, mfa: bool, now: datetime,
                      console: bool = False) -> Session:
    """Signed-in credentials: no issue time, no expiration (`console`: with a password)."""
    return Session(
        kind=SessionKind.USER if user is not None else SessionKind.ROOT,
        caller=caller,
        user_arn=user.arn if user is not None else None,
        principal_tags=user_tags(user) if user is not None else (),
        mfa=mfa,
        mfa_time=now if mfa else None,
        console=console,
    )


def role_caller(role: Role, session_name: str) -> Caller:
    """ID-03, ID-04 (no path in the session ARN), ID-06 (`<RoleId>:<session name>`).

    A session from SAML/OIDC is an ordinary AWS principal from then on: the provider is kept
    on the session (`Session.provider_arn`, for aws:FederatedProvider), not on the caller, so
    a trust policy's `Federated` principal never matches a later plain AssumeRole."""
    return Caller(
        type=PrincipalType.ASSUMED_ROLE,
        arn=assumed_role_arn(role.account, role.name, session_name),
        account=role.account,
        user_id=f"{role.unique_id}:{session_name}",
        principal_arn=role.arn,
        entity_id=role.unique_id,
        role_arn=role.arn,
    )


def federated_caller(account: str, name: str, user: User | None) -> Caller:
    """ID-05: `arn:aws:sts::A:federated-user/N`, userid `A:N`; aws:PrincipalArn is the
    federated-user ARN (CK-01)."""
    arn = federated_user_arn(account, name)
    return Caller(
        type=PrincipalType.FEDERATED_USER,
        arn=arn,
        account=account,
        user_id=f"{account}:{name}",
        principal_arn=arn,
        entity_id=user.unique_id if user is not None else None,
        user_arn=user.arn if user is not None else None,
    )


def service_caller(service: str, account: str) -> Caller:
    """An AWS service principal acting itself (TP-15)."""
    return Caller(
        type=PrincipalType.SERVICE,
        arn=service,
        account=account,
        user_id=service,
        principal_arn=service,
        service=service,
    )


def federation_caller(provider_arn: str, account: str, subject: str) -> Caller:
    """Who calls AssumeRoleWithWebIdentity/SAML: no AWS principal, only the provider, which
    the trust policy's `Federated` principal names (OIDC-03, SAML-05)."""
    return Caller(
        type=PrincipalType.ANONYMOUS,
        arn=provider_arn,
        account=account,
        user_id=subject,
        principal_arn=provider_arn,
        federated_provider=provider_arn,
    )


def credential_refused(user: User, using: str | None) -> None:
    """`sign-in` with a credential: the user must hold it. A missing access key is refused as
    AWS refuses an unknown key ID; a missing console password as a failed console sign-in."""
    from rolesim.core.sts.errors import StsError

    if using == "access-key" and not user.access_key:
        raise StsError("InvalidClientTokenId", "The security token included in the request is "
                       "invalid.").because(
            f"{user.arn} has no access key (give it access_key = true, or create one with a "
            "create-access-key step), so no request can be signed as it.")
    if using == "password" and not user.login_profile:
        raise StsError("AccessDenied", "Your authentication information is incorrect. Please "
                       "try again.").because(
            f"{user.arn} has no console password (login_profile = true, or a "
            "create-login-profile step gives it one), so nobody can sign in to the console "
            "as it.")
