# ruff: noqa: E501  (TOML test data reads best on one line)
"""Lambda functions and EC2 instances through the Workspace (the world builder's one way to
change a scenario): added, found, renamed with the steps that name them, deleted with what
depends on them, and saved as `[[functions]]`/`[[instances]]` that `rolesim run` replays."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from rolesim.scenario import model as m
from rolesim.scenario.load import load_scenario
from rolesim.scenario.workspace import Workspace
from rolesim.scenario.world_edits import Edit, references_to, runs_as, steps_naming

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "111111111111"
APP = f"arn:aws:iam::{ACCOUNT}:role/app"
PROFILE = f"arn:aws:iam::{ACCOUNT}:instance-profile/app"
WORKER = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:worker"
INSTANCE = "i-0123456789abcdef0"

WORLD = f'''format = 1
title = "functions and instances"

[[accounts]]
id = "{ACCOUNT}"

[[users]]
arn = "arn:aws:iam::{ACCOUNT}:user/dev"

[[roles]]
arn = "{APP}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = ["ec2.amazonaws.com", "lambda.amazonaws.com"] }}, Action = "sts:AssumeRole" }}] }}
inline.read = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }}] }}

[[instance_profiles]]
arn = "{PROFILE}"
role = "{APP}"
'''

STEPS = f'''
[[steps]]
do = "invoke-function"
by = "trainer"
function = "worker"
expect = "ok"
expect_session = {{ arn = "arn:aws:sts::{ACCOUNT}:assumed-role/app/worker" }}

[[steps]]
do = "invoke-function"
by = "trainer"
function = "{WORKER}"
expect = "ok"

[[steps]]
do = "instance-credentials"
instance_id = "{INSTANCE}"
expect = "ok"
expect_session = {{ arn = "arn:aws:sts::{ACCOUNT}:assumed-role/app/{INSTANCE}" }}
'''

Write = Callable[..., Path]


def with_both(write: Write, steps: str = "") -> Workspace:
    ws = Workspace.open(write(WORLD + steps))
    ws.add("function", m.FunctionSpec(arn=WORKER, role=APP))
    ws.add("instance", m.InstanceSpec(id=INSTANCE, account=ACCOUNT, instance_profile=PROFILE))
    return ws


def rolesim_run(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rolesim", "run", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_added_function_and_instance_are_found_by_arn_and_by_id(write: Write) -> None:
    ws = with_both(write)
    assert ws.dirty
    assert ws.find("function", WORKER).role == APP
    assert ws.find("instance", INSTANCE).instance_profile == PROFILE
    world = ws.world()  # the core builds what the builder made
    assert world.functions[WORKER].role == APP
    assert world.instances[INSTANCE].instance_profile == PROFILE
    assert runs_as(ws.scenario, "function", WORKER) == APP
    assert runs_as(ws.scenario, "instance", INSTANCE) == APP  # through its profile (SVC-05)


def test_saved_file_has_the_sections_and_rolesim_run_replays_them_tp15_svc08(
        write: Write, tmp_path: Path) -> None:
    """Lambda assumes the execution role, the session named after the function (TP-15); the
    instance's session is named after its ID (ID-07, SVC-08): the steps prove the saved world
    holds both, with their roles."""
    ws = with_both(write, STEPS)
    target = tmp_path / "saved.toml"
    ws.save(target)
    text = target.read_text(encoding="utf-8")
    assert "[[functions]]" in text and "[[instances]]" in text
    assert 'region = "us-east-1"' not in text  # the default is left out, as a person writes it
    assert load_scenario(target) == ws.scenario
    done = rolesim_run(target)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_function_renamed_takes_the_steps_that_name_it_by_arn_or_by_name(write: Write) -> None:
    ws = with_both(write, STEPS)
    renamed = WORKER.replace(":worker", ":runner")
    ws.apply(Edit("replace", "function", WORKER, spec=m.FunctionSpec(arn=renamed, role=APP)))
    assert ws.find("function", WORKER) is None
    functions = [getattr(s, "function", None) for s in ws.steps]
    assert functions == ["runner", renamed, None]
    assert [r.outcome for r in ws.replay().results] == ["ok", "ok", "ok"]


def test_an_instance_given_a_new_id_takes_its_steps(write: Write) -> None:
    ws = with_both(write, STEPS)
    new = m.InstanceSpec(id="i-0abcdef12", account=ACCOUNT, instance_profile=PROFILE,
                         region="eu-west-1")
    assert ws.replace("instance", INSTANCE, new) == "i-0abcdef12"
    assert ws.steps[2].instance_id == "i-0abcdef12"  # type: ignore[union-attr]
    assert [r.outcome for r in ws.replay().results] == ["ok", "ok", "ok"]
    assert ws.world().instances["i-0abcdef12"].arn == (
        f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/i-0abcdef12")


def test_deleting_a_role_says_what_goes_with_it_then_does_it(write: Write) -> None:
    """A function needs its role and an instance its profile in the file (build refuses
    them otherwise), so they go with it; the question before the delete lists each."""
    ws = with_both(write)
    said = references_to(ws.scenario, APP)
    assert f"the instance profile {PROFILE} hands it out: deleted with it" in said
    assert f"the function {WORKER} runs as it: deleted with it" in said
    assert f"the instance {INSTANCE} runs with {PROFILE}: deleted with it" in said
    changed = ws.apply(Edit("delete", "role", APP))
    assert changed == said
    assert not ws.scenario.functions and not ws.scenario.instances
    assert ws.check() is None


def test_deleting_an_instance_profile_says_its_instances_go_too(write: Write) -> None:
    ws = with_both(write)
    assert references_to(ws.scenario, PROFILE) == [
        f"the instance {INSTANCE} runs with it: deleted with it"]
    ws.delete("instance_profile", PROFILE)
    assert not ws.scenario.instances and ws.scenario.functions
    assert ws.check() is None


def test_deleting_a_function_or_an_instance_leaves_the_rest(write: Write) -> None:
    ws = with_both(write, STEPS)
    assert steps_naming(ws.scenario, "function", WORKER) == 2  # by name and by ARN
    assert steps_naming(ws.scenario, "instance", INSTANCE) == 1
    ws.delete("function", WORKER)
    ws.delete("instance", INSTANCE)
    assert not ws.scenario.functions and not ws.scenario.instances
    assert ws.find("role", APP) is not None and ws.find("instance_profile", PROFILE)
    assert ws.check() is None


def test_steps_that_create_one_are_not_counted_as_needing_it(write: Write) -> None:
    ws = with_both(write, f'''
[[steps]]
do = "create-function"
function = "worker"
role = "{APP}"

[[steps]]
do = "instance-credentials"
instance_profile = "{PROFILE}"
instance_id = "{INSTANCE}"
''')
    assert steps_naming(ws.scenario, "function", WORKER) == 0
    assert steps_naming(ws.scenario, "instance", INSTANCE) == 0  # names its profile itself


def test_an_account_given_a_new_id_moves_its_functions_and_instances(write: Write) -> None:
    ws = with_both(write)
    account = ws.find("account", ACCOUNT)
    ws.replace("account", ACCOUNT, m.AccountSpec(id="333333333333", name=account.name))
    assert ws.scenario.functions[0].arn == WORKER.replace(ACCOUNT, "333333333333")
    assert ws.scenario.functions[0].role == APP.replace(ACCOUNT, "333333333333")
    instance = ws.scenario.instances[0]
    assert instance.account == "333333333333"
    assert instance.instance_profile == PROFILE.replace(ACCOUNT, "333333333333")
    assert ws.check() is None


def test_deleting_an_account_deletes_its_functions_and_instances(write: Write) -> None:
    ws = with_both(write)
    changed = ws.delete("account", ACCOUNT)
    assert any(WORKER in line for line in changed) and any(INSTANCE in line for line in changed)
    assert not ws.scenario.functions and not ws.scenario.instances and not ws.scenario.roles
