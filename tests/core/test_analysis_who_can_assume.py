"""Who can assume a role (issue #6): trust conditions evaluated, requirements named, chains."""

from __future__ import annotations

from rolesim.core.analysis.who_can_assume import AssumePath, who_can_assume
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text

A = "111111111111"
B = "222222222222"


def trust(principal: str, condition: str = "", action: str = "sts:AssumeRole") -> str:
    cond = f', "Condition": {condition}' if condition else ""
    return (f"'''{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", "
            f"\"Principal\": {principal}, \"Action\": \"{action}\"{cond}}}]}}'''")


def allow(action: str, resource: str = "*", effect: str = "Allow") -> str:
    return (f"'''{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"{effect}\", "
            f"\"Action\": \"{action}\", \"Resource\": \"{resource}\"}}]}}'''")


HEAD = f"""
format = 1
title = "who can assume"

[[accounts]]
id = "{A}"

[[accounts]]
id = "{B}"
scps = [{allow("*")}]
"""


def role(name: str, trust_doc: str, account: str = A, extra: str = "") -> str:
    head = f'\n[[roles]]\narn = "arn:aws:iam::{account}:role/{name}"'
    return f"{head}\ntrust = {trust_doc}\n{extra}\n"


def user(name: str, account: str = A, extra: str = "") -> str:
    return f'\n[[users]]\narn = "arn:aws:iam::{account}:user/{name}"\n{extra}\n'


def analyse(body: str, target: str) -> dict[str, AssumePath]:
    world = build_world(load_scenario_text(HEAD + body, "who.toml"))
    return {p.principal.rsplit("/", 1)[-1]: p for p in who_can_assume(world, target)}


def arn(name: str, account: str = A) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def test_tp09_named_user_needs_no_identity_policy() -> None:
    found = analyse(user("alice") + role("R", trust(f'{{"AWS": "arn:aws:iam::{A}:user/alice"}}')),
                    arn("R"))
    assert set(found) == {"alice"}
    assert found["alice"].kind == "user"
    assert found["alice"].path == (f"arn:aws:iam::{A}:user/alice", arn("R"))
    assert found["alice"].requires == ()


def test_tp09_account_trust_needs_an_identity_allow() -> None:
    body = (user("alice", extra=f"inline.a = {allow('sts:AssumeRole', arn('R'))}")
            + user("bob")
            + role("R", trust(f'{{"AWS": "arn:aws:iam::{A}:root"}}')))
    assert set(analyse(body, arn("R"))) == {"alice"}


def test_tp10_cross_account_needs_both_sides_and_tp12_deny_wins() -> None:
    body = (user("carol", B, extra=f"inline.a = {allow('sts:AssumeRole')}")
            + user("dan", B)  # no identity allow
            + user("erin", B, extra=f"inline.a = {allow('sts:AssumeRole')}\n"
                                    f"inline.d = {allow('sts:AssumeRole', effect='Deny')}")
            + role("R", trust(f'{{"AWS": "{B}"}}')))
    assert set(analyse(body, arn("R"))) == {"carol"}


def test_tp13_external_id_is_a_requirement() -> None:
    body = (user("carol", B, extra=f"inline.a = {allow('sts:AssumeRole')}")
            + role("R", trust(f'{{"AWS": "{B}"}}',
                              '{"StringEquals": {"sts:ExternalId": "Example-42"}}')))
    found = analyse(body, arn("R"))
    assert found["carol"].requires == ("external id = 'Example-42'",)
    assert found["carol"].to_json() == {
        "principal": f"arn:aws:iam::{B}:user/carol",
        "path": [f"arn:aws:iam::{B}:user/carol", arn("R")],
        "requires": ["external id = 'Example-42'"],
        "why": [["Allow in the trust policy of R, Statement[0]",
                 "Allow in identity-based policy a (inline on carol), Statement[0]"]],
    }


def test_tp14_mfa_requirement_and_users_without_a_device_are_left_out() -> None:
    body = (user("alice", extra="mfa = true") + user("bob")
            + role("R", trust(f'{{"AWS": ["arn:aws:iam::{A}:user/alice", '
                              f'"arn:aws:iam::{A}:user/bob"]}}',
                              '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}')))
    found = analyse(body, arn("R"))
    assert set(found) == {"alice"}
    assert found["alice"].requires == ("MFA",)


def test_conditions_on_what_the_caller_is_are_evaluated_not_dropped() -> None:
    both = f'{{"AWS": ["arn:aws:iam::{A}:user/ana", "arn:aws:iam::{A}:user/ben"]}}'
    body = (user("ana", extra='tags = { team = "blue" }')
            + user("ben", extra='tags = { team = "red" }')
            + role("R", trust(both, '{"StringEquals": {"aws:PrincipalTag/team": "blue"}}')))
    assert set(analyse(body, arn("R"))) == {"ana"}


def test_a_condition_that_can_never_hold_leaves_the_hop_out() -> None:
    body = (user("ana")
            + role("R", trust(f'{{"AWS": "arn:aws:iam::{A}:user/ana"}}',
                              '{"Bool": {"aws:SecureTransport": "false"}}')))
    assert analyse(body, arn("R")) == {}


def test_tp11_boundary_stops_a_named_caller() -> None:
    body = (f'\n[[policies]]\narn = "arn:aws:iam::{A}:policy/b"\ndocument = {allow("s3:*")}\n'
            + user("ana", extra=f'boundary = "arn:aws:iam::{A}:policy/b"')
            + role("R", trust(f'{{"AWS": "arn:aws:iam::{A}:user/ana"}}')))
    assert analyse(body, arn("R")) == {}


def test_tag02_session_tags_needed_require_tag_session_in_trust() -> None:
    condition = '{"StringEquals": {"aws:RequestTag/project": "x"}}'
    only_assume = role("R", trust(f'{{"AWS": "arn:aws:iam::{A}:user/ana"}}', condition))
    assert analyse(user("ana") + only_assume, arn("R")) == {}
    both = role("R", f"""'''{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
      "Principal": {{"AWS": "arn:aws:iam::{A}:user/ana"}},
      "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {condition}}}]}}'''""")
    found = analyse(user("ana") + both, arn("R"))
    assert found["ana"].requires == ("session tag project = 'x'",)


def test_ch08_chains_are_found_with_each_hop() -> None:
    body = (user("alice")
            + role("Jump", trust(f'{{"AWS": "arn:aws:iam::{A}:user/alice"}}'))
            + role("Deploy", trust(f'{{"AWS": "{arn("Jump")}"}}',
                                   '{"StringEquals": {"sts:ExternalId": "e-1"}}')))
    found = analyse(body, arn("Deploy"))
    assert set(found) == {"alice", "Jump"}
    assert found["Jump"].kind == "role"
    assert found["alice"].path == (f"arn:aws:iam::{A}:user/alice", arn("Jump"), arn("Deploy"))
    assert found["alice"].requires == ("Deploy: external id = 'e-1'",)


def test_session_arn_principal_names_the_role_with_that_session_name() -> None:
    body = (user("alice") + role("Jump", trust(f'{{"AWS": "arn:aws:iam::{A}:user/alice"}}'))
            + role("Notes", trust(f'{{"AWS": "arn:aws:sts::{A}:assumed-role/Jump/release"}}')))
    found = analyse(body, arn("Notes"))
    assert found["Jump"].requires == ("a session of Jump named 'release'",)
    assert found["alice"].path[-2:] == (arn("Jump"), arn("Notes"))


def test_service_principal_with_confused_deputy_guard() -> None:
    body = role("S", trust('{"Service": "scheduler.amazonaws.com"}',
                           f'{{"StringEquals": {{"aws:SourceAccount": "{A}"}}}}'))
    found = analyse(body, arn("S"))
    assert found["scheduler.amazonaws.com"].kind == "service"
    assert found["scheduler.amazonaws.com"].requires == (f"source account = '{A}'",)


GITHUB = "token.actions.githubusercontent.com"


def test_oidc_token_claims_and_provider_audience() -> None:
    provider = (f'\n[[providers]]\narn = "arn:aws:iam::{A}:oidc-provider/{GITHUB}"\n'
                'audiences = ["sts.amazonaws.com"]\n')
    fed = f'{{"Federated": "arn:aws:iam::{A}:oidc-provider/{GITHUB}"}}'
    good = role("Deploy", trust(fed, f'{{"StringEquals": {{"{GITHUB}:aud": "sts.amazonaws.com"}}, '
                                     f'"StringLike": {{"{GITHUB}:sub": "repo:org/app:*"}}}}',
                                "sts:AssumeRoleWithWebIdentity"))
    found = analyse(provider + good, arn("Deploy"))
    assert found[GITHUB].kind == "provider"
    assert set(found[GITHUB].requires) == {"token claim aud = 'sts.amazonaws.com'",
                                           "token claim sub = matching 'repo:org/app:*'"}
    wrong_aud = role("Deploy", trust(fed, f'{{"StringEquals": {{"{GITHUB}:aud": "other"}}}}',
                                     "sts:AssumeRoleWithWebIdentity"))
    assert analyse(provider + wrong_aud, arn("Deploy")) == {}


def test_unknown_role_and_role_nobody_trusts() -> None:
    assert analyse(user("a"), arn("Missing")) == {}
    body = user("a") + role("R", trust('{"Service": "ec2.amazonaws.com"}'))
    assert set(analyse(body, arn("R"))) == {"ec2.amazonaws.com"}


def _si_trust(principal: str, with_set: bool, condition: str = "") -> str:
    actions = '["sts:AssumeRole", "sts:SetSourceIdentity"]' if with_set else '"sts:AssumeRole"'
    cond = f', "Condition": {condition}' if condition else ""
    return (f"'''{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", "
            f"\"Principal\": {{\"AWS\": \"{principal}\"}}, \"Action\": {actions}{cond}}}]}}'''")


def test_si03_a_source_identity_set_early_must_be_accepted_at_every_later_hop() -> None:
    needs_si = '{"StringEquals": {"sts:SourceIdentity": "${aws:username}"}}'
    body = (user("diego")
            + role("Analyst", _si_trust(f"arn:aws:iam::{A}:user/diego", True, needs_si))
            + role("Auditor", _si_trust(arn("Analyst"), True))
            + role("Archive", _si_trust(arn("Analyst"), False)))
    auditor = analyse(body, arn("Auditor"))
    assert auditor["diego"].requires == ("Analyst: source identity = 'diego'",)
    assert "Analyst" in auditor
    # Archive's trust lacks sts:SetSourceIdentity: diego's sticky source identity is refused,
    # and every session of Analyst carries one, so Analyst's sessions cannot either.
    assert analyse(body, arn("Archive")) == {}


def test_ec2_service_path_names_the_instance_profile() -> None:
    body = (role("Web", trust('{"Service": "ec2.amazonaws.com"}'))
            + f'\n[[instance_profiles]]\narn = "arn:aws:iam::{A}:instance-profile/web"\n'
              f'role = "{arn("Web")}"\n')
    found = analyse(body, arn("Web"))
    assert found["ec2.amazonaws.com"].requires == (
        f"an EC2 instance launched with instance profile arn:aws:iam::{A}:instance-profile/web",)


def _tag_chain(role1_actions: str, role1_extra: str = "") -> str:
    role1_trust = (f"'''{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", "
                   f"\"Principal\": {{\"AWS\": \"arn:aws:iam::{A}:user/alice\"}}, "
                   f"\"Action\": {role1_actions}}}]}}'''")
    return (user("alice") + role("Role1", role1_trust, extra=role1_extra)
            + role("Role2", trust(f'{{"AWS": "{arn("Role1")}"}}',
                                  '{"StringEquals": {"aws:PrincipalTag/project": "x"}}')))


def test_tag09_a_principal_tag_wanted_of_a_role_session_can_come_from_a_session_tag() -> None:
    found = analyse(_tag_chain('["sts:AssumeRole", "sts:TagSession"]'), arn("Role2"))
    assert found["alice"].path == (f"arn:aws:iam::{A}:user/alice", arn("Role1"), arn("Role2"))
    assert found["alice"].requires == ("Role2: calling session tagged project = 'x'",)
    assert found["Role1"].requires == ("calling session tagged project = 'x'",)


def test_tag02_without_tag_session_in_the_first_trust_the_tag_cannot_be_had() -> None:
    assert analyse(_tag_chain('"sts:AssumeRole"'), arn("Role2")) == {}


def test_a_role_tag_already_satisfies_the_principal_tag() -> None:
    found = analyse(_tag_chain('"sts:AssumeRole"', 'tags = { project = "x" }'), arn("Role2"))
    assert found["alice"].requires == ()
