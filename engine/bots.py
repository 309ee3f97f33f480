"""Bot strategies: deterministic players seeded from the game's bot streams.

A strategy only ever chooses among ``Game.options`` marked legal, and keeps the
submission within the budget, so a bot never submits an illegal order. Each
bot draws from its own stream, keyed by seed, faction and turn, so a bot's
choices never depend on what other seats did with their randomness.
"""

from __future__ import annotations

from typing import Protocol

from engine.game import Game, Order
from engine.rng import Stream


class Strategy(Protocol):
    """Something that chooses a faction's orders for the current turn."""

    name: str

    def choose(self, game: Game, faction: str) -> list[Order]:
        """The orders ``faction`` submits this turn (always a legal submission)."""


class RandomBot:
    """Uniformly random legal orders, drawn one at a time until none fits.

    The bot walks a random permutation of every (move, target) pair, drawn
    lazily from its stream, and takes each pair that is legal and affordable
    with what is left of the budget. The first such pair of a uniform
    permutation is uniform among the legal ones, and so is each next one
    (an order never makes an illegal pair legal within a turn).
    """

    name = "random"

    def choose(self, game: Game, faction: str) -> list[Order]:
        stream = Stream(game.seed, f"bot:{faction}:{game.turn}")
        budget = game.state.factions[faction].budget
        pairs = list(game.order_space(faction))
        limit = game.scenario.orders_per_turn
        cheapest = _cost_floor(game)
        chosen: list[Order] = []
        for index in range(len(pairs)):
            if len(chosen) == limit or budget < cheapest:
                break
            pick = index + stream.below(len(pairs) - index)
            pairs[index], pairs[pick] = pairs[pick], pairs[index]
            option = game.option(faction, *pairs[index])
            if option.legal and option.cost <= budget:
                chosen.append(option.order())
                budget -= option.cost
        return chosen


def _cost_floor(game: Game) -> int:
    """No order can cost less than this now: the cheapest move less every active discount."""
    scenario = game.scenario
    discount = sum(min(scenario.card(e.card).modifier.cost, 0) for e in game.state.events)
    return max(scenario.cheapest_move + discount, 0)


STRATEGIES: dict[str, type] = {"random": RandomBot}
"""Strategy names accepted by ``--bots`` and ``--seat``."""


def make_strategy(name: str) -> Strategy:
    """A new strategy by name; ``KeyError`` names the known ones."""
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise KeyError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}") from None
