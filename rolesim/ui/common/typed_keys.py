"""Keys typed before ctrl+s land before the save reads the fields, keys typed after Tab land
in the next field, and keys typed after a key that opens a form land in the form (KeysAhead).

A priority key (a dialog's ctrl+s, the editor's Escape, F4, F6, ctrl+a) is handled by the app
the moment it arrives, while the keys a fast typist sent just before it still wait in the
focused field's queue: the save read the field without its last characters, Escape found the
form unchanged and closed it without asking. `after_typed_keys` puts the action behind those
keys, in the focused widget's own queue, so it sees every key sent before it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TextArea

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

P = ParamSpec("P")
S = TypeVar("S", bound=Screen[Any])


def after_typed_keys(action: Callable[Concatenate[S, P], None]
                     ) -> Callable[Concatenate[S, P], None]:
    """Run the screen's `action` once its focused widget has handled the keys it already
    received (at once when nothing has focus); skipped if the screen has closed meanwhile
    (a second ctrl+s in the same burst)."""

    @functools.wraps(action)
    def run(screen: S, /, *args: P.args, **kwargs: P.kwargs) -> None:
        def when_keys_are_in() -> None:
            if screen.is_active:
                action(screen, *args, **kwargs)

        focused = screen.focused
        if focused is None:
            action(screen, *args, **kwargs)
        else:
            focused.call_later(when_keys_are_in)

    return run


FIELD_KEYS = [
    Binding("tab", "next_field", "Next field", show=False, priority=True),
    Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
]
"""A form's Tab moves to the next field as it arrives, so the keys typed after it in the
same burst go there (as a Tab that waited its turn in the field, they landed in the field
being left: `Tab prod` typed fast put "prod" in the account ID, not in the alias)."""


def move_focus(screen: Screen[Any], forward: bool) -> None:
    """Tab's move, unless the focused field takes Tab itself (a policy document indents)."""
    focused = screen.focused
    if isinstance(focused, TextArea) and focused.tab_behavior == "indent":
        raise SkipAction()
    if forward:
        screen.focus_next()
    else:
        screen.focus_previous()


HOLD_SECONDS = 5.0
"""The longest a key waits for the focus to land (a screen that never focuses anything gets
its keys after this)."""


class KeysAhead:
    """Keys typed while the focus is on its way wait for it, then go where it landed.

    `n u alice` typed in one burst: the app hands every key to the focused tree as it arrives,
    before the tree has acted on `n`, so "u alice" fired the tree's own keys while the new-user
    form opened. The app asks `arrived` about each key it receives, tells `handed` once it gave
    one out, and asks `came_back` about each that went through the focused widget unhandled: a
    key that finds the focus gone (a form opened over it, or a form's kind field picked a kind
    and the form is building its fields) waits in `waiting`, in the order typed, until a widget
    of the screen on top has the focus (`focus_moved`). The waiting keys are then typed again
    one by one, each once the one before has been through its widget: `u` picks a kind and
    moves the focus on, and "alice" waits again for the name field.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: list[events.Key] = []
        self.sent_to: WeakKeyDictionary[events.Key, DOMNode] = WeakKeyDictionary()
        """Where each key was handed: a key coming back from a widget that has lost the
        focus since was typed for the widget that has it now."""
        self._again: events.Key | None = None
        """The key being handed out: the next waits until it has been through the widgets
        it goes to (`n` then Up typed fast: the tree's new highlight was not known yet when
        `n` asked what is selected)."""
        self._given_up: Screen[Any] | None = None
        """A screen whose focus did not land within HOLD_SECONDS: its keys no longer wait."""
        self._timer: Timer | None = None

    def arrived(self, key: events.Key) -> bool:
        """A key from the terminal: True when it must wait (the app leaves it alone)."""
        if key is self._again and self._focus_on_its_way():
            self._again = None  # the focus left after it was taken out: back in the line
        if key is not self._again and (self.waiting or self._again is not None
                                       or self._focus_on_its_way()):
            self.wait(key)
            return True
        self._again = key
        self._keep_time()
        self.sent_to[key] = self.app.focused or self.app.screen
        return False

    def handed(self, key: events.Key) -> None:
        """The app gave out (or acted on) a key: the next one follows once the widget it
        went to, and those it bubbles up to, have been through it."""
        if key is self._again:
            self._once_through(key, self.sent_to.get(key))

    def _once_through(self, key: events.Key, node: DOMNode | None) -> None:
        """Type the next key once `key` has been through `node` and every widget it bubbles
        up to (one that moves the focus sends the keys behind it back to wait)."""
        if key is not self._again:
            return  # given up on (HOLD_SECONDS): a later key is on its way
        if node is None or key._stop_propagation:
            self._next()
            return
        up = None if node is self.app else self.app if isinstance(node, Screen) else node.parent
        if not node.call_later(self._once_through, key, up):
            self._next()  # the widget closed (its form was dismissed)

    def came_back(self, key: events.Key) -> bool:
        """A key no widget handled: True (it is typed again) when the focus has moved since
        it was handed out, so it was typed for the new focus."""
        sent = self.sent_to.pop(key, None)
        if sent is None or sent is (self.app.focused or self.app.screen):
            return False
        self.type_again(key)
        return True

    def type_again(self, key: events.Key) -> None:
        """A key that reached a widget after the focus left it: typed again where the focus
        lands."""
        again = events.Key(key.key, key.character)
        again.time = key.time
        self.wait(again)

    def wait(self, key: events.Key) -> None:
        self.waiting.append(key)
        self.waiting.sort(key=lambda waiting: waiting.time)
        self._keep_time()
        self._type_next()

    def focus_moved(self) -> None:
        """A widget got the focus: the keys waiting for it follow once the screen has
        settled (Textual focuses a new screen's first widget before the screen's own choice,
        the name field, takes the focus)."""
        self._given_up = None
        self.app.screen.call_after_refresh(self._type_next)

    def _next(self) -> None:
        self._again = None
        self._type_next()

    def _type_next(self) -> None:
        if self._again is not None or not self.waiting or self._focus_on_its_way():
            return
        self._again = self.waiting.pop(0)
        self._keep_time()
        self.app.post_message(self._again)

    def _keep_time(self) -> None:
        """No key waits more than HOLD_SECONDS for a focus that does not come."""
        if self._timer is None:
            self._timer = self.app.set_timer(HOLD_SECONDS, self._give_up)
        else:
            self._timer.reset()

    def _give_up(self) -> None:
        self._timer = None
        if self.waiting or self._again is not None:
            self._given_up, self._again = self.app.screen, None
            self._type_next()

    def _focus_on_its_way(self) -> bool:
        """Nothing has the focus on the screen on top: it has just opened, or is building the
        fields of a kind just picked (unless it let HOLD_SECONDS pass without a focus)."""
        screen = self.app.screen
        return screen.focused is None and screen is not self._given_up
