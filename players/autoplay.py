"""Playing a whole game without a UI: bots and an orders file fill the seats."""

from __future__ import annotations

from engine.errors import OrderError, Problem
from engine.game import Game
from players.bots import Strategy
from players.orders_file import OrdersFileError, OrdersPlan


def autoplay(game: Game, bots: dict[str, Strategy], plan: OrdersPlan | None = None) -> Game:
    """Play ``game`` to its end: each faction in ``bots`` by its strategy, the
    others from ``plan`` (a faction with no planned orders for a turn passes).

    An illegal planned order raises ``OrdersFileError`` naming its place in the file.
    """
    while not game.is_over:
        for faction in game.factions:
            bot = bots.get(faction)
            if bot is not None:
                game.submit(faction, bot.choose(game, faction))
            elif plan is not None:
                planned = plan.for_turn(game.turn, faction)
                if planned:
                    try:
                        game.submit(faction, [p.order for p in planned])
                    except OrderError as exc:
                        blamed = planned[exc.order - 1] if exc.order else planned[0]
                        problem = Problem(blamed.path, f"turn {game.turn}, {faction}: {exc}", blamed.line)
                        raise OrdersFileError(plan.file, [problem]) from None
        game.resolve()
    return game
