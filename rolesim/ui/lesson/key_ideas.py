"""The lesson's key ideas: the "Key ideas" section of a scenario's Markdown description."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def key_ideas(description: str, title: str = "key ideas") -> str:
    """The Markdown under the first heading named `title` (any level, any case), up to the next
    heading of the same or a higher level; empty when there is no such section."""
    return "\n".join(_split(description, title)[1]).strip()


def without_key_ideas(description: str, title: str = "key ideas") -> str:
    """The description without that section (heading included): what learner mode shows
    before the lesson is over, as the key ideas answer what the learner is about to predict."""
    return "\n".join(_split(description, title)[0]).strip()


def _split(description: str, title: str) -> tuple[list[str], list[str]]:
    """The description's lines outside the first section headed `title`, and inside it."""
    outside: list[str] = []
    inside: list[str] = []
    level = 0
    done = False
    in_fence = False
    for line in description.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if level and not done:
            if match and len(match.group(1)) <= level:
                done = True
                outside.append(line)
            else:
                inside.append(line)
        elif (not done and match
              and match.group(2).strip().rstrip(":").lower() == title):
            level = len(match.group(1))
        else:
            outside.append(line)
    return outside, inside
