"""The cases the structural fuzzer draws at random, written out one by one: each is a change
to lesson 04's parsed tables (`tomllib`), written back with tomli_w."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Tree = dict[str, Any]
TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
    "Action": "sts:AssumeRole"}]}


def _set(*where: str | int, value: Any) -> Callable[[Tree], None]:
    def edit(tree: Tree) -> None:
        node: Any = tree
        for step in where[:-1]:
            node = node[step]
        node[where[-1]] = value
    return edit


def _drop(*where: str | int) -> Callable[[Tree], None]:
    def edit(tree: Tree) -> None:
        node: Any = tree
        for step in where[:-1]:
            node = node[step]
        del node[where[-1]]
    return edit


CASES: dict[str, Callable[[Tree], None]] = {
    "advance by negative hours": _set("steps", 11, "hours", value=-5),
    "advance by 2**63 hours": _set("steps", 11, "hours", value=2**63),
    "advance by 1e308 hours": _set("steps", 11, "hours", value=1e308),
    "a negative duration": _set("steps", 2, "duration", value=-1),
    "a duration of 10**30 s": _set("steps", 2, "duration", value=10**30),
    "a duration as text": _set("steps", 2, "duration", value="3600"),
    "max_session_duration 0": _set("roles", 0, "max_session_duration", value=0),
    "max_session_duration 10**20": _set("roles", 0, "max_session_duration", value=10**20),
    "an empty title": _set("title", value=""),
    "no title": _drop("title"),
    "no format": _drop("format"),
    "format 2": _set("format", value=2),
    "an account id in another script": _set("accounts", 0, "id", value="東京"),
    "an empty account id": _set("accounts", 0, "id", value=""),
    "a role ARN with an 11-digit account": _set("roles", 0, "arn",
                                                value="arn:aws:iam::11111111111:role/JumpRole"),
    "a role ARN that is a user's": _set("roles", 0, "arn",
                                        value="arn:aws:iam::111111111111:user/JumpRole"),
    "a role ARN with a path of 300 parts": _set(
        "roles", 0, "arn", value="arn:aws:iam::111111111111:role/" + "p/" * 300 + "R"),
    "a role name with unicode": _set("roles", 0, "arn",
                                     value="arn:aws:iam::111111111111:role/Ärger"),
    "a duplicated role": lambda tree: tree["roles"].append(tree["roles"][0]),
    "trust JSON cut short": _set("roles", 0, "trust", value='{"Version": "2012-10-17", '),
    "trust a JSON array": _set("roles", 0, "trust", value="[]"),
    "trust a JSON string": _set("roles", 0, "trust", value='"text"'),
    "trust as a TOML table": _set("roles", 0, "trust", value=TRUST),
    "trust as a table of text": _set("roles", 0, "trust", value={"Statement": "Allow"}),
    "trust with Effect Permit": _set("roles", 0, "trust", value=json.dumps(
        {**TRUST, "Statement": [{**TRUST["Statement"][0], "Effect": "Permit"}]})),
    "trust Principal an invalid ARN": _set("roles", 0, "trust", value=json.dumps(
        {**TRUST, "Statement": [{**TRUST["Statement"][0], "Principal": {"AWS": "arn:x"}}]})),
    "trust nested 1000 deep": _set("roles", 0, "trust", value=json.dumps(
        {**TRUST, "Statement": [{**TRUST["Statement"][0], "Condition": {
            "StringEquals": {"aws:x": "DEEP"}}}]}).replace('"DEEP"', "[" * 1000 + "]" * 1000)),
    "trust a number": _set("roles", 0, "trust", value=5),
    "no trust": _drop("roles", 0, "trust"),
    "inline policies as a list": _set("users", 0, "inline", value=["a", "b"]),
    "an inline policy as a number": _set("users", 0, "inline", "assume-any", value=7),
    "steps a table": _set("steps", value={"do": "sign-in"}),
    "a step a string": _set("steps", 0, value="sign-in"),
    "a step kind that is a number": _set("steps", 0, "do", value=5),
    "a step with no kind": _drop("steps", 0, "do"),
    "an unknown key in a step": _set("steps", 0, "bogus", value=1),
    "a key with a zero-width space": _set("roles", 0, "trust\u200b", value="{}"),
    "a principal with a bidi override": _set("steps", 0, "principal",
                                             value="arn:aws:iam::111111111111:user/\u202eecila"),
    "start not a date": _set("start", value="tomorrow"),
    "a description of 1 MB": _set("description", value="x" * 1_000_000),
    "5,000 copies of a step": lambda tree: tree["steps"].extend([tree["steps"][0]] * 5000),
}
