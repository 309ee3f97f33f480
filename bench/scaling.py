"""Greedy cost per faction-turn as a scenario grows: indo_pacific with more factions, or more regions.

``scaled(factions, copies)`` rewrites the bundled indo_pacific: the first ``factions`` factions
(cloned with new ids and letters beyond its three, starting with no influence), and its eight
regions ``copies`` times over (each copy's neighbours are in the same copy). The result goes
through the scenario loader like any file, so it is a valid scenario. A game is cut at
``TURNS`` turns: the figure is the cost of one faction's greedy choice and its share of the
turn's resolution, which a bot that scales well keeps flat as the board grows.
"""

from __future__ import annotations

import time
from importlib import resources
from typing import Any

from engine import Game
from engine.scenario_loader import load_scenario_text
from engine.toml_reader import parse_toml
from players.bots import GreedyBot
from tests.tomlgen import dumps

TURNS = 4
"""Turns played per game: enough to leave the opening, short enough for the big boards."""
LETTERS = "ABCDEFGIJKLNOPQRTUVWXYZ"
"""Letters for cloned factions (none of indo_pacific's own: H, M, S)."""


def scaled(factions: int, copies: int) -> str:
    """indo_pacific's TOML with ``factions`` factions and ``copies`` times its regions."""
    document, problem = parse_toml(resources.files("scenarios").joinpath("indo_pacific.toml").read_text(encoding="utf-8"))
    assert document is not None, problem
    originals = document["factions"]
    chosen: list[dict[str, Any]] = []
    for index in range(factions):
        faction = dict(originals[index % len(originals)])
        if index >= len(originals):
            faction.update(id=f"{faction['id']}_{index}", name=f"{faction['name']} {index}", letter=LETTERS[index - len(originals)])
        chosen.append(faction)
    kept = {f["id"] for f in chosen}
    regions = []
    for copy in range(copies):
        for region in document["regions"]:
            clone = dict(region)
            clone["influence"] = {f: v for f, v in region["influence"].items() if f in kept}
            if copy:
                clone.update(id=f"{region['id']}_{copy}", name=f"{region['name']} {copy}", neighbours=[f"{n}_{copy}" for n in region["neighbours"]])
            regions.append(clone)
    document.update(id=f"indo_pacific_{factions}x{8 * copies}", turns=TURNS, factions=chosen, regions=regions)
    document["victory"] = {k: v for k, v in document["victory"].items() if k != "score"}  # every game lasts TURNS turns
    document["schedule"] = [entry for entry in document.get("schedule", []) if entry["turn"] <= TURNS]
    return dumps(document)


def greedy_cost_per_faction_turn(factions: int, copies: int, games: int) -> float:
    """Seconds of one core per faction-turn of greedy games on ``scaled(factions, copies)``."""
    scenario = load_scenario_text(scaled(factions, copies), f"indo_pacific_{factions}x{8 * copies}.toml")
    bot = GreedyBot()
    turns = 0
    start = time.process_time()
    for seed in range(games):
        game = Game(scenario, seed)
        while not game.is_over:
            for faction in game.factions:
                game.submit(faction, bot.choose(game, faction))
            game.resolve()
            turns += 1
    return (time.process_time() - start) / (turns * factions)
