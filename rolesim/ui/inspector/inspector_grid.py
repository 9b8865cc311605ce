"""A two-column grid (label, then a value that wraps under itself) as a Textual Visual.

It lays out like `rich.table.Table.grid` with a no-wrap first column and a folding second one,
but is rendered by Textual itself: no Rich console pass, and its height at a width is cheap to
know, so the inspector can tell whether an update needs a relayout. The layout for a width is
worked out once and kept. `Section` stacks such grids and plain paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

Cell = Content | Text | str


def content(cell: Cell) -> Content:
    """`cell` as Content, with a Rich Text's own style turned into a span: Content would read
    that style with Textual's parser, whose colour names are not Rich's."""
    if isinstance(cell, Content):
        return cell
    if isinstance(cell, str):
        return Content(cell)
    if cell.style:
        cell = cell.copy()
        cell.stylize_before(cell.style)
        cell.style = ""
    return Content.from_rich_text(cell)


def wrap(paragraph: Content, width: int) -> list[Content]:
    """The lines of `paragraph` word-wrapped to `width`, blank lines kept. A word too long for
    a line (an ARN) is broken after a `:` or `/`, so an account ID is never cut in two; only a
    piece longer than the whole width is folded."""
    lines: list[Content] = []
    for line in paragraph.split("\n", allow_blank=True):
        if not line:
            lines.append(line)
        elif cell_len(line.plain) != len(line.plain) or width < 1:
            lines += line.wrap(max(width, 1))  # wide characters: Textual's own wrapping
        else:
            lines += [line[start:end] for start, end in line_spans(line.plain, width)]
    return lines


_WORD = re.compile(r"\S+\s*")
_PIECE = re.compile(r"[^:/]*[:/]+|[^:/]+")


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends when wrapped to `width` (trailing spaces left
    out): at spaces first, then after `:` or `/` inside a long word, folded as a last resort."""
    spans: list[tuple[int, int]] = []
    start = end = 0  # the line being built: text[start:end], without its trailing spaces
    for word in _WORD.finditer(text):
        word_start, word_end = word.start(), word.start() + len(word.group().rstrip())
        if end == start and word_end - start > width:
            start = end = word_start  # an empty line: its leading spaces go if they must
        if word_end - start <= width:
            end = word_end
            continue
        if end > start:
            spans.append((start, end))
        start = end = word_start
        if word_end - word_start <= width:
            end = word_end
            continue
        for piece in _PIECE.finditer(text, word_start, word_end):
            a, b = piece.start(), piece.end()
            while b - a > 0:
                if b - start <= width:
                    end = b
                    break
                if end > start:
                    spans.append((start, end))
                    start = end = a
                    continue
                spans.append((a, a + width))  # a piece longer than a line: folded
                a += width
                start = end = a
    if end > start or not spans:
        spans.append((start, end))
    return spans


def long_pieces(text: str, width: int) -> list[tuple[int, int]]:
    """Where `text` has a piece longer than `width` (a word, or its part up to a `:` or `/`):
    the pieces line_spans would have to fold."""
    return [(piece.start(), piece.end()) for word in _WORD.finditer(text)
            for piece in _PIECE.finditer(text, word.start(), word.start() + len(
                word.group().rstrip())) if piece.end() - piece.start() > width]


class Grid:
    """Rows of (label, value); a value may hold several lines, each wrapped on its own.

    Padding is styled as Rich styles it, so the screen reads exactly as the Rich grid did: a
    label is padded to the column width in its own style, the gap after it takes the column
    style, and a value line is padded to the value column's width in the value's own style."""

    def __init__(self, rows: Iterable[tuple[Text | str, Text | str]], *, gap: int = 2,
                 label_style: str = "") -> None:
        texts = [(Text(a) if isinstance(a, str) else a, Text(b) if isinstance(b, str) else b)
                 for a, b in rows]
        self.label_width = max((label.cell_len for label, _ in texts), default=0)
        self.gap = gap
        self.labels = [self._label(label, label_style) for label, _ in texts]
        self.under_label = content(Text(" " * (self.label_width + gap), style=label_style))
        """What is under a label when its value takes more than one line."""
        self.values = [content(value) for _, value in texts]
        self.value_pads = [_style_of(value.style) for _, value in texts]
        self.value_width = max((line.cell_length for value in self.values
                                for line in value.split("\n")), default=0)

    def _label(self, label: Text, column_style: str) -> Content:
        text = label.copy()
        text.pad_right(self.label_width - text.cell_len)
        if text.style:
            text.stylize_before(text.style)
            text.style = ""
        # The gap gets a style of its own (a no-op one) as in Rich, so that the text runs of a
        # screenshot split where they did, after the gap rather than before it.
        text.append(" " * self.gap, style=column_style or "not bold")
        if column_style:
            text.stylize_before(column_style)
        return Content.from_rich_text(text)

    def lines(self, width: int) -> Iterator[Content]:
        indent = self.label_width + self.gap
        column = max(min(self.value_width, width - indent), 1)
        for label, value, pad in zip(self.labels, self.values, self.value_pads, strict=True):
            for index, line in enumerate(wrap(value, column)):
                short = column - line.cell_length
                if short > 0:
                    end = len(line)
                    line = line.pad_right(short)
                    if pad is not None:
                        line = line.stylize(pad, end, len(line))
                yield (label if index == 0 else self.under_label) + line

    def same_as(self, other: Grid) -> bool:
        return (self.gap == other.gap and self.label_width == other.label_width
                and len(self.labels) == len(other.labels)
                and all(a.is_same(b) for a, b in zip(self.labels, other.labels, strict=True))
                and all(a.is_same(b) for a, b in zip(self.values, other.values, strict=True))
                and self.under_label.is_same(other.under_label)
                and self.value_pads == other.value_pads)


def _style_of(style: str | RichStyle) -> Style | None:
    """A Rich Text's own style as the Textual Style Content gives it."""
    if not style:
        return None
    spans = content(Text(" ", style=style)).spans
    return spans[0].style if spans and isinstance(spans[0].style, Style) else None


Block = Content | Grid


class Section(Visual):
    """Paragraphs and grids one under the other; laid out once per width."""

    def __init__(self, *blocks: Block | Text | str) -> None:
        self.blocks: list[Block] = [b if isinstance(b, Grid) else content(b) for b in blocks]
        self._layout: tuple[int, Content] | None = None

    def layout(self, width: int) -> Content:
        """The whole section as Content whose every line fits `width`."""
        if self._layout is None or self._layout[0] != width:
            lines: list[Content] = []
            for block in self.blocks:
                if isinstance(block, Grid):
                    lines.extend(block.lines(width))
                else:
                    lines.extend(wrap(block, max(width, 1)))
            self._layout = (width, Content("\n").join(lines))
        return self._layout[1]

    def same_as(self, other: object) -> bool:
        """The same text, styles and layout: showing `other` instead would change nothing."""
        if not isinstance(other, Section) or len(self.blocks) != len(other.blocks):
            return False
        for mine, theirs in zip(self.blocks, other.blocks, strict=True):
            if isinstance(mine, Grid) and isinstance(theirs, Grid):
                if not mine.same_as(theirs):
                    return False
            elif isinstance(mine, Content) and isinstance(theirs, Content):
                if not mine.is_same(theirs):
                    return False
            else:
                return False
        return True

    @property
    def plain(self) -> str:
        return self.layout(1000).plain

    # --- the Visual protocol -------------------------------------------------------------
    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.layout(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.layout(container_width).get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((block.label_width + block.gap + 1 for block in self.blocks
                    if isinstance(block, Grid)), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.layout(width).get_height(rules, width)

    # --- Rich, for printing (tests read what is shown this way) -----------------------------
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.layout(options.max_width)


def same(shown: object, new: object) -> bool:
    """Whether `new` would show exactly what `shown` shows."""
    if isinstance(shown, Section):
        return shown.same_as(new)
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return False
