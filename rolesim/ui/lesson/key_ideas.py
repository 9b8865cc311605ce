"""The lesson's key ideas: the "Key ideas" section of a scenario's Markdown description."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def key_ideas(description: str, title: str = "key ideas") -> str:
    """The Markdown under the first heading named `title` (any level, any case), up to the next
    heading of the same or a higher level; empty when there is no such section."""
    lines = description.splitlines()
    level = 0
    found: list[str] = []
    in_fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if level:
            if match and len(match.group(1)) <= level:
                break
            found.append(line)
        elif match and match.group(2).strip().rstrip(":").lower() == title:
            level = len(match.group(1))
    return "\n".join(found).strip()
