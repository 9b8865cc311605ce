"""A path that starts at a role becomes steps that first get a session of the role, and they
replay with every expectation met; when nobody in the world can become the role, one line
says so, naming it.

Ways into a role, as AWS hands out role sessions: a user's AssumeRole, allowed by the role's
trust and the user's own policies (TP-01, TP-09); an EC2 instance launched with an instance
profile that holds the role, whose code reads the role's credentials (SVC-05, SVC-08); a
service the trust names taking on the role (TP-01). A way in can carry what a later trust
refuses: a source identity set on the way in goes on down the chain and every later trust must
allow sts:SetSourceIdentity (SI-03).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from rolesim.core.analysis.paths import Graph, find_paths, reach
from rolesim.core.analysis.paths import Path as AttackPath
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.path_entry import EntryError, entries
from rolesim.scenario.path_steps import steps_for
from rolesim.scenario.runner import replay, start_time

LESSONS = Path(__file__).resolve().parents[2] / "rolesim" / "lessons"
A = "111111111111"


def role(name: str) -> str:
    return f"arn:aws:iam::{A}:role/{name}"


def lesson(prefix: str) -> tuple[dict[str, Any], Graph]:
    """The lesson's world without its steps, and its graph."""
    path = next(LESSONS.glob(f"{prefix}-*.toml"))
    scenario = load_scenario(path)
    raw = tomllib.loads(path.read_text())
    raw.pop("steps", None)
    return raw, Graph(build_world(scenario), start_time(scenario))


def role_paths(graph: Graph, arn: str) -> list[AttackPath]:
    world = graph.world
    return find_paths(world, arn, graph=graph) + find_paths(world, arn, admin_only=True,
                                                            graph=graph)


def unmet(world_data: dict[str, Any], steps: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The world's file with the steps appended, replayed: each step not as expected."""
    result = replay(load_scenario_text(tomli_w.dumps({**world_data, "steps": steps})))
    return [(r.number, r.do, r.outcome, r.unmet) for r in result.results if r.met is not True]


ROLE_STARTS = [("29", "OpsAdminRole"), ("30", "DataPlatformAdmin"),
               ("32", "BreakGlassAdmin"), ("34", "PlatformAdmin"),
               ("09", "app/WebServerRole"), ("15", "OrganizationAccountAccessRole")]


@pytest.mark.parametrize(("prefix", "name"), ROLE_STARTS)
def test_every_path_from_a_lesson_role_replays(prefix: str, name: str) -> None:
    """Lessons 29-34 (the attack-path ones) and two with a role reached by instance or by
    another account: every path from the role, appended to its world, replays with every
    expectation met."""
    world_data, graph = lesson(prefix)
    found = role_paths(graph, role(name))
    assert found
    for path in found:
        steps = steps_for(graph, path, reach(graph, path.source))
        assert steps[0]["do"] in ("sign-in", "instance-credentials", "service-assume-role")
        assert unmet(world_data, steps) == [], (path, steps)


def test_a_user_who_assumes_the_role_signs_in_first_tp09() -> None:
    """Lesson 32: security-lead may assume BreakGlassAdmin (its trust names the user, TP-01),
    so the path starts by signing in as security-lead and assuming the role."""
    _, graph = lesson("32")
    path = next(p for p in role_paths(graph, role("BreakGlassAdmin"))
                if [h.technique for h in p.hops] == ["update-assume-role-policy"])
    steps = steps_for(graph, path, reach(graph, path.source))
    assert [s["do"] for s in steps[:3]] == ["sign-in", "assume-role", "update-trust"]
    assert steps[0]["principal"] == f"arn:aws:iam::{A}:user/security-lead"
    assert steps[1]["role"] == role("BreakGlassAdmin")
    assert "who can become role/BreakGlassAdmin" in steps[0]["note"]


def test_an_instance_profile_role_starts_with_instance_credentials_svc05() -> None:
    """Lesson 29: only dana's own escalation reaches OpsAdminRole, but an instance profile
    holds it and its trust lets EC2 in: the replay starts on such an instance (SVC-05)."""
    _, graph = lesson("29")
    first = next(entries(graph, role("OpsAdminRole")))
    assert first.instance_profile == f"arn:aws:iam::{A}:instance-profile/OpsAdminProfile"
    path = role_paths(graph, role("OpsAdminRole"))[0]
    steps = steps_for(graph, path, reach(graph, path.source))
    assert steps[0]["do"] == "instance-credentials"
    assert steps[0]["instance_profile"] == first.instance_profile


def test_a_service_role_starts_with_the_service_session_tp01() -> None:
    """Lesson 30: DataPlatformAdmin's trust names lambda.amazonaws.com and no user reaches it
    by AssumeRole: the replay starts with Lambda taking on the role."""
    _, graph = lesson("30")
    path = role_paths(graph, role("DataPlatformAdmin"))[0]
    steps = steps_for(graph, path, reach(graph, path.source))
    assert (steps[0]["do"], steps[0]["service"]) == ("service-assume-role",
                                                     "lambda.amazonaws.com")


def test_a_way_in_that_a_later_trust_refuses_is_said_si03() -> None:
    """Lesson 16: the only way into Analyst sets a source identity (its trust demands one),
    which Archive's trust does not allow to be carried (no sts:SetSourceIdentity, SI-03): the
    steps would fail, so none are written and the reason names the step."""
    _, graph = lesson("16")
    path = next(p for p in find_paths(graph.world, role("Analyst"), role("Archive"),
                                      graph=graph))
    with pytest.raises(EntryError, match=r"no way into role/Analyst replays this path: step 3 "
                                         r"\(assume-role\) comes out AccessDenied"):
        steps_for(graph, path, reach(graph, path.source))


def test_a_federated_only_role_is_said_in_words() -> None:
    """Lesson 8: only SAML users of the provider can become EmployeeReports."""
    _, graph = lesson("08")
    with pytest.raises(EntryError, match="only users federated through "
                                         "saml-provider/ExampleCorpIdP can become "
                                         "role/EmployeeReports"):
        list(entries(graph, role("EmployeeReports")))


def test_a_role_nobody_can_become_is_said_in_one_line() -> None:
    """A role whose trust names another account's root (TP-01): no principal of this world is
    let in, so no path from it can start."""
    data = {"format": 1, "title": "orphan", "accounts": [{"id": A, "name": "prod"}],
            "roles": [{"arn": role("Orphan"), "trust": trust_of_account("999999999999"),
                       "inline": {"all": '{"Version": "2012-10-17", "Statement": [{"Effect": '
                                         '"Allow", "Action": "*", "Resource": "*"}]}'}}]}
    world = build_world(load_scenario_text(tomli_w.dumps(data)))
    graph = Graph(world, start_time(load_scenario_text(tomli_w.dumps(data))))
    path = role_paths(graph, role("Orphan"))[0]
    with pytest.raises(EntryError) as caught:
        steps_for(graph, path, reach(graph, path.source))
    message = str(caught.value)
    assert message.startswith("nobody in this world can become role/Orphan")
    assert "\n" not in message


def trust_of_account(account: str) -> str:
    return ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
            f'{{"AWS": "arn:aws:iam::{account}:root"}}, "Action": "sts:AssumeRole"}}]}}')


def test_an_mfa_trust_down_a_chain_is_met_by_the_sign_in_tp14() -> None:
    """Admin's trust wants MFA (TP-14) and names Hop; alice (an MFA device) may assume Hop.
    The way into Hop starts with alice's MFA sign-in (AR-20: with MFA the session carries MFA
    context), so the path from Hop to Admin replays."""
    hop, admin = role("Hop"), role("Admin")
    alice = f"arn:aws:iam::{A}:user/alice"
    everything = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                  '"Action": "*", "Resource": "*"}]}')
    data = {"format": 1, "title": "mfa chain", "accounts": [{"id": A, "name": "prod"}],
            "users": [{"arn": alice, "mfa": True, "inline": {"hop": (
                '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                f'"Action": "sts:AssumeRole", "Resource": "{hop}"}}]}}')}}],
            "roles": [
                {"arn": hop, "trust": trust_of_account(A), "inline": {"next": (
                    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                    f'"Action": "sts:AssumeRole", "Resource": "{admin}"}}]}}')}},
                {"arn": admin, "inline": {"all": everything}, "trust": (
                    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
                    f'"Principal": {{"AWS": "{hop}"}}, "Action": "sts:AssumeRole", '
                    '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}')}]}
    scenario = load_scenario_text(tomli_w.dumps(data))
    graph = Graph(build_world(scenario), start_time(scenario))
    path = next(p for p in find_paths(graph.world, hop, admin, graph=graph))
    steps = steps_for(graph, path, reach(graph, hop))
    assert [s["do"] for s in steps] == ["sign-in", "assume-role", "assume-role", "call"]
    assert steps[0].get("mfa") is True and steps[0]["principal"] == alice
    assert unmet(data, steps) == []
