"""`rolesim lint` on a scenario's call steps: a misspelt action in a step (not in any policy)
replays as an implicitDeny "no identity-based policy allows it" and nothing said it was a
typo. Now lint names the step, its line and the action (PL-05: actions are matched as
written, so `s3:*` would still allow the misspelt one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main

SCENARIO = '''format = 1
title = "a typo in a step"

[[accounts]]
id = "111111111111"

[[users]]
arn = "arn:aws:iam::111111111111:user/ann"
inline.all = { Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "s3:*", Resource = "*" }] }

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/ann"

[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::b/k"

[[steps]]
do = "call"
action = "s3:GetObjet"
resource = "arn:aws:s3:::b/k"

[[steps]]
do = "call"
action = "s4:GetObject"
resource = "arn:aws:s3:::b/k"
'''


def test_a_call_step_on_an_unknown_action_is_named_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "typo.toml"
    scenario.write_text(SCENARIO)
    assert main(["lint", str(scenario)]) == 0  # a warning: exit 1 only with --fail-on warning
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{scenario}:23: step 3 (call) action: UNKNOWN_STEP_ACTION warning: the step calls "
        "'s3:GetObjet', but s3 has no such action in rolesim's action catalogue (did you mean "
        "s3:GetObject?): a typo, or an action newer than the catalogue's data")
    assert lines[1].startswith(f"{scenario}:28: step 4 (call) action: UNKNOWN_STEP_ACTION")
    assert "there is no service 's4'" in lines[1]
    assert lines[2] == "2 findings (0 errors, 2 warnings, 0 info) in 1 file"
    assert main(["lint", str(scenario), "--fail-on", "warning"]) == 1


def test_the_json_report_has_no_policy_kind_for_a_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "typo.toml"
    scenario.write_text(SCENARIO)
    capsys.readouterr()
    main(["lint", "--json", str(scenario)])
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["entity"], f["key"], f["policy_kind"], f["line"]) for f in found] == [
        ("step 3 (call)", "action", None, 23), ("step 4 (call)", "action", None, 28)]
