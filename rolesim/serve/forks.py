"""Sessions forked from one warm process, so 20 learners can start at once on 2 cores.

Starting a session the plain way (one `python -m rolesim` per tab) spends most of its time
importing Python modules, again for every tab. Instead `rolesim serve` starts one *fork
server* that imports rolesim and Textual once, then forks a session for each tab: the fork is
ready at once and shares the imported code's memory with its siblings.

textual-serve still runs one small command per tab (`launcher`): it hands its stdin, stdout
and stderr (the pipes to textual-serve) to the fork server over a Unix socket, then waits
for the forked session to end, passing on SIGTERM and SIGINT (and killing the session if it
has not ended KILL_AFTER seconds after SIGTERM), so textual-serve can stop a session by
stopping its command.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
from pathlib import Path
from types import FrameType

SESSION_ENV = ("TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM",
               "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS", "TEXTUAL", "TEXTUAL_LOG")
"""What textual-serve sets for each session (its terminal size among them)."""


KILL_AFTER = 2.0
"""Seconds a session gets to quit after SIGTERM before its launcher kills it. A Textual app
quits on SIGTERM through its event loop, which a session stuck in a long computation never
gets back to; `rolesim serve` kills the launcher itself a second later (server.STOP_GRACE),
and a launcher killed can no longer pass anything on: the session would be left running."""


def warm_up() -> None:
    """Import what every session needs before its first frame, once, before any fork."""
    import textual.app
    import textual.drivers.web_driver  # noqa: F401

    import rolesim.ui.classroom.classroom_app
    import rolesim.ui.lesson.learner_name
    import rolesim.ui.lesson.lesson_picker
    import rolesim.ui.shell.main_screen
    import rolesim.ui.steps.scenario_pane  # noqa: F401  (the Scenario tab, F3)
    from rolesim.core.catalog import get_catalog
    from rolesim.scenario.builtin import load_builtin
    from rolesim.scenario.runner import replay

    get_catalog()  # the action catalogue, read once and shared by every fork
    replay(load_builtin())  # whatever else the tutorial reads on first use


def fork_server(socket_path: Path, work: Path, lessons: Path) -> None:
    """Accept session requests forever: each is forked into a classroom app."""
    warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked sessions are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for `rolesim serve` to handle
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    listener.listen(64)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1):
            return  # `rolesim serve` has gone (its end of our stdin closed): so do we
        if listener not in readable:
            continue
        connection, _ = listener.accept()
        with connection:
            try:
                message, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
                environment = json.loads(message)
            except (OSError, ValueError):
                continue
            if len(fds) != 3:
                for fd in fds:
                    os.close(fd)
                continue
            pid = os.fork()
            if pid == 0:
                listener.close()
                _run_session(connection, fds, environment, work, lessons)
            for fd in fds:
                os.close(fd)


def _run_session(connection: socket.socket, fds: list[int], environment: dict[str, str],
                 work: Path, lessons: Path) -> None:
    """In the forked child: become the launcher's stdin/stdout/stderr and run the app."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        os.environ.update(environment)
        import importlib

        import textual.constants

        importlib.reload(textual.constants)  # read at import: TEXTUAL_DRIVER, colours...
        connection.sendall(str(os.getpid()).encode())
        connection.close()
        from rolesim.ui.classroom.classroom_app import make_classroom_app

        make_classroom_app(work, lessons).run()
        code = 0
    finally:
        sys.stdout.flush()
        os._exit(code)


def launcher(socket_path: str) -> int:
    """One tab's command: hand this process's stdio to the fork server, wait for the session."""
    environment = {key: os.environ[key] for key in SESSION_ENV if key in os.environ}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(socket_path)
        socket.send_fds(connection, [json.dumps(environment).encode()], [0, 1, 2])
        reply = connection.recv(32)
    if not reply:
        return 1
    pid = int(reply)

    def forward(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
        if signum == signal.SIGTERM:
            signal.setitimer(signal.ITIMER_REAL, KILL_AFTER)

    def kill(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGALRM, kill)
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return 0
    select.select([handle], [], [])  # readable once the session has ended
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["launch"] and len(argv) == 2:
        return launcher(argv[1])
    if argv[:1] == ["serve"] and len(argv) == 4:
        fork_server(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    print("usage: python -m rolesim.serve.forks launch SOCKET | serve SOCKET WORK LESSONS",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
