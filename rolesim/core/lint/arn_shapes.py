"""Can a Resource pattern name a resource of a given type? (for RESOURCE_MATCHES_NO_ACTION)

A Resource element is a glob (`*` any run, `?` one character, PL-06); a resource type's ARN
format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) is a shape with placeholders. The
question is whether some ARN fits both. Both are turned into token lists and intersected with
a small memoised walk; nothing is ever compiled from user text. Placeholders follow the
catalogue's reading of formats: in the partition/region/account fields any run without `:`; in
the resource part a run without `/` or `:` (a run without `:` when a `:` follows it, as after a
log group name, which may hold a path), except a last placeholder after a separator, which
takes the rest. Policy variables in the pattern count as `*` (their value is unknown here).
"""

from __future__ import annotations

import re
from functools import lru_cache

ANY = "\x00*"          # pattern star: any run
ONE = "\x00?"          # pattern question mark: one character
HOLE_FIELD = "\x00f"   # format placeholder in a head field: a run without ':' (may be empty)
HOLE_PART = "\x00p"    # format placeholder in the resource part: a run without '/' or ':'
HOLE_NAME = "\x00n"    # one followed by ':' (a log group name): a run without ':', paths allowed
HOLE_REST = "\x00r"    # last format placeholder after a separator: anything

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_VARIABLE = re.compile(r"\$\{[^}]*\}")
_STOPS = {HOLE_FIELD: ":", HOLE_PART: "/:", HOLE_NAME: ":", HOLE_REST: ""}


def _pattern_tokens(text: str) -> tuple[str, ...]:
    text = _VARIABLE.sub("*", text)
    return tuple(ANY if c == "*" else ONE if c == "?" else c for c in text)


def _format_tokens(arn_format: str) -> tuple[str, ...]:
    parts = arn_format.split(":", 5)
    if len(parts) != 6:
        return tuple(arn_format)
    out: list[str] = []
    for field in parts[:5]:
        pieces = _PLACEHOLDER.split(field)
        for i, piece in enumerate(pieces):
            out.extend(piece)
            if i < len(pieces) - 1:
                out.append(HOLE_FIELD)
        out.append(":")
    resource = parts[5]
    pieces = _PLACEHOLDER.split(resource)
    for i, piece in enumerate(pieces):
        out.extend(piece)
        if i < len(pieces) - 1:
            last = i == len(pieces) - 2 and pieces[-1] == ""
            separated = any(sep in "".join(pieces[: i + 1]) for sep in "/:")
            follows = pieces[i + 1][:1]
            out.append(HOLE_REST if last and separated
                       else HOLE_NAME if follows == ":" else HOLE_PART)
    return tuple(out)


@lru_cache(maxsize=4096)
def format_tokens(arn_format: str) -> tuple[str, ...]:
    return _format_tokens(arn_format)


@lru_cache(maxsize=8192)
def pattern_tokens(pattern: str) -> tuple[str, ...]:
    return _pattern_tokens(pattern)


def _fits(char: str, hole: str) -> bool:
    return char not in _STOPS[hole]


def intersects(pattern: tuple[str, ...], shape: tuple[str, ...]) -> bool:
    """Whether some text matches both the pattern tokens and the format tokens."""
    memo: dict[tuple[int, int], bool] = {}
    lp, ls = len(pattern), len(shape)
    if lp + ls > 600:
        return True  # too long to walk recursively: assume it fits (no finding)

    def walk(i: int, j: int) -> bool:
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == lp and j == ls:
            result = True
        elif i < lp and pattern[i] == ANY:
            result = walk(i + 1, j) or (j < ls and walk(i, j + 1))
        elif j < ls and shape[j] in _STOPS:
            hole = shape[j]
            result = walk(i, j + 1) or (
                i < lp and (pattern[i] == ONE or _fits(pattern[i], hole)) and walk(i + 1, j))
        elif i < lp and j < ls:
            result = (pattern[i] == ONE or pattern[i] == shape[j]) and walk(i + 1, j + 1)
        else:
            result = False
        memo[key] = result
        return result

    return walk(0, 0)


def service_of(arn: str) -> str:
    """The service field of an ARN or ARN format (`s3`), lower-cased; "" if none."""
    parts = arn.split(":", 3)
    return parts[2].lower() if len(parts) > 3 else ""


def _literal_head(tokens: tuple[str, ...]) -> str:
    """The literal text a token list starts with (up to its first wildcard or placeholder)."""
    out = []
    for token in tokens:
        if len(token) != 1:
            break
        out.append(token)
    return "".join(out)


def _field_tokens(text: str) -> tuple[str, ...]:
    """A head field of a pattern (fields are compared one by one, so its `*` cannot leave
    the field)."""
    return tuple(ANY if c == "*" else ONE if c == "?" else c for c in text)


@lru_cache(maxsize=65536)
def pattern_fits_format(pattern: str, arn_format: str) -> bool:
    """Whether the Resource pattern can name a resource of this ARN format. As AWS matches
    ARNs, the five head fields are compared one by one (a `*` there does not cross a `:`),
    then the resource part, where a `*` may span anything. Resource parts whose literal
    beginnings differ are told apart before the walk."""
    p_fields = _VARIABLE.sub("*", pattern).split(":", 5)
    f_fields = arn_format.split(":", 5)
    if len(p_fields) != 6 or len(f_fields) != 6:
        return intersects(pattern_tokens(pattern), format_tokens(arn_format))
    mine = _literal_head(pattern_tokens(p_fields[5]))
    theirs = _PLACEHOLDER.split(f_fields[5])[0]
    if not (mine.startswith(theirs) or theirs.startswith(mine)):
        return False
    for p_field, f_field in zip(p_fields[1:5], f_fields[1:5], strict=True):
        if not intersects(_field_tokens(p_field), _format_field_tokens(f_field)):
            return False
    return intersects(pattern_tokens(p_fields[5]), _format_resource_tokens(f_fields[5]))


@lru_cache(maxsize=4096)
def _format_field_tokens(field: str) -> tuple[str, ...]:
    out: list[str] = []
    pieces = _PLACEHOLDER.split(field)
    for i, piece in enumerate(pieces):
        out.extend(piece)
        if i < len(pieces) - 1:
            out.append(HOLE_FIELD)
    return tuple(out)


@lru_cache(maxsize=4096)
def _format_resource_tokens(resource: str) -> tuple[str, ...]:
    """The resource part's tokens: `format_tokens` of a format whose head is empty."""
    return format_tokens("arn:::::" + resource)[8:]
