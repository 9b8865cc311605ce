# ruff: noqa: E501  (TOML test data reads best on one line)
"""The optional world keys of issue #15: users' credentials, Lambda functions, EC2 instances and
the stored versions of a customer managed policy (QT-03: at most five)."""

from __future__ import annotations

import pytest

from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.save import dumps

BASE = '''format = 1
title = "world keys"

[[accounts]]
id = "111111111111"

[[policies]]
arn = "arn:aws:iam::111111111111:policy/App"
document = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] }
{VERSIONS}

[[users]]
arn = "arn:aws:iam::111111111111:user/alice"
access_key = true
login_profile = true

[[roles]]
arn = "arn:aws:iam::111111111111:role/app"
trust = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = ["ec2.amazonaws.com", "lambda.amazonaws.com"] }, Action = "sts:AssumeRole" }] }

[[instance_profiles]]
arn = "arn:aws:iam::111111111111:instance-profile/app"
role = "arn:aws:iam::111111111111:role/app"

[[functions]]
arn = "{FUNCTION}"
role = "{FUNCTION_ROLE}"

[[instances]]
id = "{INSTANCE}"
account = "111111111111"
instance_profile = "{PROFILE}"
'''

ADMIN = '{ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] }'


def text(**over: str) -> str:
    values = {"VERSIONS": "", "FUNCTION": "arn:aws:lambda:us-east-1:111111111111:function:worker",
              "FUNCTION_ROLE": "arn:aws:iam::111111111111:role/app",
              "INSTANCE": "i-0123456789abcdef0",
              "PROFILE": "arn:aws:iam::111111111111:instance-profile/app"}
    values.update(over)
    out = BASE
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def error_of(source: str) -> str:
    with pytest.raises(ScenarioError) as info:
        build_world(load_scenario_text(source, "t.toml"))
    return str(info.value)


def test_new_keys_reach_the_world() -> None:
    world = build_world(load_scenario_text(text(), "t.toml"))
    alice = world.users["arn:aws:iam::111111111111:user/alice"]
    assert alice.access_key and alice.login_profile
    function = world.functions["arn:aws:lambda:us-east-1:111111111111:function:worker"]
    assert function.role == "arn:aws:iam::111111111111:role/app" and function.name == "worker"
    instance = world.instances["i-0123456789abcdef0"]
    assert instance.arn == "arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0"
    policy = world.policies["arn:aws:iam::111111111111:policy/App"]
    assert policy.stored_versions().keys() == {"v1"} and policy.next_version_id() == "v2"


def test_users_default_to_no_credentials() -> None:
    world = build_world(load_scenario_text(text().replace("access_key = true\nlogin_profile = true\n", ""), "t.toml"))
    alice = world.users["arn:aws:iam::111111111111:user/alice"]
    assert not alice.access_key and not alice.login_profile


def test_versions_and_default_version() -> None:
    versions = f'versions = [{{ id = "v1", document = {ADMIN} }}]\ndefault_version = "v2"'
    world = build_world(load_scenario_text(text(VERSIONS=versions), "t.toml"))
    policy = world.policies["arn:aws:iam::111111111111:policy/App"]
    assert list(policy.stored_versions()) == ["v1", "v2"]
    assert policy.default_version == "v2"
    assert policy.document.raw["Statement"][0]["Action"] == "s3:GetObject"  # the default is in force
    assert policy.versions["v1"].raw["Statement"][0]["Action"] == "*"
    assert policy.next_version_id() == "v3"


def test_listing_the_default_version_with_another_document_is_an_error() -> None:
    versions = f'versions = [{{ id = "v1", document = {ADMIN} }}]'
    message = error_of(text(VERSIONS=versions))
    assert "policies[0].versions[0].document" in message and "default version" in message


def test_more_than_five_versions_is_limit_exceeded_qt03() -> None:
    listed = ", ".join(f'{{ id = "v{n}", document = {ADMIN} }}' for n in range(1, 6))
    message = error_of(text(VERSIONS=f'versions = [{listed}]\ndefault_version = "v6"'))
    assert "policies[0].versions" in message and "LimitExceeded" in message and "QT-03" in message


def test_bad_version_id_names_the_key() -> None:
    message = error_of(text(VERSIONS='default_version = "2"'))
    assert "policies[0].default_version" in message and 'version ID such as "v1"' in message


def test_function_must_name_a_lambda_arn_and_a_defined_role() -> None:
    message = error_of(text(FUNCTION="arn:aws:iam::111111111111:role/app"))
    assert "functions[0].arn" in message and "not a function ARN" in message
    message = error_of(text(FUNCTION_ROLE="arn:aws:iam::111111111111:role/nope"))
    assert "functions[0].role" in message and "not defined in [[roles]]" in message


def test_instance_checks_name_the_key() -> None:
    message = error_of(text(INSTANCE="instance-1"))
    assert "instances[0].id" in message and "instance ID" in message
    message = error_of(text(PROFILE="arn:aws:iam::111111111111:instance-profile/none"))
    assert "instances[0].instance_profile" in message and "not defined" in message
    message = error_of(text().replace('account = "111111111111"\ninstance_profile', 'account = "12"\ninstance_profile'))
    assert "instances[0].account" in message and "12 digits" in message
    message = error_of(text() + 'role = "x"\n')
    assert 'unknown key "role"' in message


def test_saving_keeps_the_new_keys() -> None:
    versions = f'versions = [{{ id = "v1", document = {ADMIN} }}]\ndefault_version = "v2"'
    scenario = load_scenario_text(text(VERSIONS=versions), "t.toml")
    again = load_scenario_text(dumps(scenario), "again.toml")
    assert again == scenario
    assert again.users[0].access_key and again.users[0].login_profile
    assert again.functions[0].role == scenario.functions[0].role
    assert again.instances[0].id == "i-0123456789abcdef0"
    assert again.policies[0].versions is not None and again.policies[0].default_version == "v2"
    build_world(again)


def test_deleting_a_role_takes_its_functions_and_instances_with_it() -> None:
    from rolesim.scenario.world_edits import delete, references_to

    scenario = load_scenario_text(text(), "t.toml")
    role = "arn:aws:iam::111111111111:role/app"
    refs = references_to(scenario, role)
    assert any("function" in ref for ref in refs)
    delete(scenario, "role", role)
    assert not scenario.functions and not scenario.instances and not scenario.instance_profiles
    build_world(scenario)  # still a world that can be built


def test_renaming_a_profile_follows_into_instances() -> None:
    from rolesim.scenario.world_edits import rename_references

    scenario = load_scenario_text(text(), "t.toml")
    old = "arn:aws:iam::111111111111:instance-profile/app"
    rename_references(scenario, old, old + "2")
    assert scenario.instances[0].instance_profile == old + "2"
