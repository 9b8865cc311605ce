"""Nesting depth of a scenario's data: a load error naming its place, never a RecursionError.

tomllib reads arrays nested a few hundred deep; the models, the policy parser and the TUI's
trees recurse over them, so anything deeper than a scenario could need is refused at load.

Most of a file cannot be deep once the models accept it: a key typed `str`, `list[str]` or
`dict[str, str]` holds no table at all. Only keys typed with `Any` (policy documents, web
identity claims) hold whatever the file wrote. So a file the models accept is checked there
alone (`check_model_depth`: a 20,000-step file of calls walks no step), and a file they refuse
is checked whole first (`check_depth`), so that a too-deep value is reported as that, whatever
else is wrong, before any message is worded from it.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from rolesim.scenario.errors import Problem, ScenarioError, format_path

MAX_DEPTH = 48
"""Tables and arrays inside one another, counted from the top of the file. The deepest a
scenario needs is a policy written as a table inside a step (about a dozen levels)."""


def check_depth(data: Any, filename: str, text: str) -> None:
    """`ScenarioError` naming the first place nested deeper than `MAX_DEPTH` (iterative)."""
    if not isinstance(data, dict | list) or not _deeper(data, 0):
        return
    path = _too_deep(data)
    if path is None:
        return
    from rolesim.scenario.locate import Locator

    shown = path[:6]
    line = Locator(text).line(shown) if text else None
    raise ScenarioError([Problem(filename, line, format_path(shown),
                                 f"nested too deeply (more than {MAX_DEPTH} levels of tables "
                                 "and arrays)")])


def check_model_depth(model: BaseModel, data: Any, filename: str, text: str) -> None:
    """`check_depth` for a file the models accepted: the same error, for the same place,
    looking only at the keys that can hold anything (`_plan`)."""
    if model_too_deep(model):
        check_depth(data, filename, text)


def model_too_deep(model: BaseModel) -> bool:
    """Whether a model the file was read into holds a value nested past `MAX_DEPTH` (the
    test `check_model_depth` makes before it looks for the place)."""
    return _model_deeper(model, 0)


def _model_deeper(model: BaseModel, length: int) -> bool:
    """Whether a model at a key path of `length` parts holds a value nested past MAX_DEPTH
    in one of its open keys, or in a model below it."""
    open_keys, model_keys = _plan(type(model)) or _CLOSED
    values = model.__dict__
    for name in open_keys:
        value = values[name]
        if isinstance(value, dict | list) and _deeper(value, length + 1):
            return True
    for name in model_keys:
        value = values[name]
        items, item_length = (value, length + 2) if isinstance(value, list) else (
            (value,), length + 1)
        for item in items:  # a 20,000-step file: one dict look-up per step
            if _plan(type(item)) is not None and _model_deeper(item, item_length):
                return True
    return False


Plan = tuple[tuple[str, ...], tuple[str, ...]]
_CLOSED: Plan = ((), ())
_PLANS: dict[type, Plan | None] = {}


def _plan(cls: type) -> Plan | None:
    """For a model class, the keys typed with `Any` somewhere (they hold what the file
    wrote) and the keys holding models that have such keys; None when there are neither (or
    `cls` is no model)."""
    try:
        return _PLANS[cls]
    except KeyError:
        pass
    plan: Plan | None = None
    if issubclass(cls, BaseModel):
        open_keys, model_keys = [], []
        for name, info in cls.model_fields.items():
            leaves = _leaf_types(info.annotation)
            if Any in leaves:
                open_keys.append(name)
            if any(isinstance(leaf, type) and _plan(leaf) is not None for leaf in leaves):
                model_keys.append(name)
        if open_keys or model_keys:
            plan = (tuple(open_keys), tuple(model_keys))
    _PLANS[cls] = plan
    return plan


def _leaf_types(annotation: Any) -> set[Any]:
    """The types an annotation is built from (through unions, Annotated, list[...], ...)."""
    args = get_args(annotation)
    if not args:
        return {annotation}
    leaves: set[Any] = set()
    for arg in args:
        leaves |= _leaf_types(arg)
    return leaves


def _deeper(node: dict[Any, Any] | list[Any], length: int) -> bool:
    """Whether a container whose key path has `length` parts holds anything nested past
    `MAX_DEPTH`: the cheap test every file goes through (only containers are visited, no paths
    are built, at most `MAX_DEPTH` calls deep); `_too_deep` then finds the place."""
    if not node:
        return False
    if length >= MAX_DEPTH:
        return True
    for child in (node.values() if isinstance(node, dict) else node):
        if isinstance(child, dict | list) and _deeper(child, length + 1):
            return True
    return False


def _too_deep(data: Any) -> tuple[str | int, ...] | None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(node, dict):
            stack.extend((child, (*path, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(node))
    return None
