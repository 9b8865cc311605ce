"""Exports -> scenario data (plain TOML-shaped dicts, the keys of docs/scenario-format.md).

Several exports make one multi-account world. Real unique IDs are kept (`id`), group names
are resolved to the group ARNs of the user's account, AWS managed policies are referenced by
ARN unless the export's document differs from the one rolesim ships, identity providers are
inferred from `Federated` principals. Whatever cannot be carried over goes to the summary.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rolesim.core.words import counted
from rolesim.scenario.importer.formats import Export, ImportProblem, text_field
from rolesim.scenario.importer.origins import Origins
from rolesim.scenario.importer.summary import Summary

Data = dict[str, Any]

KNOWN_FIELDS = {
    "UserDetailList": {"Path", "UserName", "UserId", "Arn", "CreateDate", "UserPolicyList",
                       "GroupList", "AttachedManagedPolicies", "PermissionsBoundary", "Tags"},
    "GroupDetailList": {"Path", "GroupName", "GroupId", "Arn", "CreateDate",
                        "GroupPolicyList", "AttachedManagedPolicies"},
    "RoleDetailList": {"Path", "RoleName", "RoleId", "Arn", "CreateDate",
                       "AssumeRolePolicyDocument", "InstanceProfileList", "RolePolicyList",
                       "AttachedManagedPolicies", "PermissionsBoundary", "Tags", "RoleLastUsed",
                       "Description", "MaxSessionDuration"},
    "Policies": {"PolicyName", "PolicyId", "Arn", "Path", "DefaultVersionId", "AttachmentCount",
                 "PermissionsBoundaryUsageCount", "IsAttachable", "Description", "CreateDate",
                 "UpdateDate", "PolicyVersionList"},
}
TOP_LEVEL = {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "IsTruncated",
             "Marker", "ResponseMetadata"}

NOT_KEPT = {
    "CreateDate": "rolesim's world has no creation times",
    "RoleLastUsed": "usage history is not part of a world (nothing is decided by it)",
    "PolicyId": "rolesim names managed policies by ARN; their IDs decide nothing",
    "InstanceProfileId": "rolesim names instance profiles by ARN; their IDs decide nothing",
    "AttachmentCount": "a count rolesim derives from the attachments themselves",
    "PermissionsBoundaryUsageCount": "a count rolesim derives from the attachments themselves",
    "IsAttachable": "every managed policy in rolesim can be attached",
    "UpdateDate": "rolesim's world has no modification times",
}
SLR_PATH = "/aws-service-role/"
VERSION_ID = re.compile(r"^v[1-9][0-9]*$")
"""A managed policy version's ID, as the scenario's `versions` take it (model.py)."""


def document_text(document: dict[str, Any]) -> str:
    """A policy document as compact JSON text (the format accepts a JSON string)."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


class Mapper:
    """Turns exports into scenario data, filling in the summary as it goes."""

    def __init__(self, exports: list[Export], summary: Summary) -> None:
        self.exports = exports
        self.summary = summary
        self.groups_by_name: dict[tuple[str, str], str] = {}
        self.policy_arns: set[str] = set()
        self.data: Data = {k: [] for k in ("accounts", "policies", "users", "groups", "roles",
                                           "instance_profiles", "providers", "resources")}
        self.accounts: dict[str, list[str]] = {}
        """account ID -> the files it came from."""
        self._seen: set[str] = set()
        self._profiles: set[str] = set()
        self._trust_of_current = ("", "")
        self.origins = Origins()
        """Where in which export each scenario entry and key came from (importer/origins)."""

    # ---------------------------------------------------------------------------------- run

    def run(self) -> Data:
        for export in self.exports:
            self.note_unknown(export)
            accounts = self.scan(export)
            self.summary.sources.append({"file": export.file, "shape": "?",
                                         "accounts": sorted(accounts)})
        for export in self.exports:
            self.policies(export)
        for export in self.exports:
            for i, item in enumerate(export.items("GroupDetailList")):
                self.group(export, item, f"$.GroupDetailList[{i}]")
            for i, item in enumerate(export.items("UserDetailList")):
                self.user(export, item, f"$.UserDetailList[{i}]")
            for i, item in enumerate(export.items("RoleDetailList")):
                self.role(export, item, f"$.RoleDetailList[{i}]")
        for source, export in zip(self.summary.sources, self.exports, strict=True):
            source["shape"] = export.shape
        self.data["accounts"] = [{"id": a} for a in sorted(self.accounts)]
        self.summary.counts["accounts"] = len(self.accounts)
        self.summary.defaults.append(
            "users: mfa = false (the export does not say which users have an MFA device; "
            "give a user mfa = true to sign in with MFA)")
        return self.data

    def note_unknown(self, export: Export) -> None:
        for key in export.data:
            if key not in TOP_LEVEL:
                self.summary.ignored_fields.add(f"$.{key}")
        for list_key, known in KNOWN_FIELDS.items():
            for item in export.items(list_key):
                for key in item:
                    if key not in known:
                        self.summary.ignored_fields.add(f"{list_key}[].{key}")
                    elif key in NOT_KEPT:
                        self.summary.skip(f"{list_key}[].{key}", NOT_KEPT[key])

    def scan(self, export: Export) -> set[str]:
        """Accounts named by the export's entities, and its groups by (account, name)."""
        found: set[str] = set()
        for key in ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"):
            for i, item in enumerate(export.items(key)):
                arn = text_field(export, item, "Arn", f"$.{key}[{i}]")
                account = _account(export, arn, f"$.{key}[{i}].Arn")
                if account != "aws":
                    found.add(account)
                    self.accounts.setdefault(account, []).append(export.file)
                    self.origins.account(account, export.file, f"$.{key}[{i}].Arn")
                if key == "GroupDetailList":
                    name = text_field(export, item, "GroupName", f"$.{key}[{i}]")
                    self.groups_by_name[(account, name)] = arn
        return found

    # ---------------------------------------------------------------------------- policies

    def policies(self, export: Export) -> None:
        from rolesim.core.managed import aws_managed_document

        for i, item in enumerate(export.items("Policies")):
            path = f"$.Policies[{i}]"
            arn = text_field(export, item, "Arn", path)
            versions = item.get("PolicyVersionList") or []
            if not isinstance(versions, list):
                raise ImportProblem(export.file, f"{path}.PolicyVersionList", "must be a list")
            default = None
            for j, version in enumerate(versions):
                if not isinstance(version, dict):
                    raise ImportProblem(export.file, f"{path}.PolicyVersionList[{j}]",
                                        "must be an object")
                if version.get("IsDefaultVersion") is True:
                    default = (j, version)
            if default is None:
                raise ImportProblem(export.file, f"{path}.PolicyVersionList",
                                    "no version has IsDefaultVersion true")
            j, version = default
            vid = version.get("VersionId")
            if vid is not None and not (isinstance(vid, str) and VERSION_ID.match(vid)):
                raise ImportProblem(export.file, f"{path}.PolicyVersionList[{j}].VersionId",
                                    f'must be a version ID such as "v1", not {json.dumps(vid)}')
            document = export.document(version.get("Document"),
                                       f"{path}.PolicyVersionList[{j}].Document")
            if arn in self.policy_arns:
                self.summary.skip("managed policies listed again", "the same ARN in another "
                                  "export; the first one is kept")
                continue
            self.policy_arns.add(arn)
            if arn.startswith("arn:aws:iam::aws:"):
                shipped = aws_managed_document(arn)
                if shipped == document:
                    self.summary.counts["AWS managed policies (as shipped)"] += 1
                    continue
                if shipped is not None:
                    self.summary.differs_from_shipped.append(arn)
                self.summary.counts["AWS managed policies (export's document)"] += 1
            else:
                self.summary.counts["customer managed policies"] += 1
            entry: Data = {"arn": arn, "document": document_text(document)}
            self.origins.entry("policies", len(self.data["policies"]), export.file, path,
                               f"managed policy {arn}", {
                                   "arn": "Arn", "description": "Description",
                                   "document": f"PolicyVersionList[{j}].Document",
                                   "default_version": f"PolicyVersionList[{j}].VersionId"})
            description = item.get("Description")
            if isinstance(description, str) and description:
                entry["description"] = description
            self.stored_versions(export, entry, versions, j, path)
            self.data["policies"].append(entry)

    def stored_versions(self, export: Export, entry: Data, versions: list[Data], default: int,
                        path: str) -> None:
        """A customer managed policy's other stored versions, as `versions` and
        `default_version`: not in force, but iam:SetDefaultPolicyVersion puts one in force,
        so `rolesim paths` needs them (docs/paths.md). AWS managed policies' are AWS's."""
        others = [(k, v) for k, v in enumerate(versions) if k != default]
        if not others:
            return
        if entry["arn"].startswith("arn:aws:iam::aws:"):
            self.summary.skip("non-default versions of AWS managed policies", "only AWS "
                              "chooses which version of its own policies is in force",
                              len(others))
            return
        from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
        from rolesim.core.policy.parse import parse_policy

        stored: list[Data] = []
        for k, version in [(default, versions[default]), *others]:
            where = f"{path}.PolicyVersionList[{k}]"
            vid = version.get("VersionId")
            if not isinstance(vid, str) or not VERSION_ID.match(vid):
                raise ImportProblem(export.file, f"{where}.VersionId",
                                    f'must be a version ID such as "v1", not {json.dumps(vid)}')
            if k == default:
                entry["default_version"] = vid
                continue
            text = document_text(export.document(version.get("Document"), f"{where}.Document"))
            try:
                parse_policy(text, PolicyType.IDENTITY)
            except MalformedPolicyDocument:
                self.summary.skip("policy versions that do not parse", "a stored version "
                                  "rolesim's parser refuses (it is not in force)")
                continue
            self.origins.item(f"versions#{len(stored)}", f"{where}.Document")
            stored.append({"id": vid, "document": text})
        if stored:
            entry["versions"] = stored
            self.summary.counts["stored policy versions (not in force)"] += len(stored)
        else:
            del entry["default_version"]

    def attached(self, export: Export, item: Data, path: str, owner: str) -> list[str]:
        from rolesim.core.managed import managed_name

        out: list[str] = []
        for j, ref in enumerate(export.objects(item, "AttachedManagedPolicies", path)):
            arn = text_field(export, ref, "PolicyArn", f"{path}.AttachedManagedPolicies[{j}]")
            if self.known_policy(arn, owner, managed_name):
                out.append(arn)
        return out

    def known_policy(self, arn: str, owner: str, managed_name: Any) -> bool:
        if arn in self.policy_arns or (arn.startswith("arn:aws:iam::aws:")
                                       and managed_name(arn)):
            return True
        self.summary.missing.append({"kind": "managed policy", "name": arn, "by": owner})
        return False

    def inline(self, export: Export, item: Data, key: str, path: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for j, entry in enumerate(export.objects(item, key, path)):
            where = f"{path}.{key}[{j}]"
            name = text_field(export, entry, "PolicyName", where)
            self.origins.item(f"inline#{len(out)}", f"{where}.PolicyDocument")
            out[name] = document_text(export.document(entry.get("PolicyDocument"),
                                                      f"{where}.PolicyDocument"))
        self.summary.counts["inline policies"] += len(out)
        return out

    def boundary(self, export: Export, item: Data, path: str, owner: str) -> str | None:
        from rolesim.core.managed import managed_name

        value = item.get("PermissionsBoundary")
        if not value:
            return None
        arn = text_field(export, value, "PermissionsBoundaryArn", f"{path}.PermissionsBoundary")
        return arn if self.known_policy(arn, owner, managed_name) else None

    # ------------------------------------------------------------------------------ entities

    def first(self, arn: str, kind: str) -> bool:
        if arn in self._seen:
            self.summary.skip(f"{kind}s listed again", "the same ARN in another export; the "
                              "first one is kept")
            return False
        self._seen.add(arn)
        return True

    def group(self, export: Export, item: Data, path: str) -> None:
        arn = text_field(export, item, "Arn", path)
        if not self.first(arn, "group"):
            return
        entry: Data = {"arn": arn}
        self.origins.entry("groups", len(self.data["groups"]), export.file, path,
                           f"group {arn}", {"arn": "Arn", "id": "GroupId",
                                            "policies": "AttachedManagedPolicies"})
        gid = item.get("GroupId")
        if isinstance(gid, str) and gid:
            entry["id"] = gid
        entry["policies"] = self.attached(export, item, path, arn)
        entry["inline"] = self.inline(export, item, "GroupPolicyList", path)
        self.data["groups"].append(_compact(entry))
        self.summary.counts["groups"] += 1

    def user(self, export: Export, item: Data, path: str) -> None:
        arn = text_field(export, item, "Arn", path)
        if not self.first(arn, "user"):
            return
        account = _account(export, arn, f"{path}.Arn")
        entry: Data = {"arn": arn}
        self.origins.entry("users", len(self.data["users"]), export.file, path, f"user {arn}",
                           {"arn": "Arn", "id": "UserId", "groups": "GroupList",
                            "policies": "AttachedManagedPolicies", "tags": "Tags",
                            "boundary": "PermissionsBoundary"})
        uid = item.get("UserId")
        if isinstance(uid, str) and uid:
            entry["id"] = uid
        groups = []
        names = item.get("GroupList") or []
        if not isinstance(names, list):
            raise ImportProblem(export.file, f"{path}.GroupList", "must be a list of group names")
        for j, name in enumerate(names):
            if not isinstance(name, str):
                raise ImportProblem(export.file, f"{path}.GroupList[{j}]", "must be a group name")
            group_arn = self.groups_by_name.get((account, name))
            if group_arn is None:
                self.summary.missing.append({"kind": "group", "name": name, "by": arn})
            else:
                groups.append(group_arn)
        entry["groups"] = groups
        entry["policies"] = self.attached(export, item, path, arn)
        entry["inline"] = self.inline(export, item, "UserPolicyList", path)
        entry["boundary"] = self.boundary(export, item, path, arn)
        entry["tags"] = _tags(export, item, path)
        self.data["users"].append(_compact(entry))
        self.summary.counts["users"] += 1

    def role(self, export: Export, item: Data, path: str) -> None:
        arn = text_field(export, item, "Arn", path)
        if not self.first(arn, "role"):
            return
        entry: Data = {"arn": arn}
        self.origins.entry("roles", len(self.data["roles"]), export.file, path, f"role {arn}",
                           {"arn": "Arn", "id": "RoleId", "trust": "AssumeRolePolicyDocument",
                            "policies": "AttachedManagedPolicies", "tags": "Tags",
                            "boundary": "PermissionsBoundary", "description": "Description",
                            "max_session_duration": "MaxSessionDuration"})
        rid = item.get("RoleId")
        if isinstance(rid, str) and rid:
            entry["id"] = rid
        trust = export.document(item.get("AssumeRolePolicyDocument"),
                                f"{path}.AssumeRolePolicyDocument")
        entry["trust"] = document_text(trust)
        self._trust_of_current = (export.file, f"{path}.AssumeRolePolicyDocument")
        self.infer_providers(trust, arn)
        entry["policies"] = self.attached(export, item, path, arn)
        entry["inline"] = self.inline(export, item, "RolePolicyList", path)
        role_path = text_field(export, item, "Path", path, required=False)
        service_linked = role_path.startswith(SLR_PATH) or f":role{SLR_PATH}" in arn
        boundary = self.boundary(export, item, path, arn)
        if boundary and service_linked:
            self.summary.skip("boundaries on service-linked roles", "a service-linked role "
                              "cannot have a permissions boundary (SLR-03)")
        elif boundary:
            entry["boundary"] = boundary
        entry["tags"] = _tags(export, item, path)
        duration = item.get("MaxSessionDuration")
        if isinstance(duration, int) and not isinstance(duration, bool):
            if 3600 <= duration <= 43200:
                entry["max_session_duration"] = duration
            else:
                self.summary.skip("MaxSessionDuration", f"{duration} is outside 3600..43200")
        else:
            self.summary.counts["_roles without MaxSessionDuration"] += 1
        description = item.get("Description")
        if isinstance(description, str) and description:
            entry["description"] = description
        self.data["roles"].append(_compact(entry))
        self.summary.counts["service-linked roles" if service_linked else "roles"] += 1
        for j, profile in enumerate(export.objects(item, "InstanceProfileList", path)):
            self.profile(export, profile, f"{path}.InstanceProfileList[{j}]", arn)

    def profile(self, export: Export, item: Data, path: str, role: str) -> None:
        arn = text_field(export, item, "Arn", path)
        if arn in self._profiles:
            return
        self._profiles.add(arn)
        self.origins.entry("instance_profiles", len(self.data["instance_profiles"]),
                           export.file, path, f"instance profile {arn}", {"arn": "Arn"})
        self.data["instance_profiles"].append({"arn": arn, "role": role})
        self.summary.counts["instance profiles"] += 1

    # ------------------------------------------------------------------------------ providers

    def infer_providers(self, trust: Data, role: str) -> None:
        """SAML and OIDC providers are not in the export: every `Federated` provider ARN a
        trust policy names becomes one, with the audiences its `:aud` conditions allow."""
        for statement in _statements(trust):
            principal = statement.get("Principal")
            if not isinstance(principal, dict):
                continue
            for arn in _strings(principal.get("Federated")):
                if not arn.startswith("arn:") or not (":saml-provider/" in arn
                                                      or ":oidc-provider/" in arn):
                    continue
                audiences = _audiences(statement, arn) if ":oidc-provider/" in arn else []
                self.add_provider(arn, audiences, role)

    def add_provider(self, arn: str, audiences: list[str], role: str) -> None:
        for entry in self.data["providers"]:
            if entry["arn"] == arn:
                for aud in audiences:
                    if aud not in entry["audiences"]:
                        entry["audiences"].append(aud)
                return
        file, trust = self._trust_of_current
        self.origins.entry("providers", len(self.data["providers"]), file, trust,
                           f"identity provider {arn} (inferred from the trust policy of {role})",
                           {})
        self.data["providers"].append({"arn": arn, "audiences": list(audiences)})
        kind = "SAML provider" if ":saml-provider/" in arn else "OIDC provider"
        why = f"named as a Federated principal by the trust policy of {role}"
        if audiences:
            why += f"; audiences from its :aud condition ({', '.join(audiences)})"
        self.summary.inferred.append({"kind": kind, "arn": arn, "why": why})
        self.summary.counts["identity providers (inferred)"] += 1

    def finish(self) -> None:
        """Drop empty provider audience lists, count what kept a default."""
        for entry in self.data["providers"]:
            if not entry["audiences"]:
                del entry["audiences"]
        missing = self.summary.counts.pop("_roles without MaxSessionDuration", 0)
        if missing:
            self.summary.defaults.append(
                f"roles: max_session_duration = 3600 for {counted(missing, 'role')} (the export's "
                f"RoleDetailList does not carry MaxSessionDuration)")


def _account(export: Export, arn: str, path: str) -> str:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam":
        raise ImportProblem(export.file, path, f'not an IAM ARN: "{arn}"')
    return parts[4]


def _tags(export: Export, item: Data, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for j, tag in enumerate(export.objects(item, "Tags", path)):
        key = text_field(export, tag, "Key", f"{path}.Tags[{j}]")
        out[key] = text_field(export, tag, "Value", f"{path}.Tags[{j}]", required=False)
    return out


def _compact(entry: Data) -> Data:
    return {k: v for k, v in entry.items() if v not in (None, [], {})}


def _statements(document: Data) -> list[Data]:
    statements = document.get("Statement")
    if isinstance(statements, dict):
        return [statements]
    return [s for s in statements if isinstance(s, dict)] if isinstance(statements, list) else []


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _audiences(statement: Data, provider_arn: str) -> list[str]:
    """Values of `<issuer>:aud` conditions (any operator) for an OIDC provider."""
    issuer = provider_arn.split(":oidc-provider/", 1)[1].lower()
    found: list[str] = []
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return found
    for block in condition.values():
        if not isinstance(block, dict):
            continue
        for key, values in block.items():
            if isinstance(key, str) and key.lower() == f"{issuer}:aud":
                for value in _strings(values):
                    if value not in found and not any(c in value for c in "*?"):
                        found.append(value)
    return found
