"""A hand-written file with a malformed ARN opens in the TUI (its world does not build, and
the detail pane says why) instead of crashing when the entity is shown. Seen by a new
trainer: `rolesim mine.toml` with `arn:aws:iam:111111111111:role/Deploy` (one colon short)
ended in a traceback (IndexError in the role's detail)."""
# ruff: noqa: E501  (TOML fixtures keep one entity per line)

from __future__ import annotations

import pytest
from rich.console import Console

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.world_edits import entity_account, key_of
from rolesim.ui.world.entity_detail import describe
from rolesim.ui.world.world_tree import NodeRef

TRUST = '{ Version = "2012-10-17", Statement = [ { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:root" }, Action = "sts:AssumeRole" } ] }'
DOC = '{ Version = "2012-10-17", Statement = [ { Effect = "Allow", Action = "s3:*", Resource = "*" } ] }'
ENTITIES = {
    "user": '[[users]]\narn = "{arn}"',
    "group": '[[groups]]\narn = "{arn}"',
    "role": '[[roles]]\narn = "{arn}"\ntrust = ' + TRUST,
    "policy": '[[policies]]\narn = "{arn}"\ndocument = ' + DOC,
    "instance_profile": '[[instance_profiles]]\narn = "{arn}"\nrole = "arn:aws:iam::111111111111:role/R"',
    "provider": '[[providers]]\narn = "{arn}"',
}
GOOD = {"user": "user/alice", "group": "group/devs", "role": "role/team/Deploy",
        "policy": "policy/p", "instance_profile": "instance-profile/ip",
        "provider": "oidc-provider/token.actions.githubusercontent.com"}
MALFORMED = [
    "arn:aws:iam:111111111111:{rest}",  # one colon short (ID-01: six parts)
    "arn:aws:iam::{rest}",  # no account field
    "{rest}",  # not an ARN at all
    "arn",
]


def _describe(kind: str, arn: str) -> str:
    text = 'format = 1\ntitle = "t"\n[[accounts]]\nid = "111111111111"\n'
    text += ENTITIES[kind].replace("{arn}", arn) + "\n"
    scenario = load_scenario_text(text, "mine.toml")
    spec = getattr(scenario, {"user": "users", "group": "groups", "role": "roles",
                              "policy": "policies", "instance_profile": "instance_profiles",
                              "provider": "providers"}[kind])[0]
    ref = NodeRef(kind, key_of(kind, spec), entity_account(kind, spec))
    console = Console(width=100, record=True, color_system=None)
    console.print(describe(ref, scenario, None, f"mine.toml:5: {kind}s[0].arn: not an ARN"))
    return console.export_text()


@pytest.mark.parametrize("kind", sorted(ENTITIES))
@pytest.mark.parametrize("shape", MALFORMED)
def test_id01_an_entity_with_a_malformed_arn_is_described_with_the_world_error(
        kind: str, shape: str) -> None:
    arn = shape.format(rest=GOOD[kind])
    shown = _describe(kind, arn)
    assert "The world does not build: mine.toml:5:" in shown
    assert arn in shown  # the ARN as written, so the trainer sees what to fix
