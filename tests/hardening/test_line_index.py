"""The one-pass line index (used for large files) agrees with the tomlkit locator on every
shipped lesson, and the locator parses a file once however many problems it locates."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from rolesim.scenario import locate
from rolesim.scenario.line_index import LineIndex
from rolesim.scenario.locate import Locator

LESSONS = sorted((Path(__file__).resolve().parents[2] / "rolesim" / "lessons").glob("*.toml"))


def _paths(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Every entry of the file and every key of each entry (two or three levels deep). Keys
    holding a table are left out: the locator names a `[x.y]` table by its header and a dotted
    `x.y.z = ` table by the entry's header, the index by the first line that writes it."""
    out: list[tuple[str | int, ...]] = []
    for name, value in data.items():
        out.append((name,))
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for i, entry in enumerate(value):
                out.append((name, i))
                out += [(name, i, key) for key, item in entry.items()
                        if not isinstance(item, dict)]
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_line_index_agrees_with_the_locator_on_shipped_lessons(lesson: Path) -> None:
    text = lesson.read_text()
    index, locator = LineIndex(text), Locator(text)
    paths = _paths(tomllib.loads(text))
    assert paths
    for path in paths:
        found, expected = index.line(path), locator.line(path)
        # the locator sometimes falls back to the element's header; the index never does
        assert found == expected or expected == index.line(path[:2]), path


def test_the_locator_parses_the_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import tomlkit

    text = LESSONS[0].read_text()
    calls = []
    real = tomlkit.parse

    def counting(source: str) -> Any:
        calls.append(len(source))
        return real(source)

    monkeypatch.setattr(tomlkit, "parse", counting)
    locator = Locator(text)
    paths = [p for p in _paths(tomllib.loads(text)) if p[0] not in ("roles", "steps", "users")]
    first = [locator.line(p) for p in paths]
    assert calls.count(len(text)) == 1  # the whole text once (elements are cut out once each)
    assert len(calls) == len(set(calls)) or len(calls) < len(paths)
    assert first == [Locator(text).line(p) for p in paths]  # marking left no trace


def test_large_texts_use_the_line_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate, "TOMLKIT_LIMIT", 10)
    text = 'format = 1\ntitle = "t"\n\n[[roles]]\narn = "a"\n\n[[roles]]\narn = "b"\n'
    assert Locator(text).line(("roles", 1, "arn")) == 8
    assert Locator(text).line(("roles", 1, "missing")) == 7
