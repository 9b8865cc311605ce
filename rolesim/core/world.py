"""The world model: accounts and everything in them, as the scenario file and the TUI build it.

Entities are keyed by their exact ARN. Unique IDs are deterministic (a hash of the ARN and how
many times the entity was created), carry the prefixes of ID-08, and change when an entity is
deleted and recreated (ID-09), which is what makes old trust-policy bindings stop matching.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from rolesim.core.arn import Arn, account_field
from rolesim.core.policy.model import Policy
from rolesim.core.words import account_label

SERVICE_LINKED_PATH = "/aws-service-role/"
ID_PREFIXES = {"user": "AIDA", "role": "AROA", "group": "AGPA", "policy": "ANPA",
               "instance-profile": "AIPA"}
"""Unique-ID prefix by IAM resource type (ID-08)."""
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_ID_LETTERS = bytes(ord(_ID_ALPHABET[b % 32]) for b in range(256))
"""Each byte value's letter (its value modulo 32), for `bytes.translate`: a world of 5,000
roles derives 5,000 IDs while it loads."""


def unique_id(prefix: str, arn: str, generation: int = 0) -> str:
    """A 21-character unique ID such as `AIDA...` (ID-08), stable for the same ARN and
    generation so that replays and snapshots are deterministic."""
    digest = hashlib.sha256(f"{arn}#{generation}".encode()).digest()
    return prefix + digest[:17].translate(_ID_LETTERS).decode("ascii")


@dataclass
class Account:
    id: str
    name: str = ""
    scps: list[Policy] | None = None
    management: bool = False
    org_id: str | None = None
    """The organization's ID (`o-...`) when the account is in one; None lets the simulator
    use a default for accounts that are (CK-02)."""
    scp_levels: list[tuple[str, list[Policy]]] | None = None
    """The SCPs attached above the account, from the organization root down through each OU
    on its path, with the level's name; `scps` are those attached to the account itself.
    Each level must allow a request (ORG-02). None: the account's own `scps` are the only
    level (the scenario format's `scps`)."""
    scp_names: dict[tuple[int, int], str] = field(default_factory=dict)
    """The names of the SCPs that have one (an Organizations policy name), by (level, place):
    level -1 is `scps`, 0.. the `scp_levels`; explanations name an SCP by it (`SCP
    deny-regions on account ...`), else by its place counted from 1."""

    @property
    def in_organization(self) -> bool:
        """Accounts with SCPs, and the management account, are in the organization."""
        return self.scps is not None or self.management or self.org_id is not None

    @property
    def label(self) -> str:
        return account_label(self.id, self.name)


MAX_POLICY_VERSIONS = 5
"""A managed policy stores at most five versions (QT-03)."""


@dataclass
class ManagedPolicy:
    """`document` is the default version's document, the one in force. `versions` holds every
    stored version by ID (`v1`...); empty means the single version `v1` holding `document`."""

    arn: str
    document: Policy
    description: str = ""
    versions: dict[str, Policy] = field(default_factory=dict)
    default_version: str = "v1"

    def stored_versions(self) -> dict[str, Policy]:
        """Every stored version, the default among them."""
        return dict(self.versions) if self.versions else {self.default_version: self.document}

    def next_version_id(self) -> str:
        """IAM numbers versions on and never reuses a number: one past the highest so far."""
        numbers = [int(v[1:]) for v in self.stored_versions() if v[1:].isdigit()]
        return f"v{max(numbers, default=0) + 1}"

    @property
    def aws_managed(self) -> bool:
        return Arn.parse(self.arn).account == "aws"

    @property
    def name(self) -> str:
        return Arn.parse(self.arn).name


@dataclass
class _Principal:
    arn: str
    unique_id: str
    policies: list[str] = field(default_factory=list)
    inline: dict[str, Policy] = field(default_factory=dict)
    generation: int = 0

    @property
    def name(self) -> str:
        return Arn.parse(self.arn).name

    @property
    def path(self) -> str:
        return Arn.parse(self.arn).path

    @property
    def account(self) -> str:
        return Arn.parse(self.arn).account


@dataclass
class Group(_Principal):
    pass


@dataclass
class User(_Principal):
    groups: list[str] = field(default_factory=list)
    boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    mfa: bool = False
    access_key: bool = False
    login_profile: bool = False
    access_keys: int = 0
    """How many access keys the user holds (at most 2, QT-07); `access_key` says it has one."""


@dataclass
class Role(_Principal):
    trust: Policy | None = None
    trust_bindings: dict[str, str] = field(default_factory=dict)
    boundary: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    max_session_duration: int = 3600
    description: str = ""

    @property
    def service_linked(self) -> bool:
        """Roles under `/aws-service-role/` are service-linked (SLR-01)."""
        return self.path.startswith(SERVICE_LINKED_PATH)


@dataclass
class InstanceProfile:
    arn: str
    role: str

    @property
    def account(self) -> str:
        return Arn.parse(self.arn).account


@dataclass
class Provider:
    arn: str
    audiences: list[str] = field(default_factory=list)

    @property
    def kind(self) -> Literal["saml", "oidc"]:
        return "saml" if Arn.parse(self.arn).resource.startswith("saml-provider/") else "oidc"

    @property
    def account(self) -> str:
        return Arn.parse(self.arn).account

    @property
    def issuer(self) -> str:
        """The OIDC issuer host and path (`token.actions.githubusercontent.com`), or the SAML
        provider's name."""
        return Arn.parse(self.arn).resource.split("/", 1)[1]


@dataclass
class Resource:
    arn: str
    account: str
    policy: Policy | None = None
    policy_bindings: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Function:
    """A Lambda function: whoever can invoke it acts as its role."""

    arn: str
    role: str
    code_by: str | None = None
    """Who last changed its code (UpdateFunctionCode by a caller), if anyone."""

    @property
    def account(self) -> str:
        return Arn.parse(self.arn).account

    @property
    def name(self) -> str:
        return self.arn.rsplit(":", 1)[-1]


@dataclass
class Instance:
    """A running EC2 instance and the instance profile it was launched with."""

    id: str
    account: str
    instance_profile: str
    region: str = "us-east-1"

    @property
    def arn(self) -> str:
        return f"arn:aws:ec2:{self.region}:{self.account}:instance/{self.id}"


@dataclass
class World:
    """Everything that exists. Mutated by world-changing steps and by the TUI's builder."""

    accounts: dict[str, Account] = field(default_factory=dict)
    policies: dict[str, ManagedPolicy] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    instance_profiles: dict[str, InstanceProfile] = field(default_factory=dict)
    providers: dict[str, Provider] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    """Keyed by instance ID (`i-...`)."""

    def entity_id(self, arn: str) -> str | None:
        """The current unique ID of the user or role with this exact ARN."""
        entity = self.users.get(arn) or self.roles.get(arn)
        return entity.unique_id if entity else None

    def bindings_for(self, policy: Policy) -> dict[str, str]:
        """What IAM stores when a policy naming users or roles is saved: ARN -> unique ID of
        each named user or role that exists now (TP-06)."""
        bound: dict[str, str] = {}
        for statement in policy.statements:
            for spec in (statement.principal, statement.not_principal):
                if spec is None:
                    continue
                for arn in spec.values.get("AWS", ()):
                    uid = self.entity_id(arn)
                    if uid is not None:
                        bound[arn] = uid
        return bound

    def resource_owner(self, arn: str, caller_account: str) -> tuple[str, Resource | None]:
        """The account owning a resource: its listed entry, a listed parent (an S3 object under
        a listed bucket), the account its ARN names, else the caller's (scenario format); with
        the listed entry found (`resource_entry`), which a request's facts need too."""
        entry = self.resource_entry(arn)
        if entry is not None:
            return entry.account, entry
        return account_field(arn) or caller_account, None

    def resource_entry(self, arn: str) -> Resource | None:
        """The listed resource whose policy governs `arn`: itself, or the nearest listed entry
        that it continues after a `/` (a bucket policy governs its objects)."""
        entry = self.resources.get(arn)
        if entry is not None:
            return entry
        head = arn
        while "/" in head:
            head = head.rsplit("/", 1)[0]
            entry = self.resources.get(head)
            if entry is not None:
                return entry
        return None

    # -- additive helpers (sts) ----------------------------------------------------------

    def principal(self, arn: str) -> User | Group | Role | None:
        """The user, group or role with this exact ARN."""
        return self.users.get(arn) or self.groups.get(arn) or self.roles.get(arn)

    def organization_of(self, account_id: str, default: str) -> str | None:
        """The organization ID of an account, or None when it is in no organization."""
        account = self.accounts.get(account_id)
        if account is None or not account.in_organization:
            return None
        return account.org_id or default

    def known_accounts(self) -> set[str]:
        """Accounts the world defines or has principals or policies in."""
        found = set(self.accounts)
        for table in (self.users, self.groups, self.roles, self.policies):
            for arn in table:
                found.add(Arn.parse(arn).account)
        found.discard("aws")
        return found

    def unknown_principals(self, policy: Policy) -> list[str]:
        """User and role ARNs a policy names in an account of this world where no such user
        or role exists: IAM refuses to save it (TP-05)."""
        known = self.known_accounts()
        missing: list[str] = []
        for statement in policy.statements:
            for spec in (statement.principal, statement.not_principal):
                if spec is None:
                    continue
                for arn in spec.values.get("AWS", ()):
                    try:
                        parsed = Arn.parse(arn)
                    except ValueError:
                        continue
                    if parsed.service != "iam" or parsed.account not in known:
                        continue
                    if parsed.resource_type in ("user", "role") and self.entity_id(arn) is None:
                        missing.append(arn)
        return missing

    def new_generation(self, arn: str) -> str:
        """Delete and recreate a user or role under the same ARN: a new unique ID (ID-09).
        Returns the new ID."""
        entity = self.users.get(arn) or self.roles.get(arn)
        if entity is None:
            raise KeyError(arn)
        entity.generation += 1
        prefix = ID_PREFIXES["user" if isinstance(entity, User) else "role"]
        entity.unique_id = unique_id(prefix, arn, entity.generation)
        return entity.unique_id
