"""Warnings before a submission does irreversible harm (the UI asks to confirm them).

The advice holds no rules of its own: it reads the same move and modifier
definitions the resolution uses and only sums what is certain.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.game import Game
from engine.inputs import Order


def warnings(game: Game, faction: str, orders: Sequence[Order]) -> list[str]:
    """Plain sentences about ``orders`` a player should confirm before submitting."""
    found = []
    collapse = _collapse_risk(game, faction, orders)
    if collapse:
        found.append(collapse)
    unspent = _unspent_budget(game, faction, orders)
    if unspent:
        found.append(unspent)
    return found


def certain_track_changes(game: Game, faction: str, orders: Sequence[Order]) -> dict[str, int]:
    """Track changes ``orders`` bring ``faction`` whatever the rolls and the rivals do:
    side effects, opposition modifiers now active, and ongoing per-turn effects on it."""
    scenario = game.scenario
    total: dict[str, int] = {}
    for order in orders:
        move = scenario.move(order.move)
        for track, amount in move.side_effects.tracks:
            total[track] = total.get(track, 0) + amount
        region = order.target if move.target.value == "region" else None
        for event in game.state.events:
            modifier = scenario.modifier(event.card)
            if event.target in (faction, region) and modifier.touches(move):
                for track, amount in modifier.opposition:
                    total[track] = total.get(track, 0) + amount
    for event in game.state.events:
        if event.target == faction:
            for track, amount in scenario.modifier(event.card).per_turn.tracks:
                total[track] = total.get(track, 0) + amount
    return total


def _collapse_risk(game: Game, faction: str, orders: Sequence[Order]) -> str | None:
    track = game.scenario.victory.collapse_track
    if not track:
        return None
    change = certain_track_changes(game, faction, orders).get(track, 0)
    value = game.state.factions[faction].tracks[track]
    floor = game.scenario.track(track).min
    if change < 0 and value + change <= floor:
        name = game.scenario.track(track).name.lower()
        return (
            f"These orders cost {-change} {name} whatever happens; at {value} that brings it to "
            f"{max(value + change, floor)}, and a faction at {floor} collapses and loses the game."
        )
    return None


def _unspent_budget(game: Game, faction: str, orders: Sequence[Order]) -> str | None:
    limit = game.scenario.orders_per_turn
    if len(orders) >= limit:
        return None
    spent = sum(game.option(faction, o.move, o.target).cost for o in orders)
    left = game.state.factions[faction].budget - spent
    chosen = {(o.move, o.target) for o in orders}
    for option in game.legal_options(faction):
        if option.cost <= left and (option.move.id, option.target) not in chosen:
            target = f" → {game.scenario.region(option.target).name}" if option.move.target.value == "region" else ""
            return (
                f"{left} of the budget is unspent and {limit - len(orders)} more order(s) are allowed: "
                f"for example {option.move.name}{target} costs {option.cost}. Unspent budget carries over."
            )
    return None
