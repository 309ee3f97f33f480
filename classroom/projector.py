"""What the class may see on a projector: every world's clock, who is in, the standings and the public log.

``ProjectorDesk(store).read()`` folds each world as a *spectator* would see
it: every current order and rating is blanked in SQL (as for a seat, but for
no faction), so nothing in this module's values could reveal one. It never
reads codes or the injects scheduled for later turns. It needs no code: it
is what the whole class is shown, and reading the file at all takes its
owner's rights. ``to_json`` gives the same values for the served page.
"""

from __future__ import annotations

from typing import Any

import engine.valueclass as valueclass
from classroom.errors import ClassroomError
from classroom.session import Session
from classroom.timer import TimerStatus
from classroom.values import TEAM
from engine.describe import Describer

SPECTATOR = "-"
"""The viewer a projector folds worlds as: no faction has this id, so every current order is withheld."""
RECENT = 6
"""Public log lines shown per world."""


@valueclass.frozen
class ProjectedSeat:
    """A seat as the class sees it: its faction, team and whether its orders are in (never what they are)."""

    faction: str
    team: str
    bot: bool
    submitted: bool


@valueclass.frozen
class ProjectedWorld:
    """One world on the projector."""

    name: str
    turn: int
    over: bool
    timer: TimerStatus
    seats: tuple[ProjectedSeat, ...]
    scores: tuple[tuple[str, int], ...]
    """Each faction's score at the last scoring, highest first."""
    winners: tuple[str, ...]
    recent: tuple[str, ...]
    """The latest public log lines, oldest first."""
    problem: str | None = None


@valueclass.frozen
class Projection:
    """Every world at one moment, ``now`` by the store's clock."""

    title: str
    turns: int
    now: float
    worlds: tuple[ProjectedWorld, ...]
    factions: tuple[tuple[str, str, str], ...] = ()
    """(id, letter, name) of each faction, in scenario order."""


class ProjectorDesk:
    """Reads what a projector shows (see the module's docstring)."""

    def __init__(self, store: Session) -> None:
        self.store = store
        self._describe = Describer(store.scenario)

    def revision(self) -> int:
        """A number that grows whenever any world changes (a single-row read)."""
        return self.store.revision()

    def read(self) -> Projection:
        """Every world as the class may see it now."""
        store = self.store
        worlds = []
        with store.read() as conn:
            now = store.now()
            settings = store.settings(conn)
            for world in store.all_worlds(conn):
                start = store.turn_start(conn, world.id)
                submitted = store.submitted(conn, world.id, start)
                seats = tuple(ProjectedSeat(f, team, player != TEAM, f in submitted) for f, team, player, _ in store.seats(conn, world.id))
                timer = store.timer(conn, world.id, settings, now)
                try:
                    view = store.game(conn, world, SPECTATOR).seen_by("")  # the public's view in a fogged game (rule 16)
                except ClassroomError as exc:
                    worlds.append(ProjectedWorld(world.name, 0, False, timer, seats, (), (), (), exc.message))
                    continue
                scores = tuple(sorted(((f, n.score) for f, n in view.factions.items()), key=lambda item: -item[1]))
                if view.outcome is not None:
                    scores = tuple(sorted(view.outcome.scores, key=lambda item: -item[1]))
                recent = tuple(self._describe.entry(entry) for entry in view.log[-RECENT:])
                winners = view.outcome.winners if view.outcome is not None else ()
                worlds.append(ProjectedWorld(world.name, view.turn, view.is_over, timer, seats, scores, winners, recent))
        factions = tuple((f.id, f.letter, f.name) for f in store.scenario.factions)
        return Projection(store.scenario.title, store.scenario.turns, now, tuple(worlds), factions)


def to_json(projection: Projection) -> dict[str, Any]:
    """``projection`` as JSON-ready data, for the served projector page."""
    return {
        "title": projection.title,
        "turns": projection.turns,
        "factions": {faction: {"letter": letter, "name": name} for faction, letter, name in projection.factions},
        "worlds": [
            {
                "name": w.name,
                "turn": w.turn,
                "over": w.over,
                "problem": w.problem,
                "timer": {"phase": w.timer.phase, "seconds_left": w.timer.seconds_left, "paused": w.timer.paused, "deadline_passed": w.timer.deadline_passed},
                "seats": [{"faction": s.faction, "team": s.team, "bot": s.bot, "submitted": s.submitted} for s in w.seats],
                "scores": [[faction, score] for faction, score in w.scores],
                "winners": list(w.winners),
                "recent": list(w.recent),
            }
            for w in projection.worlds
        ],
    }
