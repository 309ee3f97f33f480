"""Command-line checks that argparse cannot make (reported with exit code 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from engine.rng import MAX_SEED

if TYPE_CHECKING:
    from engine.model import Scenario  # only named here: the command line's checks load no scenario model


class UsageError(Exception):
    """The command line is wrong in a way argparse cannot see."""


def parse_seats(items: Sequence[str], scenario: Scenario, default: str, *, allowed: Sequence[str], doctrines: bool = False) -> dict[str, str]:
    """``FACTION=WHO`` items over a default for every faction; ``WHO`` must be in ``allowed``
    or, with ``doctrines``, be ``doctrine:NAME_OR_FILE`` naming a doctrine that loads
    (``players.doctrine.DoctrineError``, exit code 1, when it does not)."""
    factions = [f.id for f in scenario.factions]
    seats = dict.fromkeys(factions, default)
    for item in items:
        faction, sep, who = item.partition("=")
        if not sep or not who:
            raise UsageError(f"--seat takes FACTION=WHO, not {item!r}")
        if faction not in seats:
            raise UsageError(f"--seat {item}: {faction!r} is not a faction of {scenario.id} ({', '.join(factions)})")
        if doctrines and who.startswith("doctrine:"):
            from players.doctrine import find_doctrine  # here: most commands never load a doctrine

            find_doctrine(who[len("doctrine:") :])
        elif who not in allowed:
            known = ", ".join(allowed) + (", doctrine:NAME_OR_FILE" if doctrines else "")
            raise UsageError(f"--seat {item}: unknown player {who!r}; known: {known}")
        seats[faction] = who
    return seats


def seed(text: str) -> int:
    """An argparse type: a whole number from 0 to ``MAX_SEED``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to 2^63-1)")
    return value


def positive(text: str) -> int:
    """An argparse type: a whole number of 1 or more (and at most ``MAX_SEED``)."""
    value = seed(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def count_up_to(limit: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to ``limit``."""

    def count(text: str) -> int:
        value = seed(text)
        if not 1 <= value <= limit:
            raise argparse.ArgumentTypeError(f"must be 1 to {limit}")
        return value

    return count
