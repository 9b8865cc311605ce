"""`rolesim inspect` and `rolesim who-can-assume` (issue #6): JSON shape, text, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.scenario.inspect_report import run_inspect, run_who_can_assume

A = "111111111111"
B = "222222222222"
ROLE = f"arn:aws:iam::{A}:role/UpdateApp"

SCENARIO = f"""
format = 1
title = "inspect"

[[policies]]
arn = "arn:aws:iam::{A}:policy/app-bucket"
document = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
    "Resource": "arn:aws:s3:::productionapp/*"}}]}}'''

[[roles]]
arn = "{ROLE}"
policies = ["arn:aws:iam::{A}:policy/app-bucket"]
tags = {{ team = "ops" }}
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{B}:root"}},
    "Action": ["sts:AssumeRole", "sts:TagSession"],
    "Condition": {{"StringEquals": {{"sts:ExternalId": "xyz"}}}}}}]}}'''

[[resources]]
arn = "arn:aws:s3:::productionapp"
account = "{A}"

[[users]]
arn = "arn:aws:iam::{B}:user/david"
policies = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
inline.assume = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "{ROLE}"}}]}}'''

[[users]]
arn = "arn:aws:iam::{B}:user/theresa"

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{B}:user/david"

[[steps]]
do = "assume-role"
role = "{ROLE}"
session_name = "david"
external_id = "xyz"
tags = {{ project = "apollo" }}
transitive_tag_keys = ["project"]
policy = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}'''
expect = "ok"

[[steps]]
do = "advance"
minutes = 15
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "inspect.toml"
    path.write_text(SCENARIO)
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_inspect_json_has_the_promised_keys(scenario: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["inspect", str(scenario), "--json"])
    assert isinstance(data, dict)
    assert {"clock", "identity", "signed_in", "chain", "effective_permissions",
            "given_up"} <= set(data)
    assert data["clock"] == "2026-01-01T09:15:00Z"  # after the advance step
    assert data["step"] == 3 and data["index"] == 2
    assert data["signed_in"] == {"arn": f"arn:aws:iam::{B}:user/david", "account": B,
                                 "user_id": data["signed_in"]["user_id"], "type": "User"}
    assert data["signed_in"]["user_id"].startswith("AIDA")  # ID-11
    assert data["identity"]["user_id"].startswith("AROA")  # ID-11: who you are now, the role
    bottom, top = data["chain"]
    assert bottom["arn"] == f"arn:aws:iam::{B}:user/david" and bottom["expiration"] is None
    # the session fields of `rolesim run --json`
    for key in ("arn", "account", "user_id", "issued", "expiration", "session_tags",
                "principal_tags", "transitive_tag_keys", "source_identity", "chained", "mfa",
                "depth"):
        assert key in top, key
    assert top["arn"] == f"arn:aws:sts::{A}:assumed-role/UpdateApp/david"
    assert top["expiration"] == "2026-01-01T10:00:00Z"
    assert top["seconds_left"] == 45 * 60
    assert top["session_tags"] == {"project": "apollo"}
    assert top["principal_tags"] == {"team": "ops", "project": "apollo"}  # TAG-09
    assert top["principal_tag_origins"] == {"team": "role tag", "project": "session tag"}
    assert top["depth"] == 1


def test_inspect_effective_permissions_are_role_and_session_policy_intersected(
        scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["inspect", str(scenario), "--json"])
    assert isinstance(data, dict)
    effective = data["effective_permissions"]
    assert effective["s3"]["actions"] == ["s3:GetObject"]  # AR-15: PutObject is cut
    assert effective["s3"]["access_levels"]["Read"] == 1
    assert effective["s3"]["access_levels"]["Write"] == 0
    assert effective["sts"]["actions"] == ["sts:GetCallerIdentity"]
    # the role's policy names the objects, so GetObject is allowed there and not on "*"
    assert effective["s3"]["resources"] == {"s3:GetObject": ["arn:aws:s3:::productionapp/*"]}
    assert "resources" not in effective["sts"]  # GetCallerIdentity: on "*" only
    lost = data["given_up"]
    assert "s3:ListBucket" in lost["s3"]["actions"]  # David's read-only S3, given up (XA-04)
    # AssumeRole is not in David's effective permissions: the trust wants an external id and a
    # request "as it stands" carries none (TP-13), so it is not given up either.
    assert "sts" not in lost
    assert "s3:GetObject" not in lost["s3"]["actions"]


def test_inspect_step_one_is_the_signed_in_user(scenario: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Steps are numbered from 1, as in the TUI: step 1 is the sign-in; the JSON's `index`
    stays 0-based, as in `rolesim run --json`."""
    data = _json(capsys, ["inspect", str(scenario), "--step", "1", "--json"])
    assert isinstance(data, dict)
    assert data["step"] == 1 and data["index"] == 0 and data["do"] == "sign-in"
    assert data["identity"] == data["signed_in"]
    assert len(data["chain"]) == 1
    assert data["given_up"] == {}
    assert "s3:ListBucket" in data["effective_permissions"]["s3"]["actions"]


def test_inspect_text(scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_inspect(scenario, 2, False) == 0
    out = " ".join(capsys.readouterr().out.split())  # lines are fitted to the terminal
    assert "after step 2 (assume-role)" in out
    assert f"Identity now: arn:aws:sts::{A}:assumed-role/UpdateApp/david" in out
    assert f"Signed in as: arn:aws:iam::{B}:user/david" in out
    assert f"depth 1: arn:aws:sts::{A}:assumed-role/UpdateApp/david" in out
    assert "1h00m left" in out
    assert "project=apollo (transitive)" in out
    assert "team=ops (role tag)" in out
    assert "s3: 1 (Read 1): GetObject on arn:aws:s3:::productionapp/*" in out
    assert "Given up compared to" in out


def test_inspect_step_zero_is_before_any_step(scenario: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["inspect", str(scenario), "--step", "0", "--json"])
    assert isinstance(data, dict)
    assert data["step"] == 0 and "index" not in data
    assert data["identity"] is None and data["chain"] == []


def test_inspect_identity_is_the_top_session_as_get_caller_identity_says(
        scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ID-10: GetCallerIdentity answers for the credentials in use, the role session after an
    AssumeRole, not the user who signed in; `signed_in` keeps that user."""
    data = _json(capsys, ["inspect", str(scenario), "--step", "2", "--json"])
    assert isinstance(data, dict)
    assert data["identity"]["arn"] == f"arn:aws:sts::{A}:assumed-role/UpdateApp/david"
    assert data["identity"]["account"] == A and data["identity"]["type"] == "AssumedRole"
    assert data["identity"] == {k: data["chain"][-1][k] for k in ("arn", "account", "user_id")
                                } | {"type": "AssumedRole"}
    assert data["signed_in"]["arn"] == f"arn:aws:iam::{B}:user/david"


@pytest.mark.parametrize("argv_tail", [["--step", "4"], ["--step", "-1"]])
def test_inspect_bad_step_is_one_line_exit_2(scenario: Path, argv_tail: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(scenario), *argv_tail]) == 2
    err = capsys.readouterr().err
    assert "has 3 steps" in err
    assert len(err.strip().splitlines()) == 1


def test_inspect_missing_or_broken_file_exit_2(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\ntitle = 'x'\nbogus = 3\n")
    assert main(["inspect", str(broken), "--json"]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and "Traceback" not in err


def test_who_can_assume_json(scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["who-can-assume", str(scenario), ROLE, "--json"])
    assert data == [{"principal": f"arn:aws:iam::{B}:user/david",
                     "path": [f"arn:aws:iam::{B}:user/david", ROLE],
                     "requires": ["external id = 'xyz'"],
                     # TP-10: both halves, the trust and david's own allow
                     "why": [["Allow in the trust policy of UpdateApp, Statement[0]",
                              "Allow in identity-based policy assume (inline on david), "
                              "Statement[0]"]]}]


def test_who_can_assume_text_and_errors(scenario: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_who_can_assume(scenario, ROLE, False) == 0
    out = capsys.readouterr().out
    assert "user arn:aws:iam::222222222222:user/david" in out
    assert "needs: external id = 'xyz'" in out
    assert "theresa" not in out  # trusted account, but no identity allow (TP-10)
    assert main(["who-can-assume", str(scenario), f"arn:aws:iam::{A}:role/Nope"]) == 2
    assert "no role" in capsys.readouterr().err


UNCATALOGUED = f"""
format = 1
title = "uncatalogued"

[[roles]]
arn = "arn:aws:iam::{A}:role/Tinkerer"
trust = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{A}:root"}},
    "Action": "sts:AssumeRole"}}]}}'''
inline.mixed = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": ["madeup:DoThing", "newsvc:Get*", "s3:GetObject",
    "s3:NoSuchAction"], "Resource": "*"}},
  {{"Effect": "Allow", "Action": "denied:Thing", "Resource": "*"}},
  {{"Effect": "Deny", "Action": "denied:*", "Resource": "*"}}]}}'''

[[users]]
arn = "arn:aws:iam::{A}:user/ann"
inline.assume = '''{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}'''

[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{A}:user/ann"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::{A}:role/Tinkerer"
session_name = "ann"
"""


def test_allowed_actions_the_catalogue_lacks_are_listed_not_dropped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An identity policy's Allow allows the actions it names, listed in the reference or not
    (EV-02 step 5; names and wildcards are matched as text, PL-05): an action named outright
    (madeup:DoThing, s3:NoSuchAction) or by a pattern matching nothing known (newsvc:Get*) is
    allowed; one an explicit Deny matches is not (EV-02 step 1)."""
    path = tmp_path / "uncatalogued.toml"
    path.write_text(UNCATALOGUED)
    data = _json(capsys, ["inspect", str(path), "--json"])
    assert isinstance(data, dict)
    assert data["uncatalogued_actions"] == ["madeup:DoThing", "newsvc:Get*", "s3:NoSuchAction"]
    assert data["effective_permissions"]["s3"]["actions"] == ["s3:GetObject"]
    assert run_inspect(path, None, False) == 0
    out = capsys.readouterr().out
    assert "also allowed, not in the catalogue (data version " in out
    assert "madeup:DoThing, newsvc:Get*, s3:NoSuchAction" in out


def test_uncatalogued_actions_empty_when_all_are_known(scenario: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, ["inspect", str(scenario), "--json"])
    assert isinstance(data, dict)
    assert data["uncatalogued_actions"] == []
