"""Hypothesis strategies for policy documents and scenario steps, hostile ones included."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from rolesim.scenario.model import STEP_TYPES

HOSTILE = st.sampled_from(["\n", "\x1b[2J", "\u202e", "\u200b", "\ufeff", "\x7f", "\t", "\x00",
                           "*", "?", "${aws:username}", "${", "", " ", "é", "\u2028"])
TEXT = st.one_of(st.text(max_size=20), HOSTILE,
                 st.sampled_from(["Allow", "Deny", "sts:AssumeRole", "s3:GetObject", "*",
                                  "arn:aws:iam::111111111111:root",
                                  "arn:aws:iam::111111111111:role/R", "2012-10-17"]))
NUMBER = st.one_of(st.integers(min_value=-(2**70), max_value=2**70),
                   st.sampled_from([0, 1, 3600, 43200, 10**9, 2**63]))
SCALAR = st.one_of(TEXT, NUMBER, st.booleans(), st.floats(allow_nan=False))


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    return st.recursive(SCALAR, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
        max_leaves=max_leaves)


CONDITION = st.dictionaries(
    st.sampled_from(["StringEquals", "ForAnyValue:StringLike", "ForAllValues:StringEquals",
                     "NumericLessThan", "DateGreaterThan", "Bool", "IpAddress", "Null",
                     "ArnLike", "StringEqualsIgnoreCaseIfExists", "Bogus"]),
    st.dictionaries(st.sampled_from(["aws:PrincipalTag/team", "aws:CurrentTime", "aws:SourceIp",
                                     "aws:TagKeys", "sts:ExternalId", "x"]),
                    st.one_of(TEXT, st.lists(TEXT, max_size=5), NUMBER), max_size=2),
    max_size=2)

STATEMENT = st.fixed_dictionaries({}, optional={
    "Sid": TEXT, "Effect": st.sampled_from(["Allow", "Deny", "Permit"]) | TEXT,
    "Action": st.one_of(TEXT, st.lists(TEXT, max_size=3)),
    "NotAction": st.lists(TEXT, max_size=2),
    "Resource": st.one_of(TEXT, st.lists(TEXT, max_size=3)),
    "Principal": st.one_of(st.just("*"), st.dictionaries(
        st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser", "Bogus"]),
        st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=2), json_values(4)),
    "Condition": st.one_of(CONDITION, json_values(4)),
})

DOCUMENTS = st.one_of(
    st.fixed_dictionaries({"Statement": st.one_of(STATEMENT, st.lists(STATEMENT, max_size=3))},
                          optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"])
                                    | TEXT, "Id": SCALAR}),
    json_values(),
)
"""Policy documents: mostly policy-shaped, some anything JSON can hold."""


def steps() -> st.SearchStrategy[dict[str, Any]]:
    """A step table of any kind with plausible and hostile values for its keys."""
    def for_kind(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        fields = [name for name in STEP_TYPES[kind].model_fields if name != "do"]
        values = st.one_of(SCALAR, DOCUMENTS, st.lists(TEXT, max_size=3),
                           st.dictionaries(TEXT, TEXT, max_size=3))
        return st.fixed_dictionaries({"do": st.just(kind)},
                                     optional={name: values for name in fields})

    return st.sampled_from(sorted(STEP_TYPES)).flatmap(for_kind)
