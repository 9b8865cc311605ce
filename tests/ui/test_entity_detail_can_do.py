"""The world builder's "What it can do" for a user or role: effective permissions of a fresh
session per service and access level, and what the boundary (EV-10), explicit denies (EV-02)
and SCPs (EV-11) take away. Selected with real keys; worked out in a worker, cached per world."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from test_builder_flows import select

from rolesim.core.analysis import principal as principal_module
from rolesim.core.analysis.principal import principal_permissions
from rolesim.core.catalog import get_catalog
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import RolesimApp, make_app
from rolesim.ui.world.entity_detail import EntityDetail, describe
from rolesim.ui.world.permission_summary import level_letters, short_resource
from rolesim.ui.world.world_builder import WorldBuilder
from rolesim.ui.world.world_tree import NodeRef

SIZE = (120, 40)
A = "111111111111"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
TRUST = f'{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}}, "Action": "sts:AssumeRole"}}]}}'

WORLD = f"""
format = 1
title = "What it can do"
[[accounts]]
id = "{A}"
scps = ['{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}, {{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*"}}]}}']
[[policies]]
arn = "arn:aws:iam::{A}:policy/s3-only"
document = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}'
[[groups]]
arn = "arn:aws:iam::{A}:group/readers"
inline.read = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:{A}:table/orders"}}]}}'
[[users]]
arn = "arn:aws:iam::{A}:user/alice"
groups = ["arn:aws:iam::{A}:group/readers"]
[[roles]]
arn = "arn:aws:iam::{A}:role/Bounded"
policies = ["{ADMIN}"]
boundary = "arn:aws:iam::{A}:policy/s3-only"
trust = '{TRUST}'
[[roles]]
arn = "arn:aws:iam::{A}:role/NoDelete"
inline.s3 = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}, {{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}]}}'
trust = '{TRUST}'
[[roles]]
arn = "arn:aws:iam::{A}:role/Ops"
policies = ["{ADMIN}"]
trust = '{TRUST}'
[[roles]]
arn = "arn:aws:iam::{A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
inline.s3 = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}'
trust = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "elasticbeanstalk.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}'
"""

SLR = f"arn:aws:iam::{A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"


def role_ref(name: str) -> NodeRef:
    return NodeRef("role", f"arn:aws:iam::{A}:role/{name}", A)


def app_for_world() -> RolesimApp:
    return make_app(workspace=Workspace(load_scenario_text(WORLD, "can-do.toml"), None))


def shown(app: RolesimApp) -> str:
    """The detail panel's lines as the terminal shows them."""
    detail = app.screen.query_one(EntityDetail)
    return "\n".join("".join(seg.text for seg in detail.render_line(y)).rstrip()
                     for y in range(detail.size.height))


async def settle(app: RolesimApp, pilot: Any) -> None:
    """Wait until the world is read and the selected user's or role's "What it can do" (a
    function's or instance's: its role's) is worked out and shown (snapshots use this too,
    so they never catch it half-way)."""
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        builders = app.screen_stack[0].query(WorldBuilder)
        if not builders:
            continue
        builder = builders.first()
        ref = builder.selected
        busy = any(w.group == "builder-can-do" and not w.is_finished for w in app.workers)
        principal = builder.principal_of(ref)  # a function's or instance's: its role
        if builder.ready and not busy and (
                principal is None or builder.world is None or principal in builder.can_do
                or (principal not in builder.world.roles
                    and principal not in builder.world.users)):
            await pilot.pause()
            return
    raise AssertionError("the world builder never settled")


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def plain(ref: NodeRef, can_do: Any = None) -> str:
    """describe() rendered as plain text, 80 columns."""
    scenario = load_scenario_text(WORLD, "can-do.toml")
    world = build_world(scenario)
    if can_do is None:
        can_do = principal_permissions(world, ref.key)
    console = Console(width=80, record=True, color_system=None)
    console.print(describe(ref, scenario, world, None, can_do))
    return console.export_text()


async def test_ev10_selecting_admin_with_an_s3_boundary_shows_only_s3() -> None:
    """AdministratorAccess ∩ a boundary of s3:* = S3 only (EV-10); the rest is what the
    boundary cuts off."""
    app = app_for_world()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, role_ref("Bounded"))
        await settle(app, pilot)
        builder = app.screen.query_one(WorldBuilder)
        builder.query_one("#detail-scroll").styles.height = 200  # the whole panel, unscrolled
        await pilot.pause()
        text = shown(app)
    assert "What it can do" in text
    table = section(text, "What it can do", "What limits take away")
    rows = [line.split()[0] for line in table.splitlines()
            if line.startswith("  ") and not line.startswith("      ") and line.split()]
    assert "service" in rows and "s3" in rows
    assert not {"ec2", "iam", "sts"} & set(rows), rows
    s3 = get_catalog().service("s3")
    assert s3 is not None
    assert f"{len(s3.actions):,} actions in 1 of" in table, "every S3 action, nothing else"
    limits = section(text, "What limits take away", "Its policies, in words")
    assert "Permissions boundary s3-only cuts off" in limits
    others = len(get_catalog().services()) - 1
    iam = get_catalog().service("iam")
    assert iam is not None
    # every service but S3 is cut off, IAM (the road to escalation) named first, all of it
    assert f"in {others} services: iam {len(iam.actions)}, " in " ".join(limits.split())
    assert "Managed policies" in text.split("Its policies, in words", 1)[1]


async def test_ev02_an_explicit_deny_on_delete_bucket_is_shown_excluded() -> None:
    app = app_for_world()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, role_ref("NoDelete"))
        await settle(app, pilot)
        app.screen.query_one("#detail-scroll").styles.height = 200
        await pilot.pause()
        text = shown(app)
    table = section(text, "What it can do", "What limits take away")
    assert "all but DeleteBucket, on any resource" in table
    limits = section(text, "What limits take away", "Its policies, in words")
    assert "Explicit Deny" in limits
    assert "s3:DeleteBucket" in limits


def test_ev11_the_scp_deny_is_said_as_the_organizations_doing() -> None:
    text = plain(role_ref("Ops"))
    limits = section(text, "What limits take away", "Its policies, in words")
    assert "Service control policies" in limits and "ec2:TerminateInstances" in limits
    assert "all but TerminateInstances" in section(text, "What it can do", "What limits")


def test_a_user_gets_its_group_policy_scoped_to_its_resource() -> None:
    """A user's groups give it their policies; an action allowed on one table only is said
    with that table."""
    text = plain(NodeRef("user", f"arn:aws:iam::{A}:user/alice", A))
    table = section(text, "What it can do", "What limits take away")
    assert "This user signed in" in table
    assert "dynamodb" in table
    assert "only on table/orders: GetItem" in table


def test_org04_slr_shows_the_same_read_only_and_no_scp() -> None:
    text = plain(NodeRef("role", SLR, A))
    can_do = section(text, "What it can do", "Its policies, in words")
    assert "Read-only" in can_do and "SLR-02" in can_do
    assert "on any resource: GetObject" in can_do
    assert "Service control policies" not in can_do, "SCPs never limit an SLR (ORG-04)"


def test_while_working_it_out_the_section_says_so() -> None:
    scenario = load_scenario_text(WORLD, "can-do.toml")
    console = Console(width=80, record=True, color_system=None)
    console.print(describe(role_ref("Ops"), scenario, build_world(scenario), None, None))
    assert "Working it out" in console.export_text()


async def test_moving_through_the_tree_works_out_each_role_once_and_caches_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = principal_module.principal_permissions

    def counted(world: Any, arn: str, clock: Any = None) -> Any:
        calls.append(arn)
        return real(world, arn, clock)

    monkeypatch.setattr(principal_module, "principal_permissions", counted)
    app = app_for_world()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, role_ref("Bounded"))
        await settle(app, pilot)
        await select(app, pilot, role_ref("NoDelete"))
        await settle(app, pilot)
        before = list(calls)
        await select(app, pilot, role_ref("Bounded"))  # back: from the cache, at once
        assert "cuts off" in shown(app) or "What it can do" in shown(app)
        assert "Working it out" not in shown(app)
        await settle(app, pilot)
        assert calls == before, "a role already worked out is not worked out again"
        assert len(calls) == len(set(calls))
        # An edit builds a new world: the cache is emptied and the role worked out again.
        app.workspace.mark_dirty()  # what every edit does to the Workspace
        app.workspace_changed()
        await settle(app, pilot)
        assert calls.count(role_ref("Bounded").key) == 2


async def test_racing_down_the_tree_runs_one_worker_at_a_time() -> None:
    app = app_for_world()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("user", f"arn:aws:iam::{A}:user/alice", A))
        for _ in range(8):
            await pilot.press("down")
            running = [w for w in app.workers if w.group == "builder-can-do"
                       and not w.is_finished]
            assert len(running) <= 1
        await settle(app, pilot)
        builder = app.screen.query_one(WorldBuilder)
        selected = builder.selected
        assert selected is not None
        if selected.kind in ("user", "role"):
            assert selected.key in builder.can_do
            assert "Working it out" not in shown(app)


def test_level_letters_and_short_resources() -> None:
    """`level_letters` says a service's counts as the inspector's table does: `L1  R2`."""
    world = build_world(load_scenario_text(WORLD, "can-do.toml"))
    result = principal_permissions(world, f"arn:aws:iam::{A}:user/alice")
    dynamodb = result.effective.by_service()["dynamodb"]
    assert level_letters(dynamodb) == "R1"
    assert short_resource("arn:aws:s3:::data/*", A) == "data/*"
    assert short_resource(f"arn:aws:iam::{A}:role/Ops", A) == "role/Ops"
    assert short_resource("arn:aws:iam::222222222222:role/Ops", A) == "role/Ops (222222222222)"
