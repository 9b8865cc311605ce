"""`rolesim paths ... --steps [N]` (issue 15): a path printed as scenario steps, which,
appended to the file, replay with `rolesim run` (every expectation met: exit 0).

The escalation: Mallory may assume Weak (TP-09: her identity allow and Weak's trust naming
the account), Weak may assume Admin (TP-01: Admin's trust names Weak; CH-01 chaining)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w

from rolesim.cli import main

sys.path.insert(0, str(Path(__file__).parent / "ui"))
from path_steps_fixture import ADMIN, ESCALATION, MALLORY, WEAK

LESSON_09 = "rolesim/lessons/09-ec2-instance-profile.toml"
LAUNCHER = "arn:aws:iam::111111111111:user/launcher"
REPORTING = "arn:aws:iam::111111111111:role/ReportingRole"


def _world(tmp_path: Path) -> Path:
    path = tmp_path / "escalation.toml"
    path.write_text(ESCALATION)
    return path


def test_steps_appended_replay_with_rolesim_run(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    world = _world(tmp_path)
    assert main(["paths", str(world), "--from", MALLORY, "--admin", "--steps"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("# Path 1 of 1: user/mallory (111111111111) to role/Admin")
    steps = tomllib.loads(printed)["steps"]
    assert [s["do"] for s in steps] == ["sign-in", "assume-role", "assume-role", "call"]
    assert [s.get("role") for s in steps[1:3]] == [WEAK, ADMIN]
    with world.open("a") as out:
        out.write("\n" + printed)
    capsys.readouterr()
    assert main(["run", str(world)]) == 0, capsys.readouterr().out


def test_steps_n_chooses_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Path 1 of --to Weak is the one hop; --steps 2 on --admin does not exist (one path)."""
    world = _world(tmp_path)
    assert main(["paths", str(world), "--from", MALLORY, "--to", WEAK, "--steps", "1"]) == 0
    steps = tomllib.loads(capsys.readouterr().out)["steps"]
    assert [s["do"] for s in steps] == ["sign-in", "assume-role", "call"]
    assert steps[-1]["action"] == "sts:GetCallerIdentity"  # ID-10: needs no permission
    assert main(["paths", str(world), "--from", MALLORY, "--admin", "--steps", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--steps 2: there is only path 1" in err


def test_steps_from_a_role_first_become_it_and_replay(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Weak's path to Admin starts with Mallory, who may assume Weak (TP-09), signing in and
    assuming it; appended to the file the steps run with every expectation met."""
    world = _world(tmp_path)
    assert main(["paths", str(world), "--from", WEAK, "--admin", "--steps"]) == 0
    printed = capsys.readouterr().out
    steps = tomllib.loads(printed)["steps"]
    assert [s["do"] for s in steps] == ["sign-in", "assume-role", "assume-role", "call"]
    assert steps[0]["principal"] == MALLORY
    assert [s.get("role") for s in steps[1:3]] == [WEAK, ADMIN]
    with world.open("a") as out:
        out.write("\n" + printed)
    assert main(["run", str(world)]) == 0, capsys.readouterr().out


def test_steps_from_a_role_nobody_can_become_is_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 08: only the SAML provider's users can become EmployeeReports; a replay cannot
    start as one, so no steps are printed and one line names the role."""
    lesson = "rolesim/lessons/08-saml-federation-tags.toml"
    reports = "arn:aws:iam::111111111111:role/EmployeeReports"
    publisher = "arn:aws:iam::111111111111:role/ReportsPublisher"
    assert main(["paths", lesson, "--from", reports, "--to", publisher, "--steps"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "can become role/EmployeeReports" in captured.err


@pytest.mark.parametrize(("lesson", "arn"), [
    ("29-passrole-ec2-escalation", "OpsAdminRole"),
    ("30-passrole-lambda-escalation", "DataPlatformAdmin"),
    ("32-update-assume-role-policy-backdoor", "BreakGlassAdmin"),
])
def test_role_paths_of_the_attack_lessons_replay_with_rolesim_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], lesson: str, arn: str) -> None:
    """Each path from the lesson's admin role (its first one to another principal), printed
    as steps and appended to the lesson's world (its own steps left out), runs with every
    expectation met: `rolesim run` exits 0."""
    source = Path("rolesim/lessons") / f"{lesson}.toml"
    data = tomllib.loads(source.read_text())
    data.pop("steps")
    world = tmp_path / "world.toml"
    world.write_text(tomli_w.dumps(data))
    role = f"arn:aws:iam::111111111111:role/{arn}"
    assert main(["paths", str(world), "--from", role, "--admin", "--steps"]) == 0
    printed = capsys.readouterr().out
    assert tomllib.loads(printed)["steps"][0]["do"] in (
        "sign-in", "instance-credentials", "service-assume-role")
    with world.open("a") as out:
        out.write("\n" + printed)
    assert main(["run", str(world)]) == 0, capsys.readouterr().out


def test_steps_with_no_path_is_a_comment(capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 09's launcher has no way to the admin user."""
    admin_user = "arn:aws:iam::111111111111:user/admin"
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--to", admin_user, "--steps"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# No path from") and tomllib.loads(out) == {}


def test_steps_and_json_do_not_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--to", REPORTING, "--json",
                 "--steps"]) == 2
    assert "--steps: not allowed with argument --json" in capsys.readouterr().err


def test_lesson_09_steps_pass_the_role_to_ec2_and_replay_svc02(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lesson 09: run-instance with WebServerProfile (RunInstances + PassRole to EC2, SVC-02),
    the instance's credentials (SVC-08), then AssumeRole into ReportingRole; appended to a
    copy of the lesson, they replay after the lesson's own steps."""
    assert main(["paths", LESSON_09, "--from", LAUNCHER, "--to", REPORTING, "--steps"]) == 0
    printed = capsys.readouterr().out
    steps = tomllib.loads(printed)["steps"]
    assert [s["do"] for s in steps] == ["sign-in", "run-instance", "instance-credentials",
                                        "assume-role", "call"]
    assert steps[1]["instance_profile"].endswith(":instance-profile/WebServerProfile")
    copy = tmp_path / "lesson-09.toml"
    copy.write_text(Path(LESSON_09).read_text() + "\n" + printed)
    assert main(["run", str(copy)]) == 0, capsys.readouterr().out


GIVEN = f"""
format = 1
title = "a user made admin by a role it can become"
[[accounts]]
id = "111111111111"
name = "one"
[[users]]
arn = "{MALLORY}"
inline.hop = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }}] }}
[[roles]]
arn = "arn:aws:iam::111111111111:role/ops"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::111111111111:root" }}, Action = "sts:AssumeRole" }}] }}
inline.give = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "iam:PutUserPolicy", Resource = "{MALLORY}" }}] }}
"""  # noqa: E501


def test_steps_of_a_change_made_off_the_path_go_on_from_the_caller(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Mallory may assume ops (TP-09), and ops may put a policy on Mallory: the steps sign in
    as Mallory, assume ops from that session and put the policy, then sign in again. They
    signed in as Mallory twice before the change, the second time for nothing."""
    world = tmp_path / "given.toml"
    world.write_text(GIVEN)
    assert main(["paths", str(world), "--from", MALLORY, "--admin", "--steps"]) == 0
    printed = capsys.readouterr().out
    steps = tomllib.loads(printed)["steps"]
    assert [s["do"] for s in steps] == ["sign-in", "assume-role", "put-policy", "sign-in",
                                        "call"]
    assert steps[3]["note"].startswith("Again: ")
    with world.open("a") as out:
        out.write("\n" + printed)
    capsys.readouterr()
    assert main(["run", str(world)]) == 0, capsys.readouterr().out
