"""The simulated clock. The core never reads wall time: every 'now' comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

DEFAULT_START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)


def parse_time(text: str) -> datetime:
    """RFC 3339 (or epoch seconds) to an aware UTC datetime."""
    text = text.strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=UTC)
    value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@lru_cache(maxsize=1024)
def format_time(value: datetime) -> str:
    """RFC 3339 in UTC with a `Z`, as reports and condition keys show it (cached: the clock
    stands still between steps, so every request of a step formats the same instant)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Clock:
    """A clock that moves only when told to."""

    now: datetime = DEFAULT_START

    def advance(self, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.now = self.now + timedelta(seconds=seconds)

    def copy(self) -> Clock:
        return Clock(self.now)
