"""The resource index only narrows the statements to try: it must return every statement
whose Resource could match (a superset), in policy order."""

from __future__ import annotations

from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.policy.statement_index import ResourceIndex, literal_prefix


def _statements(resources: list[object]) -> list:  # type: ignore[type-arg]
    body = []
    for r in resources:
        st: dict[str, object] = {"Effect": "Allow", "Action": "s3:GetObject"}
        st["NotResource" if r == "not" else "Resource"] = "arn:aws:s3:::x" if r == "not" else r
        body.append(st)
    policy = parse_policy({"Version": "2012-10-17", "Statement": body}, PolicyType.IDENTITY)
    return list(compiled(policy).statements)


def test_literal_prefix_stops_at_the_first_wildcard_or_variable() -> None:
    assert literal_prefix("arn:aws:s3:::B1/*") == "arn:aws:s3:::b1/"
    assert literal_prefix("arn:aws:s3:::b?x") == "arn:aws:s3:::b"
    assert literal_prefix("arn:aws:s3:::${aws:username}/*") == "arn:aws:s3:::"
    assert literal_prefix("arn:aws:s3:::exact") == "arn:aws:s3:::exact"


def test_candidates_are_a_superset_of_the_matches_in_policy_order() -> None:
    statements = _statements(["arn:aws:s3:::b1/*", "arn:aws:s3:::b2/*", "*", "not",
                              "arn:aws:s3:::b1/a", "arn:aws:s3:::${aws:username}/*",
                              "arn:aws:s3:::*"])
    index = ResourceIndex((cs, i) for i, cs in enumerate(statements))
    for arn in ("arn:aws:s3:::b1/a", "arn:aws:s3:::b2/z", "arn:aws:s3:::other",
                "arn:aws:iam::111111111111:role/R"):
        found = [i for _, i in index.candidates(arn)]
        assert found == sorted(found)
        must = [i for i, cs in enumerate(statements) if cs.resource_matches(arn, {})]
        assert set(must) <= set(found), (arn, must, found)
    assert [i for _, i in index.candidates("arn:aws:s3:::b2/z")] == [1, 2, 3, 5, 6]
