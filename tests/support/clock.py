"""A fake clock for the retry policy: time stands still except when the code under test sleeps."""

from __future__ import annotations

from datetime import UTC, datetime

WALL = datetime(2030, 1, 1, tzinfo=UTC)
"""What the fake wall clock reads at monotonic time 0."""


class FakeClock:
    """Time stands still except when the code under test sleeps (or a test advances it).

    The monotonic time starts at `start` (a real one never starts at zero); `sleeps` lists the waits.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return WALL.timestamp() + self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
