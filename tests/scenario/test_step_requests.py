"""One definition of each API request: every step builds its typed request, and every step
field carries the words and the world-pick the generated step dialog reads (VOCAB.md)."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from rolesim.core import requests as r
from rolesim.scenario.model import STEP_TYPES, CallerStep, WorldStep, to_data
from rolesim.scenario.steps import StepBase

PICKS = {
    "principal", "user", "role", "group", "policy", "managed-policy", "instance-profile",
    "provider", "resource", "service", "function", "instance"}

SAMPLES: dict[str, dict[str, object]] = {
    "sign-in": {"principal": "arn:aws:iam::111111111111:user/a"},
    "assume-role": {"role": "arn:aws:iam::111111111111:role/r", "session_name": "s1"},
    "assume-role-with-web-identity": {"role": "arn:aws:iam::111111111111:role/r",
                                      "session_name": "s1", "issuer": "example.com"},
    "assume-role-with-saml": {"role": "arn:aws:iam::111111111111:role/r",
                              "provider": "arn:aws:iam::111111111111:saml-provider/p"},
    "get-federation-token": {"name": "bob"},
    "instance-credentials": {"instance_profile": "arn:aws:iam::111111111111:instance-profile/p"},
    "service-assume-role": {"service": "lambda.amazonaws.com",
                            "role": "arn:aws:iam::111111111111:role/r"},
    "call": {"action": "s3:GetObject"},
    "advance": {"minutes": 5},
    "revoke-sessions": {"role": "r"}, "update-trust": {"role": "r", "trust": "{}"},
    "attach-policy": {"principal": "p", "policy": "x"},
    "detach-policy": {"principal": "p", "policy": "x"},
    "put-policy": {"principal": "p", "name": "n", "document": "{}"},
    "delete-policy": {"principal": "p", "name": "n"},
    "set-boundary": {"principal": "p", "policy": ""}, "recreate": {"principal": "p"},
    "add-user-to-group": {"user": "u", "group": "g"},
    "remove-user-from-group": {"user": "u", "group": "g"},
    "create-policy-version": {"policy": "p", "document": "{}"},
    "set-default-policy-version": {"policy": "p", "version": "v2"},
    "run-instance": {"instance_profile": "p"},
    "create-function": {"function": "f", "role": "r"},
    "update-function-code": {"function": "f"}, "invoke-function": {"function": "f"},
    "pass-role": {"role": "r", "service": "glue.amazonaws.com"},
}


def build(kind: str) -> StepBase:
    return STEP_TYPES[kind].model_validate({"do": kind, **SAMPLES.get(kind, {})})


@pytest.mark.parametrize("kind", list(STEP_TYPES))
def test_every_step_builds_its_typed_request(kind: str) -> None:
    request = build(kind).request()
    assert dataclasses.is_dataclass(request)
    assert type(request) in typing.get_args(r.Request)


@pytest.mark.parametrize("kind", list(STEP_TYPES))
def test_every_step_field_has_words_and_a_known_pick(kind: str) -> None:
    for name, info in STEP_TYPES[kind].model_fields.items():
        if name == "do":
            continue
        assert info.description, f"{kind}.{name} has no description"
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "pick" in extra:
            assert extra["pick"] in PICKS, f"{kind}.{name}: {extra['pick']}"


def test_requests_carry_the_step_values() -> None:
    step = build("run-instance")
    assert step.request() == r.RunInstance("p", r.DEFAULT_INSTANCE_ID, "caller")
    assert build("attach-policy").request() == r.AttachPolicy("p", "x", "trainer")


def test_by_defaults_trainer_on_the_formats_steps_and_caller_on_rolesims() -> None:
    for kind, cls in STEP_TYPES.items():
        if issubclass(cls, CallerStep):
            assert build(kind).by == "caller", kind  # type: ignore[attr-defined]
        elif issubclass(cls, WorldStep):
            assert build(kind).by == "trainer", kind  # type: ignore[attr-defined]
    assert "by" not in to_data(build("attach-policy"))  # a default is not written back
    written = STEP_TYPES["attach-policy"].model_validate(
        {"do": "attach-policy", "principal": "p", "policy": "x", "by": "caller"})
    assert to_data(written)["by"] == "caller"


OPERATIONS = ("sts/assume.py", "sts/federation.py", "sts/tokens.py", "sts/services.py",
              "sts/admin.py", "iam/checks.py", "iam/authorize.py", "iam/changes.py")


@pytest.mark.parametrize("module", OPERATIONS)
def test_operations_do_not_reach_back_into_the_simulator(module: str) -> None:
    """STS and IAM operations are functions of (world, clock, caller, request): no import of
    the Simulator, so there is no import cycle through it."""
    from pathlib import Path

    import rolesim.core

    text = (Path(rolesim.core.__file__).parent / module).read_text(encoding="utf-8")
    assert "simulator" not in text.lower()


def test_the_runner_types_its_simulator() -> None:
    from rolesim.scenario.runner import Replay

    assert Replay.__annotations__["simulator"] == "Simulator"
