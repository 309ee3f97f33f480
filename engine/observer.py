"""The observer of a fogged game (rule 16): each faction's view, and the position it believes.

``observe(view, faction)`` is the view of the whole game ``view`` as ``faction`` sees it: its own
numbers exactly; others' budgets and incomes hidden (0, and ``sight.sees_budget`` false); their
influence as the scenario's fog allows; a region's receptivity and attitudes only where revealed
to it; the log, the history and this turn's submissions cut to match. A game without fog is
returned unchanged: every faction sees everything.

``belief(state, seen)`` is the position a faction plays from (its bots, its advice): the numbers of
its view, with a documented guess wherever the view hides one, and nothing else of the real state.
Both are pure: the same view (position) gives the same answer.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from operator import attrgetter
from types import MappingProxyType
from typing import Any

import engine.valueclass as valueclass
from engine.log import Change, Entry, Messaged, Rolled
from engine.rng import Stream
from engine.sight import Sight
from engine.state import FactionState, GameState, RegionState
from engine.views import FactionView, GameView, RegionView, Snapshot, frozen_mapping

_NOTHING: Mapping[str, int] = MappingProxyType({})
_NO_ATTITUDES: Mapping[str, Mapping[str, int]] = MappingProxyType({})


def observe(view: GameView, faction: str) -> GameView:
    """``view`` as ``faction`` sees it (rule 16); ``view`` itself when the game has no fog.

    ``view`` is a whole game's view (``Game.view()``); ``faction`` "" is the public (a projector),
    who sees no faction's secrets. ``KeyError`` for a faction not in it."""
    fog = view.scenario.fog
    if fog is None:
        return view
    if faction and faction not in view.factions:
        raise KeyError(("faction", faction))
    sight = Sight(faction, fog, MappingProxyType(dict(view.revealed.get(faction, {}))))
    return valueclass.evolve(
        view,
        factions=MappingProxyType({f: _faction(sight, f, record) for f, record in view.factions.items()}),
        regions=MappingProxyType({r: _region(sight, r, region) for r, region in view.regions.items()}),
        log=grown_cut(sight, view.log, _visible_entries),
        history=grown_cut(sight, view.history, _snapshots),
        submitted=MappingProxyType({f: orders if f == faction else () for f, orders in view.submitted.items()}),
        revealed=MappingProxyType({faction: sight.revealed} if faction else {}),
        sight=sight,
    )


_Cut = Callable[[Sight, tuple[Any, ...]], tuple[Any, ...]]
_CUTS: dict[tuple[Any, ...], tuple[dict[str, int], tuple[Any, ...], tuple[Any, ...]]] = {}
"""Per game, faction and cut (``grown_cut``): the regions revealed to the faction then, the sequence last cut
and what the cut left of it."""
_CUTS_MAX = 64
"""The most sequences ``_CUTS`` remembers: a full memory starts again empty (safe when games run in threads)."""
_turn_of = attrgetter("turn")


def grown_cut(sight: Sight, items: tuple[Any, ...], cut: _Cut) -> tuple[Any, ...]:
    """``cut(sight, items)``, where ``items`` is in turn order and ``cut`` keeps or changes each item by
    itself alone, depending on the sight's revealed regions only for items of a region's turn of revelation
    or later (as ``visible`` does); cutting only what ``items`` gained since this faction's sight last cut a
    sequence of the same game, and what a revelation since then may show. A game's log, history and journal
    only grow between two looks (an undo cuts them back, which the comparison of the part cut before sees),
    so a look at a fogged game costs what the game gained, not all it holds."""
    if not items:
        return ()
    key = (cut, id(items[0]), sight.faction, sight.fog)
    revealed = dict(sight.revealed)
    known = _CUTS.get(key)
    kept: tuple[Any, ...] = ()
    start = 0
    if known is not None:
        seen, done, before = known
        if len(done) <= len(items) and items[: len(done)] == done and seen.items() <= revealed.items():
            start, kept = len(done), before
            if len(seen) < len(revealed):
                since = min(turn for region, turn in revealed.items() if region not in seen)
                start = bisect_left(done, since, key=_turn_of)
                kept = before[: bisect_left(before, since, key=_turn_of)]
    kept += cut(sight, items[start:])
    if len(_CUTS) >= _CUTS_MAX:
        _CUTS.clear()
    _CUTS[key] = (revealed, items, kept)
    return kept


def _visible_entries(sight: Sight, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    return tuple(entry for entry in entries if visible(sight, entry))


def _snapshots(sight: Sight, history: tuple[Snapshot, ...]) -> tuple[Snapshot, ...]:
    return tuple(_snapshot(sight, snapshot) for snapshot in history)


def visible(sight: Sight, entry: Entry) -> bool:
    """True when ``entry`` shows only what ``sight``'s faction may see (rule 16.4): a change to a
    number it sees, its own rolls, its own messages, and every entry that moves no hidden number."""
    if isinstance(entry, Change):
        if not entry.region:
            return entry.track not in ("budget", "income") or sight.sees_budget(entry.faction)
        if entry.track == "stability":
            return True
        if entry.track == "influence":
            return sight.sees_influence(entry.faction)
        return sight.sees_change(entry.region, entry.turn)  # receptivity and attitudes
    if isinstance(entry, Rolled):
        return entry.faction == sight.faction
    if isinstance(entry, Messaged):
        return sight.faction in (entry.sender, entry.to)
    return True


def _faction(sight: Sight, faction: str, record: FactionView) -> FactionView:
    if sight.sees_budget(faction):
        return record
    return valueclass.evolve(record, budget=0, income=0)


def _region(sight: Sight, region: str, record: RegionView) -> RegionView:
    influence = frozen_mapping({f: sight.shown_influence(f, value) for f, value in record.influence.items()})
    fading = frozen_mapping({f: value for f, value in record.fading.items() if f == sight.faction})
    if sight.sees_region(region):
        return valueclass.evolve(record, influence=influence, fading=fading)
    return valueclass.evolve(record, influence=influence, fading=fading, attitudes=_NO_ATTITUDES, receptivity=_NOTHING)


def _snapshot(sight: Sight, snapshot: Snapshot) -> Snapshot:
    return valueclass.evolve(
        snapshot,
        budgets=tuple((f, budget if sight.sees_budget(f) else 0) for f, budget in snapshot.budgets),
        influence=tuple((r, tuple((f, sight.shown_influence(f, value)) for f, value in pairs)) for r, pairs in snapshot.influence),
    )


def belief(state: GameState, seen: GameView) -> GameState:
    """The position ``seen``'s faction believes (rule 16.6): the numbers of its view ``seen`` (taken
    of the game at ``state``), and where the view hides one: another faction's budget and income at
    their scenario start, its influence at what the view shows (the band's lowest value, or 0), its
    fading influence and delayed effects none, an unrevealed region's receptivity 0 and its attitudes
    at their start. The deck's order is unknown: the pile is sorted and its stream a fresh one.

    ``state`` supplies only what every faction sees (the turn, the active events, the discard pile
    and the pile's cards, the orders resolved last turn) and the faction's own fading influence,
    delayed effects and reactions. ``seen`` without a sight is returned as a copy of ``state``."""
    sight = seen.sight
    if sight is None:
        return state.copy()
    me, scenario = sight.faction, seen.scenario
    start = {f.id: f for f in scenario.factions}
    attitudes = {a.id: a.start for a in scenario.attitudes}
    factions = {
        f: FactionState(
            record.budget if sight.sees_budget(f) else start[f].budget,
            record.income if sight.sees_budget(f) else start[f].income,
            dict(record.tracks),
            record.score,
            record.objectives,
        )
        for f, record in seen.factions.items()
    }
    regions = {}
    for rid, region in seen.regions.items():
        real = state.regions[rid]
        regions[rid] = RegionState(
            region.stability,
            dict(region.influence),
            dict(region.receptivity),
            dict(region.fading),
            {f: turn for f, turn in real.fades_at.items() if f == me and f in region.fading},
            {f: dict(values) for f, values in region.attitudes.items()}
            if region.attitudes
            else ({f: dict(attitudes) for f in factions} if state.partners else {}),
        )
    return GameState(
        turn=state.turn,
        factions=factions,
        regions=regions,
        deck_rng=Stream(0, f"belief:{me}"),
        events=[valueclass.evolve(event) for event in state.events],
        pending=[valueclass.evolve(effect) for effect in state.pending if effect.faction == me],
        draw_pile=sorted(state.draw_pile),
        discard=list(state.discard),
        next_uid=state.next_uid,
        over=state.over,
        partners=state.partners,
        last_orders=dict(state.last_orders),
        reacting=[key for key in state.reacting if key.endswith(f"/{me}")],
        revealed={f: dict(seen.revealed.get(f, {})) for f in factions},
        agreements=[valueclass.evolve(agreement) for agreement in state.agreements],
        argued=[valueclass.evolve(action) for action in state.argued if action.faction == me or action.adjudicated],
    )
