"""Equality operators are evaluated by set membership (issue 16): the answers must be those
of the operator definitions (CO-01, CO-10, CO-11, CO-12), whatever the number of values."""

from __future__ import annotations

import pytest

from rolesim.core.policy.conditions import CompiledCondition
from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy


def _condition(operator: str, values: list[str]) -> CompiledCondition:
    policy = parse_policy({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {operator: {"aws:TagKeys": values}}}]}, PolicyType.IDENTITY)
    return CompiledCondition(policy.statements[0].conditions[0], variables_enabled=True)


MANY = [f"v{i}" for i in range(5000)]


@pytest.mark.parametrize(("operator", "request_values", "expected"), [
    ("StringEquals", ("v4999",), True),
    ("StringEquals", ("V4999",), False),  # case-sensitive (CO-01)
    ("StringEqualsIgnoreCase", ("V4999",), True),
    ("StringNotEquals", ("v12",), False),  # must differ from all values (CO-10)
    ("StringNotEquals", ("x",), True),
    ("ForAnyValue:StringEquals", ("x", "y", "v7"), True),  # CO-11
    ("ForAnyValue:StringEquals", ("x", "y"), False),
    ("ForAllValues:StringEquals", ("v1", "v2"), True),  # CO-12
    ("ForAllValues:StringEquals", ("v1", "x"), False),
    ("ForAnyValue:StringNotEquals", ("v1", "x"), True),
    ("ForAllValues:StringNotEquals", ("v1", "x"), False),
])
def test_set_membership_gives_the_operator_s_answer(operator: str,
                                                    request_values: tuple[str, ...],
                                                    expected: bool) -> None:
    value: str | tuple[str, ...] = request_values if operator.startswith("For") \
        else request_values[0]
    assert _condition(operator, MANY).evaluate({"aws:tagkeys": value}) is expected


def test_bool_compares_case_insensitively() -> None:
    condition = _condition("Bool", ["true"])
    assert condition.evaluate({"aws:tagkeys": "TRUE"}) is True
    assert condition.evaluate({"aws:tagkeys": "false"}) is False


def test_variables_still_resolve_per_request() -> None:
    """PV-02: a value holding a policy variable is resolved per request, next to the set."""
    policy = parse_policy({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringEquals": {"aws:TagKeys": ["fixed", "${aws:username}"]}}}]},
        PolicyType.IDENTITY)
    condition = CompiledCondition(policy.statements[0].conditions[0], variables_enabled=True)
    assert condition.evaluate({"aws:tagkeys": "alice", "aws:username": "alice"}) is True
    assert condition.evaluate({"aws:tagkeys": "fixed", "aws:username": "alice"}) is True
    assert condition.evaluate({"aws:tagkeys": "bob", "aws:username": "alice"}) is False
