"""The Scenario tab: the stepper beside the session inspector, and the commands that drive them.

The pane keeps one number, `position`: how many steps have run. Every move (forward, back,
jump, an edit) replays the scenario from the start to that position with the core's runner,
so what is shown is always what `rolesim run` would report. Edits go to `app.workspace`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.markdown import Markdown
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from rolesim.scenario import scores
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.model import AdvanceStep, Scenario, StepBase
from rolesim.scenario.runner import Replay, replay, start_time
from rolesim.scenario.step_edits import StepEdit
from rolesim.ui.commands import bindings_for
from rolesim.ui.inspector import inspector_render as render
from rolesim.ui.inspector.inspector import Inspector, InspectorState
from rolesim.ui.inspector.inspector_render import account_names
from rolesim.ui.lesson.closing import ClosingScreen, Miss
from rolesim.ui.lesson.key_ideas import key_ideas
from rolesim.ui.lesson.learner_step import LearnerStepDialog
from rolesim.ui.lesson.predict import PredictDialog, RevealDialog
from rolesim.ui.steps.step_dialog import StepDialog, finding_line
from rolesim.ui.steps.step_kind import fresh_session_name, likely_next_kind
from rolesim.ui.steps.step_settings import documents, step_settings
from rolesim.ui.steps.stepper import Stepper
from rolesim.ui.steps.stepper_model import (
    Prediction,
    Score,
    guess_right,
    guesses_for,
    is_asked,
    step_summary,
    varied_settings,
)

if TYPE_CHECKING:
    from rolesim.scenario.workspace import Workspace

LEARN, PRESENT = "learn", "present"
EDITING = frozenset({"add_step", "delete_step", "move_step", "advance_clock"})
"""Actions of presenter mode only: a learner takes the lesson as written."""

HELP_TEXT = """\
## The scenario

Each row is a step of the lesson. **▶** marks the current step: everything above it has run
and shows its outcome (`allowed`, `explicitDeny`, `implicitDeny`, `ok` or AWS's error code),
with **✓**/**✗** when the step states what it expects. The inspector on the right shows the
credentials on top of the stack after the current step. In a step, **⇢** after a session tag
marks it transitive: it follows the chain to the next sessions.

**Moving.** `n` runs the next step, `b` steps back, `g` (or enter) jumps to the highlighted
step. Going back replays the scenario from the start, so it is exact and repeatable.

**Editing.** `a` adds a step after the highlighted one, `e` edits it, `x` deletes it,
`shift+↑`/`shift+↓` move it. Every parameter AWS takes is in the dialog. Changes mark the
scenario modified; `ctrl+s` saves it. **⚠** before a step marks what `rolesim lint` finds in
it (a call on an action AWS does not have: `did you mean ...?`), said under the list and in
the dialog; it never stops a save.

**The clock.** `f5` +1 minute, `f6` +15 minutes, `f7` +1 hour. Moving the clock *adds an
`advance` step* after the current step (or lengthens it, when the current step already is
one) and runs it. We chose this over a hidden clock offset because a trainer expects the
saved scenario, `rolesim run` and the next class to see exactly the same expiry. `b` steps
back before the `advance` step; `x` deletes it.

**The inspector.** Keys `1`–`5` open its tabs: Identity (GetCallerIdentity and expiry),
Chain (signed-in identity to current session), Tags (with where each came from),
Permissions (what this session may do, and what it gave up) and Why (the decision of the
highlighted step, with the statements that decided it highlighted).

**Learner mode and presenter mode** (`m` switches). A lesson opened for learning starts in
learner mode with predict mode on: nothing shown before a step has run says how it will come
out (no expectation in the list, no trainer's note, none in the step dialog), and once it has
run its explanation appears under the list. Presenter mode shows everything, for a trainer,
and allows editing. A file chooses with `mode = "learn"` or `"present"` (default: present);
`rolesim FILE --learn` or `--present` overrides it.

**Predict mode** (`p`). Before each decision (an assume-role of any kind, a session or
federation token, instance credentials, a service assuming a role, a call, a change the
caller makes), and before each change to the world the lesson asks about, you see who makes
it and every setting of the step, and pick what you expect: `allowed`, `explicitDeny` and
`implicitDeny` for a call, `ok` or AWS's error code for STS or for a change (each choice says
what it means; `pgdn` scrolls settings that do not fit). Then the outcome, its explanation
and the decision behind it appear. Sign-in, exit, advance and the changes that set the scene
run without a question and are not scored. In the list, **exp** ✓/✗ says whether the
outcome is what the lesson expects and **you** ✓/✗ whether your prediction was right. A jump
forward (`g`) asks about the step you jump to; the steps run on the way are not scored, and
the title then says
how many were predicted (`score 1/2 · 2 of 5 steps predicted`). A jump back just moves.
After the last step a summary gives the score, the steps you missed with the reason behind
each, and the lesson's key ideas; `s` opens it again.

**The IAM ideas.** A role session lasts its `DurationSeconds` (default 1 hour). A session
obtained from another role session is *role chaining*: AWS caps it at 1 hour, and asking for
more is a `ValidationError`. Calls with expired credentials fail with `ExpiredToken` before
any policy is read. Session tags marked transitive follow the chain; the role's own tags do not.
"""


class ScenarioPane(Horizontal):
    """Stepper + inspector. Shows `workspace` (set by the screen that owns it, after every
    change) and posts `StepsEdited` for what the user changed; every outcome comes from the
    scenario runner (rolesim.scenario.runner.replay)."""

    COMMAND_SCOPE = "scenario"
    BINDINGS = bindings_for("scenario")
    HELP_TEXT = HELP_TEXT

    workspace: reactive[Workspace | None] = reactive(None, always_update=True, init=False)
    """The scenario shown: the owning screen sets it again after every change."""

    class StepsEdited(Message):
        """The user changed the steps: the screen applies `edit` to the Workspace, then sets
        `workspace` again (the pane shows it with `cursor` highlighted)."""

        def __init__(self, edit: StepEdit) -> None:
            super().__init__()
            self.edit = edit

    class Predicted(Message):
        """A prediction was made and the step ran (a classroom session records it)."""

        def __init__(self, prediction: scores.Prediction) -> None:
            super().__init__()
            self.prediction = prediction

    class ModeChanged(Message):
        """Learner or presenter mode, and whether the closing screen has been shown: the
        Lesson tab holds the key ideas back from a learner who has not finished."""

        def __init__(self, learner: bool, finished: bool) -> None:
            super().__init__()
            self.learner = learner
            self.finished = finished

    DEFAULT_CSS = """
    ScenarioPane { height: 1fr; }
    ScenarioPane > Stepper { width: 6fr; border-right: vkey $primary-darken-2; }
    ScenarioPane > Inspector { width: 5fr; }
    """

    def __init__(self, *, id: str | None = None, start_mode: str | None = None,
                 clock_start: datetime | None = None, mode_locked: bool = False) -> None:
        super().__init__(id=id)
        self.mode_locked = mode_locked
        """`m` is off: a learner in a class cannot switch to presenter mode, which shows every
        expectation before its step runs (and would let their score read the answers)."""
        self.clock_start = clock_start
        """Overrides the scenario's `start` (tests, screenshots: never the day it runs)."""
        self._cursor_after_edit: int | None = None
        self.position = 0
        """How many steps have run (0: none)."""
        self.predict = False
        """Predict mode: ask before each step it asks about (`is_asked`) runs."""
        self.learner = False
        """Learner mode: nothing shown before a step has run reveals its outcome."""
        self.start_mode = start_mode
        """The mode asked for on the command line (`--learn`, `--present`): it wins over the
        file's `mode` for the workspace open at start-up."""
        self.predictions: dict[int, Prediction] = {}
        """The learner's latest prediction for each step index."""
        self.reached: set[int] = set()
        """Steps predict mode asks about, run forward in it, predicted or not (a jump)."""
        self._mode_of: object = None
        """The workspace whose mode was applied (another one opened: apply its own)."""
        self.replay: Replay | None = None
        """The replay up to `position`."""
        self.error = ""
        """Why the scenario cannot be run (a bad world), shown in the title."""
        self._shown_once = False
        self._settling = True
        """Until the user presses a key here, the steps keep the focus (see on_descendant_blur)."""

    def compose(self) -> ComposeResult:
        yield Stepper(id="stepper")
        yield Inspector(id="inspector")

    def on_mount(self) -> None:
        if self.workspace is not None:
            self._mark_findings(self.workspace.scenario)
            self.refresh_view()

    def watch_workspace(self, workspace: Workspace | None) -> None:
        """Shown anew after every change (an edit here, in the World tab, another file)."""
        if workspace is None or not self.query(Stepper):
            return
        cursor, self._cursor_after_edit = self._cursor_after_edit, None
        self.position = min(self.position, len(self.steps))
        self._mark_findings(workspace.scenario)
        self.refresh_view(cursor=cursor)

    def _mark_findings(self, scenario: Scenario) -> None:
        """Give the list what `rolesim lint` says of the steps (a call on an action AWS does
        not have). The action catalogue is not read on the way to the first frame: the first
        time, the steps are marked from a worker once it has been read."""
        from rolesim.core.catalog import catalog_loaded

        stepper = self.query_one(Stepper)
        if catalog_loaded():
            stepper.findings = step_findings(scenario)
        else:
            stepper.findings = {}
            self._lint_in_background(scenario)

    @work(thread=True, exclusive=True, group="step-lint")
    def _lint_in_background(self, scenario: Scenario) -> None:
        found = step_findings(scenario)
        self.app.call_from_thread(self._show_findings, scenario, found)

    def _show_findings(self, scenario: Scenario, found: dict[int, str]) -> None:
        stepper = self.query_one(Stepper)
        if (self.workspace is not None and self.workspace.scenario is scenario
                and found != stepper.findings):
            stepper.show_findings(found)

    @property
    def score(self) -> Score:
        """Predict mode's tally for this run."""
        return Score.of(self.predictions, len(self.reached))

    def _apply_mode(self) -> None:
        """Learner or presenter mode, from the command line for the first workspace, else the
        file's `mode` (absent: presenter). A lesson opened for learning starts predicting."""
        workspace = self.workspace
        if workspace is None or self._mode_of is workspace:
            return
        first = self._mode_of is None
        self._mode_of = workspace
        mode = (self.start_mode if first and self.start_mode else
                getattr(workspace.scenario, "mode", None) or PRESENT)
        self.learner = mode == LEARN
        self.predict = self.learner
        self.position = 0
        self._reset_score()
        self.post_message(self.ModeChanged(self.learner, finished=False))

    def _reset_score(self) -> None:
        self.predictions = {}
        self.reached = set()

    def resume(self, predictions: Mapping[int, Prediction], position: int) -> None:
        """Go on where a learner left this lesson (a classroom session that comes back): their
        earlier `predictions` count as predicted and reached, the steps up to `position` have
        run, and the last of them is highlighted. Call it once the pane shows the lesson (its
        mode applied), or that would reset the score again."""
        self.predictions = dict(predictions)
        self.reached = set(predictions)
        self.position = position
        self.refresh_view(cursor=position - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Editing is for presenter mode: in learner mode its keys are off (and out of the
        footer and the palette); so is `m` where the mode is locked (a classroom)."""
        if action == "toggle_mode" and self.mode_locked:
            return False
        return not (self.learner and action in EDITING)

    def on_show(self) -> None:
        """The first time the tab is shown, the steps get the focus (keys n, b... work)."""
        if not self._shown_once:
            self._shown_once = True
            self.call_after_refresh(self.query_one("#steps").focus)

    def on_key(self, event: events.Key) -> None:
        """Once the user presses a key here, where the focus goes is theirs to choose."""
        self._settling = False

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A Hide event queued while the tab was still hidden can blur the steps just after the
        tab was shown (the focus then lands on nothing, or on the inspector's tabs): until the
        user presses a key here, give the steps their focus back."""
        if event.widget.id == "steps" and self._settling:
            self.call_after_refresh(self._refocus_steps)

    def _refocus_steps(self, tries: int = 40) -> None:
        focused = self.screen.focused
        if not self._settling or (focused is not None and self not in focused.ancestors):
            return
        steps = self.query_one("#steps")
        if steps.is_on_screen:
            steps.focus()
        elif tries:  # still laid out as hidden: try again shortly
            self.set_timer(0.05, lambda: self._refocus_steps(tries - 1))

    # --- the workspace ---------------------------------------------------------------------
    @property
    def shown(self) -> Workspace:
        """The workspace shown (set before the pane is mounted)."""
        assert self.workspace is not None
        return self.workspace

    @property
    def steps(self) -> Sequence[StepBase]:
        if self.workspace is None:
            return []
        return self.workspace.scenario.steps

    def _scenario(self) -> Any:
        """The scenario to replay; the app's `clock_start` (tests, screenshots) overrides its
        start so that what is shown never depends on the day it is run."""
        assert self.workspace is not None
        scenario = self.workspace.scenario
        clock_start = self.clock_start
        if clock_start is not None and clock_start != start_time(scenario):
            return scenario.model_copy(update={"start": clock_start})
        return scenario

    def _replay(self) -> Replay:
        """The workspace's cached replay, unless the app overrides the start of the clock."""
        scenario = self._scenario()
        assert self.workspace is not None
        if scenario is self.workspace.scenario:
            result: Replay = self.workspace.replay(self.position)
            return result
        return replay(scenario, upto=self.position)

    # --- showing -------------------------------------------------------------------------
    def refresh_view(self, *, cursor: int | None = None) -> None:
        """Replay up to `position` and show the stepper and the inspector."""
        self._apply_mode()
        self.position = max(0, min(self.position, len(self.steps)))
        self.error = ""
        try:
            self.replay = self._replay()
        except ScenarioError as error:
            self.replay, self.error = None, str(error)
        except Exception as error:  # crash barrier: a replay bug is shown, the pane lives on
            from rolesim.ui.shell.crash_barrier import describe, report

            self.replay, self.error = None, f"This step cannot be shown: {describe(error)}"
            report(self, error)
        results = self.replay.results if self.replay else []
        accounts = account_names(self.replay.world if self.replay else None)
        stepper = self.query_one(Stepper)
        stepper.load(self.steps, results, self.position, accounts, title=self._title(),
                     cursor=cursor, hide_expectations=self.predict, learner=self.learner,
                     predictions=self.predictions)
        self._show_inspector()

    def _title(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.shown.scenario.title + "\n", style="bold")
        text.append(f"step {self.position} of {len(self.steps)}")
        if self.replay is not None and self.replay.results:
            unmet = sum(1 for r in self.replay.results if r.met is False)
            if unmet:
                text.append(f"  · {unmet} not as expected", style="bold red")
        mode = "learner mode" if self.learner else "presenter mode"
        if self.predict:
            text.append(f"\n{mode} · predict · score {self.score.with_coverage()}",
                        style="bold magenta")
        else:
            text.append(f"\n{mode}", style="bold magenta" if self.learner else "dim")
        if self.error:
            text.append(f"\n{self.error}", style="bold red")
        return text

    def _show_inspector(self) -> None:
        inspector = self.query_one(Inspector)
        if self.replay is None:
            inspector.show(InspectorState(None, None, start_time(self._scenario()),
                                          position=self.position))
            return
        simulator = self.replay.simulator
        inspector.show(InspectorState(simulator.top, simulator, simulator.clock.now,
                                      self._selected_result(), self.position))

    def _selected_result(self) -> Any:
        """The result for 'Why': the highlighted step if it has run, else the current one."""
        results = self.replay.results if self.replay else []
        cursor = self.query_one(Stepper).cursor
        if 0 <= cursor < len(results):
            return results[cursor]
        return results[-1] if results else None

    @on(DataTable.RowHighlighted, "#steps")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.query_one(Stepper).show_note(event.cursor_row)
        self.query_one(Inspector).show_result(self._selected_result())

    @on(DataTable.RowSelected, "#steps")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    # --- moving ----------------------------------------------------------------------------
    def action_step_next(self) -> None:
        """Run the next step (asking for a prediction first in predict mode)."""
        if self.position >= len(self.steps):
            self.app.bell()
            return
        self._run_to(self.position + 1)

    def _run_to(self, target: int) -> None:
        """Run forward up to and including step `target` (1-based). In predict mode, a step
        predict mode asks about (`is_asked`: a decision, or a change whose outcome is the
        lesson's point) is asked about first; the steps run on the way there are not asked about
        (a jump), and the asked ones among them count as reached but not predicted. Any other
        step (sign-in, exit, advance, a change that sets the scene) just runs."""
        step = self.steps[target - 1]
        on_the_way = {i for i in range(self.position, target - 1) if is_asked(self.steps[i])}
        if not self.predict or not is_asked(step):
            if self.predict:
                self.reached |= on_the_way
            self.position = target
            self.refresh_view(cursor=target - 1)
            self._closing_if_last()
            return
        first_skipped = self.position + 1
        guesses = guesses_for(step.do)
        names = account_names(self._world())
        summary = f"{step.do} {step_summary(step, names, varied=varied_settings(self.steps))}"
        settings = step_settings(step, names)

        def predicted(guess: Any) -> None:
            if guess is None:
                return
            self.position = target
            self.refresh_view(cursor=target - 1)
            if self.replay is None or len(self.replay.results) < target:
                return
            result = self.replay.results[target - 1]
            correct = guess_right(guess, result.outcome, step.do)
            self.predictions[target - 1] = Prediction(guess, str(result.outcome), correct)
            self.post_message(self.Predicted(scores.Prediction(
                target, step.do, guess.covers[0] if len(guess.covers) == 1 else guess.label,
                str(result.outcome), correct, summary)))
            self.reached |= on_the_way | {target - 1}
            self.refresh_view(cursor=target - 1)
            self.query_one(Inspector).open_tab("why")
            self.app.push_screen(RevealDialog(guess, result, correct, self.score,
                                              explain=str(step.explain or "")),
                                 lambda _: self._closing_if_last())

        self.app.push_screen(PredictDialog(
            target, summary, guesses, self.score, skipped=range(first_skipped, target),
            settings=settings.given, left_out=settings.left_out, caller=self._caller(),
            outside=getattr(step, "by", None) == "trainer", documents=documents(step)),
            predicted)

    def _caller(self) -> str:
        """The ARN of the credentials on top of the stack, or empty before anyone signs in."""
        top = getattr(self.replay.simulator, "top", None) if self.replay else None
        return str(getattr(top, "arn", "") or "")

    def _closing_if_last(self) -> None:
        """After the last step of a lesson taken with predictions, the closing screen."""
        if self.steps and self.position == len(self.steps) and (self.predict or self.learner):
            self.action_summary()

    def action_summary(self) -> None:
        """The closing screen: the score, the steps missed and why, the key ideas."""
        self.post_message(self.ModeChanged(self.learner, finished=True))
        results = self.replay.results if self.replay else []
        names = account_names(self._world())
        varied = varied_settings(self.steps)
        misses = []
        for index, prediction in sorted(self.predictions.items()):
            if prediction.correct or index >= len(self.steps):
                continue
            step = self.steps[index]
            explain = str(step.explain or "").strip()
            result = results[index] if index < len(results) else None
            reason: Any = Markdown(explain) if explain else (
                render.why(result) if result is not None else "")
            misses.append(Miss(index + 1, f"{step.do} {step_summary(step, names, varied=varied)}",
                               prediction.guess.label.split(":")[0], prediction.outcome,
                               reason))
        scenario = self.shown.scenario
        asked = sum(1 for step in self.steps if is_asked(step))
        self.app.push_screen(ClosingScreen(scenario.title, self.score, misses,
                                           key_ideas(scenario.description or ""),
                                           asked=asked))

    def action_step_back(self) -> None:
        """Replay up to the step before the current one."""
        if self.position == 0:
            self.app.bell()
            return
        self.position -= 1
        self.refresh_view(cursor=max(0, self.position - 1))

    def action_jump(self) -> None:
        """Run everything up to and including the highlighted step. Forward in predict mode,
        that step is predicted first (the steps before it run unscored); back, it just moves."""
        if not self.steps:
            return
        cursor = self.query_one(Stepper).cursor
        if cursor + 1 > self.position:
            self._run_to(cursor + 1)
            return
        self.position = cursor + 1
        self.refresh_view(cursor=cursor)

    def action_toggle_predict(self) -> None:
        self.predict = not self.predict
        self._reset_score()
        self.refresh_view()

    def action_toggle_mode(self) -> None:
        """Learner mode (answers hidden, predict on) or presenter mode (everything shown, predict
        off until `p`)."""
        self.learner = not self.learner
        self.predict = self.learner
        self.post_message(self.ModeChanged(self.learner, finished=False))
        self.refresh_view()
        self.app.refresh_bindings()
        self.app.notify("Learner mode: the answers are hidden until each step has run."
                        if self.learner else
                        "Presenter mode: expectations and notes are shown; editing is on.",
                        title="Mode")

    def action_inspect(self, tab: str) -> None:
        """Open an inspector tab (keys 1-5)."""
        self.query_one(Inspector).open_tab(tab)

    def _world(self) -> Any:
        return self.replay.world if self.replay else None

    def _edited_scenario(self) -> Scenario | None:
        return self.workspace.scenario if self.workspace is not None else None

    # --- editing ---------------------------------------------------------------------------
    def action_add_step(self) -> None:
        """One dialog: its first field is the kind (starting on the one that most often comes
        next), then the kind's fields. The step goes after the highlighted one."""
        at = self.query_one(Stepper).cursor + 1 if self.steps else 0
        previous = self.steps[at - 1].do if at > 0 else None

        def saved(step: StepBase | None) -> None:
            if step is None:
                return
            if at < self.position:
                self.position += 1
            self._edit(StepEdit("add", at, step), at)

        self.app.push_screen(StepDialog(likely_next_kind(previous), None, world=self._world(),
                                        choose_kind=True,
                                        defaults={"session_name": fresh_session_name(
                                            self.steps)}, scenario=self._edited_scenario()), saved)

    def action_edit_step(self) -> None:
        if not self.steps:
            return
        index = self.query_one(Stepper).cursor
        current = self.steps[index]

        def saved(step: StepBase | None) -> None:
            if step is not None:
                self._edit(StepEdit("replace", index, step), index)

        dialog = LearnerStepDialog if self.learner else StepDialog
        self.app.push_screen(dialog(current.do, current, world=self._world(), index=index,
                                    choose_kind=not self.learner,
                                    scenario=self._edited_scenario(),
                                    hold_findings=self.learner and index >= self.position),
                             saved)

    def action_delete_step(self) -> None:
        if not self.steps:
            return
        from rolesim.ui.common.confirm import ConfirmModal

        index = self.query_one(Stepper).cursor
        step = self.steps[index]
        question = (f"Delete step {index + 1}, {step.do} "
                    f"{step_summary(step, account_names(self._world()))}?")

        def answered(yes: bool | None) -> None:
            if yes:
                if index < self.position:
                    self.position -= 1
                self._edit(StepEdit("delete", index), min(index, len(self.steps) - 2))

        self.app.push_screen(ConfirmModal("Delete step", question), answered)

    def action_move_step(self, delta: int) -> None:
        """Move the highlighted step up (-1) or down (+1)."""
        index = self.query_one(Stepper).cursor
        target = index + delta
        if not self.steps or not 0 <= target < len(self.steps):
            self.app.bell()
            return
        self._edit(StepEdit("move", index, target=target), target)

    def _edit(self, edit: StepEdit, cursor: int) -> None:
        """Say what the user changed; the screen applies it and sets `workspace` again, which
        shows it with `cursor` highlighted."""
        self._cursor_after_edit = max(0, cursor)
        self.post_message(self.StepsEdited(edit))

    def action_advance_clock(self, seconds: int) -> None:
        """Move the simulated clock by adding (or lengthening) an `advance` step after the
        current step, then run it: the saved scenario replays what the class saw."""
        current = self.steps[self.position - 1] if self.position else None
        if isinstance(current, AdvanceStep):
            total = current.total_seconds + seconds
            self._edit(StepEdit("replace", self.position - 1, _advance_step(total, current)),
                       self.position - 1)
        else:
            at = self.position
            self.position += 1
            self._edit(StepEdit("add", at, _advance_step(seconds, None)), at)


def step_findings(scenario: Scenario) -> dict[int, str]:
    """By step index, the findings `rolesim lint` prints for it, one a line, as the policy
    editor words one (`⚠ UNKNOWN_STEP_ACTION (warning): ...`); a finding in a document the
    step carries names the key and where in it (`✗ MALFORMED_POLICY (error): policy, line 1,
    column 140: ...`). Reads the action catalogue."""
    from rolesim.core.catalog import get_catalog
    from rolesim.scenario.lint_report import step_findings as lint_step_findings

    lines: dict[int, list[str]] = {}
    for index, key, finding in lint_step_findings(scenario, get_catalog()):
        place = "" if key == "action" else ", ".join(filter(None, (key, finding.path)))
        lines.setdefault(index, []).append(finding_line(finding, place))
    return {index: "\n".join(found) for index, found in lines.items()}


def _advance_step(seconds: int, like: AdvanceStep | None) -> AdvanceStep:
    """An `advance` of `seconds` in the largest whole unit, keeping the note and expectation."""
    if seconds % 3600 == 0:
        amount: dict[str, int] = {"hours": seconds // 3600}
    elif seconds % 60 == 0:
        amount = {"minutes": seconds // 60}
    else:
        amount = {"seconds": seconds}
    keep: dict[str, Any] = {}
    if like is not None:
        keep = {k: getattr(like, k) for k in ("expect", "note") if getattr(like, k)}
    return AdvanceStep.model_validate({"do": "advance", **amount, **keep})
