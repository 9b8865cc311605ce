"""`who-can-assume` and `paths` given an ARN the world does not hold: the one line says which
mistake it is (a typo, a user where a role is wanted, not an ARN, the same principal twice)
and what to give instead; exit 2. Path counts in words ("1 path", not "1 path(s)")."""

from __future__ import annotations

import pytest

from rolesim.cli import main
from rolesim.lessons import lessons_dir

CHAINING = str(lessons_dir() / "04-role-chaining.toml")
PASSROLE = str(lessons_dir() / "29-passrole-ec2-escalation.toml")
ALICE = "arn:aws:iam::111111111111:user/alice"
DEPLOY = "arn:aws:iam::111111111111:role/DeployRole"
DANA = "arn:aws:iam::111111111111:user/dana"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("args", "said"), [
    (("who-can-assume", CHAINING, DEPLOY[:-1]), f"did you mean {DEPLOY}?"),
    (("who-can-assume", CHAINING, ALICE), "is a user, not a role"),
    (("who-can-assume", CHAINING, "DeployRole"),
     "'DeployRole' is not an ARN; give the role's ARN (arn:aws:iam::ACCOUNT:role/NAME)"),
    (("who-can-assume", CHAINING, "arn:aws:iam::999999999999:role/X"), "it has 2 roles"),
    (("paths", CHAINING, "--from", "arn:aws:iam::111111111111:user/alise", "--admin"),
     f"--from: no user or role arn:aws:iam::111111111111:user/alise in the world; "
     f"did you mean {ALICE}?"),
    (("paths", CHAINING, "--from", ALICE, "--to", ALICE), "the same principal"),
])
def test_a_principal_not_in_the_world_is_named_with_what_to_give(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], said: str) -> None:
    status, out, err = _run(capsys, *args)
    assert status == 2
    assert out == ""
    assert said in err
    assert len(err.strip().splitlines()) == 1


def test_path_counts_are_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "paths", PASSROLE, "--from", DANA, "--admin")
    assert status == 0
    assert out.startswith(f"1 path from {DANA} to admin-equivalent")
    assert "(admin-equivalent), 1 hop\n" in out
    assert "(s)" not in out


def test_a_steps_number_past_the_last_path_says_which_there_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "paths", PASSROLE, "--from", DANA, "--admin", "--steps", "4")
    assert status == 2
    assert err.strip().endswith("--steps 4: there is only path 1")
