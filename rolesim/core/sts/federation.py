"""AssumeRoleWithWebIdentity (OIDC-01..OIDC-09) and AssumeRoleWithSAML (SAML-01..SAML-10).

Neither needs AWS credentials: the identity provider vouches for the caller, the trust
policy must name the provider as a `Federated` principal. On success the stack restarts
with the new session.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from rolesim.core.arn import Arn
from rolesim.core.clock import format_time, parse_time
from rolesim.core.context import normalise_value, web_identity_keys
from rolesim.core.request import CallerPolicies, ContextValue
from rolesim.core.requests import AssumeRoleWithSaml, AssumeRoleWithWebIdentity
from rolesim.core.sts import chain, choices, session_policies, tags, trust
from rolesim.core.sts.assume import validate_role_arn
from rolesim.core.sts.documents import PolicyInput, policy_text
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.grant import Duration, SessionGrant
from rolesim.core.sts.identities import federation_caller, role_caller
from rolesim.core.sts.missing_role import no_such_role
from rolesim.core.sts.session import Session, SessionKind
from rolesim.core.sts.validation import Validator
from rolesim.core.world import Role, World

SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"
GOOGLE = "accounts.google.com"
BUILT_IN_PROVIDERS = (GOOGLE, "cognito-identity.amazonaws.com", "www.amazon.com",
                      "graph.facebook.com")
"""Web identity providers a trust policy names without an IAM OIDC provider (OIDC-03)."""
SAML_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/"
TAGS_CLAIM = "https://aws.amazon.com/tags"
SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"
SAML_SESSION_NAME = re.compile(r"[a-zA-Z_0-9+=,.@-]{2,64}")
BAD_SAML_SESSION_NAME = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"


def _bare_issuer(issuer: str) -> str:
    return issuer.removeprefix("https://").rstrip("/")


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _check_expiry(now: datetime, when: object, what: str) -> None:
    if when is None:
        return
    end = when if isinstance(when, datetime) else parse_time(str(when))
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    if now >= end:
        if what == "token":
            raise StsError("ExpiredTokenException", f"Token expired: current date/time "
                           f"{format_time(now)} must be before the expiration date/time "
                           f"{format_time(end)}")  # OIDC-07
        raise StsError("ExpiredTokenException", f"The SAML assertion is not valid at or after "
                       f"its NotOnOrAfter {format_time(end)} (now {format_time(now)})")


def _validate(role_arn: str, session_name: str | None, duration: int | None,
              policy: PolicyInput | None, policy_arns: Sequence[str]) -> Validator:
    check = Validator()
    check.role_arn(role_arn)
    if session_name is not None:
        check.session_name(session_name)
    check.duration(duration, "durationSeconds", 900, 43200)
    check.policy_text(policy_text(policy) if policy is not None else None)
    check.policy_arns(list(policy_arns))
    return check


def _finish(
    world: World, now: datetime, *, kind: SessionKind, role: Role, session_name: str,
    provider_arn: str,
    subject: str, context: dict[str, ContextValue], action: str, passed: dict[str, str],
    transitive: Sequence[str], source: str | None, duration: int | None,
    policy: PolicyInput | None, policy_arns: Sequence[str],
) -> Session:
    """Shared tail: session policies, packed size, trust, duration, the new session."""
    policies = session_policies.resolve(world, role.account, policy, policy_arns)
    state = tags.build(role.tags, passed, transitive, {})
    packed = session_policies.check_packed(policy, policy_arns, state.session_tags)
    context.update(trust.request_tag_keys(passed, transitive))
    if source is not None:
        context["sts:sourceidentity"] = source
    context["aws:federatedprovider"] = provider_arn  # CK-15
    caller = federation_caller(provider_arn, role.account, subject)
    actions = [action]
    if passed:
        actions.append(trust.TAG_SESSION)  # TAG-03
    if source is not None:
        actions.append(trust.SET_SOURCE_IDENTITY)  # SI-02
    decisions = trust.authorize(trust.TrustCheck(caller, CallerPolicies(), role, context),
                                actions, federated=True)
    seconds = chain.role_session_duration(duration, False, role.max_session_duration)
    grant = SessionGrant(
        actions=tuple(actions), decisions=tuple(decisions), caller_arn=caller.arn,
        caller_account=role.account, role_arn=role.arn, role_account=role.account,
        duration=Duration(seconds, duration, role.max_session_duration, False),
        role_tags=dict(role.tags), federated=True,
    )
    return Session(
        kind=kind,
        caller=role_caller(role, session_name),
        issued=now,
        expiration=now + timedelta(seconds=seconds),
        role_arn=role.arn,
        session_name=session_name,
        session_tags=state.session_tags,
        transitive_tag_keys=state.transitive_tag_keys,
        principal_tags=state.principal_tags,
        source_identity=source,
        session_policies=policies,
        provider_arn=provider_arn,
        packed_policy_size=packed,
        grant=grant,
    )


def _role_or_denied(world: World, role_arn: str, action: str) -> Role:
    role = world.roles.get(role_arn)
    if role is None:
        raise StsError("AccessDenied", f"Not authorized to perform {action}").because(
            *no_such_role(world, role_arn))  # AR-18
    return role


def assume_role_with_web_identity(world: World, now: datetime,
                                  request: AssumeRoleWithWebIdentity) -> Session:
    """STS AssumeRoleWithWebIdentity: needs no credentials, only the token."""
    role_arn, session_name, issuer = request.role, request.session_name, request.issuer
    claims, duration, policy = request.claims, request.duration, request.policy
    policy_arns = tuple(request.policy_arns)
    tag_claim = claims.get(TAGS_CLAIM)
    tag_doc: Mapping[str, object] = tag_claim if isinstance(tag_claim, Mapping) else {}
    raw_tags = tag_doc.get("principal_tags", {})
    passed = {str(k): (_as_list(v) or [""])[0]
              for k, v in (raw_tags.items() if isinstance(raw_tags, Mapping) else ())}
    transitive = _as_list(tag_doc.get("transitive_tag_keys"))
    source_claim = claims.get(SOURCE_IDENTITY_CLAIM)
    source = str(source_claim) if source_claim is not None else None
    check = _validate(role_arn, session_name, duration, policy, policy_arns)
    check.tags(passed)
    check.transitive_keys(transitive)
    check.source_identity(source)
    check.raise_if_any()
    account = validate_role_arn(role_arn).account
    iss = _bare_issuer(issuer)
    if iss in BUILT_IN_PROVIDERS:  # OIDC-03: no IAM provider needed
        provider_arn = iss
        _check_expiry(now, claims.get("exp"), "token")
    else:
        provider_arn = f"arn:aws:iam::{account}:oidc-provider/{iss}"
        provider = world.providers.get(provider_arn)
        if provider is None or provider.kind != "oidc":
            raise StsError("InvalidIdentityToken",
                           f"No OpenIDConnect provider found in your account for https://{iss}")
        _check_expiry(now, claims.get("exp"), "token")
        audiences = _as_list(claims.get("aud"))
        accepted = provider.audiences or ([] if choices.EMPTY_AUDIENCE_LIST_ACCEPTS_NOTHING
                                          else audiences)
        if not any(aud in accepted for aud in audiences):
            raise StsError("InvalidIdentityToken", "Incorrect token audience")  # OIDC-06
    tags.check_request(passed, transitive, {})
    role = _role_or_denied(world, role_arn, trust.WITH_WEB_IDENTITY)
    context = trust.base_trust_context(now, role, session_name, role.tags)
    context.update(web_identity_keys(iss, claims))  # OIDC-04
    if iss == GOOGLE:  # OIDC-04: :aud is azp when set, :oaud the token's aud
        if "azp" in claims:
            context[f"{GOOGLE}:aud"] = str(claims["azp"])
        if "aud" in claims:
            context[f"{GOOGLE}:oaud"] = normalise_value(claims["aud"])
    session = _finish(
        world, now, kind=SessionKind.WEB_IDENTITY, role=role, session_name=session_name,
        provider_arn=provider_arn, subject=str(claims.get("sub", "")), context=context,
        action=trust.WITH_WEB_IDENTITY, passed=passed, transitive=transitive, source=source,
        duration=duration, policy=policy, policy_arns=policy_arns,
    )
    session.web_identity_claims = dict(claims)
    return session


def _attribute(attributes: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    """SAML attribute values; attribute names are case-sensitive (SAML-02)."""
    return _as_list(attributes.get(SAML_ATTRIBUTE + name))


def saml_keys(
    provider: str, subject: str, audience: str, issuer: str,
    attributes: Mapping[str, str | Sequence[str]],
) -> dict[str, ContextValue]:
    """saml:* keys (SAML-05, SAML-06); saml:aud is the Recipient (`audience`)."""
    parsed = Arn.parse(provider)
    name = parsed.name
    qualifier = base64.b64encode(
        hashlib.sha1(f"{issuer}{parsed.account}/{name}".encode()).digest()
    ).decode()
    out: dict[str, ContextValue] = {
        "saml:aud": audience,
        "saml:sub": subject,
        "saml:sub_type": choices.DEFAULT_SAML_SUBJECT_TYPE,
        "saml:iss": issuer,
        "saml:namequalifier": qualifier,
        "saml:doc": f"{parsed.account}/{name}",
    }
    for key, value in attributes.items():
        if key.startswith(SAML_ATTRIBUTE):
            continue
        out[f"saml:{key}".lower()] = normalise_value(value)
    return out


def assume_role_with_saml(world: World, now: datetime, request: AssumeRoleWithSaml,
                          issuer: str | None = None) -> Session:
    """STS AssumeRoleWithSAML: needs no credentials, only the assertion."""
    role_arn, provider_arn, subject = request.role, request.provider, request.subject
    attributes, audience = request.attributes, request.audience
    not_on_or_after, duration = request.not_on_or_after, request.duration
    policy, policy_arns = request.policy, tuple(request.policy_arns)
    passed = {
        key[len(SAML_ATTRIBUTE + "PrincipalTag:"):]: (_as_list(value) or [""])[0]
        for key, value in attributes.items()
        if key.startswith(SAML_ATTRIBUTE + "PrincipalTag:")
    }
    transitive = _attribute(attributes, "TransitiveTagKeys")
    sources = _attribute(attributes, "SourceIdentity")
    source = sources[0] if sources else None
    check = _validate(role_arn, None, duration, policy, policy_arns)
    check.length(provider_arn, "principalArn", 20, 2048)
    check.tags(passed)
    check.transitive_keys(transitive)
    check.source_identity(source)
    check.raise_if_any()
    validate_role_arn(role_arn)
    provider = world.providers.get(provider_arn)
    if provider is None or provider.kind != "saml":
        raise StsError(choices.UNKNOWN_SAML_PROVIDER_ERROR,
                       f"The SAML provider {provider_arn} does not exist in the account")
    _check_expiry(now, not_on_or_after, "assertion")
    names = _attribute(attributes, "RoleSessionName")
    session_name = names[0] if names else ""
    if SAML_SESSION_NAME.fullmatch(session_name) is None:
        raise StsError("InvalidIdentityToken", BAD_SAML_SESSION_NAME)  # SAML-02
    tags.check_request(passed, transitive, {})
    role = _role_or_denied(world, role_arn, trust.WITH_SAML)
    pairs = _attribute(attributes, "Role")
    if pairs and not any({p.strip() for p in pair.split(",")} == {role_arn, provider_arn}
                         for pair in pairs):
        raise StsError("AccessDenied", f"Not authorized to perform {trust.WITH_SAML}")  # SAML-03
    limit = _attribute(attributes, "SessionDuration")
    requested = duration
    if limit and limit[0].isdigit():  # SAML-04: in the API it can only shorten
        requested = min(duration if duration is not None else chain.DEFAULT_DURATION,
                        int(limit[0]))
    context = trust.base_trust_context(now, role, session_name, role.tags)
    context.update(saml_keys(provider_arn, subject, audience, issuer or provider.issuer,
                             attributes))
    session = _finish(
        world, now, kind=SessionKind.SAML, role=role, session_name=session_name,
        provider_arn=provider_arn, subject=subject, context=context, action=trust.WITH_SAML,
        passed=passed, transitive=transitive, source=source, duration=requested,
        policy=policy, policy_arns=policy_arns,
    )
    session.saml_attributes = {k: tuple(_as_list(v)) for k, v in attributes.items()}
    return session
