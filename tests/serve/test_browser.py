"""A learner's tab in a real browser (Debian's chromium driven by Playwright): the name
dialog, the lesson picker, the tutorial, predict mode, and the score file it writes.

The terminal is xterm.js drawing on a canvas, so its text is read from xterm's own buffer:
the page's script is patched on its way to the browser (test only) to keep a handle on the
Terminal object.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import CHROMIUM, CHROMIUM_ARGS, INSTALL_CHROMIUM, start_server, stop

ASSETS = Path(__file__).resolve().parents[2] / "assets"
README_SHOTS = os.environ.get("ROLESIM_README_SHOTS") == "1"
"""Set to write the README's screenshots to assets/ (otherwise they go to the test's tmp)."""

EXPOSE_TERMINAL = re.compile(r"this\.terminal=new (\w+)\.Terminal\(")

SCREEN_TEXT = """() => {
  const t = window.rolesimTerminal;
  if (!t) return "";
  const b = t.buffer.active, rows = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


@pytest.fixture
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(INSTALL_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def expose_terminal(route: object) -> None:
    response = route.fetch()  # type: ignore[attr-defined]
    script, count = EXPOSE_TERMINAL.subn(
        r"this.terminal=window.rolesimTerminal=new \1.Terminal(", response.text())
    assert count == 1, "textual-serve's textual.js changed: update EXPOSE_TERMINAL"
    route.fulfill(response=response, body=script)  # type: ignore[attr-defined]


def wait_for_text(page: object, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = page.evaluate(SCREEN_TEXT)  # type: ignore[attr-defined]
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def shot(page: object, tmp_path: Path, name: str) -> None:
    folder = ASSETS if README_SHOTS else tmp_path
    page.screenshot(path=str(folder / name))  # type: ignore[attr-defined]


def test_a_learner_predicts_in_the_browser_and_the_score_is_written(
        tmp_path: Path, browser: object) -> None:
    work = tmp_path / "work"
    server, port = start_server(work)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
        page.route("**/static/js/textual.js", expose_terminal)
        page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
        wait_for_text(page, "Welcome to the class")
        page.locator(".xterm-helper-textarea").focus()  # as a learner's click would
        page.keyboard.type("Ada Lovelace")
        page.keyboard.press("Enter")
        screen = wait_for_text(page, "Pick a lesson")
        assert "01  Delegate access across AWS accounts" in screen
        assert "Ada-Lovelace: pick a lesson" in screen
        shot(page, tmp_path, "serve-lesson-picker.png")
        page.keyboard.press("Enter")  # the first entry: the tutorial
        wait_for_text(page, "built-in tutorial")
        page.keyboard.press("F3")
        wait_for_text(page, "learner mode · predict")  # a class predicts from the start
        page.keyboard.press("n")  # step 1, David signs in: not a decision, runs unasked
        wait_for_text(page, "step 1 of")
        page.keyboard.press("n")
        wait_for_text(page, "Predict: step 2: call s3:ListBucket")
        page.keyboard.press("3")  # implicitDeny: wrong, his group's dev-bucket policy allows it
        screen = wait_for_text(page, "Not this time")
        assert "Outcome: ✔ allowed" in screen
        shot(page, tmp_path, "serve-predict.png")
        page.keyboard.press("Enter")
        page.keyboard.press("n")
        wait_for_text(page, "Predict: step 3: call s3:PutObject")
        # implicitDeny: David's own policies do not reach the production bucket, and the
        # bucket has no policy granting him anything (EV-01: no Allow means denied)
        page.keyboard.press("3")
        wait_for_text(page, "Right!")
        scores = work / "Ada-Lovelace" / "scores" / "tutorial.json"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not scores.exists():
            time.sleep(0.1)
        data = json.loads(scores.read_text())
        assert data["learner"] == "Ada-Lovelace" and data["lesson"] == "tutorial"
        assert [(p["step"], p["kind"], p["prediction"], p["actual"], p["right"])
                for p in data["predictions"]] == [
            (2, "call", "implicitDeny", "allowed", False),
            (3, "call", "implicitDeny", "implicitDeny", True)]
        # The learner reloads the page (or closes the tab and comes back): same name, same
        # lesson, and their answers and place are back
        page.keyboard.press("Enter")
        page.reload(wait_until="domcontentloaded")
        wait_for_text(page, "Welcome to the class")
        page.locator(".xterm-helper-textarea").focus()
        page.keyboard.type("Ada Lovelace")
        page.keyboard.press("Enter")
        wait_for_text(page, "Pick a lesson")
        page.keyboard.press("Enter")
        wait_for_text(page, "F3 runs it")  # a lesson opens on its text (the Lesson tab)
        page.keyboard.press("F3")
        screen = wait_for_text(page, "Welcome back")
        assert "score 1/2" in screen and "step 3 of" in screen
    finally:
        assert stop(server) == 0
