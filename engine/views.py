"""Read-only views of a game for its clients: screens, the classroom, reports.

A ``GameView`` is an immutable snapshot of everything a client draws: each
faction's budget, income, tracks, score and objectives met; each region's
stability, influence and controller; the active events; the turn, the log, the
history of watched numbers, the outcome and this turn's submissions.
``Game.view()`` takes one. Its parts are frozen value classes, tuples and
read-only mappings, so nothing a client does with a view can change the game,
and the game playing on never changes a view taken earlier.

A view also moves along the log by itself: every ``Change`` carries the value
after it, every ``Scored`` the score, so ``reveal(view, entries)`` is the view
once ``entries`` have happened, computed from the entries alone, with no rules
and no dice. Folding a step's entries into the view before the step gives the
view after it; the table reveals a resolved turn this way, entry by entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Protocol

import engine.valueclass as valueclass
from engine.conditions import Judge, Leaf
from engine.inputs import Order
from engine.log import CardPlayed, Cause, Change, Countered, Entry, Expired, GameEnded, OrderResolved, Reacted, Rolled, Scored
from engine.model import Scenario
from engine.outcome import Outcome, Termination
from engine.rules import control
from engine.sight import Sight
from engine.state import AgreementState, FactionState, RegionState


def frozen_mapping(items: Mapping[str, int]) -> Mapping[str, int]:
    """A read-only copy of ``items``, in the same order."""
    return MappingProxyType(dict(items))


@valueclass.frozen
class FactionView:
    """A faction's numbers: budget, income, tracks, last computed score and objectives met."""

    budget: int
    income: int
    tracks: Mapping[str, int]
    """Track id to value, in scenario order (read only)."""
    score: int
    objectives: tuple[str, ...]
    """Ids of the objectives met at the last scoring."""

    @classmethod
    def of(cls, record: FactionState) -> FactionView:
        """A copy of ``record``'s numbers."""
        return cls(record.budget, record.income, frozen_mapping(record.tracks), record.score, record.objectives)


_EMPTY: Mapping[str, int] = MappingProxyType({})


@valueclass.frozen
class RegionView:
    """A region's stability, every faction's influence there and who controls it; in a format 2
    game also the fading part of each faction's influence, the partner's attitudes towards each
    faction and its receptivity (rules 13.2-13.3)."""

    stability: int
    influence: Mapping[str, int]
    """Faction id to influence, in scenario order (read only)."""
    controller: str
    """The controlling faction, or an empty string."""
    fading: Mapping[str, int] = _EMPTY
    """Faction id to the part of its influence that fades (only factions with some)."""
    attitudes: Mapping[str, Mapping[str, int]] = MappingProxyType({})
    """Faction id to attitude id to value (format 2)."""
    receptivity: Mapping[str, int] = _EMPTY
    """Move category to roll modifier, as it stands now."""

    @classmethod
    def of(cls, record: RegionState, controller: str) -> RegionView:
        """A copy of ``record``'s numbers, controlled by ``controller``."""
        return cls(
            record.stability,
            frozen_mapping(record.influence),
            controller,
            frozen_mapping(record.fading),
            MappingProxyType({f: frozen_mapping(a) for f, a in record.attitudes.items()}),
            frozen_mapping(record.receptivity),
        )

    def lasting(self, faction: str) -> int:
        """The part of ``faction``'s influence here that does not fade."""
        return self.influence[faction] - self.fading.get(faction, 0)


@valueclass.frozen
class EventView:
    """An active event: a card's modifier on one target (a region or a faction), with the turns it has left."""

    card: str
    target: str
    remaining: int


@valueclass.frozen
class AgreementView:
    """An agreement (rule 14) proposed this turn or in force: its kind, the proposer and the partner, its
    ``status`` (``proposed``, ``accepted``, ``declined`` or ``in_force``), the upkeeps it has left in force and
    who renounced it this turn ('' for nobody)."""

    agreement: str
    proposer: str
    partner: str
    status: str
    remaining: int = 0
    renounced: str = ""

    @classmethod
    def of(cls, record: AgreementState) -> AgreementView:
        """A frozen copy of ``record``."""
        return cls(record.agreement, record.proposer, record.partner, record.status, record.remaining, record.renounced)

    @property
    def parties(self) -> tuple[str, str]:
        """The proposer and the partner."""
        return (self.proposer, self.partner)


class _Numbers(Protocol):
    @property
    def budget(self) -> int: ...

    @property
    def score(self) -> int: ...

    @property
    def tracks(self) -> Mapping[str, int]: ...


class _Influence(Protocol):
    @property
    def influence(self) -> Mapping[str, int]: ...


class Position(Protocol):
    """What a snapshot is taken of: a game's state, or a view of one."""

    @property
    def factions(self) -> Mapping[str, _Numbers]: ...

    @property
    def regions(self) -> Mapping[str, _Influence]: ...


@valueclass.frozen
class Snapshot:
    """The numbers players watch, at the end of a turn (turn 0: the start)."""

    turn: int
    scores: tuple[tuple[str, int], ...]
    budgets: tuple[tuple[str, int], ...]
    tracks: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """Per faction, its tracks in scenario order."""
    influence: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """Per region, every faction's influence."""

    @classmethod
    def of(cls, turn: int, position: Position) -> Snapshot:
        """Copy the watched numbers out of ``position``."""
        factions = position.factions.items()
        return cls(
            turn,
            tuple((f, record.score) for f, record in factions),
            tuple((f, record.budget) for f, record in factions),
            tuple((f, tuple(record.tracks.items())) for f, record in factions),
            tuple((r, tuple(region.influence.items())) for r, region in position.regions.items()),
        )


@valueclass.frozen
class GameView:
    """A game as its clients see it at one moment; take one with ``Game.view()``.

    Mappings iterate in scenario order: ``list(view.factions)`` is the faction
    ids, ``view.regions[rid].controller`` who holds a region.
    """

    scenario: Scenario
    turn: int
    """The current turn (the last one, once the game is over)."""
    factions: Mapping[str, FactionView]
    regions: Mapping[str, RegionView]
    events: tuple[EventView, ...]
    """The active events, in the order they came into play."""
    log: tuple[Entry, ...]
    """Every entry so far, oldest first."""
    history: tuple[Snapshot, ...]
    """The watched numbers at the start and after each resolved turn."""
    outcome: Outcome | None
    """The result, once the game is over."""
    submitted: Mapping[str, tuple[Order, ...]]
    """The orders of each faction that has submitted this turn."""
    agreements: tuple[AgreementView, ...] = ()
    """Agreements proposed this turn and in force, in the order they were proposed (rule 14)."""
    revealed: Mapping[str, Mapping[str, int]] = MappingProxyType({})
    """In a fogged game (rule 16), per faction the regions revealed to it (in the order revealed) with
    the turn each was revealed on; empty without fog."""
    sight: Sight | None = None
    """Whose view this is in a fogged game (``engine.observer.observe``); None: everything is shown."""

    @property
    def is_over(self) -> bool:
        """True once the game has ended."""
        return self.outcome is not None

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Factions that have not submitted orders this turn, in scenario order."""
        return tuple(f for f in self.factions if f not in self.submitted)

    def turn_log(self, turn: int) -> tuple[Entry, ...]:
        """The entries of ``turn``."""
        return tuple(entry for entry in self.log if entry.turn == turn)

    def aim_progress(self, faction: str) -> tuple[Leaf, ...]:
        """Each test of ``faction``'s own aim (rule 13.5) with its value now and whether it is met;
        empty for a faction without an aim."""
        aim = self.scenario.faction(faction).aim
        return () if aim is None else tuple(Judge(self.scenario).progress(aim.condition, self, faction))

    def view(self) -> GameView:
        """This view: a view is ``Viewable`` like the game it was taken of."""
        return self


class Viewable(Protocol):
    """Anything that gives a view: a ``Game``, or a ``GameView`` itself."""

    def view(self) -> GameView: ...


def reveal(view: GameView, entries: Iterable[Entry]) -> GameView:
    """``view`` once ``entries`` have happened, in order: a fold over the log.

    Each ``Change`` sets its number (and a region's controller follows its
    influence), each ``Scored`` a faction's score and objectives; a card with a
    modifier becomes an active event, which counters shorten or end and upkeep
    counts down; the last faction's ``Scored`` closes the turn (its snapshot
    joins the history, the submissions are cleared, the next turn begins) and
    ``GameEnded`` sets the outcome. Every entry joins the log. Nothing else is
    in the log: a submission moves nothing until its turn is resolved, and an
    ``Undone`` is only a mark (the game it ends is rebuilt: take a new view).
    ``ValueError`` if an entry names an event ``view`` does not have.
    """
    moving = _Moving(view)
    for entry in entries:
        moving.take(entry)
    return moving.frozen()


def advance(view: GameView, entry: Entry) -> GameView:
    """``view`` once ``entry`` has happened: ``reveal`` of one entry."""
    return reveal(view, (entry,))


class _Moving:
    """A view thawed into plain containers while ``reveal`` moves it along the log."""

    def __init__(self, view: GameView) -> None:
        self.view = view
        self.turn = view.turn
        self.factions = dict(view.factions)
        self.regions = dict(view.regions)
        self.events = list(view.events)
        self.log = list(view.log)
        self.history = list(view.history)
        self.outcome = view.outcome
        self.submitted = view.submitted
        ids = list(view.factions)
        self.first, self.last = (ids[0], ids[-1]) if ids else ("", "")
        self.fades = {m.id: m.fades for m in view.scenario.moves if m.fades}
        self.threshold_reactions = {r.id: r.when is not None for r in view.scenario.reactions}
        fog = view.scenario.fog
        self.reveals = {m.id: m.difficulty for m in view.scenario.moves if fog is not None and m.id in fog.reveals}
        """The revealing moves of a fogged game (rule 16.3), with their difficulty (0: no roll, so resolving succeeds)."""
        self.revealed = {f: dict(regions) for f, regions in view.revealed.items()}

    def frozen(self) -> GameView:
        sight = self.view.sight
        if sight is not None and sight.faction in self.revealed and self.revealed[sight.faction] != sight.revealed:
            sight = valueclass.evolve(sight, revealed=MappingProxyType(dict(self.revealed[sight.faction])))
        return GameView(
            scenario=self.view.scenario,
            turn=self.turn,
            factions=MappingProxyType(dict(self.factions)),
            regions=MappingProxyType(dict(self.regions)),
            events=tuple(self.events),
            log=tuple(self.log),
            history=tuple(self.history),
            outcome=self.outcome,
            submitted=self.submitted,
            agreements=self.view.agreements,
            revealed=MappingProxyType({f: MappingProxyType(dict(regions)) for f, regions in self.revealed.items()}) if self.revealed else self.view.revealed,
            sight=sight,
        )

    def take(self, entry: Entry) -> None:
        if isinstance(entry, Change):
            self._change(entry)
        elif isinstance(entry, Scored):
            self._scored(entry)
        elif isinstance(entry, CardPlayed):
            modifier = self.view.scenario.card(entry.card).modifier
            if modifier is not None:
                self.events.extend(EventView(entry.card, target, modifier.turns) for target in entry.targets)
        elif isinstance(entry, Countered):
            self._countered(entry)
        elif isinstance(entry, Expired):
            index = self._event(entry.card, entry.target, lambda event: event.remaining <= 1)
            del self.events[index]
        elif isinstance(entry, OrderResolved) and entry.move in self.reveals and not self.reveals[entry.move]:
            self._reveal(entry.faction, entry.target, entry.turn)
        elif isinstance(entry, Rolled) and entry.success and entry.move in self.reveals:
            self._reveal(entry.faction, self._target_of(entry), entry.turn)
        elif isinstance(entry, GameEnded):
            self.turn = entry.turn
            scores = tuple((f, record.score) for f, record in self.factions.items())
            self.outcome = Outcome(Termination(entry.termination), entry.winners, entry.losers, scores, entry.turn)
        self.log.append(entry)

    def _reveal(self, faction: str, region: str, turn: int) -> None:
        """A revealing order succeeded (rule 16.3): ``region`` is revealed to ``faction`` from ``turn``, unless it was."""
        revealed = self.revealed.get(faction)
        if revealed is not None and region not in revealed:
            revealed[region] = turn

    def _target_of(self, rolled: Rolled) -> str:
        """The target of the order ``rolled`` rolled for: its ``OrderResolved``, the latest such entry in the log."""
        for entry in reversed(self.log):
            if isinstance(entry, OrderResolved) and (entry.turn, entry.faction, entry.order) == (rolled.turn, rolled.faction, rolled.order):
                return entry.target
        raise KeyError(("order", rolled.faction, rolled.order))  # a roll always follows its order in the log

    def _change(self, change: Change) -> None:
        track, value = change.track, change.value
        if change.region:
            self.regions[change.region] = self._region_change(self.regions[change.region], change)
            return
        record = self.factions[change.faction]
        if track == "budget":
            record = valueclass.evolve(record, budget=value)
        elif track == "income":
            record = valueclass.evolve(record, income=value)
        else:
            record = valueclass.evolve(record, tracks=frozen_mapping({**record.tracks, track: value}))
        self.factions[change.faction] = record

    def _region_change(self, region: RegionView, change: Change) -> RegionView:
        """``region`` after ``change``: stability, receptivity, an attitude, or influence with its
        fading part (a gain of a move that fades joins it; a loss comes out of it first, 13.2)."""
        track, value, faction = change.track, change.value, change.faction
        if track == "stability":
            return valueclass.evolve(region, stability=value)
        if track.startswith("receptivity."):
            return valueclass.evolve(region, receptivity=frozen_mapping({**region.receptivity, track.split(".", 1)[1]: value}))
        if track != "influence":
            attitudes = {**region.attitudes, faction: frozen_mapping({**region.attitudes[faction], track: value})}
            return valueclass.evolve(region, attitudes=MappingProxyType(attitudes))
        influence = frozen_mapping({**region.influence, faction: value})
        controller = control(influence, self.view.scenario.scoring.control_min)
        fading = dict(region.fading)
        if change.delta > 0 and change.cause in (Cause.ORDER, Cause.MATURED) and self.fades.get(change.source, 0):
            fading[faction] = fading.get(faction, 0) + change.delta
        elif change.delta < 0 and faction in fading:
            fading[faction] = max(fading[faction] + change.delta, 0)
        return valueclass.evolve(region, influence=influence, controller=controller, fading=frozen_mapping({f: v for f, v in fading.items() if v}))

    def _scored(self, scored: Scored) -> None:
        """Scoring ends upkeep: the events still running count down as it begins (those running
        out were ``Expired`` just before); the last faction's score closes the turn."""
        if scored.faction == self.first:
            counted = len(self.events) - self._played_after_the_count(scored.turn)
            self.events = [valueclass.evolve(event, remaining=event.remaining - 1) if index < counted else event for index, event in enumerate(self.events)]
        record = self.factions[scored.faction]
        self.factions[scored.faction] = valueclass.evolve(record, score=scored.score, objectives=scored.objectives)
        if scored.faction == self.last:
            self.history.append(Snapshot.of(scored.turn, self))
            self.submitted = MappingProxyType({})
            self.turn = scored.turn + 1  # unless the victory check ends the game (GameEnded)

    def _played_after_the_count(self, turn: int) -> int:
        """How many of the events, the last ones, a partner's threshold reaction played in this upkeep (13.3):
        those reactions come after the events count down, so these keep their full length into the next turn."""
        entries = []
        for entry in reversed(self.log):
            if entry.turn != turn:
                break
            entries.append(entry)
        after = 0
        threshold = False
        for entry in reversed(entries):
            if isinstance(entry, Reacted):
                threshold = self.threshold_reactions.get(entry.reaction, False)
            elif isinstance(entry, CardPlayed) and entry.how == "reaction" and threshold:
                after += len(entry.targets) if self.view.scenario.card(entry.card).modifier is not None else 0
        return after

    def _countered(self, countered: Countered) -> None:
        """One answered event: a move answers every event of a card on its target in turn, one
        ``Countered`` each, so this entry is for the first such event the move has not answered yet."""
        answered = 0
        for earlier in reversed(self.log):
            if not isinstance(earlier, Countered) or _answer(earlier) != _answer(countered):
                break
            if earlier.card == countered.card and earlier.remaining > 0:
                answered += 1  # still active, ahead of this one
        index = self._event(countered.card, countered.target, lambda event: True, skip=answered)
        if countered.remaining > 0:
            self.events[index] = valueclass.evolve(self.events[index], remaining=countered.remaining)
        else:
            del self.events[index]

    def _event(self, card: str, target: str, fits: Callable[[EventView], bool], skip: int = 0) -> int:
        """The index of the first active event of ``card`` on ``target`` that ``fits``, after ``skip`` of them."""
        for index, event in enumerate(self.events):
            if event.card == card and event.target == target and fits(event):
                if not skip:
                    return index
                skip -= 1
        raise ValueError(f"the view has no active event {card!r} on {target!r} for this entry")


def _answer(entry: Countered) -> tuple[int, str, str, str]:
    """What identifies one move's answer to the events on its target."""
    return (entry.turn, entry.faction, entry.move, entry.target)
