# ruff: noqa: E501  (TOML test data reads best on one line)
"""A file that cannot be run says which file, line and key, and what is wrong (scenario format:
exit 2 "stderr says which file, line or key, and why")."""

from __future__ import annotations

import pytest
from scenario_text import ASSUME, DAVID, DEV, PROD, ROLE, SIGN_IN, WORLD, line_of

from rolesim.scenario.build import build_world
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario, load_scenario_text


def error_of(text: str, filename: str = "t.toml") -> str:
    with pytest.raises(ScenarioError) as info:
        build_world(load_scenario_text(text, filename))
    return str(info.value)


def test_world_fixture_is_valid() -> None:
    world = build_world(load_scenario_text(WORLD + SIGN_IN + ASSUME, "t.toml"))
    assert ROLE in world.roles and DAVID in world.users
    assert world.users[DAVID].unique_id.startswith("AIDA")  # ID-08
    assert world.roles[ROLE].unique_id.startswith("AROA")


def test_bad_toml_syntax_names_line_and_column() -> None:
    text = 'format = 1\ntitle = "x"\n[[roles]\narn = "a"\n'
    message = error_of(text, "broken.toml")
    assert message.startswith("broken.toml:3:")
    assert "not valid TOML" in message


def test_unknown_top_level_key_names_key_and_line() -> None:
    text = WORLD + 'colour = "blue"\n'
    message = error_of(text)
    # a key after the last table belongs to that table: roles[0]
    assert f"t.toml:{line_of(text, 'colour')}:" in message
    assert 'unknown key "colour"' in message


def test_unknown_step_key_suggests_the_right_one() -> None:
    text = WORLD + SIGN_IN + ASSUME.replace("session_name", "sesion_name")
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'sesion_name')}: steps[1].sesion_name:" in message
    assert 'did you mean "session_name"' in message


def test_missing_required_key_points_at_the_table() -> None:
    text = WORLD + SIGN_IN + '\n[[steps]]\ndo = "assume-role"\nsession_name = "x"\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, '[[steps]]', 2)}: steps[1].role:" in message
    assert 'required key "role" is missing' in message


def test_wrong_type_says_what_was_expected() -> None:
    text = WORLD.replace('name = "prod"', 'name = "prod"\nmanagement = "yes"')
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'management')}: accounts[0].management:" in message
    assert "must be true or false" in message


def test_unknown_step_kind_lists_the_kinds() -> None:
    text = WORLD + '\n[[steps]]\ndo = "teleport"\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'teleport')}: steps[0].do:" in message
    assert "teleport" in message and "assume-role" in message


def test_account_id_must_be_twelve_digits() -> None:
    text = WORLD.replace(f'id = "{DEV}"', 'id = "2222"')
    message = error_of(text)
    assert f"t.toml:{line_of(text, '2222')}: accounts[1].id: must be 12 digits" in message


def test_max_session_duration_range() -> None:
    text = WORLD + "max_session_duration = 50000\n"
    message = error_of(text)
    assert f"t.toml:{line_of(text, '50000')}: roles[0].max_session_duration:" in message
    assert "3600 and 43200" in message


def test_call_expect_must_be_a_call_outcome() -> None:
    text = WORLD + SIGN_IN + '\n[[steps]]\ndo = "call"\naction = "s3:GetObject"\n' \
        'expect = "Allowed"\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'Allowed')}: steps[1].expect:" in message


def test_bad_effect_in_trust_policy_names_the_path_inside_the_document() -> None:
    text = WORLD.replace('{ Effect = "Allow", Principal', '{ Effect = "Permit", Principal')
    message = error_of(text, "xacct.toml")
    assert f"xacct.toml:{line_of(text, 'Permit')}: roles[0].trust.Statement[0].Effect:" in message
    assert "Permit" in message


def test_bad_json_policy_string_is_reported_at_its_key() -> None:
    text = WORLD + "inline.broken = '''{\"Version\": \"2012-10-17\", \"Statement\": [}'''\n"
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'inline.broken')}: roles[0].inline.broken" in message


def test_policy_of_wrong_type() -> None:
    text = WORLD + "inline.broken = 3\n"
    message = error_of(text)
    assert "roles[0].inline.broken: must be a policy document" in message


def test_missing_group_reference() -> None:
    text = WORLD.replace("group/Developers\"]", "group/Nobody\"]")
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'group/Nobody')}: users[0].groups[0]:" in message
    assert "is not defined" in message


def test_missing_customer_managed_policy() -> None:
    text = WORLD + f'policies = ["arn:aws:iam::{PROD}:policy/Ghost"]\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'policy/Ghost')}: roles[0].policies[0]:" in message
    assert "not defined" in message


def test_unknown_aws_managed_policy_says_it_is_not_one() -> None:
    text = WORLD + 'policies = ["arn:aws:iam::aws:policy/NoSuchManagedPolicy"]\n'
    message = error_of(text)
    assert "roles[0].policies[0]" in message
    assert "is not an AWS managed policy" in message


def test_misspelt_aws_managed_policy_suggests_the_right_one() -> None:
    text = WORLD + 'policies = ["arn:aws:iam::aws:policy/ReadOnlyAcess"]\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'ReadOnlyAcess')}: roles[0].policies[0]:" in message
    assert 'did you mean "arn:aws:iam::aws:policy/ReadOnlyAccess"?' in message
    assert "\n" not in message


def test_aws_managed_policy_without_its_path_suggests_the_path() -> None:
    """ViewOnlyAccess lives at path /job-function/: its ARN must say so, as in AWS."""
    text = WORLD + 'policies = ["arn:aws:iam::aws:policy/ViewOnlyAccess"]\n'
    message = error_of(text)
    assert 'did you mean "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"?' in message


def test_any_aws_managed_policy_with_a_path_needs_no_definition() -> None:
    arns = ("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    text = WORLD + f"policies = {list(arns)!r}\n".replace("'", '"')
    world = build_world(load_scenario_text(text, "t.toml"))
    assert set(arns) <= set(world.policies)


def test_shipped_aws_managed_policy_needs_no_definition() -> None:
    text = WORLD + 'policies = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]\n'
    world = build_world(load_scenario_text(text, "t.toml"))
    assert "arn:aws:iam::aws:policy/ReadOnlyAccess" in world.policies


def test_missing_boundary_reference() -> None:
    text = WORLD + f'boundary = "arn:aws:iam::{PROD}:policy/NoBoundary"\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'NoBoundary')}: roles[0].boundary:" in message


def test_instance_profile_role_must_exist() -> None:
    text = WORLD + f'''
[[instance_profiles]]
arn = "arn:aws:iam::{PROD}:instance-profile/web"
role = "arn:aws:iam::{PROD}:role/Missing"
'''
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'role/Missing')}: instance_profiles[0].role:" in message


def test_slr03_boundary_on_service_linked_role_is_an_error() -> None:
    text = WORLD + f'''
[[policies]]
arn = "arn:aws:iam::{PROD}:policy/Boundary"
document = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "*", Resource = "*" }}] }}

[[roles]]
arn = "arn:aws:iam::{PROD}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = "elasticbeanstalk.amazonaws.com" }}, Action = "sts:AssumeRole" }}] }}
boundary = "arn:aws:iam::{PROD}:policy/Boundary"
'''
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'boundary = ')}: roles[1].boundary:" in message
    assert "SLR-03" in message


def test_id14_names_are_unique_case_insensitively() -> None:
    text = WORLD + f'''
[[roles]]
arn = "arn:aws:iam::{PROD}:role/updateapp"
trust = {{ Version = "2012-10-17", Statement = [] }}
'''
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'role/updateapp')}: roles[1].arn:" in message
    assert "ID-14" in message


def test_same_name_in_another_account_is_fine() -> None:
    text = WORLD + f'''
[[roles]]
arn = "arn:aws:iam::{DEV}:role/UpdateApp"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{DEV}:root" }}, Action = "sts:AssumeRole" }}] }}
'''
    assert f"arn:aws:iam::{DEV}:role/UpdateApp" in build_world(load_scenario_text(text)).roles


def test_resource_without_account_needs_one() -> None:
    text = WORLD + '\n[[resources]]\narn = "arn:aws:s3:::productionapp"\n'
    message = error_of(text)
    assert f"t.toml:{line_of(text, '[[resources]]')}: resources[0].account:" in message


def test_sign_in_with_mfa_needs_an_mfa_device() -> None:
    text = WORLD + SIGN_IN + "mfa = true\n"
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'mfa = true')}: steps[0].mfa:" in message
    assert "no MFA device" in message


def test_sign_in_with_mfa_works_with_a_device() -> None:
    text = WORLD.replace('groups = ["', 'mfa = true\ngroups = ["') + SIGN_IN + "mfa = true\n"
    build_world(load_scenario_text(text))


def test_several_problems_are_all_reported_in_line_order() -> None:
    text = WORLD.replace(f'id = "{DEV}"', 'id = "22"') + "max_session_duration = 1\n"
    lines = error_of(text).splitlines()
    assert len(lines) == 2
    assert "accounts[1].id" in lines[0] and "max_session_duration" in lines[1]


def test_missing_file_is_a_scenario_error(tmp_path: object) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario("/nonexistent/rolesim/file.toml")


def test_not_utf8_is_a_scenario_error(write) -> None:  # type: ignore[no-untyped-def]
    path = write("")
    path.write_bytes(b'format = 1\ntitle = "\xff"\n')
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(path)


def test_tp05_trust_naming_a_missing_user_of_a_described_account() -> None:
    text = WORLD.replace('AWS = "arn:aws:iam::222222222222:root"',
                         'AWS = "arn:aws:iam::222222222222:user/Nobody"')
    message = error_of(text)
    assert f"t.toml:{line_of(text, 'user/Nobody')}: roles[0].trust.Statement[0].Principal.AWS:" \
        in message
    assert "TP-05" in message


def test_principal_in_an_account_the_file_does_not_describe_is_the_outside_world() -> None:
    text = WORLD.replace('AWS = "arn:aws:iam::222222222222:root"',
                         'AWS = "arn:aws:iam::999999999999:role/Vendor"')
    build_world(load_scenario_text(text))


def test_federated_provider_in_a_trust_must_be_defined() -> None:
    text = WORLD + f'''
[[roles]]
arn = "arn:aws:iam::{PROD}:role/GitHub"
trust = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Federated = "arn:aws:iam::{PROD}:oidc-provider/token.actions.githubusercontent.com" }}, Action = "sts:AssumeRoleWithWebIdentity" }}] }}
'''
    message = error_of(text)
    assert "roles[1].trust.Statement[0].Principal.Federated" in message
    assert "not defined in [[providers]]" in message
    fixed = text + f'''
[[providers]]
arn = "arn:aws:iam::{PROD}:oidc-provider/token.actions.githubusercontent.com"
audiences = ["sts.amazonaws.com"]
'''
    build_world(load_scenario_text(fixed))
