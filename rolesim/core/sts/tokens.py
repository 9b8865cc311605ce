"""GetSessionToken (GST-01..GST-05) and GetFederationToken (GFT-01..GFT-06)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rolesim.core.arn import federated_user_arn
from rolesim.core.context import call_context
from rolesim.core.decision import Outcome
from rolesim.core.request import AuthzRequest, PrincipalType
from rolesim.core.requests import GetFederationToken, GetSessionToken
from rolesim.core.sts import chain, choices, permissions, session_policies
from rolesim.core.sts import tags as tagging
from rolesim.core.sts.documents import policy_text
from rolesim.core.sts.errors import StsError, denial_suffix, not_authorized
from rolesim.core.sts.identities import federated_caller
from rolesim.core.sts.session import Session, SessionKind, TagOrigin
from rolesim.core.sts.validation import Validator
from rolesim.core.world import World

USER_MAX = 129_600
USER_DEFAULT = 43_200
ROOT_MAX = 3_600
LONG_TERM_KINDS = (SessionKind.USER, SessionKind.ROOT)


def _session_credentials_refused(operation: str) -> StsError:
    """AR-19, GFT-01, GST-01: only long-term credentials may call these."""
    return StsError("AccessDenied", f"Cannot call {operation} with session credentials")


def _duration(requested: int | None, root: bool) -> int:
    """GST-01/GFT-03: a root caller's request over 1 hour is silently cut to 1 hour."""
    if root:
        return min(requested if requested is not None else ROOT_MAX, ROOT_MAX)
    return requested if requested is not None else USER_DEFAULT


def get_session_token(world: World, now: datetime, caller_session: Session,
                      request: GetSessionToken) -> Session:
    """STS GetSessionToken with a user's (or root's) long-term credentials."""
    duration, mfa = request.duration, request.mfa
    check = Validator()
    check.duration(duration, "durationSeconds", 900, USER_MAX)
    check.raise_if_any()
    if caller_session.kind not in LONG_TERM_KINDS:
        raise _session_credentials_refused("GetSessionToken")
    if mfa and not chain.has_mfa_device(world, caller_session):
        raise StsError("AccessDenied", "MultiFactorAuthentication failed, unable to validate "
                       "MFA code")  # GST-02
    root = caller_session.caller.type is PrincipalType.ACCOUNT
    seconds = _duration(duration, root)
    return Session(  # GST-03: no permission needed, no policies, no tags
        kind=SessionKind.SESSION_TOKEN,
        caller=caller_session.caller,
        issued=now,
        expiration=now + timedelta(seconds=seconds),
        user_arn=caller_session.user_arn,
        principal_tags=caller_session.principal_tags,
        mfa=mfa,
        mfa_time=now if mfa else None,
        parent=caller_session,
    )


def get_federation_token(world: World, now: datetime, caller_session: Session,
                         request: GetFederationToken) -> Session:
    """STS GetFederationToken with a user's (or root's) long-term credentials."""
    name, duration, policy = request.name, request.duration, request.policy
    policy_arns, tags = tuple(request.policy_arns), request.tags
    check = Validator()
    check.session_name(name, "name")
    if len(name) > 32:
        check.length(name, "name", 2, 32)  # GFT-02
    check.duration(duration, "durationSeconds", 900, USER_MAX)
    check.policy_text(policy_text(policy) if policy is not None else None)
    check.policy_arns(list(policy_arns))
    check.tags(tags)
    check.raise_if_any()
    if caller_session.kind not in LONG_TERM_KINDS:
        raise _session_credentials_refused("GetFederationToken")  # GFT-01, AR-19
    caller = caller_session.caller
    passed = dict(tags or {})
    tagging.check_request(passed, (), {})
    policies = session_policies.resolve(world, caller.account, policy, policy_arns)
    percent = session_policies.check_packed(policy, policy_arns, passed)
    resource = federated_user_arn(caller.account, name)
    actions = ["sts:GetFederationToken"] + (["sts:TagSession"] if passed else [])
    for action in actions:
        org = world.organization_of(caller.account, choices.DEFAULT_ORG_ID)
        ctx = call_context(caller_session, now, resource_tags=None,
                           resource_account=caller.account, principal_org=org,
                           resource_org=org)
        if passed:
            ctx["aws:tagkeys"] = tuple(passed)
            ctx.update({f"aws:requesttag/{k.lower()}": v for k, v in passed.items()})
        authz = AuthzRequest(caller=caller,
                             policies=permissions.caller_policies(world, caller_session),
                             action=action, resource=resource,
                             resource_account=caller.account, context=ctx)
        from rolesim.core.evaluator import decide

        decision = decide(authz)
        if not decision.allowed:
            error = not_authorized(caller.arn, action, resource,
                                   denial_suffix(decision, action))
            error.decision = decision
            raise error
    user = world.users.get(caller_session.user_arn or "")
    state = tagging.build(user.tags if user else {}, passed, (), {},
                                 own_origin=TagOrigin.USER_TAG)
    seconds = _duration(duration, caller.type is PrincipalType.ACCOUNT)
    return Session(
        kind=SessionKind.FEDERATED_USER,
        caller=federated_caller(caller.account, name, user),
        issued=now,
        expiration=now + timedelta(seconds=seconds),
        user_arn=caller_session.user_arn,
        session_name=name,
        session_tags=state.session_tags,
        principal_tags=state.principal_tags,
        session_policies=policies if policies is not None else (),  # GFT-04
        parent=caller_session,
        packed_policy_size=percent,
    )


LIMITED_KINDS = frozenset({SessionKind.FEDERATED_USER, SessionKind.SESSION_TOKEN})
"""The credentials `refused_by_credential_kind` may refuse: callers skip it for the rest."""


def refused_by_credential_kind(session: Session, action: str) -> str | None:
    """Calls some temporary credentials can never make, whatever the policies say:
    GetFederationToken credentials call no IAM and no STS API but GetCallerIdentity (GFT-05);
    GetSessionToken credentials call IAM only with MFA and STS only for AssumeRole and
    GetCallerIdentity (GST-04)."""
    if session.kind is not SessionKind.FEDERATED_USER and (
            session.kind is not SessionKind.SESSION_TOKEN):
        return None  # the common case, decided before any string work
    service = action.split(":", 1)[0].lower()
    lowered = action.lower()
    if session.kind is SessionKind.FEDERATED_USER and service in ("iam", "sts"):
        return (f"Credentials from GetFederationToken cannot call {action} (GFT-05): "
                f"{Outcome.IMPLICIT_DENY}")
    if session.kind is SessionKind.SESSION_TOKEN:
        if service == "iam" and not session.mfa:
            return f"GetSessionToken credentials without MFA cannot call {action} (GST-04)"
        if service == "sts" and lowered not in ("sts:assumerole", "sts:getcalleridentity"):
            return f"GetSessionToken credentials cannot call {action} (GST-04)"
    return None
