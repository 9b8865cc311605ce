"""The TUI's crash barrier: an exception never ends a session silently or loses an edit.

An exception raised while replaying, analysing or drawing becomes an error notification and
the scenario stays open: the widget whose handler failed keeps answering (the next step, the
next selection redraw it), the user can keep typing, editing and saving. An exception that
cannot be contained (while the app starts or stops, or a storm of them) still writes a
recovery copy of an unsaved scenario, next to its file or in the cache directory, before the
app exits with status 1.

Textual ends the message loop of any widget, screen or app whose handler raised, so after a
contained error that widget would stop updating (and the app's own loop, which runs key
bindings, would stop answering keys). `install()` therefore wraps Textual's message dispatch
once per process: an exception from a handler of a mounted widget, screen or app goes to the
app's `contain` first, and only when that declines does Textual's own handling (exit) follow.
Apps without `contain` (tui-scenario's, tests' own) are untouched.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolesim.core.safe_text import escape_controls

if TYPE_CHECKING:
    from rolesim.scenario.workspace import Workspace

MAX_CONTAINED = 20
STORM_SECONDS = 5.0
"""More than MAX_CONTAINED errors within STORM_SECONDS: something is looping, stop safely
(an error that recurs at each step a learner takes is no storm)."""
UNDRAWN = "This part could not be drawn: see the message. The rest of rolesim still works."


def install() -> None:
    """Wrap Textual's message dispatch, so a contained error does not end the loop of the
    pump that raised it, and a widget's drawing, so a widget that cannot draw shows one line
    saying so instead of ending the app (idempotent)."""
    from textual.message_pump import MessagePump
    from textual.widget import Widget

    original: Callable[[Any, Any], Awaitable[None]] = MessagePump._dispatch_message
    if getattr(original, "rolesim_barrier", False):
        return
    draw: Callable[[Any], None] = Widget._render_content

    async def dispatch(pump: Any, message: Any) -> None:
        try:
            await original(pump, message)
        except Exception as error:
            if not (pump._is_mounted and _contained(pump, error)):
                raise

    def render_content(widget: Any) -> None:
        try:
            draw(widget)
        except Exception as error:
            if not _contained(widget, error):
                raise
            _draw_placeholder(widget)

    dispatch.rolesim_barrier = True  # type: ignore[attr-defined]
    MessagePump._dispatch_message = dispatch  # type: ignore[method-assign,assignment]
    Widget._render_content = render_content  # type: ignore[method-assign,assignment]


def report(widget: Any, error: Exception) -> None:
    """Show an error that a widget caught and worked around (a replay or an analysis that
    failed: the widget shows what it can) as the barrier shows any other: raised again from
    the widget's own message loop, where the dispatch `install` wraps turns it into a
    notification, once the widget has finished drawing what it can."""

    def again() -> None:
        raise error

    widget.call_later(again)


def _draw_placeholder(widget: Any) -> None:
    """Fill the widget's render cache with UNDRAWN, so the next frame does not try (and fail)
    again; the widget's next update draws it afresh."""
    from textual.content import Content
    from textual.strip import Strip
    from textual.visual import Visual
    from textual.widget import _RenderCache

    width, height = widget.size
    try:
        strips = Visual.to_strips(widget, Content(UNDRAWN), width, height, widget.visual_style)
    except Exception:
        strips = [Strip.blank(width)] * height
    widget._render_cache = _RenderCache(widget.size, strips)
    widget._dirty_regions.clear()


def _contained(pump: Any, error: Exception) -> bool:
    """Whether the pump's app took the error as a message (and so the loop goes on)."""
    try:
        contain = getattr(pump.app, "contain", None)
    except Exception:  # no active app: leave it to Textual
        return False
    return bool(contain(error)) if contain is not None else False


def containable(pump: object) -> bool:
    """For errors Textual reports outside a message handler (a widget that failed to mount,
    an idle hook, a timer, a screen's layout): a widget's is survivable (the app goes on);
    the app's or a screen's may leave keys unanswered. Unknown: not containable."""
    from textual.screen import Screen
    from textual.widget import Widget

    return isinstance(pump, Widget) and not isinstance(pump, Screen)


def describe(error: BaseException) -> str:
    """One escaped line for the notification: what went wrong, in the exception's words."""
    text = escape_controls(str(error)) or "no details"
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}"


def recovery_path(workspace: Workspace, folder: Path | None = None) -> Path:
    """`NAME.recovered-YYYYmmdd-HHMMSS.toml` in `folder` when given (a classroom learner's
    own folder: a session writes nowhere else), else beside the file, or in the cache
    directory for a scenario that has no file yet (or whose directory is not writable)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if folder is not None:
        stem = workspace.path.stem if workspace.path is not None else "untitled"
        return folder / f"{stem}.recovered-{stamp}.toml"
    if workspace.path is not None:
        folder = workspace.path.parent
        if os.access(folder if str(folder) else ".", os.W_OK):
            return folder / f"{workspace.path.stem}.recovered-{stamp}.toml"
    from rolesim.core.catalog_load import cache_dir

    folder = cache_dir() or Path.home()
    return folder / "recovered" / f"untitled.recovered-{stamp}.toml"


def save_recovery_copy(workspace: Workspace | None, folder: Path | None = None) -> Path | None:
    """Write the unsaved scenario to a recovery file (not to its own file, which the user has
    not chosen to overwrite), in `folder` when given (`recovery_path`). None when there is
    nothing unsaved or nothing could be written."""
    if workspace is None or not workspace.dirty:
        return None
    from rolesim.scenario.save import dumps

    with contextlib.suppress(Exception):
        target = recovery_path(workspace, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(workspace.scenario))
        return target
    return None
