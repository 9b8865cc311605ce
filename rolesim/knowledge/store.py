"""Loading and looking up facts and glossary terms (read once, on first use)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

FACT_ID = re.compile(r"(?<![A-Za-z0-9-])([A-Z]{2,4}-\d{2})(?![0-9A-Za-z])")
"""The shape of a fact ID (`AR-03`, `SAML-05`, `TAG-11`), not inside a longer word or number."""


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    """Slug, also the docs anchor: `role-chaining`."""
    title: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One AWS behaviour, stated as given -> expected, with where AWS documents it."""

    id: str
    section: Section
    title: str
    text: str
    confidence: str
    """`H` documented by AWS, `M` strong secondary evidence, `L` unverified (or mixed)."""
    sources: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The fragment of this fact in docs/facts.md: `ch-02`."""
        return self.id.lower()


@dataclass(frozen=True, slots=True)
class Term:
    """A word the lessons use, in plain language, and the facts behind it."""

    name: str
    aliases: tuple[str, ...]
    definition: str
    facts: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The fragment of this term in docs/glossary.md."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def _read(name: str) -> dict[str, Any]:
    """One of the TOML files beside this module, read by rtoml: Python's tomllib took ~0.3 G
    instructions over the 140 kB of facts, on every `rolesim facts` and the TUI's first
    fact search (the same data: tests/test_cli_startup.py)."""
    from importlib import resources  # here: the TUI's first frame needs neither

    import rtoml

    return rtoml.loads((resources.files(__name__.rsplit(".", 1)[0]) / name)
                       .read_text(encoding="utf-8"))


@cache
def _facts() -> dict[str, Fact]:
    data = _read("facts.toml")
    by_slug = {row["id"]: Section(row["id"], row["title"]) for row in data["section"]}
    return {row["id"]: Fact(row["id"], by_slug[row["section"]], row["title"], row["text"],
                            row["confidence"], tuple(row["sources"])) for row in data["fact"]}


@cache
def _terms() -> tuple[Term, ...]:
    return tuple(Term(row["name"], tuple(row.get("aliases", ())), row["definition"],
                      tuple(row.get("facts", ()))) for row in _read("glossary.toml")["term"])


def all_facts() -> tuple[Fact, ...]:
    """Every fact, in the order of the sections."""
    return tuple(_facts().values())


def sections() -> tuple[Section, ...]:
    seen: dict[str, Section] = {}
    for item in all_facts():
        seen.setdefault(item.section.id, item.section)
    return tuple(seen.values())


def all_terms() -> tuple[Term, ...]:
    return _terms()


def fact(fact_id: str) -> Fact | None:
    """The fact with this ID (any case), or None."""
    return _facts().get(fact_id.strip().upper())


def term(name: str) -> Term | None:
    """The glossary term with this name or alias (any case), or None."""
    wanted = name.strip().casefold()
    for item in _terms():
        if wanted in (word.casefold() for word in (item.name, *item.aliases)):
            return item
    return None


def search(query: str) -> list[Fact | Term]:
    """Facts and terms matching `query` (case-insensitive), best first: exact ID or term
    name, then IDs and names that start with it, then IDs, titles and names containing it."""
    wanted = query.strip().casefold()
    if not wanted:
        return []
    ranked: list[tuple[int, int, Fact | Term]] = []
    everything: list[Fact | Term] = [*all_facts(), *all_terms()]
    for order, item in enumerate(everything):
        rank = _rank(item, wanted)
        if rank is not None:
            ranked.append((rank, order, item))
    return [item for _, _, item in sorted(ranked, key=lambda row: row[:2])]


def _rank(item: Fact | Term, wanted: str) -> int | None:
    names = ([item.id.casefold()] if isinstance(item, Fact)
             else [word.casefold() for word in (item.name, *item.aliases)])
    if wanted in names:
        return 0
    if any(name.startswith(wanted) for name in names):
        return 1
    title = item.title.casefold() if isinstance(item, Fact) else ""
    if any(wanted in name for name in names) or wanted in title:
        return 2
    return None


def cited_ids(text: str) -> list[str]:
    """The fact-ID-shaped tokens in `text`, in order of first appearance (known or not)."""
    return list(dict.fromkeys(FACT_ID.findall(text)))
