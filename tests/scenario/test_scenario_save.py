"""Saving: atomic, load-save-load equal for every shipped scenario, comments survive."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from scenario_text import ASSUME, SIGN_IN, WORLD, call

from rolesim.scenario import model as m
from rolesim.scenario.builtin import load_builtin
from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.runner import replay
from rolesim.scenario.save import dumps, save_scenario

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "rolesim" / "lessons").glob("*.toml"))


def test_there_are_shipped_scenarios() -> None:
    assert SHIPPED, "rolesim/lessons/*.toml is empty"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_scenario_round_trips_through_a_fresh_file(path: Path, tmp_path: Path) -> None:
    original = load_scenario(path)
    target = tmp_path / "fresh.toml"
    result = save_scenario(original, target)
    assert not result.preserved
    again = load_scenario(target)
    assert again == original
    assert [r.outcome for r in replay(again).results] == \
        [r.outcome for r in replay(original).results]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_saving_an_unchanged_shipped_scenario_changes_no_byte(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = save_scenario(load_scenario(copy), copy)
    assert result.preserved and result.note is None
    assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_builtin_round_trips(tmp_path: Path) -> None:
    scenario = load_builtin()
    save_scenario(scenario, tmp_path / "b.toml")
    assert load_scenario(tmp_path / "b.toml") == scenario


def test_comments_in_a_hand_written_file_survive_a_save(write) -> None:  # type: ignore[no-untyped-def]
    text = (WORLD + "\n# --- the lesson ---" + SIGN_IN + "# David first\n" + ASSUME
            + call("s3:PutObject") + "# the write should work\n")
    path = write(text)
    scenario = load_scenario(path)
    scenario.title = "renamed"
    scenario.steps.insert(1, m.AdvanceStep(minutes=5))
    scenario.steps[-1].expect = "allowed"
    save_scenario(scenario, path)
    saved = path.read_text(encoding="utf-8")
    for comment in ("# a hand-written scenario", "# --- the lesson ---", "# David first",
                    "# the write should work"):
        assert comment in saved
    assert load_scenario(path) == scenario
    assert 'title = "renamed"' in saved


def test_deleting_a_step_keeps_the_other_comments(write) -> None:  # type: ignore[no-untyped-def]
    text = WORLD + SIGN_IN + "note = 'first'  # keep me\n" + ASSUME + call("s3:PutObject")
    path = write(text)
    scenario = load_scenario(path)
    del scenario.steps[1]
    save_scenario(scenario, path)
    assert "# keep me" in path.read_text(encoding="utf-8")
    assert [s.do for s in load_scenario(path).steps] == ["sign-in", "call"]


def test_json_policy_strings_are_saved_as_tables_in_a_new_file(tmp_path: Path) -> None:
    text = WORLD + "inline.read = '''{\"Version\": \"2012-10-17\", \"Statement\": " \
        "[{\"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\"}]}'''\n"
    scenario = load_scenario_text(text)
    assert isinstance(scenario.roles[0].inline["read"], str)
    save_scenario(scenario, tmp_path / "new.toml")
    data = tomllib.loads((tmp_path / "new.toml").read_text(encoding="utf-8"))
    assert data["roles"][0]["inline"]["read"]["Statement"][0]["Action"] == "s3:Get*"
    assert load_scenario(tmp_path / "new.toml") == scenario  # both mean the same thing


def test_unchanged_json_policy_string_stays_a_string_in_place(write) -> None:  # type: ignore[no-untyped-def]
    text = WORLD + "inline.read = '{\"Version\": \"2012-10-17\", \"Statement\": []}'\n"
    path = write(text)
    scenario = load_scenario(path)
    scenario.title = "x"
    save_scenario(scenario, path)
    assert "inline.read = '{\"Version\": \"2012-10-17\", \"Statement\": []}'" in \
        path.read_text(encoding="utf-8")


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    scenario = load_scenario_text(WORLD + SIGN_IN)
    save_scenario(scenario, tmp_path / "a.toml")
    save_scenario(scenario, tmp_path / "a.toml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


def test_fresh_rendering_is_valid_toml_with_defaults_left_out() -> None:
    scenario = load_scenario_text(WORLD + SIGN_IN)
    text = dumps(scenario)
    assert "mfa" not in text  # default false, not written
    assert tomllib.loads(text)["steps"][0]["do"] == "sign-in"


def test_explicit_default_written_by_hand_is_kept() -> None:
    scenario = load_scenario_text(WORLD + SIGN_IN + "mfa = false\n")
    assert "mfa = false" in dumps(scenario)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_comment_of_a_shipped_scenario_survives_an_edit(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    original = path.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    scenario = load_scenario(copy)
    scenario.title += " (edited)"
    if scenario.steps:
        scenario.steps[-1].note = "edited"
    scenario.steps.append(m.ExitStep())
    result = save_scenario(scenario, copy)
    assert result.preserved, result.note
    saved = copy.read_text(encoding="utf-8")
    comments = [line.strip() for line in original.splitlines() if line.strip().startswith("#")]
    assert [c for c in comments if c not in saved] == []
    assert load_scenario(copy) == scenario


def test_world_edits_in_a_hand_written_file_keep_its_comments(write) -> None:  # type: ignore[no-untyped-def]
    path = write(WORLD + "# the steps\n" + SIGN_IN + ASSUME)
    scenario = load_scenario(path)
    role = scenario.roles[0]
    role.tags = {"team": "ops"}
    role.inline["write"] = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", ' \
        '"Action": "s3:Put*", "Resource": "*"}}'
    scenario.users.append(m.UserSpec(arn="arn:aws:iam::111111111111:user/Ann",
                                     inline={"none": {"Version": "2012-10-17", "Statement": []}}))
    scenario.steps.append(m.UpdateTrustStep(role=role.arn, trust={
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*",
                                                "Principal": "*"}]}))
    result = save_scenario(scenario, path)
    assert result.preserved, result.note
    saved = path.read_text(encoding="utf-8")
    assert "# a hand-written scenario" in saved and "# the steps" in saved
    assert load_scenario(path) == scenario
    # a policy added in the TUI is written as a readable table, not JSON text
    assert "Statement = [\n" in saved.split('do = "update-trust"')[1]


def test_fresh_file_writes_policies_as_inline_tables_one_statement_a_line(tmp_path: Path) -> None:
    save_scenario(load_scenario_text(WORLD + SIGN_IN), tmp_path / "f.toml")
    saved = (tmp_path / "f.toml").read_text(encoding="utf-8")
    assert "trust = {Version = \"2012-10-17\", Statement = [\n    {Effect = \"Allow\"" in saved
    assert "[roles.inline]" in saved


def test_new_description_goes_under_the_title(write) -> None:  # type: ignore[no-untyped-def]
    path = write(WORLD + SIGN_IN)
    scenario = load_scenario(path)
    scenario.description = "The lesson.\nSecond line."
    save_scenario(scenario, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2] == 'title = "test world"' and lines[3].startswith("description = ")
    assert load_scenario(path).description == "The lesson.\nSecond line."


def test_save_as_over_another_file_replaces_it(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = load_scenario(write(WORLD + SIGN_IN, "mine.toml"))
    other = write("# someone else's notes\nformat = 1\ntitle = 'other'\n", "other.toml")
    result = save_scenario(mine, other)
    assert not result.preserved
    text = other.read_text(encoding="utf-8")
    assert "someone else's notes" not in text
    assert load_scenario(other) == mine
