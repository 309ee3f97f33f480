"""What a player is told of an order: the bots' own chance of success and every failing requirement."""

from __future__ import annotations

import re

from engine import Game
from engine.catalog import load_bundled
from players.advice import failing_requirements, roll_modifiers, success_chance
from players.bots import GreedyBot


def test_the_chance_a_player_sees_is_the_one_the_greedy_bot_states():
    game = Game(load_bundled("indo_pacific"), 11)
    for faction in game.factions:
        for order in GreedyBot().choose(game, faction):
            move = game.scenario.move(order.move)
            stated = re.match(r"Greedy: (\d) in 6 to succeed", order.why)
            chance = success_chance(game, faction, move, order.target)
            if stated:
                assert round(chance * 6) == int(stated.group(1)), order
            else:
                assert chance == 1.0, order


def test_a_move_without_a_roll_is_sure_and_modifiers_move_the_chance():
    game = Game(load_bundled("indo_pacific"), 11)
    outreach = game.scenario.move("domestic_outreach")
    assert outreach.difficulty == 0 and success_chance(game, "seaboard", outreach, "") == 1.0
    aid = game.scenario.move("military_aid")
    chances = {region.id: success_chance(game, "seaboard", aid, region.id) for region in game.scenario.regions}
    bonuses = {region: sum(amount for _, amount in roll_modifiers(game, "seaboard", aid, region)) for region in chances}
    assert len(set(chances.values())) > 1
    for a in chances:
        for b in chances:
            if bonuses[a] > bonuses[b]:
                assert chances[a] >= chances[b], (a, b)


def test_every_failing_requirement_is_named_not_only_the_first():
    game = Game(load_bundled("northern_alliance"), 1)
    exercise = game.scenario.move("alliance_exercise")
    first = game.option("sarmatia", exercise, "alliance_council").reason
    reasons = failing_requirements(game, "sarmatia", exercise, "alliance_council")
    assert reasons[0] == first and len(reasons) == 3
    assert any("alliance member" in r for r in reasons) and any("influence" in r for r in reasons)
    assert failing_requirements(game, "aldmark", game.scenario.move("domestic_outreach"), "") == []
