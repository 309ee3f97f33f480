"""Bots in a fogged game (rule 16) play from their own view: changing what their faction cannot
see never changes what they choose, while a bot that sees everything does change its choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine import Game, Order, load_scenario_text
from players.advice import roll_modifiers, success_chance
from players.bots import LookaheadBot, make_strategy

FOG = Path(__file__).parent / "scenarios" / "fog.toml"
SEED = 4


def fogged(fog: bool = True) -> Game:
    text = FOG.read_text()
    return Game(load_scenario_text(text if fog else re.sub(r"\[fog\]\n(.+\n)+", "", text, count=1)), SEED)


def hide_changes(game: Game) -> None:
    """Change only what Blue cannot see: every unrevealed receptivity and attitude, Red's budget
    and income, Red's influence in East within its band (4 to 3), the draw pile's order."""
    for region in game.state.regions.values():
        region.receptivity = {"aid": -3, "exercise": -3}
        for attitudes in region.attitudes.values():
            attitudes["goodwill"] = 5
    game.state.factions["red"].budget, game.state.factions["red"].income = 1, 9
    game.state.regions["east"].influence["red"] = 3
    game.state.draw_pile.reverse()
    game._position_changed()


def moves(orders: list[Order]) -> list[tuple[str, str]]:
    return [(order.move, order.target) for order in orders]


STRATEGIES = [
    pytest.param(lambda: make_strategy("greedy"), id="greedy"),
    pytest.param(lambda: LookaheadBot(candidates=2, rollouts=2, depth=2), id="lookahead"),
    pytest.param(lambda: make_strategy("random"), id="random"),
    pytest.param(lambda: make_strategy("doctrine:soft_only"), id="doctrine"),
]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_hidden_numbers_do_not_change_a_bots_choice(strategy):
    game = fogged()
    before = moves(strategy().choose(game, "blue"))
    hide_changes(game)
    assert moves(strategy().choose(game, "blue")) == before


@pytest.mark.parametrize("strategy", STRATEGIES[:2])
def test_the_same_change_moves_a_bot_that_sees_everything(strategy):
    """Without fog, greedy and lookahead Blue give up Development aid in East once aid is at -3."""
    game = fogged(fog=False)
    before = moves(strategy().choose(game, "blue"))
    hide_changes(game)
    assert moves(strategy().choose(game, "blue")) != before


def test_a_bot_plays_from_what_a_revelation_shows():
    """Once talks reveal East (aid +2 there), Blue's chance of aid in East is the real one."""
    game = fogged()
    aid = game.scenario.move("aid")
    assert roll_modifiers(game, "blue", aid, "east") == [("stability", 1)]
    assert success_chance(game, "blue", aid, "east") == pytest.approx(4 / 6)  # 3 or more on the die
    game.submit("blue", [Order("talks", "east")])
    game.resolve()
    assert roll_modifiers(game, "blue", aid, "east") == [("receptivity", 2), ("stability", 1)]
    assert success_chance(game, "blue", aid, "east") == pytest.approx(1.0)


def test_fogged_bot_games_are_deterministic_and_legal():
    """Greedy on every seat for a whole fogged game, twice: the same digests, no refused order."""
    digests = []
    for _ in range(2):
        game = fogged()
        bot = make_strategy("greedy")
        while not game.is_over:
            for faction in game.factions:
                game.submit(faction, bot.choose(game, faction))
            game.resolve()
        digests.append(dict(game.digests))
    assert digests[0] == digests[1]


def test_a_rivals_reply_in_a_bots_search_is_reckoned_on_the_bots_belief():
    """Lookahead Blue guesses Red's reply from what Blue believes of Red (its budget at the scenario's
    start), not from Red's real numbers, nor from the 0 that Blue's view shows for a hidden budget."""
    game = fogged()
    game.state.factions["red"].budget = 2
    game.state.factions["blue"].budget = 5
    guessed = game.believed("blue").believed("red")
    assert guessed.state.factions["red"].budget == game.scenario.faction("red").budget
    assert guessed.view().sight is not None and guessed.view().sight.faction == "red"
    assert guessed.state.factions["blue"].budget == game.scenario.faction("blue").budget  # hidden from Red
