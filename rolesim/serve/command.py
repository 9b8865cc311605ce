"""`rolesim serve` and `rolesim scores`: the parsers and what they run (cli.py dispatches)."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rolesim.scenario.errors import print_error

if TYPE_CHECKING:
    import argparse

OPEN_HOSTS = ("0.0.0.0", "::", "")
INSTALL_HINT = "textual-serve is not installed: pip install 'rolesim[serve]'"


SERVE_HELP = """\
A classroom in the browser: learners open http://HOST:PORT, type their name and pick a
lesson, each browser tab its own rolesim session in learner mode. There are no passwords,
so keep it on a trusted network (the default address is this machine only)."""

SERVE_EPILOG = """\
exit status:
  0  stopped with Ctrl+C
  2  the server cannot start (one line says why)

examples:
  rolesim serve
  rolesim serve --host 0.0.0.0 --port 8000 --work class-2026-12-05"""

SCORES_HELP = """\
The class table of a `rolesim serve` class: for each learner and lesson, right answers out
of steps predicted, where each learner is and how long ago they last answered, and the
steps most often got wrong."""

SCORES_EPILOG = """\
exit status:
  0  printed (also when there are no scores yet)
  2  DIR is not a folder

examples:
  rolesim scores class-2026-12-05
  rolesim scores class-2026-12-05 --json"""


def add_serve_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="a classroom in the browser: one session per tab",
                           description=SERVE_HELP, epilog=SERVE_EPILOG)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--lessons", metavar="DIR", default=None,
                       help="lesson files learners pick from (default: the shipped lessons)")
    serve.add_argument("--work", metavar="DIR", default="rolesim-class",
                       help="one folder per learner: their saves and scores "
                            "(default ./rolesim-class)")
    serve.add_argument("--max-sessions", type=int, default=30, metavar="N",
                       help="browser tabs at once; one more gets a 'class is full' page")
    scores = sub.add_parser("scores", help="the class table: learners x lessons",
                            description=SCORES_HELP, epilog=SCORES_EPILOG)
    scores.add_argument("work", metavar="DIR", help="the --work folder of rolesim serve")
    scores.add_argument("--json", action="store_true", help="print the same data as JSON")


def session_command(socket_path: Path) -> str:
    """The shell command textual-serve runs for each tab: a launcher that has the fork server
    (rolesim.serve.forks) start the session (`exec`: no shell stays in between)."""
    return (f"exec {shlex.quote(sys.executable)} -m rolesim.serve.forks launch "
            f"{shlex.quote(str(socket_path))}")


def start_fork_server(socket_path: Path, work: Path,
                      lessons: Path) -> subprocess.Popen[bytes] | None:
    """The warm process sessions are forked from; None if it did not come up."""
    process = subprocess.Popen(
        [sys.executable, "-m", "rolesim.serve.forks", "serve", str(socket_path), str(work),
         str(lessons)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # Its stdin stays open while we run: if we die, even by SIGKILL, it sees EOF and exits.
    assert process.stdout is not None
    if process.stdout.readline().strip() != b"ready":
        process.kill()
        process.wait()
        return None
    return process


def lesson_problems(lessons: Path) -> list[str]:
    """What keeps each lesson of the folder from opening, in `rolesim run`'s words (its file
    cannot be read, or its world does not build): said once to the trainer at start."""
    from rolesim.scenario.build import build_world
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.load import load_scenario

    problems = []
    for path in sorted(lessons.glob("*.toml")):
        try:
            build_world(load_scenario(path))
        except ScenarioError as error:
            problems.append(str(error))
    return problems


def run_serve(options: argparse.Namespace) -> int:
    from rolesim.lessons import lessons_dir

    lessons = Path(options.lessons).resolve() if options.lessons else lessons_dir()
    work = Path(options.work).resolve()
    if not lessons.is_dir() or not any(lessons.glob("*.toml")):
        print_error("serve", f"--lessons {options.lessons}: no folder of .toml lesson files")
        return 2
    if options.max_sessions < 1:
        print_error("serve", "--max-sessions must be at least 1")
        return 2
    if not 1 <= options.port <= 65535:
        print_error("serve", f"--port {options.port}: a port is a number from 1 to 65535")
        return 2
    if work.exists() and not work.is_dir():
        print_error("serve", f"--work {options.work}: is a file, not a folder")
        return 2
    try:
        work.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print_error("serve", f"--work {options.work}: {error.strerror}")
        return 2
    if work.resolve().is_relative_to(lessons) or lessons.is_relative_to(work.resolve()):
        print_error("serve", "--work and --lessons must be separate folders")
        return 2
    try:
        from rolesim.serve.server import ClassroomServer
    except ImportError:
        print_error("serve", INSTALL_HINT)
        return 2
    if options.host in OPEN_HOSTS:
        print_error("serve", f"listening on {options.host or 'every address'}: anyone on the "
                    "network can connect (no passwords; a trusted classroom only).",
                    level="warning")
    for problem in lesson_problems(lessons):
        print_error("serve", f"{problem} (fix it before class: a learner who picks it cannot "
                    "take it)", level="warning")
    count = len(list(lessons.glob("*.toml")))
    url = f"http://{'localhost' if options.host in OPEN_HOSTS else options.host}:{options.port}"
    banner = (f"rolesim serve: {count} lessons from {lessons}\n"
              f"learners' work and scores in {work} (rolesim scores {work})\n"
              f"open {url} (up to {options.max_sessions} tabs) · Ctrl+C stops every session")
    with tempfile.TemporaryDirectory(prefix="rolesim-serve-") as private:  # mode 0700
        socket_path = Path(private) / "forks"
        forks = start_fork_server(socket_path, work, lessons)
        if forks is None:
            print_error("serve", "the session process could not start")
            return 2
        server = ClassroomServer(session_command(socket_path), host=options.host,
                                 port=options.port, max_sessions=options.max_sessions,
                                 banner=banner, forks=forks)
        try:
            server.serve()
        except OSError as error:
            print_error("serve", f"cannot listen on {options.host}:{options.port}: "
                        f"{error.strerror or error}")
            return 2
        finally:
            server.stop_forks()
    return 0


def run_scores_command(options: argparse.Namespace) -> int:
    from rolesim.scenario.scores_report import run_scores

    return run_scores(Path(options.work), options.json)
