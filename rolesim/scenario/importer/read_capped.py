"""Read an input file of `rolesim import` or `rolesim lint` (an export, SCPs, a resource
policy, a policy document) without reading what is not one: a device such as `/dev/zero`
would be read until memory ran out. Regular files and pipes (`rolesim import <(aws iam ...)`,
a FIFO with a writer) are read, up to the size cap of a scenario file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from rolesim.scenario.read_input import MAX_FILE_BYTES

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


class NotReadable(ValueError):
    """The one-line reason a path is not read (no file name: the caller adds its own)."""


def read_input_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The file's text. FileNotFoundError, IsADirectoryError and UnicodeDecodeError as
    `Path.read_text` raises them (callers word those already); NotReadable for a device or
    socket, or more than MAX_FILE_BYTES."""
    mode = os.stat(path).st_mode
    kind = next((label for test, label in _KINDS if test(mode)), None)
    if kind is not None:
        raise NotReadable(f"is {kind}, not a file")
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(str(path))
    chunks: list[bytes] = []
    total = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise NotReadable(f"too large: more than {MAX_FILE_BYTES // 2**20} MiB")
            chunks.append(chunk)
    return b"".join(chunks).decode(encoding)
