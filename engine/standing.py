"""Whether an order's judgement, made when it was submitted, still stands when it resolves (rules 4.6 and 5.5).

An order is judged (``Rules.assess``) when it is submitted, against the position of that moment. A
resolution that starts from that same position (``Game`` drops the judgements of a submission once the
position changes before the resolution: an inject, an undo, a fork) need not judge it again when its
turn comes unless something the judgement read is no longer what it was: the active events on the
acting faction or on the order's target region (its modifiers, its blocks, an ``event`` requirement),
and for a move with requirements, the numbers they read (the acting faction's named tracks, its
influence in the target region, the region's stability). A judgement is a function of these alone, so
an order whose reads are unchanged is judged as it was; any other is judged again, exactly as every
order was before. The budget is never carried: it is checked against what is left of it.

The events are looked at only when the resolution has put one into play or taken one out (its list of
active events is no longer the one it started with), and the numbers only for a move with requirements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from engine.model import STABILITY_MAX, STABILITY_MIN, MoveDef, TargetKind

if TYPE_CHECKING:
    from engine.state import GameState


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


Watched = tuple[str, str, Reads]
"""An order's acting faction, target region ("" for another move) and what its requirements read."""


def numbers(state: GameState, faction: str, region: str, needs: Reads) -> tuple[int, ...]:
    """The numbers ``needs`` reads for ``faction``'s order on ``region``, now."""
    tracks = state.factions[faction].tracks
    values = [tracks[track] for track in needs.tracks]
    if needs.influence:
        values.append(state.regions[region].influence[faction])
    if needs.stability:
        values.append(state.regions[region].stability)
    return tuple(values)


class Standing:
    """One resolution's watch over what its orders' judgements read, from the position it started from."""

    __slots__ = ("_count", "_events", "_numbers", "_start_events")

    def __init__(self, state: GameState, watched: Iterable[Watched]) -> None:
        """Note the position's events, and for each of ``watched`` the numbers its requirements read."""
        self._events = state.events
        self._count = len(state.events)
        self._start_events = tuple((event.uid, event.target) for event in state.events)
        self._numbers = {key: numbers(state, *key) for key in watched}

    def stands(self, state: GameState, faction: str, move: MoveDef, target: str, needs: Reads | None) -> bool:
        """Whether the judgement made at the start of ``faction``'s order of ``move`` on ``target`` still
        holds now; ``needs`` is what its requirements read (``reads``), one of those watched."""
        region = target if move.target is TargetKind.REGION else ""
        if not (state.events is self._events and len(state.events) == self._count):
            touching = (faction, region)
            now = [event.uid for event in state.events if event.target in touching]
            if now != [uid for uid, on in self._start_events if on in touching]:
                return False
        return needs is None or numbers(state, faction, region, needs) == self._numbers[(faction, region, needs)]
