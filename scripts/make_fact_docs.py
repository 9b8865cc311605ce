#!/usr/bin/env python3
"""Write docs/facts.md and docs/glossary.md from rolesim/knowledge/*.toml.

Run after editing the knowledge data: `.venv/bin/python scripts/make_fact_docs.py`.
tests/knowledge/test_fact_docs.py fails when the pages are out of date.
"""

from __future__ import annotations

from pathlib import Path

from rolesim.knowledge.render import pages

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main() -> None:
    for name, text in pages().items():
        (DOCS / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
