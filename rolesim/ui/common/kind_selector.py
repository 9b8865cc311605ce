"""The first field of a form that can make several kinds of thing (an entity, a step).

One line: the kind chosen, what it is, and how to change it. A kind's letter picks it at once,
left/right step through the kinds (home: the first), enter keeps the one shown; a letter and
enter then move on to the form's next field. The form rebuilds its fields for the new kind
when it gets `Changed`. It replaces a separate "which kind?" dialog: one screen less, the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class KindSelector(Widget, can_focus=True):
    """`kinds` maps each kind to one line of help; `keys` gives some kinds a letter."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous kind", show=False),
        Binding("right", "step(1)", "Next kind", show=False),
        Binding("home", "first", "First kind", show=False),
        Binding("enter", "keep", "Keep this kind", show=False),
    ]

    DEFAULT_CSS = """
    KindSelector { height: auto; background: $boost; padding: 0 1; }
    KindSelector:focus { background: $primary 30%; }
    """

    kind: reactive[str] = reactive("", layout=True)

    class Changed(Message):
        """The user chose a kind (possibly the same one, with enter): the form shows its
        fields and moves the focus on."""

        def __init__(self, selector: KindSelector, kind: str, move_on: bool) -> None:
            super().__init__()
            self.selector = selector
            self.kind = kind
            self.move_on = move_on
            """True when the user chose (a letter, enter): the focus goes to the next field.
            False for left/right: the fields change, the focus stays on the kind."""

        @property
        def control(self) -> KindSelector:
            return self.selector

    def __init__(self, kinds: Mapping[str, str], keys: Mapping[str, str], kind: str, *,
                 noun: str = "kind", titles: Mapping[str, str] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.kinds = dict(kinds)
        self.titles = dict(titles or {})
        """How a kind reads on screen (`instance_profile` -> `instance profile`)."""
        self.keys = {key: kind for kind, key in keys.items() if kind in self.kinds}
        self.letters = dict(keys)
        self.noun = noun
        self.set_reactive(KindSelector.kind, kind if kind in self.kinds else next(iter(kinds)))

    def render(self) -> Text:
        letters = ", ".join(f"{key} {self.titles.get(kind, kind)}"
                            for key, kind in list(self.keys.items())[:2])
        text = Text(self.titles.get(self.kind, self.kind), style="bold")
        text.append(f" · {self.kinds.get(self.kind, '')}")
        if self.has_focus:
            text.append(f"\nanother {self.noun}: a letter ({letters}...) or ←/→; "
                        "enter keeps it", style="italic")
        return text

    def on_focus(self) -> None:
        self.refresh(layout=True)

    def on_blur(self) -> None:
        self.refresh(layout=True)

    def action_step(self, delta: int) -> None:
        order = list(self.kinds)
        self.kind = order[(order.index(self.kind) + delta) % len(order)]
        self.post_message(self.Changed(self, self.kind, move_on=False))

    def action_first(self) -> None:
        self.kind = next(iter(self.kinds))
        self.post_message(self.Changed(self, self.kind, move_on=False))

    def action_keep(self) -> None:
        self.post_message(self.Changed(self, self.kind, move_on=True))

    def on_key(self, event: events.Key) -> None:
        picked = self.keys.get(event.character or "")
        if picked is None:
            return
        event.stop()
        event.prevent_default()
        self.kind = picked
        self.post_message(self.Changed(self, picked, move_on=True))
