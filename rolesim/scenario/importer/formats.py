"""Read an authorization-details export, in the shape the AWS CLI writes (policy documents as
JSON objects) or the raw API returns (policy documents as URL-encoded JSON strings).

Every problem is an `ImportProblem`: one line naming the file and the JSON path
(`$.RoleDetailList[3].AssumeRolePolicyDocument`), so a malformed or truncated export exits 2
with a message a person can act on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

EXPORT_KEYS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
"""Top-level lists of `get-account-authorization-details`; any one of them marks an export."""


class ImportProblem(Exception):
    """A file that cannot be imported: `file: $.path: what is wrong`."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file, self.path, self.message = file, path, message
        where = f"{file}: {path}: " if path else f"{file}: "
        super().__init__(where + message)


@dataclass
class Export:
    """One export file, read: its lists, and whether documents came URL-encoded."""

    file: str
    data: dict[str, Any]
    shape: str = "cli"
    """`cli` (documents are JSON objects) or `api` (URL-encoded JSON strings)."""
    unknown_fields: set[str] = field(default_factory=set)

    def items(self, key: str) -> list[dict[str, Any]]:
        """A top-level list (`RoleDetailList`, ...): see `objects`."""
        return self.objects(self.data, key, "$")

    def objects(self, item: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        """An entity's list of objects (`Tags`, `AttachedManagedPolicies`, `RolePolicyList`,
        ...): absent or null is none; anything but a list of objects is refused here, naming
        its JSON path, before the mapping reads a field of one."""
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ImportProblem(self.file, f"{path}.{key}", f"must be a list, not {_kind(value)}")
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise ImportProblem(self.file, f"{path}.{key}[{i}]",
                                    f"must be an object, not {_kind(entry)}")
        return value

    def document(self, value: Any, path: str) -> dict[str, Any]:
        """A policy document: a JSON object (CLI) or URL-encoded JSON text (raw API)."""
        if isinstance(value, dict):
            return checked_depth(value, self.file, path)
        if not isinstance(value, str):
            raise ImportProblem(self.file, path, f"must be a policy document, not {_kind(value)}")
        text = value
        if not text.lstrip().startswith("{"):
            text = unquote(text)
            self.shape = "api"
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportProblem(self.file, path, f"policy document is not valid JSON "
                                                 f"({exc.msg} at character {exc.pos})") from None
        except RecursionError:
            raise ImportProblem(self.file, path, TOO_DEEP) from None
        if not isinstance(parsed, dict):
            raise ImportProblem(self.file, path, "policy document must be a JSON object")
        return checked_depth(parsed, self.file, path)


def checked_depth(document: dict[str, Any], file: str, path: str) -> dict[str, Any]:
    """The document, if IAM could hold it: one nested deeper than the policy parser reads
    (MAX_DOCUMENT_DEPTH) is refused here, naming its place in the export, rather than written
    into a scenario that does not load (or overflowing the anonymizer's recursion)."""
    from rolesim.core.policy.parse import MAX_DOCUMENT_DEPTH

    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth >= MAX_DOCUMENT_DEPTH and len(node):
            raise ImportProblem(file, path, f"policy document nested more than "
                                            f"{MAX_DOCUMENT_DEPTH} levels deep (IAM refuses it)")
        stack += [(child, depth + 1) for child in children if isinstance(child, dict | list)]
    return document


TOO_DEEP = "not valid JSON for rolesim: arrays or objects nested too deeply to read"
"""No export or policy is nested more than a few levels; json's decoder gives up (with a
RecursionError) near a thousand."""


def looks_like_export(data: Any) -> bool:
    return isinstance(data, dict) and any(k in data for k in EXPORT_KEYS)


def read_export(path: Path) -> Export:
    """Read and check the outer shape of one export file."""
    name = str(path)
    data = read_json(path)
    if not looks_like_export(data):
        raise ImportProblem(name, "$", "not an export of `aws iam get-account-authorization-"
                                       "details` (none of " + ", ".join(EXPORT_KEYS) + ")")
    if data.get("IsTruncated") is True:
        raise ImportProblem(name, "$.IsTruncated", "the export is truncated (IsTruncated is "
                            "true): export again with the AWS CLI, which fetches every page")
    return Export(name, data)


EXPORT_IS = ("rolesim import reads the JSON that `aws iam get-account-authorization-details "
             "--output json` prints (a scenario .toml opens with `rolesim FILE`)")


POLICY_FILE_IS = ("an SCP or resource policy file holds one policy document in JSON, or the "
                  "output of `aws organizations describe-policy` or `aws s3api "
                  "get-bucket-policy`")


SCPS_FILE_IS = ("--scps reads JSON combining, per SCP, `aws organizations describe-policy` "
                "output with its targets, or a TOML mapping of accounts to policy files "
                "(docs/import.md)")


def read_json(path: Path, expected: str = EXPORT_IS) -> Any:
    """The JSON in `path`; `expected` says what the file should hold when it is not JSON."""
    from rolesim.scenario.importer.read_capped import NotReadable, read_input_text

    name = str(path)
    try:
        text = read_input_text(path)
    except NotReadable as exc:
        raise ImportProblem(name, "", str(exc)) from None
    except FileNotFoundError:
        raise ImportProblem(name, "", "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(name, "", "is a directory, not a JSON file") from None
    except UnicodeDecodeError as exc:
        raise ImportProblem(name, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
                            ) from None
    except OSError as exc:
        raise ImportProblem(name, "", f"cannot read: {exc.strerror or exc}") from None
    if not text.strip():
        raise ImportProblem(name, "", f"empty; {expected}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos == len(text) - len(text.lstrip()):  # not JSON from its first character
            start = text.strip().splitlines()[0][:30]
            raise ImportProblem(name, "", f"not JSON (it starts {start!r}); {expected}"
                                ) from None
        where = json_path_at(text, exc.pos)
        what = "the file ends early (truncated?)" if exc.pos >= len(text.rstrip()) else exc.msg
        raise ImportProblem(name, where, f"not valid JSON: {what} (line {exc.lineno}, "
                                         f"column {exc.colno})") from None
    except RecursionError:  # json's decoder recurses once per array or object
        raise ImportProblem(name, "$", TOO_DEEP) from None


def json_path_at(text: str, pos: int) -> str:
    """The JSON path of the value being read at `pos` (`$.RoleDetailList[2].RoleName`): a
    small scanner that tracks objects, arrays, keys and indices up to the error."""
    stack: list[list[Any]] = []  # [kind, key or index, expecting_key]
    i, end = 0, min(pos, len(text))
    last_string = ""
    while i < end:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            last_string = text[i + 1:j]
            if stack and stack[-1][0] == "{" and stack[-1][2]:
                stack[-1][1] = last_string
            i = j + 1
            continue
        if c in "{[":
            stack.append([c, None if c == "{" else 0, c == "{"])
        elif c in "}]" and stack:
            stack.pop()
        elif c == ":" and stack and stack[-1][0] == "{":
            stack[-1][2] = False
        elif c == "," and stack:
            if stack[-1][0] == "[":
                stack[-1][1] += 1
            else:
                stack[-1][2] = True
        i += 1
    parts = ["$"]
    for kind, key, _ in stack:
        if kind == "[":
            parts.append(f"[{key}]")
        elif key is not None:
            parts.append(f".{key}")
    return "".join(parts)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def text_field(export: Export, item: dict[str, Any], key: str, path: str,
               required: bool = True) -> str:
    if not isinstance(item, dict):
        raise ImportProblem(export.file, path, f"must be an object, not {_kind(item)}")
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ImportProblem(export.file, f"{path}.{key}",
                            "missing" if value is None else f"must be text, not {_kind(value)}")
    return value
