"""How a game ended."""

from __future__ import annotations

import enum

import engine.valueclass as valueclass


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

    @property
    def description(self) -> str:
        """Why the game ended, as a clause ("a faction reached the victory score")."""
        return _WORDS[self][0]

    @property
    def label(self) -> str:
        """Why the game ended, in a few words for tables ("victory score")."""
        return _WORDS[self][1]


_WORDS = {
    Termination.TURN_LIMIT: ("the last turn was played", "turn limit"),
    Termination.SCORE: ("a faction reached the victory score", "victory score reached"),
    Termination.COLLAPSE: ("a faction collapsed at home", "collapse"),
    Termination.AIM: ("a faction met its own aim", "aim met"),
}


@valueclass.frozen
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
