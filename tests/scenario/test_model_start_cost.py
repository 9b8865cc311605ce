"""The scenario models cost what they must at start-up: every `rolesim` command imports them."""

from __future__ import annotations

from pydantic import BaseModel

from rolesim.scenario import model
from rolesim.scenario.spec_base import Spec, empty_list
from rolesim.scenario.steps import AssumeRoleStep


def _models(base: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for sub in base.__subclasses__():
        found += [sub, *_models(sub)]
    return found


def test_no_list_field_has_list_itself_as_its_default_factory() -> None:
    """pydantic reads a default factory's signature when it builds a model; for `list` that
    means parsing its text signature with `inspect` (and, the first time, compiling
    `tokenize`'s expressions): ~20M instructions at every start for the models' list fields.
    `spec_base.empty_list` makes the same empty list."""
    specs = _models(Spec)
    assert model.Scenario in specs and AssumeRoleStep in specs
    slow = [f"{spec.__name__}.{name}" for spec in specs
            for name, info in spec.model_fields.items() if info.default_factory is list]
    assert slow == []


def test_a_list_field_left_out_is_a_new_empty_list_each_time() -> None:
    first, second = model.Scenario(format=1, title="a"), model.Scenario(format=1, title="b")
    assert first.steps == [] and first.steps is not second.steps
    assert empty_list() == [] and empty_list() is not empty_list()
