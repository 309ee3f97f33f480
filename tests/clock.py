"""A clock the test moves by hand, for the classroom's stores, seats and consoles (they take ``clock=``)."""

from __future__ import annotations


class FakeClock:
    """A clock the test moves by hand: calling it gives ``now``, which the test sets."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock on by ``seconds``."""
        self.now += seconds
