"""Untrusted text (file names, keys, values from a scenario) made safe for a terminal.

A key holding `ESC[2J` would clear the user's screen, `\\n` or U+2028 would split a one-line
message, and U+202E (right-to-left override) would show `Ad\\u202emin` as something else. Every
message that can carry such text goes through `escape_controls` once, where it is formatted.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
"""Control, format (bidi overrides, zero-width, BOM), line and paragraph separators,
surrogates, private use and unassigned code points: nothing a reader can see as itself."""


@lru_cache(maxsize=4096)
def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def is_unsafe(char: str) -> bool:
    """A character a terminal would act on or hide rather than show."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def escape_controls(text: str) -> str:
    """`text` with every control, bidi, separator and invisible character written as an
    escape (`\\n`, `\\x1b`, `\\u202e`): one line, shown as it is, never acted on."""
    if text.isprintable() and text.isascii():
        return text  # the common case, fast
    return "".join(_escaped(c) if is_unsafe(c) else c for c in text)
