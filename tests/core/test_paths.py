"""Attack paths (issue 15): each technique once with the path, once with the same world less
one permission or condition, or with a boundary or SCP added, where the path must disappear.

Expected behaviour is AWS's, cited per test: fact IDs from the fact sheet where it has them,
else the AWS documentation page named in the docstring.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import find_paths
from rolesim.core.world import World
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text

A = "111111111111"
ME = f"arn:aws:iam::{A}:user/mallory"
VICTIM = f"arn:aws:iam::{A}:user/victim"
ADMIN_ROLE = f"arn:aws:iam::{A}:role/Admin"
EVERYTHING = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions: str | list[str], resource: str = "*", **condition: Any) -> dict[str, Any]:
    st: dict[str, Any] = {"Effect": "Allow", "Action": actions, "Resource": resource}
    if condition:
        st["Condition"] = condition
    return st


def trust(**principal: str) -> str:
    return doc({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})


def world(me: list[dict[str, Any]], *, service: str | None = None, boundary: bool = False,
          scp: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> World:
    """Mallory with `me` as her inline policy; an Admin role (everything allowed) trusted by
    `service` (else by the account); a user `victim` who is admin."""
    account: dict[str, Any] = {"id": A, "name": "prod"}
    if scp is not None:
        account["scps"] = [doc(EVERYTHING), doc(scp)]
    mallory: dict[str, Any] = {"arn": ME, "inline": {"mine": doc(*me)}}
    policies = []
    if boundary:
        mallory["boundary"] = f"arn:aws:iam::{A}:policy/Bound"
        policies.append({"arn": f"arn:aws:iam::{A}:policy/Bound",
                         "document": doc(allow(["s3:*"]))})
    principal = {"Service": service} if service else {"AWS": f"arn:aws:iam::{A}:root"}
    data: dict[str, Any] = {
        "format": 1, "title": "paths", "accounts": [account], "policies": policies,
        "users": [mallory, {"arn": VICTIM, "inline": {"all": doc(EVERYTHING)}}],
        "roles": [{"arn": ADMIN_ROLE, "trust": trust(**principal),
                   "inline": {"all": doc(EVERYTHING)}}],
    }
    for key, value in (extra or {}).items():
        data[key] = data.get(key, []) + value if isinstance(value, list) else value
    return build_world(load_scenario_text(tomli_w.dumps(data)))


def techniques(w: World, to: str = ADMIN_ROLE) -> set[str]:
    return {p.hops[-1].technique for p in find_paths(w, ME, to) if p.hops}


# -- sts:AssumeRole ---------------------------------------------------------------------------

def test_assume_role_tp09_needs_identity_allow_and_tp11_boundary_caps_it() -> None:
    """TP-09: a trust naming the account needs the caller's identity allow; TP-11: the
    caller's boundary caps sts:AssumeRole."""
    assume = [allow("sts:AssumeRole", ADMIN_ROLE)]
    found = find_paths(world(assume), ME, admin_only=True)
    assert [p.hops[0].technique for p in found] == ["assume-role"]
    assert found[0].admin and found[0].target == ADMIN_ROLE
    assert find_paths(world([allow("s3:*")]), ME, ADMIN_ROLE) == []
    assert find_paths(world(assume, boundary=True), ME, ADMIN_ROLE) == []


def test_assume_role_mfa_condition_is_a_requirement() -> None:
    """CK (aws:MultiFactorAuthPresent): an Allow conditioned on MFA holds for a user with an
    MFA device, and the hop says it needs MFA; a user without a device has no path."""
    statement = allow("sts:AssumeRole", ADMIN_ROLE,
                      Bool={"aws:MultiFactorAuthPresent": "true"})
    w = world([statement])
    assert find_paths(w, ME, ADMIN_ROLE) == []  # mallory has no MFA device
    w.users[ME].mfa = True
    found = find_paths(w, ME, ADMIN_ROLE)
    assert found and "MFA" in found[0].hops[0].requires


# -- iam:PassRole -----------------------------------------------------------------------------

def test_passrole_ec2_svc02_passed_to_service_condition() -> None:
    """SVC-02: RunInstances with the role needs iam:PassRole, and iam:PassedToService is
    the service being given the role; a PassRole limited to Lambda does not pass to EC2."""
    def me(service: str) -> list[dict[str, Any]]:
        return [allow("ec2:RunInstances"),
                allow("iam:PassRole", ADMIN_ROLE,
                      StringEquals={"iam:PassedToService": service}),
                allow(["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"])]
    assert techniques(world(me("ec2.amazonaws.com"), service="ec2.amazonaws.com")) == {
        "passrole-ec2"}
    assert techniques(world(me("lambda.amazonaws.com"), service="ec2.amazonaws.com")) == set()


def test_passrole_ec2_blocked_by_scp_ev11() -> None:
    """EV-11: an SCP denying ec2:RunInstances takes the path away."""
    me = [allow(["ec2:RunInstances", "iam:PassRole", "iam:CreateInstanceProfile",
                 "iam:AddRoleToInstanceProfile"])]
    assert techniques(world(me, service="ec2.amazonaws.com")) == {"passrole-ec2"}
    deny = {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"}
    assert techniques(world(me, service="ec2.amazonaws.com", scp=deny)) == set()


def test_passrole_ec2_without_a_profile_needs_to_create_one() -> None:
    """SVC-05/SVC-06: with no instance profile holding the role, the caller must create one
    and add the role to it; with one in the world, RunInstances and PassRole suffice."""
    me = [allow(["ec2:RunInstances", "iam:PassRole"])]
    assert techniques(world(me, service="ec2.amazonaws.com")) == set()
    profile = {"instance_profiles": [{"arn": f"arn:aws:iam::{A}:instance-profile/Admin",
                                      "role": ADMIN_ROLE}]}
    assert techniques(world(me, service="ec2.amazonaws.com", extra=profile)) == {
        "passrole-ec2"}


def test_passrole_lambda_tp01_trust_must_name_the_service() -> None:
    """TP-01: the role's trust must allow lambda.amazonaws.com; a role trusting only EC2
    cannot be run by a Lambda function."""
    me = [allow(["lambda:CreateFunction", "lambda:InvokeFunction", "iam:PassRole"])]
    assert techniques(world(me, service="lambda.amazonaws.com")) == {"passrole-lambda"}
    assert techniques(world(me, service="ec2.amazonaws.com")) == set()


@pytest.mark.parametrize(("service", "actions", "technique"), [
    ("cloudformation.amazonaws.com", ["cloudformation:CreateStack"], "passrole-cloudformation"),
    ("glue.amazonaws.com", ["glue:CreateDevEndpoint"], "passrole-glue"),
    ("codebuild.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuild"],
     "passrole-codebuild"),
    ("sagemaker.amazonaws.com", ["sagemaker:CreateTrainingJob"], "passrole-sagemaker"),
    ("ecs-tasks.amazonaws.com", ["ecs:RegisterTaskDefinition", "ecs:RunTask"], "passrole-ecs"),
    ("datapipeline.amazonaws.com", ["datapipeline:CreatePipeline",
                                    "datapipeline:PutPipelineDefinition",
                                    "datapipeline:ActivatePipeline"], "passrole-datapipeline"),
])
def test_passrole_to_services_svc02(service: str, actions: list[str], technique: str) -> None:
    """SVC-02 (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html):
    each service's create call takes the role with iam:PassRole; without the create call
    (the last action removed) there is no path."""
    full = [allow([*actions, "iam:PassRole"])]
    assert techniques(world(full, service=service)) == {technique}
    short = [allow([*actions[:-1], "iam:PassRole"])] if len(actions) > 1 else [
        allow("iam:PassRole")]
    assert techniques(world(short, service=service)) == set()


def test_passrole_svc03_not_across_accounts() -> None:
    """SVC-03: a role of another account cannot be passed."""
    other = "arn:aws:iam::222222222222:role/Admin"
    extra = {"accounts": [{"id": "222222222222"}],
             "roles": [{"arn": other, "trust": trust(Service="lambda.amazonaws.com"),
                        "inline": {"all": doc(EVERYTHING)}}]}
    me = [allow(["lambda:CreateFunction", "lambda:InvokeFunction", "iam:PassRole"])]
    assert techniques(world(me, extra=extra), other) == set()


# -- credentials ------------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "technique"), [
    ("iam:CreateAccessKey", "create-access-key"),
    ("iam:CreateLoginProfile", "create-login-profile"),
    ("iam:UpdateLoginProfile", "update-login-profile"),
])
def test_credentials_for_another_user(action: str, technique: str) -> None:
    """IAM user credentials (https://docs.aws.amazon.com/IAM/latest/UserGuide/
    id_credentials_access-keys.html, id_credentials_passwords_admin-change-user.html): a
    caller allowed to create a key or password for another user can sign in as it. An
    explicit Deny on that user (EV-02) takes the path away. A password is created only for a
    user without one (CreateLoginProfile: EntityAlreadyExists) and updated only for a user
    with one (UpdateLoginProfile: NoSuchEntity), so the victim's `login_profile` decides which
    of the two is an edge."""
    has_password = technique == "update-login-profile"

    def victim(w: World) -> World:
        w.users[VICTIM].login_profile = has_password
        return w

    found = find_paths(victim(world([allow(action, VICTIM)])), ME, admin_only=True)
    assert [(p.target, p.hops[0].technique) for p in found] == [(VICTIM, technique)]
    denied = [allow(action, VICTIM), {"Effect": "Deny", "Action": action, "Resource": VICTIM}]
    assert find_paths(victim(world(denied)), ME, VICTIM) == []
    if technique != "create-access-key":
        wrong = world([allow(action, VICTIM)])
        wrong.users[VICTIM].login_profile = not has_password
        assert find_paths(wrong, ME, VICTIM) == []


# -- running code as a role: Lambda UpdateFunctionCode, SSM on an instance --------------------

FUNCTION = f"arn:aws:lambda:us-east-1:{A}:function:nightly"
PROFILE = f"arn:aws:iam::{A}:instance-profile/AdminProfile"
INSTANCE = "i-0abc1234def567890"
INSTANCE_ARN = f"arn:aws:ec2:us-east-1:{A}:instance/{INSTANCE}"
SSM_DOC = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"


def with_function() -> dict[str, Any]:
    return {"functions": [{"arn": FUNCTION, "role": ADMIN_ROLE}]}


def with_instance() -> dict[str, Any]:
    return {"instance_profiles": [{"arn": PROFILE, "role": ADMIN_ROLE}],
            "instances": [{"id": INSTANCE, "account": A, "instance_profile": PROFILE}]}


def test_update_function_code_runs_as_the_function_role() -> None:
    """lambda:UpdateFunctionCode (https://docs.aws.amazon.com/lambda/latest/api/
    API_UpdateFunctionCode.html) replaces the code of a function that runs as its execution
    role, which Lambda assumes (its trust names lambda.amazonaws.com, TP-01): the caller's
    code acts as the role. Without the permission, or under a boundary that leaves only S3
    (EV-10), the edge is gone."""
    me = [allow(["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], FUNCTION)]
    w = world(me, service="lambda.amazonaws.com", extra=with_function())
    found = [p for p in find_paths(w, ME, ADMIN_ROLE) if p.hops]
    assert [[h.technique for h in p.hops] for p in found] == [["update-function-code"]]
    hop = found[0].hops[0]
    assert hop.actions == ("lambda:UpdateFunctionCode", "lambda:InvokeFunction")
    assert hop.via == FUNCTION and found[0].admin
    invoke_only = [allow("lambda:InvokeFunction", FUNCTION)]
    assert techniques(world(invoke_only, service="lambda.amazonaws.com",
                            extra=with_function())) == set()
    bounded = world(me, service="lambda.amazonaws.com", boundary=True, extra=with_function())
    assert techniques(bounded) == set()


def test_update_function_code_needs_the_role_to_trust_lambda_tp01() -> None:
    """A function whose role does not trust lambda.amazonaws.com gets no credentials
    (TP-01): no edge. Without InvokeFunction the edge stays, waiting for the trigger."""
    me = [allow("lambda:UpdateFunctionCode", FUNCTION)]
    untrusted = world(me, service="ec2.amazonaws.com", extra=with_function())
    assert techniques(untrusted) == set()
    w = world(me, service="lambda.amazonaws.com", extra=with_function())
    (path,) = [p for p in find_paths(w, ME, ADMIN_ROLE) if p.hops]
    assert path.hops[0].actions == ("lambda:UpdateFunctionCode",)
    assert any("trigger" in need for need in path.hops[0].requires)


def test_ssm_send_command_needs_the_instance_and_the_document() -> None:
    """ssm:SendCommand is authorized on the instance and on the document it runs (Service
    Authorization Reference, Systems Manager: SendCommand's resource types); a command
    reads the instance profile role's credentials (SVC-08). Allowed on the instance alone,
    the request is denied: no edge. An explicit Deny on the instance (EV-02) also removes it."""
    both = [allow("ssm:SendCommand", [INSTANCE_ARN, SSM_DOC])]
    w = world(both, service="ec2.amazonaws.com", extra=with_instance())
    assert techniques(w) == {"ssm-send-command"}
    (path,) = [p for p in find_paths(w, ME, ADMIN_ROLE) if p.hops]
    assert path.hops[0].via == INSTANCE
    only_instance = [allow("ssm:SendCommand", INSTANCE_ARN)]
    assert techniques(world(only_instance, service="ec2.amazonaws.com",
                            extra=with_instance())) == set()
    denied = [*both, {"Effect": "Deny", "Action": "ssm:*", "Resource": INSTANCE_ARN}]
    assert techniques(world(denied, service="ec2.amazonaws.com",
                            extra=with_instance())) == set()


def test_ssm_start_session_and_an_scp_ev11() -> None:
    """ssm:StartSession on the instance opens a shell on it; an SCP denying ssm:* (EV-11)
    takes the edge away though the identity policy allows it."""
    me = [allow("ssm:StartSession", INSTANCE_ARN)]
    w = world(me, service="ec2.amazonaws.com", extra=with_instance())
    assert techniques(w) == {"ssm-start-session"}
    scp = {"Effect": "Deny", "Action": "ssm:*", "Resource": "*"}
    assert techniques(world(me, service="ec2.amazonaws.com", scp=scp,
                            extra=with_instance())) == set()


# -- policy changes ---------------------------------------------------------------------------

def test_attach_user_policy_on_itself_is_admin() -> None:
    """iam:AttachUserPolicy on oneself with AdministratorAccess (issue 15's definition of
    admin-equivalent); an iam:PolicyARN condition allowing only ReadOnlyAccess stops it."""
    free = [allow("iam:AttachUserPolicy", ME)]
    found = find_paths(world(free), ME, admin_only=True)
    assert found and found[0].target == ME and found[0].hops[-1].technique == \
        "attach-user-policy"
    capped = [allow("iam:AttachUserPolicy", ME, ArnEquals={
        "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess"})]
    assert find_paths(world(capped), ME, admin_only=True) == []


def test_put_role_policy_on_a_reachable_role() -> None:
    """iam:PutRolePolicy on a role the caller can also assume makes it admin-equivalent; the
    same permission on a role it cannot assume (TP-09, no identity allow) gives nothing."""
    role = f"arn:aws:iam::{A}:role/Weak"
    extra = {"roles": [{"arn": role, "trust": trust(AWS=f"arn:aws:iam::{A}:root")}]}
    both = [allow("iam:PutRolePolicy", role), allow("sts:AssumeRole", role)]
    found = find_paths(world(both, extra=extra), ME, admin_only=True)
    assert [h.technique for h in found[0].hops] == ["assume-role", "put-role-policy"]
    put_only = [allow("iam:PutRolePolicy", role)]
    assert find_paths(world(put_only, extra=extra), ME, admin_only=True) == []


def test_create_policy_version_on_an_attached_policy() -> None:
    """iam:CreatePolicyVersion (https://docs.aws.amazon.com/IAM/latest/APIReference/
    API_CreatePolicyVersion.html) on a policy attached to oneself rewrites one's own
    permissions; on a policy attached to nobody reachable it does not."""
    policy = f"arn:aws:iam::{A}:policy/Mine"
    extra = {"policies": [{"arn": policy, "document": doc(allow("iam:CreatePolicyVersion",
                                                                  policy))}]}
    w = world([allow("s3:ListAllMyBuckets")], extra=extra)
    assert find_paths(w, ME, admin_only=True) == []
    w.users[ME].policies.append(policy)
    found = find_paths(w, ME, admin_only=True)
    assert found and found[0].hops[-1].technique == "create-policy-version"


def test_set_default_policy_version_to_an_older_admin_version() -> None:
    """iam:SetDefaultPolicyVersion (https://docs.aws.amazon.com/IAM/latest/APIReference/
    API_SetDefaultPolicyVersion.html) makes a stored version the one in force: an older
    version allowing everything, of a policy attached to oneself, makes one admin-equivalent.
    Without the permission, or when the older version allows only S3, there is no path."""
    policy = f"arn:aws:iam::{A}:policy/Mine"

    def versioned(old: dict[str, Any]) -> dict[str, Any]:
        return {"policies": [{"arn": policy, "document": doc(allow("s3:ListAllMyBuckets")),
                              "versions": [{"id": "v1", "document": doc(old)}],
                              "default_version": "v2"}]}

    me = [allow("iam:SetDefaultPolicyVersion", policy)]
    w = world(me, extra=versioned(EVERYTHING))
    w.users[ME].policies.append(policy)
    found = find_paths(w, ME, admin_only=True)
    assert found and found[0].hops[-1].technique == "set-default-policy-version"
    assert found[0].hops[-1].via == f"{policy} v1"
    narrow = world(me, extra=versioned(allow("s3:*")))
    narrow.users[ME].policies.append(policy)
    assert find_paths(narrow, ME, admin_only=True) == []
    without = world([allow("s3:ListAllMyBuckets")], extra=versioned(EVERYTHING))
    without.users[ME].policies.append(policy)
    assert find_paths(without, ME, admin_only=True) == []


def test_add_user_to_group_with_admin_policies() -> None:
    """iam:AddUserToGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/
    API_AddUserToGroup.html): joining a group whose policies allow everything makes the user
    admin-equivalent; a group that allows only S3 does not."""
    def groups(document: str) -> dict[str, Any]:
        return {"groups": [{"arn": f"arn:aws:iam::{A}:group/G", "inline": {"p": document}}]}
    me = [allow("iam:AddUserToGroup", f"arn:aws:iam::{A}:group/G")]
    found = find_paths(world(me, extra=groups(doc(EVERYTHING))), ME, admin_only=True)
    assert found and found[0].hops[-1].technique == "add-user-to-group"
    assert find_paths(world(me, extra=groups(doc(allow("s3:*")))), ME, admin_only=True) == []


def test_update_assume_role_policy_backdoor_tp11() -> None:
    """iam:UpdateAssumeRolePolicy then AssumeRole: a trust naming the caller needs no
    identity allow in the same account (TP-09), but the caller's boundary still caps
    sts:AssumeRole (TP-11)."""
    me = [allow("iam:UpdateAssumeRolePolicy", ADMIN_ROLE)]
    assert techniques(world(me, service="ec2.amazonaws.com")) == {"update-assume-role-policy"}
    me_bounded = [allow(["iam:UpdateAssumeRolePolicy"], ADMIN_ROLE)]
    assert techniques(world(me_bounded, service="ec2.amazonaws.com", boundary=True)) == set()


def test_boundary_removal_ev10() -> None:
    """EV-10: a boundary caps AdministratorAccess-like policies; a user that may delete its
    own boundary is admin-equivalent, and an explicit Deny on that (lesson 10) stops it."""
    bound = f"arn:aws:iam::{A}:policy/Bound"
    removable = doc(allow(["s3:*", "iam:DeleteUserPermissionsBoundary"]))
    extra = {"policies": [{"arn": bound, "document": removable}]}
    w = world([EVERYTHING], extra=extra)
    w.users[ME].boundary = bound
    found = find_paths(w, ME, admin_only=True)
    assert [h.technique for h in found[0].hops] == ["delete-permissions-boundary"]
    denied = world([EVERYTHING, {"Effect": "Deny", "Action":
                                 "iam:DeleteUserPermissionsBoundary", "Resource": "*"}],
                   extra=extra)
    denied.users[ME].boundary = bound
    assert find_paths(denied, ME, admin_only=True) == []


def test_fresh_session_admin_and_read_only_is_not() -> None:
    """Admin-equivalent: allowed every action of the sample on `*` (docs/paths.md); a user
    allowed everything but IAM (PowerUserAccess's shape) is not."""
    everything = world([EVERYTHING], service="ec2.amazonaws.com")
    assert [p.target for p in find_paths(everything, ME, admin_only=True)] == [ME]
    power = [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]
    assert find_paths(world(power, service="ec2.amazonaws.com"), ME, admin_only=True) == []
