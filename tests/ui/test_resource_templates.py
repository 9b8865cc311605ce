"""The resource-policy editor offers templates (F6, and at once on a resource with no policy
yet): bucket policies for an S3 bucket, key policies for a KMS key. Each is a policy IAM
accepts, and decides as AWS does when a world uses it (XA-01, XA-02, EV-03, EV-04, EV-09)."""

from __future__ import annotations

import json

import pytest
from test_builder_flows import SIZE, select

from rolesim.core.policy.model import PolicyType
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay
from rolesim.scenario.templates import RESOURCE_TEMPLATES, defaults, resource_templates, template
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.world.policy_editor import PolicyEditor, check
from rolesim.ui.world.template_picker import TemplatePicker
from rolesim.ui.world.world_tree import NodeRef

OWNER, OTHER = "111111111111", "222222222222"
BUCKET = "arn:aws:s3:::reports"
KEY = f"arn:aws:kms:us-east-1:{OWNER}:key/0a0a0a0a-0000-4000-8000-00000000000a"

WORLD = f"""
format = 1
title = "resource templates"
[[accounts]]
id = "{OWNER}"
[[accounts]]
id = "{OTHER}"
[[users]]
arn = "arn:aws:iam::{OWNER}:user/owner-user"
[[users]]
arn = "arn:aws:iam::{OTHER}:user/reader"
[[users]]
arn = "arn:aws:iam::{OTHER}:user/silent"
[[resources]]
arn = "{BUCKET}"
account = "{OWNER}"
[[resources]]
arn = "{KEY}"
"""


def _values(resource: str) -> dict[str, str]:
    return defaults(load_scenario_text(WORLD, "w.toml"), OWNER, resource=resource)


@pytest.mark.parametrize("found", RESOURCE_TEMPLATES, ids=lambda t: t.id)
def test_every_resource_template_is_a_valid_resource_policy(found: object) -> None:
    arn = KEY if "kms" in found.id else BUCKET  # type: ignore[attr-defined]
    text = found.text(_values(arn))  # type: ignore[attr-defined]
    policy, problems = check(text, PolicyType.RESOURCE)
    assert policy is not None and problems == [], problems


def test_each_resource_gets_the_templates_of_its_service() -> None:
    assert [t.id for t in resource_templates(BUCKET)] == [
        "empty", "s3-other-account-read", "s3-principal-read"]
    assert [t.id for t in resource_templates(KEY)] == [
        "empty", "kms-default", "kms-other-account-use"]
    queue = f"arn:aws:sqs:us-east-1:{OWNER}:jobs"
    assert [t.id for t in resource_templates(queue)] == ["empty", "other-account-any"]
    grant = template("other-account-any").document(_values(queue))["Statement"][0]
    assert grant["Action"] == "sqs:*" and grant["Resource"] == queue


def _outcomes(resource: str, template_id: str, calls: list[tuple[str, str, bool]]) -> list[str]:
    """Put the template on `resource`, then each (user, action, own allow?) calls it once (a
    user's own policy allows every action it is listed with and True)."""
    policy = json.dumps(template(template_id).text(_values(resource)))
    text = WORLD.replace(f'arn = "{resource}"\n', f'arn = "{resource}"\npolicy = {policy}\n')
    target = f"{BUCKET}/q1.csv" if resource == BUCKET else resource
    for user in dict.fromkeys(user for user, _, allowed in calls if allowed):
        actions = json.dumps([a for u, a, allowed in calls if u == user and allowed])
        text = text.replace(f'arn = "{user}"\n', f'arn = "{user}"\n' + (
            f'inline.own = \'{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", '
            f'"Action": {actions}, "Resource": "*"}}]}}\'\n'), 1)
    for user, action, _ in calls:
        text += (f'[[steps]]\ndo = "sign-in"\nprincipal = "{user}"\n'
                 f'[[steps]]\ndo = "call"\naction = "{action}"\nresource = "{target}"\n')
    results = replay(load_scenario_text(text, "w.toml")).results
    return [r.outcome for r in results[1::2]]


def test_xa01_xa02_bucket_for_another_account_needs_the_callers_own_allow_too() -> None:
    reader, silent = f"arn:aws:iam::{OTHER}:user/reader", f"arn:aws:iam::{OTHER}:user/silent"
    assert _outcomes(BUCKET, "s3-other-account-read", [
        (reader, "s3:GetObject", True), (silent, "s3:GetObject", False),
        (reader, "s3:PutObject", True)]) == ["allowed", "implicitDeny", "implicitDeny"]


def test_ev04_bucket_naming_a_user_of_its_account_allows_with_no_identity_policy() -> None:
    owner_user = f"arn:aws:iam::{OWNER}:user/owner-user"
    values = _values(BUCKET)
    values["grantee"] = owner_user
    policy = json.dumps(template("s3-principal-read").text(values))
    text = WORLD.replace(f'arn = "{BUCKET}"\n', f'arn = "{BUCKET}"\npolicy = {policy}\n')
    text += (f'[[steps]]\ndo = "sign-in"\nprincipal = "{owner_user}"\n'
             f'[[steps]]\ndo = "call"\naction = "s3:GetObject"\nresource = "{BUCKET}/a"\n')
    assert [r.outcome for r in replay(load_scenario_text(text, "w.toml")).results] == [
        "ok", "allowed"]


def test_ev09_default_key_policy_lets_the_accounts_identity_policies_decide() -> None:
    owner_user = f"arn:aws:iam::{OWNER}:user/owner-user"
    reader = f"arn:aws:iam::{OTHER}:user/reader"
    assert _outcomes(KEY, "kms-default", [
        (owner_user, "kms:Decrypt", True), (reader, "kms:Decrypt", True),
    ]) == ["allowed", "implicitDeny"]


def test_ev09_xa01_key_for_another_account_still_needs_its_own_allow() -> None:
    reader, silent = f"arn:aws:iam::{OTHER}:user/reader", f"arn:aws:iam::{OTHER}:user/silent"
    owner_user = f"arn:aws:iam::{OWNER}:user/owner-user"
    assert _outcomes(KEY, "kms-other-account-use", [
        (reader, "kms:Decrypt", True), (silent, "kms:Decrypt", False),
        (owner_user, "kms:Decrypt", True), (reader, "kms:ScheduleKeyDeletion", True),
    ]) == ["allowed", "implicitDeny", "allowed", "implicitDeny"]


async def test_p_on_a_bucket_with_no_policy_opens_its_templates_and_f6_offers_them_again(
) -> None:
    """p on the bucket: the editor opens with the bucket templates (another account first);
    ctrl+s uses it, ctrl+s applies; F6 in the editor offers them again."""
    app = make_app(workspace=Workspace(load_scenario_text(WORLD, "w.toml"), None))
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, NodeRef("resource", BUCKET, OWNER))
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        assert picker.query_one("#template").value == "s3-other-account-read"  # type: ignore
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PolicyEditor)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        bucket = next(r for r in app.workspace.scenario.resources if r.arn == BUCKET)
        granted = json.loads(bucket.policy if isinstance(bucket.policy, str)
                             else json.dumps(bucket.policy))
        assert granted["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{OTHER}:root"}
