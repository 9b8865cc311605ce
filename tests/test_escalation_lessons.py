"""Lessons 29..34 (issue 15): `rolesim paths` finds each lesson's escalation in its world, and
the same world with one permission taken away (or a boundary added) has no such path.

The positive checks read the lesson file itself; each negative writes a copy of its world
(steps left out: `paths` reads only the world) with one change, so the test shows which
permission the escalation rests on. The expected techniques follow AWS's rules, not the
analysis's output: PassRole to a service whose trust names it (SVC-01, SVC-02, TP-01),
a trust naming the caller in its own account (TP-09) unless a boundary leaves
`sts:AssumeRole` out (TP-11), identity policy and boundary both allowing (EV-10), and group
policies applying to members (TP-03).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rolesim.cli import main

LESSONS = Path(__file__).resolve().parents[1] / "rolesim" / "lessons"
ACCOUNT = "arn:aws:iam::111111111111"
ADMIN_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"

World = dict[str, Any]


def _paths(capsys: pytest.CaptureFixture[str], path: Path, source: str) -> list[dict[str, Any]]:
    assert main(["paths", str(path), "--from", source, "--admin", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["from"] == source
    paths: list[dict[str, Any]] = report["paths"]
    return paths


def _hops(paths: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(h["from"], h["to"], h["technique"]) for p in paths for h in p["hops"]}


def _world(name: str) -> World:
    with (LESSONS / name).open("rb") as handle:
        data = tomllib.load(handle)
    data.pop("steps", None)
    return data


def _write(tmp_path: Path, world: World) -> Path:
    out = tmp_path / "world.toml"
    out.write_text(tomli_w.dumps(world), encoding="utf-8")
    return out


def _entity(world: World, kind: str, arn: str) -> dict[str, Any]:
    entity: dict[str, Any] = next(e for e in world[kind] if e["arn"] == arn)
    return entity


def _edit_inline(entity: dict[str, Any], name: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Parse an inline policy's JSON text, change it, write it back."""
    document = json.loads(entity["inline"][name])
    edit(document)
    entity["inline"][name] = json.dumps(document)


def _statement(document: dict[str, Any], sid: str) -> dict[str, Any]:
    statement: dict[str, Any] = next(s for s in document["Statement"] if s.get("Sid") == sid)
    return statement


# --- 29: PassRole to EC2 ----------------------------------------------------------------------

L29 = "29-passrole-ec2-escalation.toml"
DANA = f"{ACCOUNT}:user/dana"
OPS_ADMIN = f"{ACCOUNT}:role/OpsAdminRole"


def test_29_dana_becomes_ops_admin_by_passrole_to_ec2_svc02(
        capsys: pytest.CaptureFixture[str]) -> None:
    """RunInstances + PassRole on role/* for ec2.amazonaws.com, and OpsAdminRole's trust names
    EC2 (SVC-01, SVC-02): one passrole-ec2 hop to an admin role."""
    paths = _paths(capsys, LESSONS / L29, DANA)
    assert [(p["to"], p["admin"]) for p in paths] == [(OPS_ADMIN, True)]
    (hop,) = paths[0]["hops"]
    assert hop["technique"] == "passrole-ec2"
    assert hop["actions"] == ["ec2:RunInstances", "iam:PassRole"]


def _29_without_run_instances(world: World) -> None:
    user = _entity(world, "users", DANA)
    _edit_inline(user, "launch-instances",
                 lambda d: d["Statement"].remove(_statement(d, "Launch")))


def _29_passrole_app_roles_only(world: World) -> None:
    user = _entity(world, "users", DANA)
    _edit_inline(user, "launch-instances", lambda d: _statement(d, "PassAnyRoleToEc2").update(
        Resource=f"{ACCOUNT}:role/app/*"))


@pytest.mark.parametrize("change", [_29_without_run_instances, _29_passrole_app_roles_only],
                         ids=["no-RunInstances", "PassRole-app-roles-only"])
def test_29_without_either_permission_there_is_no_path_svc02(
        change: Callable[[World], None], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The escalation needs both halves: launching (ec2:RunInstances) and passing this very
    role (iam:PassRole on its ARN, SVC-02)."""
    world = _world(L29)
    change(world)
    assert _paths(capsys, _write(tmp_path, world), DANA) == []


# --- 30: PassRole to Lambda -------------------------------------------------------------------

L30 = "30-passrole-lambda-escalation.toml"
LEO = f"{ACCOUNT}:user/leo"
DATA_ADMIN = f"{ACCOUNT}:role/DataPlatformAdmin"


def test_30_leo_becomes_data_platform_admin_by_passrole_to_lambda_svc02(
        capsys: pytest.CaptureFixture[str]) -> None:
    """CreateFunction + InvokeFunction + PassRole on role/* for lambda.amazonaws.com, and the
    role trusts Lambda (SVC-01, SVC-02)."""
    paths = _paths(capsys, LESSONS / L30, LEO)
    assert [(p["to"], p["admin"]) for p in paths] == [(DATA_ADMIN, True)]
    assert _hops(paths) == {(LEO, DATA_ADMIN, "passrole-lambda")}


def _30_without_invoke(world: World) -> None:
    user = _entity(world, "users", LEO)
    _edit_inline(user, "build-functions", lambda d: _statement(d, "Functions").update(
        Action=["lambda:CreateFunction", "lambda:UpdateFunctionCode"]))


def _30_passrole_function_roles_only(world: World) -> None:
    user = _entity(world, "users", LEO)
    _edit_inline(user, "build-functions", lambda d: _statement(d, "PassAnyRoleToLambda").update(
        Resource=f"{ACCOUNT}:role/lambda/*"))


@pytest.mark.parametrize("change", [_30_without_invoke, _30_passrole_function_roles_only],
                         ids=["no-InvokeFunction", "PassRole-function-roles-only"])
def test_30_without_either_permission_there_is_no_path_svc02(
        change: Callable[[World], None], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    world = _world(L30)
    change(world)
    assert _paths(capsys, _write(tmp_path, world), LEO) == []


# --- 31: CreatePolicyVersion ------------------------------------------------------------------

L31 = "31-create-policy-version.toml"
ALICE = f"{ACCOUNT}:user/alice"
BOB = f"{ACCOUNT}:user/bob"


def test_31_alice_rewrites_the_policy_of_her_own_group_ev16(
        capsys: pytest.CaptureFixture[str]) -> None:
    """DevTeamPolicy is attached to Developers, Alice's group (TP-03: its policies are hers), and
    she may create a version of it: a change she makes to herself. Bob, in the same group
    without that permission, has no path."""
    paths = _paths(capsys, LESSONS / L31, ALICE)
    assert [(p["to"], p["admin"]) for p in paths] == [(ALICE, True)]
    assert _hops(paths) == {(ALICE, ALICE, "create-policy-version")}
    assert _paths(capsys, LESSONS / L31, BOB) == []


def _31_without_create_policy_version(world: World) -> None:
    user = _entity(world, "users", ALICE)
    read_only = ["iam:GetPolicyVersion", "iam:ListPolicyVersions"]
    _edit_inline(user, "maintain-team-policies",
                 lambda d: _statement(d, "MaintainTeamPolicies").update(Action=read_only))


def _31_policy_not_on_her_group(world: World) -> None:
    _entity(world, "groups", f"{ACCOUNT}:group/Developers")["policies"] = []


def _31_boundary_on_alice(world: World) -> None:
    """The lesson's own first fix, in the world: DeveloperBoundary still allows her the
    team-policy actions, so she can still write the version, but it cannot raise her (EV-10)."""
    _entity(world, "users", ALICE)["boundary"] = f"{ACCOUNT}:policy/DeveloperBoundary"


@pytest.mark.parametrize("change", [_31_without_create_policy_version, _31_policy_not_on_her_group,
                                    _31_boundary_on_alice],
                         ids=["no-CreatePolicyVersion", "policy-not-attached-to-her",
                              "boundary-caps-her-ev10"])
def test_31_without_the_permission_or_the_attachment_there_is_no_path_tp03(
        change: Callable[[World], None], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The escalation needs both: the permission to create a version, and the policy applying
    to Alice through her group (TP-03). A version of a policy attached to nobody she can
    become changes nothing for her."""
    world = _world(L31)
    change(world)
    assert _paths(capsys, _write(tmp_path, world), ALICE) == []


# --- 32: UpdateAssumeRolePolicy ---------------------------------------------------------------

L32 = "32-update-assume-role-policy-backdoor.toml"
SAM = f"{ACCOUNT}:user/sam"
BREAK_GLASS = f"{ACCOUNT}:role/BreakGlassAdmin"


def test_32_sam_rewrites_break_glass_trust_tp09(capsys: pytest.CaptureFixture[str]) -> None:
    """Sam may rewrite BreakGlassAdmin's trust; a same-account trust naming him then needs no
    identity-policy allow on his side (TP-09)."""
    paths = _paths(capsys, LESSONS / L32, SAM)
    assert [(p["to"], p["admin"]) for p in paths] == [(BREAK_GLASS, True)]
    assert _hops(paths) == {(SAM, BREAK_GLASS, "update-assume-role-policy")}


def _32_ci_roles_only(world: World) -> None:
    user = _entity(world, "users", SAM)
    _edit_inline(user, "manage-ci-roles", lambda d: _statement(d, "RepointRoles").update(
        Resource=f"{ACCOUNT}:role/ci/*"))


def _32_boundary_without_assume_role(world: World) -> None:
    boundary = f"{ACCOUNT}:policy/CiOperatorBoundary"
    world.setdefault("policies", []).append({"arn": boundary, "document": json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["iam:UpdateAssumeRolePolicy", "iam:GetRole"],
                       "Resource": "*"}]})})
    _entity(world, "users", SAM)["boundary"] = boundary


@pytest.mark.parametrize("change", [_32_ci_roles_only, _32_boundary_without_assume_role],
                         ids=["ci-roles-only", "boundary-without-AssumeRole"])
def test_32_scoped_or_bounded_there_is_no_path_tp11(
        change: Callable[[World], None], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Scoped to role/ci/*, he cannot touch BreakGlassAdmin; under a boundary that leaves
    sts:AssumeRole out, a trust naming him is not enough (TP-11)."""
    world = _world(L32)
    change(world)
    assert _paths(capsys, _write(tmp_path, world), SAM) == []


# --- 33: AddUserToGroup -----------------------------------------------------------------------

L33 = "33-add-user-to-group.toml"
HANA = f"{ACCOUNT}:user/hana"


def test_33_hana_joins_admins_tp03(capsys: pytest.CaptureFixture[str]) -> None:
    """AddUserToGroup on group/* reaches Admins, whose AdministratorAccess applies to its
    members' own requests (TP-03)."""
    paths = _paths(capsys, LESSONS / L33, HANA)
    assert [(p["to"], p["admin"]) for p in paths] == [(HANA, True)]
    assert _hops(paths) == {(HANA, HANA, "add-user-to-group")}


def _33_team_groups_only(world: World) -> None:
    user = _entity(world, "users", HANA)
    _edit_inline(user, "onboard-people", lambda d: _statement(d, "ManageMembership").update(
        Resource=f"{ACCOUNT}:group/teams/*"))


def _33_admins_without_admin_access(world: World) -> None:
    _entity(world, "groups", f"{ACCOUNT}:group/Admins")["policies"] = []


@pytest.mark.parametrize("change", [_33_team_groups_only, _33_admins_without_admin_access],
                         ids=["team-groups-only", "Admins-without-AdministratorAccess"])
def test_33_without_the_permission_or_the_powerful_group_there_is_no_path(
        change: Callable[[World], None], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    world = _world(L33)
    change(world)
    assert _paths(capsys, _write(tmp_path, world), HANA) == []


# --- 34: the delegated administrator ----------------------------------------------------------

L34 = "34-delegated-admin-guardrails.toml"
PRIYA = f"{ACCOUNT}:user/priya"
PLATFORM_ADMIN = f"{ACCOUNT}:role/PlatformAdmin"


def test_34_the_delegated_admin_has_no_path_ev10(capsys: pytest.CaptureFixture[str]) -> None:
    """Boundary and scoped PassRole together: no escalation (EV-10, SVC-02, EV-02)."""
    assert _paths(capsys, LESSONS / L34, PRIYA) == []


def test_34_without_the_boundary_her_identity_policy_escalates_ev10(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The boundary is what stops lessons 32 and 33: her identity policy alone allows rewriting
    PlatformAdmin's trust and joining Admins. PassRole stays closed (its Resource is scoped)
    and CreatePolicyVersion on her own policy stays explicitly denied (EV-02)."""
    world = _world(L34)
    del _entity(world, "users", PRIYA)["boundary"]
    assert _hops(_paths(capsys, _write(tmp_path, world), PRIYA)) == {
        (PRIYA, PLATFORM_ADMIN, "update-assume-role-policy"),
        (PRIYA, PRIYA, "add-user-to-group"),
    }


def test_34_passrole_on_every_role_without_the_boundary_reaches_platform_admin_svc02(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With `iam:PassRole` on role/* (the condition on the service kept) and no boundary, both
    service routes of lessons 29 and 30 open: the Resource scope is what closed them."""
    world = _world(L34)
    del _entity(world, "users", PRIYA)["boundary"]
    policy = _entity(world, "policies", f"{ACCOUNT}:policy/DelegatedAdmin")
    document = json.loads(policy["document"])
    _statement(document, "PassOnlyAppRoles")["Resource"] = f"{ACCOUNT}:role/*"
    policy["document"] = json.dumps(document)
    hops = _hops(_paths(capsys, _write(tmp_path, world), PRIYA))
    assert (PRIYA, PLATFORM_ADMIN, "passrole-ec2") in hops
    assert (PRIYA, PLATFORM_ADMIN, "passrole-lambda") in hops
