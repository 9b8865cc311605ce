"""Shape validation of AssumeRole parameters (AR-01..AR-12, ER-02, ER-03)."""

from __future__ import annotations

import pytest
from test_sts_support import ALLOW_ALL, A, WorldBuilder, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.simulator import Simulator


@pytest.fixture
def sim_and_role() -> tuple[Simulator, str]:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"all": ALLOW_ALL})
    role = wb.role("R", {}, max_session_duration=43200)
    wb.set_trust(role, trusting({"AWS": alice}, ["sts:AssumeRole", "sts:TagSession",
                                                 "sts:SetSourceIdentity"]))
    sim = wb.sim()
    sim.sign_in(alice)
    return sim, role


def error_of(sim: Simulator, role: str, name: str = "s1", **kwargs: object) -> StsError:
    with pytest.raises(StsError) as info:
        sim.assume_role(role, name, **kwargs)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("name", ["a:b", "PowerUser/x", "dependabot[bot]", "has space"])
def test_ar02_session_name_pattern_is_validation_error(sim_and_role: tuple[Simulator, str],
                                                       name: str) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, name)
    assert error.code == "ValidationError"
    assert error.message == (
        f"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
    )


def test_ar02_er03_session_name_length_bounds(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    short = error_of(sim, role, "a")
    assert "Member must have length greater than or equal to 2" in short.message
    long = error_of(sim, role, "x" * 65)
    assert "Member must have length less than or equal to 64" in long.message
    assert sim.assume_role(role, "x" * 64).session_name == "x" * 64
    sim.exit()
    assert sim.assume_role(role, "a_b+c=d,e.f@g-h").session_name == "a_b+c=d,e.f@g-h"


def test_er02_several_violations_are_reported_together(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, "a:b", duration=899, external_id="x")
    assert error.code == "ValidationError"
    assert error.message.startswith("3 validation errors detected: ")
    assert "at 'roleSessionName'" in error.message
    assert "at 'durationSeconds' failed to satisfy constraint: Member must have value greater " \
           "than or equal to 900" in error.message
    assert "at 'externalId'" in error.message
    assert error.message.count("; ") == 2


def test_ar01_role_arn_length(sim_and_role: tuple[Simulator, str]) -> None:
    sim, _ = sim_and_role
    error = error_of(sim, "arn:aws:iam::1:r")
    assert error.code == "ValidationError"
    assert "at 'roleArn'" in error.message
    assert "greater than or equal to 20" in error.message


@pytest.mark.parametrize("seconds", [899, 43201])
def test_ar03_duration_shape(sim_and_role: tuple[Simulator, str], seconds: int) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, duration=seconds)
    assert error.code == "ValidationError"
    assert "'durationSeconds'" in error.message


def test_ar03_duration_bounds_accepted(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    session = sim.assume_role(role, "s1", duration=900)
    assert session.expiration is not None and session.issued is not None
    assert (session.expiration - session.issued).total_seconds() == 900
    sim.exit()
    session = sim.assume_role(role, "s1", duration=43200)
    assert session.expiration is not None and session.issued is not None
    assert (session.expiration - session.issued).total_seconds() == 43200


@pytest.mark.parametrize("value", ["x", "has space", "a" * 1225])
def test_ar07_external_id_shape(sim_and_role: tuple[Simulator, str], value: str) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, external_id=value)
    assert error.code == "ValidationError"
    assert "'externalId'" in error.message


def test_ar07_external_id_allows_colon_and_slash(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    assert sim.assume_role(role, "s1", external_id="arn:aws:x/y").arn.endswith("/s1")


@pytest.mark.parametrize("value", ["x", "a" * 65, "has space", "aws:me"])
def test_ar09_source_identity_shape(sim_and_role: tuple[Simulator, str], value: str) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, source_identity=value)
    assert error.code == "ValidationError"
    assert "'sourceIdentity'" in error.message


def test_ar10_at_most_50_tags(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    tags = {f"k{i}": "v" for i in range(51)}
    error = error_of(sim, role, tags=tags)
    assert error.code == "ValidationError"
    assert "at 'tags' failed to satisfy constraint: Member must have length less than or " \
           "equal to 50" in error.message
    ok = sim.assume_role(role, "s1", tags={f"k{i}": "v" for i in range(50)})
    assert len(ok.session_tags) == 50


def test_ar10_tag_key_and_value_shape(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, tags={"k" * 129: "v", "ok": "v" * 257, "bad!": "x"})
    assert error.code == "ValidationError"
    assert "at 'tags.1.member.key'" in error.message
    assert "at 'tags.2.member.value'" in error.message
    assert "at 'tags.3.member.key'" in error.message
    # empty values and the allowed punctuation pass (AR-10)
    session = sim.assume_role(role, "s1", tags={"a b_.:/=+-@": "", "é": "ü 1"})
    assert session.session_tags == {"a b_.:/=+-@": "", "é": "ü 1"}


def test_ar11_at_most_50_transitive_keys(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    error = error_of(sim, role, tags={"a": "1"}, transitive_tag_keys=["a"] * 51)
    assert error.code == "ValidationError"
    assert "'transitiveTagKeys'" in error.message


def test_ar12_inline_session_policy_plaintext_limit(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    filler = " " * 2100
    text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
    error = error_of(sim, role, policy=text + filler)
    assert error.code == "ValidationError"
    assert "at 'policy' failed to satisfy constraint: Member must have length less than or " \
           "equal to 2048" in error.message


def test_ar12_session_policy_characters(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",' \
           '"Sid":"\u0100"}]}'
    error = error_of(sim, role, policy=text)
    assert error.code == "ValidationError"
    assert "regular expression pattern" in error.message


def test_ar12_at_most_10_policy_arns(sim_and_role: tuple[Simulator, str]) -> None:
    sim, role = sim_and_role
    arns = [f"arn:aws:iam::{A}:policy/p{i}" for i in range(11)]
    error = error_of(sim, role, policy_arns=arns)
    assert error.code == "ValidationError"
    assert "'policyArns'" in error.message
