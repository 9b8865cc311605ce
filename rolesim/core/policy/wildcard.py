"""Glob matching for actions, resources and `*Like` conditions, safe on hostile input.

No regular expression is ever built from policy text. A pattern is compiled once into a small
matcher: literal equality, prefix, suffix, match-all, or a greedy segment search. The segment
search splits the pattern at `*` and finds each piece leftmost-first with `str.find` (linear in
C), which is correct for globs and cannot backtrack exponentially. `?` matches one character.

Inside compiled patterns the wildcards are the sentinel characters `STAR` and `QMARK`, which
cannot occur in a policy document (PL-11 allows only tab, LF, CR and U+0020..U+00FF), so a `*`
that came from a policy variable (`${*}`, PV-03, or a substituted value) stays a literal `*`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

STAR = "\x00"
QMARK = "\x01"

Matcher = Callable[[str], bool]


def to_pattern(text: str) -> str:
    """Policy text -> pattern: `*` and `?` become wildcards."""
    return text.replace("*", STAR).replace("?", QMARK)


def has_wildcard(pattern: str) -> bool:
    return STAR in pattern or QMARK in pattern


def _piece_at(value: str, piece: str, pos: int) -> bool:
    """Does `piece` (which may hold QMARK) match `value` starting exactly at `pos`?"""
    if pos + len(piece) > len(value):
        return False
    if QMARK not in piece:
        return value.startswith(piece, pos)
    for offset, char in enumerate(piece):
        if char != QMARK and value[pos + offset] != char:
            return False
    return True


def _find_piece(value: str, piece: str, start: int) -> int:
    """Leftmost position >= start where `piece` matches, or -1. Literal pieces use str.find."""
    if QMARK not in piece:
        return value.find(piece, start)
    # Anchor on the longest literal run inside the piece, then verify around it.
    runs = piece.split(QMARK)
    anchor = max(runs, key=len)
    if not anchor:
        return start if start + len(piece) <= len(value) else -1
    anchor_at = piece.index(anchor) if anchor else 0
    pos = value.find(anchor, start + anchor_at)
    while pos != -1:
        begin = pos - anchor_at
        if begin >= start and _piece_at(value, piece, begin):
            return begin
        pos = value.find(anchor, pos + 1)
    return -1


def glob_match(pattern: str, value: str) -> bool:
    """Match a compiled pattern (STAR/QMARK sentinels) against a value. Greedy, leftmost."""
    if STAR not in pattern:
        return len(pattern) == len(value) and _piece_at(value, pattern, 0)
    pieces = pattern.split(STAR)
    head, tail, middle = pieces[0], pieces[-1], pieces[1:-1]
    if len(head) + len(tail) > len(value):
        return False
    if head and not _piece_at(value, head, 0):
        return False
    end = len(value) - len(tail)
    if tail and not _piece_at(value, tail, end):
        return False
    pos = len(head)
    for piece in middle:
        if not piece:
            continue
        found = _find_piece(value, piece, pos)
        if found == -1 or found + len(piece) > end:
            return False
        pos = found + len(piece)
    return True


def _literal_glob(pattern: str) -> Matcher:
    """A matcher for a pattern with `*` but no `?`: prefix, suffix and str.find in between."""
    pieces = pattern.split(STAR)
    head, tail = pieces[0], pieces[-1]
    middle = tuple(p for p in pieces[1:-1] if p)
    skip = len(head)
    if not tail and len(middle) == 1:
        # `head*piece*` (an ARN with a wildcard Region or account and a name prefix): the
        # piece found after the head is all it takes (the value is then long enough)
        piece = middle[0]
        return lambda value: value.startswith(head) and value.find(piece, skip) >= 0
    minimum = len(head) + len(tail) + sum(len(p) for p in middle)
    drop = len(tail)

    def match(value: str) -> bool:
        if len(value) < minimum or not value.startswith(head) or not value.endswith(tail):
            return False
        pos = skip
        end = len(value) - drop
        for piece in middle:
            found = value.find(piece, pos, end)
            if found < 0:
                return False
            pos = found + len(piece)
        return True

    return match


def compile_glob(pattern: str) -> Matcher:
    """A matcher for one compiled pattern, with fast paths for the common shapes."""
    if not has_wildcard(pattern):
        return pattern.__eq__
    if pattern.strip(STAR) == "":
        return _always
    body = pattern[:-1]
    if pattern.endswith(STAR) and not has_wildcard(body):
        return lambda value: value.startswith(body)
    rest = pattern[1:]
    if pattern.startswith(STAR) and not has_wildcard(rest):
        return lambda value: value.endswith(rest)
    if QMARK not in pattern:
        return _literal_glob(pattern)
    return lambda value: glob_match(pattern, value)


def _always(value: str) -> bool:
    return True


@lru_cache(maxsize=16384)
def compile_any(patterns: tuple[str, ...]) -> Matcher:
    """One matcher true when any of the patterns matches (built once per distinct tuple:
    policies repeat the same Action and Resource lists, and a matcher is a pure function).
    Literal patterns become one set lookup, and prefix (`s3:Get*`) and suffix (`*.txt`)
    patterns one `startswith`/`endswith` call each: lists of these are the common shapes,
    and one C call beats a Python call per pattern."""
    if len(patterns) == 1:  # the common shape (one Resource, one Action): the same matcher
        return compile_glob(patterns[0])
    for pattern in patterns:
        if not pattern.strip(STAR):
            return _always
    literal_list: list[str] = []
    prefix_list: list[str] = []
    suffix_list: list[str] = []
    glob_list: list[Matcher] = []
    for pattern in patterns:  # one pass: runs once for each distinct list a world uses
        if not has_wildcard(pattern):
            literal_list.append(pattern)
        elif _is_prefix(pattern):
            prefix_list.append(pattern[:-1])
        elif _is_suffix(pattern):
            suffix_list.append(pattern[1:])
        else:
            glob_list.append(compile_glob(pattern))
    literals = frozenset(literal_list)
    prefixes = tuple(dict.fromkeys(prefix_list))
    suffixes = tuple(dict.fromkeys(suffix_list))
    globs = tuple(glob_list)
    if not prefixes and not suffixes and not globs:
        if len(literals) == 1:
            return next(iter(literals)).__eq__
        return literals.__contains__
    if not globs and not suffixes:
        if not literals:
            return lambda value: value.startswith(prefixes)
        return lambda value: value in literals or value.startswith(prefixes)
    if not literals and not prefixes and not globs:
        return lambda value: value.endswith(suffixes)
    if not literals and not prefixes and not suffixes and len(globs) == 1:
        return globs[0]

    def match(value: str) -> bool:
        if value in literals or value.startswith(prefixes) or value.endswith(suffixes):
            return True
        for glob in globs:  # noqa: SIM110 - a plain loop is faster than any() here
            if glob(value):
                return True
        return False

    return match


def _is_prefix(pattern: str) -> bool:
    """`text*` with no other wildcard."""
    return pattern.endswith(STAR) and not has_wildcard(pattern[:-1])


def _is_suffix(pattern: str) -> bool:
    """`*text` with no other wildcard (and not a prefix pattern)."""
    return (pattern.startswith(STAR) and not has_wildcard(pattern[1:])
            and not _is_prefix(pattern))


def arn_parts_match(pattern: str, value: str) -> bool:
    """ArnLike/ArnEquals: each of the six colon-separated parts matched separately (CO-06).
    A pattern that is not ARN-shaped (e.g. a bare `*`) is matched as a whole."""
    pattern_parts = pattern.split(":", 5)
    if len(pattern_parts) < 6:
        return glob_match(pattern, value)
    value_parts = value.split(":", 5)
    if len(value_parts) < 6:
        return False
    return all(glob_match(p, v) for p, v in zip(pattern_parts, value_parts, strict=True))


def compile_arn(pattern: str) -> Matcher:
    """ArnLike/ArnEquals compiled: one matcher per ARN part (CO-06), or a whole-string glob
    for a pattern that is not ARN-shaped."""
    pattern_parts = pattern.split(":", 5)
    if len(pattern_parts) < 6:
        return compile_glob(pattern)
    matchers = tuple(compile_glob(p) for p in pattern_parts)

    def match(value: str) -> bool:
        parts = value.split(":", 5)
        if len(parts) < 6:
            return False
        for matcher, part in zip(matchers, parts, strict=True):  # noqa: SIM110 - hot loop
            if not matcher(part):
                return False
        return True

    return match
