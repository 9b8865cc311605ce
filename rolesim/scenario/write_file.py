"""Write a file atomically and faithfully: what was there is replaced, nothing else changes.

* a symlink is written through: its target gets the new text, the link stays a link;
* the target's mode, owner and group are kept (a 0600 file does not become world-readable);
* a read-only target is not overwritten unless the caller says the user agreed
  (`ReadOnlyFileError`, which the TUI turns into a question);
* the temporary file has a short name, so a 250-byte file name can still be saved;
* the data and then the directory are fsynced, so a crash leaves the old or the new file.

Hard links: the new text is a new file renamed over the old name, so other names linked to
the old file keep the old text (docs/decisions.md says why this was chosen).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import stat
import tempfile
from pathlib import Path

from rolesim.core.safe_text import escape_controls


class ReadOnlyFileError(PermissionError):
    """The file to save over is read-only; save again with `overwrite_read_only=True` once
    the user has agreed."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{escape_controls(str(path))} is read-only")
        self.path = path


def is_read_only(path: Path) -> bool:
    """No write permission for anyone, or not for us (root may write any file: the mode
    bits still say the owner meant it to be read-only)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def resolve_target(path: Path) -> Path:
    """The file a save writes: `path`, or the file its symlinks finally point to."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_faithfully(path: Path, text: str, *, overwrite_read_only: bool = False) -> Path:
    """Replace the file at `path` (through symlinks) with `text`; the file written."""
    target = resolve_target(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not overwrite_read_only and is_read_only(target):
        raise ReadOnlyFileError(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".rs-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            _keep_attributes(handle.fileno(), info)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)
    return target


def _keep_attributes(fd: int, info: os.stat_result | None) -> None:
    """The replaced file's mode, owner and group; a new file gets 0666 less the umask."""
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    with contextlib.suppress(PermissionError):  # only root may give a file to someone else
        os.fchown(fd, info.st_uid, info.st_gid)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def _fsync_directory(directory: Path) -> None:
    """The rename itself reaches the disk (not every file system lets a directory be
    opened or fsynced: then there is nothing more to do)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unwritable_because(path: Path) -> str | None:
    """Why no file can be written at `path`, in words, before any work is done (a missing
    folder, a file where a folder should be, a folder where the file should be); None when
    nothing stands in the way that can be seen beforehand."""
    folder = path.parent
    shown = escape_controls(str(folder))
    if path.is_dir():
        return (f"{escape_controls(str(path))} is a folder; give a file name in it "
                f"({escape_controls(str(path / 'world.toml'))})")
    for above in (folder, *folder.parents):
        if above.exists() and not above.is_dir():
            return f"{escape_controls(str(above))} is a file, not a folder"
        if above.is_dir():
            break
    if not folder.is_dir():
        return (f"the folder {shown} does not exist (create it first: mkdir -p "
                f"{shlex.quote(shown)})")
    return None
