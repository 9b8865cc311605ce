"""Session policies (AR-12..AR-16, EV-12..EV-14) and the packed-size model (AR-13)."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
from test_sts_support import A, B, WorldBuilder, allow, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session_policies import packed_percent
from rolesim.core.sts.simulator import Simulator

BUCKET = "arn:aws:s3:::data"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def setup() -> tuple[WorldBuilder, Simulator, str]:
    wb = WorldBuilder()
    alice = wb.user("alice")
    role = wb.role("R", {}, inline={"s3": allow(["s3:*", "ec2:Describe*"])},
                   tags={"Team": "ops"})
    wb.set_trust(role, trusting({"AWS": alice}, ["sts:AssumeRole", "sts:TagSession"]))
    wb.policy("ReadOnlyS3", allow(["s3:Get*", "s3:List*"]))
    wb.policy("Other", allow("s3:*"), account=B)
    sim = wb.sim()
    sim.sign_in(alice)
    return wb, sim, role


def test_ar15_no_session_policy_gives_full_role_permissions() -> None:
    _, sim, role = setup()
    session = sim.assume_role(role, "s1")
    assert session.session_policies is None
    assert sim.call("s3:PutObject", f"{BUCKET}/k").outcome == "allowed"


def test_ar15_session_policy_is_an_intersection() -> None:
    _, sim, role = setup()
    session = sim.assume_role(role, "s1", policy=allow(["s3:GetObject", "iam:*"]))
    assert session.session_policies is not None and len(session.session_policies) == 1
    assert sim.call("s3:GetObject", f"{BUCKET}/k").outcome == "allowed"
    assert sim.call("s3:PutObject", f"{BUCKET}/k").outcome == "implicitDeny"  # not in session
    assert sim.call("iam:ListRoles").outcome == "implicitDeny"  # never adds to the role
    result = sim.call("s3:PutObject", f"{BUCKET}/k")
    assert result.decision is not None and str(result.decision.blocked_by) == "session policy"


def test_ar12_managed_session_policy_from_the_role_s_account() -> None:
    _, sim, role = setup()
    sim.assume_role(role, "s1", policy_arns=[f"arn:aws:iam::{A}:policy/ReadOnlyS3"])
    assert sim.call("s3:GetObject", f"{BUCKET}/k").outcome == "allowed"
    assert sim.call("s3:DeleteObject", f"{BUCKET}/k").outcome == "implicitDeny"


def test_ar12_managed_session_policy_in_another_account_is_refused() -> None:
    _, sim, role = setup()
    error = raises("MalformedPolicyDocument", sim.assume_role, role, "s1",
                   policy_arns=[f"arn:aws:iam::{B}:policy/Other"])
    assert f"arn:aws:iam::{B}:policy/Other" in error.message
    raises("MalformedPolicyDocument", sim.assume_role, role, "s1",
           policy_arns=[f"arn:aws:iam::{A}:policy/Missing"])
    assert len(sim.stack) == 1


def test_ar12_aws_managed_session_policy_is_allowed() -> None:
    _, sim, role = setup()
    session = sim.assume_role(role, "s1",
                              policy_arns=["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"])
    assert session.session_policies is not None
    assert sim.call("s3:GetObject", f"{BUCKET}/k").outcome == "allowed"
    assert sim.call("s3:PutObject", f"{BUCKET}/k").outcome == "implicitDeny"


@pytest.mark.parametrize("document", [
    "{not json",
    '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}',
])
def test_ar14_malformed_session_policy(document: str) -> None:
    _, sim, role = setup()
    raises("MalformedPolicyDocument", sim.assume_role, role, "s1", policy=document)
    assert len(sim.stack) == 1


def test_ar13_packed_policy_too_large_with_many_long_tags() -> None:
    _, sim, role = setup()
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits
    tags = {f"k{i}-" + "".join(rng.choices(alphabet, k=100)):
            "".join(rng.choices(alphabet, k=250)) for i in range(50)}
    error = raises("PackedPolicyTooLarge", sim.assume_role, role, "s1", tags=tags)
    assert "% of allotted space" in error.message


def test_ar13_ar16_packed_size_is_reported() -> None:
    _, sim, role = setup()
    session = sim.assume_role(role, "s1", policy=allow("s3:GetObject"), tags={"a": "b"})
    assert session.packed_policy_size is not None and 0 < session.packed_policy_size <= 100
    assert packed_percent(None, (), {}) == 0


def test_ev12_federated_user_without_session_policy_has_no_permissions() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice", inline={"all": allow("*")})
    sim = wb.sim()
    sim.sign_in(alice)
    session = sim.get_federation_token("fed")
    assert session.session_policies == ()
    assert sim.call("s3:GetObject", f"{BUCKET}/k").outcome == "implicitDeny"


def test_ch09_session_policies_of_a_previous_hop_do_not_carry_over() -> None:
    wb = WorldBuilder()
    alice = wb.user("alice")
    r1 = wb.role("One", {}, inline={"p": allow(["sts:AssumeRole", "s3:*"])})
    r2 = wb.role("Two", {}, inline={"p": allow("s3:*")})
    wb.set_trust(r1, trusting({"AWS": alice}))
    wb.set_trust(r2, trusting({"AWS": r1}))
    sim = wb.sim()
    sim.sign_in(alice)
    sim.assume_role(r1, "one", policy=allow(["sts:AssumeRole", "s3:GetObject"]))
    assert sim.call("s3:PutObject", f"{BUCKET}/k").outcome == "implicitDeny"
    session = sim.assume_role(r2, "two")
    assert session.session_policies is None
    assert sim.call("s3:PutObject", f"{BUCKET}/k").outcome == "allowed"


def test_toml_dates_in_a_session_policy_table_do_not_break_sizes() -> None:
    """A TOML table may hold a real datetime; it is sized as its RFC 3339 text."""
    from datetime import datetime

    from rolesim.core.sts.documents import policy_text

    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
           "Resource": "*", "Condition": {"DateLessThan": {
               "aws:CurrentTime": datetime(2026, 1, 1, 10, 0, 0)}}}]}
    assert '"aws:CurrentTime":"2026-01-01T10:00:00Z"' in policy_text(doc)
    assert packed_percent(doc, (), {}) > 0
