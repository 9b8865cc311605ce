"""Messages the shell sends to the panes it composes."""

from __future__ import annotations

from textual.message import Message


class WorkspaceChanged(Message, bubble=False):
    """The Workspace was edited, saved or replaced (`app.workspace` may be a new object).

    The main screen posts it to the world builder and to the scenario pane, which rebuild
    what they show from `app.workspace`. It does not bubble: each receiver is told directly.
    (`bubble=False` must be a class keyword: Message.__init_subclass__ resets a `bubble = False`
    class attribute to True, and a bubbling copy reaching the main screen is forwarded again.)
    """
