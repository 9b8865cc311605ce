# ruff: noqa: E501  (TOML test data reads best on one line)
"""Shared scenario text for the scenario tests: a two-account world (the AWS cross-account
tutorial, shrunk) to which each test appends the steps or the mistake it needs."""

from __future__ import annotations

PROD = "111111111111"
DEV = "222222222222"
DAVID = f"arn:aws:iam::{DEV}:user/David"
ROLE = f"arn:aws:iam::{PROD}:role/UpdateApp"
SESSION_ARN = f"arn:aws:sts::{PROD}:assumed-role/UpdateApp/david"  # ID-03

WORLD = f'''# a hand-written scenario
format = 1
title = "test world"

[[accounts]]
id = "{PROD}"
name = "prod"

[[accounts]]
id = "{DEV}"

[[users]]
arn = "{DAVID}"
groups = ["arn:aws:iam::{DEV}:group/Developers"]

[[groups]]
arn = "arn:aws:iam::{DEV}:group/Developers"
inline.assume = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "{ROLE}" }}] }}

[[roles]]
arn = "{ROLE}"
trust = {{ Version = "2012-10-17", Statement = [
  {{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{DEV}:root" }}, Action = "sts:AssumeRole" }},
] }}
inline.objects = {{ Version = "2012-10-17", Statement = [
  {{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::productionapp/*" }},
  {{ Effect = "Deny", Action = "s3:DeleteObject", Resource = "*" }},
] }}
'''

SIGN_IN = f'''
[[steps]]
do = "sign-in"
principal = "{DAVID}"
'''

ASSUME = f'''
[[steps]]
do = "assume-role"
role = "{ROLE}"
session_name = "david"
'''


def call(action: str, resource: str = "arn:aws:s3:::productionapp/app.zip",
         expect: str | None = None) -> str:
    line = f'expect = "{expect}"\n' if expect else ""
    return f'\n[[steps]]\ndo = "call"\naction = "{action}"\nresource = "{resource}"\n{line}'


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle` (to check reported lines)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


