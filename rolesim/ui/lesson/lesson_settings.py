"""The lesson itself: its title, its description (Markdown, shown on the Lesson tab), when
its simulated clock starts and whether the saved file opens in learner mode. Dismisses with a
`LessonSettings`, or None when cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, TextArea

from rolesim.core.clock import format_time, parse_time
from rolesim.ui.common.field_error import FieldError
from rolesim.ui.common.text_area import SafeTextArea
from rolesim.ui.common.typed_keys import after_typed_keys
from rolesim.ui.shell.discard_guard import GuardedForm


@dataclass(frozen=True, slots=True)
class LessonSettings:
    title: str
    description: str
    start: datetime | None
    mode: Literal["learn", "present"] | None = None
    """The file's `mode`: "learn" opens it in learner mode; None leaves the key out."""


def read_start(text: str) -> datetime | None:
    """An RFC 3339 date-time with its offset, or None for an empty field (ValueError names
    what is wrong)."""
    text = text.strip()
    if not text:
        return None
    try:
        when = parse_time(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date-time such as 2026-01-01T09:00:00Z") from None
    if when.tzinfo is None:
        raise ValueError("add the offset, e.g. Z for UTC: 2026-01-01T09:00:00Z")
    return when


class LessonSettingsModal(GuardedForm[LessonSettings | None]):
    """Title, description, start and how the file opens; ctrl+s applies, escape cancels
    (asking first)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="lesson.cancel",
                tooltip="Close without changing the lesson (asks first if you typed)."),
        Binding("ctrl+s", "apply", "OK", id="lesson.ok", priority=True,
                tooltip="Apply the title, description, start time and how it opens."),
    ]
    HELP_TOPIC = "form"
    DISCARD_DETAIL = "What you typed about the lesson will be lost."
    DEFAULT_CSS = """
    LessonSettingsModal #lesson-description { height: 11; }
    LessonSettingsModal #lesson-learn-label, LessonSettingsModal #lesson-description-label {
        width: 100%;
    }
    """

    def __init__(self, title: str, description: str, start: datetime | None,
                 mode: Literal["learn", "present"] | None = None) -> None:
        super().__init__()
        self.current = LessonSettings(title, description, start, mode)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="lesson-settings"):
            yield Label("The lesson", classes="dialog-title")
            with VerticalScroll(id="fields"):
                yield Label("Title", classes="field-label")
                yield Input(self.current.title, id="lesson-title")
                yield FieldError("", id="lesson-title-error")
                yield Label("Description (Markdown: what the learner should take away; shown "
                            "on the Lesson tab)", classes="field-label",
                            id="lesson-description-label")
                yield SafeTextArea(self.current.description, id="lesson-description",
                               soft_wrap=True, tab_behavior="focus")
                yield Label("Clock starts at (empty: the default, 2026-01-01T09:00:00Z)",
                            classes="field-label")
                start = format_time(self.current.start) if self.current.start else ""
                yield Input(start, placeholder="2026-01-01T09:00:00Z", id="lesson-start")
                yield FieldError("", id="lesson-start-error")
                yield Label("How the saved file opens. Learner mode asks for a prediction "
                            "before each step and keeps its outcome and explanation hidden "
                            "until it has run. Takes effect the next time the file is opened "
                            "(m switches the mode now).", classes="field-label",
                            id="lesson-learn-label")
                yield Checkbox("Opens in learner mode", self.current.mode == "learn",
                               id="lesson-learn")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """On the title, the form scrolled to its top: focusing it scrolled it to the middle
        of the fields while they were laid out, which at 120x40 (one line too many) hid the
        "Title" label above it."""
        self.query_one("#lesson-title", Input).focus(scroll_visible=False)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    @after_typed_keys
    def action_apply(self) -> None:
        title = self.query_one("#lesson-title", Input).value.strip()
        self.query_one("#lesson-title-error", FieldError).show(
            "" if title else "A lesson needs a title.")
        try:
            start = read_start(self.query_one("#lesson-start", Input).value)
            self.query_one("#lesson-start-error", FieldError).show("")
        except ValueError as error:
            self.query_one("#lesson-start-error", FieldError).show(str(error))
            self.query_one("#lesson-start").focus()
            return
        if not title:
            self.query_one("#lesson-title").focus()
            return
        description = self.query_one("#lesson-description", TextArea).text
        self.dismiss(LessonSettings(title, description, start, self._mode()))

    def _mode(self) -> Literal["learn", "present"] | None:
        """Checked: "learn". Unchecked: "present" if the file said so, else the key left out
        (absent already means presenter mode)."""
        if self.query_one("#lesson-learn", Checkbox).value:
            return "learn"
        return "present" if self.current.mode == "present" else None
