"""`rolesim inspect FILE --step N` and the TUI agree, for every step of every shipped scenario,
on the step number (1-based in both: the TUI's "after step N", inspect's `step`; the JSON
`index` is the file's 0-based one) and on the identity: who you are now, the top of the
credential stack, as GetCallerIdentity would answer (ID-10, ID-11), with the signed-in
identity reported apart.

The TUI side is the real app from `make_app` on the real file, driven with Pilot: the pane is
moved to each position the way its own keys move it (`position`, then `refresh_view`), which
works whether or not predict mode is on, and the Identity tab and the summary line are read.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_stepper_fixtures import open_scenario_tab, plain
from textual.widgets import Static

from rolesim.cli import main
from rolesim.ui.app import make_app
from rolesim.ui.steps.scenario_pane import ScenarioPane

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "rolesim" / "lessons").glob("*.toml"))
assert SCENARIOS, "no shipped lessons found"
AFTER_STEP = re.compile(r"after step (\d+)")


def _inspect(path: Path, step: int) -> dict[str, Any]:
    """What `rolesim inspect FILE --step N --json` prints (stdout caught here: the running
    app holds sys.stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["inspect", str(path), "--step", str(step), "--json"]) == 0
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def _squeezed(text: str) -> str:
    """Without whitespace: an ARN the screen wrapped reads whole again."""
    return "".join(text.split())


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem[:2] for p in SCENARIOS])
async def test_inspect_and_the_identity_tab_agree_at_every_step(path: Path) -> None:
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_scenario_tab(pilot)
        pane = app.screen.query_one(ScenarioPane)
        for number in range(len(pane.steps) + 1):
            pane.position = number
            pane.refresh_view(cursor=max(number - 1, 0))
            data = _inspect(path, number)
            summary = plain(app.screen.query_one("#inspector-summary", Static).content)
            match = AFTER_STEP.search(summary)
            assert match is not None and int(match.group(1)) == data["step"] == number
            if number:
                assert data["index"] == number - 1
            who = _squeezed(plain(app.screen.query_one("#whoami", Static).content))
            identity = data["identity"]
            if identity is None:
                assert "Nobodyhassignedin" in who
                continue
            top = pane.replay.simulator.top if pane.replay else None
            assert top is not None and top.arn == identity["arn"]
            assert f"Arn{identity['arn']}" in who
            assert f"UserId{_squeezed(identity['user_id'])}" in who
            assert f"Account{identity['account']}" in who
            assert identity["type"] in who
            assert data["signed_in"]["arn"] == data["chain"][0]["arn"]
