"""A fuzzer for `rolesim import`: a small synthetic account export
(benchmarks/make_authz_export.py, policy documents as JSON or URL-encoded as the raw API
returns them) with keys dropped, duplicated or added, values retyped, hostile strings and
numbers, policies made invalid, or the file cut short.

The oracle: exit 0 and a scenario that loads (`rolesim inspect` on it exits 0), or exit 2
with stderr naming the export and nothing written; never a traceback, `internal error` or a
run over `TIME_LIMIT` seconds.

    .venv/bin/python -m tests.fuzz.import_fuzz --count 1000 --seed 3   # a longer run
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks.make_authz_export import make
from tests.fuzz.fuzz_loader import Timeout, _time_limit
from tests.fuzz.structural import Figures, command_line, mutate_once, spots

TIME_LIMIT = 8.0
DOCUMENT_KEYS = ("Document", "PolicyDocument", "AssumeRolePolicyDocument")


def export(rng: random.Random) -> dict[str, Any]:
    return make(roles=12, users=6, groups=3, policies=8, api=rng.random() < 0.5,
                seed=rng.randrange(1000))


def _encode_a_document(tree: dict[str, Any], rng: random.Random) -> str:
    """A policy document URL-encoded (as the API returns it), or a broken encoding of it."""
    places = [w for w in spots(tree) if isinstance(w[-1], str) and w[-1] in DOCUMENT_KEYS]
    if not places:
        return "no document"
    where = rng.choice(places)
    parent: Any = tree
    for step in where[:-1]:
        parent = parent[step]
    value = parent[where[-1]]
    text = value if isinstance(value, str) else quote(json.dumps(value), safe="")
    parent[where[-1]] = rng.choice([text[: len(text) // 2], text + "%", text.replace("%", "%%"),
                                    quote(text, safe=""), "%7B%7D", "%FF%FE", text])
    return f"encode {where}"


def mutant(rng: random.Random) -> tuple[str, list[str]]:
    tree = export(rng)
    done = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.25:
            done.append(_encode_a_document(tree, rng))
        else:
            done.append(mutate_once(tree, rng))
    try:
        text = json.dumps(tree)
    except (ValueError, RecursionError):
        text = "{}"
    if rng.random() < 0.1:
        done.append("truncate")
        text = text[: rng.randrange(len(text))]
    return text, done


def check(path: Path, out_path: Path, anonymize: bool) -> str:
    from rolesim.cli import main

    argv = ["import", str(path), "-o", str(out_path), *(["--anonymize"] if anonymize else [])]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            _time_limit(TIME_LIMIT):
        status = main(argv)
    stderr = err.getvalue()
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr[:400]
    assert status in (0, 2), f"exit {status}: {stderr[:300]}"
    if status == 2:
        assert str(path) in stderr, stderr[:300]
        assert not out_path.exists(), "written although refused"
        return "exit 2"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err), \
            _time_limit(TIME_LIMIT):
        loaded = main(["inspect", str(out_path)])
    assert loaded == 0, f"the written scenario does not load: {err.getvalue()[-300:]}"
    return "exit 0"


def fuzz(count: int, seed: int, directory: Path) -> Figures:
    rng = random.Random(seed)
    figures = Figures(outcomes=Counter())
    for n in range(count):
        text, done = mutant(rng)
        path = directory / f"export-{n}.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        figures.tried += 1
        try:
            outcome = check(path, directory / f"export-{n}.toml", anonymize=n % 4 == 0)
        except (Exception, Timeout) as exc:
            figures.escaped.append((f"{path.name} {done}", f"{type(exc).__name__}: {exc}"[:400]))
            outcome = "escaped"
        figures.outcomes[outcome] += 1
    return figures


def main(argv: list[str] | None = None) -> int:
    return command_line(fuzz, __doc__ or "", 300, argv)


if __name__ == "__main__":
    sys.exit(main())
