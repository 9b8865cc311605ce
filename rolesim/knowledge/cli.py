"""`rolesim facts [ID|TERM]`: look up what AWS does, by fact ID or by word, in a shell.

No argument lists every section with its IDs. An exact ID prints the fact (text, confidence,
source); an exact term prints its definition and related facts; a section slug lists that
section; anything else lists what matches (shown in full when there is only one).
"""

from __future__ import annotations

import difflib
import textwrap

from rolesim.knowledge.store import Fact, Term, all_facts, all_terms, fact, search, sections, term
from rolesim.scenario.errors import print_error
from rolesim.scenario.fit_lines import terminal_width

EXIT_FOUND, EXIT_NOT_FOUND = 0, 1
WIDTH = 88
DOCS = "docs/facts.md"


def run_facts(query: str | None) -> int:
    """Print what `query` names; 0 when something matched, 1 (with suggestions) when not."""
    if query is None or not query.strip():
        print(_overview())
        return EXIT_FOUND
    exact = fact(query) or term(query)
    if exact is not None:
        print(_full(exact))
        return EXIT_FOUND
    section = [item for item in all_facts() if item.section.id == query.strip().lower()]
    if section:
        print(_listing(section))
        return EXIT_FOUND
    found = search(query)
    if len(found) == 1:
        print(_full(found[0]))
    elif found:
        print(_listing(found))
    else:
        print_error("facts", _not_found(query))
        return EXIT_NOT_FOUND
    return EXIT_FOUND


def _plain(markdown: str) -> str:
    """Fact text for a terminal: no bold markers (backticks stay: they mark AWS names)."""
    return markdown.replace("**", "")


def _wrap(text: str, indent: str = "") -> str:
    """Filled to WIDTH, or to a narrower terminal (at 80 columns the lines of 88 folded)."""
    width = min(WIDTH, terminal_width() - 1)
    return textwrap.fill(_plain(text), width, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def _full(item: Fact | Term) -> str:
    if isinstance(item, Term):
        lines = [item.name, "", _wrap(item.definition)]
        if item.aliases:
            lines += ["", _wrap("Also: " + ", ".join(item.aliases))]
        lines += ["", "Related facts:"]
        lines += [f"  {fid:<8} {found.title}" for fid in item.facts
                  if (found := fact(fid)) is not None]
        return "\n".join(lines)
    lines = [f"{item.id}  {item.title}", f"Section: {item.section.title}", "",
             _wrap(item.text), "", f"Confidence: {item.confidence}",
             "Source:" if len(item.sources) == 1 else "Sources:"]
    lines += [_wrap(source, "  ").replace("  ", "- ", 1) for source in item.sources]
    lines += ["", f"In the docs: {DOCS}#{item.anchor}"]
    return "\n".join(lines)


def _line(item: Fact | Term) -> str:
    if isinstance(item, Fact):
        return f"  {item.id:<8} {item.title}"
    return f"  term:    {item.name}"


def _listing(items: list[Fact | Term] | list[Fact]) -> str:
    lines = [_line(item) for item in items]
    return "\n".join([*lines, "", "Show one in full: rolesim facts ID (or the term)."])


def _overview() -> str:
    lines = []
    width = max(len(section.id) for section in sections())
    for section in sections():
        ids = [item.id for item in all_facts() if item.section == section]
        lines.append(f"  {section.id:<{width}}  {ids[0]} to {ids[-1]}  {section.title}")
    lines += ["", f"{len(all_facts())} facts and {len(all_terms())} glossary terms.",
              "rolesim facts SECTION lists a section (e.g. rolesim facts role-chaining);",
              "rolesim facts ID or TERM shows one (e.g. rolesim facts CH-02, "
              "rolesim facts \"trust policy\")."]
    return "\n".join(lines)


def _not_found(query: str) -> str:
    folded = {name.casefold(): name for name in
              [item.id for item in all_facts()] + [section.id for section in sections()]}
    for item in all_terms():
        folded |= {word.casefold(): item.name for word in (item.name, *item.aliases)}
    close = difflib.get_close_matches(query.strip().casefold(), list(folded), n=6, cutoff=0.6)
    shown = list(dict.fromkeys(folded[name] for name in close))[:3]
    hint = f"; did you mean {', '.join(shown)}?" if shown else (
        "; `rolesim facts` lists the sections and IDs.")
    return f"no fact or term matches {query!r}{hint}"
