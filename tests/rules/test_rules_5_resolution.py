"""Rule 5: resolution — order of play, contested regions, rolls, fizzling, counters, side effects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rulekit import changes, dice, lines, new_game, play

from engine.inputs import Order
from engine.log import Cause, Change, Contested, Countered, Expired, OrderFizzled, OrderResolved, Rolled

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"


def resolved(entries):
    """(faction, order index, move) of each order carried out, in resolution order."""
    return [(e.faction, e.order, e.move) for e in entries if isinstance(e, OrderResolved)]


# -- 5.1 the worked example of docs/rules.md ----------------------------------------------------------


def test_5_1_worked_example():
    """Board, seed 0, turn 1 (the worked example in docs/rules.md).

    Blue orders Joint exercise → North ("Reassure the North"); Red passes.
    The die (seed 0, turn 1, Blue, order 1) is 4; North's stability 3 and
    Blue's credibility 5 give no modifier: 4 ≥ 4, a success. Blue pays 3,
    gains 2 influence in North (2 → 4) and 1 credibility (5 → 6). In upkeep
    both factions earn 2; Blue now controls North and scores 4 + 1 + 2 = 7.
    The log lines are exactly those printed in docs/rules.md, rule 11.
    """
    assert dice(0, 1, ("blue", 1)) == [4]
    game = new_game("board", seed=0)
    entries = play(game, blue=Order("exercise", "north", "Reassure the North"))
    assert lines(game, entries) == [
        'B Blue order 1: Joint exercise → North (cost 3) — "Reassure the North"',
        "B Blue: budget -3 → 7 (Joint exercise, B Blue order 1)",
        "B Blue rolls 4 = 4 vs 4: success",
        "B Blue: influence in North +2 → 4 (Joint exercise, B Blue order 1)",
        "B Blue: credibility +1 → 6 (Joint exercise, B Blue order 1)",
        "B Blue: budget +2 → 9 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 7 (+4)",
        "R Red scores 2 (+0)",
    ]
    documented = DOCS.read_text(encoding="utf-8").split("*The log of the turn:*")[1].split("```")[1]
    assert documented.strip().splitlines() == lines(game, entries)
    assert entries[:5] == [
        OrderResolved(1, "blue", 1, "exercise", "north", 3, "Reassure the North"),
        Change(1, "blue", "", "budget", -3, 7, Cause.ORDER, "exercise", "blue", 1, -3),
        Rolled(1, "blue", 1, "exercise", 4, (), 4, 4, True),
        Change(1, "blue", "north", "influence", 2, 4, Cause.ORDER, "exercise", "blue", 1, 2),
        Change(1, "blue", "", "credibility", 1, 6, Cause.ORDER, "exercise", "blue", 1, 1),
    ]


# -- 5.2 the order of resolution ----------------------------------------------------------------------


def test_5_2_category_priority_comes_before_initiative_and_order_index():
    """Board, seed 0, turn 1 (Blue has the initiative).

    Blue: 1 Joint exercise → North, 2 Strategic communication → North.
    Red: 1 Military aid → South.
    Communication resolves first, then aid, then the exercise, whatever the
    factions and order numbers.
    """
    game = new_game("board")
    entries = play(game, blue=[Order("exercise", "north"), Order("comms", "north")], red=Order("aid", "south"))
    assert resolved(entries) == [("blue", 2, "comms"), ("red", 1, "aid"), ("blue", 1, "exercise")]


def test_5_2_initiative_rotates_one_place_each_turn():
    """Trio: for three turns Blue, Red and Green each order Military aid
    (one category) in their own region. Turn 1 resolves Blue, Red, Green;
    turn 2 Red, Green, Blue; turn 3 Green, Blue, Red.
    """
    game = new_game("trio")
    order_of_play = []
    for _ in range(3):
        entries = play(game, blue=Order("aid", "alpha"), red=Order("aid", "beta"), green=Order("aid", "gamma"))
        order_of_play.append([faction for faction, _, _ in resolved(entries)])
    assert order_of_play == [["blue", "red", "green"], ["red", "green", "blue"], ["green", "blue", "red"]]


def test_5_2_initiative_comes_before_order_index():
    """Trio, turn 1: Blue orders aid → Delta (1) and aid → Alpha (2); Red
    orders aid → Beta (1). Blue holds the initiative, so both of its orders
    resolve, in their order, before Red's order 1.
    """
    game = new_game("trio")
    entries = play(game, blue=[Order("aid", "delta"), Order("aid", "alpha")], red=Order("aid", "beta"))
    assert resolved(entries) == [("blue", 1, "aid"), ("blue", 2, "aid"), ("red", 1, "aid")]


@pytest.mark.parametrize("turn", [1, 2])
def test_5_2_rotating_initiative_decides_who_acts_first(turn):
    """Board. South: Blue 1, Red 1. Both order economic moves there: Red
    Economic aid (+1 influence, rivals -1), Blue Port investment (+1; needs
    influence 1). On turn 1 Blue has the initiative, invests first (1 → 2)
    and then loses 1 to Red's aid. On turn 2 (after a turn of passing) Red
    goes first: Blue drops to 0 and its investment fizzles.
    """
    game = new_game("board")
    if turn == 2:
        play(game)
    entries = play(game, blue=Order("investment", "south"), red=Order("econ", "south"))
    if turn == 1:
        assert resolved(entries) == [("blue", 1, "investment"), ("red", 1, "econ")]
        assert game.state.regions["south"].influence == {"blue": 1, "red": 2}
    else:
        assert resolved(entries) == [("red", 1, "econ")]
        assert OrderFizzled(2, "blue", 1, "investment", "south", "needs influence 1 in South (you have 0)") in entries
        assert game.state.regions["south"].influence == {"blue": 0, "red": 2}


# -- 5.3 contested regions ----------------------------------------------------------------------------


def test_5_3_contested_region_cuts_gains():
    """Board, seed 0. Blue: Military aid → North (+2, spillover +1). Red: Arms
    sale → North (+2). Both act in North, so it is contested (announced before
    any order resolves): each gain there is cut by 1. Blue's spillover into
    East is not.
    """
    game = new_game("board")
    entries = play(game, blue=Order("aid", "north"), red=Order("arms", "north"))
    assert entries[0] == Contested(1, "north", ("blue", "red"))
    assert lines(game, entries) == [
        "North is contested by B Blue, R Red: influence gains of 2 or more there are cut by 1",
        "B Blue order 1: Military aid → North (cost 2)",
        "B Blue: budget -2 → 8 (Military aid, B Blue order 1)",
        "B Blue: influence in North +1 → 3 (asked +2) (Military aid, B Blue order 1)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 1)",
        "R Red order 1: Arms sale → North (cost 1)",
        "R Red: budget -1 → 9 (Arms sale, R Red order 1)",
        "R Red: influence in North +1 → 2 (asked +2) (Arms sale, R Red order 1)",
        "R Red: budget +1 → 10 (Arms sale, R Red order 1)",
        "R Red: credibility -1 → 4 (Arms sale, R Red order 1)",
        "B Blue: budget +2 → 10 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 7 (+4)",
        "R Red scores 3 (+1)",
    ]


def test_5_3_the_contest_cut_spares_gains_of_1_and_losses():
    """Board, seed 0. Red: Military aid → North (+2). Blue: Economic aid →
    North (+1, rivals -1). In contested North Red's +2 becomes +1; Blue's +1
    stays +1 (only gains of 2 or more are cut); Red's loss of 1 is not cut.
    """
    game = new_game("board")
    entries = play(game, blue=Order("econ", "north"), red=Order("aid", "north"))
    north = [c for c in changes(entries) if c.region == "north"]
    assert north == [
        Change(1, "red", "north", "influence", 1, 2, Cause.ORDER, "aid", "red", 1, 2),
        Change(1, "blue", "north", "influence", 1, 3, Cause.ORDER, "econ", "blue", 1, 1),
        Change(1, "red", "north", "influence", -1, 1, Cause.ORDER, "econ", "blue", 1, -1),
    ]


def test_5_3_an_order_that_fizzles_still_makes_its_region_contested():
    """Board. Blue orders Joint exercise → East, Red Military aid → East; then
    the facilitator plays Naval stand-off on East (exercises blocked). East
    was contested when the orders were revealed, so Red's +2 is still cut to
    +1 although Blue's exercise fizzles.
    """
    game = new_game("board")
    game.submit("blue", [Order("exercise", "east")])
    game.submit("red", [Order("aid", "east")])
    game.inject("blockade")
    entries = game.resolve()
    assert entries[:2] == [
        Contested(1, "east", ("blue", "red")),
        OrderResolved(1, "red", 1, "aid", "east", 2, ""),
    ]
    assert entries[3] == Change(1, "red", "east", "influence", 1, 1, Cause.ORDER, "aid", "red", 1, 2)
    assert OrderFizzled(1, "blue", 1, "exercise", "east", "blocked by Naval stand-off") in entries


def test_5_3_the_contest_cut_never_raises_a_gain():
    """Board, seed 0. Rumour mill (gains halved) is on North. Red: Military aid
    → North (+2); Blue: Economic aid → North (+1). North is contested.

    Red's +2 is halved to +1, which the contest leaves alone (only gains of 2
    or more are cut). Blue's +1 is halved to 0 and stays 0: a cut never
    raises a gain. Blue's loss inflicted on Red (-1) is neither halved nor cut.
    """
    game = new_game("board")
    game.inject("rumours", "north")
    entries = play(game, blue=Order("econ", "north"), red=Order("aid", "north"))
    north = [c for c in changes(entries) if c.region == "north"]
    assert north == [
        Change(1, "red", "north", "influence", 1, 2, Cause.ORDER, "aid", "red", 1, 2),
        Change(1, "blue", "north", "influence", 0, 2, Cause.ORDER, "econ", "blue", 1, 1),
        Change(1, "red", "north", "influence", -1, 1, Cause.ORDER, "econ", "blue", 1, -1),
    ]


# -- 5.4 rolls ----------------------------------------------------------------------------------------


def test_5_4_a_roll_and_every_modifier():
    """Rolls, seed 0. Good press (+1 to Blue's rolls) is on Blue; Radio
    jamming (-2 to exercises) is on Shaky.

    Blue: 1 Domestic rally (home, difficulty 4), 2 Joint exercise → Calm.
    Red: 1 Joint exercise → Shaky (difficulty 5).
    Dice (seed 0, turn 1): Blue's order 1 (the rally) 4, Blue's order 2
    (the exercise) 1, Red's order 1 4.

    Rally (dialogue) resolves first: 4 +1 credibility (7 or more) +1 Good
    press = 6 ≥ 4, success; a home move has no region modifiers.
    Blue's exercise: 1 +2 Calm's receptivity +1 stability (4 or more)
    +1 credibility +1 Good press = 6 ≥ 5, success.
    Red's exercise: 4 -1 Shaky's receptivity -1 instability (1 or less)
    -1 credibility (2 or less) -2 Radio jamming = -1 < 5, failure: Red's
    failure effect (credibility -1) applies instead of the gain.
    """
    assert dice(0, 1, ("blue", 1), ("blue", 2), ("red", 1)) == [4, 1, 4]
    game = new_game("rolls", seed=0)
    game.inject("praise")
    game.inject("jamming")
    entries = play(game, blue=[Order("rally"), Order("exercise", "calm")], red=Order("exercise", "shaky"))
    rolls = [e for e in entries if isinstance(e, Rolled)]
    assert rolls == [
        Rolled(1, "blue", 1, "rally", 4, (("credibility", 1), ("praise", 1)), 6, 4, True),
        Rolled(1, "blue", 2, "exercise", 1, (("receptivity", 2), ("stability", 1), ("credibility", 1), ("praise", 1)), 6, 5, True),
        Rolled(1, "red", 1, "exercise", 4, (("receptivity", -1), ("instability", -1), ("credibility", -1), ("jamming", -2)), -1, 5, False),
    ]
    assert lines(game, rolls) == [
        "B Blue rolls 4 +1 credibility +1 Good press = 6 vs 4: success",
        "B Blue rolls 1 +2 receptivity +1 stability +1 credibility +1 Good press = 6 vs 5: success",
        "R Red rolls 4 -1 receptivity -1 instability -1 credibility -2 Radio jamming = -1 vs 5: failure",
    ]
    red = [c for c in changes(entries) if c.actor == "red"]
    assert red == [
        Change(1, "red", "", "budget", -1, 5, Cause.ORDER, "exercise", "red", 1, -1),
        Change(1, "red", "", "credibility", -1, 1, Cause.ORDER, "exercise", "red", 1, -1),
    ]


def test_5_4_a_move_of_difficulty_0_never_rolls():
    """Board: Military aid has difficulty 0: it resolves with no roll."""
    game = new_game("board")
    entries = play(game, blue=Order("aid", "east"))
    assert not [e for e in entries if isinstance(e, Rolled)]


def test_5_4_a_failed_roll_still_pays_and_applies_the_failure_effects():
    """Board, seed 1: Blue's die for order 1 is 1. Blue orders Joint exercise
    → North: it pays 3, rolls 1 < 4 and fails; its failure effect (+1
    influence) applies instead of +2 influence and +1 credibility.
    """
    assert dice(1, 1, ("blue", 1)) == [1]
    game = new_game("board", seed=1)
    entries = play(game, blue=Order("exercise", "north"))
    assert lines(game, entries[:4]) == [
        "B Blue order 1: Joint exercise → North (cost 3)",
        "B Blue: budget -3 → 7 (Joint exercise, B Blue order 1)",
        "B Blue rolls 1 = 1 vs 4: failure",
        "B Blue: influence in North +1 → 3 (Joint exercise, B Blue order 1)",
    ]
    assert entries[4].cause is Cause.INCOME


# -- 5.5 fizzling -------------------------------------------------------------------------------------


def test_5_5_an_order_fizzles_when_the_budget_ran_out_earlier_in_resolution():
    """Board, seed 0. Blue (budget 10): 1 Joint exercise → North (3),
    2 Training programme → North (2), 3 Peacekeeping mission → East (2):
    7 in all, a legal submission.

    The mission resolves first and overruns (side effect: budget -4): 10 → 8
    → 4. Training: 4 → 2. The exercise now costs 3 with 2 left: it fizzles,
    costs nothing and has no effect.
    """
    game = new_game("board")
    entries = play(game, blue=[Order("exercise", "north"), Order("training", "north"), Order("peacekeeping", "east")])
    assert lines(game, entries) == [
        "B Blue order 3: Peacekeeping mission → East (cost 2)",
        "B Blue: budget -2 → 8 (Peacekeeping mission, B Blue order 3)",
        "B Blue: influence in East +1 → 1 (Peacekeeping mission, B Blue order 3)",
        "B Blue: budget -4 → 4 (Peacekeeping mission, B Blue order 3)",
        "B Blue order 2: Training programme → North (cost 2)",
        "B Blue: budget -2 → 2 (Training programme, B Blue order 2)",
        "B Blue: influence in North +1 → 3 (Training programme, B Blue order 2)",
        "B Blue order 1: Joint exercise → North fizzles: costs 3 but only 2 is left",
        "B Blue: budget +2 → 4 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 7 (+4)",
        "R Red scores 2 (+0)",
    ]


def test_5_5_an_order_fizzles_when_an_event_blocks_it_after_submission():
    """Board. Blue submits Joint exercise → East; then the facilitator plays
    Naval stand-off on East (exercises blocked, 1 turn). The exercise fizzles
    when its turn comes; Blue keeps its budget. The stand-off expires in
    this turn's upkeep.
    """
    game = new_game("board")
    game.submit("blue", [Order("exercise", "east")])
    game.inject("blockade")
    entries = game.resolve()
    assert entries[0] == OrderFizzled(1, "blue", 1, "exercise", "east", "blocked by Naval stand-off")
    assert entries[1] == Change(1, "blue", "", "budget", 2, 12, Cause.INCOME, "", "", 0, 2)
    assert Expired(1, "blockade", "east") in entries


# -- 5.6 counters -------------------------------------------------------------------------------------


def test_5_6_a_successful_counter_cancels_the_event_before_later_moves():
    """Board, seed 0. Rumour mill (gains halved, 2 turns, countered by
    Strategic communication) is on North.

    Blue: 1 Military aid → North, 2 Strategic communication → North.
    Communication resolves first and cancels the Rumour mill, so the aid that
    follows gains the full +2 in North. The event is gone: it does not expire
    in upkeep.
    """
    game = new_game("board")
    game.inject("rumours", "north")
    entries = play(game, blue=[Order("aid", "north"), Order("comms", "north")])
    assert entries[:5] == [
        OrderResolved(1, "blue", 2, "comms", "north", 1, ""),
        Change(1, "blue", "", "budget", -1, 9, Cause.ORDER, "comms", "blue", 2, -1),
        Countered(1, "rumours", "north", "blue", "comms", 0, True),
        Change(1, "blue", "", "credibility", 1, 6, Cause.ORDER, "comms", "blue", 2, 1),
        OrderResolved(1, "blue", 1, "aid", "north", 2, ""),
    ]
    assert lines(game, entries[2:3] + entries[5:8]) == [
        "B Blue's Strategic communication cancels Rumour mill on North",
        "B Blue: budget -2 → 7 (Military aid, B Blue order 1)",
        "B Blue: influence in North +2 → 4 (Military aid, B Blue order 1)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 1)",
    ]
    assert game.state.events == []
    assert not [e for e in entries if isinstance(e, Expired)]


def test_5_6_a_failed_counter_softens_the_event_by_one_turn():
    """Board, seed 1 (Blue's die for order 1 is 1). Rumour mill (2 turns) is
    on North.

    Blue: 1 Fact-checking unit → North (difficulty 5; also counters the
    Rumour mill), 2 Military aid → North. The fact-check fails (1 < 5): the
    Rumour mill is not cancelled but loses a turn (2 → 1). The aid is still
    halved (+1). In upkeep the Rumour mill runs out — a turn early.
    """
    assert dice(1, 1, ("blue", 1)) == [1]
    game = new_game("board", seed=1)
    game.inject("rumours", "north")
    entries = play(game, blue=[Order("factcheck", "north"), Order("aid", "north")])
    assert entries[2:4] == [
        Rolled(1, "blue", 1, "factcheck", 1, (), 1, 5, False),
        Countered(1, "rumours", "north", "blue", "factcheck", 1, False),
    ]
    assert lines(game, entries[3:]) == [
        "B Blue's Fact-checking unit fails but softens Rumour mill on North: 1 turn(s) left",
        "B Blue order 2: Military aid → North (cost 2)",
        "B Blue: budget -2 → 7 (Military aid, B Blue order 2)",
        "B Blue: influence in North +1 → 3 (asked +2) (Military aid, B Blue order 2)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 2)",
        "B Blue: budget +2 → 9 (income)",
        "R Red: budget +2 → 12 (income)",
        "Rumour mill on North expires",
        "B Blue scores 7 (+4)",
        "R Red scores 2 (+0)",
    ]


def test_5_6_the_countering_order_itself_still_feels_the_event():
    """Board. Rumour mill (gains halved; also countered by Radio broadcast) is
    on North. Blue orders Radio broadcast → North (+2 influence). The
    broadcast cancels the Rumour mill, but the modifiers touching an order are
    fixed when it starts: its own +2 is still halved to +1.
    """
    game = new_game("board")
    game.inject("rumours", "north")
    entries = play(game, blue=Order("broadcast", "north"))
    assert lines(game, entries[:4]) == [
        "B Blue order 1: Radio broadcast → North (cost 1)",
        "B Blue: budget -1 → 9 (Radio broadcast, B Blue order 1)",
        "B Blue's Radio broadcast cancels Rumour mill on North",
        "B Blue: influence in North +1 → 3 (asked +2) (Radio broadcast, B Blue order 1)",
    ]


def test_5_6_a_home_move_answers_events_on_its_own_faction():
    """Board, seed 0. Anti-deployment protests (countered by Domestic
    outreach) are on Blue. Blue: 1 Arms sale → East, 2 Domestic outreach
    (home). Outreach (dialogue) resolves first and cancels the protests on
    Blue, so the arms sale costs no domestic support.
    """
    game = new_game("board")
    game.inject("protests", "blue")
    entries = play(game, blue=[Order("arms", "east"), Order("outreach")])
    assert entries[2] == Countered(1, "protests", "blue", "blue", "outreach", 0, True)
    assert not [c for c in changes(entries) if c.cause is Cause.OPPOSITION]
    assert game.state.factions["blue"].tracks["domestic_support"] == 6


# -- 5.7 side effects, opposition, delayed effects -----------------------------------------------------


def test_5_7_an_arms_sale_costs_credibility_as_a_side_effect():
    """Board. Blue: Arms sale → East. After its effects (+2 influence, +1
    budget from the buyer) comes its side effect: credibility -1.
    """
    game = new_game("board")
    entries = play(game, blue=Order("arms", "east"))
    assert lines(game, entries[:5]) == [
        "B Blue order 1: Arms sale → East (cost 1)",
        "B Blue: budget -1 → 9 (Arms sale, B Blue order 1)",
        "B Blue: influence in East +2 → 2 (Arms sale, B Blue order 1)",
        "B Blue: budget +1 → 10 (Arms sale, B Blue order 1)",
        "B Blue: credibility -1 → 4 (Arms sale, B Blue order 1)",
    ]


def test_5_7_domestic_opposition_makes_military_moves_cost_domestic_support():
    """Board, seed 0 (Blue's die for order 1 is 4). Anti-deployment protests
    (exercises and arms sales cost 1 domestic support) are on Blue.

    Blue: 1 Joint exercise → North, 2 Arms sale → East, 3 Military aid →
    South. Aid is untouched. The arms sale, then the exercise, each cost Blue
    1 domestic support after their other effects (5 → 4 → 3). Red, not
    targeted, would pay nothing.
    """
    assert dice(0, 1, ("blue", 1)) == [4]
    game = new_game("board")
    game.inject("protests", "blue")
    entries = play(game, blue=[Order("exercise", "north"), Order("arms", "east"), Order("aid", "south")])
    assert lines(game, entries) == [
        "B Blue order 3: Military aid → South (cost 2)",
        "B Blue: budget -2 → 8 (Military aid, B Blue order 3)",
        "B Blue: influence in South +2 → 3 (Military aid, B Blue order 3)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 3)",
        "B Blue order 2: Arms sale → East (cost 1)",
        "B Blue: budget -1 → 7 (Arms sale, B Blue order 2)",
        "B Blue: influence in East +2 → 3 (Arms sale, B Blue order 2)",
        "B Blue: budget +1 → 8 (Arms sale, B Blue order 2)",
        "B Blue: credibility -1 → 4 (Arms sale, B Blue order 2)",
        "B Blue: domestic support -1 → 4 (Anti-deployment protests reacts to B Blue order 2)",
        "B Blue order 1: Joint exercise → North (cost 3)",
        "B Blue: budget -3 → 5 (Joint exercise, B Blue order 1)",
        "B Blue rolls 4 = 4 vs 4: success",
        "B Blue: influence in North +2 → 4 (Joint exercise, B Blue order 1)",
        "B Blue: credibility +1 → 5 (Joint exercise, B Blue order 1)",
        "B Blue: domestic support -1 → 3 (Anti-deployment protests reacts to B Blue order 1)",
        "B Blue: budget +2 → 7 (income)",
        "R Red: budget +2 → 12 (income)",
        "B Blue scores 16 (+13)",
        "R Red scores 2 (+0)",
    ]
    assert game.option("red", "exercise", "north").cost == 3


def test_5_7_opposition_applies_even_when_the_move_fails():
    """Board, seed 1 (Blue's die for order 1 is 1). Anti-deployment protests
    are on Blue. Blue's Joint exercise → North fails (1 < 4): the failure
    effect (+1 influence) applies, and the protests still cost Blue 1
    domestic support.
    """
    assert dice(1, 1, ("blue", 1)) == [1]
    game = new_game("board", seed=1)
    game.inject("protests", "blue")
    entries = play(game, blue=Order("exercise", "north"))
    assert lines(game, entries[2:5]) == [
        "B Blue rolls 1 = 1 vs 4: failure",
        "B Blue: influence in North +1 → 3 (Joint exercise, B Blue order 1)",
        "B Blue: domestic support -1 → 4 (Anti-deployment protests reacts to B Blue order 1)",
    ]


def test_5_7_delayed_effects_are_scheduled_on_success():
    """Board. Blue orders Training programme → North on turn 1 (no roll:
    a success). Its delayed +2 is scheduled for the upkeep of turn 1 + 2 = 3
    (rule 7.2 shows it arriving).
    """
    game = new_game("board")
    play(game, blue=Order("training", "north"))
    assert [(p.due, p.faction, p.target, p.move, p.order) for p in game.state.pending] == [(3, "blue", "north", "training", 1)]
