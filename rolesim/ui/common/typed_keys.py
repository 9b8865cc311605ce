"""Keys typed before ctrl+s land before the save reads the fields, and keys typed after Tab
land in the next field.

A priority key (a dialog's ctrl+s, the editor's Escape, F4, F6, ctrl+a) is handled by the app
the moment it arrives, while the keys a fast typist sent just before it still wait in the
focused field's queue: the save read the field without its last characters, Escape found the
form unchanged and closed it without asking. `after_typed_keys` puts the action behind those
keys, in the focused widget's own queue, so it sees every key sent before it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TextArea

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
