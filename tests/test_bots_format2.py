"""The bots understand format 2 (rule 13): they play for their own aim, count fading influence
for less, and see the reactions and conditional effects an order sets off."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import engine.valueclass as valueclass
from engine.inputs import Order
from players.bots import make_strategy
from players.evaluation import evaluator_for, lasting_share, remaining_after

sys.path.insert(0, str(Path(__file__).parent / "rules"))
from rulekit import new_game, play


def values(game, faction: str) -> dict[tuple[str, str], float]:
    """Every legal order of ``faction`` now with the greedy bot's value of it."""
    evaluator = evaluator_for(game.scenario)
    pos = evaluator.position_of(game, remaining_after(game))
    return {(c.move.id, c.target): evaluator.value(pos, faction, c) for c in evaluator.candidates(game, faction)}


def test_a_hybrid_actors_bot_works_for_the_collapse_it_aims_at():
    """Aims. Shadow's aim is Big's collapse (Big's support 2): greedy Shadow smears Big first,
    though a smear scores nothing; without the aim it would not."""
    game = new_game("aims")
    chosen = make_strategy("greedy").choose(game, "shadow")
    assert chosen[0].move == "smear" and chosen[0].target == "big"
    assert values(game, "shadow")[("smear", "big")] > values(game, "shadow")[("smear", "small")]


def test_a_bot_values_the_tests_of_its_own_aim():
    """Aims. Small needs influence 5 in Capital and Harbour (it has 4 and 4): Presence there is
    worth more to Small than to Big, whose aim is not about them."""
    game = new_game("aims")
    assert values(game, "small")[("presence", "capital")] > values(game, "big")[("presence", "capital")]
    assert {o.move for o in make_strategy("greedy").choose(game, "small")} == {"presence"}


@pytest.mark.parametrize(("fades", "remaining", "share"), [(0, 9, 1.0), (2, 2, 1.0), (2, 5, 0.5), (1, 7, 0.25)])
def test_fading_influence_counts_for_less_the_longer_the_game_goes_on(fades, remaining, share):
    assert lasting_share(fades, remaining) == share


def test_an_arms_sale_is_worth_less_than_the_same_influence_that_lasts():
    """Partners. An arms sale to East (influence +2 that fades after 2 turns) with 7 turns to
    go is worth less than the same move would be if its influence lasted."""
    game = new_game("partners")
    evaluator = evaluator_for(game.scenario)
    pos = evaluator.position_of(game, remaining_after(game))
    arms = next(c for c in evaluator.candidates(game, "blue") if (c.move.id, c.target) == ("arms", "east"))
    lasting = arms._replace(move=valueclass.evolve(arms.move, fades=0))
    assert evaluator.value(pos, "blue", arms) < evaluator.value(pos, "blue", lasting)


def test_a_bot_sees_the_backlash_its_next_arms_sale_would_fire():
    """Partners. After two arms sales to North, dependency there is 2: a third fires Backlash
    (credibility -1). The third sale is worth less to Blue than the first was."""
    game = new_game("partners")
    first = values(game, "blue")[("arms", "north")]
    play(game, blue=Order("arms", "north"))
    play(game, blue=Order("arms", "north"))
    assert game.state.regions["north"].attitudes["blue"]["dependency"] == 2
    third = values(game, "blue")[("arms", "north")]
    assert third < first


def test_a_bot_counts_a_conditional_effect_only_while_its_condition_holds():
    """Partners. The Fact-checking unit's +1 credibility needs a disinformation event on its
    target: at credibility 7, where +1 reaches the table's +2 step, it is worth more to Blue
    once Smear campaign is on North."""
    game = new_game("partners")
    game.state.factions["blue"].tracks["credibility"] = 7
    before = values(game, "blue")[("factcheck", "north")]
    game.inject("smear", "north")
    assert values(game, "blue")[("factcheck", "north")] > before
