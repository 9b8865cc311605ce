"""Field widgets of the step dialogs: pickers with world suggestions, the tag editor, the
action autocomplete backed by the (lazily loaded) action catalogue."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester, SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static

from rolesim.scenario.choices import Choice
from rolesim.ui.modals.step_fields import TagEntry


class ActionSuggester(Suggester):
    """Completes `service:Action` from the action catalogue.

    The catalogue is read only when the first suggestion is asked for (never at start-up); the
    dialog warms it in a thread when it opens so the first keystroke does not wait.
    """

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self._names: list[str] | None = None
        self._services: list[str] | None = None
        self._folded: list[str] = []

    def load(self) -> None:
        """Read the catalogue into lower-cased lists (safe to call from a worker thread)."""
        if self._names is not None:
            return
        from rolesim.core.catalog import get_catalog

        catalog = get_catalog()
        services = sorted(s.prefix for s in catalog.services())
        names = [a.full_name for a in catalog.actions()]
        self._services, self._names = services, sorted(names, key=str.casefold)
        self._folded = [name.casefold() for name in self._names]

    async def get_suggestion(self, value: str) -> str | None:
        self.load()
        assert self._names is not None and self._services is not None
        if not value:
            return None
        if ":" not in value:
            for service in self._services:
                if service.casefold().startswith(value):
                    return service + ":"
            return None
        at = bisect_left(self._folded, value)
        if at < len(self._folded) and self._folded[at].startswith(value):
            return self._names[at]
        return None


class PickerInput(Vertical):
    """An ARN field: type it (completion from the world's ARNs), or press down (or the
    `pick` button) to search the world's entities by name. A typed ARN that names nothing in
    the world is kept, with a note saying what will happen (`missing`)."""

    DEFAULT_CSS = """
    PickerInput { height: auto; }
    PickerInput > Horizontal { height: auto; }
    PickerInput Input { width: 1fr; margin-right: 1; }
    PickerInput Button { width: auto; min-width: 10; }
    PickerInput .arn-note { color: $warning; height: auto; }
    """
    BINDINGS = [Binding("down", "pick", "Pick from the world", show=False)]

    def __init__(
        self, value: str, choices: Sequence[Choice], *, placeholder: str = "",
        missing: str = "", multiple: bool = False, title: str = "Pick",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._value = value
        self.choices = list(choices)
        self._placeholder = placeholder or ("down: pick from the world" if choices else "")
        self.missing = missing
        """What happens when a typed ARN names nothing in the world ("" shows no note)."""
        self.multiple = multiple
        """A comma-separated list: picking adds to it."""
        self.title = title

    def compose(self) -> ComposeResult:
        values = [c.value for c in self.choices]
        suggester = SuggestFromList(values, case_sensitive=False) if values else None
        with Horizontal():
            yield Input(self._value, placeholder=self._placeholder, suggester=suggester)
            if self.choices:
                yield Button("pick ↓", classes="pick", compact=True)
        note = Static("", classes="arn-note")
        note.display = False
        yield note

    def on_mount(self) -> None:
        self._update_note(self._value)

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._update_note(event.value)

    def _update_note(self, text: str) -> None:
        note = self.query_one(".arn-note", Static)
        known = {c.value for c in self.choices}
        typed = [part.strip() for part in text.split(",")] if self.multiple else [text.strip()]
        unknown = [part for part in typed if part and part not in known]
        message = f"{', '.join(unknown)}: {self.missing}" if unknown and self.missing else ""
        note.update(message)
        note.display = bool(message)

    @on(Button.Pressed, ".pick")
    def _pick_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        """Search the world's entities; the chosen ARN replaces the text (or is added)."""
        if not self.choices:
            return
        from rolesim.ui.modals.picker import PickerModal

        field = self.query_one(Input)
        query = "" if self.multiple or field.value.startswith("arn:") else field.value

        def picked(value: str | None) -> None:
            if not value:
                return
            if self.multiple and field.value.strip():
                field.value = f"{field.value.rstrip().rstrip(',')}, {value}"
            else:
                field.value = value
            field.cursor_position = len(field.value)
            field.focus()

        self.app.push_screen(PickerModal(self.title, self.choices, query=query), picked)


class TagRow(Horizontal):
    """One session tag: key, value, and whether it is transitive."""

    DEFAULT_CSS = """
    TagRow { height: auto; margin-bottom: 1; }
    TagRow > Input { width: 1fr; margin-right: 1; }
    TagRow > Checkbox { width: auto; }
    """

    def __init__(self, entry: TagEntry) -> None:
        super().__init__(classes="tag-row")
        self._entry = entry

    def compose(self) -> ComposeResult:
        yield Input(self._entry.key, placeholder="key", classes="tag-key", compact=True)
        yield Input(self._entry.value, placeholder="value", classes="tag-value", compact=True)
        yield Checkbox("transitive", self._entry.transitive, classes="tag-transitive",
                       compact=True)

    @property
    def entry(self) -> TagEntry:
        key = self.query_one(".tag-key", Input).value
        value = self.query_one(".tag-value", Input).value
        return TagEntry(key, value, self.query_one(".tag-transitive", Checkbox).value)


class TagEditor(Vertical):
    """Session tags with a transitive toggle each (TAG-09..TAG-16); '+ tag' adds a row."""

    DEFAULT_CSS = """
    TagEditor { height: auto; }
    TagEditor > Button { width: auto; min-width: 10; }
    """

    def __init__(self, entries: Sequence[TagEntry], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries = list(entries) or [TagEntry("", "")]

    def compose(self) -> ComposeResult:
        for entry in self._entries:
            yield TagRow(entry)
        yield Button("+ tag", id="add-tag", compact=True)

    @on(Button.Pressed, "#add-tag")
    async def _add(self, event: Button.Pressed) -> None:
        event.stop()
        row = TagRow(TagEntry("", ""))
        await self.mount(row, before=self.query_one("#add-tag"))
        row.query_one(".tag-key", Input).focus()

    @property
    def entries(self) -> list[TagEntry]:
        return [row.entry for row in self.query(TagRow)]


class AdvanceInput(Horizontal):
    """An amount and a unit: `advance` takes exactly one of seconds, minutes, hours."""

    DEFAULT_CSS = """
    AdvanceInput { height: auto; }
    AdvanceInput > Input { width: 16; }
    AdvanceInput > Select { width: 20; }
    """

    def __init__(self, amount: int, unit: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._amount, self._unit = amount, unit

    def compose(self) -> ComposeResult:
        yield Input(str(self._amount), type="integer")
        yield Select(
            [(u, u) for u in ("seconds", "minutes", "hours")],
            value=self._unit,
            allow_blank=False,
            compact=True,
        )

    @property
    def value(self) -> tuple[int, str]:
        text = self.query_one(Input).value.strip()
        unit = self.query_one(Select).value
        return (int(text) if text.lstrip("-").isdigit() else 0, str(unit))


def field_widget_value(widget: Widget) -> Any:
    """The raw value of any field widget, for step_fields.build_step."""
    if isinstance(widget, TagEditor):
        return widget.entries
    if isinstance(widget, PickerInput | AdvanceInput | Input | Checkbox):
        return widget.value
    text = getattr(widget, "text", None)
    return text if text is not None else getattr(widget, "value", None)
