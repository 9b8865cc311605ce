"""Issue 16: saving replaces the file faithfully: through symlinks, keeping mode, owner and
group, asking before a read-only file, with a short temporary name, fsyncing the directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rolesim.scenario import write_file
from rolesim.scenario.workspace import Workspace
from rolesim.scenario.write_file import ReadOnlyFileError
from rolesim.ui.app import make_app
from rolesim.ui.common.confirm import ConfirmModal
from tests.hardening import hostile


def _workspace(path: Path) -> Workspace:
    path.write_text(hostile.scenario())
    workspace = Workspace.open(path)
    workspace.set_title("Changed")
    return workspace


def test_saving_over_a_symlink_writes_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    link = tmp_path / "link.toml"
    workspace = _workspace(real)
    link.symlink_to(real)
    workspace.save(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert 'title = "Changed"' in real.read_text()


def test_saving_keeps_the_mode_of_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "private.toml"
    workspace = _workspace(path)
    path.chmod(0o600)
    workspace.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_keeps_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    workspace = _workspace(path)
    before = path.stat()
    workspace.save()
    after = path.stat()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "a.toml")
    old = os.umask(0o027)
    try:
        workspace.save(tmp_path / "new.toml")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_a_read_only_file_is_not_overwritten_without_consent(tmp_path: Path) -> None:
    path = tmp_path / "ro.toml"
    workspace = _workspace(path)
    path.chmod(0o444)
    before = path.read_text()
    with pytest.raises(ReadOnlyFileError):
        workspace.save()
    assert path.read_text() == before and workspace.dirty
    workspace.save(overwrite_read_only=True)
    assert 'title = "Changed"' in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444  # still read-only


def test_a_250_byte_file_name_can_be_saved(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 245 + ".toml")
    assert len(path.name.encode()) == 250
    workspace = _workspace(path)
    workspace.save()
    assert 'title = "Changed"' in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


def test_the_directory_is_fsynced_after_the_rename(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(write_file.os, "fsync", spy)
    directories: list[str] = []
    real_open = os.open

    def spy_open(path: object, flags: int, *args: object) -> int:
        fd = real_open(path, flags, *args)  # type: ignore[arg-type]
        if os.path.isdir(str(path)):
            directories.append(str(path))
        return fd

    monkeypatch.setattr(write_file.os, "open", spy_open)
    workspace = _workspace(tmp_path / "s.toml")
    workspace.save()
    assert str(tmp_path) in directories and len(synced) >= 2


def test_hard_links_are_replaced_as_documented(tmp_path: Path) -> None:
    """docs/decisions.md: a save renames a new file over the name; the other link keeps the
    old text."""
    path = tmp_path / "s.toml"
    workspace = _workspace(path)
    other = tmp_path / "other.toml"
    os.link(path, other)
    workspace.save()
    assert 'title = "Changed"' in path.read_text()
    assert 'title = "Hostile"' in other.read_text()


async def test_the_tui_asks_before_overwriting_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.toml"
    workspace = _workspace(path)
    path.chmod(0o444)
    app = make_app(workspace=workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "read-only" in app.screen.question
        assert 'title = "Changed"' not in path.read_text()
        await pilot.press("y")
        await pilot.pause()
        assert 'title = "Changed"' in path.read_text() and not app.workspace.dirty
