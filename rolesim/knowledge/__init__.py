"""What AWS does, in our words: the fact IDs the lessons and screens cite, and a glossary.

`facts.toml` and `glossary.toml` beside this module are package data, so `rolesim facts`,
the TUI's palette and the docs (scripts/make_fact_docs.py) read the same text wherever
rolesim is installed. Pure: no textual, no rich; loaded on first use, not at import.
"""

from __future__ import annotations

from rolesim.knowledge.store import (
    FACT_ID,
    Fact,
    Section,
    Term,
    all_facts,
    all_terms,
    cited_ids,
    fact,
    search,
    sections,
    term,
)

__all__ = ["FACT_ID", "Fact", "Section", "Term", "all_facts", "all_terms", "cited_ids",
           "fact", "search", "sections", "term"]
