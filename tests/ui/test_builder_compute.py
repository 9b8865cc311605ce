# ruff: noqa: E501  (TOML fixtures keep one entity per line)
"""Lambda functions and EC2 instances in the world builder, with real keys as a trainer would
press them: created from `n` (f, c), shown in the tree and the detail pane, edited, renamed,
deleted (the question says what goes with them), filtered; each flow ends in the Workspace."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_builder_flows import select, type_text
from test_entity_detail_can_do import settle, shown
from textual.widgets import Input

from rolesim.scenario.load import load_scenario, load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.common.confirm import ConfirmModal
from rolesim.ui.world.entity_form import EntityForm
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef, WorldTree

SIZE = (120, 40)
ROOT = Path(__file__).resolve().parents[2]
PROD = "111111111111"
APP = f"arn:aws:iam::{PROD}:role/app"
OPS = f"arn:aws:iam::{PROD}:role/Ops"
PROFILE = f"arn:aws:iam::{PROD}:instance-profile/app"
WORKER = f"arn:aws:lambda:us-east-1:{PROD}:function:worker"
ACCOUNT = NodeRef("account", PROD, PROD)

WORLD = f"""
format = 1
title = "Compute"
[[accounts]]
id = "{PROD}"
name = "prod"
[[users]]
arn = "arn:aws:iam::{PROD}:user/dev"
inline.code = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], Resource = "*" }}] }}
[[roles]]
arn = "{OPS}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{PROD}:root" }}, Action = "sts:AssumeRole" }}] }}
[[roles]]
arn = "{APP}"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = ["lambda.amazonaws.com", "ec2.amazonaws.com"] }}, Action = "sts:AssumeRole" }}] }}
inline.admin = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}] }}
[[instance_profiles]]
arn = "{PROFILE}"
role = "{APP}"
"""

WITH_BOTH = WORLD + f"""
[[functions]]
arn = "{WORKER}"
role = "{APP}"
[[instances]]
id = "i-0123456789abcdef0"
account = "{PROD}"
instance_profile = "{PROFILE}"
[[steps]]
do = "invoke-function"
by = "trainer"
function = "worker"
"""


def app_for(text: str) -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(text, "t.toml"), None))


def error_text(form: EntityForm, field: str) -> str:
    return str(form.query_one(f"#{field}-error").render())


async def detail_text(app: RolesimApp, pilot: Any) -> str:
    """The whole detail panel as shown (unscrolled), its lines joined by single spaces."""
    app.screen.query_one(WorldBuilder).query_one("#detail-scroll").styles.height = 200
    await pilot.pause()
    return " ".join(shown(app).split())


def shown_keys(tree: WorldTree) -> list[str]:
    """The keys of every node the tree shows now."""
    out: list[str] = []
    stack = list(tree.root.children)
    while stack:
        node = stack.pop(0)
        if node.data is not None:
            out.append(node.data.key)
        stack[0:0] = list(node.children)
    return out


async def test_n_f_creates_a_function_typing_replaces_the_example_name_role_picked() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "f")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "function"
        name = form.query_one("#name", Input)
        assert form.focused is name and name.value == "my-function"
        assert name.selected_text == "my-function"  # typing replaces it
        # the role that trusts Lambda is proposed, not the first role of the account
        assert form._value("role") == APP
        await type_text(pilot, "bad name!")
        assert "Not allowed in a function name" in error_text(form, "name")
        await pilot.press("ctrl+s")
        assert app.screen is form, "a name Lambda refuses is never accepted"
        name.value = ""
        await type_text(pilot, "worker")
        assert error_text(form, "name") == ""
        assert WORKER in str(form.query_one("#arn-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EntityForm)
        functions = app.workspace.scenario.functions
        assert [(f.arn, f.role) for f in functions] == [(WORKER, APP)]
        builder = app.screen.query_one(WorldBuilder)
        assert builder.selected == NodeRef("function", WORKER, PROD)
        assert app.workspace.world().functions[WORKER].role == APP


async def test_n_e_creates_an_ec2_instance_in_its_profiles_account_bad_ids_refused() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "e")
        form = app.screen
        assert isinstance(form, EntityForm) and form.kind == "instance"
        ident = form.query_one("#id", Input)
        assert form.focused is ident and ident.selected_text == "i-0123456789abcdef0"
        assert form._value("instance_profile") == PROFILE
        await type_text(pilot, "i-12")
        assert "8 to 17 hex digits" in error_text(form, "id")
        await pilot.press("ctrl+s")
        assert app.screen is form
        await type_text(pilot, "3456ab")
        assert error_text(form, "id") == ""
        await pilot.press("tab", "tab")  # the profile, then the Region
        region = form.query_one("#region", Input)
        assert form.focused is region
        region.value = ""
        await type_text(pilot, "Europe")
        assert "us-east-1" in error_text(form, "region")
        region.value = ""
        await type_text(pilot, "eu-west-3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        instances = app.workspace.scenario.instances
        assert [(i.id, i.account, i.instance_profile, i.region) for i in instances] == [
            ("i-123456ab", PROD, PROFILE, "eu-west-3")]
        builder = app.screen.query_one(WorldBuilder)
        assert builder.selected == NodeRef("instance", "i-123456ab", PROD)
        world = app.workspace.world()
        assert world.instances["i-123456ab"].arn == f"arn:aws:ec2:eu-west-3:{PROD}:instance/i-123456ab"


async def test_an_instance_needs_a_profile_first_said_in_the_form() -> None:
    app = app_for(WORLD.split("[[instance_profiles]]")[0])
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "e", "ctrl+s")
        form = app.screen
        assert isinstance(form, EntityForm)
        assert "create one first" in str(form.query_one("#form-error").render())
        assert not app.workspace.scenario.instances


async def test_function_detail_shows_its_role_what_it_can_do_and_why_svc02() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("function", WORKER, PROD))
        await settle(app, pilot)
        text = await detail_text(app, pilot)
        assert "Runs as (execution role): app" in text
        assert "its trust policy lets lambda.amazonaws.com assume it" in text
        assert "SVC-02" in text and "lambda:UpdateFunctionCode" in text
        assert "What its role can do" in text and "admin" not in text.split("What its")[0]
        can_do = text.split("What its role can do", 1)[1]
        assert "services" in can_do  # the role's permission summary, as for the role itself
        into = text.split("Who can become its role, by any path", 1)[1]
        assert "user/dev" in into and "update-function-code" in into  # the escalation
        assert "Steps that name it: 1" in text


async def test_instance_detail_shows_profile_role_and_why_svc08() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("instance", "i-0123456789abcdef0", PROD))
        await settle(app, pilot)
        text = await detail_text(app, pilot)
        assert "Instance profile: app" in text and "Role (from its profile): app" in text
        assert f"arn:aws:ec2:us-east-1:{PROD}:instance/i-0123456789abcdef0" in text
        assert "SVC-08" in text and "ssm:SendCommand" in text
        assert "What its role can do" in text


async def test_a_role_that_does_not_trust_lambda_is_said_in_the_form_and_the_detail_tp15() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("function", WORKER, PROD))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntityForm) and form.heading == f"Edit Lambda function {WORKER}"
        form.query_one("#role").focus()
        await pilot.press("enter", "up", "enter")  # Ops: first in the list
        assert form._value("role") == OPS
        assert "does not name lambda.amazonaws.com" in str(form.query_one("#arn-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workspace.scenario.functions[0].role == OPS
        await settle(app, pilot)
        assert "does not let lambda.amazonaws.com assume it" in await detail_text(app, pilot)
        result = app.workspace.replay().results[0]
        assert result.outcome != "ok"  # Lambda cannot assume it: the invoke is refused


async def test_rename_a_function_and_an_instance_steps_follow() -> None:
    app = app_for(WITH_BOTH + """
[[steps]]
do = "instance-credentials"
instance_id = "i-0123456789abcdef0"
""")
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("function", WORKER, PROD))
        await pilot.press("r")
        form = app.screen
        assert isinstance(form, EntityForm) and form.rename
        assert not form.query("#role")  # a rename asks for the name only
        assert WORKER in str(form.query_one("#arn-preview").render())
        await type_text(pilot, "runner")  # replaces the selected name
        assert WORKER.replace("worker", "runner") in str(
            form.query_one("#arn-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        scenario = app.workspace.scenario
        assert scenario.functions[0].arn == WORKER.replace("worker", "runner")
        assert scenario.steps[0].function == "runner"  # type: ignore[union-attr]
        await select(app, pilot, NodeRef("instance", "i-0123456789abcdef0", PROD))
        await pilot.press("r")
        await type_text(pilot, "i-0abcdef01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert scenario.instances[0].id == "i-0abcdef01"
        assert scenario.steps[1].instance_id == "i-0abcdef01"  # type: ignore[union-attr]
        assert [r.outcome for r in app.workspace.replay().results] == ["ok", "ok"]


async def test_an_id_taken_is_refused() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "e")
        form = app.screen
        assert isinstance(form, EntityForm)
        assert form.query_one("#id", Input).value == "i-0123456789abcdef1"  # the next free one
        form.query_one("#id", Input).value = "i-0123456789abcdef0"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "already" in str(form.query_one("#form-error").render())


async def test_deleting_the_role_says_the_function_and_instance_go_with_it() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("role", APP, PROD))
        await pilot.press("x")
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        text = modal.question
        assert f"the function {WORKER} runs as it: deleted with it" in text
        assert "the instance i-0123456789abcdef0 runs with" in text
        await pilot.press("y")
        await pilot.pause()
        scenario = app.workspace.scenario
        assert not scenario.functions and not scenario.instances
        app.workspace.world()


async def test_deleting_a_function_named_by_a_step_says_the_step_will_fail() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("function", WORKER, PROD))
        await pilot.press("x")
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        text = modal.question
        assert "1 step names it: it will get ResourceNotFoundException" in text
        await pilot.press("y")
        await pilot.pause()
        assert not app.workspace.scenario.functions and app.workspace.scenario.instances
        assert app.workspace.replay().results[0].outcome == "ResourceNotFoundException"


async def test_p_on_a_function_says_what_p_is_for_instead_of_failing() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("function", WORKER, PROD))
        await pilot.press("p")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal | EntityForm)
        assert not app.workspace.dirty


async def test_the_filter_finds_functions_by_name_and_instances_by_arn() -> None:
    app = app_for(WITH_BOTH)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(WorldTree)
        await pilot.press("slash")
        await type_text(pilot, "ec2:us-east")  # in the instance's ARN, not in its ID
        assert "i-0123456789abcdef0" in shown_keys(tree) and WORKER not in shown_keys(tree)
        assert tree.border_title == "1 of 6 match"  # dev, Ops, app, the profile, worker, the instance
        app.screen.query_one("#tree-filter", Input).value = ""
        await type_text(pilot, "work")
        assert WORKER in shown_keys(tree) and "i-0123456789abcdef0" not in shown_keys(tree)


async def test_trainer_adds_a_function_and_an_instance_to_lesson_32_saves_and_it_runs(
        tmp_path: Path) -> None:
    """Lesson 32 has no instance profile: the trainer makes one (n, e), then an instance
    with it (n, c) and a function (n, f), saves (ctrl+s) and `rolesim run` replays the file."""
    lesson = tmp_path / "32.toml"
    shutil.copy(ROOT / "rolesim/lessons/32-update-assume-role-policy-backdoor.toml", lesson)
    app = make_app(workspace=Workspace.open(lesson))
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "I", "I", "enter")  # identity provider, instance profile
        await type_text(pilot, "ci-runner")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "e", "ctrl+s")
        await pilot.pause()
        await select(app, pilot, ACCOUNT)
        await pilot.press("n", "f")
        await type_text(pilot, "nightly-report")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workspace.dirty
        await pilot.press("ctrl+s")  # save the scenario to its file
        await pilot.pause()
        assert not app.workspace.dirty
    saved = load_scenario(lesson)
    assert [f.arn for f in saved.functions] == [
        f"arn:aws:lambda:us-east-1:{PROD}:function:nightly-report"]
    assert [(i.id, i.instance_profile) for i in saved.instances] == [
        ("i-0123456789abcdef0", f"arn:aws:iam::{PROD}:instance-profile/ci-runner")]
    done = subprocess.run([sys.executable, "-m", "rolesim", "run", str(lesson)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr


def test_a_role_and_a_profile_say_what_runs_as_them() -> None:
    """Selecting the role (or the profile) shows the function and the instance that run as
    it: whoever reaches those acts as the role (SVC-02, SVC-08)."""
    from rich.console import Console

    from rolesim.scenario.build import build_world
    from rolesim.ui.world.entity_detail import describe

    scenario = load_scenario_text(WITH_BOTH, "t.toml")
    world = build_world(scenario)

    def text(ref: NodeRef) -> str:
        console = Console(width=100, record=True, color_system=None)
        console.print(describe(ref, scenario, world, None))
        return " ".join(console.export_text().split())

    role = text(NodeRef("role", APP, PROD))
    assert ("Runs code for • Lambda function worker • EC2 instance i-0123456789abcdef0 "
            "(instance profile app)") in role
    assert "Runs code for" not in text(NodeRef("role", OPS, PROD))
    assert "EC2 instances running with it • i-0123456789abcdef0" in text(
        NodeRef("instance_profile", PROFILE, PROD))
