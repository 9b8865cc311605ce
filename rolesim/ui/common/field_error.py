"""The reason a field is wrong, shown right under it; takes no room while there is none."""

from __future__ import annotations

from textual.widgets import Static


class FieldError(Static):
    """`show("")` hides it; `show("reason")` shows the reason in the error colour."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, classes="field-error")
        self.set_class(not text, "-empty")

    def show(self, text: str) -> None:
        self.update(text)
        self.set_class(not text, "-empty")
