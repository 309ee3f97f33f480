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
    """Uniformly random legal orders: picks options one at a time until none fits."""

    name = "random"

    def choose(self, game: Game, faction: str) -> list[Order]:
        stream = Stream(game.seed, f"bot:{faction}:{game.turn}")
        budget = game.state.factions[faction].budget
        pool = game.legal_options(faction)
        chosen: list[Order] = []
        while pool and len(chosen) < game.scenario.orders_per_turn:
            option = pool.pop(stream.below(len(pool)))
            chosen.append(option.order())
            budget -= option.cost
            pool = [o for o in pool if o.cost <= budget]
        return chosen


STRATEGIES: dict[str, type] = {"random": RandomBot}
"""Strategy names accepted by ``--bots`` and ``--seat``."""


def make_strategy(name: str) -> Strategy:
    """A new strategy by name; ``KeyError`` names the known ones."""
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise KeyError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}") from None
