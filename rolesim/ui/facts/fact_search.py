"""The command palette finds fact IDs and glossary words: type `CH-02` or `confused deputy`.

A second palette provider beside the command registry's (rolesim/ui/commands.py): its hits
are not commands but things to read; choosing one runs the app's `show_fact` action, which
opens rolesim/ui/facts/fact.py. The data is read when the palette opens, not at start-up;
the knowledge modules are imported then too (the app imports this module before its first
frame).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

if TYPE_CHECKING:
    from rolesim.knowledge import Fact, Term

MAX_HITS = 20
RANK_SCORE = 0.95
"""Hits keep our order (exact ID or word first) above the palette's fuzzy command matches."""


def label(item: Fact | Term) -> str:
    """How a hit reads in the palette."""
    from rolesim.knowledge import Fact

    return f"fact {item.id}: {item.title}" if isinstance(item, Fact) else f"term: {item.name}"


def key(item: Fact | Term) -> str:
    from rolesim.knowledge import Fact

    return item.id if isinstance(item, Fact) else item.name


class FactSearch(Provider):
    """Palette hits for facts (by ID or title) and glossary terms (by name or alias)."""

    async def startup(self) -> None:
        from rolesim.knowledge import all_facts

        all_facts()  # read the data once, before the first keystroke

    async def search(self, query: str) -> Hits:
        from rolesim.knowledge import Fact, search

        matcher = self.matcher(query)
        for place, item in enumerate(search(query)[:MAX_HITS]):
            text = label(item)
            yield Hit(RANK_SCORE - place / 1000, matcher.highlight(text),
                      partial(self._open, key(item)), text=text,
                      help="Read it: what AWS does, in rolesim's words, and its AWS source."
                      if isinstance(item, Fact) else "Read what the word means and its facts.")

    def _open(self, name: str) -> None:
        self.app.call_later(self.app.run_action, f"show_fact({name!r})")
