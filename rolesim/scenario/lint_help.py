"""The `rolesim lint` argument parser (kept out of cli.py, which only registers it)."""

from __future__ import annotations

from typing import Any

DESCRIPTION = """\
Check IAM policies the way IAM Access Analyzer does: the document is valid, but is it what
you meant? Each finding has a stable code, a severity (error, warning, info), the JSON path
it points at and a message; docs/lint.md lists every code.

A .json FILE is one policy document (its kind guessed from its shape: a Principal with
sts:AssumeRole* actions is a trust policy, another Principal a resource policy, none an
identity policy; --kind overrides). A .toml FILE is a scenario: every policy written in it is
checked (account SCPs, managed policy documents, inline, trust and resource policies, and the
documents steps carry), each finding naming the entity and key it is in. A .json FILE that
is an export of `aws iam get-account-authorization-details` is read as `rolesim import`
reads it, and every policy in it is checked the same way."""

EPILOG = """\
exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on (a document IAM rejects is an
     error)
  2  a file is unreadable, or neither a policy document, an export nor a valid
     scenario

examples:
  rolesim lint policy.json
  rolesim lint rolesim/lessons/*.toml --fail-on warning
  rolesim lint trust.json --kind trust --json"""


def add_lint_parser(sub: Any) -> None:
    lint = sub.add_parser("lint", help="check policies for likely mistakes (Access Analyzer style)",
                          description=DESCRIPTION, epilog=EPILOG)
    lint.add_argument("files", nargs="+", metavar="FILE",
                      help="policy JSON files and/or scenario TOML files")
    lint.add_argument("--json", action="store_true",
                      help="print one JSON report: files, findings, summary, exit status")
    lint.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                      help="the lowest severity that makes the exit status 1 (default: error)")
    lint.add_argument("--kind", choices=("identity", "trust", "resource", "boundary",
                                         "session", "scp"),
                      help="the kind of a JSON policy file (default: guessed from its shape)")
