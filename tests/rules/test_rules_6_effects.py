"""Rule 6: effects — field order, gain divisors, rival influence, spillover, bounds."""

from __future__ import annotations

from rulekit import changes, lines, new_game, play

from engine.inputs import Order
from engine.log import Cause, Change


def test_6_1_effects_apply_in_a_fixed_order():
    """Board. Blue orders Security compact → North, a move with every kind of
    effect: influence +1, rivals -1, spillover +1, stability +1, budget +1,
    income +1, credibility +1. After the cost they apply in exactly that order.
    """
    game = new_game("board")
    entries = play(game, blue=Order("pact", "north"))

    def order(track, delta, value, faction="blue", region=""):
        return Change(1, faction, region, track, delta, value, Cause.ORDER, "pact", "blue", 1, delta)

    assert changes(entries)[:8] == [
        order("budget", -1, 9),
        order("influence", 1, 3, region="north"),
        order("influence", -1, 0, faction="red", region="north"),
        order("influence", 1, 1, region="east"),
        order("stability", 1, 4, faction="", region="north"),
        order("budget", 1, 10),
        order("income", 1, 3),
        order("credibility", 1, 6),
    ]
    assert changes(entries)[8] == Change(1, "blue", "", "budget", 2, 12, Cause.INCOME, "", "", 0, 3)


def test_6_2_gain_divisors_stack_and_round_down_but_losses_are_not_divided():
    """Board. Two Rumour mills (each halves gains) are on North. Blue:
    Military aid → North (+2) and Economic aid → North (+1, rivals -1).

    +2 // 2 // 2 = 0 and +1 // 2 // 2 = 0: both gains come to nothing (still
    logged, with what was asked). The aid's spillover into East (+1) is not
    divided — East has no event. Red's loss of 1 is not divided either.
    """
    game = new_game("board")
    game.inject("rumours", "north")
    game.inject("rumours", "north")
    entries = play(game, blue=[Order("aid", "north"), Order("econ", "north")])
    assert [line for line in lines(game, entries) if "influence in" in line] == [
        "B Blue: influence in North +0 → 2 (asked +2) (Military aid, B Blue order 1)",
        "B Blue: influence in East +1 → 1 (Military aid, B Blue order 1)",
        "B Blue: influence in North +0 → 2 (asked +1) (Economic aid, B Blue order 2)",
        "R Red: influence in North -1 → 0 (Economic aid, B Blue order 2)",
    ]


def test_6_3_rival_influence_touches_only_rivals_present():
    """Board. Blue: Economic aid → East, then Economic aid → North (rivals -1).
    Red has no influence in East, so nothing happens to Red there; in North
    Red loses 1 (1 → 0).
    """
    game = new_game("board")
    entries = play(game, blue=[Order("econ", "east"), Order("econ", "north")])
    assert [(c.faction, c.region, c.delta, c.value) for c in changes(entries) if c.track == "influence"] == [
        ("blue", "east", 1, 1),
        ("blue", "north", 1, 3),
        ("red", "north", -1, 0),
    ]


def test_6_4_spillover_reaches_each_neighbour_uncut_by_contest_but_divided_by_events():
    """Board, seed 0. Rumour mill (gains halved) is on South.
    Blue: 1 Strategic communication → North, 2 Military aid → East.
    Red: 1 Arms sale → North. North is contested.

    Blue's aid gains +2 in East and spills +1 into each neighbour of East, in
    the order East lists them: North (+1, not cut although North is
    contested) and South (+1 halved to 0 by the Rumour mill there). Red's +2
    in North is cut to +1.
    """
    game = new_game("board")
    game.inject("rumours", "south")
    entries = play(game, blue=[Order("comms", "north"), Order("aid", "east")], red=Order("arms", "north"))
    assert [line for line in lines(game, entries) if "influence in" in line] == [
        "B Blue: influence in East +2 → 2 (Military aid, B Blue order 2)",
        "B Blue: influence in North +1 → 3 (Military aid, B Blue order 2)",
        "B Blue: influence in South +0 → 1 (asked +1) (Military aid, B Blue order 2)",
        "R Red: influence in North +1 → 2 (asked +2) (Arms sale, R Red order 1)",
    ]


def test_6_6_numbers_stop_at_their_maxima():
    """Bounds. Influence is capped at 4, budgets at 12, credibility at 10,
    stability at 5. Blue (Peak influence 3, budget 11, credibility 8; Peak
    stability 4) orders Relief surge → Peak: influence +3, stability +3,
    budget +5, credibility +4. Each stops at its maximum; the log keeps what
    was asked. In upkeep Blue's income of 3 finds the budget full (+0).
    """
    game = new_game("bounds")
    entries = play(game, blue=Order("surge", "peak"))
    assert lines(game, entries) == [
        "B Blue order 1: Relief surge → Peak (cost 0)",
        "B Blue: influence in Peak +1 → 4 (asked +3) (Relief surge, B Blue order 1)",
        "stability in Peak +1 → 5 (asked +3) (Relief surge, B Blue order 1)",
        "B Blue: budget +1 → 12 (asked +5) (Relief surge, B Blue order 1)",
        "B Blue: credibility +2 → 10 (asked +4) (Relief surge, B Blue order 1)",
        "B Blue: budget +0 → 12 (asked +3) (income)",
        "R Red: budget +1 → 3 (income)",
        "B Blue scores 6 (+1)",
        "R Red scores 1 (+0)",
    ]


def test_6_6_numbers_stop_at_their_minima():
    """Bounds (no collapse). Blue: Smear campaign → Peak (rivals -3,
    stability -5). Red (Peak influence 1, budget 2, income 1, credibility 2,
    domestic support 1): Botched reform at home (budget -5, income -3,
    credibility -4, domestic support -4). Everything stops at 0; with an
    income of 0 Red earns nothing in upkeep and no line is logged.
    """
    game = new_game("bounds")
    entries = play(game, blue=Order("smear", "peak"), red=Order("slump"))
    assert lines(game, entries) == [
        "B Blue order 1: Smear campaign → Peak (cost 0)",
        "R Red: influence in Peak -1 → 0 (asked -3) (Smear campaign, B Blue order 1)",
        "stability in Peak -4 → 0 (asked -5) (Smear campaign, B Blue order 1)",
        "R Red order 1: Botched reform (cost 0)",
        "R Red: budget -2 → 0 (asked -5) (Botched reform, R Red order 1)",
        "R Red: income -1 → 0 (asked -3) (Botched reform, R Red order 1)",
        "R Red: credibility -2 → 0 (asked -4) (Botched reform, R Red order 1)",
        "R Red: domestic support -1 → 0 (asked -4) (Botched reform, R Red order 1)",
        "B Blue: budget +1 → 12 (asked +3) (income)",
        "B Blue scores 5 (+0)",
        "R Red scores 0 (-1)",
    ]
    assert not game.is_over
