"""The policy linter (issues #11, #13): each check with a case that raises it and one that
must not, the findings data, and the separation from parsing. Fact IDs name the AWS behaviour
each expectation rests on (the fact sheet's sources)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rolesim.core.catalog import get_catalog
from rolesim.core.lint import Severity, finding_specs, lint_policy
from rolesim.core.lint.checks import CHECKS
from rolesim.core.lint.locate import line_of, path_lines
from rolesim.core.lint.spec import PARSER_CODES, STEP_CODES
from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy

IDENTITY, TRUST, RESOURCE = PolicyType.IDENTITY, PolicyType.TRUST, PolicyType.RESOURCE
S3_READ = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    out: dict[str, Any] = {"Statement": list(statements)}
    if version:
        out["Version"] = version
    return out


def found(document: Any, kind: PolicyType = IDENTITY) -> list[tuple[str, str]]:
    """(code, path) of every finding, with the real catalogue."""
    return [(f.code, f.path) for f in lint_policy(document, kind, get_catalog())]


def codes(document: Any, kind: PolicyType = IDENTITY) -> set[str]:
    return {code for code, _ in found(document, kind)}


def with_condition(condition: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return doc({**S3_READ, **extra, "Condition": condition})


# --- the data --------------------------------------------------------------------------------

def test_every_code_in_the_data_has_a_check_and_every_check_a_code() -> None:
    assert set(finding_specs()) == set(CHECKS) | PARSER_CODES | STEP_CODES


def test_findings_data_loads_with_severity_message_and_meaning() -> None:
    for spec in finding_specs().values():
        assert spec.severity in Severity
        assert spec.message and spec.meaning and spec.code.isupper()


def test_parsing_no_longer_lints() -> None:
    policy = parse_policy(doc({**S3_READ, "Action": "s3:GetObjekt"}), IDENTITY)
    assert not getattr(policy, "warnings", ())
    assert ("UNKNOWN_ACTION", "Statement[0].Action") in found(policy)


def test_a_malformed_document_raises_as_parsing_does() -> None:
    with pytest.raises(MalformedPolicyDocument):
        lint_policy(doc({"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}), IDENTITY, None)


def test_without_a_catalogue_only_the_catalogue_free_checks_run() -> None:
    document = doc({**S3_READ, "Action": ["s3:GetObjekt"]}, version=None)
    document["Statement"][0]["Resource"] = "arn:aws:s3:::b/${aws:username}"
    assert {f.code for f in lint_policy(document, IDENTITY, None)} == {"VARIABLES_WITHOUT_VERSION"}


# --- actions (PL-05) -------------------------------------------------------------------------

def test_unknown_service_and_action_and_wildcard_matching_nothing() -> None:
    result = found(doc({**S3_READ, "Action": ["s3:GetObjekt", "s4:GetObject", "s3:Get*",
                                               "s3:Frobnicate*"]}))
    assert ("UNKNOWN_ACTION", "Statement[0].Action[0]") in result
    assert ("UNKNOWN_SERVICE", "Statement[0].Action[1]") in result
    assert ("NO_MATCHING_ACTION", "Statement[0].Action[3]") in result
    assert not any(path == "Statement[0].Action[2]" for _, path in result)


def test_action_names_are_case_insensitive_pl05() -> None:
    assert not codes(doc({**S3_READ, "Action": "S3:getobject"}))


# --- condition keys --------------------------------------------------------------------------

def test_unknown_service_condition_key_but_global_keys_always_exist() -> None:
    assert "UNKNOWN_CONDITION_KEY" in codes(with_condition({"StringEquals": {"s3:prefixx": "a"}}))
    fine = {"StringEquals": {"s3:prefix": "a", "aws:PrincipalOrgID": "o-1",
                             "aws:PrincipalTag/team": "ops"}}
    assert not codes(with_condition(fine))


def test_condition_key_names_are_case_insensitive_pl10() -> None:
    assert not codes(with_condition({"IpAddress": {"AWS:SourceIP": "10.0.0.0/8"}}))


def test_unknown_global_key() -> None:
    assert "UNKNOWN_GLOBAL_CONDITION_KEY" in codes(
        with_condition({"IpAddress": {"aws:SourceIpAddress": "10.0.0.0/8"}}))


def test_service_key_with_other_services_actions_is_info_cross_service_keys_are_not() -> None:
    assert "CONDITION_KEY_NOT_FOR_ACTIONS" in codes(
        with_condition({"StringEquals": {"ec2:InstanceType": "t3.micro"}}))
    assert not codes(with_condition({"ArnEquals": {"ec2:SourceInstanceArn": "arn:aws:ec2:*"}}))


# --- operator types (CO-01..CO-06) -----------------------------------------------------------

@pytest.mark.parametrize("condition", [
    {"ArnLike": {"aws:PrincipalTag/team": "ops"}},
    {"NumericEquals": {"aws:PrincipalTag/team": "1"}},
    {"IpAddress": {"aws:PrincipalArn": "10.0.0.0/8"}},
    {"StringEquals": {"aws:MultiFactorAuthAge": "3600"}},
    {"StringEquals": {"aws:ViaAWSService": "amplify.amazonaws.com"}},
    {"DateGreaterThan": {"aws:SourceIp": "2020-01-01T00:00:00Z"}},
    {"StringEquals": {"s3:max-keys": "10"}},          # a service key's type, from the catalogue
    {"NumericEquals": {"ec2:InstanceType": "3"}},
])
def test_operator_that_does_not_fit_the_key_type(condition: dict[str, Any]) -> None:
    assert "OPERATOR_TYPE_MISMATCH" in codes(with_condition(condition))


@pytest.mark.parametrize("condition", [
    {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}},   # String ops fit ARN keys
    {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::b"}},
    {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
    {"Null": {"aws:SourceIp": "true"}},                                 # Null fits every key
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringEquals": {"aws:ViaAWSService": "true"}},                   # as AWS's own policies
    {"NumericGreaterThan": {"aws:EpochTime": "1600000000"}},
    {"ArnLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::b"}},
])
def test_operator_that_fits_the_key_type(condition: dict[str, Any]) -> None:
    assert "OPERATOR_TYPE_MISMATCH" not in codes(with_condition(condition))


# --- set operators (CO-11..CO-13) ------------------------------------------------------------

def test_co13_set_operator_on_single_valued_and_multivalued_without_one() -> None:
    assert "SET_OPERATOR_ON_SINGLE_VALUED_KEY" in codes(
        with_condition({"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": "ops"}}))
    assert "MULTIVALUED_KEY_WITHOUT_SET_OPERATOR" in codes(
        with_condition({"StringEquals": {"aws:TagKeys": "team"}}))
    fine = codes(with_condition({"ForAnyValue:StringEquals": {"aws:TagKeys": "team"},
                                 "Null": {"aws:CalledVia": "false"}}))
    assert not fine & {"SET_OPERATOR_ON_SINGLE_VALUED_KEY", "MULTIVALUED_KEY_WITHOUT_SET_OPERATOR"}


def test_co13_cognito_amr_is_multivalued() -> None:
    trust = doc({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                 "Action": "sts:AssumeRoleWithWebIdentity",
                 "Condition": {"StringEquals": {
                     "cognito-identity.amazonaws.com:amr": "authenticated"}}})
    assert "MULTIVALUED_KEY_WITHOUT_SET_OPERATOR" in codes(trust, TRUST)


def test_co12_forallvalues_in_an_allow_without_a_guard() -> None:
    bare = with_condition({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})
    assert ("FORALLVALUES_WITHOUT_GUARD",
            "Statement[0].Condition.ForAllValues:StringEquals.aws:TagKeys") in found(bare)


@pytest.mark.parametrize("guard", [
    {"Null": {"aws:TagKeys": "false"}},                          # CO-08: key present
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}},     # CO-11: empty or missing -> false
    {"StringLike": {"aws:TagKeys": "t*"}},                       # another positive operator on it
])
def test_co12_not_raised_when_the_statement_constrains_the_key(guard: dict[str, Any]) -> None:
    condition = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, **guard}
    assert "FORALLVALUES_WITHOUT_GUARD" not in codes(with_condition(condition))


@pytest.mark.parametrize("weak", [
    {"StringNotEquals": {"aws:TagKeys": "x"}},        # CO-09: negated -> true when missing
    {"StringLikeIfExists": {"aws:TagKeys": "t*"}},    # CO-07: IfExists -> true when missing
    {"Null": {"aws:TagKeys": "true"}},
])
def test_co12_still_raised_when_the_other_condition_lets_a_missing_key_through(
        weak: dict[str, Any]) -> None:
    condition = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, **weak}
    assert "FORALLVALUES_WITHOUT_GUARD" in codes(with_condition(condition))


def test_co12_not_raised_in_a_deny_or_on_tagging_actions_that_always_carry_the_key() -> None:
    deny = doc({**S3_READ, "Effect": "Deny",
                "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})
    assert "FORALLVALUES_WITHOUT_GUARD" not in codes(deny)
    tagging = doc({"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                   "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})
    assert "FORALLVALUES_WITHOUT_GUARD" not in codes(tagging)
    create = doc({"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "*",
                  "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}})
    assert "FORALLVALUES_WITHOUT_GUARD" in codes(create)  # tags are optional on CreateVolume


def test_co01_wildcard_in_an_equals_operator_is_literal() -> None:
    assert "WILDCARD_IN_EQUALS" in codes(with_condition({"StringEquals": {"s3:prefix": "home/*"}}))
    assert "WILDCARD_IN_EQUALS" not in codes(
        with_condition({"StringLike": {"s3:prefix": "home/*"}}))
    assert "WILDCARD_IN_EQUALS" not in codes(  # PV-03: ${*} is a literal asterisk on purpose
        with_condition({"StringEquals": {"s3:prefix": "home/${*}"}}))


# --- resources (PL-06) -----------------------------------------------------------------------

def test_resource_that_fits_no_resource_type_of_the_actions() -> None:
    bucket_for_object = doc({**S3_READ, "Resource": "arn:aws:s3:::bucket"})
    assert ("RESOURCE_MATCHES_NO_ACTION", "Statement[0].Resource") in found(bucket_for_object)
    listed = doc({"Effect": "Allow", "Action": "s3:ListBucket",
                  "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"]})
    assert found(listed) == [("RESOURCE_MATCHES_NO_ACTION", "Statement[0].Resource[1]")]


def test_resource_that_fits() -> None:
    for resource in ("arn:aws:s3:::bucket/*", "arn:aws:s3:::*", "arn:aws:s3:::b/${aws:username}/*",
                     "arn:*:s3:::b*/x"):
        assert not codes(doc({**S3_READ, "Resource": resource})), resource
    role = doc({"Effect": "Allow", "Action": "sts:AssumeRole",
                "Resource": "arn:aws:iam::111122223333:role/path/R"})
    assert not codes(role)


# --- principals and trust (PL-08, PL-09, TP-04, TP-17) -----------------------------------

def test_pl09_notprincipal_with_allow() -> None:
    st = {**S3_READ, "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}
    assert "ALLOW_WITH_NOT_PRINCIPAL" in codes(doc(st), RESOURCE)
    assert "ALLOW_WITH_NOT_PRINCIPAL" not in codes(doc({**st, "Effect": "Deny"}), RESOURCE)


def test_pl08_allow_all_with_notresource() -> None:
    st = {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::b"}
    assert "ALLOW_ALL_WITH_NOT_RESOURCE" in codes(doc(st))
    assert "ALLOW_ALL_WITH_NOT_RESOURCE" not in codes(doc({**st, "Action": "s3:*"}))


def test_tp04_star_principal_in_trust_without_condition() -> None:
    st = {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}
    assert ("TRUST_ANY_PRINCIPAL", "Statement[0].Principal") in found(doc(st), TRUST)
    guarded = {**st, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}
    assert not codes(doc(guarded), TRUST)


def test_tp17_not_a_trust_action() -> None:
    st = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
          "Action": ["sts:AssumeRole", "s3:GetObject"]}
    assert found(doc(st), TRUST) == [("NOT_A_TRUST_ACTION", "Statement[0].Action[1]")]


# --- policy variables (PL-01, PV-01, PV-02) --------------------------------------------------

def test_pl01_variables_without_version() -> None:
    st = {**S3_READ, "Resource": "arn:aws:s3:::b/${aws:username}/*"}
    assert "VARIABLES_WITHOUT_VERSION" in codes(doc(st, version=None))
    assert not codes(doc(st))


def test_pv02_variable_in_a_non_string_operator_is_an_error() -> None:
    result = lint_policy(with_condition({"NumericLessThan": {"s3:max-keys": "${aws:username}"}}),
                         IDENTITY, get_catalog())
    [finding] = [f for f in result if f.code == "VARIABLE_IN_NON_STRING_OPERATOR"]
    assert finding.severity is Severity.ERROR
    assert not codes(with_condition({"StringEquals": {"s3:prefix": "${aws:username}/"}}))


def test_pv02_variable_in_the_account_field_is_info_elsewhere_in_the_head_a_warning() -> None:
    account = doc({"Effect": "Allow", "Action": "kms:Decrypt",
                   "Resource": "arn:aws:kms:*:${aws:PrincipalAccount}:key/*"})
    result = lint_policy(account, IDENTITY, get_catalog())
    assert [(f.code, f.severity) for f in result] == [("VARIABLE_IN_ARN_ACCOUNT", Severity.INFO)]
    region = doc({**S3_READ, "Resource": "arn:aws:s3:${aws:RequestedRegion}::b/*"})
    assert "VARIABLE_IN_ARN_HEAD" in codes(region)


def test_pv01_multivalued_key_as_a_variable() -> None:
    st = {**S3_READ, "Resource": "arn:aws:s3:::b/${aws:TagKeys}/*"}
    assert "MULTIVALUED_VARIABLE" in codes(doc(st))
    single = {**st, "Resource": "arn:aws:s3:::b/${aws:userid}/*"}
    assert "MULTIVALUED_VARIABLE" not in codes(doc(single))


# --- finding shape and place -----------------------------------------------------------------

def test_finding_text_and_json_shape() -> None:
    [finding] = lint_policy(doc({**S3_READ, "Action": "s3:GetObjekt"}), IDENTITY, get_catalog())
    assert str(finding).startswith("Statement[0].Action: UNKNOWN_ACTION warning: ")
    assert finding.as_json() == {"code": "UNKNOWN_ACTION", "severity": "warning",
                                 "path": "Statement[0].Action", "message": finding.message}


def test_paths_are_located_on_their_line() -> None:
    text = json.dumps(with_condition({"StringEquals": {"aws:TagKeys": "team"}}), indent=2)
    lines = path_lines(text)
    [finding] = lint_policy(text, IDENTITY, get_catalog())
    line = line_of(lines, finding.path)
    assert line is not None and '"aws:TagKeys"' in text.splitlines()[line - 1]
