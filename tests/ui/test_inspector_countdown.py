"""The inspector's "Time left": a countdown for STS sessions, "long-term" for a user's own
credentials, and "renewed by the service" for an EC2 instance's role credentials, which are
temporary but rotated by the instance before they expire (SVC-08)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rolesim.scenario.load import load_scenario
from rolesim.scenario.runner import replay
from rolesim.ui.inspector.inspector_render import countdown

LESSON = Path(__file__).parents[2] / "rolesim" / "lessons" / "09-ec2-instance-profile.toml"


def test_svc08_instance_credentials_are_renewed_not_counted_down() -> None:
    run = replay(load_scenario(LESSON))
    instance = next(r for r in run.results if r.do == "instance-credentials" and r.session)
    session = instance.session
    assert session is not None and session.temporary and session.expiration is None
    later = instance.clock + timedelta(hours=12)
    assert countdown(session, later).plain == "renewed by the service (SVC-08)"


def test_user_credentials_are_long_term_and_sessions_count_down() -> None:
    run = replay(load_scenario(LESSON))
    signed_in = next(r for r in run.results if r.do == "sign-in" and r.identity)
    assert signed_in.identity is not None
    assert countdown(signed_in.identity, signed_in.clock).plain == "long-term: no expiry"
    assumed = next(r for r in run.results if r.do == "assume-role" and r.session)
    assert assumed.session is not None
    assert countdown(assumed.session, assumed.clock).plain.endswith(" left ")
