"""`rolesim lint FILE...`: the linter's findings for policy JSON files and scenario files.

A `.json` file is one policy document (its kind guessed from its shape unless `--kind` says);
a `.toml` file is a scenario, and every document written in it is linted: account SCPs,
managed policy documents, inline policies, trust policies, resource policies, and the
documents steps carry (session policies, new trusts, put-policy documents). AWS managed
policies the file only names are AWS's, not linted. Each finding names the file, its line,
the place (entity and key) and the JSON path inside the document.

Exit status: 0 nothing at or above `--fail-on` (default error), 1 something is, 2 a file is
unreadable or neither a policy nor a scenario.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolesim.core.lint import Finding, Severity, lint_policy
from rolesim.core.lint.locate import line_of, path_lines
from rolesim.core.lint.spec import make_finding
from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.scenario.errors import print_error

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
KINDS = {"identity": PolicyType.IDENTITY, "trust": PolicyType.TRUST,
         "resource": PolicyType.RESOURCE, "boundary": PolicyType.BOUNDARY,
         "session": PolicyType.SESSION, "scp": PolicyType.SCP}
KIND_NAMES = {kind: name for name, kind in KINDS.items()}
_TEXT_POSITION = re.compile(r"^line (\d+), column \d+$")
TRUST_ACTION_PREFIX = "sts:assumerole"


class NotLintable(Exception):
    """The file is unreadable or neither a policy nor a scenario (exit 2). `found`: the
    findings made before that was known (a scenario whose world does not build)."""

    def __init__(self, message: str, found: list[Located] | None = None) -> None:
        super().__init__(message)
        self.found = found or []


@dataclass(frozen=True, slots=True)
class Place:
    """A document inside a file: its kind, where it is (entity and key, "" for a policy file),
    its TOML key path and the document itself."""

    kind: PolicyType | None  # None: not a policy (a step's action)
    entity: str
    key: str
    toml_path: tuple[str | int, ...]
    document: Any


@dataclass(frozen=True, slots=True)
class Located:
    """A finding in a file: the place it was found and its line (None: unknown)."""

    file: str
    place: Place
    line: int | None
    finding: Finding

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        place = f" {self.place.entity} {self.place.key}:" if self.place.entity else ""
        return f"{where}:{place} {self.finding}"

    def as_json(self) -> dict[str, Any]:
        kind = None if self.place.kind is None else KIND_NAMES[self.place.kind]
        return {"file": self.file, "line": self.line, "entity": self.place.entity,
                "key": self.place.key, "policy_kind": kind,
                **self.finding.as_json()}


def guess_kind(document: Mapping[str, Any]) -> PolicyType:
    """A statement with a Principal: a trust policy when every action is an sts:AssumeRole*
    action, else a resource policy; no Principal: an identity policy."""
    body = document.get("Statement")
    statements = body if isinstance(body, list) else [body]
    named = [s for s in statements if isinstance(s, dict)
             and ("Principal" in s or "NotPrincipal" in s)]
    if not named:
        return PolicyType.IDENTITY
    actions: list[str] = []
    for st in named:
        value = st.get("Action", [])
        actions.extend([value] if isinstance(value, str) else value)
    if actions and all(isinstance(a, str) and a.lower().startswith(("sts:",)) for a in actions) \
            and any(a.lower().startswith(TRUST_ACTION_PREFIX) for a in actions):
        return PolicyType.TRUST
    return PolicyType.RESOURCE


def _read(path: Path) -> str:
    from rolesim.scenario.importer.read_capped import NotReadable, read_input_text

    try:
        return read_input_text(path)
    except NotReadable as exc:
        raise NotLintable(f"{path}: {exc}") from None
    except FileNotFoundError:
        raise NotLintable(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotLintable(f"{path}: is a directory, not a policy or scenario file; name a "
                          ".json or .toml file in it") from None
    except UnicodeDecodeError as exc:
        raise NotLintable(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); a "
                          "policy or scenario is a text file saved as UTF-8") from None
    except OSError as exc:
        raise NotLintable(f"{path}: cannot read: {exc.strerror or exc}") from None


def _findings(place: Place, catalog: Any | None) -> list[Finding]:
    if place.kind is None:
        return []  # not a policy document
    return document_findings(place.document, place.kind, catalog)


def document_findings(document: Any, kind: PolicyType, catalog: Any | None) -> list[Finding]:
    """What `rolesim lint` says of one document (JSON text or a table): the linter's findings,
    or MALFORMED_POLICY with the error IAM would give."""
    try:
        return lint_policy(document, kind, catalog)
    except MalformedPolicyDocument as error:
        return [make_finding("MALFORMED_POLICY", error.path, {"message": error.message})]


def lint_policy_file(path: Path, text: str, kind: PolicyType | None,
                     catalog: Any | None) -> list[Located]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotLintable(f"{path}:{exc.lineno}: not valid JSON: {exc.msg} "
                          f"(column {exc.colno})") from None
    except RecursionError:  # json's decoder recurses once per array or object
        raise NotLintable(f"{path}: not valid JSON for rolesim: arrays or objects nested too "
                          "deeply to read") from None
    if isinstance(data, dict) and "Statement" not in data:
        from rolesim.scenario.importer.formats import looks_like_export

        if looks_like_export(data):
            return lint_export(path, catalog)
    if not isinstance(data, dict) or "Statement" not in data:
        raise NotLintable(f"{path}: not a policy document (a JSON object with a Statement), "
                          "nor an export of `aws iam get-account-authorization-details`")
    place = Place(kind or guess_kind(data), "", "", (), text)
    lines = path_lines(text)
    found = [Located(str(path), place, _line_inside(lines, f.path), f)
             for f in _findings(place, catalog)]
    return sorted(found, key=lambda item: item.line or 0)


def scenario_places(scenario: Scenario) -> Iterator[Place]:
    """Every policy document written in the scenario, with its place."""
    for i, account in enumerate(scenario.accounts):
        for j, scp in enumerate(account.scps or ()):
            yield Place(PolicyType.SCP, f"account {account.id}", f"scps[{j}]",
                        ("accounts", i, "scps", j), scp)
        for k, level in enumerate(account.scp_levels or ()):
            for j, scp in enumerate(level.scps):
                yield Place(PolicyType.SCP, f"account {account.id}",
                            f"scp_levels[{k}].scps[{j}]",
                            ("accounts", i, "scp_levels", k, "scps", j), scp)
    for i, policy in enumerate(scenario.policies):
        yield Place(PolicyType.IDENTITY, f"policy {policy.arn}", "document",
                    ("policies", i, "document"), policy.document)
    for section in ("users", "groups", "roles"):
        for i, spec in enumerate(getattr(scenario, section)):
            if section == "roles":
                yield Place(PolicyType.TRUST, f"role {spec.arn}", "trust",
                            ("roles", i, "trust"), spec.trust)
            for name, document in spec.inline.items():
                yield Place(PolicyType.IDENTITY, f"{section[:-1]} {spec.arn}", f"inline.{name}",
                            (section, i, "inline", name), document)
    for i, resource in enumerate(scenario.resources):
        if resource.policy is not None:
            yield Place(PolicyType.RESOURCE, f"resource {resource.arn}", "policy",
                        ("resources", i, "policy"), resource.policy)
    yield from step_places(scenario)


STEP_DOCUMENT_KINDS = {"policy": PolicyType.SESSION, "trust": PolicyType.TRUST,
                       "document": PolicyType.IDENTITY}
"""The kind of policy each step key holding a document is: a session policy, a role's new
trust, an inline policy or a managed policy's new version."""


def step_places(scenario: Scenario) -> Iterator[Place]:
    """The policy documents steps carry: session policies, new trusts, put-policy and
    create-policy-version documents (a key naming a managed policy by ARN is no document)."""
    for i, step in enumerate(scenario.steps):
        entity = f"step {i + 1} ({step.do})"
        for key, kind in STEP_DOCUMENT_KINDS.items():
            document = getattr(step, key, None)
            if (document is not None and not isinstance(document, str)) or (
                    isinstance(document, str) and document.lstrip().startswith("{")):
                yield Place(kind, entity, key, ("steps", i, key), document)


def step_findings(scenario: Scenario, catalog: Any | None
                  ) -> Iterator[tuple[int, str, Finding]]:
    """(step index from 0, the key the finding is in, the finding): what `rolesim lint` says
    of each step, its documents' findings then its action's, for the step list to mark."""
    from rolesim.scenario.lint_steps import step_action_findings

    for place in step_places(scenario):
        index = place.toml_path[1]
        assert isinstance(index, int)
        for finding in _findings(place, catalog):
            yield index, place.key, finding
    for index, _, finding in step_action_findings(scenario, catalog):
        yield index, "action", finding


def lint_scenario_file(path: Path, text: str, catalog: Any | None) -> list[Located]:
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.load import load_scenario_text
    from rolesim.scenario.locate import Locator

    try:
        scenario = load_scenario_text(text, str(path))
    except ScenarioError as exc:
        raise NotLintable(str(exc)) from None
    locator = Locator(text)
    text_lines = text.splitlines()
    out: list[Located] = []
    for place in scenario_places(scenario):
        found = _findings(place, catalog)
        if not found:
            continue
        base = locator.line(place.toml_path)
        out.extend(sorted((Located(str(path), place,
                                   _line_in_file(base, place.document, f.path, text_lines), f)
                           for f in found), key=lambda item: item.line or 0))
    from rolesim.scenario.lint_steps import step_action_findings

    for index, action, finding in step_action_findings(scenario, catalog):
        place = Place(None, f"step {index + 1} (call)", "action", ("steps", index, "action"),
                      action)
        out.append(Located(str(path), place, locator.line(place.toml_path), finding))
    if not any(item.finding.code == "MALFORMED_POLICY" for item in out):
        _check_world(scenario, out)
    return out


def _check_world(scenario: Scenario, found: list[Located]) -> None:
    """A scenario whose world does not build (a name twice, a malformed ARN, a principal
    IAM would refuse) is not a valid scenario: `run` refuses it, so lint does too (exit 2),
    rather than call it clean; the findings made so far are still printed. A document IAM
    rejects is already an error finding."""
    from rolesim.scenario.build import build_world
    from rolesim.scenario.errors import ScenarioError

    try:
        build_world(scenario)
    except ScenarioError as exc:
        raise NotLintable(str(exc), found) from None


def lint_export(path: Path, catalog: Any | None) -> list[Located]:
    """Every policy of an authorization-details export, imported in memory as `rolesim
    import` would write it. Findings name the entity and key (`role ARN trust`); no line,
    since the export's lines are not the scenario's."""
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.importer.command import import_exports
    from rolesim.scenario.importer.formats import ImportProblem

    try:
        scenario = import_exports([path], name=f"{path} (imported)", check=False).scenario
    except (ImportProblem, ScenarioError) as exc:
        raise NotLintable(str(exc)) from None
    return [Located(str(path), place, None, finding)
            for place in scenario_places(scenario) for finding in _findings(place, catalog)]


def _line_inside(lines: dict[str, int], path: str) -> int | None:
    """The line of a JSON path, or of a parser position (`line 3, column 7`: invalid JSON or a
    forbidden character) inside the document's text."""
    position = _TEXT_POSITION.match(path)
    if position is not None:
        return int(position.group(1))
    return line_of(lines, path)


def _line_in_file(base: int | None, document: object, path: str,
                  text_lines: list[str]) -> int | None:
    """A document written as a JSON string: its line inside the string, counted from the key's
    line (a multi-line string that opens on its own line starts one line lower). A table: the
    key's line."""
    if base is None or not isinstance(document, str):
        return base
    line = _line_inside(path_lines(document), path)
    if line is None:
        return base
    opening = text_lines[base - 1] if base - 1 < len(text_lines) else ""
    after = opening.partition("=")[2].strip()
    shift = 1 if after in ("'''", '"""') else 0  # the newline after the opening is trimmed
    return base + shift + line - 1


def lint_file(path: Path, kind: PolicyType | None, catalog: Any | None) -> list[Located]:
    text = _read(path)
    if path.suffix.lower() == ".toml":
        return lint_scenario_file(path, text, catalog)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return lint_policy_file(path, text, kind, catalog)
    return lint_scenario_file(path, text, catalog)


def _catalog() -> Any | None:
    try:
        from rolesim.core.catalog import get_catalog

        return get_catalog()
    except Exception as exc:  # the other checks still run
        print_error("lint", f"action catalogue unavailable ({exc}); action, condition-key "
                    "and resource checks skipped", level="warning")
        return None


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def summary_line(total: int, counts: Counter[str], files: int, unreadable: int) -> str:
    """`3 findings (1 error, 2 warnings, 0 info) in 2 files (1 could not be checked)`."""
    line = (f"{_count(total, 'finding')} ({_count(counts.get('error', 0), 'error')}, "
            f"{_count(counts.get('warning', 0), 'warning')}, {counts.get('info', 0)} info) "
            f"in {_count(files, 'file')}")
    return line + (f" ({unreadable} could not be checked)" if unreadable else "")


def run_lint(paths: list[Path], *, as_json: bool = False, fail_on: str = "error",
             kind: str | None = None) -> int:
    """Lint every file; print the findings (text or JSON); return the exit status."""
    threshold = Severity.named(fail_on)
    policy_kind = KINDS[kind] if kind else None
    catalog = _catalog()
    results: list[dict[str, Any]] = []
    located: list[Located] = []
    unreadable = False
    for path in paths:
        try:
            found = lint_file(path, policy_kind, catalog)
        except NotLintable as exc:
            unreadable = True
            print_error("lint", str(exc))
            located.extend(exc.found)
            results.append({"file": str(path), "error": str(exc),
                            "findings": [item.as_json() for item in exc.found]})
            continue
        located.extend(found)
        results.append({"file": str(path), "error": None,
                        "findings": [item.as_json() for item in found]})
    counts = Counter(str(item.finding.severity) for item in located)
    failing = any(item.finding.severity >= threshold for item in located)
    status = EXIT_UNREADABLE if unreadable else EXIT_FINDINGS if failing else EXIT_CLEAN
    if as_json:
        summary = {name: counts.get(name, 0) for name in ("error", "warning", "info")}
        print(json.dumps({"files": results, "summary": summary, "fail_on": fail_on,
                          "exit": status}, indent=2))
    else:
        for item in located:
            print(item.text())
        print(summary_line(len(located), counts, len(paths),
                           sum(1 for r in results if r["error"])))
    return status
