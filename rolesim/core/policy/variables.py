"""Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'x'}`, `${*}` (PV-01..PV-06).

Text is split once into a template (literal pieces and variables). Resolving a template against
a request context gives the text, or None when a variable has no value and no default (PV-05:
such a value matches nothing). Key names are case-insensitive (PV-01); multivalued keys cannot
be variables, so a context value that is a set resolves to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rolesim.core.policy.wildcard import to_pattern
from rolesim.core.words import quoted

SPECIALS = {"*": "*", "?": "?", "$": "$"}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Variable:
    key: str  # as written
    key_lower: str
    default: str | None

    def __str__(self) -> str:
        return "${" + self.key + (f", '{self.default}'" if self.default is not None else "") + "}"


@dataclass(frozen=True, slots=True)
class Escaped:
    """`${*}`, `${?}`, `${$}`: a character taken literally, never a wildcard (PV-03)."""

    char: str

    def __str__(self) -> str:
        return "${" + self.char + "}"


Piece = str | Variable | Escaped
Template = tuple[Piece, ...]


def _parse_inner(inner: str) -> Piece:
    """`aws:username` / `aws:PrincipalTag/team, 'x'` / `*` -> a Variable or a literal."""
    stripped = inner.strip()
    if stripped in SPECIALS:
        return Escaped(SPECIALS[stripped])
    key, sep, rest = stripped.partition(",")
    default: str | None = None
    if sep:
        rest = rest.strip()
        quoted = len(rest) >= 2 and rest[0] == rest[-1] == "'"
        default = rest[1:-1] if quoted else rest
    key = key.strip()
    return Variable(key, key.lower(), default)


def parse_template(text: str) -> Template:
    """Split text into literal pieces and variables. A `${` with no closing `}` is literal."""
    if "${" not in text:
        return (text,)
    pieces: list[Piece] = []
    pos = 0
    while True:
        start = text.find("${", pos)
        if start == -1:
            break
        end = text.find("}", start + 2)
        if end == -1:
            break
        if start > pos:
            pieces.append(text[pos:start])
        pieces.append(_parse_inner(text[start + 2 : end]))
        pos = end + 1
    if pos < len(text):
        pieces.append(text[pos:])
    return tuple(pieces)


def has_variables(template: Template) -> bool:
    return any(not isinstance(piece, str) for piece in template)


def resolve(
    template: Template,
    context: Mapping[str, str | tuple[str, ...]],
    literal: Callable[[str], str] = str,
) -> str | None:
    """Substitute variables. `literal` transforms the policy's own text (e.g. into a glob
    pattern); substituted values are always literal text. None if a value is missing (PV-05)."""
    out: list[str] = []
    for piece in template:
        if isinstance(piece, Variable):
            value = context.get(piece.key_lower)
            if not isinstance(value, str):
                if piece.default is None:
                    return None
                value = piece.default
            out.append(value)
        elif isinstance(piece, Escaped):
            out.append(piece.char)
        else:
            out.append(literal(piece))
    return "".join(out)


def resolve_pattern(template: Template, context: Mapping[str, str | tuple[str, ...]]) -> str | None:
    """Resolve into a glob pattern: wildcards only where the policy text itself had them."""
    return resolve(template, context, to_pattern)


_MISSING = object()
CACHE_LIMIT = 1024


class ResolvedTemplate(Generic[T]):
    """A template plus a cache of what it resolves to, keyed by the values of its variables,
    so a matcher is compiled once per distinct `${aws:username}` rather than per request."""

    __slots__ = ("_cache", "_single", "build", "keys", "literal", "template")

    def __init__(self, template: Template, literal: Callable[[str], str],
                 build: Callable[[str], T]) -> None:
        self.template = template
        self.literal = literal
        self.build = build
        self.keys = tuple(p.key_lower for p in template if isinstance(p, Variable))
        self._single = self.keys[0] if len(self.keys) == 1 else None
        self._cache: dict[Any, T | None] = {}

    def get(self, context: Mapping[str, str | tuple[str, ...]]) -> T | None:
        """The built value for this context, or None when a variable has no value (PV-05)."""
        if self._single is not None:
            key: Any = context.get(self._single)
        else:
            key = tuple(context.get(k) for k in self.keys)
        found = self._cache.get(key, _MISSING)
        if found is _MISSING:
            text = resolve(self.template, context, self.literal)
            found = None if text is None else self.build(text)
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = found
        return found  # type: ignore[return-value]

    def __str__(self) -> str:
        return "".join(str(piece) for piece in self.template)

    def shown(self, context: Mapping[str, str | tuple[str, ...]]) -> str:
        """`${aws:username} (= "alice")` or `${aws:username} (no value)`, for explanations."""
        text = resolve(self.template, context)
        return f"{self} (= {quoted(text)})" if text is not None else f"{self} (no value)"
