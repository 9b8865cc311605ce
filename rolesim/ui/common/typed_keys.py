"""Keys typed before ctrl+s land before the save reads the fields.

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

from textual.screen import Screen

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
