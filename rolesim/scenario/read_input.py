"""Read a scenario file's text, refusing what is not one before reading a byte of it.

A FIFO would block `open()` forever, `/dev/zero` would be read until memory runs out, and a
directory or socket cannot hold a scenario: so the path is checked with `os.stat` first,
opened without blocking, checked again on the open descriptor (the path may have changed in
between), and read up to a size cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rolesim.scenario.errors import ScenarioError

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest scenario file read (256 MiB; docs/scenario-format.md says so)."""

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def read_scenario_text(path: str | Path) -> str:
    """The file's text (UTF-8, a leading BOM dropped); `ScenarioError` in one line if the
    path is not a readable regular file of at most `MAX_FILE_BYTES`."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(f"{name}: no such file") from None
    except OSError as exc:
        raise ScenarioError(f"{name}: cannot read: {exc.strerror or exc}") from None
    _check_kind(name, info)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ScenarioError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        _check_kind(name, info)  # swapped for something else since the stat?
        data = _read_capped(fd, name, info.st_size)
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8-sig")  # a BOM from a Windows editor
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}); a "
                            "scenario is a TOML text file saved as UTF-8") from None


def _check_kind(name: str, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((label for test, label in _KINDS if test(info.st_mode)), "not a file")
        hint = "; name a .toml file in it" if stat.S_ISDIR(info.st_mode) else ""
        raise ScenarioError(f"{name}: is {kind}, not a scenario file (a regular file){hint}")
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(_too_large(name, info.st_size))


def _too_large(name: str, size: int) -> str:
    return (f"{name}: too large ({size / 2**20:.0f} MiB); a scenario file may be at most "
            f"{MAX_FILE_BYTES // 2**20} MiB")


def _read_capped(fd: int, name: str, size: int) -> bytes:
    """The file's bytes, read at once into one buffer of the size `fstat` gave (one byte
    more, to see at once a file that grew): reading in pieces and joining them touched twice
    the file's size in fresh pages (for a 4.6 MB file, ~1,100 page faults more). A file that
    grew is read on in pieces, up to the cap."""
    chunks: list[bytes] = []
    total = 0
    want = size + 1
    while True:
        try:
            chunk = os.read(fd, want)
        except OSError as exc:
            raise ScenarioError(f"{name}: cannot read: {exc.strerror or exc}") from None
        if not chunk:
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        total += len(chunk)
        if total > MAX_FILE_BYTES:  # grew while being read
            raise ScenarioError(_too_large(name, total))
        chunks.append(chunk)
        want = 1 << 20
