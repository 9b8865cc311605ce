# ruff: noqa: E501  (TOML test data reads best on one line)
"""World changes made by the caller (`by = "caller"`) and the new steps of issue #15.

Each step is an API request authorized by the evaluator on the real action and resource, as a
`call` is. Every test has its negative: the same world with one permission removed gives
AccessDenied and leaves the world as it was. Actions and condition keys are AWS's:
iam:PassRole with iam:PassedToService (SVC-02), no cross-account pass (SVC-03), at most five
policy versions (QT-03), two access keys and ten groups per user (QT-07), a service-linked
role is unmodifiable (SLR-02), policy changes are felt at once (EV-16).
"""

from __future__ import annotations

import json

import pytest

from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.report import step_json
from rolesim.scenario.runner import Replay, replay

ACCOUNT = "111111111111"
DEV = f"arn:aws:iam::{ACCOUNT}:user/dev"
OPS = f"arn:aws:iam::{ACCOUNT}:user/ops"
ADMIN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/admin"
APP_ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
PROFILE = f"arn:aws:iam::{ACCOUNT}:instance-profile/admin"
ADMINS = f"arn:aws:iam::{ACCOUNT}:group/admins"
SHARED = f"arn:aws:iam::{ACCOUNT}:policy/Shared"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
FUNCTION = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:worker"
ALLOW_ALL = '{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] }'


def world(statements: list[dict[str, object]], scps: str = "") -> str:
    """dev's permissions are `statements`; the rest of the world is fixed."""
    dev_policy = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return f'''format = 1
title = "caller steps"

[[accounts]]
id = "{ACCOUNT}"
{scps}

[[policies]]
arn = "{SHARED}"
document = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }}] }}

[[groups]]
arn = "{ADMINS}"
policies = ["{ADMIN_POLICY}"]

[[users]]
arn = "{DEV}"
policies = ["{SHARED}"]
inline = {{ dev = {json.dumps(dev_policy)} }}

[[users]]
arn = "{OPS}"

[[roles]]
arn = "{ADMIN_ROLE}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = ["ec2.amazonaws.com", "lambda.amazonaws.com"] }}, Action = "sts:AssumeRole" }}] }}
policies = ["{ADMIN_POLICY}"]

[[roles]]
arn = "{APP_ROLE}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{ACCOUNT}:root" }}, Action = "sts:AssumeRole" }}] }}

[[instance_profiles]]
arn = "{PROFILE}"
role = "{ADMIN_ROLE}"

[[steps]]
do = "sign-in"
principal = "{DEV}"
'''


def allow(*actions: str, condition: dict[str, object] | None = None) -> dict[str, object]:
    statement: dict[str, object] = {"Effect": "Allow", "Action": list(actions), "Resource": "*"}
    if condition:
        statement["Condition"] = condition
    return statement


def run(text: str, *steps: str) -> Replay:
    return replay(load_scenario_text(text + "".join(steps), "t.toml"))


def step(do: str, **keys: object) -> str:
    lines = [f'\n[[steps]]\ndo = "{do}"']
    for key, value in keys.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, str) and value.startswith("{"):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def last(result: Replay) -> tuple[str, list[str]]:
    final = result.results[-1]
    return final.outcome, final.explanation


# ----------------------------------------------------------------- the existing changes, by caller


def test_update_trust_by_caller_is_iam_update_assume_role_policy() -> None:
    change = step("update-trust", by="caller", role=APP_ROLE, trust=ALLOW_ALL.replace('Action = "*", Resource = "*"', f'Principal = {{ AWS = "{DEV}" }}, Action = "sts:AssumeRole"'))
    done = run(world([allow("iam:UpdateAssumeRolePolicy")]), change)
    outcome, why = last(done)
    assert outcome == "ok"
    assert DEV in str(done.world.roles[APP_ROLE].trust.raw)
    assert any("iam:UpdateAssumeRolePolicy on " + APP_ROLE in line for line in why)
    assert any("Statement[0]" in line for line in why)  # the deciding statement
    refused = run(world([allow("iam:GetRole")]), change)
    outcome, why = last(refused)
    assert outcome == "AccessDenied"
    assert DEV not in str(refused.world.roles[APP_ROLE].trust.raw)  # nothing changed
    assert "not authorized to perform: iam:UpdateAssumeRolePolicy" in why[0]


def test_the_default_is_still_the_trainer_and_needs_no_permission() -> None:
    done = run(world([]), step("attach-policy", principal=DEV, policy=ADMIN_POLICY, expect="ok"))
    assert done.passed and ADMIN_POLICY in done.world.users[DEV].policies


def test_attach_policy_carries_iam_policy_arn_in_the_context() -> None:
    only_read = allow("iam:AttachUserPolicy", condition={"ArnEquals": {"iam:PolicyARN": READ_ONLY}})
    done = run(world([only_read]), step("attach-policy", by="caller", principal=DEV, policy=READ_ONLY))
    assert last(done)[0] == "ok" and READ_ONLY in done.world.users[DEV].policies
    refused = run(world([only_read]), step("attach-policy", by="caller", principal=DEV, policy=ADMIN_POLICY, expect="denied"))
    assert refused.passed  # "denied" is met by AccessDenied on a caller's change
    assert ADMIN_POLICY not in refused.world.users[DEV].policies
    assert any("iam:PolicyARN = " + ADMIN_POLICY in line for line in last(refused)[1])


def test_attach_to_a_role_is_iam_attach_role_policy() -> None:
    change = step("attach-policy", by="caller", principal=APP_ROLE, policy=ADMIN_POLICY)
    assert last(run(world([allow("iam:AttachRolePolicy")]), change))[0] == "ok"
    assert last(run(world([allow("iam:AttachUserPolicy")]), change))[0] == "AccessDenied"


def test_put_and_delete_policy_by_caller() -> None:
    put = step("put-policy", by="caller", principal=DEV, name="mine", document=ALLOW_ALL)
    done = run(world([allow("iam:PutUserPolicy")]), put, step("call", action="s3:ListAllMyBuckets", expect="allowed"))
    assert done.passed and "mine" in done.world.users[DEV].inline
    refused = run(world([allow("iam:PutRolePolicy")]), put)
    assert last(refused)[0] == "AccessDenied" and "mine" not in refused.world.users[DEV].inline
    delete = step("delete-policy", by="caller", principal=DEV, name="dev")
    assert last(run(world([allow("iam:DeleteUserPolicy")]), delete))[0] == "ok"
    assert last(run(world([allow("iam:PutUserPolicy")]), delete))[0] == "AccessDenied"


def test_boundary_put_and_delete_are_their_own_actions() -> None:
    put = step("set-boundary", by="caller", principal=OPS, policy=READ_ONLY)
    with_key = allow("iam:PutUserPermissionsBoundary", condition={"ArnEquals": {"iam:PermissionsBoundary": READ_ONLY}})
    done = run(world([with_key]), put)
    assert last(done)[0] == "ok" and done.world.users[OPS].boundary == READ_ONLY
    removal = step("set-boundary", by="caller", principal=OPS, policy="")
    refused = run(world([with_key]), put, removal)
    assert last(refused)[0] == "AccessDenied" and refused.world.users[OPS].boundary == READ_ONLY
    assert last(run(world([with_key, allow("iam:DeleteUserPermissionsBoundary")]), put, removal))[0] == "ok"


def test_revoke_sessions_by_caller_is_put_role_policy() -> None:
    change = step("revoke-sessions", by="caller", role=APP_ROLE)
    done = run(world([allow("iam:PutRolePolicy")]), change)
    assert "AWSRevokeOlderSessions" in done.world.roles[APP_ROLE].inline
    refused = run(world([allow("iam:PutUserPolicy")]), change)
    assert last(refused)[0] == "AccessDenied" and not refused.world.roles[APP_ROLE].inline


def test_recreate_by_caller_needs_delete_and_create() -> None:
    before = build_world(load_scenario_text(world([]), "t.toml")).roles[APP_ROLE].unique_id
    change = step("recreate", by="caller", principal=APP_ROLE)
    done = run(world([allow("iam:DeleteRole", "iam:CreateRole")]), change)
    assert done.world.roles[APP_ROLE].unique_id != before  # ID-09
    refused = run(world([allow("iam:DeleteRole")]), change)
    outcome, why = last(refused)
    assert outcome == "AccessDenied" and "iam:CreateRole" in why[0]
    assert refused.world.roles[APP_ROLE].unique_id == before


def test_an_scp_deny_refuses_a_callers_change() -> None:
    scp = f'scps = [{ALLOW_ALL}, {{ Version = "2012-10-17", Statement = [{{ Effect = "Deny", Action = "iam:AttachUserPolicy", Resource = "*" }}] }}]'
    refused = run(world([allow("iam:*")], scps=scp), step("attach-policy", by="caller", principal=DEV, policy=ADMIN_POLICY))
    outcome, why = last(refused)
    assert outcome == "AccessDenied" and "explicit deny in a service control policy" in why[0]
    assert ADMIN_POLICY not in refused.world.users[DEV].policies


def test_a_boundary_limits_the_callers_change() -> None:
    text = world([allow("iam:*")]).replace(f'policies = ["{SHARED}"]', f'policies = ["{SHARED}"]\nboundary = "{READ_ONLY}"', 1)
    refused = run(text, step("put-policy", by="caller", principal=DEV, name="x", document=ALLOW_ALL))
    assert last(refused)[0] == "AccessDenied" and "x" not in refused.world.users[DEV].inline


# ------------------------------------------------------------------------------ credentials


def test_create_access_key_then_sign_in_with_it() -> None:
    sign_in = step("sign-in", principal=OPS, using="access-key")
    done = run(world([allow("iam:CreateAccessKey")]), step("create-access-key", user=OPS), sign_in)
    assert [r.outcome for r in done.results] == ["ok", "ok", "ok"]
    refused = run(world([allow("iam:CreateLoginProfile")]), step("create-access-key", user=OPS), sign_in)
    assert [r.outcome for r in refused.results[1:]] == ["AccessDenied", "InvalidClientTokenId"]
    assert not refused.world.users[OPS].access_key


def test_create_access_key_defaults_to_the_callers_user_and_stops_at_two_qt07() -> None:
    key = step("create-access-key")
    done = run(world([allow("iam:CreateAccessKey")]), key, key, key)
    assert [r.outcome for r in done.results[1:]] == ["ok", "ok", "LimitExceeded"]
    assert done.world.users[DEV].access_key


def test_login_profiles() -> None:
    create = step("create-login-profile", user=OPS)
    update = step("update-login-profile", user=OPS)
    sign_in = step("sign-in", principal=OPS, using="password")
    done = run(world([allow("iam:CreateLoginProfile", "iam:UpdateLoginProfile")]), update, create, create, update, sign_in)
    assert [r.outcome for r in done.results[1:]] == ["NoSuchEntity", "ok", "EntityAlreadyExists", "ok", "ok"]
    refused = run(world([allow("iam:UpdateLoginProfile")]), create, sign_in)
    assert [r.outcome for r in refused.results[1:]] == ["AccessDenied", "AccessDenied"]
    assert "no console password" in " ".join(refused.results[-1].explanation)


# ----------------------------------------------------------------------------------- groups


def test_add_user_to_group_gives_the_groups_policies_at_once() -> None:
    join = step("add-user-to-group", user=DEV, group=ADMINS)
    probe = step("call", action="s3:ListAllMyBuckets")
    done = run(world([allow("iam:AddUserToGroup")]), join, probe)
    assert [r.outcome for r in done.results[1:]] == ["ok", "allowed"]  # EV-16
    refused = run(world([allow("iam:RemoveUserFromGroup")]), join, probe)
    assert [r.outcome for r in refused.results[1:]] == ["AccessDenied", "implicitDeny"]


def test_remove_user_from_group() -> None:
    text = world([allow("iam:RemoveUserFromGroup")]).replace(f'arn = "{OPS}"', f'arn = "{OPS}"\ngroups = ["{ADMINS}"]')
    leave = step("remove-user-from-group", user=OPS, group=ADMINS)
    done = run(text, leave, leave)
    assert [r.outcome for r in done.results[1:]] == ["ok", "NoSuchEntity"]
    refused = run(text.replace("iam:RemoveUserFromGroup", "iam:AddUserToGroup"), leave)
    assert last(refused)[0] == "AccessDenied" and refused.world.users[OPS].groups == [ADMINS]


# -------------------------------------------------------------------------- policy versions


def test_create_policy_version_on_an_attached_policy_escalates() -> None:
    new = step("create-policy-version", policy=SHARED, document=ALLOW_ALL, set_as_default=True)
    probe = step("call", action="s3:ListAllMyBuckets")
    done = run(world([allow("iam:CreatePolicyVersion")]), probe, new, probe)
    assert [r.outcome for r in done.results[1:]] == ["implicitDeny", "ok", "allowed"]
    assert done.world.policies[SHARED].default_version == "v2"
    refused = run(world([allow("iam:SetDefaultPolicyVersion")]), new, probe)
    assert [r.outcome for r in refused.results[1:]] == ["AccessDenied", "implicitDeny"]
    assert list(refused.world.policies[SHARED].stored_versions()) == ["v1"]


def test_a_version_not_set_as_default_changes_nothing_until_set_default() -> None:
    new = step("create-policy-version", policy=SHARED, document=ALLOW_ALL)
    probe = step("call", action="s3:ListAllMyBuckets")
    make_default = step("set-default-policy-version", policy=SHARED, version="v2")
    done = run(world([allow("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion")]), new, probe, make_default, probe)
    assert [r.outcome for r in done.results[1:]] == ["ok", "implicitDeny", "ok", "allowed"]
    refused = run(world([allow("iam:CreatePolicyVersion")]), new, make_default, probe)
    assert [r.outcome for r in refused.results[1:]] == ["ok", "AccessDenied", "implicitDeny"]
    assert refused.world.policies[SHARED].default_version == "v1"


def test_at_most_five_versions_qt03_and_unknown_versions() -> None:
    new = step("create-policy-version", policy=SHARED, document=ALLOW_ALL)
    done = run(world([allow("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion")]), new, new, new, new, new,
               step("set-default-policy-version", policy=SHARED, version="v9"))
    assert [r.outcome for r in done.results[1:]] == ["ok", "ok", "ok", "ok", "LimitExceeded", "NoSuchEntity"]
    aws_managed = run(world([allow("iam:CreatePolicyVersion")]), step("create-policy-version", policy=ADMIN_POLICY, document=ALLOW_ALL))
    assert last(aws_managed)[0] == "InvalidInput"


# ------------------------------------------------------------------------------ EC2, Lambda


PASS_TO_EC2 = allow("iam:PassRole", condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}})
PASS_TO_LAMBDA = allow("iam:PassRole", condition={"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}})


def test_run_instance_needs_run_instances_and_pass_role_to_ec2_svc02() -> None:
    launch = step("run-instance", instance_profile=PROFILE, instance_id="i-0abcdef1234567890")
    creds = step("instance-credentials", instance_id="i-0abcdef1234567890")
    done = run(world([allow("ec2:RunInstances"), PASS_TO_EC2]), launch, creds)
    assert [r.outcome for r in done.results[1:]] == ["ok", "ok"]
    assert done.results[-1].stack[-1].role_arn == ADMIN_ROLE
    why = done.results[1].explanation
    assert any("iam:PassRole on " + ADMIN_ROLE + " with iam:PassedToService = ec2.amazonaws.com" in line for line in why)
    refused = run(world([allow("ec2:RunInstances"), PASS_TO_LAMBDA]), launch, creds)
    outcome, why = refused.results[1].outcome, refused.results[1].explanation
    assert outcome == "AccessDenied" and "iam:PassRole" in why[0]
    assert not refused.world.instances
    assert refused.results[2].outcome == "InvalidInstanceID.NotFound"


def test_run_instance_without_ec2_permission_is_denied() -> None:
    refused = run(world([PASS_TO_EC2]), step("run-instance", instance_profile=PROFILE))
    assert last(refused)[0] == "AccessDenied" and "ec2:RunInstances" in last(refused)[1][0]


def test_create_and_invoke_function_runs_as_its_role() -> None:
    create = step("create-function", function="worker", role=ADMIN_ROLE)
    invoke = step("invoke-function", function="worker")
    probe = step("call", action="iam:CreateUser", resource=f"arn:aws:iam::{ACCOUNT}:user/x")
    done = run(world([allow("lambda:CreateFunction", "lambda:InvokeFunction"), PASS_TO_LAMBDA]), create, invoke, probe)
    assert [r.outcome for r in done.results[1:]] == ["ok", "ok", "allowed"]
    assert done.world.functions[FUNCTION].role == ADMIN_ROLE
    assert done.results[2].session is not None and done.results[2].session.role_arn == ADMIN_ROLE
    refused = run(world([allow("lambda:CreateFunction", "lambda:InvokeFunction"), PASS_TO_EC2]), create, invoke)
    assert [r.outcome for r in refused.results[1:]] == ["AccessDenied", "ResourceNotFoundException"]
    assert not refused.world.functions


def test_invoke_needs_lambda_invoke_function() -> None:
    text = world([allow("lambda:CreateFunction"), PASS_TO_LAMBDA])
    refused = run(text, step("create-function", function="worker", role=ADMIN_ROLE), step("invoke-function", function=FUNCTION))
    assert last(refused)[0] == "AccessDenied"
    assert refused.results[-1].stack[-1].arn == DEV  # the stack is as it was


def test_create_function_with_a_role_lambda_cannot_assume() -> None:
    done = run(world([allow("lambda:CreateFunction", "iam:PassRole")]), step("create-function", function="worker", role=APP_ROLE))
    assert last(done)[0] == "InvalidParameterValueException" and not done.world.functions


def test_update_function_code() -> None:
    text = world([allow("lambda:UpdateFunctionCode")]) + f'\n[[functions]]\narn = "{FUNCTION}"\nrole = "{ADMIN_ROLE}"\n'
    change = step("update-function-code", function="worker")
    done = run(text, change)
    assert last(done)[0] == "ok" and done.world.functions[FUNCTION].code_by == DEV
    refused = run(text.replace("lambda:UpdateFunctionCode", "lambda:InvokeFunction"), change)
    assert last(refused)[0] == "AccessDenied" and refused.world.functions[FUNCTION].code_by is None


def test_pass_role_says_whether_the_service_is_trusted() -> None:
    glue = step("pass-role", role=ADMIN_ROLE, service="glue.amazonaws.com")
    ec2 = step("pass-role", role=ADMIN_ROLE, service="ec2.amazonaws.com")
    done = run(world([allow("iam:PassRole")]), glue, ec2)
    assert [r.outcome for r in done.results[1:]] == ["ok", "ok"]
    assert "does not let glue.amazonaws.com" in " ".join(done.results[1].explanation)
    assert "lets ec2.amazonaws.com" in " ".join(done.results[2].explanation)
    refused = run(world([PASS_TO_EC2]), glue)
    assert last(refused)[0] == "AccessDenied"


def test_pass_role_of_another_account_is_refused_svc03() -> None:
    other = "arn:aws:iam::222222222222:role/x"
    refused = run(world([allow("iam:PassRole")]), step("pass-role", role=other, service="ec2.amazonaws.com"))
    outcome, why = last(refused)
    assert outcome == "AccessDenied" and any("SVC-03" in line for line in why)


def test_new_steps_by_the_trainer_need_no_permission() -> None:
    done = run(world([]), step("add-user-to-group", by="trainer", user=DEV, group=ADMINS, expect="ok"),
               step("run-instance", by="trainer", instance_profile=PROFILE, expect="ok"))
    assert done.passed and done.world.users[DEV].groups == [ADMINS]


def test_a_callers_change_with_expired_credentials_is_expired_token() -> None:
    text = world([allow("sts:AssumeRole", "iam:*")]).replace(
        f'Principal = {{ AWS = "arn:aws:iam::{ACCOUNT}:root" }}', f'Principal = {{ AWS = "{DEV}" }}')
    done = run(text, step("assume-role", role=APP_ROLE, session_name="sess", duration=900),
               step("advance", hours=1), step("create-access-key", user=OPS))
    assert last(done)[0] == "ExpiredToken" and not done.world.users[OPS].access_key


def test_the_json_report_shows_a_callers_change_as_a_decision() -> None:
    done = run(world([allow("iam:CreateAccessKey")]), step("create-access-key", user=OPS))
    entry = step_json(done.results[-1])
    assert entry["outcome"] == "ok"
    assert any("iam:CreateAccessKey on " + OPS in line for line in entry["explanation"])
    assert any("Statement[0]" in line for line in entry["explanation"])


@pytest.mark.parametrize("using", ["access-key", "password"])
def test_sign_in_with_a_credential_the_world_gives(using: str) -> None:
    key = "access_key" if using == "access-key" else "login_profile"
    text = world([]).replace(f'arn = "{OPS}"', f'arn = "{OPS}"\n{key} = true')
    assert last(run(text, step("sign-in", principal=OPS, using=using)))[0] == "ok"
