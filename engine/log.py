"""Structured log entries: everything that happens in a game, with its cause.

Entries are data, not text: ``engine.describe`` renders them for people, and
views filter them by faction and turn. Every change to any number on the board
is a ``Change`` naming its cause, so a player can always ask "why?".

Entries are immutable named tuples rather than frozen value classes: a game
creates hundreds of them per turn, and a named tuple is built three times
faster (measured in ``make bench``) with the same keyword constructor and repr.

Unlike the other modules, this one evaluates its annotations (no ``from __future__
import annotations``): ``NamedTuple`` compiles each annotation given as a string,
which made importing the module, and so starting every command, 2 ms slower.
"""

import enum
from typing import NamedTuple

from engine.reasons import Reason

Pairs = tuple[tuple[str, int], ...]


class Cause(enum.Enum):
    """Why a number changed."""

    ORDER = "order"
    """A move's cost, effects, failure effects or side effects."""
    OPPOSITION = "opposition"
    """An event's opposition modifier, triggered by a move."""
    CARD = "card"
    """An event card's immediate effects."""
    ONGOING = "ongoing"
    """An active event's per-turn effects in upkeep."""
    MATURED = "matured"
    """A move's delayed effects coming due in upkeep."""
    INCOME = "income"
    """Income paid in upkeep."""
    FADED = "faded"
    """Fading influence running out in upkeep (format 2, rule 13.2)."""
    HEDGING = "hedging"
    """A dominated region drifting toward its runner-up in upkeep (rule 13.3)."""
    REACTION = "reaction"
    """A partner's reaction to an order or to a crossed threshold (rule 13.3)."""
    AGREEMENT = "agreement"
    """An agreement in force (rule 14.4), or the price of breaking one (14.5)."""
    ARGUED = "argued"
    """An argued action's cost or its effects (rule 15.5)."""


class Change(NamedTuple):
    """A track, budget, income, influence or stability value moved."""

    turn: int
    faction: str
    """Whose number changed; empty for a region's stability."""
    region: str
    """The region for influence and stability; empty otherwise."""
    track: str
    """``influence``, ``stability``, ``budget``, ``income``, a track id, an attitude id (with a
    region and a faction) or ``receptivity.<category>`` (with a region)."""
    delta: int
    """The change actually applied, after bounds."""
    value: int
    """The value after the change."""
    cause: Cause
    source: str
    """The move or card id behind the change (empty for income)."""
    actor: str = ""
    """The faction whose order caused the change, if any."""
    order: int = 0
    """That order's 1-based index in its faction's orders, or 0."""
    requested: int = 0
    """The change asked for before bounds and modifiers."""


class CardPlayed(NamedTuple):
    """An event card came into play."""

    turn: int
    card: str
    targets: tuple[str, ...]
    how: str
    """``deck``, ``schedule``, ``inject`` or ``reaction`` (rule 13.3)."""


class Reshuffled(NamedTuple):
    """The discard pile was shuffled back into the deck."""

    turn: int
    cards: int


class OrderResolved(NamedTuple):
    """An order was revealed and carried out (its changes follow)."""

    turn: int
    faction: str
    order: int
    move: str
    target: str
    cost: int
    why: str = ""


class OrderFizzled(NamedTuple):
    """An order could no longer be carried out when its turn came."""

    turn: int
    faction: str
    order: int
    move: str
    target: str
    reason: Reason
    """Why: its ``kind`` and data, and (as a ``str``) the sentence the log shows."""


class Rolled(NamedTuple):
    """A seeded roll for an uncertain move (rule 5.4)."""

    turn: int
    faction: str
    order: int
    move: str
    die: int
    modifiers: Pairs
    total: int
    difficulty: int
    success: bool


class Contested(NamedTuple):
    """Several factions acted in one region this turn (rule 5.3)."""

    turn: int
    region: str
    factions: tuple[str, ...]


class Countered(NamedTuple):
    """A move answered an active event (rule 5.6): cancelled it, or shortened it."""

    turn: int
    card: str
    target: str
    faction: str
    move: str
    remaining: int
    """Turns the event has left; 0 means it has ended."""
    success: bool
    """True when the move succeeded (and cancelled the event); False when it failed and only shortened it."""


class Reacted(NamedTuple):
    """A partner reacted (rule 13.3): ``reaction`` fired in ``region`` about ``faction``
    (empty for a region-wide reaction); its changes follow."""

    turn: int
    reaction: str
    region: str
    faction: str


class Expired(NamedTuple):
    """An active event ran out."""

    turn: int
    card: str
    target: str


class Noted(NamedTuple):
    """A note from a player or the facilitator."""

    turn: int
    author: str
    text: str


class Messaged(NamedTuple):
    """A private message (rule 12.6): ``sender`` to ``to``, each a faction id or ``facilitator``."""

    turn: int
    sender: str
    to: str
    text: str


class Directed(NamedTuple):
    """A facilitator action that moves no number: a team reseated, a member sidelined, the timer."""

    turn: int
    kind: str
    """``seat``, ``sideline`` or ``timer``."""
    faction: str
    """The faction concerned; empty for the timer."""
    text: str


class Undone(NamedTuple):
    """The facilitator took back a turn's resolution; play is back in that turn's orders phase."""

    turn: int
    """The turn the game is back in (the one whose resolution was undone)."""
    reason: str
    """The facilitator's own words (free text, not a ``Reason``)."""


class Agreed(NamedTuple):
    """A step in the life of an agreement (rule 14) between ``factions`` (proposer, partner).

    ``what`` is ``proposed``, ``accepted``, ``declined`` and ``renounced`` are a
    faction's inputs (``by`` is that faction); ``in_force``, ``lapsed`` (a proposal nobody answered), ``broken``
    (``by`` broke it) and ``ended`` (it ran its course) are the rules'."""

    turn: int
    agreement: str
    factions: tuple[str, str]
    what: str
    by: str = ""


class Argued(NamedTuple):
    """A step in the life of an argued action (rule 15): ``faction``'s ``number``-th of the turn.

    ``what`` is ``proposed`` (``text``: the action and its arguments, ``target``), ``adjudicated`` (``difficulty``
    and ``effects`` set by the facilitator), ``countered`` (``by`` argued against it in ``text``), ``lapsed`` (not
    adjudicated when the turn resolved) or ``fizzled`` (its faction could not pay its cost)."""

    turn: int
    faction: str
    number: int
    what: str
    text: str = ""
    target: str = ""
    difficulty: int = 0
    effects: Pairs = ()
    by: str = ""


class ArguedRolled(NamedTuple):
    """An adjudicated argued action resolved (rule 15.5): its die, the modifiers, the total against its difficulty
    (0: no roll, ``die`` 0) and whether it succeeded."""

    turn: int
    faction: str
    number: int
    die: int
    modifiers: Pairs
    total: int
    difficulty: int
    success: bool


class Scored(NamedTuple):
    """A faction's score at the end of a turn's upkeep."""

    turn: int
    faction: str
    score: int
    delta: int
    objectives: tuple[str, ...]
    """Ids of the objectives met."""


class GameEnded(NamedTuple):
    """The game is over."""

    turn: int
    termination: str
    winners: tuple[str, ...]
    losers: tuple[str, ...]


Entry = (
    Change
    | CardPlayed
    | Reshuffled
    | OrderResolved
    | OrderFizzled
    | Rolled
    | Contested
    | Countered
    | Reacted
    | Expired
    | Noted
    | Messaged
    | Directed
    | Undone
    | Agreed
    | Argued
    | ArguedRolled
    | Scored
    | GameEnded
)


def concerns(entry: Entry, faction: str) -> bool:
    """True when ``entry`` involves ``faction`` (for a per-faction log filter)."""
    for name in ("faction", "actor"):
        if getattr(entry, name, "") == faction:
            return True
    return faction in getattr(entry, "targets", ()) or faction in getattr(entry, "factions", ())
