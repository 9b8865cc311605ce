"""docs/lint.md lists every finding code with the severity and meaning of findings.toml."""

from __future__ import annotations

from pathlib import Path

from rolesim.core.lint import finding_specs
from rolesim.core.lint.spec import codes_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "lint.md"


def test_docs_page_holds_the_table_generated_from_the_data() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert codes_table() in text, "regenerate with: python -m rolesim.core.lint.spec"


def test_every_code_is_in_the_docs_page_with_its_severity() -> None:
    text = DOC.read_text(encoding="utf-8")
    for spec in finding_specs().values():
        assert f"| `{spec.code}` | {spec.severity} |" in text
