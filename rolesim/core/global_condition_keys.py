"""AWS global condition keys (`aws:...`) and their types, read from
`global_condition_keys.toml` (its header says where they come from): one list for the
catalogue's key types and for the linter.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def global_key_data() -> dict[str, Any]:
    """The whole file: `keys` (global keys), `cross_service`, `always_present`,
    `also_numeric`."""
    text = resources.files(__package__).joinpath("global_condition_keys.toml").read_text(
        encoding="utf-8")
    return tomllib.loads(text)


def global_condition_key_types() -> dict[str, str]:
    """Global key name -> type (`aws:SourceIp` -> `IPAddress`); a family is written with
    `${TagKey}` (`aws:PrincipalTag/${TagKey}`)."""
    keys: dict[str, str] = global_key_data()["keys"]
    return keys
