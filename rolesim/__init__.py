"""rolesim: a terminal simulator of AWS IAM roles and STS, for teaching."""

from rolesim.native import choose_build

__version__ = "0.1.0"

BUILD = choose_build()
""""compiled" (the mypyc build of `native.COMPILED` is in use), "pure" or "stale" (a source
changed since the build: the sources run instead). See rolesim/native.py."""
