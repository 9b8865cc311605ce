"""A real `rolesim serve` process: sessions are processes, Ctrl+C leaves none behind, a full
class gets a clear page, and an open host gets a warning."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from serving import alive, children, start_server, stop


async def _open_sessions(port: int, count: int) -> tuple[list[aiohttp.ClientWebSocketResponse],
                                                          aiohttp.ClientSession]:
    """`count` websocket sessions, each having sent its first bytes (its process is up)."""
    client = aiohttp.ClientSession()
    sockets = []
    for _ in range(count):
        ws = await client.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30")
        message = await asyncio.wait_for(ws.receive(), 60)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        sockets.append(ws)
    return sockets, client


def test_ctrl_c_ends_every_session_process(tmp_path: Path) -> None:
    server, port = start_server(tmp_path / "work")
    try:
        async def scenario() -> dict[int, str]:
            sockets, client = await _open_sessions(port, 2)
            sessions = children(server.pid)
            assert stop(server) == 0
            await client.close()
            del sockets
            return sessions

        sessions = asyncio.run(scenario())
    finally:
        stop(server)
    launchers = [pid for pid, cmd in sessions.items() if "rolesim.serve.forks launch" in cmd]
    forked = [pid for pid, cmd in sessions.items() if "rolesim.serve.forks serve" in cmd]
    # per tab: a launcher (no shell in between) and a session forked from the fork server
    assert (len(launchers), len(forked), len(sessions)) == (2, 3, 5), sessions
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in sessions):
        time.sleep(0.1)
    assert [pid for pid in sessions if alive(pid)] == []


def test_a_full_class_gets_a_clear_page(tmp_path: Path) -> None:
    server, port = start_server(tmp_path / "work", "--max-sessions", "1")
    try:
        async def scenario() -> tuple[int, str, bytes]:
            sockets, client = await _open_sessions(port, 1)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
                status, page = 200, ""
            except urllib.error.HTTPError as error:
                status, page = error.code, error.read().decode()
            late = await client.ws_connect(f"http://127.0.0.1:{port}/ws")
            first = await asyncio.wait_for(late.receive(), 10)
            closed = await asyncio.wait_for(late.receive(), 10)
            assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            await client.close()
            del sockets
            return status, page, first.data

        status, page, terminal = asyncio.run(scenario())
    finally:
        stop(server)
    assert status == 503
    assert "The class is full" in page and "All 1 places are taken" in page
    assert b"The class is full: all 1 places are taken" in terminal


def test_localhost_by_default_and_a_warning_for_every_address(tmp_path: Path) -> None:
    server, _port = start_server(tmp_path / "work")
    stop(server)
    assert server.stderr is not None
    assert b"anyone on the network" not in server.stderr.read()
    server, _port = start_server(tmp_path / "work", "--host", "0.0.0.0")
    stop(server)
    assert server.stderr is not None
    lines = server.stderr.read().decode().splitlines()
    assert lines[0] == ("rolesim serve: warning: listening on 0.0.0.0: anyone on the network "
                        "can connect (no passwords; a trusted classroom only).")


@pytest.mark.parametrize(("args", "message"), [
    (["--lessons", "/nonexistent"], "no folder of .toml lesson files"),
    (["--max-sessions", "0"], "--max-sessions must be at least 1"),
    # before: 'rolesim: internal error: OverflowError: bind(): port must be 0-65535.'
    (["--port", "99999"], "--port 99999: a port is a number from 1 to 65535"),
    (["--port", "0"], "--port 0: a port is a number from 1 to 65535"),
    (["--work", "/etc/hostname"], "--work /etc/hostname: is a file, not a folder"),
])
def test_bad_options_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rolesim", "serve", "--work",
                           str(tmp_path / "w"), *args], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_an_address_that_cannot_be_listened_on_prints_no_banner(tmp_path: Path) -> None:
    """The banner says 'open http://...' only once the port is bound: before, it was printed
    first, then the error."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "rolesim", "serve", "--work",
                           str(tmp_path / "w"), "--host", "256.1.1.1"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("rolesim serve: error: cannot listen on 256.1.1.1:8000: ")
    assert len(done.stderr.strip().splitlines()) == 1


def test_ctrl_c_in_a_terminal_ends_everything_too(tmp_path: Path) -> None:
    """A terminal's Ctrl+C signals the whole process group, sessions included."""
    import os
    import signal

    server, port = start_server(tmp_path / "work")
    try:
        async def scenario() -> dict[int, str]:
            sockets, client = await _open_sessions(port, 1)
            sessions = children(server.pid)
            os.killpg(server.pid, signal.SIGINT)
            assert server.wait(15) == 0
            await client.close()
            del sockets
            return sessions

        sessions = asyncio.run(scenario())
    finally:
        stop(server)
    assert len(sessions) == 3, sessions  # launcher, fork server, session
    assert server.stderr is not None and b"Traceback" not in server.stderr.read()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in sessions):
        time.sleep(0.1)
    assert [pid for pid in sessions if alive(pid)] == []


def test_the_fork_server_does_not_outlive_a_killed_server(tmp_path: Path) -> None:
    import os
    import signal

    server, _port = start_server(tmp_path / "work")
    helpers = children(server.pid)
    assert len(helpers) == 1 and "rolesim.serve.forks serve" in next(iter(helpers.values()))
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in helpers):
        time.sleep(0.1)
    assert [pid for pid in helpers if alive(pid)] == []


def test_the_page_asks_nothing_of_another_host(tmp_path: Path) -> None:
    """A learner's browser loads the class page from the trainer's machine alone: no font,
    script or stylesheet from a third party (textual-serve's own page links Google Fonts)."""
    import re

    server, port = start_server(tmp_path / "work")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            page = response.read().decode()
    finally:
        stop(server)
    assert "textual.js" in page  # the real page, not an error page
    # when the session ends (the server stopped), the learner is told nothing is lost
    assert "Your answers are kept: press Restart" in page
    fetched = re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', page)
    assert fetched, page
    others = [url for url in fetched
              if re.match(r"(?:https?:)?//", url) and not url.startswith(
                  (f"http://127.0.0.1:{port}/", f"//127.0.0.1:{port}/"))]
    assert others == [], others
