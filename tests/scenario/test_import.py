"""`rolesim import` (issue 12) on small exports written from AWS's documented output of
`aws iam get-account-authorization-details`: the AWS CLI shape (documents as JSON objects) and
the raw API shape (documents as URL-encoded JSON strings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.scenario.build import build_world
from rolesim.scenario.importer.command import import_exports
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.runner import replay

DATA = Path(__file__).parent / "importer_data"
CLI = DATA / "cli_export.json"
API = DATA / "api_export.json"
A = "111122223333"
ALICE = f"arn:aws:iam::{A}:user/alice"
BOB = f"arn:aws:iam::{A}:user/staff/bob"
DEPLOY = f"arn:aws:iam::{A}:role/deploy"


def imported(path: Path = CLI, **kwargs: object) -> str:
    return import_exports([path], **kwargs).text  # type: ignore[arg-type]


BOB_LISTS_BUCKET = f"""
[[steps]]
do = "sign-in"
principal = "{BOB}"
[[steps]]
do = "call"
action = "s3:ListBucket"
resource = "arn:aws:s3:::b"
"""
"""Bob signs in and lists bucket b: the second result is the SCP tests' call."""


def with_steps(text: str, steps: str) -> str:
    return text + "\n" + steps


def outcomes(text: str) -> list[str]:
    return [r.outcome for r in replay(load_scenario_text(text)).results]


def test_both_shapes_give_the_same_world() -> None:
    """The raw API URL-encodes every policy document; decoded, it is the same world."""
    cli, api = imported(CLI), imported(API)
    assert cli.split("\n", 3)[3] == api.split("\n", 3)[3].replace("api_export", "cli_export")
    assert "%22" not in api
    summary = import_exports([API]).summary
    assert summary.sources[0]["shape"] == "api"


def test_scenario_has_no_steps_and_runs() -> None:
    scenario = load_scenario_text(imported())
    assert scenario.steps == []
    world = build_world(scenario)
    assert world.users[ALICE].unique_id == "AIDAJQABLZS4A3QDU576Q"
    assert world.roles[DEPLOY].unique_id == "AROAJQABLZS4A3QDU576Q"
    assert world.groups[f"arn:aws:iam::{A}:group/Admins"].unique_id == "AGPAJQABLZS4A3QDU576Q"
    assert main(["run", str(_write(imported()))]) == 0


def test_unique_id_principal_trusts_only_that_entity_tp06() -> None:
    """TP-06: a trust naming `AIDA...` names the user with that ID: alice may assume deploy,
    bob (another ID) may not; the ID of a deleted user matches nobody."""
    steps = f"""
[[steps]]
do = "sign-in"
principal = "{ALICE}"
[[steps]]
do = "assume-role"
role = "{DEPLOY}"
session_name = "alice"
[[steps]]
do = "sign-in"
principal = "{BOB}"
[[steps]]
do = "assume-role"
role = "{DEPLOY}"
session_name = "bob"
"""
    assert outcomes(with_steps(imported(), steps)) == ["ok", "ok", "ok", "AccessDenied"]


def test_group_names_resolve_and_a_missing_group_is_reported_not_invented() -> None:
    result = import_exports([CLI])
    world = build_world(load_scenario_text(result.text))
    assert world.users[ALICE].groups == [f"arn:aws:iam::{A}:group/Admins"]
    assert "Ghosts" not in result.text
    assert {"kind": "group", "name": "Ghosts", "by": ALICE} in result.summary.missing


def test_federated_trusts_infer_saml_and_oidc_providers() -> None:
    result = import_exports([CLI])
    world = build_world(load_scenario_text(result.text))
    saml = f"arn:aws:iam::{A}:saml-provider/Corp"
    oidc = f"arn:aws:iam::{A}:oidc-provider/token.actions.githubusercontent.com"
    assert world.providers[saml].kind == "saml"
    assert world.providers[oidc].audiences == ["sts.amazonaws.com"]
    assert {i["arn"] for i in result.summary.inferred} == {saml, oidc}
    assert "Inferred" in result.text.split("format = 1")[0]  # flagged in the header


def test_service_linked_role_and_instance_profile() -> None:
    """SLR-01: roles under /aws-service-role/ are service-linked."""
    world = build_world(load_scenario_text(imported()))
    slr = (f"arn:aws:iam::{A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/"
           "AWSServiceRoleForElasticLoadBalancing")
    assert world.roles[slr].service_linked
    profile = world.instance_profiles[f"arn:aws:iam::{A}:instance-profile/web"]
    assert profile.role == f"arn:aws:iam::{A}:role/web"


def test_default_version_only_and_aws_managed_difference_kept() -> None:
    result = import_exports([CLI])
    scenario = load_scenario_text(result.text)
    app = next(p for p in scenario.policies if p.arn.endswith(":policy/AppPolicy"))
    assert '"s3:ListBucket"' in str(app.document) and '"s3:*"' not in str(app.document)
    # v1 is stored, not in force: kept for iam:SetDefaultPolicyVersion (test_import_versions)
    assert app.default_version == "v2" and [v.id for v in app.versions or []] == ["v1"]
    assert result.summary.counts["stored policy versions (not in force)"] == 1
    assert result.summary.differs_from_shipped == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    assert "arn:aws:iam::aws:policy/AdministratorAccess'\ndocument" not in result.text


def test_summary_names_what_is_not_carried_over(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    out = tmp_path / "w.toml"
    assert main(["import", str(CLI), "-o", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    whats = {item["what"] for item in report["not_carried_over"]}
    assert "RoleDetailList[].RoleLastUsed" in whats
    assert "non-default policy versions" not in whats  # kept now (test_import_versions)
    assert report["ignored_fields"] == ["UserDetailList[].SomethingNew"]
    assert any("mfa" in line for line in report["defaults"])
    assert report["counts"]["users"] == 2
    header = out.read_text().split("format = 1")[0]
    assert str(CLI) in header and A in header and "rolesim 0.1.0" in header


@pytest.mark.parametrize(("mutate", "where"), [
    (lambda d: d.update(IsTruncated=True), "$.IsTruncated"),
    (lambda d: d["RoleDetailList"][1].update(AssumeRolePolicyDocument="%7B%22Statement"),
     "$.RoleDetailList[1].AssumeRolePolicyDocument"),
    (lambda d: d["UserDetailList"][0].pop("Arn"), "$.UserDetailList[0].Arn"),
    (lambda d: d["Policies"][0]["PolicyVersionList"][1].update(IsDefaultVersion=False),
     "$.Policies[0].PolicyVersionList"),
])
def test_malformed_export_exits_2_naming_file_and_path(mutate: object, where: str,
                                                       tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    data = json.loads(API.read_text())
    mutate(data)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["import", str(bad), "-o", str(tmp_path / "o.toml")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(bad) in err and where in err


def test_truncated_file_names_the_path_reached(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = CLI.read_text()
    cut = text.index('"RoleName": "web"')
    bad = tmp_path / "cut.json"
    bad.write_text(text[:cut + 12])
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "$.RoleDetailList[3].RoleName" in err and "truncated" in err


def test_export_accepted_directly_by_who_can_assume(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["who-can-assume", str(API), DEPLOY, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert ALICE in json.dumps(report) and BOB not in json.dumps(report)


def test_scps_from_organizations_output(tmp_path: Path) -> None:
    """ORG-01: an SCP that does not allow an action denies it, whatever IAM allows."""
    scps = tmp_path / "scps.json"
    deny_s3 = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}
    scps.write_text(json.dumps([{"Policy": {"PolicySummary": {"Id": "p-1", "Name": "no-s3"},
                                            "Content": json.dumps(deny_s3)},
                                 "Targets": [{"TargetId": A, "Type": "ACCOUNT"},
                                             {"TargetId": "ou-ab12-x", "Type":
                                              "ORGANIZATIONAL_UNIT"}]}]))
    result = import_exports([CLI], scps=scps)
    steps = BOB_LISTS_BUCKET
    assert outcomes(with_steps(result.text, steps))[1] == "explicitDeny"
    assert any("OU" in why for (_, why) in result.summary.not_carried)
    mapping = tmp_path / "scps.toml"
    (tmp_path / "deny.json").write_text(json.dumps(deny_s3))
    mapping.write_text(f'[accounts]\n"{A}" = ["deny.json"]\n')
    again = import_exports([CLI], scps=mapping).text
    assert outcomes(with_steps(again, steps))[1] == "explicitDeny"


def test_scps_keep_their_organization_levels(tmp_path: Path) -> None:
    """ORG-02: ROOT, OU and ACCOUNT targets become levels, and every level must allow: an SCP
    allowing everything at the root and on the account does not make up for an OU whose SCP
    allows only EC2. The Why names the OU. An account with levels but no SCP of its own in the
    file gets FullAWSAccess, AWS's default, and the summary says so."""
    def policy(pid: str, actions: str, targets: list[tuple[str, str]]) -> dict[str, object]:
        content = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": actions, "Resource": "*"}]}
        return {"Policy": {"PolicySummary": {"Id": pid, "Name": pid},
                           "Content": json.dumps(content)},
                "Targets": [{"TargetId": t, "Type": kind} for t, kind in targets]}

    scps = tmp_path / "scps.json"
    scps.write_text(json.dumps({
        "OrganizationalUnits": {"ou-ab12-work": [A]},
        "Policies": [policy("p-FullAWSAccess", "*", [("r-ab12", "ROOT")]),
                     policy("p-ec2", "ec2:*", [("ou-ab12-work", "ORGANIZATIONAL_UNIT")])]}))
    result = import_exports([CLI], scps=scps)
    steps = BOB_LISTS_BUCKET
    run = replay(load_scenario_text(with_steps(result.text, steps))).results[1]
    assert run.outcome == "implicitDeny"
    assert run.decision is not None and "OU ou-ab12-work" in run.decision.reason
    assert any("FullAWSAccess assumed" in line for line in result.summary.defaults)
    world = build_world(load_scenario_text(result.text))
    assert [name for name, _ in world.accounts[A].scp_levels or []] == [
        "root r-ab12", "OU ou-ab12-work"]
    anonymized = import_exports([CLI], scps=scps, anonymize=True, key=b"k").text
    assert "ou-ab12-work" not in anonymized and "r-ab12" not in anonymized
    levels = next(iter(build_world(load_scenario_text(anonymized)).accounts.values())).scp_levels
    assert [name for name, _ in levels or []] == ["organization root", "OU 1"]


def test_scp_toml_mapping_keeps_levels(tmp_path: Path) -> None:
    """ORG-02 through the TOML form of --scps: `[[levels]]` (root first, then each OU) are
    levels above the account, and each must allow. Allow-all at the root and on the account
    does not make up for an OU level that allows only EC2; the Why names that OU."""
    def write(name: str, actions: str) -> None:
        (tmp_path / name).write_text(json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": actions, "Resource": "*"}]}))

    write("all.json", "*")
    write("ec2.json", "ec2:*")
    mapping = tmp_path / "scps.toml"
    mapping.write_text(f'[accounts]\n"{A}" = ["all.json"]\n\n'
                       '[[levels]]\nfiles = ["all.json"]\n\n'
                       f'[[levels]]\nname = "OU work"\nfiles = ["ec2.json"]\naccounts = ["{A}"]\n')
    result = import_exports([CLI], scps=mapping)
    world = build_world(load_scenario_text(result.text))
    assert [name for name, _ in world.accounts[A].scp_levels or []] == [
        "organization root", "OU work"]
    steps = BOB_LISTS_BUCKET
    run = replay(load_scenario_text(with_steps(result.text, steps))).results[1]
    assert run.outcome == "implicitDeny"
    assert run.decision is not None and "OU work" in run.decision.reason


@pytest.mark.parametrize(("text", "where"), [
    ('[accounts]\n"111122223333" = ["all.json"]\n[[level]]\nfiles = ["all.json"]\n', "level"),
    ('[accounts]\n"111122223333" = ["all.json"]\n[[levels]]\nfile = ["all.json"]\n',
     "levels[0].file"),
    ('[accounts]\n"111122223333" = ["all.json"]\n[[levels]]\nfiles = "all.json"\n',
     "levels[0].files"),
    ('[accounts]\n"111122223333" = "all.json"\n', "accounts.111122223333"),
])
def test_scp_toml_mapping_errors_name_the_key(tmp_path: Path, text: str, where: str) -> None:
    (tmp_path / "all.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    mapping = tmp_path / "scps.toml"
    mapping.write_text(text)
    with pytest.raises(Exception, match=where.replace("[", r"\[").replace("]", r"\]")):
        import_exports([CLI], scps=mapping)


def test_resource_policies_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "s3").mkdir()
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:ListBucket",
         "Resource": "arn:aws:s3:::app-assets"}]}
    (tmp_path / "s3" / "app-assets.json").write_text(json.dumps({"Policy": json.dumps(policy)}))
    (tmp_path / "sqs" / "us-east-1" / A).mkdir(parents=True)
    (tmp_path / "sqs" / "us-east-1" / A / "jobs.json").write_text(json.dumps(
        {"Attributes": {"Policy": json.dumps(policy)}}))
    result = import_exports([CLI], resource_policies=tmp_path)
    world = build_world(load_scenario_text(result.text))
    assert world.resources["arn:aws:s3:::app-assets"].account == A
    assert f"arn:aws:sqs:us-east-1:{A}:jobs" in world.resources


def test_several_exports_make_a_multi_account_world(tmp_path: Path) -> None:
    other = json.loads(CLI.read_text().replace(A, "444455556666")
                       .replace("JQABLZS4A3QDU576Q", "JQABLZS4A3QDU576R")
                       .replace("EXAMPLE", "EXAMPLF"))
    second = tmp_path / "b.json"
    second.write_text(json.dumps(other))
    result = import_exports([CLI, second])
    world = build_world(load_scenario_text(result.text))
    assert {"111122223333", "444455556666"} <= set(world.accounts)
    assert len(world.users) == 4


def test_id_key_checks_prefix_and_duplicates() -> None:
    base = 'format = 1\ntitle = "t"\n[[users]]\narn = "arn:aws:iam::111111111111:user/a"\n'
    with pytest.raises(Exception, match='starting "AIDA"'):
        load_scenario_text(base + 'id = "AROAEXAMPLE0000000001"\n')
    twice = base + ('id = "AIDAEXAMPLE0000000001"\n[[users]]\n'
                    'arn = "arn:aws:iam::111111111111:user/b"\nid = "AIDAEXAMPLE0000000001"\n')
    with pytest.raises(Exception, match="already used"):
        build_world(load_scenario_text(twice))


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "w.toml"
    path.write_text(text)
    return path


def test_an_export_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    from rolesim.scenario.importer.detect import imported_scenario

    renamed = tmp_path / "looks-like-anything.txt"
    renamed.write_text(CLI.read_text())
    imported = imported_scenario(renamed)
    assert imported is not None and imported.roles
    scenario = tmp_path / "s.toml"
    scenario.write_text('format = 1\ntitle = "t"\n')
    assert imported_scenario(scenario) is None
    other_json = tmp_path / "other.json"
    other_json.write_text('{"Statement": []}')
    assert imported_scenario(other_json) is None


def test_imported_scps_keep_their_own_names(tmp_path: Path) -> None:
    """ORG-01: the SCP whose Deny refuses is named as Organizations names it (its
    PolicySummary.Name), or by its file in the TOML mapping; --anonymize drops the names (an
    organization's own words, like descriptions)."""
    deny_s3 = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}
    scps = tmp_path / "scps.json"
    scps.write_text(json.dumps([{"Policy": {"PolicySummary": {"Id": "p-1", "Name": "no-s3"},
                                            "Content": json.dumps(deny_s3)},
                                 "Targets": [{"TargetId": A, "Type": "ACCOUNT"}]}]))
    run = replay(load_scenario_text(with_steps(import_exports([CLI], scps=scps).text,
                                               BOB_LISTS_BUCKET))).results[1]
    assert run.decision is not None
    assert "SCP no-s3 on account 111122223333" in run.decision.reason
    (tmp_path / "deny-storage.json").write_text(json.dumps(deny_s3))
    mapping = tmp_path / "scps.toml"
    mapping.write_text(f'[accounts]\n"{A}" = ["deny-storage.json"]\n')
    world = build_world(load_scenario_text(import_exports([CLI], scps=mapping).text))
    assert world.accounts[A].scp_names == {(-1, 0): "deny-storage"}
    anonymized = import_exports([CLI], scps=scps, anonymize=True, key=b"k").text
    assert "no-s3" not in anonymized and "scp_names" not in anonymized
