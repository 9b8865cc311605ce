"""The step list's columns, driven with real keys: a trainer who starts from an empty scenario
and adds steps sees them laid out as in a file opened with steps (no step split in the middle
of a word), and at 80 columns no outcome or expectation is cut while the step's cell has room.
"""

from __future__ import annotations

import pytest
from test_stepper_fixtures import START, open_scenario_tab
from textual import events
from textual.widgets import DataTable

from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.workspace import Workspace
from rolesim.ui.app import make_app
from rolesim.ui.steps.stepper import Stepper

EMPTY_STEPS = '''
format = 1
title = "Nothing run yet"

[[accounts]]
id = "111111111111"
name = "dev"

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
'''

ONE_CALL = EMPTY_STEPS + '''
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::111111111111:user/alice"

[[steps]]
do = "advance"
minutes = 5

[[steps]]
do = "call"
action = "s3:DeleteObject"
resource = "arn:aws:s3:::prod-artifacts/build.zip"
expect = "implicitDeny"
'''


def _app(text: str) -> object:
    return make_app(workspace=Workspace(load_scenario_text(text, "lesson.toml"), None),
                    clock_start=START)


async def test_a_step_added_to_a_scenario_without_steps_gets_the_whole_step_column() -> None:
    app = _app(EMPTY_STEPS)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        await pilot.press("a")  # the new step's dialog opens on its kind: sign-in
        await pilot.pause()
        await pilot.press("enter", *"alice")
        await pilot.pause(0.3)
        await pilot.press("enter")  # the listed match: alice's ARN
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        stepper = app.screen.query_one(Stepper)  # type: ignore[attr-defined]
        table = stepper.query_one(DataTable)
        assert table.row_count == 1
        width = table.columns["step"].width  # type: ignore[index]
        assert width == stepper._step_width()
        assert width >= len("sign-in user/alice in dev")


async def test_at_80_columns_the_expectation_and_outcome_under_a_step_are_whole() -> None:
    app = _app(ONE_CALL)
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        table = app.screen.query_one("#steps", DataTable)  # type: ignore[attr-defined]
        assert "· expect implicitDeny" in str(table.get_cell("2", "step"))
        await pilot.press("n", "n", "n")
        await pilot.pause(0.3)
        # EV-01: nothing allows s3:DeleteObject, an implicit deny; said in full, not "implicit"
        assert "✘ implicitDeny" in str(table.get_cell("2", "step"))


async def test_at_120_columns_a_long_expectation_is_whole_in_the_outcome_column() -> None:
    """Presenter mode: `MissingAuthenticationToken` (a call before any sign-in) does not fit
    after `· expect ` in the outcome column, nor on a line of its own: the next line has the
    short form the outcome itself is shown with once run, instead of a cut `· expect Missin…`."""
    app = _app(ONE_CALL.replace('expect = "implicitDeny"',
                                'expect = "MissingAuthenticationToken"'))
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        table = app.screen.query_one("#steps", DataTable)  # type: ignore[attr-defined]
        cell = str(table.get_cell("2", "outcome"))
        width = table.columns["outcome"].width  # type: ignore[index]
        assert all(len(line) <= width for line in cell.split("\n")), cell
        assert "· expect" in cell and "NoAuthToken" in cell and "…" not in cell


def _split_words(cell: object, width: int) -> list[str]:
    """The words of `cell` that the step column breaks across two lines (as the table draws
    it: Rich wraps the cell's text to the column's width)."""
    from rich.console import Console
    from rich.text import Text

    assert isinstance(cell, Text)
    split = []
    for paragraph in cell.split("\n"):
        text, at = paragraph.plain, 0
        for line in paragraph.wrap(Console(width=400), width):
            shown = line.plain.strip()
            start = text.index(shown, at)
            at = start + len(shown)
            if 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
                word_start = max(text.rfind(" ", 0, at), 0)
                split.append(text[word_start:text.find(" ", at) % (len(text) + 1)].strip())
            if len(shown) > width:
                split.append(shown)
    return split


@pytest.mark.parametrize("size", [(80, 24), (113, 40), (120, 40), (140, 40)])
async def test_no_step_is_broken_in_the_middle_of_a_word(size: tuple[int, int]) -> None:
    """Lesson 04's steps, long actions and stack ARNs among them: at 113 columns the list showed
    `cloudformation:CreateStac` / `k`. A line ends at a space or after `:` or `/`; a piece too
    long for a whole line ends in `…` (the Why tab has it whole)."""
    from rolesim.lessons import lessons_dir

    app = make_app(lessons_dir() / "04-role-chaining.toml", clock_start=START, mode="present")
    async with app.run_test(size=size) as pilot:
        await open_scenario_tab(pilot)
        table = app.screen.query_one("#steps", DataTable)
        width = table.columns["step"].width  # type: ignore[index]
        split = [word for index in range(table.row_count)
                 for word in _split_words(table.get_cell(str(index), "step"), width)]
        assert split == []



async def test_the_scenario_tab_helper_waits_for_the_step_list_to_be_laid_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded machine, played by a step list that handles its resize late: the helper every
    scenario snapshot starts with returns only once the list is laid out for its width, rows
    measured (a dialog opened before that froze the list behind it half laid out)."""
    import asyncio

    on_resize = Stepper.on_resize

    async def late(self: Stepper) -> None:
        await asyncio.sleep(0.5)
        on_resize(self)

    monkeypatch.setattr(Stepper, "on_resize", late)
    app = _app(ONE_CALL)
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        stepper = app.screen.query_one(Stepper)  # type: ignore[attr-defined]
        assert stepper.laid_out
        assert stepper.table.columns["step"].width == stepper._step_width() > 14
        assert all(row.height >= 1 for row in stepper.table.rows.values())


async def test_the_step_list_follows_its_width_when_its_resize_event_is_lost() -> None:
    """Under load Textual can size a widget without sending it a Resize (its compositor map,
    rebuilt silently between a scroll and a layout, already holds the new region): the list
    then stayed laid out for width 0, every line cut. The list checks its width after every
    layout of the screen, so a lost Resize no longer matters; here every Resize is dropped."""
    app = _app(ONE_CALL)
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await open_scenario_tab(pilot)
        stepper = app.screen.query_one(Stepper)  # type: ignore[attr-defined]
        posted = stepper.post_message

        def no_resize(message: object) -> bool:
            return False if isinstance(message, events.Resize) else posted(message)  # type: ignore[arg-type]

        stepper.post_message = no_resize  # type: ignore[method-assign]
        before = stepper.size.width
        await pilot.resize_terminal(120, 40)
        for _ in range(100):
            await pilot.pause(0.05)
            if stepper.size.width != before and stepper.laid_out:
                break
        assert stepper.size.width > before
        assert stepper.laid_out, (stepper.size, stepper._columns_width)
        table = stepper.query_one(DataTable)
        assert table.columns["step"].width == stepper._step_width()  # type: ignore[index]
