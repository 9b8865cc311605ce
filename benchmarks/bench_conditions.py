"""Condition evaluation cost (issue 16): many policy values against many request values, and
many conditional statements under `rolesim inspect`.

* `StringEquals` and `ForAnyValue:StringEquals` with N policy values against N request values
  (N = 10,000 and 20,000): linear, not N x N.
* `inspect` on a user whose policy has 10,000 statements, each with a condition, with the
  statement index (core/policy/statement_index.py) and without it (every statement tried for
  every request, as before).

Run: .venv/bin/python benchmarks/bench_conditions.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.core.policy.conditions import CompiledCondition
from rolesim.core.policy.model import ConditionClause


def clause(operator: str, values: list[str]) -> ConditionClause:
    from rolesim.core.policy.model import PolicyType
    from rolesim.core.policy.parse import parse_policy

    policy = parse_policy({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {operator: {"aws:TagKeys": values}}}]}, PolicyType.IDENTITY)
    return policy.statements[0].conditions[0]


def bench_values(operator: str, n: int) -> float:
    policy_values = [f"value-{i:06d}" for i in range(n)]
    request = (*tuple(f"other-{i:06d}" for i in range(n - 1)), policy_values[-1])
    condition = CompiledCondition(clause(operator, policy_values), variables_enabled=True)
    start = time.perf_counter()
    result = condition.evaluate({"aws:tagkeys": request})
    elapsed = time.perf_counter() - start
    assert result is (operator != "ForAllValues:StringEquals" and operator != "StringNotEquals")
    return elapsed


def conditional_world(statements: int) -> str:
    """A user with a policy of `statements` conditional statements. A customer managed policy
    that large is over IAM's 6,144-character quota (QT-03), so it is written as an AWS managed
    policy (AWS's own are not held to that quota): what is measured is evaluation."""
    body = [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b{i}/*",
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"t{i}"}}}
            for i in range(statements)]
    policy = json.dumps({"Version": "2012-10-17", "Statement": body})
    return f'''format = 1
title = "many conditions"

[[accounts]]
id = "111111111111"

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
tags = {{ team = "t5" }}

[[policies]]
arn = "arn:aws:iam::aws:policy/ManyConditions"
document = {json.dumps(policy)}

[[users]]
arn = "arn:aws:iam::111111111111:user/bob"
policies = ["arn:aws:iam::aws:policy/ManyConditions"]
tags = {{ team = "t7" }}

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/bob"
'''


def bench_inspect(statements: int) -> tuple[float, float]:
    """(load + replay, inspection) seconds for `rolesim inspect` on the generated world."""
    from rolesim.scenario.inspect_report import inspection
    from rolesim.scenario.load import load_scenario
    from rolesim.scenario.runner import replay

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "many.toml"
        path.write_text(conditional_world(statements))
        start = time.perf_counter()
        result = replay(load_scenario(path))
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        inspection(result.simulator)
        return loaded, time.perf_counter() - start


def main() -> None:
    for operator in ("StringEquals", "ForAnyValue:StringEquals", "ForAllValues:StringEquals",
                     "StringEqualsIgnoreCase", "StringNotEquals"):
        for n in (10_000, 20_000):
            print(f"{operator:28} {n:6} x {n:6} values: {bench_values(operator, n) * 1000:8.1f} ms")
    from rolesim.core import evaluator

    indexed_from = evaluator.INDEX_FROM
    for label, threshold in (("without the statement index", 10**9),
                             ("with the statement index", indexed_from)):
        evaluator.INDEX_FROM = threshold
        loaded, inspected = bench_inspect(10_000)
        print(f"inspect, 10,000 conditional statements, {label}: load+replay {loaded:.2f} s, "
              f"inspection {inspected:.2f} s")
    evaluator.INDEX_FROM = indexed_from


if __name__ == "__main__":
    main()
