"""The request context AWS derives for a request (CK-01..CK-16, scenario format).

Keys are stored in lower case (PL-10); single values are strings, multivalued keys tuples.
Everything here is a pure function of the session, the clock and the resource: the STS
layer calls it on every request, so nothing is cached in a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from rolesim.core.arn import Arn
from rolesim.core.clock import format_time
from rolesim.core.request import ContextValue, PrincipalType
from rolesim.core.sts import choices
from rolesim.core.sts.session import Session, SessionKind

WEB_IDENTITY_KEPT_CLAIMS = ("amr", "aud", "id", "sub")
"""Web-identity claims still usable after AssumeRoleWithWebIdentity (CK-16)."""


def normalise_value(value: object) -> ContextValue:
    """A step's context value as the evaluator wants it: bools `"true"`/`"false"`, numbers as
    text, arrays as tuples (an empty array is a present key with an empty set)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(str(normalise_value(v)) for v in value)
    if isinstance(value, datetime):
        return format_time(value)
    return str(value)


def normalise(extra: Mapping[str, object] | None) -> dict[str, ContextValue]:
    """Lower-case keys, normalised values (a string, the common value, is taken as it is)."""
    if not extra:
        return {}
    return {key.lower(): value if type(value) is str else normalise_value(value)
            for key, value in extra.items()}


def time_keys(now: datetime) -> dict[str, ContextValue]:
    """Keys present on every request (CK-10)."""
    return {
        "aws:currenttime": format_time(now),
        "aws:epochtime": str(int(now.timestamp())),
        "aws:securetransport": "true",
        "aws:requestedregion": choices.DEFAULT_REGION,
        "aws:viaawsservice": "false",
    }


def mfa_keys(mfa: bool, temporary: bool, mfa_time: datetime | None, now: datetime) -> dict[
    str, ContextValue
]:
    """CK-08/CK-09: present with temporary credentials (true/false); with long-term
    credentials present only when the sign-in used MFA (scenario format, sign-in)."""
    out: dict[str, ContextValue] = {}
    if temporary or mfa:
        out["aws:multifactorauthpresent"] = "true" if mfa else "false"
    if mfa:
        since = mfa_time or now
        out["aws:multifactorauthage"] = str(max(0, int((now - since).total_seconds())))
    return out


def tag_keys(prefix: str, tags: Mapping[str, str]) -> dict[str, ContextValue]:
    """`aws:PrincipalTag/k` style keys; tag keys match case-insensitively (PL-10)."""
    return {f"{prefix}/{key.lower()}": value for key, value in tags.items()}


def principal_keys(
    session: Session, now: datetime, org_id: str | None = None
) -> dict[str, ContextValue]:
    """What a request signed with this session's credentials carries about its principal.
    `org_id` is the organization of the principal's account, if any (CK-02)."""
    caller = session.caller
    out: dict[str, ContextValue] = {}
    if caller.type is PrincipalType.SERVICE:
        out["aws:principalisawsservice"] = "true"
        if caller.service:
            out["aws:principalservicename"] = caller.service
        return out
    out["aws:principalarn"] = caller.principal_arn  # CK-01
    out["aws:principalaccount"] = caller.account  # CK-02
    out["aws:principaltype"] = str(caller.type)  # ID-12
    out["aws:userid"] = caller.user_id  # ID-11
    out["aws:principalisawsservice"] = "false"  # CK-13
    if org_id:
        out["aws:principalorgid"] = org_id  # CK-02
    if caller.type is PrincipalType.USER:
        out["aws:username"] = Arn.parse(caller.arn).name  # ID-12: IAM users only
    out.update(tag_keys("aws:principaltag", {t.key: t.value for t in session.principal_tags}))
    if session.temporary:
        assert session.issued is not None
        out["aws:tokenissuetime"] = format_time(session.issued)  # CK-07
    out.update(mfa_keys(session.mfa, session.temporary or session.console, session.mfa_time,
                        now))
    if session.source_identity:
        out["aws:sourceidentity"] = session.source_identity  # CK-06, SI-05
    if session.kind in (SessionKind.WEB_IDENTITY, SessionKind.SAML) and session.provider_arn:
        out["aws:federatedprovider"] = session.provider_arn  # CK-15
    if session.kind is SessionKind.WEB_IDENTITY and session.provider_arn:
        out.update(web_identity_keys(issuer_of(session.provider_arn), session.web_identity_claims,
                                     WEB_IDENTITY_KEPT_CLAIMS))
    return out


def issuer_of(provider_arn: str) -> str:
    """`token.actions.githubusercontent.com` from `...:oidc-provider/token.actions...`; a
    built-in provider (`accounts.google.com`) is its own issuer."""
    if not provider_arn.startswith("arn:"):
        return provider_arn
    return Arn.parse(provider_arn).resource.split("/", 1)[1]


def web_identity_keys(
    issuer: str, claims: Mapping[str, object], only: tuple[str, ...] | None = None
) -> dict[str, ContextValue]:
    """`<issuer>:<claim>` keys (OIDC-04). Objects (the AWS tags claim) and time claims are
    not keys."""
    out: dict[str, ContextValue] = {}
    for name, value in claims.items():
        if only is not None and name not in only:
            continue
        if name.startswith("https://") or name in ("exp", "iat", "nbf") or isinstance(value, dict):
            continue
        out[f"{issuer}:{name}".lower()] = normalise_value(value)
    return out


def call_context(
    session: Session,
    now: datetime,
    *,
    resource_tags: Mapping[str, str] | None,
    resource_account: str,
    extra: Mapping[str, object] | None = None,
    principal_org: str | None = None,
    resource_org: str | None = None,
) -> dict[str, ContextValue]:
    """The context of an API call with `session`'s credentials. A key in `extra` (the step's
    context) replaces a derived key of the same name."""
    out = time_keys(now)
    out.update(principal_keys(session, now, principal_org))
    if resource_org:
        out["aws:resourceorgid"] = resource_org
    if resource_tags:
        out.update(tag_keys("aws:resourcetag", resource_tags))
    if resource_account:
        out["aws:resourceaccount"] = resource_account
    out.update(normalise(extra))
    return out
