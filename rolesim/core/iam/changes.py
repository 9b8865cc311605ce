"""The effect of each world-changing request once it is allowed (or made by the trainer).

Each change checks everything first and only then mutates, so a failed request leaves the world
as it was. Error codes are the ones the AWS API returns for the same mistake (IAM, EC2 and
Lambda API references); quotas from QT-03 and QT-07.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rolesim.core import requests as r
from rolesim.core.iam.checks import EC2, LAMBDA, function_arn
from rolesim.core.policy.model import PolicyType
from rolesim.core.sts import admin, services
from rolesim.core.sts.documents import compact_json, non_whitespace_length, parse
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import Session
from rolesim.core.world import (
    MAX_POLICY_VERSIONS,
    Function,
    Instance,
    ManagedPolicy,
    User,
    World,
)

ACCESS_KEYS_PER_USER = 2  # QT-07
GROUPS_PER_USER = 10  # QT-07
MANAGED_POLICY_LIMIT = 6144  # QT-03
LAMBDA_CANNOT_ASSUME = "The role defined for the function cannot be assumed by Lambda."


@dataclass(frozen=True, slots=True)
class Changed:
    """What a change did: sentences for a learner, and for invoke-function the session the
    function runs with."""

    notes: tuple[str, ...] = ()
    session: Session | None = None


def _name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def _user(world: World, given: str | None, caller: Session | None) -> User:
    arn = given or (caller.user_arn if caller is not None else None)
    if not arn:
        raise StsError("ValidationError", "Must specify userName when calling with non-User "
                       "credentials")
    user = world.users.get(arn)
    if user is None:
        raise StsError("NoSuchEntity", f"The user with name {_name(arn)} cannot be found.")
    return user


def _caller_account(caller: Session | None, fallback: str) -> str:
    return caller.account if caller is not None else fallback


def apply(world: World, now: datetime, caller: Session | None, request: r.WorldRequest) -> Changed:
    """Make the change `request` asks for; StsError (nothing changed) when AWS refuses it."""
    match request:
        case r.RevokeSessions(role=role):
            admin.revoke_sessions(world, role, now)
        case r.UpdateTrust(role=role, trust=trust):
            admin.update_trust(world, role, trust)
        case r.AttachPolicy(principal=p, policy=policy):
            admin.attach_policy(world, p, policy)
        case r.DetachPolicy(principal=p, policy=policy):
            admin.detach_policy(world, p, policy)
        case r.PutPolicy(principal=p, name=name, document=document):
            admin.put_policy(world, p, name, document)
        case r.DeletePolicy(principal=p, name=name):
            admin.delete_policy(world, p, name)
        case r.SetBoundary(principal=p, policy=policy):
            admin.set_boundary(world, p, policy)
        case r.Recreate(principal=p):
            admin.recreate(world, p)
        case _:
            return _NEW[type(request)](world, now, caller, request)
    return Changed()


# --------------------------------------------------------------------------- credentials


def _create_access_key(world: World, now: datetime, caller: Session | None,
                       request: r.CreateAccessKey) -> Changed:
    user = _user(world, request.user, caller)
    held = max(user.access_keys, 1 if user.access_key else 0)
    if held >= ACCESS_KEYS_PER_USER:
        raise StsError("LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: "
                       f"{ACCESS_KEYS_PER_USER}")  # QT-07
    user.access_keys = held + 1
    user.access_key = True
    return Changed((f"{user.arn} now has an access key: whoever holds it signs in as "
                    f"{user.name}, with that user's permissions.",))


def _create_login_profile(world: World, now: datetime, caller: Session | None,
                          request: r.CreateLoginProfile) -> Changed:
    user = _user(world, request.user, caller)
    if user.login_profile:
        raise StsError("EntityAlreadyExists", f"Login Profile for user {user.name} already "
                       "exists.")
    user.login_profile = True
    return Changed((f"{user.arn} now has a console password: whoever set it can sign in to "
                    f"the console as {user.name}.",))


def _update_login_profile(world: World, now: datetime, caller: Session | None,
                          request: r.UpdateLoginProfile) -> Changed:
    user = _user(world, request.user, caller)
    if not user.login_profile:
        raise StsError("NoSuchEntity", f"Login Profile for User {user.name} cannot be found.")
    return Changed((f"The console password of {user.arn} is reset: whoever reset it can sign "
                    f"in as {user.name}.",))


# -------------------------------------------------------------------------------- groups


def _group_and_user(world: World, user_arn: str, group_arn: str) -> tuple[User, str]:
    if group_arn not in world.groups:
        raise StsError("NoSuchEntity", f"The group with name {_name(group_arn)} cannot be "
                       "found.")
    user = world.users.get(user_arn)
    if user is None:
        raise StsError("NoSuchEntity", f"The user with name {_name(user_arn)} cannot be found.")
    return user, group_arn


def _add_user_to_group(world: World, now: datetime, caller: Session | None,
                       request: r.AddUserToGroup) -> Changed:
    user, group = _group_and_user(world, request.user, request.group)
    if group not in user.groups:
        if len(user.groups) >= GROUPS_PER_USER:
            raise StsError("LimitExceeded", f"Cannot exceed quota for GroupsPerUser: "
                           f"{GROUPS_PER_USER}")  # QT-07
        user.groups.append(group)
    return Changed((f"{user.arn} is in {group}: the group's policies now apply to it.",))


def _remove_user_from_group(world: World, now: datetime, caller: Session | None,
                            request: r.RemoveUserFromGroup) -> Changed:
    user, group = _group_and_user(world, request.user, request.group)
    if group not in user.groups:
        raise StsError("NoSuchEntity", f"The user with name {user.name} is not in group "
                       f"{_name(group)}.")
    user.groups.remove(group)
    return Changed((f"{user.arn} is no longer in {group}.",))


# ------------------------------------------------------------------------- policy versions


def _customer_policy(world: World, arn: str) -> ManagedPolicy:
    if arn.startswith("arn:aws:iam::aws:"):
        raise StsError("InvalidInput", f"Policy {arn} is an AWS managed policy: only AWS can "
                       "change it; only a customer managed policy gets new versions.")
    policy = world.policies.get(arn)
    if policy is None:
        raise StsError("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.")
    return policy


def _create_policy_version(world: World, now: datetime, caller: Session | None,
                           request: r.CreatePolicyVersion) -> Changed:
    policy = _customer_policy(world, request.policy)
    document = parse(request.document, PolicyType.IDENTITY)
    size = non_whitespace_length(compact_json(document.raw))
    if size > MANAGED_POLICY_LIMIT:
        raise StsError("LimitExceeded", f"Cannot exceed quota for PolicySize: "
                       f"{MANAGED_POLICY_LIMIT}")  # QT-03
    stored = policy.stored_versions()
    if len(stored) >= MAX_POLICY_VERSIONS:
        raise StsError("LimitExceeded", f"A managed policy can have up to {MAX_POLICY_VERSIONS} "
                       "versions. Before you create a new version, you must delete an existing "
                       "version.")  # QT-03
    version = policy.next_version_id()
    stored[version] = document
    policy.versions = stored
    if request.set_as_default:
        policy.default_version = version
        policy.document = document
        return Changed((f"{request.policy} has a new version {version}, now its default: "
                        "every principal it is attached to gets its permissions at once.",))
    return Changed((f"{request.policy} has a new version {version}; the default is still "
                    f"{policy.default_version}, so nothing it allows has changed yet.",))


def _set_default_policy_version(world: World, now: datetime, caller: Session | None,
                                request: r.SetDefaultPolicyVersion) -> Changed:
    policy = _customer_policy(world, request.policy)
    stored = policy.stored_versions()
    if request.version not in stored:
        raise StsError("NoSuchEntity", f"Policy {request.policy} version {request.version} "
                       "does not exist or is not attachable.")
    policy.versions = stored
    policy.default_version = request.version
    policy.document = stored[request.version]
    return Changed((f"Version {request.version} of {request.policy} is now in force for every "
                    "principal it is attached to.",))


# --------------------------------------------------------------------------- EC2, Lambda


def _run_instance(world: World, now: datetime, caller: Session | None,
                  request: r.RunInstance) -> Changed:
    profile = world.instance_profiles.get(request.instance_profile)
    if profile is None:
        raise StsError("InvalidParameterValue", f"Value ({request.instance_profile}) for "
                       "parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance "
                       "Profile ARN")
    if request.instance_id in world.instances:
        raise StsError("InvalidParameterValue", f"An instance with ID {request.instance_id} "
                       "is already running in this world; give the new one another "
                       "instance_id.")
    account = _caller_account(caller, profile.account)
    world.instances[request.instance_id] = Instance(request.instance_id, account, profile.arn)
    trusted = ""
    role = world.roles.get(profile.role)
    if role is not None and not services.service_trusts(now, EC2, role):
        trusted = (f" But the trust policy of {profile.role} does not let {EC2} assume it, so "
                   "the instance gets no credentials.")
    return Changed((f"Instance {request.instance_id} runs with {profile.arn}: code on it gets "
                    f"sessions of {profile.role} (instance-credentials).{trusted}",))


def _create_function(world: World, now: datetime, caller: Session | None,
                     request: r.CreateFunction) -> Changed:
    role = world.roles.get(request.role)
    account = _caller_account(caller, role.account if role else request.role.split(":")[4])
    arn = function_arn(request.function, account)
    if arn in world.functions:
        raise StsError("ResourceConflictException", f"Function already exist: {_name(arn)}")
    if role is None or not services.service_trusts(now, LAMBDA, role):
        raise StsError("InvalidParameterValueException", LAMBDA_CANNOT_ASSUME).because(
            f"Lambda checks at once that {LAMBDA} may assume the role: its trust policy must "
            "allow it.")
    world.functions[arn] = Function(arn, role.arn)
    return Changed((f"{arn} exists and runs as {role.arn}: whoever can invoke it or change "
                    "its code acts with that role's permissions.",))


def _function(world: World, function: str, caller: Session | None) -> Function:
    if function.startswith("arn:"):
        found = world.functions.get(function)
    elif caller is not None:
        found = world.functions.get(function_arn(function, caller.account))
    else:
        named = [f for f in world.functions.values() if f.name == function]
        found = named[0] if len(named) == 1 else None
    if found is None:
        raise StsError("ResourceNotFoundException", f"Function not found: {function}")
    return found


def _update_function_code(world: World, now: datetime, caller: Session | None,
                          request: r.UpdateFunctionCode) -> Changed:
    function = _function(world, request.function, caller)
    function.code_by = caller.arn if caller is not None else None
    who = caller.arn if caller is not None else "the trainer"
    return Changed((f"{function.arn} now runs code written by {who}, as {function.role}: "
                    "invoking it acts with that role's permissions.",))


def invoke_function(world: World, now: datetime, caller: Session | None,
                    request: r.InvokeFunction) -> Session:
    """The session the function runs with: Lambda assumes its role (the trust policy must
    allow lambda.amazonaws.com), with the function as aws:SourceArn (TP-15)."""
    function = _function(world, request.function, caller)
    return services.service_assume_role(world, now, LAMBDA, function.role, function.arn,
                                        function.account)


def _pass_role(world: World, now: datetime, caller: Session | None,
               request: r.PassRole) -> Changed:
    role = world.roles.get(request.role)
    if role is None:
        raise StsError("NoSuchEntity", f"The role with name {_name(request.role)} cannot be "
                       "found.")
    if services.service_trusts(now, request.service, role):
        return Changed((f"The trust policy of {role.arn} lets {request.service} assume it: the "
                        f"service can now act with the role's permissions.",))
    return Changed((f"The trust policy of {role.arn} does not let {request.service} assume it: "
                    "passing it is allowed, but the service could not use it.",))


_NEW: dict[type, Callable[[World, datetime, Session | None, Any], Changed]] = {
    r.CreateAccessKey: _create_access_key,
    r.CreateLoginProfile: _create_login_profile,
    r.UpdateLoginProfile: _update_login_profile,
    r.AddUserToGroup: _add_user_to_group,
    r.RemoveUserFromGroup: _remove_user_from_group,
    r.CreatePolicyVersion: _create_policy_version,
    r.SetDefaultPolicyVersion: _set_default_policy_version,
    r.RunInstance: _run_instance,
    r.CreateFunction: _create_function,
    r.UpdateFunctionCode: _update_function_code,
    r.PassRole: _pass_role,
}
