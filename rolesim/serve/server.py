"""The web server behind `rolesim serve`: textual-serve, with a cap on sessions and a clean
stop.

textual-serve starts one app process per browser tab (a websocket). This subclass adds what a
classroom needs: a page that says the class is full instead of one more process on a small
machine, a shutdown that ends every session process (Ctrl+C leaves no orphans), and a page
that asks nothing of any other host (textual-serve's own loads a font from Google: a
learner's browser would tell a third party about the class, and wait on it offline).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

log = logging.getLogger("rolesim.serve")

FULL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>rolesim: the class is full</title>
<style>body {{ background: #0c181f; color: #eee; font: 18px sans-serif; padding: 3em; }}</style>
</head><body><h1>The class is full</h1>
<p>All {limit} places are taken. Close a tab you no longer use, or ask your trainer, then
<a href="/" style="color: #8cf">reload this page</a>.</p></body></html>
"""

FULL_TERMINAL = ("\r\n  The class is full: all {limit} places are taken. Close a tab you no "
                 "longer use, or ask your trainer, then reload this page.\r\n")

STOP_GRACE = 3.0
"""Seconds a session process gets to quit before it is killed."""

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a session is given. A browser tab on a 4K screen with a small font is
about 400 x 150 cells; a larger size, from a crafted `?width=` or resize message, had one
session render a screen of a million by a million cells: gigabytes of memory on the
trainer's machine, and a process too busy to hear it should stop."""

NOT_STARTED = "Application failed to start"
"""What textual-serve logs whenever a session's process ends before its first screen."""


class LevelFormatter(logging.Formatter):
    """`rolesim serve: warning: MESSAGE`, as `print_error(..., level=...)` writes it."""

    def format(self, record: logging.LogRecord) -> str:
        from rolesim.scenario.errors import error_text

        return error_text("serve", record.getMessage(), level=record.levelname.lower())


class StartFailures(logging.Filter):
    """Makes textual-serve's "Application failed to start" honest. When a browser tab closes
    while its session is still starting, rolesim ends that process on purpose (`_end`) and
    textual-serve, reading its output, finds it gone before the app appeared: nothing failed
    and nothing is lost, so that line is dropped. A process that ends by itself before its
    first screen did fail to start, and is said so in rolesim's words."""

    def __init__(self) -> None:
        super().__init__()
        self.stopped: set[asyncio.Task[None]] = set()
        """The reading tasks of sessions rolesim ended (while they run)."""

    def stopping(self, service: AppService) -> None:
        task = service._task
        if task is not None and not task.done():
            self.stopped.add(task)
            task.add_done_callback(self.stopped.discard)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != NOT_STARTED:
            return True
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no event loop running: not one of the sessions' tasks
            task = None
        if task in self.stopped:
            return False
        record.msg, record.args = ("a session could not start: its process ended before its "
                                   "first screen (any error it printed follows)"), ()
        return True


START_FAILURES = StartFailures()
logging.getLogger("textual-serve").addFilter(START_FAILURES)


class ClassroomServer(Server):
    """textual-serve's Server with `max_sessions` and a shutdown that kills every session."""

    def __init__(self, command: str, *, host: str, port: int, max_sessions: int,
                 banner: str = "", title: str = "rolesim",
                 forks: subprocess.Popen[bytes] | None = None) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.forks = forks
        """The fork server sessions start from (rolesim.serve.forks), stopped last."""
        self.max_sessions = max_sessions
        self.banner = banner
        self.sessions: set[AppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    def initialize_logging(self) -> None:
        """Warnings only: a trainer's terminal shows the banner, not one line per tab. Each
        line in the form of every rolesim message on stderr (scenario.errors.error_text)."""
        handler = logging.StreamHandler()
        handler.setFormatter(LevelFormatter())
        logging.basicConfig(level="WARNING", handlers=[handler])

    async def _make_app(self) -> web.Application:
        """textual-serve's app, with its page template read through `local_template`."""
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(
            lambda name: local_template(Path(self.templates_path) / name)))
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Nothing: textual-serve prints its logo here; the banner waits for the bind."""

    async def handle_index(self, request: web.Request) -> Any:
        if self.full:
            return web.Response(text=FULL_PAGE.format(limit=self.max_sessions), status=503,
                                content_type="text/html")
        # The page's URLs use the address the learner typed (with --host 0.0.0.0 the
        # listening address is no address a browser can reach). No await before the page is
        # rendered, so concurrent requests cannot see each other's address.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, counting sessions and refusing one past the limit."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.full:
            await websocket.send_bytes(FULL_TERMINAL.format(
                limit=self.max_sessions).encode())
            await websocket.close()
            return websocket
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service = BoundedAppService(self.command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str, close=_closer(websocket),
                             download_manager=self.download_manager, debug=self.debug)
        self.sessions.add(service)
        self.sockets.add(websocket)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.warning("a session ended with an error: %s", error)
        finally:
            self.sockets.discard(websocket)
            await _end(service)
            self.sessions.discard(service)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every session process now (then their websockets close)."""
        await asyncio.gather(*(_end(service) for service in list(self.sessions)),
                             return_exceptions=True)
        for websocket in list(self.sockets):
            with contextlib.suppress(Exception):
                await websocket.close()
        self.stop_forks()

    def stop_forks(self) -> None:
        if self.forks is not None and self.forks.poll() is None:
            self.forks.terminate()
            try:
                self.forks.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                self.forks.kill()
                self.forks.wait()

    def serve(self, debug: bool = False) -> None:
        """Run until SIGINT/SIGTERM; handlers get a short grace period, not aiohttp's 60 s."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        # The banner (with the address to open) once the port is bound, not before: a
        # host or port that cannot be listened on gets only its error line.
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=lambda *args: self.console.print(self.banner,
                                                                      highlight=False),
                    shutdown_timeout=STOP_GRACE)


_REMOTE_STYLESHEET = re.compile(r"<link\b[^>]*\bhref=\"https?://[^>]*>", re.DOTALL)

SESSION_ENDED = '<div class="message">Session ended.</div>'
SESSION_ENDED_FOR_A_LEARNER = (
    '<div class="message" style="max-width: 380px; margin-right: 24px">Session ended. '
    "Your answers are kept: press Restart (or reload the page) and type the same name to "
    "go on where you were.</div>")
"""What a learner reads when their tab's session ends (the server stopped, a network break):
textual-serve's own 'Session ended.' does not say that nothing is lost."""


def local_template(path: Path) -> str | None:
    """A template of textual-serve's without its stylesheet links to other hosts (the page
    falls back to the next font its CSS names: menlo, monospace), and with a session-ended
    message that tells a learner how to go on; None when there is no such file, as jinja2
    expects."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return _REMOTE_STYLESHEET.sub("", text).replace(SESSION_ENDED, SESSION_ENDED_FOR_A_LEARNER)


async def _end(service: AppService) -> None:
    """Ask a session process to quit (textual-serve's quit message, then SIGTERM); kill it if
    it has not gone after STOP_GRACE seconds."""
    process = service._process
    if process is None or process.returncode is not None:
        return
    START_FAILURES.stopping(service)  # ended on purpose: not a failure to start
    with contextlib.suppress(Exception):
        await asyncio.wait_for(service.send_meta({"type": "quit"}), 0.5)
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_GRACE)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


class BoundedAppService(AppService):
    """textual-serve's session with its terminal size kept within MAX_COLUMNS x MAX_ROWS (and
    at least 1 x 1), at start and on every resize the browser sends."""

    async def start(self, width: int, height: int) -> None:
        await super().start(*terminal_size(width, height))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*terminal_size(width, height))


def terminal_size(width: object, height: object) -> tuple[int, int]:
    """A size a session can draw: each side within its bounds; what is not a whole number
    (a resize message's JSON may hold anything) is the default 80 x 24."""
    return _within(width, 80, MAX_COLUMNS), _within(height, 24, MAX_ROWS)


def _within(value: object, default: int, largest: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return max(1, min(value, largest))


def _closer(websocket: web.WebSocketResponse) -> Callable[[], Awaitable[None]]:
    async def close() -> None:
        await websocket.close()

    return close


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
