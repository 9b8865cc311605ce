"""How every `--help` is laid out: written paragraphs refilled to the terminal's width,
indented lines (exit codes, examples, lists) kept as written.

argparse's RawDescriptionHelpFormatter kept the texts' own 92-column lines, so at 80 columns
every line of a description wrapped in the middle of a word; its default formatter refills
everything, lists and examples included. This keeps both: prose fits, layout stays.
"""

from __future__ import annotations

import argparse
import textwrap


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Refill each run of unindented lines as one paragraph; keep indented lines."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        width = max(width, 40)
        out: list[str] = []
        paragraph: list[str] = []
        for line in text.splitlines():
            if line and not line[0].isspace() and not line.endswith(":"):
                paragraph.append(line)
                continue
            out += _refill(paragraph, width, indent)
            paragraph = []
            out.append(indent + line if line else "")
        out += _refill(paragraph, width, indent)
        return "\n".join(out)


def _refill(paragraph: list[str], width: int, indent: str) -> list[str]:
    if not paragraph:
        return []
    return textwrap.wrap(" ".join(paragraph), width, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False)


class HelpParser(argparse.ArgumentParser):
    """Every rolesim parser and subparser: the one help layout."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
