"""Where each piece of an imported scenario came from, so that a scenario which would not load
is refused naming the export file, the entity and the JSON path, not the scenario's own key.

`rolesim import` loads what it made before writing it (`check_loads`): an export edited by hand
(an ARN with a space, `"Effect": "Permit"`, a statement with no Action) is then refused with
exit 2 and one line such as

    authz.json: $.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Effect
    (user arn:aws:iam::111122223333:user/alice): Effect must be "Allow" or "Deny" ...

instead of being written into a scenario that `run` and the TUI then refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rolesim.scenario.importer.formats import ImportProblem

if TYPE_CHECKING:
    from rolesim.scenario.model import Scenario

_ENTRY = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\](?P<rest>.*)$")
_PART = re.compile(r'^\.(?:"(?P<quoted>[^"]*)"|(?P<bare>[^.\[]+))(?P<rest>.*)$')
_INDEX = re.compile(r"^\[(?P<index>\d+)\](?P<rest>.*)$")


@dataclass
class Origin:
    """One scenario entry (`users[3]`): its export file, JSON path and what it is. `keys` maps
    a scenario key to a path inside the entry (`trust` -> `AssumeRolePolicyDocument`), or,
    for the n-th member of a list or table (`inline#0`, `versions#1`, `scps#2`), to a whole
    path, possibly in another file (an SCP file)."""

    file: str
    path: str
    entity: str
    keys: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    """Keys whose path lies in another file than the entry's (SCPs of an account)."""
    what: dict[str, str] = field(default_factory=dict)
    """Keys that are an entity of their own (an SCP), in words."""


class Origins:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], Origin] = {}
        self._accounts: dict[str, tuple[str, str]] = {}
        self._current: Origin | None = None

    def entry(self, section: str, index: int, file: str, path: str, entity: str,
              keys: dict[str, str]) -> None:
        """Entry `section[index]` of the scenario comes from `file` at `path`; `keys` name the
        export fields of its scenario keys, relative to `path`."""
        origin = Origin(file, path, entity, {k: f"{path}.{v}" for k, v in keys.items()})
        self.entries[(section, index)] = origin
        self._current = origin

    def item(self, key: str, path: str, file: str | None = None) -> None:
        """The last entry's `key` (`inline#0`: its first inline policy) is at `path`."""
        assert self._current is not None
        self._current.keys[key] = path
        if file is not None and file != self._current.file:
            self._current.files[key] = file

    def account(self, account: str, file: str, arn_path: str) -> None:
        """An account exists because an ARN names it: the first such ARN is its origin."""
        self._accounts.setdefault(account, (file, arn_path))

    def accounts(self, ids: list[str]) -> None:
        """The accounts section, in its final order (sorted by the mapper)."""
        for i, account in enumerate(ids):
            file, path = self._accounts.get(account, ("", "$"))
            self.entries[("accounts", i)] = Origin(file, path, f"account {account}",
                                                   {"id": path})
        self._current = None

    def scp(self, account_index: int, key: str, file: str, path: str, what: str) -> None:
        """SCP number `key` (`scps#0`, `scp_levels#1#0`) of an account came from `file`."""
        origin = self.entries[("accounts", account_index)]
        origin.keys[key] = path
        origin.files[key] = file
        origin.what[key] = what

    # ------------------------------------------------------------------------------ translate

    def problem(self, key_path: str, message: str, data: dict[str, Any],
                fallback: str) -> ImportProblem:
        """The scenario's problem at `key_path` (`users[0].inline.x.Statement[0].Effect`), as
        the export's: file, JSON path and entity. `data` is the scenario data as written (its
        inline tables name policies in the export's order)."""
        found = _ENTRY.match(key_path)
        origin = self.entries.get((found["section"], int(found["index"]))) if found else None
        if found is None or origin is None:
            return ImportProblem(fallback, "", f"the scenario made from it would not load: "
                                               f"{key_path}: {message}")
        head = _PART.match(found["rest"])
        if head is not None:
            key = head["quoted"] if head["quoted"] is not None else head["bare"]
            tail = head["rest"]
            member = self._member(key, tail, data, found["section"], int(found["index"]))
            if member is not None:
                key, tail = member
            if key in origin.keys:
                return ImportProblem(origin.files.get(key, origin.file),
                                     f"{origin.keys[key]}{tail} "
                                     f"({origin.what.get(key, origin.entity)})", message)
        where = f"{origin.entity}, scenario key {found['rest'][1:]}" if found["rest"] else (
            origin.entity)
        return ImportProblem(origin.file, f"{origin.path} ({where})", message)

    @staticmethod
    def _member(key: str, rest: str, data: dict[str, Any], section: str,
                index: int) -> tuple[str, str] | None:
        """`inline.NAME...` -> (`inline#n`, `...`); `versions[k].document...` ->
        (`versions#k`, `...`); `scps[j]...`, `scp_levels[k].scps[j]...` likewise."""
        if key == "inline":
            part = _PART.match(rest)
            if part is None:
                return None
            name = part["quoted"] if part["quoted"] is not None else part["bare"]
            entries = data.get(section) or []
            names = list((entries[index].get("inline") or {}) if index < len(entries) else {})
            return (f"inline#{names.index(name)}", part["rest"]) if name in names else None
        if key in ("versions", "scps"):
            at = _INDEX.match(rest)
            if at is None:
                return None
            tail = at["rest"]
            if key == "versions" and tail.startswith(".document"):
                tail = tail[len(".document"):]
            return f"{key}#{at['index']}", tail
        if key == "scp_levels":
            at = _INDEX.match(rest)
            inner = _INDEX.match(at["rest"][len(".scps"):]) if at and at["rest"].startswith(
                ".scps[") else None
            if at is None or inner is None:
                return None
            return f"scp_levels#{at['index']}#{inner['index']}", inner["rest"]
        return None


def check_loads(text: str, data: dict[str, Any], origins: Origins, fallback: str,
                filename: str = "<import>") -> Scenario:
    """The scenario `text` holds, loaded as `filename`; `ImportProblem` naming the export
    when it would not load: checked as `rolesim run` checks a file (its shape, then every
    policy and reference), so nothing is written that the tools then refuse. Opening an
    export directly uses the scenario returned rather than loading the text again."""
    from rolesim.scenario.build import build_world
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.load import load_scenario_text

    try:
        scenario = load_scenario_text(text, filename)
        build_world(scenario)
        return scenario
    except ScenarioError as exc:
        problems = exc.problems
        if not problems:
            raise ImportProblem(fallback, "", f"the scenario made from it would not load: "
                                              f"{exc}") from None
        first = origins.problem(problems[0].key_path, problems[0].message, data, fallback)
        if len(problems) > 1:
            more = len(problems) - 1
            first = ImportProblem(first.file, first.path, f"{first.message} (and {more} more "
                                  f"problem{'s' if more > 1 else ''} after this one)")
        raise first from None
