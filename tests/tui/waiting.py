"""Waiting in the UI tests for what a test needs, never for a fixed time.

A poll, a timer's redraw or a screen pushed by a worker can take many times
longer than usual on a loaded machine, so a pause of a fixed 0.3 s fails at
random there (and wastes the time everywhere else). ``until`` lets the app
run one refresh at a time until a condition on its state holds: the screen on
top, a widget's content, a notification, a count of polls. Only after a
generous timeout does it fail, saying what it waited for.

To show that something does *not* happen, wait for a positive event that must
come first (the next poll, the next redraw), then assert.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

TIMEOUT = 10.0
"""Seconds ``until`` waits by default: far more than any condition takes, even on a loaded machine."""


async def until(pilot: Pilot, condition: Callable[[], object], *, timeout: float = TIMEOUT, what: str = "the condition") -> None:
    """Let the app run, one refresh at a time, until ``condition()`` is true.

    ``AssertionError`` naming ``what`` if it is still false after ``timeout``
    seconds (measured with ``time.monotonic``). Returns at once if it holds already.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}, in vain")
        await pilot.pause()
