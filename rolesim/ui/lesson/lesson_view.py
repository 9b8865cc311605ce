"""The Lesson tab: the scenario's title and its description (Markdown), where a learner reads
what the lesson is about and a trainer checks what they wrote. `e` asks to edit it."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from rolesim.ui.commands import Command, bindings_for, register

register(Command("lesson.edit", "lesson: edit title, description, start and mode",
                 "edit_lesson", "lesson", "Edit the lesson's title, its description (Markdown), "
                 "when its clock starts and whether the saved file opens in learner mode.",
                 key="e", footer="Edit lesson"))

NO_DESCRIPTION = ("*This lesson has no description yet.* Press **e** to write what the "
                  "learner should take away (Markdown).")
HELD_BACK = "*The key ideas are shown when you finish the lesson.*"


class LessonView(VerticalScroll, can_focus=True):
    """Shows what it is given (`show`); editing is the screen's job (`EditRequested`)."""

    COMMAND_SCOPE = "lesson"
    BINDINGS = bindings_for("lesson")
    DEFAULT_CSS = """
    LessonView { padding: 0 2; }
    LessonView #lesson-title { text-style: bold; color: $text; padding: 1 0 0 0; }
    LessonView #lesson-meta { color: $text-muted; margin-bottom: 1; }
    LessonView Markdown { padding: 0; margin: 0; }
    """

    class EditRequested(Message):
        """The user asked to edit the lesson's title, description or start."""

    def compose(self) -> ComposeResult:
        yield Static("", id="lesson-title")
        yield Static("", id="lesson-meta")
        yield Markdown("", id="lesson-text")

    editable = True
    """False in learner mode: `e` is off (the text it would open holds the key ideas)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`e` only where the lesson may be edited (out of the footer otherwise)."""
        return self.editable or action != "edit_lesson"

    def show(self, title: str, description: str, start: datetime | None, steps: int,
             hold_key_ideas: bool = False, editable: bool = True) -> None:
        """Put the lesson on screen; with `hold_key_ideas` (a learner who has not finished),
        without its "Key ideas" section, which answers what the learner is about to predict
        (the closing screen shows it). Not `editable` (learner mode), `e` is off."""
        from rolesim.core.clock import DEFAULT_START, format_time
        from rolesim.ui.lesson.key_ideas import key_ideas, without_key_ideas

        if hold_key_ideas and key_ideas(description):
            description = f"{without_key_ideas(description)}\n\n{HELD_BACK}"

        self.query_one("#lesson-title", Static).update(title)
        when = format_time(start or DEFAULT_START)
        plural = "" if steps == 1 else "s"
        keys = "e edits this, F3 runs it" if editable else "F3 runs it"
        self.query_one("#lesson-meta", Static).update(
            f"{steps} step{plural} · the clock starts at {when} · {keys}")
        if editable != self.editable:
            self.editable = editable
            self.refresh_bindings()
        self.query_one("#lesson-text", Markdown).update(
            description.strip() or (NO_DESCRIPTION if editable else "*No description.*"))

    def action_edit_lesson(self) -> None:
        self.post_message(self.EditRequested())
