"""The cheap load-time checks say exactly what the plain definitions say: a policy's size
without whitespace (QT-02, QT-03, TP-16: IAM does not count whitespace), and how deep a
document or a scenario file nests."""

from __future__ import annotations

import random
from typing import Any

import pytest

from rolesim.core.policy.model import MalformedPolicyDocument
from rolesim.core.policy.parse import MAX_DOCUMENT_DEPTH, _check_depth
from rolesim.core.sts.documents import non_whitespace_length
from rolesim.scenario import nesting


def test_qt02_size_skips_exactly_the_characters_isspace_calls_whitespace() -> None:
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    others = "a\u200bé{}\"\x00\u2060"  # zero-width space and word joiner are not spaces
    text = "".join(a + b for a, b in zip(spaces * 2, (others * 20)[: len(spaces) * 2],
                                         strict=True))
    assert non_whitespace_length(text) == sum(1 for ch in text if not ch.isspace())
    assert non_whitespace_length(' { "Version" : "2012-10-17" }\n') == 24


def _depth_by_walk(data: Any) -> bool:
    """The definition: some value sits deeper than MAX_DOCUMENT_DEPTH (the document is 1)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DOCUMENT_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list | tuple):
            stack.extend((child, depth + 1) for child in node)
    return False


def _chain(rng: random.Random, levels: int, leaf: Any) -> Any:
    node = leaf
    for _ in range(levels):
        node = rng.choice([lambda n: [n], lambda n: {"k": n, "o": 1}, lambda n: (n, "x")])(node)
    return node


LEAVES = [1, "s", None, True, [], {}, (), [1], {"a": 1}]


@pytest.mark.parametrize("levels", range(MAX_DOCUMENT_DEPTH - 6, MAX_DOCUMENT_DEPTH + 4))
def test_document_depth_as_defined(levels: int) -> None:
    rng = random.Random(levels)
    for leaf in LEAVES:
        for document in ({"Statement": [{"Effect": "Allow"}, _chain(rng, levels, leaf)]},
                         _chain(rng, levels, leaf)):
            expected = _depth_by_walk(document)
            try:
                _check_depth(document)
                refused = False
            except MalformedPolicyDocument:
                refused = True
            assert refused == expected, (levels, leaf)


@pytest.mark.parametrize("levels", range(nesting.MAX_DEPTH - 4, nesting.MAX_DEPTH + 4))
def test_scenario_depth_as_defined(levels: int) -> None:
    rng = random.Random(levels)
    for leaf in LEAVES:
        data = {"title": "t", "steps": [{"do": "exit"}, _chain(rng, levels, leaf)]}
        deep = nesting._too_deep(data) is not None
        assert nesting._deeper(data, 0) == deep, (levels, leaf)


def _arn_problem_by_definition(value: str, spaces: bool) -> str | None:
    from rolesim.core.safe_text import is_unsafe

    bad = sorted({c for c in value
                  if is_unsafe(c) or (c.isspace() and not (spaces and c == " "))})
    if not bad:
        return None
    shown = ", ".join("space" if c == " " else f"U+{ord(c):04X}" for c in bad)
    return f"An ARN cannot hold whitespace or invisible characters ({shown})."


@pytest.mark.parametrize("spaces", [False, True])
def test_qt01_arn_characters_as_defined(spaces: bool) -> None:
    from rolesim.core.names import arn_characters_problem

    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x80)] + ["\u200b", "\u202e", "é", "\ufeff", "\u00a0"]
    values = ["arn:aws:s3:::bucket/a key", "arn:aws:iam::111111111111:role/app"]
    values += ["arn:aws:s3:::" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(8)))
               for _ in range(3000)]
    for value in values:
        assert arn_characters_problem(value, spaces=spaces) == _arn_problem_by_definition(
            value, spaces), repr(value)
