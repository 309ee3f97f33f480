"""Waiting outside an app for what a test needs (a process to end, a file to be written), never for a fixed time.

``holds_within`` asks a condition again and again, a short poll apart, until it holds or a generous deadline
passes; a test then asserts on the answer, or cleans up what is still there. (In a Textual app, ``waiting.until``
lets the app run one refresh at a time instead.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

POLL = 0.05
"""Seconds between two askings of the condition."""


def holds_within(condition: Callable[[], object], seconds: float) -> bool:
    """Whether ``condition()`` became true within ``seconds`` (measured with ``time.monotonic``); True at once if it holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL)
    return True
