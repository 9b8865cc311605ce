"""Nesting depth of a scenario's data: a load error naming its place, never a RecursionError.

tomllib reads arrays nested a few hundred deep; the models, the policy parser and the TUI's
trees recurse over them, so anything deeper than a scenario could need is refused up front.
"""

from __future__ import annotations

from typing import Any

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
