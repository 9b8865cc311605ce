"""The findings as data: codes, severities and message templates from `findings.toml`.

Checks never spell a message or a severity; they name a code and hand over the fields its
template needs. Keeping them in one data file (as parliament keeps its config.yaml) lets the
docs page and the tests read the same list the linter uses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import resources
from typing import Any


class Severity(IntEnum):
    """Ordered so `finding.severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str) -> Severity:
        return cls[name.upper()]


@dataclass(frozen=True, slots=True)
class FindingSpec:
    """One code's entry in findings.toml."""

    code: str
    severity: Severity
    message: str
    meaning: str
    fact: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the linter found: a stable code, its severity, where (a JSON path such as
    `Statement[1].Condition.StringEquals.aws:PrincipalTag/team`) and what."""

    code: str
    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.code} {self.severity}: {self.message}"

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "severity": str(self.severity), "path": self.path,
                "message": self.message}


PARSER_CODES = frozenset({"MALFORMED_POLICY"})
"""Codes no check raises: what the parser rejects, reported by `rolesim lint` as a finding."""

STEP_CODES = frozenset({"UNKNOWN_STEP_ACTION"})
"""Codes about a scenario's steps, not a policy document (rolesim.scenario.lint_steps)."""


@cache
def finding_specs() -> dict[str, FindingSpec]:
    """Every code, in the order of the data file."""
    text = resources.files(__package__).joinpath("findings.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {code: FindingSpec(code, Severity.named(entry["severity"]), entry["message"],
                              entry["meaning"], entry.get("fact", ""))
            for code, entry in data.items()}


def make_finding(code: str, path: str, fields: dict[str, Any]) -> Finding:
    """The finding for `code` at `path`, its message filled from `fields`."""
    spec = finding_specs()[code]
    return Finding(code, spec.severity, path, spec.message.format(**fields))


def codes_table() -> str:
    """The Markdown table of every code for docs/lint.md (a test checks the page holds it;
    `python -m rolesim.core.lint.spec` prints it)."""
    rows = ["| Code | Severity | Meaning | Fact |", "|---|---|---|---|"]
    for spec in finding_specs().values():
        meaning = spec.meaning.replace("|", "\\|")
        rows.append(f"| `{spec.code}` | {spec.severity} | {meaning} | {spec.fact} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(codes_table(), end="")
