"""Matching and conditions: PL-04..PL-10, CO-01..CO-14, PV-01..PV-06, and the glob matcher."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolesim.core.decision import Outcome
from rolesim.core.evaluator import decide
from rolesim.core.policy.model import AttachedPolicy, PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.policy.wildcard import (
    arn_parts_match,
    compile_any,
    compile_glob,
    glob_match,
    to_pattern,
)
from rolesim.core.request import AuthzRequest, Caller, CallerPolicies, PrincipalType

A = "111111111111"
ALICE = Caller(PrincipalType.USER, f"arn:aws:iam::{A}:user/alice", A, "AIDAALICE",
               f"arn:aws:iam::{A}:user/alice", entity_id="AIDAALICE",
               user_arn=f"arn:aws:iam::{A}:user/alice")


def decide_with(statements: list[dict[str, Any]], action: str = "s3:GetObject",
                resource: str = "arn:aws:s3:::b/k", context: dict[str, Any] | None = None,
                version: str | None = "2012-10-17") -> Outcome:
    document: dict[str, Any] = {"Statement": statements}
    if version:
        document["Version"] = version
    policy = parse_policy(document, PolicyType.IDENTITY)
    attached = AttachedPolicy(policy, PolicyType.IDENTITY, "p")
    req = AuthzRequest(ALICE, CallerPolicies(identity=(attached,)), action, resource, A,
                       context=context or {})
    return decide(req).outcome


def allowed(statements: list[dict[str, Any]], **kwargs: Any) -> bool:
    return decide_with(statements, **kwargs) is Outcome.ALLOWED


def cond(condition: dict[str, Any], action: str = "s3:GetObject", resource: str = "*"
         ) -> list[dict[str, Any]]:
    return [{"Effect": "Allow", "Action": action, "Resource": resource, "Condition": condition}]


def check(condition: dict[str, Any], context: dict[str, Any]) -> bool:
    return allowed(cond(condition), context=context)


# --- PL ------------------------------------------------------------------------------------

def test_pl04_statements_and_policies_are_ored_and_a_deny_wins() -> None:
    two = [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
           {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
    assert allowed(two)
    assert not allowed([*two, {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}])


@pytest.mark.parametrize(("pattern", "action", "expected"), [
    ("IAM:listaccesskeys", "iam:ListAccessKeys", True),
    ("iam:*AccessKey*", "iam:CreateAccessKey", True),
    ("iam:*AccessKey*", "iam:ListUsers", False),
    ("s3:Get?bject", "s3:GetObject", True),
    ("s3:Get?bject", "s3:GetObjectAcl", False),
    ("*", "kms:Decrypt", True),
    ("s3:*", "s3express:CreateSession", False),
])
def test_pl05_actions_are_case_insensitive_with_wildcards(pattern: str, action: str,
                                                          expected: bool) -> None:
    assert allowed([{"Effect": "Allow", "Action": pattern, "Resource": "*"}],
                   action=action) is expected


@pytest.mark.parametrize(("pattern", "resource", "expected"), [
    ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/a/b/test/c", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/deep/key", True),
    ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::bucket/key?", "arn:aws:s3:::bucket/key1", True),
    ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::*", "*", False),
    ("*", "*", True),
])
def test_pl06_resources_are_case_sensitive_and_star_spans_slash(pattern: str, resource: str,
                                                                  expected: bool) -> None:
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": pattern}]
    assert allowed(st, resource=resource) is expected


def test_pl07_not_action_allow_and_deny() -> None:
    not_iam = [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]
    assert allowed(not_iam, action="s3:GetObject")
    assert not allowed(not_iam, action="iam:CreateUser", resource="*")
    not_delete = [{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"}]
    assert not allowed(not_delete, action="s3:ListAllMyBuckets", resource="*")
    deny_all_but = [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                    {"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"}]
    assert allowed(deny_all_but)
    assert decide_with(deny_all_but, action="ec2:RunInstances") is Outcome.EXPLICIT_DENY


def test_pl08_not_resource() -> None:
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
          {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/public/*"}]
    assert allowed(st, resource="arn:aws:s3:::b/public/x")
    assert decide_with(st, resource="arn:aws:s3:::b/secret") is Outcome.EXPLICIT_DENY


def test_pl10_condition_key_names_and_tag_key_parts_are_case_insensitive() -> None:
    assert check({"IpAddress": {"aws:SourceIP": "10.0.0.0/8"}}, {"AWS:SourceIp": "10.1.2.3"})
    assert check({"StringEquals": {"aws:ResourceTag/TagKey1": "v"}},
                 {"aws:resourcetag/tagkey1": "v"})
    assert not check({"StringEquals": {"aws:ResourceTag/TagKey1": "V"}},
                     {"aws:resourcetag/tagkey1": "v"})


# --- CO ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("operator", "policy", "value", "expected"), [
    ("StringEquals", "abc", "abc", True),
    ("StringEquals", "abc", "ABC", False),
    ("StringEquals", "a*", "abc", False),
    ("StringNotEquals", "abc", "abd", True),
    ("StringNotEquals", "abc", "abc", False),
    ("StringEqualsIgnoreCase", "abc", "ABC", True),
    ("StringNotEqualsIgnoreCase", "abc", "ABC", False),
    ("StringLike", "a*c", "abbbc", True),
    ("StringLike", "a?c", "abbc", False),
    ("StringNotLike", "a*", "bcd", True),
    ("StringNotLike", "a*", "abc", False),
])
def test_co01_string_operators(operator: str, policy: str, value: str, expected: bool) -> None:
    assert check({operator: {"test:key": policy}}, {"test:key": value}) is expected


@pytest.mark.parametrize(("operator", "policy", "value", "expected"), [
    ("NumericEquals", "10", "10", True),
    ("NumericEquals", "10", "10.0", True),
    ("NumericNotEquals", "10", "11", True),
    ("NumericLessThan", "10", "9", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericGreaterThan", "10", "11", True),
    ("NumericGreaterThanEquals", "10", "9", False),
    ("NumericEquals", "10", "ten", False),
])
def test_co02_numeric_operators(operator: str, policy: str, value: str, expected: bool) -> None:
    assert check({operator: {"test:n": policy}}, {"test:n": value}) is expected


@pytest.mark.parametrize(("operator", "policy", "value", "expected"), [
    ("DateLessThan", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", True),
    ("DateLessThan", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", False),
    ("DateLessThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", True),
    ("DateGreaterThan", "2026-01-01T00:00:00Z", "1767225601", True),
    ("DateGreaterThanEquals", "1767225600", "2026-01-01T00:00:00Z", True),
    ("DateEquals", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00", True),
    ("DateNotEquals", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", True),
    ("DateEquals", "2026-01-*", "2026-01-01T00:00:00Z", False),
])
def test_co03_date_operators_iso_and_epoch(operator: str, policy: str, value: str,
                                           expected: bool) -> None:
    assert check({operator: {"aws:CurrentTime": policy}}, {"aws:currenttime": value}) is expected


def test_co04_bool_and_binary() -> None:
    assert check({"Bool": {"aws:SecureTransport": "true"}}, {"aws:securetransport": "true"})
    assert not check({"Bool": {"aws:SecureTransport": "true"}}, {"aws:securetransport": "false"})
    assert check({"Bool": {"aws:SecureTransport": True}}, {"aws:securetransport": "TRUE"})
    assert check({"BinaryEquals": {"test:bin": "QmluYXJ5"}}, {"test:bin": "QmluYXJ5"})
    assert not check({"BinaryEquals": {"test:bin": "QmluYXJ5"}}, {"test:bin": "QmluYXJ6"})


@pytest.mark.parametrize(("operator", "policy", "value", "expected"), [
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "203.0.113.0/24", "198.51.100.1", False),
    ("IpAddress", "203.0.113.7", "203.0.113.7", True),  # bare IP = /32
    ("IpAddress", "203.0.113.7", "203.0.113.8", False),
    ("IpAddress", "2001:db8::/32", "2001:db8::1", True),
    ("IpAddress", "2001:db8::/32", "203.0.113.7", False),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.1", False),
])
def test_co05_ip_operators(operator: str, policy: str, value: str, expected: bool) -> None:
    assert check({operator: {"aws:SourceIp": policy}}, {"aws:sourceip": value}) is expected


def test_co06_arn_operators_compare_part_by_part() -> None:
    pattern = "arn:aws:svc:*:111122223333:finance/*"
    value = "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/doc"
    assert check({"StringLike": {"aws:SourceArn": pattern}}, {"aws:sourcearn": value})
    assert not check({"ArnLike": {"aws:SourceArn": pattern}}, {"aws:sourcearn": value})
    assert not check({"ArnEquals": {"aws:SourceArn": pattern}}, {"aws:sourcearn": value})
    good = "arn:aws:svc:us-east-2:111122223333:finance/doc"
    assert check({"ArnEquals": {"aws:SourceArn": pattern}}, {"aws:sourcearn": good})
    assert check({"ArnNotLike": {"aws:SourceArn": pattern}}, {"aws:sourcearn": value})
    assert not check({"ArnNotEquals": {"aws:SourceArn": pattern}}, {"aws:sourcearn": good})
    assert not check({"ArnLike": {"aws:SourceArn": pattern}}, {"aws:sourcearn": "not-an-arn"})


def test_co07_if_exists_passes_on_a_missing_key() -> None:
    assert check({"StringEqualsIfExists": {"test:k": "x"}}, {})
    assert not check({"StringEqualsIfExists": {"test:k": "x"}}, {"test:k": "y"})
    assert check({"NumericLessThanIfExists": {"test:n": "5"}}, {})


def test_co08_null_tests_presence() -> None:
    assert check({"Null": {"aws:TokenIssueTime": "true"}}, {})
    assert not check({"Null": {"aws:TokenIssueTime": "true"}},
                     {"aws:tokenissuetime": "2026-01-01T00:00:00Z"})
    assert check({"Null": {"aws:TokenIssueTime": "false"}},
                 {"aws:tokenissuetime": "2026-01-01T00:00:00Z"})


def test_co09_missing_key_positive_false_negated_true() -> None:
    assert not check({"StringEquals": {"aws:PrincipalTag/team": "x"}}, {})
    assert check({"StringNotEquals": {"aws:PrincipalTag/team": "x"}}, {})
    assert check({"StringNotLike": {"aws:PrincipalTag/team": "x*"}}, {})
    assert check({"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::x"}}, {})
    deny_untagged = [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "*", "Resource": "*",
                      "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "X"}}}]
    assert decide_with(deny_untagged) is Outcome.EXPLICIT_DENY


def test_co10_and_across_keys_or_across_values_and_for_negated() -> None:
    two_keys = {"StringEquals": {"test:a": "1", "test:b": "2"}}
    assert check(two_keys, {"test:a": "1", "test:b": "2"})
    assert not check(two_keys, {"test:a": "1", "test:b": "3"})
    two_ops = {"StringEquals": {"test:a": "1"}, "StringLike": {"test:b": "x*"}}
    assert not check(two_ops, {"test:a": "1", "test:b": "y"})
    assert check({"StringEquals": {"test:a": ["1", "2"]}}, {"test:a": "2"})
    assert not check({"StringNotEquals": {"test:a": ["1", "2"]}}, {"test:a": "2"})
    assert check({"StringNotEquals": {"test:a": ["1", "2"]}}, {"test:a": "3"})


def test_co11_for_any_value() -> None:
    op = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}}
    assert check(op, {"aws:tagkeys": ("cost", "team")})
    assert not check(op, {"aws:tagkeys": ("cost",)})
    assert not check(op, {"aws:tagkeys": ()})
    assert not check(op, {})


def test_co12_for_all_values_is_true_on_empty_or_missing() -> None:
    op = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}
    assert check(op, {"aws:tagkeys": ("team", "env")})
    assert not check(op, {"aws:tagkeys": ("team", "cost")})
    assert check(op, {"aws:tagkeys": ()})
    assert check(op, {})
    guarded = {**op, "Null": {"aws:TagKeys": "false"}}
    assert not check(guarded, {})


def test_co13_set_operators_on_multivalued_keys() -> None:
    op = {"ForAllValues:StringLike": {"aws:CalledVia": ["*.amazonaws.com"]}}
    assert check(op, {"aws:calledvia": ("athena.amazonaws.com", "glue.amazonaws.com")})
    assert not check(op, {"aws:calledvia": ("athena.amazonaws.com", "evil.example")})


def test_co14_wildcards_in_multivalued_comparisons_need_string_like() -> None:
    assert check({"ForAnyValue:StringLike": {"aws:TagKeys": ["team-*"]}},
                 {"aws:tagkeys": ("team-a",)})
    assert not check({"ForAnyValue:StringEquals": {"aws:TagKeys": ["team-*"]}},
                     {"aws:tagkeys": ("team-a",)})


# --- PV ------------------------------------------------------------------------------------

def test_pv01_variables_with_case_insensitive_key_names() -> None:
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${AWS:UserName}/*"}]
    assert allowed(st, resource="arn:aws:s3:::b/alice/x", context={"aws:username": "alice"})
    assert not allowed(st, resource="arn:aws:s3:::b/bob/x", context={"aws:username": "alice"})
    multi = cond({"StringEquals": {"test:k": "${aws:TagKeys}"}})
    assert not allowed(multi, context={"aws:tagkeys": ("a",), "test:k": "a"})


def test_pv02_variables_only_in_string_and_arn_operators() -> None:
    assert check({"StringEquals": {"test:k": "${aws:username}"}},
                 {"aws:username": "alice", "test:k": "alice"})
    assert check({"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:user/${aws:username}"}},
                 {"aws:username": "alice", "aws:sourcearn": "arn:aws:iam::1:user/alice"})
    assert not check({"NumericEquals": {"test:n": "${test:m}"}}, {"test:m": "5", "test:n": "5"})


def test_pv03_special_characters_are_literal() -> None:
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${*}/x"}]
    assert allowed(st, resource="arn:aws:s3:::b/*/x")
    assert not allowed(st, resource="arn:aws:s3:::b/anything/x")
    assert check({"StringLike": {"test:k": "a${?}"}}, {"test:k": "a?"})
    assert not check({"StringLike": {"test:k": "a${?}"}}, {"test:k": "ab"})
    assert check({"StringEquals": {"test:k": "${$}x"}}, {"test:k": "$x"})


def test_pv04_default_value() -> None:
    op = {"StringEquals": {"test:k": "${aws:PrincipalTag/team, 'company-wide'}"}}
    assert check(op, {"test:k": "company-wide"})
    assert check(op, {"test:k": "ops", "aws:principaltag/team": "ops"})
    assert not check(op, {"test:k": "company-wide", "aws:principaltag/team": "ops"})


def test_pv05_missing_variable_matches_nothing_and_negated_matches() -> None:
    assert not check({"StringEquals": {"test:k": "${aws:username}"}}, {"test:k": ""})
    assert not check({"StringLike": {"test:k": "${aws:username}*"}}, {"test:k": "x"})
    assert check({"StringNotEquals": {"test:k": "${aws:username}"}}, {"test:k": "x"})
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]
    assert not allowed(st, resource="arn:aws:s3:::b//x")


def test_pv06_variables_work_in_boundaries_and_scps_too() -> None:
    doc = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}
    for kind in (PolicyType.BOUNDARY, PolicyType.SCP, PolicyType.SESSION):
        policy = parse_policy(doc, kind)
        ident = AttachedPolicy(parse_policy({"Statement": [{"Effect": "Allow", "Action": "*",
                                                            "Resource": "*"}]},
                                            PolicyType.IDENTITY), PolicyType.IDENTITY, "all")
        ap = AttachedPolicy(policy, kind, "p")
        pols = {PolicyType.BOUNDARY: CallerPolicies((ident,), boundary=ap),
                PolicyType.SCP: CallerPolicies((ident,), scps=(ap,)),
                PolicyType.SESSION: CallerPolicies((ident,), session=(ap,))}[kind]
        ok = AuthzRequest(ALICE, pols, "s3:GetObject", "arn:aws:s3:::b/alice/x", A,
                          context={"aws:username": "alice"})
        other = AuthzRequest(ALICE, pols, "s3:GetObject", "arn:aws:s3:::b/bob/x", A,
                             context={"aws:username": "alice"})
        assert decide(ok).allowed and not decide(other).allowed


def test_pl01_without_version_variables_are_literal() -> None:
    st = [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]
    ctx = {"aws:username": "alice"}
    assert not allowed(st, resource="arn:aws:s3:::b/alice/x", context=ctx, version=None)
    assert allowed(st, resource="arn:aws:s3:::b/${aws:username}/x", context=ctx, version=None)
    assert not allowed(st, resource="arn:aws:s3:::b/alice/x", context=ctx, version="2008-10-17")


# --- the matcher -------------------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("", "", True), ("*", "", True), ("a*", "a", True), ("*a", "ba", True), ("a*b*c", "abc", True),
    ("a*b*c", "acb", False), ("a?c", "abc", True), ("a?c", "ac", False), ("*?", "", False),
    ("*ab?d*", "xxabcd", True), ("a*a*a*b", "aaaaaaaaab", True), ("??", "abc", False),
    ("*b?d", "abxbcd", True),
])
def test_glob_match_table(pattern: str, value: str, expected: bool) -> None:
    assert glob_match(to_pattern(pattern), value) is expected
    assert compile_glob(to_pattern(pattern))(value) is expected


@pytest.mark.parametrize(("patterns", "value", "expected"), [
    (("s3:get*", "s3:list*"), "s3:listbucket", True),
    (("s3:get*", "s3:list*"), "s3:putobject", False),
    (("s3:getobject", "s3:put*"), "s3:getobject", True),
    (("s3:getobject", "s3:put*"), "s3:putobjectacl", True),
    (("s3:getobject", "s3:put*"), "s3:getobjectacl", False),
    (("*.txt", "*.csv"), "a/b.csv", True),
    (("*.txt", "a/b"), "a/b", True),
    (("*.txt", "a/*", "x?z"), "xyz", True),
    (("*.txt", "a/*", "x?z"), "b/c.md", False),
    (("a*b", "c*"), "axxb", True),
    (("a*b", "c*"), "axxc", False),
    ((), "anything", False),
])
def test_compile_any_matches_when_one_pattern_does(patterns: tuple[str, ...], value: str,
                                                   expected: bool) -> None:
    """PL-05/PL-06: a list of patterns matches when any one of them does, whatever mix of
    literal, prefix (`s3:Get*`), suffix and general patterns it holds."""
    compiled_patterns = tuple(to_pattern(p) for p in patterns)
    assert compile_any(compiled_patterns)(value) is expected
    assert any(glob_match(p, value) for p in compiled_patterns) is expected


@given(st.lists(st.text("ab*?:", min_size=1, max_size=5), max_size=4),
       st.text("ab:*?", max_size=6))
def test_compile_any_agrees_with_glob_match(patterns: list[str], value: str) -> None:
    """The grouped matcher (one set lookup, one startswith, one endswith, then the rest)
    answers as matching each pattern on its own does."""
    compiled_patterns = tuple(to_pattern(p) for p in patterns)
    expected = any(glob_match(p, value) for p in compiled_patterns)
    assert compile_any(compiled_patterns)(value) is expected


def test_glob_match_cannot_blow_up_on_hostile_input() -> None:
    pattern = to_pattern("*a" * 200 + "*b")
    value = "a" * 20000
    start = time.perf_counter()
    assert not glob_match(pattern, value)
    assert not compile_glob(to_pattern("a*" * 50 + "?" * 30 + "b"))("a" * 20000)
    assert time.perf_counter() - start < 0.5


def test_arn_parts_match_falls_back_to_whole_string_for_non_arn_patterns() -> None:
    assert arn_parts_match(to_pattern("*"), "arn:aws:s3:::b")
    assert not arn_parts_match(to_pattern("arn:aws:s3:::b"), "arn:aws:s3:::c")


def test_pv02_dc07_resource_variables_in_the_account_and_resource_parts_only() -> None:
    """DC-07: AWS substitutes the account field too (tests/core/test_resource_variables.py);
    the region field stays literal."""
    ctx = {"aws:username": "alice", "aws:principalaccount": A, "aws:requestedregion": "eu"}
    in_region = [{"Effect": "Allow", "Action": "s3:*",
                  "Resource": "arn:aws:s3:${aws:RequestedRegion}::b/*"}]
    assert not allowed(in_region, resource="arn:aws:s3:eu::b/k", context=ctx)
    in_account = [{"Effect": "Allow", "Action": "s3:*",
                   "Resource": "arn:aws:s3::${aws:PrincipalAccount}:b/*"}]
    assert allowed(in_account, resource=f"arn:aws:s3::{A}:b/k", context=ctx)
    in_resource = [{"Effect": "Allow", "Action": "s3:*",
                    "Resource": "arn:aws:s3:::b/${aws:username}/*"}]
    assert allowed(in_resource, resource="arn:aws:s3:::b/alice/k", context=ctx)
