"""A denial caused by a typo in a policy's action says so (PL-05: IAM accepts an action no
service has, and it allows nothing). A new trainer's `"s3:GetObjct"` used to be explained only
as "Nothing in the identity-based policy allows it", sending them to look for a missing
policy. A real action close to the request (s3:PutObject when s3:GetObject was asked) is not
a typo and is never offered."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

import pytest

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

WORLD = """
format = 1
title = "typo"
[[accounts]]
id = "111111111111"
[[users]]
arn = "arn:aws:iam::111111111111:user/ann"
inline.p = {{ Version = "2012-10-17", Statement = [ {{ Effect = "Allow", Action = {actions}, Resource = "*" }} ] }}
{boundary}
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/ann"
[[steps]]
do = "call"
action = "s3:GetObject"
resource = "arn:aws:s3:::b/k"
"""


def _why(actions: str, boundary: str = "") -> str:
    scenario = load_scenario_text(WORLD.format(actions=actions, boundary=boundary), "t.toml")
    result = replay(scenario).results[1]
    assert result.outcome == "implicitDeny"
    return "\n".join(result.explanation)


def test_pl05_a_typo_in_the_allowed_action_is_named() -> None:
    why = _why('"s3:GetObjct"')
    assert ("policy 'p (inline on ann)' Statement[0] allows s3:GetObjct, which s3 does not "
            "have: a typo for s3:GetObject? IAM accepts it, and it allows nothing (PL-05)") in why


@pytest.mark.parametrize("actions", ['"s3:PutObject"', '["s3:ListBucket", "s3:GetObjectAcl"]',
                                     '"s3:Get*Tagging"', '"ec2:GetObject"'])
def test_pl05_a_real_or_wildcard_or_other_service_action_is_not_called_a_typo(
        actions: str) -> None:
    assert "a typo for" not in _why(actions)


def test_pl05_a_typo_in_a_permissions_boundary_is_named_too() -> None:
    boundary = ('boundary = "arn:aws:iam::111111111111:policy/b"\n[[policies]]\narn = "arn:aws:iam::111111111111:policy/b"\n'
                'document = { Version = "2012-10-17", Statement = [ { Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" } ] }')
    why = _why('"s3:GetObject"', boundary)
    assert "allows s3:GetObjekt, which s3 does not have: a typo for s3:GetObject?" in why
