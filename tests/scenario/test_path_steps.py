"""A path as scenario steps (issue 15): `path_steps` writes each technique as the requests it
makes; appended to the world's file, the steps replay with every expectation met.

What each technique's steps must be is AWS's behaviour, cited per case: the requests an
attacker makes for that technique (fact IDs where the fact sheet has them, else the AWS API
page) and the credentials they give.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import Graph, find_paths, reach
from rolesim.core.clock import DEFAULT_START
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.path_steps import PathStepsError, path_steps
from rolesim.scenario.runner import replay

A = "111111111111"
ME = f"arn:aws:iam::{A}:user/mallory"
VICTIM = f"arn:aws:iam::{A}:user/victim"
ADMIN_ROLE = f"arn:aws:iam::{A}:role/Admin"
WEAK = f"arn:aws:iam::{A}:role/Weak"
PROFILE = f"arn:aws:iam::{A}:instance-profile/AdminProfile"
INSTANCE = "i-0abc1234def567890"
INSTANCE_ARN = f"arn:aws:ec2:us-east-1:{A}:instance/{INSTANCE}"
FUNCTION = f"arn:aws:lambda:us-east-1:{A}:function:nightly"
GROUP = f"arn:aws:iam::{A}:group/Admins"
MINE = f"arn:aws:iam::{A}:policy/Mine"
ADMIN_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
EVERYTHING = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions: str | list[str], resource: str | list[str] = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def trust(principal: dict[str, str], **condition: Any) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal,
                                 "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def data(me: list[dict[str, Any]], *, service: str | None = None,
         extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Mallory with `me` inline; an Admin role (everything) trusted by `service` (else by the
    account); a user `victim` who is admin."""
    principal = {"Service": service} if service else {"AWS": f"arn:aws:iam::{A}:root"}
    out: dict[str, Any] = {
        "format": 1, "title": "path steps", "accounts": [{"id": A, "name": "prod"}],
        "users": [{"arn": ME, "inline": {"mine": doc(*me)}},
                  {"arn": VICTIM, "inline": {"all": doc(EVERYTHING)}}],
        "roles": [{"arn": ADMIN_ROLE, "trust": trust(principal),
                   "inline": {"all": doc(EVERYTHING)}}],
    }
    for key, value in (extra or {}).items():
        out[key] = out.get(key, []) + value
    return out


def steps_of(world_data: dict[str, Any], to: str | None, technique: str) -> list[dict[str, Any]]:
    """The steps of the shortest path (to `to`, else admin) whose hops use `technique`."""
    world = build_world(load_scenario_text(tomli_w.dumps(world_data)))
    graph = Graph(world, DEFAULT_START)
    found = find_paths(world, ME, to, admin_only=to is None, graph=graph)
    chosen = next(p for p in found if technique in [h.technique for h in p.hops])
    return path_steps(world, chosen, reach(graph, ME))


def replays(world_data: dict[str, Any], steps: list[dict[str, Any]]) -> None:
    """The world's file with the steps appended runs with every expectation met."""
    text = tomli_w.dumps({**world_data, "steps": steps})
    result = replay(load_scenario_text(text))
    unmet = [(r.index, r.do, r.outcome, r.unmet) for r in result.results if r.met is not True]
    assert unmet == [], text


def kinds(steps: list[dict[str, Any]]) -> list[str]:
    return [s["do"] for s in steps]


# -- assume-role and SSM ---------------------------------------------------------------------

def test_assume_role_chain_replays_tp09() -> None:
    """Mallory may assume Weak (its trust names the account, her policy allows it: TP-09),
    Weak may assume Admin: sign in, two AssumeRole calls (chaining, CH-01), and the gain, an
    admin action allowed."""
    weak_trust = trust({"AWS": f"arn:aws:iam::{A}:root"})
    world_data = data([allow("sts:AssumeRole", WEAK)], service="ec2.amazonaws.com", extra={
        "roles": [{"arn": WEAK, "trust": weak_trust,
                   "inline": {"hop": doc(allow("sts:AssumeRole", ADMIN_ROLE))}}]})
    world_data["roles"][0]["trust"] = trust({"AWS": WEAK})
    steps = steps_of(world_data, None, "assume-role")
    assert kinds(steps) == ["sign-in", "assume-role", "assume-role", "call"]
    assert [s.get("role") for s in steps[1:3]] == [WEAK, ADMIN_ROLE]
    assert steps[0] == {"do": "sign-in", "principal": ME, "expect": "ok",
                        "note": steps[0]["note"]}
    assert steps[-1]["action"] == "iam:CreateUser" and steps[-1]["expect"] == "allowed"
    assert all(s["expect"] in ("ok", "allowed") and s["note"] for s in steps)
    replays(world_data, steps)


def test_assume_role_external_id_is_written_tp13() -> None:
    """A trust requiring sts:ExternalId (TP-13): the step carries the external id the
    analysis proposed, so AssumeRole succeeds."""
    world_data = data([allow("sts:AssumeRole", ADMIN_ROLE)])
    world_data["roles"][0]["trust"] = trust({"AWS": f"arn:aws:iam::{A}:root"},
                                            StringEquals={"sts:ExternalId": "Unicorn-42"})
    steps = steps_of(world_data, ADMIN_ROLE, "assume-role")
    assert steps[1]["external_id"] == "Unicorn-42"
    replays(world_data, steps)


@pytest.mark.parametrize(("action", "technique", "resources"), [
    ("ssm:SendCommand", "ssm-send-command",
     [INSTANCE_ARN, "arn:aws:ssm:us-east-1::document/AWS-RunShellScript"]),
    ("ssm:StartSession", "ssm-start-session", [INSTANCE_ARN]),
])
def test_ssm_on_an_instance_replays(action: str, technique: str, resources: list[str]) -> None:
    """SendCommand / StartSession on an instance running with Admin's profile, then the
    instance's credentials (SVC-08): the caller acts as Admin."""
    world_data = data([allow(action, resources)], service="ec2.amazonaws.com", extra={
        "instance_profiles": [{"arn": PROFILE, "role": ADMIN_ROLE}],
        "instances": [{"id": INSTANCE, "account": A, "instance_profile": PROFILE}]})
    steps = steps_of(world_data, None, technique)
    assert kinds(steps) == ["sign-in", "call", "instance-credentials", "call"]
    assert steps[1]["action"] == action and steps[1]["resource"] == INSTANCE_ARN
    assert steps[2]["instance_id"] == INSTANCE and technique in steps[2]["note"]
    replays(world_data, steps)


# -- the new step kinds (by = "caller", the new credentials, functions and instances) --------

def test_passrole_ec2_with_a_profile_svc02() -> None:
    """RunInstances with the profile and PassRole for ec2.amazonaws.com (SVC-02), then the
    instance's credentials."""
    world_data = data([allow(["ec2:RunInstances", "iam:PassRole"])],
                      service="ec2.amazonaws.com",
                      extra={"instance_profiles": [{"arn": PROFILE, "role": ADMIN_ROLE}]})
    steps = steps_of(world_data, None, "passrole-ec2")
    assert kinds(steps) == ["sign-in", "run-instance", "instance-credentials", "call"]
    assert steps[1]["instance_profile"] == PROFILE and steps[1]["expect"] == "ok"
    assert "passrole-ec2" in steps[1]["note"]
    replays(world_data, steps)


def test_passrole_lambda_creates_and_invokes() -> None:
    """CreateFunction with the role (PassRole for lambda.amazonaws.com), then InvokeFunction:
    the function runs as the role."""
    world_data = data([allow(["lambda:CreateFunction", "lambda:InvokeFunction",
                              "iam:PassRole"])], service="lambda.amazonaws.com")
    steps = steps_of(world_data, None, "passrole-lambda")
    assert kinds(steps) == ["sign-in", "create-function", "invoke-function", "call"]
    assert steps[1]["role"] == ADMIN_ROLE
    assert steps[1]["function"] == steps[2]["function"] == \
        f"arn:aws:lambda:us-east-1:{A}:function:rolesim-path"
    replays(world_data, steps)


def test_passrole_to_another_service_svc02() -> None:
    """CloudFormation: CreateStack, PassRole to cloudformation.amazonaws.com, and the service's
    session of the role."""
    world_data = data([allow(["cloudformation:CreateStack", "iam:PassRole"])],
                      service="cloudformation.amazonaws.com")
    steps = steps_of(world_data, None, "passrole-cloudformation")
    assert kinds(steps) == ["sign-in", "call", "pass-role", "service-assume-role", "call"]
    assert steps[1]["action"] == "cloudformation:CreateStack"
    assert steps[2] == {"do": "pass-role", "role": ADMIN_ROLE,
                        "service": "cloudformation.amazonaws.com", "expect": "ok",
                        "note": steps[2]["note"]}
    replays(world_data, steps)


def test_update_function_code_then_invoke() -> None:
    """UpdateFunctionCode on a function running as Admin, then InvokeFunction."""
    world_data = data([allow(["lambda:UpdateFunctionCode", "lambda:InvokeFunction"],
                             FUNCTION)], service="lambda.amazonaws.com",
                      extra={"functions": [{"arn": FUNCTION, "role": ADMIN_ROLE}]})
    steps = steps_of(world_data, None, "update-function-code")
    assert kinds(steps) == ["sign-in", "update-function-code", "invoke-function", "call"]
    assert steps[1]["function"] == steps[2]["function"] == FUNCTION
    replays(world_data, steps)


@pytest.mark.parametrize(("action", "technique", "using", "has_password"), [
    ("iam:CreateAccessKey", "create-access-key", "access-key", False),
    ("iam:CreateLoginProfile", "create-login-profile", "password", False),
    ("iam:UpdateLoginProfile", "update-login-profile", "password", True),
])
def test_new_credentials_then_sign_in(action: str, technique: str, using: str,
                                      has_password: bool) -> None:
    """A new key or password for the victim, then signing in with it."""
    world_data = data([allow(action, VICTIM)])
    world_data["users"][1]["login_profile"] = has_password
    steps = steps_of(world_data, VICTIM, technique)
    assert kinds(steps) == ["sign-in", technique, "sign-in", "call"]
    assert steps[1]["user"] == VICTIM
    assert steps[2]["principal"] == VICTIM and steps[2]["using"] == using
    replays(world_data, steps)


def test_update_trust_backdoor_by_the_caller() -> None:
    """UpdateAssumeRolePolicy naming the caller, made by the caller, then AssumeRole."""
    world_data = data([allow("iam:UpdateAssumeRolePolicy", ADMIN_ROLE)],
                      service="ec2.amazonaws.com")
    steps = steps_of(world_data, None, "update-assume-role-policy")
    assert kinds(steps) == ["sign-in", "update-trust", "assume-role", "call"]
    assert steps[1]["by"] == "caller"
    assert json.dumps(steps[1]["trust"]["Statement"][0]["Principal"]) == json.dumps(
        {"AWS": ME})
    replays(world_data, steps)


def test_grants_by_the_caller() -> None:
    """Changes to one's own permissions, each made by the caller (`by = "caller"`):
    AttachUserPolicy with AdministratorAccess, then the gain as oneself."""
    world_data = data([allow("iam:AttachUserPolicy", ME)], service="ec2.amazonaws.com")
    steps = steps_of(world_data, None, "attach-user-policy")
    assert kinds(steps) == ["sign-in", "attach-policy", "call"]
    assert steps[1] == {"do": "attach-policy", "by": "caller", "principal": ME,
                        "policy": ADMIN_ACCESS, "expect": "ok", "note": steps[1]["note"]}
    replays(world_data, steps)


def test_put_role_policy_on_a_reachable_role() -> None:
    """Weak may put a policy on itself: assume Weak, then put-policy on Weak by the caller,
    then the gain as Weak (the role's new policy applies to its existing session)."""
    world_data = data([allow("sts:AssumeRole", WEAK)], service="ec2.amazonaws.com", extra={
        "roles": [{"arn": WEAK, "trust": trust({"AWS": f"arn:aws:iam::{A}:root"}),
                   "inline": {"self": doc(allow("iam:PutRolePolicy", WEAK))}}]})
    steps = steps_of(world_data, None, "put-role-policy")
    assert kinds(steps) == ["sign-in", "assume-role", "put-policy", "call"]
    assert steps[2]["principal"] == WEAK and steps[2]["by"] == "caller"
    assert steps[2]["document"]["Statement"] == [EVERYTHING]
    replays(world_data, steps)


def test_create_policy_version_sets_it_as_default() -> None:
    """CreatePolicyVersion with SetAsDefault on a policy attached to oneself."""
    world_data = data([allow("s3:ListAllMyBuckets")], service="ec2.amazonaws.com", extra={
        "policies": [{"arn": MINE, "document": doc(allow("iam:CreatePolicyVersion", MINE))}]})
    world_data["users"][0]["policies"] = [MINE]
    steps = steps_of(world_data, None, "create-policy-version")
    assert kinds(steps) == ["sign-in", "create-policy-version", "call"]
    assert steps[1]["policy"] == MINE and steps[1]["set_as_default"] is True
    replays(world_data, steps)


def test_set_default_policy_version_names_the_version() -> None:
    """SetDefaultPolicyVersion back to v1, which allows everything."""
    world_data = data([allow("iam:SetDefaultPolicyVersion", MINE)],
                      service="ec2.amazonaws.com", extra={"policies": [{
                          "arn": MINE, "document": doc(allow("s3:ListAllMyBuckets")),
                          "versions": [{"id": "v1", "document": doc(EVERYTHING)}],
                          "default_version": "v2"}]})
    world_data["users"][0]["policies"] = [MINE]
    steps = steps_of(world_data, None, "set-default-policy-version")
    assert kinds(steps) == ["sign-in", "set-default-policy-version", "call"]
    assert steps[1]["policy"] == MINE and steps[1]["version"] == "v1"
    replays(world_data, steps)


def test_add_user_to_group_names_the_group() -> None:
    """AddUserToGroup: the step names the group whose policies allow everything."""
    world_data = data([allow("iam:AddUserToGroup", GROUP)], service="ec2.amazonaws.com",
                      extra={"groups": [{"arn": GROUP, "inline": {"all": doc(EVERYTHING)}}]})
    steps = steps_of(world_data, None, "add-user-to-group")
    assert kinds(steps) == ["sign-in", "add-user-to-group", "call"]
    assert steps[1]["user"] == ME and steps[1]["group"] == GROUP
    replays(world_data, steps)


def test_boundary_removal_is_set_boundary_empty_ev10() -> None:
    """Deleting one's own boundary (EV-10) is `set-boundary` with policy "" by the caller."""
    bound = f"arn:aws:iam::{A}:policy/Bound"
    world_data = data([EVERYTHING], service="ec2.amazonaws.com", extra={"policies": [
        {"arn": bound, "document": doc(allow(["s3:*", "iam:DeleteUserPermissionsBoundary"]))}]})
    world_data["users"][0]["boundary"] = bound
    steps = steps_of(world_data, None, "delete-permissions-boundary")
    assert kinds(steps) == ["sign-in", "set-boundary", "call"]
    assert steps[1]["policy"] == "" and steps[1]["by"] == "caller"
    replays(world_data, steps)


def test_a_path_from_a_role_without_a_way_in_is_refused_in_words() -> None:
    """Steps start by signing in, which only a user does: without a way into the role
    (path_entry, tested in test_path_steps_roles.py) the path is refused."""
    world_data = data([allow("sts:AssumeRole", ADMIN_ROLE)])
    world = build_world(load_scenario_text(tomli_w.dumps(world_data)))
    from rolesim.core.analysis.paths import Path

    with pytest.raises(PathStepsError, match="without a way into the role"):
        path_steps(world, Path(ADMIN_ROLE, ADMIN_ROLE, True, ()))


def test_the_replay_is_authorized_not_assumed() -> None:
    """The caller's change is an API request decided by the evaluator: the same steps replayed
    in the world less Mallory's iam:AttachUserPolicy are refused with AccessDenied (EV-01: no
    Allow, implicit deny), and the gain call that follows is denied too."""
    world_data = data([allow("iam:AttachUserPolicy", ME)], service="ec2.amazonaws.com")
    steps = steps_of(world_data, None, "attach-user-policy")
    world_data["users"][0]["inline"] = {"mine": doc(allow("s3:ListAllMyBuckets"))}
    result = replay(load_scenario_text(tomli_w.dumps({**world_data, "steps": steps})))
    assert [(r.do, r.outcome, r.met) for r in result.results] == [
        ("sign-in", "ok", True), ("attach-policy", "AccessDenied", False),
        ("call", "implicitDeny", False)]
