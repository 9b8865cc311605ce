"""Whatever a file holds, loading, building and replaying it ends in a result or a
ScenarioError with a message: never another exception (the CLI's "no traceback" promise)."""

from __future__ import annotations

from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from scenario_text import ASSUME, SIGN_IN, WORLD

from rolesim.scenario import model as m
from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

ARNS = ["arn:aws:iam::111111111111:role/UpdateApp", "arn:aws:iam::222222222222:user/David",
        "arn:aws:iam::111111111111:root", "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:s3:::productionapp/x", "arn:aws:iam::111111111111:role/aws-service-role/a/B",
        "arn:aws:iam::1:user/", "not an arn", "*", ""]
KEYS = sorted({k for cls in m.STEP_TYPES.values() for k in cls.model_fields}
              | {"bogus", "Statement", "Effect"})

scalars = st.one_of(st.sampled_from(ARNS), st.integers(-5, 50000), st.booleans(),
                    st.text(max_size=8), st.sampled_from(["Allow", "Deny", "ok", "denied"]))
values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12)
steps = st.builds(lambda do, extra: {"do": do, **extra},
                  st.sampled_from([*m.STEP_TYPES, "nope"]),
                  st.dictionaries(st.sampled_from(KEYS), values, max_size=5))


def survive(text: str) -> None:
    try:
        scenario = load_scenario_text(text, "fuzz.toml")
        build_world(scenario)
        replay(scenario)
    except ScenarioError as exc:
        assert str(exc).startswith("fuzz.toml")
        assert "could not run this step" not in str(exc), str(exc)  # a simulator bug


@given(st.lists(steps, max_size=6))
def test_random_steps_never_escape_as_other_exceptions(random_steps: list[dict[str, Any]]) -> None:
    text = WORLD + SIGN_IN + ASSUME + "\n" + tomli_w.dumps({"steps": random_steps})
    survive(text)


@given(st.dictionaries(st.sampled_from(["arn", "trust", "policies", "inline", "boundary",
                                        "tags", "max_session_duration", "groups", "bogus"]),
                       values, max_size=5))
def test_random_role_tables_never_escape(role: dict[str, Any]) -> None:
    survive(WORLD + "\n" + tomli_w.dumps({"roles": [role]}))


@given(st.text(max_size=200))
def test_random_text_never_escapes(text: str) -> None:
    survive(text)


statements = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny", "Permit"]),
     "Action": st.sampled_from(["*", "s3:*", "sts:AssumeRole", ["s3:GetObject", "iam:*"]])},
    optional={"Resource": st.sampled_from(["*", "arn:aws:s3:::productionapp/*", ""]),
              "Principal": st.sampled_from(["*", {"AWS": "arn:aws:iam::222222222222:root"},
                                            {"Service": "ec2.amazonaws.com"}]),
              "Condition": st.sampled_from([{"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                                            {"Nope": {"x": "y"}}])})
policies = st.one_of(
    st.fixed_dictionaries({"Version": st.sampled_from(["2012-10-17", "2008-10-17"]),
                           "Statement": st.lists(statements, max_size=3)}),
    st.just('{"Version": "2012-10-17", "Statement": []}'), st.just("{not json"))
BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "duration": st.sampled_from([None, 900, 3600, 43201, 5]),
    "seconds": st.integers(0, 90000), "minutes": st.integers(0, 200), "hours": st.integers(0, 30),
    "mfa": st.booleans(), "tags": st.dictionaries(st.sampled_from(["team", "aws:x", "Team"]),
                                                   st.text(max_size=3), max_size=2),
    "transitive_tag_keys": st.lists(st.sampled_from(["team", "other"]), max_size=2),
    "policy": st.one_of(policies, st.sampled_from(ARNS)), "trust": policies,
    "document": policies, "policy_arns": st.lists(st.sampled_from(ARNS), max_size=2),
    "claims": st.fixed_dictionaries({}, optional={"sub": st.text(max_size=5),
                                                  "aud": st.sampled_from(["sts.amazonaws.com"]),
                                                  "exp": st.integers(0, 2_000_000_000)}),
    "attributes": st.dictionaries(st.sampled_from([
        "https://aws.amazon.com/SAML/Attributes/RoleSessionName",
        "https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"]),
        st.one_of(st.text(max_size=4), st.lists(st.text(max_size=3), max_size=2)), max_size=2),
    "context": st.dictionaries(st.sampled_from(["aws:SourceIp", "s3:prefix", "aws:TagKeys"]),
                               st.one_of(st.text(max_size=4), st.booleans(),
                                         st.lists(st.text(max_size=3), max_size=2)), max_size=2),
}


def typed_step(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = {}
    for name in m.STEP_TYPES[kind].model_fields:
        if name in ("do", "expect", "expect_session", "note", "not_on_or_after"):
            continue
        fields[name] = BY_NAME.get(name, st.sampled_from([*ARNS, "david", "s3:GetObject"]))
    required = {n: s for n, s in fields.items()
                if m.STEP_TYPES[kind].model_fields[n].is_required()}
    optional = {n: s for n, s in fields.items() if n not in required}
    return st.fixed_dictionaries({"do": st.just(kind), **required}, optional=optional)


typed_steps = st.sampled_from(list(m.STEP_TYPES)).flatmap(typed_step)


@given(st.lists(typed_steps, max_size=8))
def test_well_typed_random_steps_replay_or_fail_cleanly(random_steps: list[dict[str, Any]]) -> None:
    data = {"steps": [{k: v for k, v in s.items() if v is not None} for s in random_steps]}
    survive(WORLD + SIGN_IN + ASSUME + "\n" + tomli_w.dumps(data))
