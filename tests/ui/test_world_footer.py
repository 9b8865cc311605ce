"""The World tab's footer lists what can be done on the selected node: `t Trust` only on a role
(only roles have a trust policy), `p Policy` only where p opens or adds a policy, and the keys
that are left out do nothing there (they used to answer with a warning)."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

from test_builder_flows import app_for, select
from textual.widgets._footer import FooterKey

from rolesim.ui.app import RolesimApp
from rolesim.ui.common.confirm import MessageModal
from rolesim.ui.shell.help import HelpModal
from rolesim.ui.world.policy_editor import PolicyEditor
from rolesim.ui.world.world_tree import NodeRef

ACCOUNT = "111111111111"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Ops"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
SLR = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
PROFILE = f"arn:aws:iam::{ACCOUNT}:instance-profile/Ops"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"

WORLD = f"""
format = 1
title = "Footer"
[[accounts]]
id = "{ACCOUNT}"
scps = ['{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*"}}]}}']
[[users]]
arn = "{USER}"
policies = ["{ADMIN}"]
[[roles]]
arn = "{ROLE}"
trust = {{ Version = "2012-10-17", Statement = [ {{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{ACCOUNT}:root" }}, Action = "sts:AssumeRole" }} ] }}
[[roles]]
arn = "{SLR}"
trust = {{ Version = "2012-10-17", Statement = [ {{ Effect = "Allow", Principal = {{ Service = "elasticbeanstalk.amazonaws.com" }}, Action = "sts:AssumeRole" }} ] }}
[[instance_profiles]]
arn = "{PROFILE}"
role = "{ROLE}"
"""


def footer(app: RolesimApp) -> list[str]:
    """The footer's key labels, as shown."""
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_footer_lists_trust_and_policy_only_where_they_apply() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(120, 40)) as pilot:
        expected = {
            NodeRef("role", ROLE, ACCOUNT): {"Trust": True, "Policy": True, "Edit": True},
            NodeRef("user", USER, ACCOUNT): {"Trust": False, "Policy": True, "Edit": True},
            NodeRef("section", "role", ACCOUNT): {"Trust": False, "Policy": False,
                                                  "Edit": False, "Delete": False},
            # an SCP is named and renamed (scp_names), like the entities around it
            NodeRef("scp", "0", ACCOUNT): {"Trust": False, "Policy": True, "Rename": True},
            NodeRef("account", ACCOUNT, ACCOUNT): {"Trust": False, "Policy": True},
            NodeRef("instance_profile", PROFILE, ACCOUNT): {"Trust": False, "Policy": False,
                                                            "Rename": True},
            # a service-linked role's trust can be read (read-only, SLR-03); nothing to add
            NodeRef("role", SLR, ACCOUNT): {"Trust": True, "Policy": False},
            # the AWS managed policy is shown read-only by p; its pseudo-account has nothing
            NodeRef("policy", ADMIN, "aws"): {"Trust": False, "Policy": True},
            NodeRef("account", "aws", "aws"): {"Trust": False, "Policy": False, "Edit": False,
                                               "Delete": False},
        }
        for ref, shown in expected.items():
            await select(app, pilot, ref)
            await pilot.pause()
            labels = footer(app)
            assert "New" in labels, ref
            for label, wanted in shown.items():
                assert (label in labels) is wanted, (ref, label, labels)


async def test_a_key_left_out_does_nothing_and_one_shown_works() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, NodeRef("user", USER, ACCOUNT))
        await pilot.press("t")
        await pilot.pause()
        assert not app.screen.is_modal and not app._notifications, "t on a user: no warning"
        await select(app, pilot, NodeRef("instance_profile", PROFILE, ACCOUNT))
        await pilot.press("p")
        await pilot.pause()
        assert not app.screen.is_modal and not app._notifications
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PolicyEditor)
        await pilot.press("escape")
        await select(app, pilot, NodeRef("policy", ADMIN, "aws"))
        await pilot.press("e")  # it cannot change, and says why
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)


async def test_f1_lists_the_keys_of_the_selected_node() -> None:
    app = app_for(WORLD)
    async with app.run_test(size=(120, 40)) as pilot:
        await select(app, pilot, NodeRef("user", USER, ACCOUNT))
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        assert "world: edit trust policy" not in app.screen.text
        assert "`t` on a role" in app.screen.text  # the help says where t applies
        await pilot.press("escape")
        await select(app, pilot, NodeRef("role", ROLE, ACCOUNT))
        await pilot.press("f1")
        await pilot.pause()
        assert "world: edit trust policy" in app.screen.text
