# ruff: noqa: E501  (TOML test data reads best on one line)
"""Small hostile scenario files, built in code (the cases issue 16 names)."""

from __future__ import annotations

import json

BASE = '''format = 1
title = "Hostile"
{start}
[[accounts]]
id = "111111111111"

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
inline.assume = '{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}'

[[roles]]
arn = "{role_arn}"
trust = {trust}

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/alice"
{steps}
'''

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
    "Action": "sts:AssumeRole"}]})


def scenario(*, start: str = "", steps: str = "", trust: str | None = None,
             role_arn: str = "arn:aws:iam::111111111111:role/R") -> str:
    """A small valid scenario with optional hostile parts."""
    return BASE.format(start=start, steps=steps, role_arn=role_arn,
                       trust=trust if trust is not None else _toml_string(TRUST))


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string here


def nested_json(depth: int) -> str:
    """A policy document whose Condition value is an array nested `depth` deep."""
    inner = "[" * depth + '"x"' + "]" * depth
    return ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": '
            '{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole", '
            '"Condition": {"StringEquals": {"aws:PrincipalTag/x": ' + inner + '}}}]}')


def deep_trust(depth: int) -> str:
    return scenario(trust=_toml_string(nested_json(depth)))


def deep_step_policy(depth: int) -> str:
    policy = nested_json(depth).replace('"Principal": {"AWS": "arn:aws:iam::111111111111:root"}, ',
                                        "").replace("sts:AssumeRole", "s3:*")
    steps = ('[[steps]]\ndo = "assume-role"\nrole = "arn:aws:iam::111111111111:role/R"\n'
             f'session_name = "sess"\npolicy = {_toml_string(policy)}\n')
    return scenario(steps=steps)


def late_start() -> str:
    steps = ('[[steps]]\ndo = "assume-role"\nrole = "arn:aws:iam::111111111111:role/R"\n'
             'session_name = "sess"\n')
    return scenario(start='start = 9999-12-31T23:30:00Z', steps=steps)


def huge_advance(hours: int = 10**9) -> str:
    return scenario(steps=f'[[steps]]\ndo = "advance"\nhours = {hours}\n')
