"""SCPs are named one way wherever an explanation names them: by their own name when the
scenario gives one (`scp_names`, docs/scenario-format.md), else by place counted from 1, and
always with where they are attached (`SCP 2 on account ...`, `SCP 1 on organization root`).
Before: `SCP #0 on X` without levels and `SCP #1 on account X` with them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text

ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
DENY_S3 = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}'
ALICE = "arn:aws:iam::111122223333:user/alice"


def scenario(account_keys: str) -> str:
    return f"""format = 1
title = "SCP labels"

[[accounts]]
id = "111122223333"
name = "prod"
{account_keys}

[[users]]
arn = "{ALICE}"
inline = {{ all = '{ALLOW_ALL}' }}

[[steps]]
do = "sign-in"
principal = "{ALICE}"

[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::bucket/key"
expect = "explicitDeny"
"""


@pytest.fixture
def why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[[str], str]:
    """`rolesim run FILE --trace` of the text: the Why and every policy's trace."""
    def run(text: str) -> str:
        path = tmp_path / "s.toml"
        path.write_text(text)
        assert main(["run", str(path), "--trace"]) == 0
        return capsys.readouterr().out
    return run


def test_scps_are_counted_from_one_on_their_account(why: Callable[[str], str]) -> None:
    """ORG-01: the Deny in the account's second SCP refuses; it is called SCP 2."""
    shown = why(scenario(f"scps = ['{ALLOW_ALL}', '{DENY_S3}']"))
    assert "Deny in SCP 2 on account prod (111122223333), Statement[0]" in shown
    assert "SCP 1 on account prod (111122223333):" in shown
    assert "SCP #" not in shown and "SCP 0" not in shown and "the SCP" not in shown


def test_an_scp_with_a_name_is_called_by_it(why: Callable[[str], str]) -> None:
    shown = why(scenario(f"scps = ['{ALLOW_ALL}', '{DENY_S3}']\n"
                         'scp_names = ["FullAWSAccess", "deny-s3"]'))
    assert "Deny in SCP deny-s3 on account prod (111122223333), Statement[0]" in shown
    assert "SCP FullAWSAccess on account prod (111122223333):" in shown


def test_levels_use_the_same_wording(why: Callable[[str], str]) -> None:
    """ORG-02: the root's SCP and the account's own are named alike."""
    shown = why(scenario(f"scps = ['{ALLOW_ALL}', '{DENY_S3}']\n"
                         'scp_names = ["", "deny-s3"]\n\n'
                         f'[[accounts.scp_levels]]\nscps = [\'{ALLOW_ALL}\']\n'))
    assert "SCP 1 on organization root:" in shown
    assert "SCP 1 on account prod (111122223333):" in shown
    assert "Deny in SCP deny-s3 on account prod (111122223333)" in shown


def test_more_names_than_scps_is_refused_naming_the_key() -> None:
    text = scenario(f"scps = ['{ALLOW_ALL}']\nscp_names = [\"a\", \"b\"]")
    with pytest.raises(ScenarioError) as caught:
        build_world(load_scenario_text(text, "x.toml"))
    assert str(caught.value) == ("x.toml:8: accounts[0].scp_names: names 2 SCPs, but scps "
                                 "holds 1: one name per SCP, in the same order")


def test_the_reason_names_an_scp_once(why: Callable[[str], str]) -> None:
    """ER-04/EV-15: the reason says which policy denied; an SCP's label already says it is an
    SCP, so the reason is not `service control policy 'SCP 2 on account ...'`."""
    shown = why(scenario(f"scps = ['{ALLOW_ALL}', '{DENY_S3}']"))
    assert "explicitDeny: explicit deny in SCP 2 on account prod (111122223333)\n" in shown
    assert "service control policy 'SCP" not in shown


def test_the_reason_names_a_resource_policy_once(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """XA-01/EV-01: a bucket policy's Deny is named as the bucket's resource policy, once."""
    deny = ('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
            '"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}')
    text = scenario("").replace(
        "[[steps]]", f"[[resources]]\narn = \"arn:aws:s3:::bucket\"\naccount = \"111122223333\"\n"
        f"policy = '{deny}'\n\n[[steps]]", 1)
    path = tmp_path / "s.toml"
    path.write_text(text)
    assert main(["run", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "explicit deny in the resource policy of arn:aws:s3:::bucket\n" in shown
    assert "resource-based policy 'resource policy" not in shown
