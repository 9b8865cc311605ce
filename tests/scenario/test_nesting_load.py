"""A file the models accept is checked for depth only where it can be deep (the keys typed
with `Any`: policy documents, claims), and says exactly what the whole-file check says: the
same "nested too deeply" problem for the same key path, or nothing."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.model import Scenario
from rolesim.scenario.nesting import MAX_DEPTH, check_depth, check_model_depth

ROLE = "arn:aws:iam::111111111111:role/R"
BASE: dict[str, Any] = {
    "format": 1, "title": "t",
    "accounts": [{"id": "111111111111", "scps": [{"Statement": []}],
                  "scp_levels": [{"scps": [{"Statement": []}]}]}],
    "policies": [{"arn": "arn:aws:iam::111111111111:policy/P", "document": {"Statement": []},
                  "versions": [{"id": "v1", "document": {"Statement": []}}]}],
    "users": [{"arn": "arn:aws:iam::111111111111:user/U", "inline": {"i": {"Statement": []}}}],
    "roles": [{"arn": ROLE, "trust": {"Statement": []}}],
    "resources": [{"arn": "arn:aws:s3:::b", "policy": {"Statement": []}}],
    "steps": [{"do": "call", "action": "s3:GetObject", "context": {"k": ["a", 1]}},
              {"do": "assume-role-with-web-identity", "role": ROLE, "session_name": "s",
               "issuer": "x", "claims": {"sub": "s"}},
              {"do": "update-trust", "role": ROLE, "trust": {"Statement": []}}],
}
PLACES: list[tuple[str | int, ...]] = [
    ("accounts", 0, "scps", 0), ("accounts", 0, "scp_levels", 0, "scps", 0),
    ("policies", 0, "document"), ("policies", 0, "versions", 0, "document"),
    ("users", 0, "inline", "i"), ("roles", 0, "trust"), ("resources", 0, "policy"),
    ("steps", 1, "claims"), ("steps", 2, "trust"),
]


def _chain(rng: random.Random, levels: int) -> Any:
    node: Any = rng.choice([1, "s", [], {}, [1], {"a": 1}])
    for _ in range(levels):
        node = rng.choice([lambda n: [n], lambda n: {"k": n, "o": 1}, lambda n: [1, n]])(node)
    return node


def _outcome(check: Any, *args: Any) -> str | None:
    try:
        check(*args)
    except ScenarioError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("place", PLACES, ids=lambda p: ".".join(map(str, p)))
def test_an_accepted_file_is_refused_exactly_where_the_whole_check_refuses(
        place: tuple[str | int, ...]) -> None:
    rng = random.Random(str(place))
    refused = set()
    for levels in range(MAX_DEPTH - len(place) - 6, MAX_DEPTH - len(place) + 2):
        data = copy.deepcopy(BASE)
        node: Any = data
        for part in place[:-1]:
            node = node[part]
        node[place[-1]] = {"Statement": [_chain(rng, levels)]}
        scenario = Scenario.model_validate(data)
        expected = _outcome(check_depth, data, "f.toml", "")
        assert _outcome(check_model_depth, scenario, data, "f.toml", "") == expected
        refused.add(expected is not None)
    assert refused == {True, False}  # the levels tried straddle the limit


def test_a_refused_file_reports_the_depth_before_anything_else() -> None:
    deep = "[" * 60 + "]" * 60
    text = f'format = 1\ntitle = "t"\n[[steps]]\ndo = "call"\nbogus = 1\ncontext = {deep}\n'
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "f.toml")
    assert "nested too deeply" in str(caught.value) and "bogus" not in str(caught.value)
