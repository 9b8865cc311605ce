"""What the authorization-details export does not hold: SCPs and resource policies.

SCPs (`--scps FILE`) come in either of two shapes:

* JSON, the AWS Organizations output combined per policy: a list (or `{"Policies": [...]}`) of
  `{"Policy": <describe-policy .Policy>, "Targets": <list-targets-for-policy .Targets>}`.
  Levels are kept (ORG-02: an SCP must allow at every level): a target of type ROOT is the
  root level of every imported account, ACCOUNT the account's own `scps`; an OU target is a
  level of the accounts listed under it in an optional `"OrganizationalUnits": {"ou-..":
  ["111122223333", ...]}` key (parent OUs first), and is reported as not carried over
  otherwise (the export does not say which accounts an OU holds). An account with a root or
  OU level but no SCP of its own in the file gets `FullAWSAccess`, which AWS attaches by
  default, and the summary says so.
* TOML: `[accounts]` mapping an account ID to a list of policy files (JSON policy documents or
  describe-policy output), relative to the TOML file: the SCPs attached to each account
  itself. Optional `[[levels]]` tables (`name`, `files`, and `accounts`, default every
  account of `[accounts]`), root first, then each OU on the path, add the levels above.

Resource policies (`--resource-policies DIR`): `s3/BUCKET.json` (or `s3/ACCOUNT/BUCKET.json`
when several accounts are imported) holding `aws s3api get-bucket-policy` output;
`sqs/REGION/ACCOUNT/QUEUE.json`, `sns/REGION/ACCOUNT/TOPIC.json` (get-queue-attributes /
get-topic-attributes output, `Attributes.Policy`) and `kms/REGION/ACCOUNT/KEY_ID.json`
(get-key-policy output, `Policy`).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolesim.scenario.importer.formats import (
    POLICY_FILE_IS,
    SCPS_FILE_IS,
    TOO_DEEP,
    ImportProblem,
    checked_depth,
    read_json,
)
from rolesim.scenario.importer.mapping import document_text
from rolesim.scenario.importer.read_capped import read_input_text
from rolesim.scenario.importer.summary import Summary


def _policy_from(value: Any, file: str, path: str) -> dict[str, Any]:
    """A policy given as an object, JSON text, or AWS output wrapping one (`Policy`,
    `Content`, `Attributes.Policy`)."""
    if isinstance(value, dict):
        for key in ("Content", "Policy"):
            if key in value:
                return _policy_from(value[key], file, f"{path}.{key}")
        if isinstance(value.get("Attributes"), dict) and "Policy" in value["Attributes"]:
            return _policy_from(value["Attributes"]["Policy"], file, f"{path}.Attributes.Policy")
        if "Statement" in value:
            return checked_depth(value, file, path)
        raise ImportProblem(file, path, "holds no policy (no Statement, Policy or Content)")
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ImportProblem(file, path, f"policy is not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise ImportProblem(file, path, TOO_DEEP) from None
        return _policy_from(parsed, file, path)
    raise ImportProblem(file, path, "must be a policy document")


FULL_AWS_ACCESS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, separators=(",", ":"))
"""AWS's FullAWSAccess SCP, attached by default to the root, every OU and every account."""


@dataclass(frozen=True)
class Scp:
    """One SCP read: its document, its own name ("" if the input has none), and where it
    was read (file and JSON path), to name it should the scenario refuse it."""

    document: str
    name: str
    file: str
    path: str


def load_scps(path: Path, accounts: list[str], summary: Summary,
              ) -> dict[str, dict[str, Any]]:
    """account ID -> the account keys to set for the imported accounts: `scps` (attached to
    the account itself) with their `scp_names`, and, when the file has ROOT or OU targets,
    `scp_levels` (ORG-02). The key `_read` holds (scenario key, Scp) for each SCP, to name
    its origin (importer/origins); it is not written."""
    name = str(path)
    out: dict[str, list[Scp]] = {}
    levels: dict[str, list[tuple[str, list[Scp]]]] = {}
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(read_input_text(path, "utf-8"))
        except (OSError, ValueError) as exc:  # NotReadable, TOMLDecodeError, not UTF-8
            raise ImportProblem(name, "", f"cannot read the SCP mapping: {exc}") from None
        unknown = sorted(set(data) - {"accounts", "levels"})
        if unknown:
            raise ImportProblem(name, unknown[0], "unknown key (the SCP mapping has [accounts] "
                                                  "and optional [[levels]])")
        table = data.get("accounts")
        if not isinstance(table, dict):
            raise ImportProblem(name, "accounts", "expected an [accounts] table mapping "
                                                  "account IDs to lists of policy files")
        for account, files in table.items():
            out[account] = _policy_files(path, files, f"accounts.{account}")
        levels = _toml_levels(path, data.get("levels", []), list(table))
    else:
        levels = _scps_by_target(read_json(path, SCPS_FILE_IS), name, accounts, out, summary)
    for account in list(out) + [a for a in levels if a not in out]:
        if account not in accounts:
            summary.skip("SCPs of accounts not imported", f"account {account} is in no export")
            out.pop(account, None)
            levels.pop(account, None)
    summary.counts["SCP attachments"] = (sum(len(v) for v in out.values())
                                         + sum(len(docs) for above in levels.values()
                                               for _, docs in above))
    for account in levels:
        if account not in out:
            summary.defaults.append(f"account {account}: no SCP attached to the account itself "
                                    "in the SCP file; FullAWSAccess assumed, as AWS attaches "
                                    "it by default (ORG-02)")
            out[account] = [Scp(FULL_AWS_ACCESS, "FullAWSAccess", name, "$")]
    keys: dict[str, dict[str, Any]] = {}
    for account, own in out.items():
        entry = keys[account] = _scp_keys(own)
        entry["_read"] = [(f"scps#{j}", scp) for j, scp in enumerate(own)]
        for k, (label, docs) in enumerate(levels.get(account, [])):
            entry.setdefault("scp_levels", []).append({"name": label, **_scp_keys(docs)})
            entry["_read"] += [(f"scp_levels#{k}#{j}", scp) for j, scp in enumerate(docs)]
    return keys


def _scp_keys(scps: list[Scp]) -> dict[str, Any]:
    """`scps`, and `scp_names` when any of them has a name (docs/scenario-format.md)."""
    keys: dict[str, Any] = {"scps": [s.document for s in scps]}
    if any(s.name for s in scps):
        keys["scp_names"] = [s.name for s in scps]
    return keys


def _scp_name(value: Any) -> str:
    """The policy's own name in `describe-policy` output (`Policy.PolicySummary.Name`)."""
    policy = value.get("Policy", value) if isinstance(value, dict) else None
    summary = policy.get("PolicySummary") if isinstance(policy, dict) else None
    name = summary.get("Name") if isinstance(summary, dict) else None
    return name.strip() if isinstance(name, str) else ""


def _policy_files(mapping: Path, files: Any, where: str) -> list[Scp]:
    """The SCPs in a list of files named relative to the TOML mapping, each named as
    `describe-policy` output names it, else by its file name (`deny-regions.json`)."""
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ImportProblem(str(mapping), where, "must be a list of policy file names")
    docs = []
    for file in files:
        target = mapping.parent / file
        data = read_json(target, POLICY_FILE_IS)
        docs.append(Scp(document_text(_policy_from(data, str(target), "$")),
                        _scp_name(data) or target.stem, str(target), "$"))
    return docs


def _toml_levels(mapping: Path, tables: Any, listed: list[str],
                 ) -> dict[str, list[tuple[str, list[Scp]]]]:
    """`[[levels]]` of the TOML mapping: the levels above each account, in the file's order
    (root first, then each OU on the path: ORG-02). A level without `accounts` is above every
    account of `[accounts]`."""
    name = str(mapping)
    if not isinstance(tables, list):
        raise ImportProblem(name, "levels", "must be [[levels]] tables (name, files, accounts)")
    levels: dict[str, list[tuple[str, list[Scp]]]] = {}
    for i, table in enumerate(tables):
        where = f"levels[{i}]"
        if not isinstance(table, dict):
            raise ImportProblem(name, where, "must be a table with name, files and accounts")
        unknown = sorted(set(table) - {"name", "files", "accounts"})
        if unknown:
            raise ImportProblem(name, f"{where}.{unknown[0]}",
                                "unknown key (a level has name, files and accounts)")
        label = table.get("name", "organization root" if i == 0 else f"OU {i}")
        if not isinstance(label, str) or not label:
            raise ImportProblem(name, f"{where}.name", "must be a non-empty string")
        docs = _policy_files(mapping, table.get("files"), f"{where}.files")
        members = table.get("accounts", listed)
        if not isinstance(members, list) or not all(isinstance(a, str) for a in members):
            raise ImportProblem(name, f"{where}.accounts", "must be a list of account IDs")
        for account in members:
            levels.setdefault(account, []).append((label, docs))
    return levels


def _scps_by_target(data: Any, name: str, accounts: list[str], out: dict[str, list[Scp]],
                    summary: Summary) -> dict[str, list[tuple[str, list[Scp]]]]:
    """Fill `out` (account -> its own SCPs) from Organizations output; return the levels
    above each imported account, root first, then its OUs in the file's order."""
    ous = data.get("OrganizationalUnits", {}) if isinstance(data, dict) else {}
    items = data.get("Policies") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportProblem(name, "$", 'expected a list of {"Policy": ..., "Targets": ...}')
    roots: dict[str, list[Scp]] = {}
    by_ou: dict[str, list[Scp]] = {}
    for i, item in enumerate(items):
        where = f"$.Policies[{i}]" if isinstance(data, dict) else f"$[{i}]"
        if not isinstance(item, dict) or "Policy" not in item:
            raise ImportProblem(name, where, 'must hold "Policy" (describe-policy output)')
        scp = Scp(document_text(_policy_from(item["Policy"], name, f"{where}.Policy")),
                  _scp_name(item), name, f"{where}.Policy")
        targets = item.get("Targets") or []
        if not isinstance(targets, list) or not all(isinstance(t, dict) for t in targets):
            raise ImportProblem(name, f"{where}.Targets", "must be a list of targets "
                                '({"TargetId": ..., "Type": ...}, list-targets-for-policy output)')
        for j, target in enumerate(targets):
            kind = target.get("Type")
            tid = str(target.get("TargetId", ""))
            if kind == "ACCOUNT":
                out.setdefault(tid, []).append(scp)
            elif kind == "ROOT":
                roots.setdefault(tid, []).append(scp)
            elif kind == "ORGANIZATIONAL_UNIT" and tid in ous:
                by_ou.setdefault(tid, []).append(scp)
            else:
                summary.skip("SCP targets", f"target {tid or where + f'.Targets[{j}]'} "
                             "is an OU whose accounts the file does not list")
    levels: dict[str, list[tuple[str, list[Scp]]]] = {}
    for account in accounts:
        above = [(f"root {rid}" if rid else "organization root", docs)
                 for rid, docs in roots.items()]
        above += [(f"OU {ou}", by_ou[ou]) for ou, members in ous.items()
                  if ou in by_ou and account in [str(m) for m in members]]
        if above:
            levels[account] = above
    return levels


def load_resource_policies(directory: Path, accounts: list[str],
                           summary: Summary) -> list[dict[str, Any]]:
    if not directory.is_dir():
        what = "not a directory" if directory.exists() else "no such directory"
        raise ImportProblem(str(directory), "", f"--resource-policies: {what}")
    out: list[dict[str, Any]] = []
    for file in sorted(directory.rglob("*.json")):
        parts = file.relative_to(directory).with_suffix("").parts
        service, rest = parts[0], parts[1:]
        entry: dict[str, Any]
        if service == "s3" and len(rest) in (1, 2):
            account = rest[0] if len(rest) == 2 else (accounts[0] if len(accounts) == 1 else "")
            if not account:
                raise ImportProblem(str(file), "", "several accounts are imported: put the "
                                    "bucket policy at s3/ACCOUNT/BUCKET.json")
            entry = {"arn": f"arn:aws:s3:::{rest[-1]}", "account": account}
        elif service in ("sqs", "sns", "kms") and len(rest) == 3:
            region, account, name = rest
            kind = "key/" if service == "kms" else ""
            entry = {"arn": f"arn:aws:{service}:{region}:{account}:{kind}{name}"}
        else:
            summary.skip("resource policy files", f"{file.relative_to(directory)} is not named "
                         "as docs/import.md says (s3/BUCKET.json, sqs/REGION/ACCOUNT/QUEUE.json"
                         ", ...)")
            continue
        data = read_json(file, POLICY_FILE_IS)
        entry["policy"] = document_text(_policy_from(data, str(file), "$"))
        entry["_file"] = str(file)  # for importer/origins; not written
        out.append(entry)
    summary.counts["resource policies"] = len(out)
    return out
