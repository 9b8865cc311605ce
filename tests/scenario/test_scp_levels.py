"""SCPs at every level of the organization (optional `scp_levels` key, docs/scenario-format.md).

AWS (ORG-02): to allow a request, an SCP must allow it at EVERY level of the path from the
organization root through each OU to the account itself; an explicit Deny in any SCP on that
path denies. SCPs never limit the management account (ORG-01).
"""

from __future__ import annotations

import json

import pytest

from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

ACCOUNT = "111111111111"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
FULL = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})
ONLY_EC2 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]})
DENY_S3 = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})


def scenario(root: str, ou: str, own: str, management: bool = False) -> str:
    """Alice may do anything by IAM; the SCPs at root, OU "Workloads" and the account vary."""
    return f"""format = 1
title = "scp levels"
[[accounts]]
id = "{ACCOUNT}"
management = {"true" if management else "false"}
scps = ['{own}']
[[accounts.scp_levels]]
name = "root r-ab12"
scps = ['{root}']
[[accounts.scp_levels]]
name = "OU Workloads"
scps = ['{ou}']
[[users]]
arn = "{ALICE}"
[users.inline.all]
Version = "2012-10-17"
Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}]
[[steps]]
do = "sign-in"
principal = "{ALICE}"
[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::bucket/key"
"""


def call(text: str) -> tuple[str, str]:
    """The S3 call's outcome and the evaluator's reason."""
    result = replay(load_scenario_text(text)).results[-1]
    assert result.decision is not None
    return result.outcome, result.decision.reason


def test_org02_allowed_at_every_level_is_allowed() -> None:
    assert call(scenario(FULL, FULL, FULL))[0] == "allowed"


def test_org02_allowed_at_root_but_not_in_the_ou_is_denied() -> None:
    """ORG-02: FullAWSAccess at the root and on the account do not make up for an OU whose
    SCPs allow only EC2. The Why names the OU, the level that failed."""
    outcome, reason = call(scenario(FULL, ONLY_EC2, FULL))
    assert outcome == "implicitDeny"
    assert "OU Workloads" in reason and "s3:GetObject" in reason
    assert "root" not in reason.split("(")[0]


def test_org02_one_level_missing_an_allow_is_denied_the_account_level_too() -> None:
    """ORG-02: the account itself is a level: allowed at root and OU is not enough."""
    outcome, reason = call(scenario(FULL, FULL, ONLY_EC2))
    assert outcome == "implicitDeny"
    assert f"account {ACCOUNT}" in reason


def test_org02_the_root_level_is_checked_as_well() -> None:
    outcome, reason = call(scenario(ONLY_EC2, FULL, FULL))
    assert outcome == "implicitDeny" and "root r-ab12" in reason


def test_org02_a_deny_at_the_root_denies_whatever_the_lower_levels_allow() -> None:
    """ORG-02 / EV-02: an explicit Deny in any SCP on the path wins."""
    outcome, reason = call(scenario(DENY_S3, FULL, FULL))
    assert outcome == "explicitDeny"
    assert "root r-ab12" in reason


def test_org01_the_management_account_is_not_limited_at_any_level() -> None:
    """ORG-01: SCPs never limit the management account, whatever the levels say."""
    assert call(scenario(DENY_S3, ONLY_EC2, ONLY_EC2, management=True))[0] == "allowed"


def test_scps_alone_keep_their_meaning_as_one_level() -> None:
    """Without `scp_levels`, `scps` is one level: at least one allows, none denies."""
    text = scenario(FULL, FULL, FULL).replace(
        f"scps = ['{FULL}']\n[[accounts.scp_levels]]", "scps = ['" + ONLY_EC2 + "', '" + FULL
        + "']\n[[unused]]", 1)
    text = text[:text.index("[[unused]]")] + text[text.index("[[users]]"):]
    assert "scp_levels" not in text
    assert call(text)[0] == "allowed"


def test_a_level_without_any_scp_is_a_clear_error() -> None:
    """AWS keeps at least one SCP attached to the root, each OU and each account (ORG-02)."""
    text = scenario(FULL, FULL, FULL).replace(f"name = \"OU Workloads\"\nscps = ['{FULL}']",
                                              'name = "OU Workloads"\nscps = []')
    with pytest.raises(ScenarioError) as raised:
        build_world(load_scenario_text(text, "levels.toml"))
    assert "scp_levels[1].scps" in str(raised.value) and "ORG-02" in str(raised.value)
