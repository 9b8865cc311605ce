"""A TextArea whose undo and redo survive a change in the number of lines.

Textual 8.2's TextArea recomputes the cursor's place while it re-measures the document after
an undo or redo, before it puts the selection back: when the text before the edit had fewer
lines than the cursor's line (select all, paste a multi-line policy, ctrl+z), that raises
ValueError ("The document line index 1 is out of bounds"). Moving the cursor to the start
first keeps it inside any text; the undo then restores the selection it recorded.
"""

from __future__ import annotations

from textual.widgets import TextArea


class SafeTextArea(TextArea):
    """Use instead of TextArea wherever the user can paste, replace or undo."""

    def undo(self) -> None:
        self.move_cursor((0, 0))
        super().undo()

    def redo(self) -> None:
        self.move_cursor((0, 0))
        super().redo()
