"""The session's values: the frozen value classes (``engine.valueclass``) the store takes in and hands out.

Settings and the worlds to create go in (``Settings``, ``WorldSpec``); what a
desk reads comes out (``SeatView``, ``Overview`` and its parts, ``SubmittedOrders``),
and what an action did (``NewSession``, ``Submitted``, ``AutoResolved``).
Nothing here touches the file: ``Settings`` only spells itself as the JSON the
file keeps.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import engine.valueclass as valueclass
from classroom.journal import dumps
from classroom.resolve_rules import RESOLVE_RULES
from classroom.timer import TimerStatus
from engine.game import Game
from engine.inputs import Order

TEAM = "team"
"""The player of a seat played by people; any other player is a bot strategy (``players.bots.STRATEGIES``)."""
FACILITATOR = "facilitator"
"""Who the facilitator is in the journal: the author of its notes and the maker of its rows."""


def _phases(value: Any) -> tuple[tuple[str, int], ...]:
    return tuple((name, seconds) for name, seconds in value)


@valueclass.frozen
class Settings:
    """How a session's turns are timed and when they resolve by themselves."""

    phases: tuple[tuple[str, int], ...] = valueclass.field(default=(("orders", 900),), converter=_phases)
    """Each turn's phases, run back to back: (name, seconds). Empty: no timer."""
    resolve_when_all_in: bool = True
    """Resolve a turn as soon as every team seat has submitted."""
    resolve_at_deadline: bool = False
    """Resolve a turn when its last phase runs out (by ``tick``); missing teams pass."""
    drafts_at_deadline: bool = False
    """At a deadline, a team that has not submitted but saved a draft for the turn submits that draft (if it is
    legal) instead of passing. Stored only when set, so older programs read the file as before."""
    plans: bool = False
    """Each team's seat asks for its plan when it first sits down on turn 1 and for its reflection once the game is
    over (its ``w`` key opens the plan on turn 1 either way). Stored only when set."""

    def problem(self) -> str | None:
        """Why these settings cannot be used, or None."""
        if len(self.phases) > 20:
            return "at most 20 phases"
        for name, seconds in self.phases:
            if not isinstance(name, str) or not 1 <= len(name) <= 40:
                return f"a phase name is 1 to 40 characters, not {name!r}"
            if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= 86_400:
                return f"phase {name!r} lasts 1 to 86400 seconds, not {seconds!r}"
        if not all(isinstance(flag, bool) for flag in (self.resolve_when_all_in, self.resolve_at_deadline, self.drafts_at_deadline, self.plans)):
            return "resolve_when_all_in, resolve_at_deadline, drafts_at_deadline and plans are true or false"
        return None

    @property
    def resolve_rule(self) -> str:
        """The name of the settings' ``RESOLVE_RULES`` entry."""
        return next(name for name, rule in RESOLVE_RULES.items() if rule == (self.resolve_when_all_in, self.resolve_at_deadline))

    def to_json(self) -> str:
        """The settings as stored in the file."""
        stored: dict[str, Any] = {
            "phases": [list(p) for p in self.phases],
            "resolve_when_all_in": self.resolve_when_all_in,
            "resolve_at_deadline": self.resolve_at_deadline,
        }
        if self.drafts_at_deadline:
            stored["drafts_at_deadline"] = True
        if self.plans:
            stored["plans"] = True
        return dumps(stored)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Settings as stored; ``ValueError`` if they are not."""
        data = json.loads(text)
        settings = cls(
            _phases(data["phases"]), data["resolve_when_all_in"], data["resolve_at_deadline"], data.get("drafts_at_deadline", False), data.get("plans", False)
        )
        problem = settings.problem()
        if problem:
            raise ValueError(problem)
        return settings


@valueclass.frozen
class WorldSpec:
    """A world to create: its name, seed (None: derived from the base seed) and seats.

    ``players`` maps a faction to ``"team"`` or a bot strategy name (factions
    left out take the session default); ``teams`` maps a faction to its team's
    name (default: the faction's name).
    """

    name: str
    seed: int | None = None
    players: Mapping[str, str] = valueclass.field(factory=dict)
    teams: Mapping[str, str] = valueclass.field(factory=dict)


@valueclass.frozen
class WorldInfo:
    """A world of the session."""

    id: int
    name: str
    seed: int


@valueclass.frozen
class NewSession:
    """What ``Store.create`` made. The plain codes exist only here: hand them out, they are not stored."""

    path: Path
    facilitator_code: str
    seat_codes: dict[tuple[int, str], str]
    """(world id, faction) → the seat's code, for every team seat (bots have none)."""
    worlds: tuple[WorldInfo, ...]


@valueclass.frozen
class SeatInfo:
    """Who sits in a seat: the faction, the team's name, and ``team`` or a bot strategy."""

    faction: str
    team: str
    player: str


@valueclass.frozen
class SeatStatus:
    """A seat as the facilitator sees it."""

    faction: str
    team: str
    player: str
    submitted: bool
    """True when the faction has orders in this turn."""
    last_seen: float | None
    """The clock time of the seat's last heartbeat; None if it never joined."""


@valueclass.frozen
class Scheduled:
    """An inject the facilitator scheduled for a later turn."""

    id: int
    turn: int
    card: str
    target: str
    applied: bool
    """True once played, when its turn began."""
    problem: str | None
    """Why it could not be played when its turn began, if it could not."""
    name: str = ""
    """The card's name: the scenario card's, or the made event's (rule 12.5)."""


@valueclass.frozen
class WorldStatus:
    """One world in the facilitator's overview."""

    id: int
    name: str
    seed: int
    revision: int
    turn: int
    over: bool
    seats: tuple[SeatStatus, ...]
    timer: TimerStatus
    scheduled: tuple[Scheduled, ...]
    problem: str | None = None
    """Why the world cannot be played (a damaged journal: one sentence); its ``turn`` is then the one its
    journal last reached, and the other worlds play on."""


@valueclass.frozen
class Overview:
    """Every world at one consistent moment, ``now`` by the store's clock."""

    now: float
    worlds: tuple[WorldStatus, ...]


@valueclass.frozen
class SubmittedOrders:
    """A faction's current submission with the facilitator's ratings, order by order (for rating)."""

    faction: str
    team: str
    orders: tuple[Order, ...]
    ratings: tuple[bool | None, ...]
    """Per order: True strong, False weak, None not rated."""


@valueclass.frozen
class SeatView:
    """Everything a seat shows, read at one moment. ``game`` holds no other seat's current orders.

    ``game`` is the seat's own fork of the world's game, made when the view was
    read (a seat reads again when the world's revision moves): it answers the
    seat's legality checks (``options``, ``check``), and nothing done to it
    reaches the session, the facilitator or another seat. Draw from ``game.view()``.
    """

    world: int
    world_name: str
    faction: str
    team: str
    revision: int
    game: Game = valueclass.field(eq=False, repr=False)
    submitted_by: tuple[str, ...]
    """Factions with orders in this turn (ids only), in scenario order."""
    orders: tuple[Order, ...] | None
    """This seat's submitted orders this turn, or None."""
    draft: tuple[Order, ...] | None
    """This seat's saved draft for this turn, or None."""
    timer: TimerStatus
    seats: tuple[SeatInfo, ...]


@valueclass.frozen
class Submitted:
    """What a seat's submission did: the turn it was for, and whether it completed and resolved the turn."""

    turn: int
    resolved: bool


@valueclass.frozen
class AutoResolved:
    """A turn that ``tick`` (or a completing submission) resolved: the world, the turn, and why."""

    world: int
    turn: int
    why: str
    """``all in`` or ``deadline``."""


@valueclass.frozen
class WorldRow:
    """A world as read inside a transaction: with its revision, the key of its cached game."""

    id: int
    name: str
    seed: int
    revision: int
