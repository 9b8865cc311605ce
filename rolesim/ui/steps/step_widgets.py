"""Field widgets of the step dialogs: pickers with world suggestions, the tag editor, the
action autocomplete backed by the (lazily loaded) action catalogue."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester, SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from rolesim.scenario.choices import Choice, rank
from rolesim.ui.steps.step_fields import TagEntry


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
    """An ARN field that offers the world: type part of a name and the matching entities are
    listed under it (up/down choose, enter puts the ARN in); a full ARN completes as typed.
    A typed ARN that names nothing in the world is kept, with a note saying what will happen
    (`missing`). The `pick` button opens the same choices in a searchable dialog."""

    DEFAULT_CSS = """
    PickerInput { height: auto; }
    PickerInput > Horizontal { height: auto; }
    PickerInput Input { width: 1fr; margin-right: 1; }
    PickerInput Button { width: auto; min-width: 10; }
    PickerInput .arn-options { height: auto; max-height: 8; border: none; padding: 0; }
    PickerInput .arn-note { color: $warning; height: auto; }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]
    SHOWN = 6
    """Matches listed under the field at once."""

    def __init__(
        self, value: str, choices: Sequence[Choice], *, placeholder: str = "",
        missing: str = "", multiple: bool = False, title: str = "Pick",
        id: str | None = None, children_known: bool = False,
    ) -> None:
        super().__init__(id=id)
        self._value = value
        self.choices = list(choices)
        self._placeholder = placeholder or (
            "type part of a name, or down to list them" if choices else "")
        self.missing = missing
        """What happens when a typed ARN names nothing in the world ("" shows no note)."""
        self.multiple = multiple
        """A comma-separated list: a pick replaces the part being typed."""
        self.children_known = children_known
        """An ARN continuing a choice after `/` is known too: an object of a listed bucket is
        governed by the bucket's policy."""
        self.title = title
        self.shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        values = [c.value for c in self.choices]
        suggester = SuggestFromList(values, case_sensitive=False) if values else None
        with Horizontal():
            yield Input(self._value, placeholder=self._placeholder, suggester=suggester)
            if self.choices:
                button = Button("pick ↓", classes="pick", compact=True)
                button.can_focus = False  # keys: type, or down; tab moves to the next field
                yield button
        options = OptionList(classes="arn-options", compact=True)
        options.can_focus = False
        options.display = False
        yield options
        note = Static("", classes="arn-note")
        note.display = False
        yield note

    def on_mount(self) -> None:
        self._update_note(self._value)

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def _typing(self) -> str:
        """The part being typed: the whole text, or its last comma-separated item."""
        text = self.value
        return text.rsplit(",", 1)[-1].strip() if self.multiple else text.strip()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._update_note(event.value)
        typed = self._typing()
        matching = typed and not typed.startswith("arn:") and event.input.has_focus
        self._list(typed if matching else None)

    def _list(self, query: str | None) -> None:
        """Show the best matches for `query` under the field (None hides them)."""
        options = self.query_one(".arn-options", OptionList)
        self.shown = [] if query is None else rank(self.choices, query, self.SHOWN)
        options.clear_options()
        options.add_options([Option(_choice_prompt(c), id=str(i))
                             for i, c in enumerate(self.shown)])
        options.display = bool(self.shown)
        if self.shown:
            options.highlighted = 0
            # the matches, under the field: at 80x24 a form's last field listed them below
            # the fold, and typing or down seemed to do nothing
            self.call_after_refresh(self.scroll_visible, animate=False)

    def action_move(self, delta: int) -> None:
        """Down lists every choice when none are shown; up/down move through the list."""
        options = self.query_one(".arn-options", OptionList)
        if not options.display:
            if delta > 0:
                self._list(self._typing() if not self._typing().startswith("arn:") else "")
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + delta))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter on a listed match puts it in (and does not submit the form)."""
        options = self.query_one(".arn-options", OptionList)
        if options.display and self.shown and options.highlighted is not None:
            event.stop()
            event.prevent_default()
            self._put(self.shown[options.highlighted].value)

    @on(OptionList.OptionSelected, ".arn-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._put(self.shown[int(event.option.id or 0)].value)

    def _put(self, value: str) -> None:
        field = self.query_one(Input)
        if self.multiple and "," in field.value:
            head = field.value.rsplit(",", 1)[0]
            field.value = f"{head}, {value}"
        else:
            field.value = value
        field.cursor_position = len(field.value)
        self._list(None)
        field.focus()

    def _update_note(self, text: str) -> None:
        note = self.query_one(".arn-note", Static)
        known = {c.value for c in self.choices}
        typed = [part.strip() for part in text.split(",")] if self.multiple else [text.strip()]
        unknown = [part for part in typed if part.startswith("arn:") and part not in known
                   and not (self.children_known and _continues(part, known))]
        message = f"{', '.join(unknown)}: {self.missing}" if unknown and self.missing else ""
        note.update(message)
        note.display = bool(message)

    @on(Button.Pressed, ".pick")
    def _pick_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_pick()

    def action_pick(self) -> None:
        """The same choices in a searchable dialog, with each one's words."""
        from rolesim.ui.common.picker import PickerModal

        def picked(value: str | None) -> None:
            if value:
                if self.multiple and self.value.strip():
                    self.query_one(Input).value = f"{self.value.rstrip().rstrip(',')}, x"
                self._put(value)

        self.app.push_screen(PickerModal(self.title, self.choices), picked)


def _choice_prompt(choice: Choice) -> Text:
    prompt = Text(choice.label, style="bold")
    if choice.detail:
        prompt.append("  " + choice.detail, style="dim")
    prompt.truncate(200)
    return prompt


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


def _continues(arn: str, known: set[str]) -> bool:
    """`arn` is a known ARN followed by `/...` (the world's resource lookup does the same)."""
    head = arn
    while "/" in head:
        head = head.rsplit("/", 1)[0]
        if head in known:
            return True
    return False
