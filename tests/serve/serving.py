"""Helpers for tests that start a real `rolesim serve` process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
INSTALL_CHROMIUM = ("The browser test needs Debian's chromium at /usr/bin/chromium: "
                    "sudo apt-get update && sudo apt-get install -y chromium "
                    "(never `playwright install`; .ci/run installs it itself)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(work: Path, *extra: str, port: int | None = None,
                 timeout: float = 30.0) -> tuple[subprocess.Popen[bytes], int]:
    """`rolesim serve` on a free port, in its own process group (as a terminal would run it);
    returns once the page answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "rolesim", "serve", "--port", str(port), "--work", str(work),
         *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"rolesim serve exited: {process.stderr.read().decode()}"
                                 if process.stderr else "rolesim serve exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process, port
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise AssertionError("rolesim serve did not answer within 30 s")


def stop(process: subprocess.Popen[bytes], timeout: float = 15.0) -> int:
    """Ctrl+C (SIGINT to the server process only: the server must end its sessions itself)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise AssertionError(f"rolesim serve did not stop within {timeout} s of SIGINT") from None


def children(pid: int) -> dict[int, str]:
    """Every live descendant of `pid` (from /proc): pid -> command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = command_line(child)
                frontier.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"
