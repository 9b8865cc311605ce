"""`rolesim who-can-assume` explains its answer: the statements that let each hop in, the
callers that come close but are refused (with the evaluator's reason), and what the trust lets
in from outside the world. Before, it printed paths only, and "No principal of the world can
assume R." for a role open to another account or blocked by an SCP, with no reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.core.analysis.who_can_assume import explain_who_can_assume
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text

PROD, DEV, VENDOR = "111122223333", "444455556666", "999988887777"


def doc(statement: str) -> str:
    return f"'''{{\"Version\": \"2012-10-17\", \"Statement\": [{statement}]}}'''"


def allow(action: str, resource: str = "*", effect: str = "Allow") -> str:
    return doc(f'{{"Effect": "{effect}", "Action": "{action}", "Resource": "{resource}"}}')


def trusts(principal: str, condition: str = "") -> str:
    cond = f', "Condition": {condition}' if condition else ""
    return doc(f'{{"Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, '
               f'"Action": "sts:AssumeRole"{cond}}}')


def role_arn(name: str) -> str:
    return f"arn:aws:iam::{PROD}:role/{name}"


def user_arn(name: str) -> str:
    return f"arn:aws:iam::{DEV}:user/{name}"


WORLD = f"""
format = 1
title = "explained"

[[accounts]]
id = "{PROD}"

[[accounts]]
id = "{DEV}"
scps = [{allow("*")}, {allow("sts:AssumeRole", role_arn("legacy"), effect="Deny")}]

[[policies]]
arn = "arn:aws:iam::{DEV}:policy/dev-boundary"
document = {allow("s3:*")}

[[users]]
arn = "{user_arn("alice")}"
inline.assume-deploy = {allow("sts:AssumeRole", role_arn("deploy"))}

[[users]]
arn = "{user_arn("carol")}"
policies = ["arn:aws:iam::aws:policy/AdministratorAccess"]
boundary = "arn:aws:iam::{DEV}:policy/dev-boundary"

[[users]]
arn = "{user_arn("dave")}"
inline.assume-any = {allow("sts:AssumeRole")}

[[users]]
arn = "{user_arn("bob")}"

[[roles]]
arn = "{role_arn("deploy")}"
trust = {trusts(f"arn:aws:iam::{DEV}:root")}
inline.chain = {allow("sts:AssumeRole", role_arn("db-admin"))}

[[roles]]
arn = "{role_arn("db-admin")}"
trust = {trusts(role_arn("deploy"))}

[[roles]]
arn = "{role_arn("legacy")}"
trust = {trusts(DEV)}

[[roles]]
arn = "{role_arn("vendor")}"
trust = {trusts(f"arn:aws:iam::{VENDOR}:root", '{"StringEquals": {"sts:ExternalId": "v-1"}}')}

[[roles]]
arn = "{role_arn("named-bob")}"
trust = {trusts(user_arn("bob"))}

[[roles]]
arn = "{role_arn("orphan")}"
trust = {trusts("AIDAJQABLZS4A3QDU576Q")}
"""


def answer(role: str) -> object:
    return explain_who_can_assume(build_world(load_scenario_text(WORLD, "w.toml")),
                                  role_arn(role))


def test_tp10_each_hop_names_the_trust_and_the_callers_own_allow() -> None:
    """Across accounts both halves decide (TP-10, XA-01): the trust statement and alice's own
    inline policy; in one account a trust naming the role is enough (TP-09)."""
    found = {p.principal: p for p in answer("db-admin").paths}  # type: ignore[attr-defined]
    alice = found[user_arn("alice")]
    assert [h.role for h in alice.hops] == [role_arn("deploy"), role_arn("db-admin")]
    assert alice.hops[0].why == ("Allow in the trust policy of deploy, Statement[0]",
                                 "Allow in identity-based policy assume-deploy (inline on "
                                 "alice), Statement[0]")
    assert alice.hops[1].why == ("Allow in the trust policy of db-admin, Statement[0]",)


def test_ev10_scp_and_boundary_refusals_say_which_policy_blocked() -> None:
    """dave's own policy allows sts:AssumeRole on legacy, but his account's SCP denies it
    (EV-02: an explicit deny wins); carol's AdministratorAccess is capped by a boundary that
    allows only s3 (EV-10); bob has no allow of his own, so he is not near enough to list."""
    legacy = answer("legacy")
    assert legacy.paths == []  # type: ignore[attr-defined]
    refused = {r.principal: r.reason for r in legacy.refused}  # type: ignore[attr-defined]
    assert set(refused) == {user_arn("carol"), user_arn("dave")}
    assert refused[user_arn("dave")].startswith("explicit deny in SCP 2 on account 444455556666")
    deploy = {r.principal: r.reason for r in answer("deploy").refused}  # type: ignore[attr-defined]
    assert set(deploy) == {user_arn("carol")}
    assert "permissions boundary 'dev-boundary' does not allow sts:AssumeRole" in (
        deploy[user_arn("carol")])


def test_tp10_a_named_caller_without_its_own_allow_is_refused_with_the_reason() -> None:
    """The trust names bob, in another account: his own policies must allow too (TP-10)."""
    result = answer("named-bob")
    assert result.paths == []  # type: ignore[attr-defined]
    (bob,) = result.refused  # type: ignore[attr-defined]
    assert bob.principal == user_arn("bob") and "sts:AssumeRole" in bob.reason


def test_tp06_trust_reach_outside_the_world_is_said() -> None:
    """Another account (with its external ID condition, TP-13), and a raw unique ID that no
    entity has: the trust of a deleted principal, which lets nobody in (TP-06)."""
    (vendor,) = answer("vendor").outside  # type: ignore[attr-defined]
    assert VENDOR in vendor and "sts:ExternalId" in vendor
    (orphan,) = answer("orphan").outside  # type: ignore[attr-defined]
    assert "AIDAJQABLZS4A3QDU576Q" in orphan and "TP-06" in orphan
    assert answer("deploy").outside == []  # type: ignore[attr-defined]


def test_the_cli_prints_why_why_not_and_outside(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.toml"
    path.write_text(WORLD)
    assert main(["who-can-assume", str(path), role_arn("deploy")]) == 0
    out = capsys.readouterr().out
    assert "    why: Allow in the trust policy of deploy, Statement[0]; Allow in" in out
    assert f"  user {user_arn('carol')}\n    why not: " in out
    assert main(["who-can-assume", str(path), role_arn("vendor")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"No principal of the world can assume {role_arn('vendor')}.")
    assert "from outside this world" in out and VENDOR in out
    assert main(["who-can-assume", str(path), role_arn("db-admin"), "--json"]) == 0
    assert '"why": [' in capsys.readouterr().out
