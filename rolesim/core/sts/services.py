"""Credentials AWS services obtain: EC2 instance profiles (SVC-05..SVC-09) and service roles
assumed on a resource owner's behalf (TP-15, SVC-01)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from rolesim.core.arn import Arn, ArnError
from rolesim.core.context import time_keys
from rolesim.core.request import CallerPolicies, ContextValue
from rolesim.core.sts import choices, trust
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.identities import role_caller, service_caller
from rolesim.core.sts.missing_role import no_such_role
from rolesim.core.sts.session import PrincipalTag, Session, SessionKind, TagOrigin
from rolesim.core.world import Role, World

DEFAULT_INSTANCE_ID = "i-0123456789abcdef0"
EC2 = "ec2.amazonaws.com"
SERVICE_SESSION_DURATION = 3600


def _role_tags(role: Role) -> tuple[PrincipalTag, ...]:
    return tuple(PrincipalTag(k, v, TagOrigin.ROLE_TAG) for k, v in role.tags.items())


def service_trust(
    now: datetime, service: str, role: Role, context: dict[str, ContextValue]
) -> None:
    """The service principal must be trusted (TP-01: explicitly, even in one account)."""
    caller = service_caller(service, role.account)
    context.update(time_keys(now))
    context["aws:principalisawsservice"] = "true"
    context["aws:principalservicename"] = service
    context["aws:resourceaccount"] = role.account
    check = trust.TrustCheck(caller, CallerPolicies(), role, context)
    try:
        trust.authorize(check, [trust.ASSUME_ROLE], federated=True)
    except StsError as error:
        error.message = f"{service} is not authorized to perform: sts:AssumeRole on resource: " \
                        f"{role.arn}"
        raise


def service_trusts(now: datetime, service: str, role: Role) -> bool:
    """Does the role's trust policy let `service` assume it?"""
    try:
        service_trust(now, service, role, {})
    except StsError:
        return False
    return True


def instance_credentials(world: World, now: datetime, profile_arn: str | None,
                         instance_id: str) -> Session:
    """The role session EC2 hands an instance: named after the instance (ID-07), not
    chaining (CH-04), rotated so it never expires within a scenario (SVC-08). Without a
    profile, the one the instance `instance_id` of the world was launched with."""
    if profile_arn is None:
        instance = world.instances.get(instance_id)
        if instance is None:
            raise StsError("InvalidInstanceID.NotFound", f"The instance ID '{instance_id}' "
                           "does not exist")
        profile_arn = instance.instance_profile
    profile = world.instance_profiles.get(profile_arn)
    if profile is None:
        raise StsError("NoSuchEntity", f"Instance Profile {profile_arn} cannot be found.")
    role = world.roles.get(profile.role)
    if role is None:
        raise StsError("NoSuchEntity", f"The role {profile.role} cannot be found.")
    service_trust(now, EC2, role, {})
    return Session(
        kind=SessionKind.INSTANCE_PROFILE,
        caller=role_caller(role, instance_id),
        issued=now,
        expiration=None,
        role_arn=role.arn,
        session_name=instance_id,
        principal_tags=_role_tags(role),
        instance_id=instance_id,
        service=EC2,
    )


def _session_name(service: str, source_arn: str | None) -> str:
    """The name a service gives its session: the source resource's name (a Lambda function
    name), else the service's short name."""
    name = ""
    if source_arn:
        try:
            name = re.split(r"[:/]", Arn.parse(source_arn).resource)[-1]
        except ArnError:
            name = ""
    if not name:
        name = service.split(".", 1)[0]
    name = re.sub(r"[^\w+=,.@-]", "-", name, flags=re.ASCII)[:64]
    return name if len(name) >= 2 else f"{name}-session"


def service_assume_role(
    world: World, now: datetime, service: str, role_arn: str, source_arn: str | None,
    source_account: str | None,
) -> Session:
    """A service assumes a service role, with aws:SourceArn/aws:SourceAccount in the context
    for confused-deputy conditions (TP-15, CK-14)."""
    role = world.roles.get(role_arn)
    if role is None:
        raise StsError("AccessDenied", f"{service} is not authorized to perform: sts:AssumeRole "
                       f"on resource: {role_arn}").because(*no_such_role(world, role_arn))
    context: dict[str, ContextValue] = {}
    if source_arn is not None:
        context["aws:sourcearn"] = source_arn
    if source_account is not None:
        context["aws:sourceaccount"] = source_account
    service_trust(now, service, role, context)
    expiration = (now + timedelta(seconds=SERVICE_SESSION_DURATION)
                  if choices.SERVICE_ROLE_SESSIONS_EXPIRE else None)
    name = _session_name(service, source_arn)
    return Session(
        kind=SessionKind.SERVICE_ROLE,
        caller=role_caller(role, name),
        issued=now,
        expiration=expiration,
        role_arn=role.arn,
        session_name=name,
        principal_tags=_role_tags(role),
        service=service,
    )
