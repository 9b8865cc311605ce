"""STS AssumeRole (AR-01..AR-20, CH-*, TAG-*, SI-*, TP-*)."""

from __future__ import annotations

from datetime import datetime

from rolesim.core.arn import Arn, ArnError
from rolesim.core.context import mfa_keys, principal_keys
from rolesim.core.policy.model import PolicyType
from rolesim.core.request import PrincipalType
from rolesim.core.requests import AssumeRole
from rolesim.core.sts import chain, choices, permissions, session_policies, tags, trust
from rolesim.core.sts.documents import policy_text
from rolesim.core.sts.errors import StsError, denial_suffix, not_authorized
from rolesim.core.sts.grant import Duration, SessionGrant
from rolesim.core.sts.identities import role_caller
from rolesim.core.sts.missing_role import no_such_role
from rolesim.core.sts.session import Session, SessionKind
from rolesim.core.sts.validation import Validator
from rolesim.core.world import World

ROOT_REFUSED = "Roles may not be assumed by root accounts."
SOURCE_IDENTITY_SET = "The source identity is already set for this assume role session"
MFA_FAILED = "MultiFactorAuthentication failed, unable to validate MFA code"
SELF_TRUST = (
    "A role assuming itself needs its own trust policy to allow it, like any other caller "
    "(CH-07). AWS stopped trusting a role to assume itself implicitly in June 2022 (for roles "
    "that had not done it before) and for every role from 30 June 2023."
)


def validate_role_arn(role_arn: str) -> Arn:
    try:
        parsed = Arn.parse(role_arn)
    except ArnError as exc:
        raise StsError("ValidationError", f"{role_arn} is invalid") from exc
    return parsed


def effective_source_identity(caller: Session | None, passed: str | None) -> str | None:
    """SI-03 sticky; SI-04 a different value is refused; choice 24.3 for the same value."""
    sticky = caller.source_identity if caller is not None else None
    differs = passed != sticky or not choices.SAME_SOURCE_IDENTITY_ACCEPTED
    if passed is not None and sticky is not None and differs:
        raise StsError("ValidationError", SOURCE_IDENTITY_SET)
    return passed if passed is not None else sticky


def assume_role(world: World, now: datetime, caller_session: Session,
                request: AssumeRole) -> Session:
    """STS AssumeRole made with `caller_session`'s credentials: the new session, or StsError."""
    role_arn, session_name = request.role, request.session_name
    duration, external_id = request.duration, request.external_id
    tags_passed, transitive_tag_keys = request.tags, tuple(request.transitive_tag_keys)
    policy, policy_arns = request.policy, tuple(request.policy_arns)
    source_identity, mfa = request.source_identity, request.mfa
    check = Validator()
    check.role_arn(role_arn)
    check.session_name(session_name)
    check.duration(duration, "durationSeconds", 900, 43200)
    check.external_id(external_id)
    check.source_identity(source_identity)
    check.tags(tags_passed)
    check.transitive_keys(list(transitive_tag_keys))
    check.policy_text(policy_text(policy) if policy is not None else None)
    check.policy_arns(list(policy_arns))
    check.raise_if_any()
    parsed = validate_role_arn(role_arn)

    caller = caller_session.caller
    if caller.type is PrincipalType.ACCOUNT:
        raise StsError("AccessDenied", ROOT_REFUSED)  # AR-17
    if caller_session.kind is SessionKind.FEDERATED_USER:  # GFT-05
        raise not_authorized(caller.arn, trust.ASSUME_ROLE, role_arn)

    passed = dict(tags_passed or {})
    inherited = tags.inherited_tags(caller_session)
    tags.check_request(passed, transitive_tag_keys, inherited)
    source = effective_source_identity(caller_session, source_identity)
    policies = session_policies.resolve(world, parsed.account, policy, policy_arns)
    if mfa and not chain.has_mfa_device(world, caller_session):
        raise StsError(choices.MFA_WITHOUT_DEVICE_ERROR, MFA_FAILED)

    role = world.roles.get(role_arn)
    state = tags.build(role.tags if role else {}, passed, transitive_tag_keys, inherited)
    packed = session_policies.check_packed(policy, policy_arns, state.session_tags)
    if role is None:  # AR-18
        raise not_authorized(caller.arn, trust.ASSUME_ROLE, role_arn).because(
            *no_such_role(world, role_arn))

    context = trust.base_trust_context(
        now, role, session_name, tags.resource_tags_for_trust(role.tags, inherited)
    )
    caller_org = world.organization_of(caller.account, choices.DEFAULT_ORG_ID)
    context.update(principal_keys(caller_session, now, caller_org))
    resource_org = world.organization_of(role.account, choices.DEFAULT_ORG_ID)
    if resource_org:
        context["aws:resourceorgid"] = resource_org
    if mfa:
        context.update(mfa_keys(True, True, now, now))
    if external_id is not None:
        context["sts:externalid"] = external_id  # TP-13
    if source is not None:
        context["sts:sourceidentity"] = source  # SI-05
    request_tags = dict(passed)
    request_transitive = list(transitive_tag_keys)
    if choices.INHERITED_TAGS_IN_REQUEST_TAGS:
        request_tags = tags.merge(inherited, passed)
        request_transitive = list(inherited) + request_transitive
    context.update(trust.request_tag_keys(request_tags, request_transitive))

    actions = [trust.ASSUME_ROLE]
    if passed or inherited:
        actions.append(trust.TAG_SESSION)  # TAG-02, TAG-15
    if source is not None:
        actions.append(trust.SET_SOURCE_IDENTITY)  # SI-01, SI-03
    chained = chain.is_chaining(caller_session)
    if not choices.DURATION_CHECKED_AFTER_TRUST:
        chain.role_session_duration(duration, chained, role.max_session_duration)
    caller_policies = permissions.caller_policies(world, caller_session)
    check_trust = trust.TrustCheck(caller, caller_policies, role, context)
    try:
        decisions = trust.authorize(check_trust, actions)
    except StsError as refused:
        if (caller_session.role_arn == role.arn and refused.decision is not None
                and refused.decision.blocked_by is PolicyType.TRUST):
            refused.because(SELF_TRUST)  # only when the trust half refused (CH-07)
        raise
    if chained and source_identity is not None:
        decision = trust.identity_allows(caller, caller_policies, trust.SET_SOURCE_IDENTITY,
                                         role.arn, context)
        if not decision.allowed:  # SI-01: in a chain the caller's identity policy too
            error = not_authorized(caller.arn, trust.SET_SOURCE_IDENTITY, role.arn,
                                   denial_suffix(decision, trust.SET_SOURCE_IDENTITY))
            error.decision = decision
            raise error

    seconds = chain.role_session_duration(duration, chained, role.max_session_duration)
    grant = SessionGrant(
        actions=tuple(actions), decisions=tuple(decisions), caller_arn=caller.arn,
        caller_account=caller.account, role_arn=role.arn, role_account=role.account,
        duration=Duration(seconds, duration, role.max_session_duration, chained),
        role_tags=dict(role.tags), dropped_tags=tags.dropped(caller_session, inherited),
        boundary=caller_policies.boundary.label if caller_policies.boundary else None,
        scps=None if caller_policies.scps is None else len(caller_policies.scps),
    )
    carried, carried_time = chain.carried_mfa(caller_session)
    session = Session(
        kind=SessionKind.ASSUMED_ROLE,
        caller=role_caller(role, session_name),
        issued=now,
        expiration=chain.expiration(now, seconds, caller_session),
        role_arn=role.arn,
        session_name=session_name,
        session_tags=state.session_tags,
        transitive_tag_keys=state.transitive_tag_keys,
        inherited_tag_keys=state.inherited_tag_keys,
        principal_tags=state.principal_tags,
        source_identity=source,
        mfa=mfa or carried,
        mfa_time=now if mfa else carried_time,
        chained=chained,
        session_policies=policies,
        parent=caller_session,
        packed_policy_size=packed,
        grant=grant,
    )
    return session
