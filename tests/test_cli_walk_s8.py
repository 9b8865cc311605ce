"""What a new user tripped over on the command line (session 8): `inspect` past 80 columns,
errors in several forms, a run that checked nothing said "passed", `import -o` into a folder
that does not exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rolesim.cli import main
from rolesim.lessons import lessons_dir

LESSONS = sorted(lessons_dir().glob("*.toml"))
ONE_ACCOUNT = 'format = 1\ntitle = "Empty"\n[[accounts]]\nid = "111111111111"\n'


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# -- inspect at 80 columns ---------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_inspect_fits_80_columns(lesson: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a line that is one word (an ARN longer than 80 columns) may run past; before,
    lesson 04's chain and identity lines ran to 130 columns and lesson 18's to 400."""
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = _run(capsys, "inspect", str(lesson))
    assert status == 0
    long = [line for line in out.splitlines() if len(line) > 80 and " " in line.strip()]
    assert long == []


def test_inspect_continues_a_line_under_itself(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = _run(capsys, "inspect", str(lessons_dir() / "04-role-chaining.toml"))
    lines = out.splitlines()
    at = lines.index("Identity now: arn:aws:sts::111111111111:assumed-role/DeployRole/alice")
    assert lines[at + 1] == ("    (AssumedRole, account 111111111111, user id "
                             "AROAG3AWV3ENM63VPNMED:alice)")
    assert "  depth 2: arn:aws:sts::111111111111:assumed-role/DeployRole/alice" in lines


# -- one form for every error --------------------------------------------------------------


def test_every_command_says_errors_in_one_form(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """`rolesim COMMAND: error: MESSAGE` (README, "Errors"), the form argparse gives usage
    errors. Before: "rolesim: no lesson ...", "rolesim import: ...", a bare "FILE: ..."."""
    missing = str(tmp_path / "nope.toml")
    role = "arn:aws:iam::111111111111:role/R"
    cases = {
        "run": ["run", missing], "inspect": ["inspect", missing],
        "who-can-assume": ["who-can-assume", missing, role],
        "paths": ["paths", missing, "--from", role, "--admin"], "graph": ["graph", missing],
        "lint": ["lint", missing], "facts": ["facts", "zzzzqqq"],
        "lesson": ["lesson", "zzzzqqq"], "import": ["import", missing],
        "scores": ["scores", missing],
    }
    for command, args in cases.items():
        status, _, err = _run(capsys, *args)
        assert status in (1, 2), command
        assert err.startswith(f"rolesim {command}: error: "), err
    status, _, err = _run(capsys, "run")  # argparse: a usage line, then the same form
    assert status == 2 and err.splitlines()[-1].startswith("rolesim run: error: ")
    status, _, err = _run(capsys, str(tmp_path / "no" / "folder.toml"))  # the TUI
    assert status == 2 and err.startswith("rolesim: error: ")


def test_an_unknown_step_kind_suggests_the_close_one(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    lesson = (lessons_dir() / "04-role-chaining.toml").read_text()
    path = tmp_path / "kind.toml"
    path.write_text(lesson.replace('do = "assume-role"', 'do = "asume-role"', 1))
    status, _, err = _run(capsys, "run", str(path))
    assert status == 2
    assert err == (f'rolesim run: error: {path}:96: steps[1].do: unknown step kind '
                   '"asume-role" (did you mean "assume-role"?)\n')


# -- a run that checks nothing ---------------------------------------------------------------


def test_no_steps_says_nothing_was_checked(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.toml"
    path.write_text(ONE_ACCOUNT)
    status, out, _ = _run(capsys, "run", str(path))
    assert status == 0  # the scenario format: 0 when every expect was met (none here)
    assert out.splitlines()[-1] == "nothing checked: the file has no steps"
    status, out, err = _run(capsys, "run", "--require-expect", str(path))
    assert status == 1
    assert err == (f"rolesim run: error: {path}: nothing checked (--require-expect): no step "
                   "has an expect\n")


def test_steps_without_expect_say_nothing_was_checked(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "explore.toml"
    path.write_text(ONE_ACCOUNT + '[[users]]\narn = "arn:aws:iam::111111111111:user/u"\n'
                    '[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::111111111111:user/u"\n')
    status, out, _ = _run(capsys, "run", str(path), str(lessons_dir() / "04-role-chaining.toml"))
    assert status == 0
    assert out.splitlines()[0] == (f"{path}: nothing checked: no step has an expectation "
                                   "(expect); 1 step ran")
    status, out, _ = _run(capsys, "run", "--require-expect", "--json", str(path),
                          str(lessons_dir() / "04-role-chaining.toml"))
    assert status == 1
    assert [r["status"] for r in json.loads(out)] == [1, 0]


def test_require_expect_passes_a_file_that_checks(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "run", "--require-expect",
                            str(lessons_dir() / "04-role-chaining.toml"))
    assert (status, err) == (0, "")
    assert out.splitlines()[-1].startswith("passed: ")


# -- import -o into a folder that is not there -------------------------------------------------


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "authz.json"
    path.write_text(json.dumps({"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [],
                                "Policies": []}))
    return path


def test_import_into_a_missing_folder_names_it(export: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "some" / "missing" / "x.toml"
    status, out, err = _run(capsys, "import", str(export), "-o", str(target))
    assert (status, out) == (2, "")
    assert err == (f"rolesim import: error: -o {target}: cannot write there: the folder "
                   f"{target.parent} does not exist (create it first: mkdir -p "
                   f"{target.parent})\n")


def test_import_onto_a_folder_or_under_a_file_says_which(export: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    status, _, err = _run(capsys, "import", str(export), "-o", str(tmp_path))
    assert status == 2 and err.endswith(f"{tmp_path} is a folder; give a file name in it "
                                        f"({tmp_path / 'world.toml'})\n")
    status, _, err = _run(capsys, "import", str(export), "-o", str(export / "x.toml"))
    assert status == 2 and err.endswith(f"{export} is a file, not a folder\n")


# -- facts and --version at 80 columns -------------------------------------------------------


@pytest.mark.parametrize("args", [["facts", "CH-02"], ["facts", "confused", "deputy"],
                                  ["--version"]])
def test_facts_and_version_fit_80_columns(args: list[str], capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts were filled to 88 columns and --version's last line was 97: both folded at 80.
    A URL longer than the line stays whole."""
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = _run(capsys, *args)
    assert status == 0
    assert [line for line in out.splitlines() if len(line) > 80 and " " in line.strip()] == []
