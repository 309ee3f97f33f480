"""Whether an order's judgement, made when it was submitted, still stands when it resolves (rules 4.6 and 5.5).

An order is judged (``Rules.assess``) when it is submitted, against the position of that moment. A
resolution that starts from that same position (``Game`` drops the judgements of a submission once the
position changes before the resolution: an inject, an undo, a fork) need not judge it again when its
turn comes unless something the judgement read has moved since: the active events on the acting faction
or on the order's target region (its modifiers, its blocks, an ``event`` requirement), and for a move
with requirements, the numbers they read (the acting faction's named tracks, its influence in the
target region, the region's stability). Anything moved sends the order to be judged again, exactly as
every order was before; the budget is never carried, as it is checked against what is left of it.

What moved is read from the log: every change of a number is a ``Change`` entry (the rules' bounded
setters are the only places numbers change), every event put into play a ``CardPlayed`` of a card with
a modifier, every event taken out of play a ``Countered`` with nothing remaining (or an upkeep, which
comes after the orders). The log is read only as far as an order needs it, and not at all while the
active events are the ones the resolution started with and the order's move has no requirement that
numbers can change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from engine.log import CardPlayed, Change, Countered, Entry
from engine.model import STABILITY_MAX, STABILITY_MIN, Modifier, MoveDef, TargetKind

if TYPE_CHECKING:
    from engine.state import GameState

INFLUENCE = "influence"
STABILITY = "stability"


class Reads(NamedTuple):
    """The numbers a move's requirements read (rule 4.3), besides the events: the acting faction's
    ``tracks``, and for a region move its ``influence`` and the region's ``stability`` when bounded."""

    tracks: tuple[str, ...]
    influence: bool
    stability: bool


def reads(move: MoveDef) -> Reads | None:
    """What ``move``'s requirements read that a resolution can change, or None when nothing: its
    blocs never change and its events are watched for every move."""
    needs = move.requires
    region = move.target is TargetKind.REGION
    found = Reads(
        tuple(track for track, _ in needs.tracks),
        region and (needs.min_influence > 0 or needs.max_influence >= 0),
        region and (needs.min_stability > STABILITY_MIN or needs.max_stability < STABILITY_MAX),
    )
    return found if found.tracks or found.influence or found.stability else None


class Standing:
    """One resolution's watch over what its orders' judgements read, from the position it started from."""

    __slots__ = ("_count", "_events", "_log", "_modifiers", "_moved", "_moved_events", "_read")

    def __init__(self, state: GameState, log: list[Entry], modifiers: Mapping[str, Modifier]) -> None:
        self._events = state.events
        self._count = len(state.events)
        self._log = log
        self._read = len(log)
        self._modifiers = modifiers
        """The modifier of each card that has one: only those put an event into play."""
        self._moved: set[tuple[str, str, str]] = set()
        """(faction, region, number) of every number changed since the start: a track has no region,
        a stability no faction."""
        self._moved_events: set[str] = set()
        """The targets (regions and factions) an event was put on or taken off since the start."""

    def stands(self, state: GameState, faction: str, move: MoveDef, target: str, needs: Reads | None) -> bool:
        """Whether the judgement made at the start of ``faction``'s order of ``move`` on ``target`` still
        holds now; ``needs`` is what its requirements read (``reads``)."""
        same_events = state.events is self._events and len(state.events) == self._count
        if same_events and needs is None:
            return True
        self._catch_up()
        region = target if move.target is TargetKind.REGION else ""
        if not same_events and (faction in self._moved_events or region in self._moved_events):
            return False
        if needs is None:
            return True
        moved = self._moved
        if any((faction, "", track) in moved for track in needs.tracks):
            return False
        return not ((needs.influence and (faction, region, INFLUENCE) in moved) or (needs.stability and ("", region, STABILITY) in moved))

    def _catch_up(self) -> None:
        """Read the log's entries since the last look into what moved."""
        log, moved, moved_events, modifiers = self._log, self._moved, self._moved_events, self._modifiers
        for entry in log[self._read :]:  # entries are NamedTuples of their own: a type test is exact
            if type(entry) is Change:
                if entry.delta:
                    moved.add((entry.faction, entry.region, entry.track))
            elif type(entry) is CardPlayed:
                if entry.card in modifiers:
                    moved_events.update(entry.targets)
            elif type(entry) is Countered and entry.remaining <= 0:
                moved_events.add(entry.target)
        self._read = len(log)
