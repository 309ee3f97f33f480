"""Rule 7: upkeep — ongoing effects, matured effects, income, expiry, scoring, in that order."""

from __future__ import annotations

import pytest
from rulekit import changes, dice, lines, new_game, play

from engine.inputs import Order
from engine.log import Cause, Expired


def test_7_upkeep_runs_in_a_fixed_order():
    """Board, seed 0.

    Turn 1: Blue orders Training programme → North (+1 now; +2 after 2 turns).
    Turn 2: the facilitator plays Earthquake (on South, the least stable
    region: stability 2 → 1; -1 stability a turn for 2 turns) and Recession
    (every faction: income -1 for 2 turns). Both factions pass turns 2 and 3.

    Turn 3's upkeep, in order: (7.1) the Earthquake lowers South again (it is
    at 0 already: +0); (7.2) the training matures: Blue +2 in North; (7.3)
    income less the Recession: Blue +1, Red +1 (Red's budget is full: +0);
    (7.4) the Earthquake and both Recessions run out; (7.5) scores.
    """
    game = new_game("board")
    play(game, blue=Order("training", "north"))
    game.inject("quake")
    game.inject("recession")
    play(game)
    play(game)
    assert lines(game, game.turn_log(3)) == [
        "stability in South +0 → 0 (asked -1) (Earthquake continues)",
        "B Blue: influence in North +2 → 5 (Training programme pays off, B Blue order 1 of an earlier turn)",
        "B Blue: budget +1 → 12 (income)",
        "R Red: budget +0 → 12 (asked +1) (income)",
        "Earthquake on South expires",
        "Recession on B Blue expires",
        "Recession on R Red expires",
        "B Blue scores 8 (+2)",
        "R Red scores 2 (+0)",
    ]


def test_7_2_a_training_programme_under_a_budget_cut():
    """Board, seed 0.

    Turn 1: Budget cuts is played on the leader, Blue (score 3 to 2): budget
    10 → 8, and for 2 turns training and exercises cost Blue 1 more. Blue
    orders Training programme → North: it costs 3 instead of 2 and gives +1
    influence now; its delayed +2 is due 2 turns later.
    Turn 2: the cut still raises the cost to 3; it runs out in upkeep.
    Turn 3: training costs 2 again; in upkeep the programme pays off (+2).
    """
    game = new_game("board")
    game.inject("cuts")
    play(game, blue=Order("training", "north"))
    assert game.option("blue", "training", "north").cost == 3
    play(game)
    assert game.option("blue", "training", "north").cost == 2
    play(game)
    assert lines(game, game.turn_log(1)) == [
        "Facilitator inject: Budget cuts → B Blue",
        "B Blue: budget -2 → 8 (event Budget cuts)",
        "B Blue order 1: Training programme → North (cost 3)",
        "B Blue: budget -3 → 5 (Training programme, B Blue order 1)",
        "B Blue: influence in North +1 → 3 (Training programme, B Blue order 1)",
        "B Blue: budget +2 → 7 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 6 (+3)",
        "R Red scores 2 (+0)",
    ]
    assert lines(game, game.turn_log(2)) == [
        "B Blue: budget +2 → 9 (income)",
        "R Red: budget +0 → 12 (asked +2) (income)",
        "Budget cuts on B Blue expires",
        "B Blue scores 6 (+0)",
        "R Red scores 2 (+0)",
    ]
    assert lines(game, game.turn_log(3)) == [
        "B Blue: influence in North +2 → 5 (Training programme pays off, B Blue order 1 of an earlier turn)",
        "B Blue: budget +2 → 11 (income)",
        "R Red: budget +0 → 12 (asked +2) (income)",
        "B Blue scores 8 (+2)",
        "R Red scores 2 (+0)",
    ]


@pytest.mark.parametrize(("seed", "die", "matured"), [(0, 4, True), (1, 1, False)])
def test_7_2_delayed_effects_follow_only_a_success(seed, die, matured):
    """Board. Blue orders Staff college places → North (difficulty 4;
    credibility +1 now, +1 influence a turn later). With seed 0 the die is 4:
    a success, and the +1 arrives in turn 2's upkeep. With seed 1 the die is
    1: a failure, and nothing is scheduled.
    """
    assert dice(seed, 1, ("blue", 1)) == [die]
    game = new_game("board", seed)
    play(game, blue=Order("academy", "north"))
    assert len(game.state.pending) == (1 if matured else 0)
    play(game)
    arrived = [c for c in changes(game.turn_log(2)) if c.cause is Cause.MATURED]
    if matured:
        assert lines(game, arrived) == ["B Blue: influence in North +1 → 3 (Staff college places pays off, B Blue order 1 of an earlier turn)"]
    else:
        assert arrived == []
    assert game.state.pending == []


def test_7_3_income_with_an_income_modifier():
    """Board. Recession (income -1 for 2 turns) is played on every faction.
    Blue orders Domestic outreach (cost 1) on each of three turns: its income
    is 2 - 1 = 1 on turns 1 and 2, then 2 again on turn 3.
    """
    game = new_game("board")
    game.inject("recession")
    for _ in range(3):
        play(game, blue=Order("outreach"))
    income = [c for c in changes(game.log) if c.cause is Cause.INCOME and c.faction == "blue"]
    assert lines(game, income) == [
        "B Blue: budget +1 → 10 (income)",
        "B Blue: budget +1 → 10 (income)",
        "B Blue: budget +2 → 11 (income)",
    ]


def test_7_4_an_event_lasts_its_turns_counting_the_turn_it_is_played():
    """Board. Earthquake (2 turns; -1 stability at once and in each upkeep;
    a disaster) is played on turn 1 and lands on South (stability 2).

    Turn 1: 2 → 1 at once, 1 → 0 in upkeep. Turn 2: still active, so relief
    may be sent; upkeep lowers stability again (+0 at the floor) and the
    event expires. Turn 3: no disaster is active and relief is illegal.
    """
    game = new_game("board")
    game.inject("quake")
    play(game)
    assert game.option("blue", "relief", "south").reason is None
    play(game)
    assert game.option("blue", "relief", "south").reason == "needs an active disaster event in South"
    quake = [e for e in game.log if getattr(e, "source", "") == "quake" or isinstance(e, Expired)]
    assert lines(game, quake) == [
        "stability in South -1 → 1 (event Earthquake)",
        "stability in South -1 → 0 (Earthquake continues)",
        "stability in South +0 → 0 (asked -1) (Earthquake continues)",
        "Earthquake on South expires",
    ]
    assert [e.turn for e in quake] == [1, 1, 2, 2]
