"""The step dialog as a learner sees it: every parameter of the step, none of the answers.

The rows holding the lesson's expectation, the trainer's note and the explanation are hidden
(by the ids the step dialog gives its rows): their values are kept and saved as they were.
"""

from __future__ import annotations

from textual.widgets import Static

from rolesim.ui.steps.step_dialog import StepDialog

HIDDEN_ROWS = ("row-expect", "row-expect_session", "row-note", "row-explain", "row-ask")
"""What would tell the learner the outcome before the step has run (`ask` too: the lesson
asks about a change when its outcome is the point)."""


class LearnerStepDialog(StepDialog):
    """StepDialog without expect, expect_session, note, explain and ask."""

    def on_mount(self) -> None:
        for row in self.query(",".join(f"#{row}" for row in HIDDEN_ROWS)):
            row.display = False
        title = self.query_one("#step-title", Static)
        title.update(f"{title.content}  (learner mode: the lesson's answers are hidden)")
        self.call_after_refresh(self._focus_first_shown)

    def _focus_first_shown(self) -> None:
        focused = self.focused
        if focused is not None and focused.focusable:
            return
        for widget in self.query("#step-form Input, #step-form Checkbox, #step-form TextArea"):
            if widget.focusable:
                widget.focus()
                return
