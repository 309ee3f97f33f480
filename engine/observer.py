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

from collections.abc import Mapping
from types import MappingProxyType

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
        log=tuple(entry for entry in view.log if visible(sight, entry)),
        history=tuple(_snapshot(sight, snapshot) for snapshot in view.history),
        submitted=MappingProxyType({f: orders if f == faction else () for f, orders in view.submitted.items()}),
        revealed=MappingProxyType({faction: sight.revealed} if faction else {}),
        sight=sight,
    )


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
