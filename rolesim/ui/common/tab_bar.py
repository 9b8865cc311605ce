"""The main screen's tab bar (World, Scenario): one widget, drawn like Textual's Tabs.

Textual's TabbedContent costs about 40 ms more than this to reach the first frame (its Tabs
build a widget per tab, a scroller and an animated underline), a fifth of the start-up budget
(benchmarks/bench_tui.py). This bar is one line of labels over one line of underline; F2/F3
or a click switches, and the screen shows the matching pane of a ContentSwitcher.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

PAD = 1
"""Cells of padding on each side of a label (the same as Textual's Tab)."""


class TabBar(Widget):
    """Labels over an underline; the active tab is bright and underlined in the accent."""

    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        & > .tab-bar--label { color: $foreground 50%; }
        & > .tab-bar--active { color: $foreground; }
        & > .tab-bar--bar { color: $block-cursor-background; background: $foreground 10%; }
    }
    """
    COMPONENT_CLASSES = {"tab-bar--label", "tab-bar--active", "tab-bar--bar"}

    active: reactive[str] = reactive("")

    class Clicked(Message):
        """The user clicked a tab's label."""

        def __init__(self, tab: str) -> None:
            super().__init__()
            self.tab = tab

    def __init__(self, tabs: Sequence[tuple[str, str]], active: str, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = tuple(tabs)
        """(id, label) of each tab, left to right."""
        self.set_reactive(TabBar.active, active)

    def _spans(self) -> list[tuple[str, int, int]]:
        """(id, first cell, end cell) of each label with its padding."""
        spans, x = [], 0
        for tab, label in self.tabs:
            width = len(label) + 2 * PAD
            spans.append((tab, x, x + width))
            x += width
        return spans

    def render(self) -> Text:
        label = self.get_component_rich_style("tab-bar--label")
        active = self.get_component_rich_style("tab-bar--active")
        bar = self.get_component_rich_style("tab-bar--bar")
        top, bottom = Text(), Text()
        for (tab, text), (_, start, end) in zip(self.tabs, self._spans(), strict=True):
            top.append(f"{' ' * PAD}{text}{' ' * PAD}", active if tab == self.active else label)
            if tab == self.active:
                bottom.append("━" * (end - start), Style(color=bar.color))
            else:
                bottom.append("━" * (end - start), Style(color=bar.bgcolor))
        rest = max(0, self.size.width - bottom.cell_len)
        bottom.append("━" * rest, Style(color=bar.bgcolor))
        return Text("\n").join([top, bottom])

    def on_click(self, event: events.Click) -> None:
        for tab, start, end in self._spans():
            if start <= event.x < end and event.y == 0:
                self.post_message(self.Clicked(tab))
                return
