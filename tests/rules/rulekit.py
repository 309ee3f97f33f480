"""Helpers for the numbered rules tests (tests/rules/test_rules_*.py).

Every test builds its starting position from a small fixture scenario in
``tests/rules/scenarios``; events are placed with ``schedule`` or
``Game.inject`` and dice are controlled with ``difficulty = 0`` or with a seed
whose keyed rolls the test states (and checks) up front.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine import Game, Order, load_scenario_file
from engine.describe import Describer
from engine.log import Change
from engine.model import Scenario
from engine.rng import keyed_roll

FIXTURES = Path(__file__).parent / "scenarios"


@cache
def scenario(name: str) -> Scenario:
    """The fixture scenario ``tests/rules/scenarios/<name>.toml``."""
    return load_scenario_file(FIXTURES / f"{name}.toml")


def new_game(name: str, seed: int = 0) -> Game:
    """A new game of fixture ``name`` (turn 1's events phase already played)."""
    return Game(scenario(name), seed)


def play(game: Game, **orders: list[Order] | Order) -> list:
    """Submit each faction's orders (keyword = faction id) and resolve the turn.

    Returns the entries the turn added (the next turn's events phase included).
    """
    for faction, submitted in orders.items():
        game.submit(faction, [submitted] if isinstance(submitted, Order) else submitted)
    return game.resolve()


def lines(game: Game, entries) -> list[str]:
    """``entries`` rendered as the log lines a player reads."""
    describe = Describer(game.scenario)
    return [describe.entry(e) for e in entries]


def changes(entries) -> list[Change]:
    """Only the ``Change`` entries of ``entries``."""
    return [e for e in entries if isinstance(e, Change)]


def dice(seed: int, turn: int, *keys: tuple[str, int]) -> list[int]:
    """The keyed dice of (faction, order index) pairs on ``turn`` (rule 10.3)."""
    return [keyed_roll(seed, turn, faction, index) for faction, index in keys]


def position(game: Game) -> dict:
    """The numbers on the board, compactly: budgets, incomes, tracks, influence, stability, scores."""
    state = game.state
    return {
        "factions": {fid: (f.budget, f.income, dict(f.tracks), f.score) for fid, f in state.factions.items()},
        "regions": {rid: (r.stability, dict(r.influence)) for rid, r in state.regions.items()},
    }
