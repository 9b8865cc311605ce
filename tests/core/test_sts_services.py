"""EC2 instance credentials (SVC-07..SVC-09, CH-04, ID-07), service roles (TP-15, SVC-01),
service-linked roles (SLR-01..SLR-04, SLR-07, ORG-04)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from test_sts_support import A, WorldBuilder, allow, deny, trusting

from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.sts.errors import StsError
from rolesim.core.sts.session import SessionKind
from rolesim.core.sts.simulator import Simulator

SLR = f"arn:aws:iam::{A}:role/aws-service-role/elasticbeanstalk.amazonaws.com/" \
      "AWSServiceRoleForElasticBeanstalk"


def raises(code: str, fn: Any, *args: Any, **kwargs: Any) -> StsError:
    with pytest.raises(StsError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def ec2_world(trusted: str = "ec2.amazonaws.com") -> tuple[Simulator, str, str, str]:
    wb = WorldBuilder()
    app = wb.role("AppRole", {}, inline={"p": allow(["s3:*", "sts:AssumeRole"])})
    wb.set_trust(app, trusting({"Service": trusted}))
    target = wb.role("Target", {}, max_session_duration=43200)
    wb.set_trust(target, trusting({"AWS": app}))
    profile = wb.profile("AppProfile", app)
    return wb.sim(), app, target, profile


def test_id07_instance_session_is_named_after_the_instance() -> None:
    sim, app, _, profile = ec2_world()
    session = sim.instance_credentials(profile, "i-0abc1234def567890")
    assert session.kind is SessionKind.INSTANCE_PROFILE
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/AppRole/i-0abc1234def567890"
    assert session.user_id == f"{sim.world.roles[app].unique_id}:i-0abc1234def567890"
    assert sim.stack == [session]


def test_svc08_instance_credentials_do_not_expire_in_a_scenario() -> None:
    sim, _, _, profile = ec2_world()
    session = sim.instance_credentials(profile)
    sim.advance(7 * 24 * 3600)
    assert not session.expired(sim.clock.now)
    assert sim.call("s3:GetObject", "arn:aws:s3:::b/k").outcome == "allowed"
    assert "aws:tokenissuetime" in sim.request_for(session, "s3:GetObject").context


def test_ch04_svc09_assume_role_from_instance_credentials_is_not_chaining() -> None:
    sim, _, target, profile = ec2_world()
    sim.instance_credentials(profile)
    session = sim.assume_role(target, "app", duration=43200)
    assert session.chained is False
    assert session.expiration == sim.clock.now + timedelta(hours=12)
    assert session.depth == 1
    assert sim.exit().kind is SessionKind.INSTANCE_PROFILE


def test_instance_profile_role_must_trust_ec2() -> None:
    sim, _, _, profile = ec2_world(trusted="lambda.amazonaws.com")
    raises("AccessDenied", sim.instance_credentials, profile)


def test_unknown_instance_profile() -> None:
    sim, _, _, _ = ec2_world()
    raises("NoSuchEntity", sim.instance_credentials, f"arn:aws:iam::{A}:instance-profile/None")


def service_world(condition: dict[str, Any] | None = None) -> tuple[Simulator, str]:
    wb = WorldBuilder()
    role = wb.role("LambdaExec", {}, inline={"p": allow("logs:*")})
    wb.set_trust(role, trusting({"Service": ["lambda.amazonaws.com", "ecs.amazonaws.com"]},
                                condition=condition))
    return wb.sim(), role


def test_svc01_tp15_service_assumes_its_role() -> None:
    sim, role = service_world()
    session = sim.service_assume_role("lambda.amazonaws.com", role,
                                      f"arn:aws:lambda:us-east-1:{A}:function:my-fn")
    assert session.kind is SessionKind.SERVICE_ROLE
    assert session.arn == f"arn:aws:sts::{A}:assumed-role/LambdaExec/my-fn"
    assert sim.call("logs:PutLogEvents").outcome == "allowed"
    assert sim.service_assume_role("ecs.amazonaws.com", role).session_name == "ecs"


def test_tp01_untrusted_service_is_refused() -> None:
    sim, role = service_world()
    raises("AccessDenied", sim.service_assume_role, "ec2.amazonaws.com", role)


def test_tp15_source_account_and_source_arn_conditions() -> None:
    source = f"arn:aws:lambda:us-east-1:{A}:function:my-fn"
    sim, role = service_world({"StringEquals": {"aws:SourceAccount": A},
                               "ArnLike": {"aws:SourceArn": source}})
    raises("AccessDenied", sim.service_assume_role, "lambda.amazonaws.com", role)
    raises("AccessDenied", sim.service_assume_role, "lambda.amazonaws.com", role,
           "arn:aws:lambda:us-east-1:999999999999:function:evil", "999999999999")
    assert sim.service_assume_role("lambda.amazonaws.com", role, source, A)


def test_service_role_calling_assume_role_is_chaining() -> None:
    """Choice 24.12: only EC2 is documented as exempt (CH-04)."""
    sim, role = service_world()
    sim.put_policy(role, "hop", allow("sts:AssumeRole"))
    other = f"arn:aws:iam::{A}:role/Other"
    from rolesim.core.world import Role, unique_id

    sim.world.roles[other] = Role(other, unique_id("AROA", other), max_session_duration=43200)
    sim.update_trust(other, trusting({"AWS": role}))
    sim.service_assume_role("lambda.amazonaws.com", role)
    raises("ValidationError", sim.assume_role, other, "x", duration=7200)


# -- service-linked roles -------------------------------------------------------------------


def slr_world() -> tuple[WorldBuilder, Simulator]:
    wb = WorldBuilder()
    from rolesim.core.world import Role, unique_id

    trust = parse_policy(trusting({"Service": "elasticbeanstalk.amazonaws.com"}),
                         PolicyType.TRUST)
    wb.world.roles[SLR] = Role(SLR, unique_id("AROA", SLR), trust=trust,
                               inline={"p": parse_policy(allow("ec2:*"), PolicyType.IDENTITY)})
    wb.policy("Boundary", allow("*"))
    return wb, wb.sim()


def test_slr01_path_marks_a_service_linked_role() -> None:
    wb, _ = slr_world()
    assert wb.world.roles[SLR].service_linked


@pytest.mark.parametrize("change", [
    lambda sim: sim.put_policy(SLR, "x", allow("s3:*")),
    lambda sim: sim.delete_policy(SLR, "p"),
    lambda sim: sim.attach_policy(SLR, f"arn:aws:iam::{A}:policy/Boundary"),
    lambda sim: sim.detach_policy(SLR, f"arn:aws:iam::{A}:policy/Boundary"),
    lambda sim: sim.update_trust(SLR, trusting({"AWS": A})),
    lambda sim: sim.set_boundary(SLR, f"arn:aws:iam::{A}:policy/Boundary"),
    lambda sim: sim.revoke_sessions(SLR),
    lambda sim: sim.recreate(SLR),
])
def test_slr02_slr03_slr07_service_linked_role_is_unmodifiable(change: Any) -> None:
    wb, sim = slr_world()
    before = (dict(wb.world.roles[SLR].inline), wb.world.roles[SLR].trust,
              wb.world.roles[SLR].unique_id)
    error = raises("UnmodifiableEntity", change, sim)
    assert error.message == (
        "Cannot perform the operation on the protected role "
        "'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS")
    role = wb.world.roles[SLR]
    assert (dict(role.inline), role.trust, role.unique_id) == before


def test_org04_scps_do_not_limit_service_linked_roles() -> None:
    wb, sim = slr_world()
    wb.world.accounts[A].scps = [parse_policy(deny("*"), PolicyType.SCP)]
    session = sim.service_assume_role("elasticbeanstalk.amazonaws.com", SLR)
    assert sim.caller_policies(session).scps is None
    assert sim.call("ec2:RunInstances").outcome == "allowed"
