"""`rolesim paths` and `rolesim graph` on a world of 300 roles trusting the account root
(TP-09: each role may assume each other): graph draws the principals with the same edges as
one node rather than tens of thousands of edges, and refuses (saying how to narrow the
question) only when that is still too many; a search past its budget stops with one line."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import tomli_w

from rolesim.cli import main
from tests.core.test_paths_large import USER, A, big_scenario, role_arn


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "roles.toml"
    path.write_text(big_scenario())
    return path


def test_graph_over_the_limit_draws_principals_with_the_same_edges_as_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """200 roles each able to become each other (TP-09: the trust names the account and each
    role's own policy allows sts:AssumeRole) is ~40,000 edges: past --max-edges the 199 roles
    other than app-0007 (which may also put a policy on any role, itself included, so it is
    admin-equivalent) have the same edges and are drawn as one node. The group's node is
    named as a group (`..._and_198_like_it`), so its loop reads as the group's, not as
    app-0000's own."""
    small = tmp_path / "roles.toml"
    small.write_text(big_scenario(200))
    assert main(["graph", str(small)]) == 0
    out, err = capsys.readouterr()
    group = "n_111111111111_role_app_0000_and_198_like_it"
    giver = "n_111111111111_role_app_0007"
    user = "n_111111111111_user_admin"
    assert f'{group} [label="role/app-0000, role/app-0001 … role/app-0199 (199 roles)"]' in out
    assert f'{giver} [label="role/app-0007\\n(admin-equivalent)"' in out
    assert sorted(line.strip() for line in out.splitlines() if " -> " in line) == sorted([
        f'{user} -> {group} [label="assume-role"];',
        f'{user} -> {giver} [label="assume-role"];',
        f'{group} -> {group} [label="assume-role (one another)"];',
        f'{group} -> {giver} [label="assume-role"];',
        f'{giver} -> {group} [label="assume-role"];',
        f'{giver} -> {giver} [label="put-role-policy"];'])
    assert err.splitlines()[-1].startswith(
        f"rolesim graph: note: {small}: 40,001 edges between 201 principals, drawn as 6 "
        "between 3 groups")


def test_graph_groups_300_look_alike_roles_without_asking_about_every_edge(
        big_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """300 roles each able to become each other is ~90,000 edges: the roles look alike as
    targets (the same trust, no policy names one), so each principal is asked about two of
    them, not all 300 (core/analysis/paths/grouped.py), and the groups are drawn."""
    assert main(["graph", str(big_file)]) == 0
    out, err = capsys.readouterr()
    assert out.count(" -> ") == 6
    assert "90,001 edges between 301 principals, drawn as 6 between 3 groups" in err
    assert main(["graph", str(big_file), "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    group = "n_111111111111_role_app_0000_and_298_like_it"
    assert f'{group}["role/app-0000, role/app-0001 … role/app-0299 (299 roles)"]' in out
    assert f"{group} -->|assume-role (one another)| {group}" in out


def test_graph_refuses_at_once_what_policies_tell_apart_and_says_how_to_narrow(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """600 roles each tagged its own way (a trust's conditions may read the tags) are 600
    classes: 600 x 600 questions is past what graph asks; no drawing, one line."""
    data = tomllib.loads(big_scenario(600))
    for i, role in enumerate(data["roles"]):
        role["tags"] = {"n": str(i)}
    tagged = tmp_path / "tagged.toml"
    tagged.write_text(tomli_w.dumps(data))
    assert main(["graph", str(tagged)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"rolesim graph: error: {tagged}: policies tell 601 of its 601 users "
                          "and roles apart")
    assert "rolesim paths FILE --from ARN" in err and "--max-edges N" in err


def test_graph_escalation_fits_and_a_higher_limit_draws(
        big_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without plain AssumeRole only app-0007's PutRolePolicy on itself is left to draw."""
    assert main(["graph", str(big_file), "--escalation"]) == 0
    out = capsys.readouterr().out
    assert out.count(" -> ") == 1 and 'label="put-role-policy"' in out
    assert main(["graph", str(big_file), "--max-edges", "5", "--format", "mermaid"]) == 2
    assert "--escalation leaves out" in capsys.readouterr().err
    assert main(["graph", str(big_file), "--escalation", "--max-edges", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err


def test_graph_escalation_over_the_limit_does_not_suggest_escalation(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 29 draws two passrole-ec2 edges with --escalation: over a limit of 1."""
    lesson = "rolesim/lessons/29-passrole-ec2-escalation.toml"
    assert main(["graph", lesson, "--escalation", "--max-edges", "1"]) == 2
    err = capsys.readouterr().err
    assert "too many to draw" in err and "--escalation" not in err
    assert main(["graph", lesson, "--escalation", "--max-edges", "2"]) == 0


def test_paths_over_budget_stops_with_one_line(big_file: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", str(big_file), "--from", role_arn(0), "--admin",
                 "--budget", "0.000001"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "stopped after" in err and "--budget SECONDS" in err


def test_paths_to_one_role_answers(big_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", str(big_file), "--from", USER, "--to", role_arn(5)]) == 0
    assert capsys.readouterr().out.startswith(f"2 paths from {USER} to {role_arn(5)}")


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_a_bad_budget_is_refused(big_file: Path, value: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", str(big_file), "--from", USER, "--admin", "--budget", value]) == 2
    assert "is not a number of seconds" in capsys.readouterr().err


def test_a_grouped_graph_is_drawn_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    """A drawing is diffed and kept under version control: the grouped graph's edges came out
    in the order of Python's sets, which changes with the string hash seed of each process."""
    import os
    import subprocess
    import sys

    small = tmp_path / "roles.toml"
    small.write_text(big_scenario(200))
    drawings = set()
    for seed in ("1", "2", "3", "4"):
        done = subprocess.run(
            [sys.executable, "-m", "rolesim", "graph", str(small)], capture_output=True,
            text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        assert " -> " in done.stdout
        drawings.add(done.stdout)
    assert len(drawings) == 1


def test_a_group_that_changes_its_own_permissions_says_each_on_itself(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A loop on a group of several is drawn for each member: `(one another)` when each can
    become each other one, `(each on itself)` when each may put a policy on itself. Drawn by
    its first member's name alone, `role/app-0000 -> role/app-0000 (put-role-policy)` read as
    one role escalating to itself. Here every role may assume any role (TP-09: each trust
    names the account) and put a policy on its own ARN only."""
    data = tomllib.loads(big_scenario(40))
    for role in data["roles"]:
        role["inline"] = {"own": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": role["arn"]}]})}
    world = tmp_path / "own.toml"
    world.write_text(tomli_w.dumps(data))
    for fmt, arrow in (("dot", ' -> {g} [label="{t}"];'), ("mermaid", " -->|{t}| {g}")):
        assert main(["graph", str(world), "--format", fmt, "--max-edges", "10"]) == 0
        out = capsys.readouterr().out
        group = "n_111111111111_role_app_0000_and_39_like_it"
        assert f"{group}{arrow.format(g=group, t='put-role-policy (each on itself)')}" in out
        assert f"{group}{arrow.format(g=group, t='assume-role (one another)')}" in out
        assert "n_111111111111_role_app_0000 " not in out


def test_graph_draws_look_alike_users_whose_policy_names_each_one_itself(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """600 users whose group lets each make its own access keys (`user/${aws:username}`, PV-01)
    and assume any role: read loosely the variable matched every user, each user was a class
    of its own and 600 x 600 questions were refused. Read as each user's own session reads it,
    it names the caller itself and tells no two others apart: the users are one group."""
    staff = f"arn:aws:iam::{A}:group/staff"
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:CreateAccessKey",
         "Resource": f"arn:aws:iam::{A}:user/${{aws:username}}"},
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
    data = {"format": 1, "title": "self-service users", "accounts": [{"id": A, "name": "one"}],
            "groups": [{"arn": staff, "inline": {"self": json.dumps(policy)}}],
            "users": [{"arn": f"arn:aws:iam::{A}:user/u{i:03}", "groups": [staff]}
                      for i in range(600)],
            "roles": [{"arn": f"arn:aws:iam::{A}:role/shared", "trust": json.dumps({
                "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
                    "Action": "sts:AssumeRole"}]})}]}
    world = tmp_path / "users.toml"
    world.write_text(tomli_w.dumps(data))
    assert main(["graph", str(world), "--max-edges", "100"]) == 0
    out, err = capsys.readouterr()
    users = "n_111111111111_user_u000_and_599_like_it"
    assert f'{users} [label="user/u000, user/u001 … user/u599 (600 users)"];' in out
    assert f'{users} -> n_111111111111_role_shared [label="assume-role"];' in out
    assert out.count(" -> ") == 1  # each user's keys are its own: no edge between users
    assert "600 edges between 601 principals, drawn as 1 between 2 groups" in err


@pytest.mark.parametrize(("command", "work"), [(["graph"], "_draw_grouped"),
                                             (["paths", "--from", USER, "--admin"], "_find")])
def test_graph_and_paths_leave_the_collector_off_while_they_work(
        big_file: Path, command: list[str], work: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What they load and work out lives until they end and is no garbage: the collector
    walking it again and again as it grew was 1.0 of 2.5 s CPU of `graph` on the 5,000-role
    world, for the same peak memory (scenario/bulk.py, as `run` and `who-can-assume`)."""
    import gc

    from rolesim.scenario import paths_report

    def collections() -> int:
        return sum(generation["collections"] for generation in gc.get_stats())

    seen: list[tuple[bool, int]] = []
    real = getattr(paths_report, work)

    def spy(*args: object) -> object:
        before = collections()
        try:
            return real(*args)
        finally:
            seen.append((gc.isenabled(), collections() - before))

    monkeypatch.setattr(paths_report, work, spy)
    try:
        assert main([command[0], str(big_file), *command[1:]]) == 0
    finally:
        gc.unfreeze()
    assert seen == [(False, 0)] and gc.isenabled()
    capsys.readouterr()
