"""How a game ended."""

from __future__ import annotations

import enum

import attrs


class Termination(enum.Enum):
    """Why the game is over (rule 9)."""

    TURN_LIMIT = "turn_limit"
    """The last turn was played."""
    SCORE = "score"
    """A faction reached the scenario's victory score."""
    COLLAPSE = "collapse"
    """A faction's collapse track (normally domestic support) hit its minimum."""
    AIM = "aim"
    """A faction met its own victory condition (format 2, rule 13.5)."""


@attrs.frozen
class Outcome:
    """The result of a finished game."""

    termination: Termination
    winners: tuple[str, ...]
    """Faction ids sharing the highest score among those who did not collapse, joined by their
    coalition partners, highest score first (rule 13.5)."""
    losers: tuple[str, ...]
    """Faction ids that collapsed, with their coalition partners."""
    scores: tuple[tuple[str, int], ...]
    """Final score of every faction, in scenario order."""
    turn: int
    """The turn on which the game ended."""
