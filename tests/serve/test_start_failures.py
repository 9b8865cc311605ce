"""textual-serve logs "Application failed to start" whenever a session's process ends before
its first screen. A browser tab closed while its session was starting makes rolesim end that
process on purpose: nothing failed, and the log says nothing. A process that ends by itself
before its first screen is still reported, in rolesim's words."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from rolesim.serve.server import _end


async def _nothing(*_: object) -> None:
    return None


def _service(command: str) -> AppService:
    return AppService(command, write_bytes=_nothing, write_str=_nothing, close=_nothing,
                      download_manager=DownloadManager())


async def test_a_session_ended_while_starting_is_not_called_a_failure(
        caplog: pytest.LogCaptureFixture) -> None:
    service = _service(f"exec {sys.executable} -c 'import time; time.sleep(30)'")
    with caplog.at_level(logging.WARNING):
        await service.start(80, 24)
        await asyncio.sleep(0.2)
        await _end(service)  # what closing the tab does
        assert service._task is not None and service._process is not None
        await asyncio.wait_for(service._task, 5)
        await service._process.wait()
        service._process._transport.close()  # type: ignore[attr-defined]  # no warning at exit
    assert caplog.messages == []


async def test_a_session_that_dies_before_its_first_screen_is_reported(
        caplog: pytest.LogCaptureFixture) -> None:
    service = _service(f"{sys.executable} -c 'raise SystemExit(3)'")
    with caplog.at_level(logging.WARNING):
        await service.start(80, 24)
        assert service._task is not None and service._process is not None
        await asyncio.wait_for(service._task, 5)
        await service._process.wait()
        service._process._transport.close()  # type: ignore[attr-defined]  # no warning at exit
    assert caplog.messages == ["a session could not start: its process ended before its "
                               "first screen (any error it printed follows)"]
