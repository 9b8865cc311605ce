"""`rolesim serve` under a class: N learners open a tab at the same moment.

A real `rolesim serve` process; each learner is a websocket client speaking textual-serve's
protocol as the page's script does (what a browser tab costs the server is its app process;
the browser itself runs on the learner's machine). For each session it measures, from the
moment the websocket is opened:
  first paint   the first frame's bytes (textual.js shows the terminal on the first >10 bytes)
  tutorial      after typing a name and enter (name dialog, then the lesson picker's first
                entry), the tutorial's title bar on screen
and, once every session shows the tutorial, the resident memory (VmRSS) of each session
process. Targets at 20 sessions: every first paint within 10 s, every process <= 150 MB.

    .venv/bin/python benchmarks/bench_serve.py [--sessions 1 10 20]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

TUTORIAL_MARK = b"built-in tutorial"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(work: Path, max_sessions: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "rolesim", "serve", "--port", str(port), "--work", str(work),
         "--max-sessions", str(max_sessions)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("rolesim serve did not start")


def session_pids(server_pid: int) -> list[int]:
    """The session processes: forked from the fork server (a child of the server)."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parents[int(entry.name)] = int(
                (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            commands[int(entry.name)] = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
    forks = [pid for pid, ppid in parents.items()
             if ppid == server_pid and b"rolesim.serve.forks\0serve" in commands[pid]]
    return [pid for pid, ppid in parents.items() if ppid in forks]


def memory_mb(pid: int, field: str = "Rss:") -> float:
    """From /proc/PID/smaps_rollup: `Rss:` counts every page the process uses, shared ones
    too; `Pss:` splits each shared page between the processes sharing it (the forks share
    what the fork server imported)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


async def learner(client: aiohttp.ClientSession, port: int, index: int,
                  timeout: float) -> tuple[float, float, aiohttp.ClientWebSocketResponse]:
    start = time.perf_counter()
    ws = await client.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=40")
    first_paint = tutorial = float("nan")
    seen = b""
    named = picked = False
    deadline = start + timeout
    while time.perf_counter() < deadline:
        try:
            message = await asyncio.wait_for(ws.receive(), deadline - time.perf_counter())
        except TimeoutError:
            break
        if message.type != aiohttp.WSMsgType.BINARY:
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
            continue
        if first_paint != first_paint and len(message.data) > 10:
            first_paint = time.perf_counter() - start
        seen = (seen + message.data)[-200_000:]
        if not named and b"Welcome to the class" in seen:
            named = True
            await ws.send_json(["stdin", f"learner {index}\r"])
            seen = b""
        elif named and b"Pick a lesson" in seen:
            await ws.send_json(["stdin", "\r"])
            seen = b""
            picked = True
        elif picked and TUTORIAL_MARK in seen:
            tutorial = time.perf_counter() - start
            break
    return first_paint, tutorial, ws


async def run(port: int, count: int, timeout: float) -> tuple[list[float], list[float], list]:
    client = aiohttp.ClientSession()
    results = await asyncio.gather(*(learner(client, port, i, timeout)
                                     for i in range(count)))
    return [r[0] for r in results], [r[1] for r in results], [client, *[r[2] for r in results]]


async def one_round(server_pid: int, port: int, count: int,
                    timeout: float) -> tuple[list[float], list[float], list[float]]:
    """Every learner at once; the memory of every session process while all are open."""
    paints, tutorials, keep = await run(port, count, timeout)
    pids = session_pids(server_pid)
    memory = [memory_mb(pid) for pid in pids]
    shares = [memory_mb(pid, "Pss:") for pid in pids]
    print(f"    PSS per session: median {statistics.median(shares) if shares else 0:5.1f} MB")
    for ws in keep[1:]:
        await ws.close()
    await keep[0].close()
    return paints, tutorials, memory


def figures(values: list[float]) -> str:
    done = [v for v in values if v == v]
    if not done:
        return "none reached"
    missing = f" ({len(values) - len(done)} never)" if len(done) < len(values) else ""
    return (f"median {statistics.median(done):5.2f} s  max {max(done):5.2f} s{missing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--timeout", type=float, default=60.0)
    options = parser.parse_args()
    ok = True
    print(f"rolesim serve, {len(options.sessions)} rounds; each round a fresh server "
          f"({subprocess.check_output(['nproc']).decode().strip()} CPUs)")
    for count in options.sessions:
        with tempfile.TemporaryDirectory() as work:
            server, port = start_server(Path(work), max(count, 1))
            try:
                paints, tutorials, memory = asyncio.run(
                    one_round(server.pid, port, count, options.timeout))
            finally:
                server.send_signal(signal.SIGINT)
                server.wait(30)
        worst_paint = max((p for p in paints if p == p), default=float("inf"))
        mem = (f"median {statistics.median(memory):5.1f} MB  max {max(memory):5.1f} MB"
               if memory else "no process found")
        print(f"{count:3d} sessions  first paint: {figures(paints)}   "
              f"tutorial on screen: {figures(tutorials)}   RSS per session: {mem}")
        if count >= 20:
            ok &= worst_paint <= 10.0 and bool(memory) and max(memory) <= 150
            ok &= all(t == t for t in tutorials)
    print("target (20 sessions: every first paint <= 10 s, every session reaches the tutorial, "
          f"RSS <= 150 MB): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
