"""Write a scenario file, atomically, without destroying what a person wrote in it.

A new file is written with tomli-w; policies given as JSON text become readable TOML tables.
When the file already exists, its TOML document (tomlkit, which keeps comments and layout) is
updated in place: only the keys and tables whose values changed are rewritten, so comments
elsewhere survive. The result is checked by loading it again; should that ever differ (a
tomlkit corner), the fresh rendering is written and the original kept beside it as
`NAME.toml.bak`, and the returned `SaveResult.note` says so.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
from tomlkit.items import AoT, InlineTable, Table, Whitespace

from rolesim.scenario.model import Scenario, SourceInfo, to_data

# Where policy documents sit: section -> keys holding one document, or a table/array of them.
_SINGLE = {"policies": ("document",), "roles": ("trust",), "resources": ("policy",),
           "steps": ("policy", "trust", "document")}
_MANY = {"accounts": ("scps",), "users": ("inline",), "groups": ("inline",), "roles": ("inline",)}


@dataclass(frozen=True, slots=True)
class SaveResult:
    path: Path
    preserved: bool  # True: the existing file was updated in place (comments kept)
    note: str | None = None


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Plain TOML-shaped data, JSON-text policies turned into tables."""
    data = to_data(scenario)
    for section, entries in data.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            for key in _SINGLE.get(section, ()):
                if key in entry and not (section == "steps" and key == "policy"
                                         and entry.get("do") in _POLICY_IS_ARN):
                    entry[key] = as_table(entry[key])
            for version in entry.get("versions", ()) if section == "policies" else ():
                if "document" in version:
                    version["document"] = as_table(version["document"])
            for key in _MANY.get(section, ()):
                if isinstance(entry.get(key), dict):
                    entry[key] = {k: as_table(v) for k, v in entry[key].items()}
                elif isinstance(entry.get(key), list):
                    entry[key] = [as_table(v) for v in entry[key]]
    return data


# steps whose `policy` key is a managed policy ARN, not a document
_POLICY_IS_ARN = {"attach-policy", "detach-policy", "set-boundary"}


def as_table(document: Any) -> Any:
    """JSON text -> table when it is an object TOML can hold (no nulls); else unchanged."""
    if not isinstance(document, str):
        return document
    try:
        parsed = json.loads(document)
    except ValueError:
        return document
    if isinstance(parsed, dict) and not _has_null(parsed):
        return parsed
    return document


def _has_null(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_null(v) for v in value)
    return False


def dumps(scenario: Scenario) -> str:
    """A fresh rendering (no comments: nothing to keep)."""
    return render(scenario_data(scenario))


def render(data: dict[str, Any]) -> str:
    """TOML a person can read: one `[[section]]` table per entry, policies as inline tables
    with one statement per line (as the format page writes them). Falls back to tomli-w
    should the rendering ever not read back as the same data."""
    try:
        text = _render(data)
        if tomllib.loads(text) == data:
            return text
    except Exception:
        pass
    return tomli_w.dumps(data, multiline_strings=True)


def _render(data: dict[str, Any]) -> str:
    doc = tomlkit.document()
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            continue
        doc[key] = _scalar(value)
    for section, entries in data.items():
        if not (isinstance(entries, list) and entries and all(isinstance(v, dict)
                                                              for v in entries)):
            continue
        aot = tomlkit.aot()
        for entry in entries:
            aot.append(_entry_table(section, entry))
        doc[section] = aot
    return doc.as_string()


def _entry_table(section: str, entry: dict[str, Any]) -> Any:
    table = tomlkit.table()
    supers: list[tuple[str, Any]] = []
    for key, value in entry.items():
        item = _entry_value(section, key, value)
        if isinstance(item, Table):
            supers.append((key, item))
        else:
            table[key] = item
    for key, block in supers:  # sub-tables after the plain keys
        table[key] = block
    return table


def _entry_value(section: str | None, key: str, value: Any) -> Any:
    """How one key of a `[[section]]` entry is written: policies as inline tables with a
    statement per line, `inline` policies under a `[section.inline]` table, the rest inline."""
    section = section or ""
    if key in _SINGLE.get(section, ()) and isinstance(value, dict):
        return _policy(value)
    if key in _MANY.get(section, ()) and isinstance(value, dict):
        block = tomlkit.table(is_super_table=True)
        for name, document in value.items():
            block[name] = _policy(document) if isinstance(document, dict) else document
        return block
    if section == "policies" and key == "versions" and isinstance(value, list):
        versions = tomlkit.array()
        for version in value:
            table = tomlkit.inline_table()
            for name, item in version.items():
                table[name] = (_policy(item) if name == "document" and isinstance(item, dict)
                               else _inline(item))
            versions.append(table)
        versions.multiline(True)
        return versions
    if key in _MANY.get(section, ()) and isinstance(value, list):
        array = tomlkit.array()
        for document in value:
            array.append(_policy(document) if isinstance(document, dict) else document)
        array.multiline(True)
        return array
    return _inline(value)


def _policy(document: dict[str, Any]) -> Any:
    table = tomlkit.inline_table()
    for key, value in document.items():
        if key == "Statement" and isinstance(value, list):
            statements = tomlkit.array()
            for statement in value:
                statements.append(_inline(statement))
            statements.multiline(True)
            table[key] = statements
        else:
            table[key] = _inline(value)
    return table


def _inline(value: Any) -> Any:
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for key, item in value.items():
            table[key] = _inline(item)
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for item in value:
            array.append(_inline(item))
        return array
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    return value


def save_scenario(scenario: Scenario, path: str | Path, *,
                  overwrite_read_only: bool = False) -> SaveResult:
    """Write `scenario` to `path` atomically, keeping the comments of the file it was read
    from. Saved over a different existing file ("save as"), it replaces that file. A read-only
    file raises `ReadOnlyFileError` unless `overwrite_read_only` (the user agreed)."""
    from rolesim.scenario.write_file import ReadOnlyFileError, is_read_only, resolve_target

    target = Path(path)
    if not overwrite_read_only and is_read_only(resolve_target(target)):
        raise ReadOnlyFileError(target)
    data = scenario_data(scenario)
    original = _read(target) if _same_file(scenario, target) else None
    result = SaveResult(target, preserved=False)
    text = None
    if original is not None:
        text = _updated(original, data, scenario)
        if text is None:
            backup = target.with_name(target.name + ".bak")
            _write_atomic(backup, original)
            result = SaveResult(target, False, f"could not keep the layout of {target.name}; "
                                               f"the previous version is in {backup.name}")
        else:
            result = SaveResult(target, preserved=True)
    if text is None:
        text = render(data)
    _write_atomic(target, text, overwrite_read_only=overwrite_read_only)
    scenario.source = SourceInfo(str(target), text)
    return result


def _same_file(scenario: Scenario, target: Path) -> bool:
    """Is `target` the file this scenario was read from (or is its origin unknown)?"""
    source = scenario.source
    if source is None:
        return True
    try:
        return Path(source.filename).resolve() == target.resolve()
    except (OSError, RuntimeError):
        return False


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _updated(original: str, data: dict[str, Any], scenario: Scenario) -> str | None:
    """The original document with the changes merged in, or None if that cannot be trusted."""
    from rolesim.scenario.load import load_scenario_text

    try:
        if scenario_data(load_scenario_text(original, "<check>")) == data:
            return original  # nothing changed: not one byte either
    except Exception:
        return None
    try:
        doc = tomlkit.parse(original)
        _merge_table(doc, data, top=True)
        text = doc.as_string()
        if scenario_data(load_scenario_text(text, "<check>")) != data:
            return None
        return text
    except Exception:
        return None


def _write_atomic(path: Path, text: str, *, overwrite_read_only: bool = False) -> None:
    """Atomic and faithful to the file replaced (symlinks, mode, owner): write_file.py."""
    from rolesim.scenario.write_file import write_faithfully

    write_faithfully(path, text, overwrite_read_only=overwrite_read_only)


# ----------------------------------------------------------------------------- in-place merge


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _canon(value: Any) -> str:
    """Comparable form: JSON-text objects read as the tables they mean."""
    return json.dumps(_decode(value), sort_keys=True, default=str)


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip().startswith("{"):
        decoded = as_table(value)
        return value if decoded is value else _decode(decoded)
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _same(old: Any, new: Any) -> bool:
    old_plain = _plain(old)
    return bool(old_plain == new or _canon(old_plain) == _canon(new))


def _merge_table(container: Any, new: dict[str, Any], section: str | None = None,
                 top: bool = False) -> None:
    """Rewrite only the keys whose values changed. `section` is set for a `[[section]]` entry
    (new values are then written as `_entry_value` writes them); `top` for the document."""
    spaced = section is not None and isinstance(container, Table) and (
        container.as_string().endswith("\n\n"))
    _merge_keys(container, new, section, top)
    if spaced:
        _keep_blank_line_after(container)


def _keep_blank_line_after(entry: Table) -> None:
    """An entry that was followed by one blank line still is, as people write tables: a
    table added at its end (`[groups.inline]`) would otherwise run into the next `[[roles]]`,
    and one rewritten there (dotted `inline.NAME` keys) left two blank lines."""
    body = entry.value.body
    while entry.as_string().endswith("\n\n\n") and body and isinstance(body[-1][1], Whitespace):
        space = body[-1][1].s
        if space.strip("\n"):
            break
        if len(space) > 1:
            body[-1] = (None, Whitespace(space[:-1]))
        else:
            body.pop()
    if entry.as_string().endswith("\n\n"):
        return
    last = body[-1][1] if body else None
    (last if isinstance(last, Table) else entry).add(tomlkit.nl())


def _merge_keys(container: Any, new: dict[str, Any], section: str | None,
                top: bool) -> None:
    for key in [k for k in container if k not in new]:
        del container[key]
    for key, value in new.items():
        old = container.get(key) if key in container else None
        if old is not None and _same(old, value):
            continue
        is_section = top and isinstance(value, list) and value and all(
            isinstance(v, dict) for v in value)
        if old is not None and is_section and isinstance(old, AoT):
            _merge_aot(old, value, key)
        elif old is not None and isinstance(value, dict) and isinstance(old, Table) and (
                section is None):
            _merge_table(old, value)
        elif is_section:
            aot = tomlkit.aot()
            for entry in value:
                aot.append(_entry_table(key, entry))
            container[key] = aot
        elif top:
            _set_top_level(container, key, value)
        elif section is not None:
            container[key] = _entry_value(section, key, value)
        else:
            container[key] = _inline(value) if isinstance(container, InlineTable) else value


_TOP_ORDER = ("format", "title", "description", "start")


def _set_top_level(doc: Any, key: str, value: Any) -> None:
    """A new top-level key goes after the one before it in the format's order (`description`
    under `title`), not at the end of the header comments."""
    if key not in doc and key in _TOP_ORDER:
        before = [k for k in _TOP_ORDER[: _TOP_ORDER.index(key)] if k in doc]
        if before and hasattr(doc, "_insert_after"):
            try:
                doc._insert_after(before[-1], key, tomlkit.item(_scalar(value)))
                return
            except Exception:
                pass
    doc[key] = _scalar(value)


def _merge_aot(aot: AoT, new: list[dict[str, Any]], section: str) -> None:
    """Match old and new tables (difflib) so an inserted or deleted step rewrites only itself:
    first by whole content, then, among those that changed, by what they are (arn, id, do)."""
    old_items = [_plain(t) for t in aot]
    _align(aot, old_items, new, 0, len(old_items), 0, len(new), [_canon, _identity], section)


def _identity(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("arn") or value.get("id") or value.get("do") or "")
    return ""


def _align(aot: AoT, old: list[Any], new: list[dict[str, Any]], i_lo: int, i_hi: int,
           j_lo: int, j_hi: int, keys: list[Any], section: str) -> None:
    """Edit aot[i_lo:i_hi] into new[j_lo:j_hi], working from the end so indices stay valid."""
    if not keys:
        pairs = min(i_hi - i_lo, j_hi - j_lo)
        for offset in range(pairs):
            _merge_table(aot[i_lo + offset], new[j_lo + offset], section)
        for index in range(i_hi - 1, i_lo + pairs - 1, -1):
            del aot[index]
        for offset, value in enumerate(new[j_lo + pairs:j_hi]):
            at = i_lo + pairs + offset
            table = _entry_table(section, value)
            if at > 0 and not aot[at - 1].as_string().endswith("\n\n"):
                aot[at - 1].add(tomlkit.nl())  # a blank line between tables, as people write
            if at < len(aot):
                table.add(tomlkit.nl())
            aot.insert(at, table)
        return
    key, rest = keys[0], keys[1:]
    matcher = difflib.SequenceMatcher(a=[key(v) for v in old[i_lo:i_hi]],
                                      b=[key(v) for v in new[j_lo:j_hi]], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        a1, a2, b1, b2 = i_lo + i1, i_lo + i2, j_lo + j1, j_lo + j2
        if tag == "equal":
            if key is not _canon:  # same identity, changed content: merge key by key
                for offset in range(a2 - a1):
                    _merge_table(aot[a1 + offset], new[b1 + offset], section)
            continue
        _align(aot, old, new, a1, a2, b1, b2, rest, section)
