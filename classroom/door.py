"""The door's memory of wrong codes: counted per address, across every process of a session, and slowed down.

``detente serve`` runs one ``detente join`` per browser tab, so a guesser can
open many tabs: the count lives beside the session file (``SESSION-door``, a
small JSON file changed under ``flock``), keyed by the address the server saw
(``REMOTE_VARIABLE``, which it sets for each tab's process; a terminal seat is
``this machine``). Up to ``FREE_FAILURES`` wrong codes in ``WINDOW`` seconds
cost nothing; each one after that doubles the wait before the next try from
that address, up to ``MAX_WAIT``. A right code does not clear the count (a
guesser holding one code could otherwise go on at full speed); wrong codes
older than ``WINDOW`` are forgotten.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: each process keeps its own count
    fcntl = None

REMOTE_VARIABLE = "DETENTE_REMOTE_ADDRESS"
"""The environment variable ``detente serve`` sets to the browser's address for its tab's process."""
THIS_MACHINE = "this machine"
FREE_FAILURES = 5
WINDOW = 600.0
MAX_WAIT = 300.0
MAX_ADDRESSES = 1000
"""The most addresses remembered (the oldest are forgotten first): the file stays small whatever happens."""


def address() -> str:
    """Where this process's codes come from: the browser's address, or ``this machine``."""
    return os.environ.get(REMOTE_VARIABLE, "").strip()[:64] or THIS_MACHINE


class Door:
    """Wrong codes per address for the session at ``session`` (``SESSION-door``), on ``clock``."""

    def __init__(self, session: Path, clock: Callable[[], float]) -> None:
        self.path = Path(f"{session}-door")
        self._clock = clock

    def wait(self, where: str) -> float:
        """Seconds ``where`` must still wait before its next code is looked at (0: try now)."""
        with self._counts() as counts:
            failures, last = counts.get(where, (0, 0.0))
        if failures < FREE_FAILURES:
            return 0.0
        return max(0.0, last + min(MAX_WAIT, 2.0 ** (failures - FREE_FAILURES)) - self._clock())

    window_minutes = round(WINDOW / 60)
    """How far back wrong codes count, in minutes (for messages)."""

    def counts(self) -> dict[str, int]:
        """Wrong codes per address in the last ``WINDOW`` seconds."""
        with self._counts() as counts:
            return {where: failures for where, (failures, _) in counts.items()}

    def failed(self, where: str) -> int:
        """Count a wrong code from ``where``; how many it has now."""
        with self._counts(write=True) as counts:
            failures, _ = counts.get(where, (0, 0.0))
            counts[where] = (failures + 1, self._clock())
            if len(counts) > MAX_ADDRESSES:
                for oldest in sorted(counts, key=lambda key: counts[key][1])[: len(counts) - MAX_ADDRESSES]:
                    del counts[oldest]
            return failures + 1

    @contextlib.contextmanager
    def _counts(self, *, write: bool = False) -> Iterator[dict[str, tuple[int, float]]]:
        """The counts of the last ``WINDOW`` seconds, read (and, with ``write``, written back) under the file's lock.
        A file that cannot be read or written counts as empty: the door then works as without it."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield {}
            return
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            with open(fd, "r+", encoding="utf-8", closefd=False) as stream:
                counts = _parse(stream.read(), self._clock() - WINDOW)
                yield counts
                if write:
                    stream.seek(0)
                    stream.truncate()
                    stream.write(json.dumps({key: list(value) for key, value in counts.items()}))
        finally:
            os.close(fd)


def _parse(text: str, since: float) -> dict[str, tuple[int, float]]:
    """The counts in ``text`` whose last wrong code came after ``since``; anything malformed is dropped."""
    try:
        raw = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}
    counts: dict[str, tuple[int, float]] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], int | float):
                if value[1] > since and value[0] > 0:
                    counts[str(key)] = (value[0], float(value[1]))
    return counts
