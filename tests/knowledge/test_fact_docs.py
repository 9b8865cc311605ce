"""docs/facts.md and docs/glossary.md match the knowledge data, and the README and docs
point only at things inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from rolesim.knowledge import all_facts, cited_ids, fact
from rolesim.knowledge.render import pages

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def _pages_to_check() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def test_generated_pages_are_up_to_date() -> None:
    for name, text in pages().items():
        on_disk = (DOCS / name).read_text(encoding="utf-8")
        assert on_disk == text, (f"docs/{name} is out of date: run "
                                 "`.venv/bin/python scripts/make_fact_docs.py`")


def test_facts_page_has_an_anchor_text_and_source_for_every_fact() -> None:
    text = (DOCS / "facts.md").read_text(encoding="utf-8")
    anchors = set(ANCHOR.findall(text))
    for item in all_facts():
        assert item.anchor in anchors, item.id
        assert f"### {item.id}: {item.title}" in text
    assert "https://docs.aws.amazon.com/IAM/latest/UserGuide/" in text


def test_nothing_points_outside_the_repository() -> None:
    for page in _pages_to_check():
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/reference" not in text, page.name
        assert "shared/spec" not in text, page.name


def test_every_relative_link_and_anchor_exists() -> None:
    for page in _pages_to_check():
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path_part, _, anchor = target.partition("#")
            linked = (page.parent / path_part).resolve() if path_part else page
            assert linked.exists(), f"{page.name}: link to missing {target}"
            assert ROOT in linked.parents, f"{page.name}: {target} leaves the repo"
            if anchor and linked.suffix == ".md":
                assert anchor in ANCHOR.findall(linked.read_text(encoding="utf-8")), (
                    f"{page.name}: no anchor #{anchor} in {path_part or page.name}")


def _prose(markdown: str) -> str:
    """The text outside code: inline `code` and indented blocks hold commands, not citations."""
    lines = [line for line in markdown.splitlines() if not line.startswith("    ")]
    return re.sub(r"`[^`]*`", "", "\n".join(lines))


def test_every_fact_id_in_the_readme_links_to_its_entry() -> None:
    text = _prose((ROOT / "README.md").read_text(encoding="utf-8"))
    cited = cited_ids(text)
    assert cited, "the README should cite at least one fact"
    for fid in cited:
        found = fact(fid)
        assert found is not None, fid
        assert f"[{fid}](docs/facts.md#{found.anchor})" in text, f"README: {fid} is not linked"
    bare = re.sub(r"\[[A-Z]{2,4}-\d{2}\]\(docs/facts\.md#[a-z0-9-]+\)", "", text)
    assert not cited_ids(bare), f"README: {cited_ids(bare)} appear without a link"
