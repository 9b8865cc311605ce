"""The imported scenario as TOML text: a header comment (sources, accounts, time, rolesim
version, inferred entities), then the world. Written directly (the shape is known and flat),
which keeps a 5,000-role import fast; policy documents are compact JSON strings."""

from __future__ import annotations

import json
import re
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def toml_string(text: str) -> str:
    if "'" not in text and not _CONTROL.search(text):
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def render(header: list[str], top: dict[str, Any], sections: dict[str, list[dict[str, Any]]],
           ) -> str:
    out = [f"# {line}".rstrip() for line in header]
    out.append("")
    out.extend(f"{_key(k)} = {_value(v)}" for k, v in top.items())
    for section, entries in sections.items():
        for entry in entries:
            out.append("")
            out.append(f"[[{section}]]")
            tables = []
            for key, value in entry.items():
                if key == "inline" and isinstance(value, dict):
                    tables.append((key, value))
                else:
                    out.append(f"{_key(key)} = {_value(value)}")
            for key, value in tables:  # set apart, as a saved or hand-written file is
                out.append("")
                out.append(f"[{section}.{key}]")
                out.extend(f"{_key(k)} = {_value(v)}" for k, v in value.items())
    out.append("")
    return "\n".join(out)
