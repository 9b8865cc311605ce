"""What an import did: counts by kind, what was inferred, what kept a default, and everything
not carried over with the reason. Nothing is dropped without a line here."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rolesim.core.words import counted

WIDTH = 80
"""The summary is read in a terminal: a line longer than this goes on under itself."""


def wrapped(line: str) -> str:
    """`line` in lines of at most WIDTH columns (an ARN is never cut), continued four spaces
    further in than it starts."""
    if len(line) <= WIDTH:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.fill(line.strip(), WIDTH, initial_indent=indent,
                         subsequent_indent=indent + "    ", break_long_words=False,
                         break_on_hyphens=False)


@dataclass
class Summary:
    sources: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    inferred: list[dict[str, Any]] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    not_carried: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(what, why) -> how many."""
    missing: list[dict[str, str]] = field(default_factory=list)
    """Principals or policies referenced but defined nowhere: reported, not invented."""
    differs_from_shipped: list[str] = field(default_factory=list)
    ignored_fields: set[str] = field(default_factory=set)
    replaced: dict[str, int] = field(default_factory=dict)
    output: str = ""

    def skip(self, what: str, why: str, count: int = 1) -> None:
        if count:
            self.not_carried[(what, why)] += count

    def as_json(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "sources": self.sources,
            "counts": dict(sorted(self.counts.items())),
            "inferred": self.inferred,
            "defaults": self.defaults,
            "not_carried_over": [{"what": w, "reason": r, "count": n}
                                 for (w, r), n in sorted(self.not_carried.items())],
            "missing": self.missing,
            "aws_managed_differs_from_shipped": self.differs_from_shipped,
            "ignored_fields": sorted(self.ignored_fields),
            "anonymized": self.replaced,
        }

    def text(self) -> str:
        lines = [f"Imported into {self.output}" if self.output else "Imported"]
        for source in self.sources:
            lines.append(f"  from {source['file']} ({source['shape']} shape): account "
                         + ", ".join(source["accounts"]))
        lines.append("Counts:")
        lines.extend(f"  {k}: {n}" for k, n in sorted(self.counts.items()))
        if self.inferred:
            lines.append("Inferred (not in the export):")
            for item in self.inferred:
                lines.append(f"  {item['kind']} {item['arn']}: {item['why']}")
        if self.differs_from_shipped:
            lines.append("AWS managed policies whose export document differs from the one "
                         "rolesim ships (the export's document is kept):")
            lines.extend(f"  {arn}" for arn in self.differs_from_shipped)
        if self.defaults:
            lines.append("Left at rolesim's default (the export does not say):")
            lines.extend(f"  {line}" for line in self.defaults)
        if self.missing:
            lines.append("Referenced but defined nowhere in the exports (reported, not "
                         "invented):")
            for item in self.missing:
                lines.append(f"  {item['kind']} {item['name']} (named by {item['by']})")
        if self.not_carried:
            lines.append("Not carried over:")
            for (what, why), n in sorted(self.not_carried.items()):
                lines.append(f"  {what} x{n}: {why}")
        if self.ignored_fields:
            lines.append("Fields rolesim does not know, ignored: "
                         + ", ".join(sorted(self.ignored_fields)))
        if self.replaced:
            lines.append("Anonymized (replaced by stable fakes): "
                         + ", ".join(counted(n, k.removesuffix("s"))
                                     for k, n in sorted(self.replaced.items())))
        return "\n".join(wrapped(line) for line in lines)
