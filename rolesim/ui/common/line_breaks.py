"""Where a line may break: at spaces, then after a `:`, `/` or `=` inside a word too long for
the line (an ARN, a `key=value` pair), so `arn:aws:iam::111111111111:role/` and
`OrganizationAccountAccessRole` stay whole and an account ID is never cut in two (ID-01). Only
a piece longer than the whole line is folded. The inspector's grid and the World tab's detail
pane both wrap this way."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

_WORD = re.compile(r"\S+\s*")
_PIECE = re.compile(r"[^:/=]*[:/=]+|[^:/=]+")


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of `text` starts and ends when wrapped to `width` (trailing spaces left
    out): at spaces first, then after `:`, `/` or `=` inside a long word, folded as a last
    resort."""
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
    """Where `text` has a piece longer than `width` (a word, or its part up to a `:`, `/` or
    `=`): the pieces line_spans would have to fold."""
    return [(piece.start(), piece.end()) for word in _WORD.finditer(text)
            for piece in _PIECE.finditer(text, word.start(), word.start() + len(
                word.group().rstrip())) if piece.end() - piece.start() > width]


def has_wide_characters(plain: str) -> bool:
    """Some character takes other than one cell (a newline takes none and does not count):
    then Rich's own wrapping, which measures cells, is the one to use."""
    return cell_len(plain) != len(plain) - plain.count("\n")


def broken_lines(text: Text, width: int) -> list[Text]:
    """`text` cut into lines of at most `width` where `line_spans` breaks them."""
    return [line[start:end] for line in text.split("\n", allow_blank=True)
            for start, end in line_spans(line.plain, width)]


class BreakingText:
    """A Rich Text that wraps as `line_spans` says when one of its words is longer than the
    line; otherwise Rich wraps it as it always did (so the text reads the same)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        plain = self.text.plain
        if has_wide_characters(plain) or all(len(word) <= width for word in plain.split()):
            yield self.text  # wide characters, or nothing to break inside a word: Rich's wrap
            return
        yield from broken_lines(self.text, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """At least its longest piece between breaks (a word, or part of an ARN), at most
        its longest line, as Rich measures a Text."""
        whole = Measurement.get(console, options, self.text)
        pieces = [piece for word in self.text.plain.split() for piece in _PIECE.findall(word)]
        return Measurement(min(max(map(len, pieces), default=1), whole.maximum), whole.maximum)
