"""The simulated clock. The core never reads wall time: every 'now' comes from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

DEFAULT_START = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
"""The simulated clock stays within [EARLIEST, LATEST]: far enough from year 9999 that every
expiry computed from it (36 hours at most) is still a date Python can hold."""
MAX_ADVANCE_SECONDS = int((LATEST - EARLIEST).total_seconds())


class ClockRangeError(ValueError):
    """A time, or a move of the clock, outside the simulated clock's range."""


def check_in_range(value: datetime, what: str = "") -> datetime:
    """`value` if it lies in the clock's range, else `ClockRangeError` saying the range."""
    if not EARLIEST <= value <= LATEST:
        head = f"{what} " if what else ""
        raise ClockRangeError(f"{head}must be between {format_time(EARLIEST)} and "
                              f"{format_time(LATEST)}, not {value.isoformat()}")
    return value


def parse_time(text: str) -> datetime:
    """RFC 3339 (or epoch seconds) to an aware UTC datetime."""
    text = text.strip()
    if text.isdigit():
        if len(text) > 12:  # past year 33658: no datetime holds it
            raise ClockRangeError(f"epoch seconds out of range: {text[:20]}...")
        try:
            return datetime.fromtimestamp(int(text), tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ClockRangeError(f"epoch seconds out of range: {text}") from exc
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
        if seconds > (LATEST - self.now).total_seconds():
            raise ClockRangeError(f"moving the clock {seconds} seconds from "
                                  f"{format_time(self.now)} would pass {format_time(LATEST)}, "
                                  "the latest time the simulated clock shows")
        self.now = self.now + timedelta(seconds=seconds)

    def copy(self) -> Clock:
        return Clock(self.now)
