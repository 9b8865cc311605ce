"""The Workspace the TUI edits: edits mark it dirty and drop stale replays; save is atomic."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_text import ASSUME, DAVID, ROLE, SIGN_IN, WORLD, call

from rolesim.scenario import model as m
from rolesim.scenario.load import load_scenario
from rolesim.scenario.report import report_json, step_lines, transcript
from rolesim.scenario.workspace import Workspace


def workspace(write) -> Workspace:  # type: ignore[no-untyped-def]
    return Workspace.open(write(WORLD + SIGN_IN + ASSUME + call("s3:PutObject")))


def test_open_is_clean_and_replays(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    assert not ws.dirty and ws.path is not None
    assert [r.outcome for r in ws.replay().results] == ["ok", "ok", "allowed"]
    assert ws.replay() is ws.replay()  # cached


def test_step_edits_mark_dirty_and_invalidate_the_replay(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    before = ws.replay()
    at = ws.add_step(m.ExitStep(), 2)
    assert at == 2 and ws.dirty
    after = ws.replay()
    assert after is not before
    assert [r.outcome for r in after.results] == ["ok", "ok", "ok", "implicitDeny"]
    ws.move_step(2, 99)
    assert [s.do for s in ws.steps] == ["sign-in", "assume-role", "call", "exit"]
    ws.replace_step(3, m.CallStep(action="s3:GetObject", resource="arn:aws:s3:::productionapp/x"))
    assert ws.delete_step(3).do == "call"
    assert [r.outcome for r in ws.replay().results] == ["ok", "ok", "allowed"]


def test_upto_prefix_replays(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    assert len(ws.replay(1).results) == 1
    assert ws.replay(1).simulator.top.arn == DAVID
    assert len(ws.replay(99).results) == 3  # clamped: the whole scenario


def test_entity_edits(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    assert ws.find("role", ROLE).arn == ROLE
    assert ws.find("account", "111111111111").id == "111111111111"
    ann = "arn:aws:iam::222222222222:user/Ann"
    assert ws.add("user", m.UserSpec(arn=ann)) == ann
    assert ws.dirty and ann in ws.world().users
    ws.delete("user", ann)
    assert ann not in ws.world().users


def test_edits_go_through_apply_and_follow_renames(write) -> None:  # type: ignore[no-untyped-def]
    """What the world builder posts (an Edit) is applied here; a renamed role is followed by
    the steps that name it (the step would otherwise fail with AccessDenied, AR-18)."""
    from rolesim.scenario.world_edits import Edit

    ws = workspace(write)
    renamed = ROLE.replace("UpdateApp", "UpdateApp2") if "UpdateApp" in ROLE else ROLE + "2"
    spec = ws.find("role", ROLE).model_copy(update={"arn": renamed})
    ws.apply(Edit("replace", "role", ROLE, spec=spec))
    assert ws.find("role", ROLE) is None and ws.find("role", renamed) is not None
    assert all(getattr(step, "role", renamed) != ROLE for step in ws.steps)
    ws.apply(Edit("document", "inline", "extra", owner=renamed,
                  document={"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))
    assert "extra" in ws.find("role", renamed).inline
    ws.world()  # still builds


def test_save_writes_and_clears_dirty(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    ws.set_title("edited")
    result = ws.save()
    assert result.preserved and not ws.dirty
    assert ws.path is not None and load_scenario(ws.path).title == "edited"
    assert "# a hand-written scenario" in ws.path.read_text(encoding="utf-8")


def test_builtin_has_no_path_and_needs_one_to_save(tmp_path: Path) -> None:
    ws = Workspace.builtin()
    assert ws.path is None and ws.scenario.steps
    with pytest.raises(ValueError):
        ws.save()
    ws.save(tmp_path / "tutorial.toml")
    assert ws.path == tmp_path / "tutorial.toml"
    assert load_scenario(ws.path) == ws.scenario


def test_builtin_replays_and_passes() -> None:
    assert Workspace.builtin().replay().passed


def test_check_reports_a_broken_world_after_an_edit(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    assert ws.check() is None
    ws.scenario.users[0].groups.append("arn:aws:iam::222222222222:group/Nope")
    ws.mark_dirty()
    problem = ws.check()
    assert problem is not None and "group/Nope" in str(problem)
    assert str(problem).startswith(f"{ws.path}: users[0].groups[1]:")  # no stale line number


def test_new_workspace_is_empty_and_dirty() -> None:
    ws = Workspace.new("mine")
    assert ws.dirty and ws.title == "mine" and ws.replay().results == []


def test_transcript_says_what_why_and_whether_met(write) -> None:  # type: ignore[no-untyped-def]
    text = WORLD + SIGN_IN + ASSUME + call("s3:DeleteObject", expect="allowed")
    ws = Workspace.open(write(text))
    out = transcript(ws.replay())
    assert "[2]" in out and "call s3:DeleteObject" in out
    assert "-> explicitDeny  (expected allowed: NOT MET)" in out
    assert "Deny in identity-based policy" in out and "Statement[1]" in out
    assert "FAILED: 1 of 1 expectations not met (step 3)" in out
    lines = step_lines(ws.replay().results[1])
    assert any("arn:aws:sts::111111111111:assumed-role/UpdateApp/david" in line for line in lines)


def test_report_json_has_unmet_reasons_only_when_unmet(write) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace.open(write(WORLD + SIGN_IN + call("s3:PutObject", expect="allowed")))
    report = report_json(ws.replay())
    assert report["passed"] is False
    assert "unmet" not in report["steps"][0]
    assert report["steps"][1]["unmet"] == ['expected "allowed", got "implicitDeny"']


ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
THREE_SCPS = f"""
format = 1
title = "SCP names"
[[accounts]]
id = "111111111111"
scps = ['{ALLOW_ALL}', '{ALLOW_ALL}', '{ALLOW_ALL}']
"""


def test_naming_an_scp_keeps_scp_names_in_the_order_of_scps(tmp_path: Path) -> None:
    """docs/scenario-format.md, scp_names: in the order of scps, "" for one without a name,
    never more names than SCPs; the saved file says the names the engine then uses."""
    from rolesim.scenario.load import load_scenario_text
    from rolesim.scenario.world_edits import Edit

    ws = Workspace(load_scenario_text(THREE_SCPS, "t.toml"), tmp_path / "t.toml")
    ws.apply(Edit("name", "scp", "1", account="111111111111", name=" DenyS3 "))
    assert ws.dirty
    assert ws.scenario.accounts[0].scp_names == ["", "DenyS3"]
    ws.apply(Edit("name", "scp", "2", account="111111111111", name="Guardrails"))
    ws.apply(Edit("name", "scp", "1", account="111111111111", name=""))
    assert ws.scenario.accounts[0].scp_names == ["", "", "Guardrails"]
    ws.save()
    saved = load_scenario(tmp_path / "t.toml")
    assert saved.accounts[0].scp_names == ["", "", "Guardrails"]
    ws.apply(Edit("name", "scp", "2", account="111111111111", name=""))
    assert ws.scenario.accounts[0].scp_names is None  # no name left: the key goes
    with pytest.raises(IndexError):
        ws.apply(Edit("name", "scp", "3", account="111111111111", name="Fourth"))
