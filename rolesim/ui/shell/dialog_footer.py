"""Every dialog shows its own keys: a footer of its own, painted over the main screen's.

A dialog (a modal screen) answers only to its own keys: Textual stops the key chain at the
modal, so the main screen's footer, still painted underneath, named keys (`n New`, `e Edit`)
that typed into the dialog instead. The main screen gives each modal screen pushed above it a
footer as it becomes active; that footer lists the dialog's keys, and only keys that work there.
A modal screen that composes a footer of its own keeps it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

DIALOG_FOOTER_ID = "dialog-footer"


def give_footer(screen: Screen[Any]) -> None:
    """Mount a footer on `screen` if it is a dialog without one (idempotent: a dialog shown
    again after the one above it closed already has it)."""
    if not isinstance(screen, ModalScreen) or screen.query(Footer):
        return
    # ctrl+p is the app's key, which a dialog does not pass on: the footer must not offer it
    screen.call_later(_mount, screen)


def _mount(screen: Screen[Any]) -> None:
    if screen.is_attached and not screen.query(Footer):
        screen.mount(Footer(compact=True, show_command_palette=False, id=DIALOG_FOOTER_ID))
