"""The first field of a form that can make several kinds of thing (an entity, a step).

One line: the kind chosen, what it is, and how to change it. A kind's letter picks it at once,
left/right step through the kinds (home: the first), enter keeps the one shown; a letter and
enter then move on to the form's next field. Shift and a letter goes through every kind whose
name, as the field shows it, starts with that letter, one per press, staying on the field (so a
kind with no letter of its own is still a key or two away: shift+c, shift+c... for
create-function; shift+i, shift+i for "instance profile" after "identity provider"). The
focused field shows the keys of the kind on show. The form rebuilds its fields for the new kind
when it gets `Changed`. It replaces a separate "which kind?" dialog: one screen less, the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rolesim.ui.commands import bindings_for


def starting_with(kinds: Mapping[str, str], letter: str,
                  titles: Mapping[str, str] | None = None) -> list[str]:
    """The kinds whose name as shown (`titles`, else the kind itself) starts with `letter`,
    in the order the form lists them: what shift and that letter goes through."""
    return [kind for kind in kinds
            if _shown(kind, titles)[:1].lower() == letter.lower()]


def _shown(kind: str, titles: Mapping[str, str] | None) -> str:
    return (titles or {}).get(kind, kind)


def kind_keys(kinds: Mapping[str, str], keys: Mapping[str, str], kind: str,
              titles: Mapping[str, str] | None = None) -> str:
    """How to reach `kind` from the keyboard, in words: `c`, `shift+c ×5` (the fifth kind
    whose shown name starts with c), or both."""
    ways = [keys[kind]] if kind in keys else []
    first = _shown(kind, titles)[:1].lower()
    group = starting_with(kinds, first, titles)
    if first.isalpha() and (not ways or len(group) > 1):
        times = group.index(kind) + 1
        ways.append(f"shift+{first}" + (f" ×{times}" if times > 1 else ""))
    return " or ".join(ways)


class KindSelector(Widget, can_focus=True):
    """`kinds` maps each kind to one line of help; `keys` gives some kinds a letter."""

    COMMAND_SCOPE = "kind"
    BINDINGS = bindings_for("kind")

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
            text.append(f"\nkey: {kind_keys(self.kinds, self.letters, self.kind, self.titles)}",
                        style="bold")
            first = _shown(self.kind, self.titles)[:1].lower()
            group = starting_with(self.kinds, first, self.titles)
            if len(group) > 1:
                text.append(f" · shift+{first} goes through ")
                for number, kind in enumerate(group):
                    text.append(", " if number else "")
                    text.append(self.titles.get(kind, kind),
                                style="reverse" if kind == self.kind else "")
            text.append(f"\nanother {self.noun}: its letter ({letters}...), shift and its "
                        "first letter, or ←/→; enter keeps it", style="italic")
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
        self._move_on()

    def on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            return  # typed after a kind was picked: for the next field (typed_keys.KeysAhead)
        character = event.character or ""
        picked = self.keys.get(character)
        if picked is None and len(character) == 1 and character.isupper():
            self._through(character)
            event.stop()
            event.prevent_default()
            return
        if picked is None:
            return
        event.stop()
        event.prevent_default()
        self.kind = picked
        self._move_on()

    def _move_on(self) -> None:
        """Leave the field at once: the keys typed after the letter (or enter) wait for the
        next field, which the form focuses once it has built the chosen kind's fields."""
        self.screen.set_focus(None)
        self.post_message(self.Changed(self, self.kind, move_on=True))

    def _through(self, letter: str) -> None:
        """Shift and a letter: the next kind starting with it (the first, from a kind that
        does not), staying on the field; a letter no kind starts with says so."""
        group = starting_with(self.kinds, letter, self.titles)
        if not group:
            self.notify(f"No {self.noun} starts with {letter.lower()}.", timeout=3)
            return
        at = group.index(self.kind) + 1 if self.kind in group else 0
        self.kind = group[at % len(group)]
        self.post_message(self.Changed(self, self.kind, move_on=False))
