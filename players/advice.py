"""Warnings before a submission does irreversible harm (the UI asks to confirm them).

The advice holds no rules of its own: it reads the same move and modifier
definitions the resolution uses and only sums what is certain. It also tells a
player what the bots know of an order: its chance of success (the evaluator's
own) and every requirement it fails, each judged by the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

import engine.valueclass as valueclass
from engine.game import Game
from engine.inputs import Order
from engine.model import MoveDef, Requirements, TargetKind
from players.evaluation import evaluator_for, in_sight


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


def success_chance(game: Game, faction: str, move: MoveDef, target: str) -> float:
    """The chance that ``faction``'s ``move`` on ``target`` succeeds now, as the bots reckon it:
    the rules' roll modifiers (stability, credibility, events) against the move's difficulty; in a
    fogged game, on the position ``faction`` believes (an unrevealed receptivity counts 0)."""
    evaluator = evaluator_for(game.scenario)
    state = in_sight(game, faction).state
    modifiers = evaluator.rules.modifiers(state, faction, move, target)
    return evaluator.chance(state, faction, move, target, modifiers)


def roll_modifiers(game: Game, faction: str, move: MoveDef, target: str) -> list[tuple[str, int]]:
    """What the rules would add to the die of this order now, as ``(name, amount)`` pairs
    (receptivity, stability, credibility, then each touching event by its card id); in a fogged
    game, as ``faction`` believes them (an unrevealed receptivity is not listed)."""
    rules = evaluator_for(game.scenario).rules
    state = in_sight(game, faction).state
    return rules.roll_modifiers(state, faction, move, target, rules.modifiers(state, faction, move, target))


def failing_requirements(game: Game, faction: str, move: MoveDef, target: str) -> list[str]:
    """Every reason ``faction`` may not order ``move`` on ``target`` now, not only the first.

    Each requirement of the move is judged alone by the rules (``Game.option``
    with a copy of the move that needs only it), then the reason the whole
    order gets (a blocking event, the budget) is added if it is another one.
    Empty when the order is legal.
    """
    whole = game.option(faction, move, target).reason
    if whole is None:
        return []
    found: list[str] = []
    for single in _single_requirements(move):
        reason = game.option(faction, valueclass.evolve(move, requires=single), target).reason
        if reason is not None and reason not in found:
            found.append(reason)
    if whole not in found:
        found.append(whole)
    return found


def _single_requirements(move: MoveDef) -> list[Requirements]:
    """The requirements of ``move``, one each: a track, influence bounds, stability, bloc, event."""
    needs = move.requires
    singles = [Requirements(tracks=(pair,)) for pair in needs.tracks]
    if move.target is not TargetKind.REGION:
        return singles
    free = Requirements()
    if needs.min_influence != free.min_influence:
        singles.append(Requirements(min_influence=needs.min_influence))
    if needs.max_influence != free.max_influence:
        singles.append(Requirements(max_influence=needs.max_influence))
    if (needs.min_stability, needs.max_stability) != (free.min_stability, free.max_stability):
        singles.append(Requirements(min_stability=needs.min_stability, max_stability=needs.max_stability))
    if needs.blocs:
        singles.append(Requirements(blocs=needs.blocs))
    if needs.event:
        singles.append(Requirements(event=needs.event))
    return singles
