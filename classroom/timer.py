"""Phase timer arithmetic: pure functions of the stored times and a ``now`` value.

A turn's phases (such as ``[("discuss", 600), ("orders", 300)]``) run back to
back from the moment the turn began. Pausing stops the clock: the time spent
paused is added up in ``paused_total`` and never counts against a phase. All
times are seconds from the same clock (``time.time`` unless a test injects
another); nothing here reads the clock itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import engine.valueclass as valueclass

Phases = tuple[tuple[str, int], ...]


@valueclass.frozen
class Clock:
    """A world's stored timer: when the turn began and the pauses since."""

    turn_started: float
    paused_at: float | None = None
    """When the timer was paused; None while it runs."""
    paused_total: float = 0.0
    """Seconds spent paused in earlier, finished pauses this turn."""

    @property
    def paused(self) -> bool:
        """True while the timer is paused."""
        return self.paused_at is not None


@valueclass.frozen
class TimerStatus:
    """What a timer shows at one moment."""

    phase: str
    """The current phase's name; the last phase's once every phase has run out; empty without phases."""
    seconds_left: float | None
    """Seconds left in the current phase (0 once every phase has run out); None without phases."""
    paused: bool
    deadline_passed: bool
    """True once every phase has run out."""
    elapsed: float
    """Seconds the timer has run this turn, pauses excluded."""
    phase_ends_at: float | None
    """The clock time the current phase ends if nothing is paused; None while paused, without phases, or after the deadline."""


def elapsed(clock: Clock, now: float) -> float:
    """Seconds the timer has run since the turn began, pauses excluded (never negative)."""
    return max(0.0, _ran(clock, now))


def _ran(clock: Clock, now: float) -> float:
    """``elapsed``, but below 0 when time was added at the start of a turn (``add_time``): the first phase is then longer."""
    end = clock.paused_at if clock.paused_at is not None else now
    return end - clock.turn_started - clock.paused_total


def status(phases: Sequence[tuple[str, int]], clock: Clock, now: float) -> TimerStatus:
    """The timer at ``now``: the phase it is in, the seconds left in it, paused, past the deadline."""
    ran = _ran(clock, now)
    if not phases:
        return TimerStatus("", None, clock.paused, False, max(0.0, ran), None)
    end = 0.0
    for name, seconds in phases:
        end += seconds
        if ran < end:
            left = end - ran
            ends_at = None if clock.paused else now + left
            return TimerStatus(name, left, clock.paused, False, max(0.0, ran), ends_at)
    return TimerStatus(phases[-1][0], 0.0, clock.paused, True, ran, None)


def add_time(clock: Clock, seconds: float) -> Clock:
    """``clock`` with ``seconds`` more left in the turn's current phase (negative: fewer; the deadline may then pass)."""
    return valueclass.evolve(clock, turn_started=clock.turn_started + seconds)


def pause(clock: Clock, now: float) -> Clock:
    """``clock`` paused at ``now`` (unchanged if already paused)."""
    if clock.paused:
        return clock
    return valueclass.evolve(clock, paused_at=now)


def resume(clock: Clock, now: float) -> Clock:
    """``clock`` running again from ``now`` (unchanged if it runs); the pause does not count."""
    if clock.paused_at is None:
        return clock
    return valueclass.evolve(clock, paused_at=None, paused_total=clock.paused_total + max(0.0, now - clock.paused_at))


def restart(clock: Clock | None, now: float) -> Clock:
    """The timer of a turn that begins at ``now``; a paused timer stays paused until resumed."""
    paused = clock is not None and clock.paused
    return Clock(now, now if paused else None, 0.0)


def total(phases: Sequence[tuple[str, int]]) -> int:
    """Seconds from the start of a turn to its deadline."""
    return sum(seconds for _, seconds in phases)


def duration(seconds: float) -> str:
    """``14:32`` (or ``1:02:05`` from an hour), rounded up so that 0:00 means the time is up."""
    whole = max(0, math.ceil(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


MAX_PHASE_MINUTES = 24 * 60


def parse_phase(item: str) -> tuple[str, int]:
    """``NAME=MINUTES`` (``orders=15``, ``talks=2.5``) as (name, seconds); ``ValueError`` saying what is expected."""
    name, sep, minutes = item.strip().partition("=")
    try:
        value = float(minutes)
    except ValueError:
        value = -1.0
    if not sep or not name.strip() or not 0 < value <= MAX_PHASE_MINUTES:
        raise ValueError(f"a phase is NAME=MINUTES with 0 < MINUTES <= {MAX_PHASE_MINUTES}, not {item.strip()!r}")
    return name.strip(), max(1, round(value * 60))


def phases_text(phases: Sequence[tuple[str, int]]) -> str:
    """Phases as ``parse_phase`` reads them, comma-separated: ``orders=15, talks=2.5``."""
    return ", ".join(f"{name}={seconds / 60:g}" for name, seconds in phases)
