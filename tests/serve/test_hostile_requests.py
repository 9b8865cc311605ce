"""What a browser never sends but anyone on the classroom's network can: paths that climb out
of the static folder (plain, percent-encoded, overlong UTF-8), unknown download keys, bodies
and headers too large, messages that are not JSON, and a terminal a million cells wide. The
server answers each and keeps serving; no session outlives its tab. Only on 127.0.0.1."""

from __future__ import annotations

import asyncio
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import pytest
from serving import alive, children, start_server, stop

from rolesim.serve import forks
from rolesim.serve.server import MAX_COLUMNS, MAX_ROWS, terminal_size

CLIMBING = ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%2fetc%2fpasswd",
            "/static//etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
            "/static/js/../../../../../../etc/passwd", "/static/%c0%ae%c0%ae/etc/passwd",
            "/download/../../etc/passwd", "/download/%2e%2e%2fetc%2fpasswd", "/download/nope"]


def _request(port: int, path: str, method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})  # path sent as is
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _rss_mb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0)
    return total // 1024


@pytest.mark.parametrize(("width", "height", "expected"), [
    (80, 24, (80, 24)), (10**6, 10**6, (MAX_COLUMNS, MAX_ROWS)), (-5, 0, (1, 1)),
    ("100", None, (80, 24)), (True, 3.5, (80, 24)), (MAX_COLUMNS, MAX_ROWS, (500, 200)),
])
def test_a_terminal_size_is_kept_within_what_a_session_can_draw(
        width: object, height: object, expected: tuple[int, int]) -> None:
    assert terminal_size(width, height) == expected


def test_hostile_requests_are_answered_and_no_session_outlives_its_tab(tmp_path: Path) -> None:
    server, port = start_server(tmp_path / "work", "--max-sessions", "2")
    try:
        for path in CLIMBING:
            status, body = _request(port, path)
            assert status == 404 and b"root:" not in body, (path, status)
        assert _request(port, "/", "POST", b"x" * 20_000_000)[0] == 405
        assert _request(port, "/", headers={"X-Big": "a" * 100_000})[0] == 400

        async def sessions() -> tuple[int, int]:
            """A session asked for 10^6 x 10^6 cells, then a resize as large and one not
            JSON: how much memory the sessions took, and how many of the two places a
            normal tab finds free afterwards."""
            async with aiohttp.ClientSession() as client:
                url = f"http://127.0.0.1:{port}/ws"
                async with client.ws_connect(f"{url}?width=1000000&height=1000000") as ws:
                    await asyncio.wait_for(ws.receive(), 60)
                    await ws.send_str('["resize", {"width": 1000000, "height": 1000000}]')
                    await asyncio.sleep(6)
                    peak = _rss_mb(list(children(server.pid)))
                async with client.ws_connect(url) as ws:
                    await ws.send_str("not json")
                    await asyncio.wait_for(ws.receive(), 30)
                deadline = time.monotonic() + 15  # each ended session frees its place
                while time.monotonic() < deadline and len(children(server.pid)) > 1:
                    await asyncio.sleep(0.2)
                got, tabs = 0, []
                for _ in range(2):
                    tabs.append(ws := await client.ws_connect(url))
                    message = await asyncio.wait_for(ws.receive(), 60)
                    got += b"class is full" not in bytes(message.data or b"")
                for ws in tabs:
                    await ws.close()
                return peak, got

        peak, free = asyncio.run(sessions())
        assert peak < 600, f"{peak} MB"  # before: 700 MB and growing, per session
        assert free == 2  # before: the stuck session kept its place (and its memory)
        assert _request(port, "/static/")[0] == 200  # still serving
    finally:
        assert stop(server) == 0


def test_a_session_deaf_to_sigterm_is_killed_by_its_launcher(tmp_path: Path) -> None:
    """A session busy in a long computation never hears SIGTERM (a Textual app quits from
    its event loop); the launcher kills it KILL_AFTER seconds later. Before, `rolesim serve`
    killed the launcher and the session ran on, holding its place and its memory."""
    deaf = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal("
                             "signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); "
                             "time.sleep(60)"], stdout=subprocess.PIPE)
    assert deaf.stdout is not None and deaf.stdout.readline() == b"up\n"
    path = tmp_path / "forks"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def fork_server() -> None:  # stands in for rolesim.serve.forks: "the session is `deaf`"
        connection, _ = listener.accept()
        with connection:
            _message, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
            for fd in fds:
                os.close(fd)
            connection.sendall(str(deaf.pid).encode())

    thread = threading.Thread(target=fork_server, daemon=True)
    thread.start()
    launcher = subprocess.Popen([sys.executable, "-m", "rolesim.serve.forks", "launch",
                                 str(path)], stdin=subprocess.DEVNULL)
    try:
        thread.join(30)
        time.sleep(0.5)  # the launcher is waiting on the session
        launcher.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + forks.KILL_AFTER + 5
        while time.monotonic() < deadline and deaf.poll() is None:
            time.sleep(0.1)
        assert deaf.poll() == -signal.SIGKILL
        assert launcher.wait(10) == 0
    finally:
        for process in (deaf, launcher):
            if alive(process.pid):
                process.kill()
            process.wait()
        listener.close()
