"""Session tags (TAG-01..TAG-16) and source identity (SI-01..SI-07)."""

from __future__ import annotations

from typing import Any

import pytest
from test_sts_support import A, WorldBuilder, allow, trusting

from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import TagOrigin
from rolesim.core.sts.simulator import Simulator

FULL = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def three_hops(
    trust2: list[str] | None = None, trust3: list[str] | None = None,
    role_tags: dict[str, str] | None = None,
) -> tuple[Simulator, str, str, str]:
    """alice -> Role1 -> Role2 -> Role3, each trusting the previous one."""
    wb = WorldBuilder()
    alice = wb.user("alice", tags={"team": "ops"})
    hop = allow("sts:*")
    r1 = wb.role("Role1", {}, inline={"hop": hop}, tags={"Star": "1"})
    r2 = wb.role("Role2", {}, inline={"hop": hop}, tags={"Star": "2"})
    r3 = wb.role("Role3", {}, inline={"hop": hop}, tags=role_tags or {"Star": "3"})
    wb.set_trust(r1, trusting({"AWS": alice}, FULL))
    wb.set_trust(r2, trusting({"AWS": r1}, trust2 or FULL))
    wb.set_trust(r3, trusting({"AWS": r2}, trust3 or FULL))
    sim = wb.sim()
    sim.sign_in(alice)
    return sim, r1, r2, r3


def test_tag02_tags_need_tag_session_in_trust() -> None:
    sim, r1, r2, _ = three_hops(trust2=["sts:AssumeRole"])
    sim.assume_role(r1, "one")
    error = raises("AccessDenied", sim.assume_role, r2, "two", tags={"k": "v"})
    assert "sts:TagSession" in error.message
    assert sim.assume_role(r2, "two")  # no tags: fine


def test_tag06_session_tag_overrides_role_tag_case_insensitively() -> None:
    sim, r1, _, _ = three_hops()
    session = sim.assume_role(r1, "one", tags={"star": "engineering"})
    principal = session.principal_tag_map
    assert principal == {"star": "engineering"}
    ctx = sim.request_for(session, "s3:GetObject").context
    assert ctx["aws:principaltag/star"] == "engineering"


def test_tag07_duplicate_keys_differing_by_case() -> None:
    sim, r1, _, _ = three_hops()
    error = raises("InvalidParameterValue", sim.assume_role, r1, "one",
                   tags={"Dept": "a", "dept": "b"})
    assert error.message == ("Duplicate tag keys found. Please note that Tag keys are case "
                             "insensitive.")


def test_tag08_reserved_aws_prefix_is_rejected() -> None:
    sim, r1, _, _ = three_hops()
    raises("InvalidParameterValue", sim.assume_role, r1, "one", tags={"aws:team": "x"})


def test_tag09_principal_tags_combine_role_session_and_inherited() -> None:
    sim, r1, r2, _ = three_hops()
    s1 = sim.assume_role(r1, "one", tags={"Project": "x", "Cost": "9"},
                         transitive_tag_keys=["Project"])
    origins = {t.key: t.origin for t in s1.principal_tags}
    assert origins == {"Star": TagOrigin.ROLE_TAG, "Project": TagOrigin.SESSION_TAG,
                       "Cost": TagOrigin.SESSION_TAG}
    s2 = sim.assume_role(r2, "two")
    assert s2.principal_tag_map == {"Star": "2", "Project": "x"}  # role tags never transitive
    assert s2.session_tags == {"Project": "x"}
    assert {t.key: t.origin for t in s2.principal_tags}["Project"] is TagOrigin.INHERITED
    assert s2.inherited_tag_keys == ("Project",)


def test_tag10_inherited_transitive_tags_stay_transitive_through_the_chain() -> None:
    sim, r1, r2, r3 = three_hops()
    sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    sim.assume_role(r2, "two")
    s3 = sim.assume_role(r3, "three")
    assert s3.session_tags == {"Project": "x"}
    assert s3.transitive_tag_keys == ("Project",)


def test_tag11_passing_an_inherited_transitive_key_fails() -> None:
    sim, r1, r2, _ = three_hops()
    sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    error = raises("InvalidParameterValue", sim.assume_role, r2, "two",
                   tags={"project": "y"})
    assert "conflicts with a transitive tag key from the calling session" in error.message


def test_tag12_transitive_key_must_be_in_tags() -> None:
    sim, r1, _, _ = three_hops()
    error = raises("InvalidParameterValue", sim.assume_role, r1, "one", tags={"a": "1"},
                   transitive_tag_keys=["b"])
    assert error.message == ("The specified transitive tag key must be included in the "
                             "requested tags.")


def test_tag13_inherited_tag_overrides_role_tag_and_resource_tag_in_trust() -> None:
    """The Role3 example: inherited Star=1 beats Role3's Star=3, also in aws:ResourceTag."""
    sim, r1, r2, r3 = three_hops(trust3=FULL)
    sim.assume_role(r1, "one", tags={"Star": "1"}, transitive_tag_keys=["Star"])
    sim.assume_role(r2, "two")
    sim.update_trust(r3, trusting({"AWS": r2}, FULL, condition={
        "StringEquals": {"aws:ResourceTag/Star": "1"}}))
    s3 = sim.assume_role(r3, "three")
    assert s3.principal_tag_map["Star"] == "1"


def test_tag13_without_inheritance_resource_tag_is_the_role_s() -> None:
    sim, r1, r2, r3 = three_hops()
    sim.assume_role(r1, "one")
    sim.assume_role(r2, "two")
    sim.update_trust(r3, trusting({"AWS": r2}, FULL, condition={
        "StringEquals": {"aws:ResourceTag/Star": "1"}}))
    raises("AccessDenied", sim.assume_role, r3, "three")


def test_tag14_tag_keys_restriction_blocks_additions_but_not_plain_chaining() -> None:
    sim, r1, r2, _ = three_hops()
    sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    restricted = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": r1}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": r1}, "Action": "sts:TagSession",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["Project"]}}},
    ]}
    sim.update_trust(r2, restricted)
    raises("AccessDenied", sim.assume_role, r2, "two", tags={"Extra": "1"})
    assert sim.assume_role(r2, "two").session_tags == {"Project": "x"}


def test_tag15_inherited_transitive_tags_need_tag_session_in_next_trust() -> None:
    sim, r1, r2, _ = three_hops(trust2=["sts:AssumeRole"])
    sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    error = raises("AccessDenied", sim.assume_role, r2, "two")
    assert "sts:TagSession" in error.message


def test_tag16_non_transitive_tags_do_not_pass_on() -> None:
    sim, r1, r2, _ = three_hops()
    sim.assume_role(r1, "one", tags={"Project": "x"})
    s2 = sim.assume_role(r2, "two")
    assert s2.session_tags == {}
    assert "Project" not in s2.principal_tag_map


def test_tag04_tag_session_condition_keys() -> None:
    sim, r1, _, _ = three_hops()
    sim.update_trust(r1, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:user/alice"},
         "Action": ["sts:AssumeRole"]},
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:user/alice"},
         "Action": "sts:TagSession", "Condition": {
             "StringEquals": {"aws:RequestTag/Project": "x", "aws:PrincipalTag/team": "ops",
                              "aws:ResourceTag/Star": "1"},
             "ForAllValues:StringEquals": {"aws:TagKeys": ["Project"],
                                           "sts:TransitiveTagKeys": ["Project"]}}},
    ]})
    assert sim.assume_role(r1, "one", tags={"Project": "x"}, transitive_tag_keys=["Project"])
    sim.exit()
    raises("AccessDenied", sim.assume_role, r1, "one", tags={"Project": "y"})


def test_tag05_one_value_per_key_and_empty_values_allowed() -> None:
    sim, r1, _, _ = three_hops()
    session = sim.assume_role(r1, "one", tags={"Empty": ""})
    assert session.session_tags == {"Empty": ""}


def test_tag_transitive_marks_do_not_change_packed_size() -> None:
    """AR-13: marking tags transitive does not change the packed size."""
    sim, r1, _, _ = three_hops()
    plain = sim.assume_role(r1, "one", tags={"Project": "x", "Cost": "9"})
    sim.exit()
    marked = sim.assume_role(r1, "one", tags={"Project": "x", "Cost": "9"},
                             transitive_tag_keys=["Project", "Cost"])
    assert plain.packed_policy_size == marked.packed_policy_size


# -- source identity ------------------------------------------------------------------------


def test_si01_setting_source_identity_needs_set_source_identity_in_trust() -> None:
    sim, r1, _, _ = three_hops()
    sim.update_trust(r1, trusting({"AWS": f"arn:aws:iam::{A}:user/alice"}, "sts:AssumeRole"))
    error = raises("AccessDenied", sim.assume_role, r1, "one", source_identity="alice")
    assert error.message.endswith(f"sts:SetSourceIdentity on resource: {r1}")


def test_si03_si05_source_identity_is_sticky_and_needs_permission_at_every_hop() -> None:
    sim, r1, r2, r3 = three_hops(trust3=["sts:AssumeRole"])
    s1 = sim.assume_role(r1, "one", source_identity="alice")
    assert s1.source_identity == "alice"
    assert sim.request_for(s1, "s3:GetObject").context["aws:sourceidentity"] == "alice"
    s2 = sim.assume_role(r2, "two")
    assert s2.source_identity == "alice"
    assert sim.request_for(s2, "s3:GetObject").context["aws:sourceidentity"] == "alice"
    error = raises("AccessDenied", sim.assume_role, r3, "three")
    assert "sts:SetSourceIdentity" in error.message


def test_si04_changing_source_identity_in_a_chain_fails() -> None:
    sim, r1, r2, _ = three_hops()
    sim.assume_role(r1, "one", source_identity="alice")
    error = raises("ValidationError", sim.assume_role, r2, "two", source_identity="bob")
    assert error.message == "The source identity is already set for this assume role session"
    assert sim.assume_role(r2, "two", source_identity="alice").source_identity == "alice"


def test_si01_in_a_chain_the_caller_identity_policy_must_allow_set_source_identity() -> None:
    sim, r1, r2, _ = three_hops()
    sim.put_policy(r1, "hop", allow("sts:AssumeRole"))
    sim.assume_role(r1, "one")
    raises("AccessDenied", sim.assume_role, r2, "two", source_identity="alice")
    sim.put_policy(r1, "hop", allow(["sts:AssumeRole", "sts:SetSourceIdentity"]))
    assert sim.assume_role(r2, "two", source_identity="alice").source_identity == "alice"


def test_si05_sts_source_identity_key_in_the_setting_request() -> None:
    sim, r1, _, _ = three_hops()
    sim.update_trust(r1, trusting({"AWS": f"arn:aws:iam::{A}:user/alice"}, FULL, condition={
        "StringEquals": {"sts:SourceIdentity": "alice"}}))
    raises("AccessDenied", sim.assume_role, r1, "one", source_identity="mallory")
    assert sim.assume_role(r1, "one", source_identity="alice")


def test_si07_role_session_name_must_equal_username() -> None:
    sim, r1, r2, _ = three_hops()
    cond = {"StringLike": {"sts:RoleSessionName": "${aws:username}"}}
    sim.update_trust(r1, trusting({"AWS": f"arn:aws:iam::{A}:user/alice"}, FULL, condition=cond))
    raises("AccessDenied", sim.assume_role, r1, "bob")
    sim.assume_role(r1, "alice")
    sim.update_trust(r2, trusting({"AWS": r1}, FULL, condition=cond))
    raises("AccessDenied", sim.assume_role, r2, "alice")  # role sessions have no aws:username
