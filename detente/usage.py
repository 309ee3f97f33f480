"""Command-line checks that argparse cannot make (reported with exit code 2)."""

from __future__ import annotations

from collections.abc import Sequence

from engine.model import Scenario


class UsageError(Exception):
    """The command line is wrong in a way argparse cannot see."""


def parse_seats(items: Sequence[str], scenario: Scenario, default: str, *, allowed: Sequence[str]) -> dict[str, str]:
    """``FACTION=WHO`` items over a default for every faction; ``WHO`` must be in ``allowed``."""
    factions = [f.id for f in scenario.factions]
    seats = dict.fromkeys(factions, default)
    for item in items:
        faction, sep, who = item.partition("=")
        if not sep or not who:
            raise UsageError(f"--seat takes FACTION=WHO, not {item!r}")
        if faction not in seats:
            raise UsageError(f"--seat {item}: {faction!r} is not a faction of {scenario.id} ({', '.join(factions)})")
        if who not in allowed:
            raise UsageError(f"--seat {item}: unknown player {who!r}; known: {', '.join(allowed)}")
        seats[faction] = who
    return seats
