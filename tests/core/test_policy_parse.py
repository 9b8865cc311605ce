"""Parsing and validation: what IAM rejects (with the place named) and what it flags."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy

IDENTITY, TRUST, RESOURCE = PolicyType.IDENTITY, PolicyType.TRUST, PolicyType.RESOURCE


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    out: dict[str, Any] = {"Statement": list(statements)}
    if version:
        out["Version"] = version
    return out


def rejected(document: Any, kind: PolicyType) -> MalformedPolicyDocument:
    with pytest.raises(MalformedPolicyDocument) as info:
        parse_policy(document, kind)
    return info.value


S3_READ = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}


def test_pl02_every_element_parses_from_json_text_and_mapping() -> None:
    text = json.dumps({
        "Version": "2012-10-17", "Id": "bucket-policy",
        "Statement": [{
            "Sid": "Read", "Effect": "Allow", "Principal": {"AWS": ["111111111111"]},
            "Action": ["s3:GetObject", "s3:ListBucket"], "NotResource": "arn:aws:s3:::x/*",
            "Condition": {"Bool": {"aws:SecureTransport": True}},
        }, {
            "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:root"},
            "NotAction": "s3:Get*", "Resource": "arn:aws:s3:::x",
        }],
    })
    policy = parse_policy(text, RESOURCE)
    assert policy.version == "2012-10-17" and policy.id == "bucket-policy"
    first, second = policy.statements
    assert first.sid == "Read" and first.actions == ("s3:GetObject", "s3:ListBucket")
    assert first.principal is not None and first.principal.values["AWS"] == ("111111111111",)
    assert first.not_resources == ("arn:aws:s3:::x/*",)
    assert first.conditions[0].values == ("true",)
    assert second.not_principal is not None and second.not_actions == ("s3:Get*",)
    assert parse_policy(json.loads(text), RESOURCE).statements == policy.statements


def test_single_statement_object_and_string_values() -> None:
    policy = parse_policy({"Statement": S3_READ}, IDENTITY)
    assert len(policy.statements) == 1 and policy.statements[0].resources == ("*",)


def test_raw_keeps_the_document_as_written() -> None:
    original = doc(S3_READ)
    policy = parse_policy(original, IDENTITY)
    assert policy.raw == original
    assert json.loads(json.dumps(policy.raw)) == original


@pytest.mark.parametrize(("document", "kind", "path", "words"), [
    (doc({**S3_READ, "Effect": "allow"}), IDENTITY, "Statement[0].Effect", "Allow"),
    (doc({"Action": "s3:*", "Resource": "*"}), IDENTITY, "Statement[0].Effect", "missing"),
    (doc({"Effect": "Allow", "Resource": "*"}), IDENTITY, "Statement[0]", "Action or NotAction"),
    (doc(S3_READ, {"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}),
     IDENTITY, "Statement[1]", "exactly one of Action or NotAction"),
    (doc({"Effect": "Allow", "Action": "s3:*"}), IDENTITY, "Statement[0].Resource", "PL-03"),
    (doc({**S3_READ, "Principal": "*"}), IDENTITY, "Statement[0].Principal",
     "Policy document should not specify a principal."),
    (doc({**S3_READ, "Condition": {"StringEqulas": {"a:b": "c"}}}), IDENTITY,
     "Statement[0].Condition.StringEqulas", "unknown condition operator"),
    (doc({**S3_READ, "Condition": {"NullIfExists": {"a:b": "true"}}}), IDENTITY,
     "Statement[0].Condition.NullIfExists", "unknown condition operator"),
    (doc({**S3_READ, "Action": "GetObject"}), IDENTITY, "Statement[0].Action", "vendor"),
    (doc({**S3_READ, "Resource": "bucket"}), IDENTITY, "Statement[0].Resource", "ARN format"),
    (doc({**S3_READ, "Resource": "arn:aws:s*:::b"}), IDENTITY, "Statement[0].Resource", "PL-06"),
    (doc({**S3_READ, "Bogus": 1}), IDENTITY, "Statement[0].Bogus", "unknown element"),
    ({"Version": "2012-10-18", "Statement": [S3_READ]}, IDENTITY, "Version", "Version"),
    ({"Version": "2012-10-17"}, IDENTITY, "Statement", "Statement"),
    # a wrong type says what was given, as the scenario's own keys do ("not an integer 5")
    (doc({**S3_READ, "Action": 42}), IDENTITY, "Statement[0].Action",
     "must be a string or a list of strings, not a number 42"),
    (doc({**S3_READ, "Resource": ["arn:aws:s3:::b", True]}), IDENTITY, "Statement[0].Resource[1]",
     "must be a string, not true"),
    (doc({**S3_READ, "Action": {"s3": "GetObject"}}), IDENTITY, "Statement[0].Action",
     "must be a string or a list of strings, not an object"),
])
def test_malformed_documents_name_the_place(document: Any, kind: PolicyType, path: str,
                                            words: str) -> None:
    error = rejected(document, kind)
    assert error.path == path
    assert words in error.message
    assert str(error).startswith(f"{path}: ")


def test_condition_error_message_format_from_the_brief() -> None:
    document = doc(S3_READ, {**S3_READ, "Condition": {"StringEqulas": {"aws:username": "x"}}})
    error = rejected(document, IDENTITY)
    assert str(error).startswith("Statement[1].Condition.StringEqulas: unknown condition operator")


def test_bad_json_reports_line_and_column() -> None:
    error = rejected('{"Statement": [\n  {"Effect": "Allow" "Action": "s3:*"}]}', IDENTITY)
    assert error.path == "line 2, column 22"
    assert "invalid JSON" in error.message


def test_pl11_characters_outside_the_allowed_range_are_rejected() -> None:
    error = rejected('{"Statement": {"Sid": "caf\u0100", "Effect": "Allow"}}', IDENTITY)
    assert error.path == "line 1, column 27" and "U+0100" in error.message
    error = rejected(doc({**S3_READ, "Sid": "x\u2603"}), IDENTITY)
    assert error.path == "Statement[0].Sid"
    parse_policy(doc({**S3_READ, "Sid": "caf\u00e9"}), IDENTITY)  # U+00E9 is fine


def test_pl03_identity_policy_needs_resource_and_no_principal() -> None:
    assert rejected(doc({"Effect": "Allow", "Action": "s3:*"}), IDENTITY).path.endswith("Resource")
    for kind in (PolicyType.BOUNDARY, PolicyType.SESSION):
        assert "principal" in rejected(doc({**S3_READ, "Principal": {"AWS": "*"}}), kind).message
    parse_policy(doc({"Effect": "Allow", "Action": "*"}), PolicyType.SCP)


def test_tp08_trust_policy_prohibits_resource_and_not_principal() -> None:
    base = {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}
    error = rejected(doc({**base, "Resource": "*"}), TRUST)
    assert error.message == "Has prohibited field Resource"
    assert error.path == "Statement[0].Resource"
    no_principal = {k: v for k, v in base.items() if k != "Principal"}
    error = rejected(doc({**no_principal, "NotPrincipal": {"AWS": "111111111111"}}), TRUST)
    assert error.path == "Statement[0].NotPrincipal"
    assert rejected(doc(no_principal), TRUST).path == "Statement[0].Principal"


def test_pl09_not_principal_is_rejected_in_identity_policies() -> None:
    error = rejected(doc({**S3_READ, "NotPrincipal": {"AWS": "111111111111"}}), IDENTITY)
    assert error.path == "Statement[0].NotPrincipal"


@pytest.mark.parametrize("principal", [
    "*", {"AWS": "*"}, {"AWS": "123456789012"}, {"AWS": "arn:aws:iam::123456789012:root"},
    {"AWS": "arn:aws:iam::123456789012:user/team/alice"},
    {"AWS": "arn:aws:iam::123456789012:role/Deploy"},
    {"AWS": "arn:aws:sts::123456789012:assumed-role/Deploy/s1"},
    {"AWS": "arn:aws:sts::123456789012:federated-user/bob"},
    {"Service": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com"]},
    {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"},
    {"Federated": "cognito-identity.amazonaws.com"},
    {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
    {"AWS": ["123456789012", "arn:aws:iam::111111111111:root"]},
])
def test_tp02_every_principal_form_is_accepted(principal: Any) -> None:
    st = {"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::b/*"}
    parsed = parse_policy(doc(st), RESOURCE).statements[0].principal
    assert parsed is not None
    assert parsed.wildcard == (principal in ("*", {"AWS": "*"}))


@pytest.mark.parametrize(("principal", "words"), [
    ({"AWS": "arn:aws:iam::111111111111:role/dev-*"}, "TP-04"),
    ({"AWS": "arn:aws:sts::111111111111:assumed-role/R/*"}, "TP-04"),
    ({"AWS": "1111111111*"}, "TP-04"),
    ({"Service": "*.amazonaws.com"}, "TP-04"),
    ({"AWS": "arn:aws:iam::111111111111:group/admins"}, "TP-03"),
    ({"AWS": "alice"}, "Invalid principal"),
    ({"Users": "x"}, "unknown principal type"),
    ("everyone", "Invalid principal"),
])
def test_tp03_tp04_invalid_principals(principal: Any, words: str) -> None:
    st = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    error = rejected(doc(st), TRUST)
    assert words in error.message
    assert error.path.startswith("Statement[0].Principal")


def test_xa08_statement_ids_must_be_unique() -> None:
    error = rejected(doc({**S3_READ, "Sid": "A"}, {**S3_READ, "Sid": "A"}), IDENTITY)
    assert error.path == "Statement[1].Sid" and "unique" in error.message


def test_xa06_canonical_user_principal_is_accepted_for_s3() -> None:
    st = {"Effect": "Allow", "Principal": {"CanonicalUser": "abc123"}, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::b/*"}
    assert parse_policy(doc(st), RESOURCE).statements[0].principal is not None


def test_toml_tables_parse_like_json_and_raw_stays_plain() -> None:
    import tomlkit

    table = tomlkit.parse(
        'doc = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", '
        'Resource = "*", Condition = { Bool = { "aws:SecureTransport" = true }, '
        'NumericLessThan = { "s3:max-keys" = 10 } } }] }')["doc"]
    policy = parse_policy(table, IDENTITY)
    assert [c.values for c in policy.statements[0].conditions] == [("true",), ("10",)]
    assert json.loads(json.dumps(policy.raw)) == policy.raw
    assert type(policy.raw["Statement"][0]["Condition"]["NumericLessThan"]["s3:max-keys"]) is int
