"""A learner's corner of a classroom (`rolesim serve`): their name, their folder, and which
files their open and save dialogs may reach.

A served session runs on the trainer's machine, so a path typed into a dialog must never
reach outside two folders: the lessons (read only) and the learner's own folder (read and
write). Every path a dialog returns goes through `Classroom.resolve`, which refuses absolute
paths, `..`, and symlinks that lead out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

LESSONS_PREFIX = "lessons/"
"""How a lesson file is named in a learner's dialogs: `lessons/01-....toml`."""

MAX_NAME = 40


class PathRefused(ValueError):
    """A path a learner may not open or save (the message says why, in a learner's words)."""


def learner_folder_name(name: str) -> str:
    """The folder a learner's name becomes: letters, digits, `-` and `_` only (accents
    dropped, spaces become `-`), at most 40 characters. A name written in another script
    (李雷, Мария) keeps its own letters rather than being refused. ValueError when nothing
    is left."""
    text = _only(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode(),
                 r"[^A-Za-z0-9_-]")
    if not text:  # nothing in Latin letters: the name's own letters (\w: Unicode letters)
        text = _only(unicodedata.normalize("NFC", name), r"[^\w-]")
    if not text:
        raise ValueError("Type a name with at least one letter or digit.")
    return text


def _only(name: str, refused: str) -> str:
    text = re.sub(r"[\s.]+", "-", name.strip())
    return re.sub(refused, "", text).strip("-_")[:MAX_NAME].strip("-_")


def within(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink followed, is `root` or inside it."""
    return path.resolve().is_relative_to(root.resolve())


@dataclass(frozen=True)
class Classroom:
    """One learner in one class: the lesson folder, the class work folder, the learner's name."""

    lessons: Path
    work: Path
    learner: str
    """Already a folder name (see learner_folder_name)."""

    @property
    def folder(self) -> Path:
        """The learner's own folder: their saves, and `scores/`."""
        return self.work / self.learner

    @property
    def scores(self) -> Path:
        return self.folder / "scores"

    def resolve(self, text: str, *, for_save: bool) -> Path:
        """The file a dialog's text names: `lessons/NAME.toml` is a lesson (open only), any
        other relative path is in the learner's folder. PathRefused for anything else."""
        raw = text.strip()
        if not raw:
            raise PathRefused("Type a file name.")
        if "\\" in raw or "\x00" in raw:
            raise PathRefused("Use / between folder names.")
        pure = PurePosixPath(raw)
        if pure.is_absolute() or raw.startswith("~"):
            raise PathRefused("Give a file name in your folder, not a full path.")
        if ".." in pure.parts:
            raise PathRefused("'..' is not allowed: files stay in your folder or the lessons.")
        if raw.startswith(LESSONS_PREFIX):
            if for_save:
                raise PathRefused("Lessons cannot be changed: save under a name of your own.")
            root, rest = self.lessons, PurePosixPath(*pure.parts[1:])
        else:
            root, rest = self.folder, pure
        if not rest.parts:
            raise PathRefused("Type a file name.")
        target = root.joinpath(*rest.parts)
        if not within(target, root):  # a symlink inside the folder that points out
            where = "the lessons" if root == self.lessons else "your folder"
            raise PathRefused(f"{raw} leads outside {where}.")
        return target

    def shown(self, path: Path) -> str:
        """How a file is named in the learner's dialogs (the inverse of `resolve`)."""
        if within(path, self.lessons):
            return LESSONS_PREFIX + path.resolve().relative_to(self.lessons.resolve()).as_posix()
        if within(path, self.folder):
            return path.resolve().relative_to(self.folder.resolve()).as_posix()
        return path.name

    def is_lesson(self, path: Path | None) -> bool:
        return path is not None and within(path, self.lessons)

    def files(self) -> list[str]:
        """What the open dialog lists: the learner's own files, then the lessons."""
        own = sorted(p for p in self.folder.glob("*.toml") if within(p, self.folder))
        lessons = sorted(p for p in self.lessons.glob("*.toml") if within(p, self.lessons))
        return [self.shown(p) for p in [*own, *lessons]]
