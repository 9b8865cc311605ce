"""Build the simulator's `World` from a checked `Scenario`, or say why the file cannot be run.

Everything the world refers to must exist (groups, managed policies, boundaries, an instance
profile's role): AWS managed policies named but not defined come from rolesim.core.managed
(every AWS managed policy, vendored). Names are
unique per account case-insensitively (ID-14), a service-linked role has no boundary (SLR-03),
and every policy document in the world must parse: otherwise `ScenarioError`, naming the file,
line and key path (and the path inside the document) of each problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from rolesim.core.arn import ACCOUNT_ID, Arn, ArnError
from rolesim.core.policy.model import MalformedPolicyDocument, Policy, PolicyType
from rolesim.core.world import (
    MAX_POLICY_VERSIONS,
    Account,
    Function,
    Group,
    Instance,
    InstanceProfile,
    ManagedPolicy,
    Provider,
    Resource,
    Role,
    User,
    World,
    unique_id,
)
from rolesim.scenario.errors import Problem, ScenarioError, format_path
from rolesim.scenario.locate import Locator
from rolesim.scenario.model import AccountSpec, PolicyDocument, Scenario, SignInStep

Path = tuple[str | int, ...]
_DOC_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_FUNCTION_ARN = re.compile(r"^arn:aws:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:"
                           r"[A-Za-z0-9_-]{1,64}$")


def build_world(scenario: Scenario) -> World:
    """The world the scenario describes; `ScenarioError` listing every problem found."""
    builder = _Builder(scenario)
    world = builder.build()
    if builder.problems:
        raise ScenarioError(sorted(builder.problems, key=lambda p: (p.line or 0, p.key_path)))
    return world


def parse_document(document: PolicyDocument, kind: PolicyType) -> Policy:
    """Parse a policy as written in a scenario (a table or JSON text)."""
    from rolesim.core.policy.parse import parse_policy

    return parse_policy(document, kind)


def _table_key(document: Mapping[str, Any]) -> str:
    """A document written as a TOML table, as text to compare: `repr` keeps key order and the
    types apart (`1` and `"1"` differ), as the parser does."""
    return repr(document)


class _Builder:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        source = scenario.source
        self.filename = source.filename if source else "<scenario>"
        self.locator = Locator(source.text) if source else None
        self.problems: list[Problem] = []
        self.world = World()
        self._names: dict[tuple[str, str, str], Path] = {}
        self._ids: dict[str, Path] = {}
        self._parsed: dict[tuple[PolicyType, str], Policy] = {}
        from rolesim.scenario.world_checks import arn_problem

        self._arn_problem = arn_problem  # asked once per ARN of the world

    # ------------------------------------------------------------------------------- reporting

    def problem(self, path: Path, message: str) -> None:
        line = self.locator.line(path) if self.locator else None
        self.problems.append(Problem(self.filename, line, format_path(path), message))

    def parse(self, document: PolicyDocument, kind: PolicyType, path: Path) -> Policy | None:
        """Each distinct document is parsed once: real accounts repeat documents word for
        word, and the repeats share one (immutable) Policy and so one compiled form."""
        memo = (kind, document if isinstance(document, str) else _table_key(document))
        found = self._parsed.get(memo)
        if found is not None:
            return found
        try:
            found = parse_document(document, kind)
            self._parsed[memo] = found
            return found
        except MalformedPolicyDocument as exc:
            inner = _doc_path(exc.path) if isinstance(document, Mapping) else ()
            where = (*path, *inner)
            line = self.locator.line(where) if self.locator else None
            key = format_path(path)
            if exc.path:
                key += exc.path if exc.path.startswith("[") else f".{exc.path}"
            self.problems.append(Problem(self.filename, line, key, exc.message))
        except Exception as exc:  # a parser bug must still not become a traceback
            self.problem(path, f"cannot read this policy document: {exc}")
        return None

    def arn(self, text: str, path: Path, kinds: Sequence[str], what: str) -> Arn | None:
        """Parse an IAM ARN of one of `kinds` (`user`, `role`, ...) or report it."""
        try:
            arn = Arn.parse(text)
        except ArnError:
            self.problem(path, f'not an ARN: "{text}" (expected {what})')
            return None
        if arn.service != "iam" or arn.resource_type not in kinds or not (
            ACCOUNT_ID.match(arn.account) or (arn.account == "aws" and "policy" in kinds)
        ):
            self.problem(path, f'"{text}" is not {what}')
            return None
        return self.named_by_iam_rules(text, path, arn)

    def named_by_iam_rules(self, text: str, path: Path, arn: Arn) -> Arn | None:
        problem = self._arn_problem(text)
        if problem is not None:
            self.problem(path, problem)
            return None
        return arn

    def unique_name(self, kind: str, arn: Arn, path: Path) -> None:
        key = (arn.account, kind, arn.name.lower())
        if key in self._names:
            first = format_path(self._names[key])
            self.problem(path, f'a {kind} named "{arn.name}" already exists in account '
                               f"{arn.account} ({first}); names are unique regardless of case "
                               f"(ID-14)")
        else:
            self._names[key] = path

    def account(self, account_id: str) -> None:
        if account_id and account_id not in self.world.accounts:
            self.world.accounts[account_id] = Account(id=account_id)

    # ---------------------------------------------------------------------------------- build

    def build(self) -> World:
        s = self.scenario
        self.accounts()
        self.managed_policies()
        for i, g in enumerate(s.groups):
            self.group(i, g.arn, g.policies, g.inline, g.id)
        for i, u in enumerate(s.users):
            self.user(i, u)
        for i, r in enumerate(s.roles):
            self.role(i, r)
        self.instance_profiles()
        self.functions()
        self.instances()
        self.providers()
        self.resources()
        self.check_principals()
        self.bind_principals()
        self.check_steps()
        self.check_quotas()
        return self.world

    def check_quotas(self) -> None:
        from rolesim.scenario.world_checks import quota_problems

        for path, message in quota_problems(self.scenario, self.world):
            self.problem(path, message)

    def accounts(self) -> None:
        for i, spec in enumerate(self.scenario.accounts):
            path: Path = ("accounts", i)
            if spec.id in self.world.accounts:
                self.problem((*path, "id"), f"account {spec.id} is listed twice")
                continue
            scps = None
            if spec.scps is not None:
                parsed = [self.parse(doc, PolicyType.SCP, (*path, "scps", j))
                          for j, doc in enumerate(spec.scps)]
                scps = [p for p in parsed if p is not None]
            account = Account(spec.id, spec.name, scps, spec.management)
            self.scp_names(account, -1, spec.scp_names, spec.scps, path)
            if spec.scp_levels is not None:
                account.scp_levels = self.scp_levels(spec, path)
                for k, level in enumerate(spec.scp_levels):
                    self.scp_names(account, k, level.scp_names, level.scps,
                                   (*path, "scp_levels", k))
            self.world.accounts[spec.id] = account

    def scp_names(self, account: Account, level: int, names: list[str] | None,
                  scps: Sequence[object] | None, path: Path) -> None:
        """`scp_names` name the SCPs of `scps` in order, never more of them than there are."""
        if not names:
            return
        if len(names) > len(scps or ()):
            self.problem((*path, "scp_names"), f"names {len(names)} SCPs, but scps holds "
                         f"{len(scps or ())}: one name per SCP, in the same order")
            return
        account.scp_names.update({(level, j): n for j, n in enumerate(names) if n})

    def scp_levels(self, spec: AccountSpec, path: Path) -> list[tuple[str, list[Policy]]]:
        """The levels above the account (ORG-02). AWS keeps at least one SCP attached to the
        root, to every OU and to every account, so an empty level is a mistake here."""
        if not spec.scps:
            self.problem((*path, "scps"), "scp_levels is given, so scps (the SCPs attached to "
                         "the account itself, the last level) must hold at least one policy: "
                         "AWS keeps at least one SCP attached to every account (ORG-02)")
        levels: list[tuple[str, list[Policy]]] = []
        assert spec.scp_levels is not None
        for k, level in enumerate(spec.scp_levels):
            where = (*path, "scp_levels", k)
            if not level.scps:
                self.problem((*where, "scps"), "a level holds at least one SCP: AWS keeps one "
                             "attached to the root and to every OU (ORG-02)")
            parsed = [self.parse(doc, PolicyType.SCP, (*where, "scps", j))
                      for j, doc in enumerate(level.scps)]
            levels.append((level.label(k), [p for p in parsed if p is not None]))
        return levels

    def managed_policies(self) -> None:
        for i, spec in enumerate(self.scenario.policies):
            path: Path = ("policies", i)
            arn = self.arn(spec.arn, (*path, "arn"), ("policy",), "a managed policy ARN "
                           "(arn:aws:iam::ACCOUNT:policy/NAME or arn:aws:iam::aws:policy/NAME)")
            if arn is None:
                continue
            if spec.arn in self.world.policies:
                self.problem((*path, "arn"), f'policy "{spec.arn}" is defined twice')
                continue
            self.account(arn.account if arn.account != "aws" else "")
            document = self.parse(spec.document, PolicyType.IDENTITY, (*path, "document"))
            if document is not None:
                policy = ManagedPolicy(spec.arn, document, spec.description)
                self.versions(spec, policy, arn, path)
                self.world.policies[spec.arn] = policy

    def versions(self, spec: Any, policy: ManagedPolicy, arn: Arn, path: Path) -> None:
        """`versions` and `default_version`: the stored versions of a customer managed policy.
        `document` is the default's; a listed version with the default's ID must hold it."""
        if spec.versions is None and spec.default_version is None:
            return
        if arn.account == "aws":
            key = "versions" if spec.versions is not None else "default_version"
            self.problem((*path, key), "only a customer managed policy may list versions here "
                                       "(an AWS managed policy is AWS's own, at its default)")
            return
        default = spec.default_version or "v1"
        stored: dict[str, Policy] = {}
        for j, version in enumerate(spec.versions or []):
            where = (*path, "versions", j)
            if version.id in stored:
                self.problem((*where, "id"), f'version "{version.id}" is listed twice')
                continue
            parsed = self.parse(version.document, PolicyType.IDENTITY, (*where, "document"))
            if parsed is None:
                continue
            if version.id == default and parsed.raw != policy.document.raw:
                self.problem((*where, "document"), f'"{default}" is the default version, so '
                             f"its document must be the policy's document (or leave it out of "
                             f"versions)")
                continue
            stored[version.id] = parsed
        stored[default] = policy.document
        if len(stored) > MAX_POLICY_VERSIONS:
            self.problem((*path, "versions"), f"LimitExceeded: a managed policy stores at most "
                         f"{MAX_POLICY_VERSIONS} versions, this one {len(stored)} (QT-03)")
            return
        policy.versions = dict(sorted(stored.items(), key=lambda kv: int(kv[0][1:])))
        policy.default_version = default

    def managed(self, policy_arn: str, path: Path) -> bool:
        """Make sure a referenced managed policy exists (defined, or shipped AWS managed)."""
        if policy_arn in self.world.policies:
            return True
        if any(p.arn == policy_arn for p in self.scenario.policies):
            return True  # defined but broken: already reported
        try:
            arn = Arn.parse(policy_arn)
        except ArnError:
            self.problem(path, f'not an ARN: "{policy_arn}" (expected a managed policy ARN)')
            return False
        if arn.account == "aws" and arn.resource_type == "policy":
            from rolesim.core.managed import aws_managed_policy, suggest_managed

            document = aws_managed_policy(policy_arn)
            if document is None:
                close = suggest_managed(policy_arn)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.problem(path, f'"{policy_arn}" is not an AWS managed policy{hint}; '
                                   f"to use a policy of your own, define it under [[policies]]")
                return False
            self.world.policies[policy_arn] = ManagedPolicy(policy_arn, document)
            return True
        self.problem(path, f'managed policy "{policy_arn}" is not defined in [[policies]]')
        return False

    def attachments(self, policies: list[str], path: Path) -> list[str]:
        return [p for j, p in enumerate(policies) if self.managed(p, (*path, "policies", j))]

    def inline(self, documents: dict[str, PolicyDocument], path: Path) -> dict[str, Policy]:
        out: dict[str, Policy] = {}
        for name, doc in documents.items():
            parsed = self.parse(doc, PolicyType.IDENTITY, (*path, "inline", name))
            if parsed is not None:
                out[name] = parsed
        return out

    def boundary(self, boundary: str | None, path: Path) -> str | None:
        if boundary is None or boundary == "":
            return None
        return boundary if self.managed(boundary, (*path, "boundary")) else None

    def entity_id(self, given: str | None, prefix: str, arn: str, path: Path) -> str:
        """The entity's own unique ID when the file gives one (an import keeps the real IDs),
        else the derived one; two entities never share an ID."""
        if given is None:
            return unique_id(prefix, arn)
        if given in self._ids:
            self.problem((*path, "id"), f'unique ID "{given}" is already used by '
                                        f"{format_path(self._ids[given])}")
        else:
            self._ids[given] = path
        return given

    def group(self, i: int, arn_text: str, policies: list[str],
              inline: dict[str, PolicyDocument], given_id: str | None = None) -> None:
        path: Path = ("groups", i)
        arn = self.arn(arn_text, (*path, "arn"), ("group",), "a group ARN "
                       "(arn:aws:iam::ACCOUNT:group/NAME)")
        if arn is None:
            return
        self.unique_name("group", arn, (*path, "arn"))
        self.account(arn.account)
        self.world.groups[arn_text] = Group(
            arn=arn_text, unique_id=self.entity_id(given_id, "AGPA", arn_text, path),
            policies=self.attachments(policies, path), inline=self.inline(inline, path))

    def user(self, i: int, spec: Any) -> None:
        path: Path = ("users", i)
        arn = self.arn(spec.arn, (*path, "arn"), ("user",), "a user ARN "
                       "(arn:aws:iam::ACCOUNT:user/NAME)")
        if arn is None:
            return
        self.unique_name("user", arn, (*path, "arn"))
        self.account(arn.account)
        for j, group in enumerate(spec.groups):
            if group not in self.world.groups and not any(g.arn == group
                                                          for g in self.scenario.groups):
                self.problem((*path, "groups", j), f'group "{group}" is not defined in [[groups]]')
        self.world.users[spec.arn] = User(
            arn=spec.arn, unique_id=self.entity_id(spec.id, "AIDA", spec.arn, path),
            policies=self.attachments(spec.policies, path), inline=self.inline(spec.inline, path),
            groups=[g for g in spec.groups if g in self.world.groups],
            boundary=self.boundary(spec.boundary, path), tags=dict(spec.tags), mfa=spec.mfa,
            access_key=spec.access_key, login_profile=spec.login_profile)

    def role(self, i: int, spec: Any) -> None:
        path: Path = ("roles", i)
        arn = self.arn(spec.arn, (*path, "arn"), ("role",), "a role ARN "
                       "(arn:aws:iam::ACCOUNT:role/NAME)")
        if arn is None:
            return
        self.unique_name("role", arn, (*path, "arn"))
        self.account(arn.account)
        trust = self.parse(spec.trust, PolicyType.TRUST, (*path, "trust"))
        role = Role(
            arn=spec.arn, unique_id=self.entity_id(spec.id, "AROA", spec.arn, path),
            policies=self.attachments(spec.policies, path), inline=self.inline(spec.inline, path),
            trust=trust, boundary=None, tags=dict(spec.tags),
            max_session_duration=spec.max_session_duration, description=spec.description)
        if spec.boundary and role.service_linked:
            self.problem((*path, "boundary"), "a service-linked role cannot have a permissions "
                                              "boundary (SLR-03)")
        else:
            role.boundary = self.boundary(spec.boundary, path)
        self.world.roles[spec.arn] = role

    def instance_profiles(self) -> None:
        for i, spec in enumerate(self.scenario.instance_profiles):
            path: Path = ("instance_profiles", i)
            arn = self.arn(spec.arn, (*path, "arn"), ("instance-profile",),
                           "an instance profile ARN (arn:aws:iam::ACCOUNT:instance-profile/NAME)")
            if arn is None:
                continue
            self.unique_name("instance profile", arn, (*path, "arn"))
            if spec.role not in self.world.roles:
                if not any(r.arn == spec.role for r in self.scenario.roles):
                    self.problem((*path, "role"), f'role "{spec.role}" is not defined in [[roles]]')
                continue
            self.world.instance_profiles[spec.arn] = InstanceProfile(spec.arn, spec.role)

    def functions(self) -> None:
        for i, spec in enumerate(self.scenario.functions):
            path: Path = ("functions", i)
            if not _FUNCTION_ARN.match(spec.arn):
                self.problem((*path, "arn"), f'"{spec.arn}" is not a function ARN '
                             f"(arn:aws:lambda:REGION:ACCOUNT:function:NAME)")
                continue
            if spec.arn in self.world.functions:
                self.problem((*path, "arn"), f'function "{spec.arn}" is defined twice')
                continue
            if not self.role_defined(spec.role, (*path, "role")):
                continue
            self.account(Arn.parse(spec.arn).account)
            self.world.functions[spec.arn] = Function(spec.arn, spec.role)

    def role_defined(self, role: str, path: Path) -> bool:
        """A reference to a role: reported unless [[roles]] defines it."""
        if role in self.world.roles:
            return True
        if not any(r.arn == role for r in self.scenario.roles):
            self.problem(path, f'role "{role}" is not defined in [[roles]]')
        return False

    def instances(self) -> None:
        for i, spec in enumerate(self.scenario.instances):
            path: Path = ("instances", i)
            if spec.id in self.world.instances:
                self.problem((*path, "id"), f'instance "{spec.id}" is listed twice')
                continue
            if spec.instance_profile not in self.world.instance_profiles:
                if not any(p.arn == spec.instance_profile
                           for p in self.scenario.instance_profiles):
                    self.problem((*path, "instance_profile"), f'instance profile '
                                 f'"{spec.instance_profile}" is not defined in '
                                 f"[[instance_profiles]]")
                continue
            profile_account = Arn.parse(spec.instance_profile).account
            if profile_account != spec.account:
                self.problem((*path, "instance_profile"), f"the instance profile is in account "
                             f"{profile_account}, the instance in {spec.account}: an instance "
                             f"is launched with a profile of its own account")
                continue
            self.account(spec.account)
            self.world.instances[spec.id] = Instance(spec.id, spec.account,
                                                     spec.instance_profile, spec.region)

    def providers(self) -> None:
        for i, spec in enumerate(self.scenario.providers):
            path: Path = ("providers", i)
            arn = self.arn(spec.arn, (*path, "arn"), ("saml-provider", "oidc-provider"),
                           "a provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME or "
                           "arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH)")
            if arn is None:
                continue
            if spec.arn in self.world.providers:
                self.problem((*path, "arn"), f'provider "{spec.arn}" is defined twice')
                continue
            self.account(arn.account)
            self.world.providers[spec.arn] = Provider(spec.arn, list(spec.audiences))

    def resources(self) -> None:
        for i, spec in enumerate(self.scenario.resources):
            path: Path = ("resources", i)
            try:
                arn = self.named_by_iam_rules(spec.arn, (*path, "arn"), Arn.parse(spec.arn))
            except ArnError:
                self.problem((*path, "arn"), f'not an ARN: "{spec.arn}"')
                continue
            if arn is None:
                continue
            account = spec.account or arn.account
            if spec.account is not None and not ACCOUNT_ID.match(spec.account):
                self.problem((*path, "account"), f'must be 12 digits, not "{spec.account}"')
                continue
            if not ACCOUNT_ID.match(account):
                self.problem((*path, "account"), "required: the ARN names no account, so say "
                                                 "which account owns this resource")
                continue
            if spec.arn in self.world.resources:
                self.problem((*path, "arn"), f'resource "{spec.arn}" is listed twice')
                continue
            policy = None
            if spec.policy is not None:
                policy = self.parse(spec.policy, PolicyType.RESOURCE, (*path, "policy"))
            self.account(account)
            self.world.resources[spec.arn] = Resource(spec.arn, account, policy,
                                                      tags=dict(spec.tags))

    def check_principals(self) -> None:
        """Principals a trust or resource policy names must exist when it is saved: a user or
        role in an account the file describes (TP-05), a SAML/OIDC provider ARN (the format's
        references). Principals in accounts the file does not describe are the outside world.
        A document many roles share is checked once (the world keeps it alive meanwhile)."""
        found: dict[tuple[int, bool], list[tuple[Path, str]]] = {}
        for i, spec in enumerate(self.scenario.roles):
            role = self.world.roles.get(spec.arn)
            if role is not None and role.trust is not None:
                self._principals_exist(role.trust, ("roles", i, "trust"), True, found)
        for i, res in enumerate(self.scenario.resources):
            entry = self.world.resources.get(res.arn)
            if entry is not None and entry.policy is not None:
                self._principals_exist(entry.policy, ("resources", i, "policy"), False, found)

    def _principals_exist(self, policy: Policy, path: Path, providers: bool,
                          found: dict[tuple[int, bool], list[tuple[Path, str]]]) -> None:
        key = (id(policy), providers)
        missing = found.get(key)
        if missing is None:
            missing = found[key] = list(self._missing_principals(policy, providers))
        for inner, message in missing:
            self.problem((*path, *inner), message)

    def _missing_principals(self, policy: Policy, providers: bool) -> Iterator[tuple[Path, str]]:
        """(path inside the document, message) of each principal that names nothing."""
        for statement in policy.statements:
            for element, spec in (("Principal", statement.principal),
                                  ("NotPrincipal", statement.not_principal)):
                if spec is None:
                    continue
                where = ("Statement", statement.index, element)
                for value in spec.values.get("AWS", ()):
                    if self._missing_entity(value):
                        yield ((*where, "AWS"), f'Invalid principal in policy: "AWS":'
                               f'"{value}" names no user or role of this file (TP-05)')
                for value in spec.values.get("Federated", ()) if providers else ():
                    if value.startswith("arn:") and value not in self.world.providers:
                        yield ((*where, "Federated"), f'provider "{value}" is not '
                               f"defined in [[providers]]")

    def _missing_entity(self, value: str) -> bool:
        try:
            arn = Arn.parse(value)
        except ArnError:
            return False
        if arn.service != "iam" or arn.resource_type not in ("user", "role") or any(
                c in value for c in "*?"):
            return False
        if arn.account not in self.world.accounts:
            return False  # an account the file does not describe
        known = self.world.users if arn.resource_type == "user" else self.world.roles
        return value not in known

    def bind_principals(self) -> None:
        """Trust and resource policies store the unique IDs of the principals they name (TP-06).
        A document many roles share is bound once; each gets its own copy."""
        bound: dict[int, dict[str, str]] = {}
        for role in self.world.roles.values():
            if role.trust is not None:
                role.trust_bindings = dict(self._bindings(role.trust, bound))
        for resource in self.world.resources.values():
            if resource.policy is not None:
                resource.policy_bindings = dict(self._bindings(resource.policy, bound))

    def _bindings(self, policy: Policy, bound: dict[int, dict[str, str]]) -> dict[str, str]:
        found = bound.get(id(policy))
        if found is None:
            found = bound[id(policy)] = self.world.bindings_for(policy)
        return found

    def check_steps(self) -> None:
        for i, step in enumerate(self.scenario.steps):
            if isinstance(step, SignInStep) and step.mfa:
                user = self.world.users.get(step.principal)
                if user is not None and not user.mfa:
                    self.problem(("steps", i, "mfa"), f'user "{step.principal}" has no MFA '
                                 f"device (give it mfa = true in [[users]]), so cannot sign in "
                                 f"with MFA")


def _doc_path(text: str) -> Path:
    """`Statement[0].Effect` -> ("Statement", 0, "Effect")."""
    out: list[str | int] = []
    for name, index in _DOC_PATH_PART.findall(text):
        out.append(int(index) if index else name)
    return tuple(out)
