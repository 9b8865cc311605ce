"""Every fact ID the project cites is one the knowledge data defines.

Code, tests, lessons and docs cite IDs such as `(XA-02)` or `ID-10`; a reader looks them up
with `rolesim facts ID` or in docs/facts.md. An ID missing from rolesim/knowledge/facts.toml
would send them nowhere. Everything checked here is inside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rolesim.knowledge import cited_ids, fact

ROOT = Path(__file__).resolve().parents[2]

NOT_FACTS = {
    "ZZ-99": "made up on purpose: tests check that an unknown ID is not treated as a fact",
    "QQ-42": "made up on purpose: this file checks that the scan reports an unknown ID",
}
"""ID-shaped tokens that are deliberately not facts, each with the reason."""


def _cited_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for folder, pattern in (("rolesim", "*.py"), ("rolesim", "*.toml"), ("tests", "*.py"),
                            ("benchmarks", "*.py"), ("assets", "*.py"), ("scripts", "*.py")):
        files += sorted((ROOT / folder).rglob(pattern))
    return [path for path in files if "__snapshots__" not in path.parts]


CITED = _cited_files()


def test_the_scan_covers_code_tests_lessons_and_docs() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in CITED}
    assert "README.md" in names and "docs/decisions.md" in names
    assert "rolesim/lessons/04-role-chaining.toml" in names
    assert "rolesim/scenario/builtin/cross-account-delegation.toml" in names
    assert any(name.startswith("rolesim/core/") for name in names)


def test_the_scan_would_catch_an_unknown_id() -> None:
    assert [fid for fid in cited_ids("as AWS says (QQ-42)") if fact(fid) is None] == ["QQ-42"]


@pytest.mark.parametrize("path", CITED, ids=[p.relative_to(ROOT).as_posix() for p in CITED])
def test_every_cited_fact_id_is_defined(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    unknown = [fid for fid in cited_ids(text) if fact(fid) is None and fid not in NOT_FACTS]
    assert not unknown, (f"{path.relative_to(ROOT)} cites {unknown}, which "
                         "rolesim/knowledge/facts.toml does not define")
