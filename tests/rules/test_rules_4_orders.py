"""Rule 4: orders and legality — the limit, targets, requirements, costs, blocks, whole submissions."""

from __future__ import annotations

import pytest
from rulekit import lines, new_game, play

from engine import OrderError
from engine.inputs import Order, Submission
from engine.log import OrderResolved


def refusal(game, faction, *orders):
    """The message of the ``OrderError`` raised by submitting ``orders``."""
    with pytest.raises(OrderError) as caught:
        game.submit(faction, list(orders))
    return str(caught.value)


def reason(game, faction, move, target):
    """Why ``move`` on ``target`` is not legal for ``faction`` now (None when it is)."""
    return game.option(faction, move, target).reason


# -- 4.1 submitting orders ------------------------------------------------------------------------


def test_4_1_at_most_orders_per_turn():
    """Legality allows 2 orders a turn. Blue submits 3 legal orders: the
    whole submission is refused and nothing is recorded.
    """
    game = new_game("legality")
    message = refusal(game, "blue", Order("aid", "capital"), Order("aid", "border"), Order("rally"))
    assert message == "3 orders submitted; at most 2 are allowed per turn"
    assert game.submitted("blue") is None
    assert game.inputs[1] == []


def test_4_1_a_new_submission_replaces_the_old_and_silence_is_a_pass():
    """Legality. Blue submits Military aid → Capital, then changes its mind
    and submits Domestic rally; Red submits nothing. Only the rally resolves;
    Red passes. Both submissions stay in the turn's inputs.
    """
    game = new_game("legality")
    game.submit("blue", [Order("aid", "capital")])
    game.submit("blue", [Order("rally")])
    assert game.waiting_for() == ("red",)
    entries = game.resolve()
    assert [e for e in entries if isinstance(e, OrderResolved)] == [OrderResolved(1, "blue", 1, "rally", "", 1, "")]
    assert game.inputs[1] == [
        Submission("blue", (Order("aid", "capital"),)),
        Submission("blue", (Order("rally"),)),
    ]


# -- 4.2 targets -------------------------------------------------------------------------------------


def test_4_2_each_move_needs_a_target_of_its_kind():
    """Legality: Military aid targets a region, Defence dialogue another
    faction, Domestic rally the acting faction itself (no target, or its own id).
    """
    game = new_game("legality")
    assert reason(game, "blue", "aid", "") == "this move needs a target region"
    assert reason(game, "blue", "aid", "red") == "'red' is not a region"
    assert reason(game, "blue", "talks", "") == "this move needs a target faction"
    assert reason(game, "blue", "talks", "blue") == "this move targets another faction"
    assert reason(game, "blue", "talks", "capital") == "'capital' is not a faction"
    assert reason(game, "blue", "rally", "capital") == "this move acts at home and takes no target"
    assert reason(game, "blue", "rally", "") is None
    assert reason(game, "blue", "rally", "blue") is None
    assert reason(game, "blue", "talks", "red") is None


# -- 4.3 requirements --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("faction", "move", "target", "why"),
    [
        ("blue", "mentor", "border", "needs influence 2 in Border (you have 1)"),
        ("blue", "mentor", "capital", None),
        ("blue", "overture", "capital", "only for influence 0 or less in Capital"),
        ("red", "overture", "capital", None),
        ("blue", "patrol", "border", "needs stability 2 to 5 (it is 1)"),
        ("blue", "patrol", "capital", None),
        ("blue", "forum", "border", "only in regions of bloc league"),
        ("blue", "forum", "capital", None),
        ("blue", "keynote", "capital", "needs credibility 6 (you have 5)"),
        ("blue", "relief", "border", "needs an active disaster event in Border"),
    ],
)
def test_4_3_requirements(faction, move, target, why):
    """Legality, start of turn 1: Blue has influence 3 in the Capital
    (stability 4, bloc League) and 1 in the Border (stability 1); Red has none;
    both have credibility 5 and no event is active. Each move's one
    requirement is met, or not, with the reason shown.
    """
    game = new_game("legality")
    assert reason(game, faction, move, target) == why


def test_4_3_an_event_requirement_is_met_by_an_active_event_of_that_category_there():
    """Legality: Disaster relief needs an active disaster event on its target.
    After the Flood (a disaster) is played on the Border, relief is legal there
    but still not in the Capital.
    """
    game = new_game("legality")
    game.inject("flood")
    assert reason(game, "blue", "relief", "border") is None
    assert reason(game, "blue", "relief", "capital") == "needs an active disaster event in Capital"


# -- 4.4 cost ----------------------------------------------------------------------------------------


def test_4_4_cost_modifiers_add_up_and_never_go_below_zero():
    """Legality: Aid subsidy (aid costs 3 less, on Blue) makes Blue's Military
    aid (cost 2) cost 0, not -1; Red's still costs 2. A free order resolves
    with cost 0 and no budget change.
    """
    game = new_game("legality")
    game.inject("subsidy")
    assert game.option("blue", "aid", "border").cost == 0
    assert game.option("red", "aid", "border").cost == 2
    entries = play(game, blue=Order("aid", "border"))
    assert lines(game, entries) == [
        "B Blue order 1: Military aid → Border (cost 0)",
        "B Blue: influence in Border +1 → 2 (Military aid, B Blue order 1)",
        "B Blue: budget +1 → 7 (income)",
        "R Red: budget +1 → 7 (income)",
        "B Blue scores 7 (+1)",
        "R Red scores 0 (+0)",
    ]


# -- 4.5 blocked categories --------------------------------------------------------------------------


def test_4_5_a_region_block_stops_that_category_there_only():
    """Board: Naval stand-off (blocks exercises, on East) is played. Joint
    exercises in East are refused for both factions; exercises in North and
    other moves in East stay legal.
    """
    game = new_game("board")
    game.inject("blockade")
    assert reason(game, "blue", "exercise", "east") == "blocked by Naval stand-off"
    assert reason(game, "red", "exercise", "east") == "blocked by Naval stand-off"
    assert reason(game, "blue", "exercise", "north") is None
    assert reason(game, "blue", "aid", "east") is None
    assert refusal(game, "blue", Order("exercise", "east")) == "order 1 (Joint exercise → east): blocked by Naval stand-off"


def test_4_5_an_order_judged_before_a_block_is_judged_again_after_it():
    """Board: Blue's Joint exercise → East is legal, and judged so (the game keeps the judgement
    while the position stands); then Naval stand-off is played on East: the same question gets
    the new answer, and a submission of it is refused.
    """
    game = new_game("board")
    assert reason(game, "blue", "exercise", "east") is None
    before = game.judgements("blue")  # the whole order space, as the greedy bot asks
    game.submit("blue", [Order("exercise", "east")])
    game.inject("blockade")
    assert reason(game, "blue", "exercise", "east") == "blocked by Naval stand-off"
    after = game.judgements("blue")
    changed = [move.id for (move, target), old, new in zip(game.order_space("blue"), before, after) if old[0] != new[0]]
    assert "exercise" in changed and set(changed) <= {"exercise"}
    assert refusal(game, "blue", Order("exercise", "east")) == "order 1 (Joint exercise → east): blocked by Naval stand-off"


def test_4_5_a_faction_block_stops_that_factions_category_everywhere():
    """Legality: Arms embargo (blocks exercises, on Blue) is played. Blue may
    not exercise anywhere; Red may.
    """
    game = new_game("legality")
    game.inject("embargo")
    assert reason(game, "blue", "exercise", "capital") == "blocked by Arms embargo"
    assert reason(game, "blue", "exercise", "border") == "blocked by Arms embargo"
    assert reason(game, "red", "exercise", "capital") is None


# -- 4.6 the submission as a whole -------------------------------------------------------------------


def test_4_6_the_total_cost_must_fit_the_budget():
    """Board: Budget cuts on Blue (budget 10 → 8; training and exercises +1).
    Two exercises (4 + 4) fit the budget of 8; adding a training programme (3)
    makes 11 and the submission is refused.
    """
    game = new_game("board")
    game.inject("cuts")
    game.submit("blue", [Order("exercise", "north"), Order("exercise", "east")])
    message = refusal(game, "blue", Order("exercise", "north"), Order("exercise", "east"), Order("training", "north"))
    assert message == "the orders cost 11 in all; the budget is 8"
    assert game.submitted("blue") == (Order("exercise", "north"), Order("exercise", "east"))


def test_4_6_the_first_bad_order_is_named_and_duplicates_are_refused():
    """Board: Blue has no influence in East, so a training programme there is
    illegal (order 2 is named); the same move on the same target twice is
    refused; the same move on two targets is fine.
    """
    game = new_game("board")
    assert (
        refusal(game, "blue", Order("aid", "north"), Order("training", "east")) == "order 2 (Training programme → east): needs influence 1 in East (you have 0)"
    )
    assert refusal(game, "blue", Order("aid", "north"), Order("aid", "north")) == "order 2 (Military aid → north): the same move on the same target twice"
    game.submit("blue", [Order("aid", "north"), Order("aid", "east")])


def test_4_6_options_check_each_order_alone_and_a_submission_as_a_whole():
    """Legality. Turn 1: Blue orders Joint exercise → Capital (3) and Military
    aid → Border (2): budget 6 → 1, then income 1 → 2.

    Turn 2: the options list each move against the whole budget of 2: the
    exercise (3) is out of reach, aid (2) and mentoring (1) are not. Aid and
    mentoring together cost 3 and are refused.
    """
    game = new_game("legality")
    play(game, blue=[Order("exercise", "capital"), Order("aid", "border")])
    assert game.state.factions["blue"].budget == 2
    assert game.option("blue", "exercise", "capital").reason == "costs 3; the budget is 2"
    assert game.option("blue", "aid", "capital").reason is None
    assert game.option("blue", "mentor", "capital").reason is None
    message = refusal(game, "blue", Order("aid", "capital"), Order("mentor", "capital"))
    assert message == "the orders cost 3 in all; the budget is 2"


def test_4_6_a_home_move_cannot_be_ordered_twice():
    """Legality. Blue orders Domestic rally twice: once with no target and once
    naming itself. Both name the same target (Blue at home: rule 4.2), so the
    submission must be refused as the same move on the same target twice.
    """
    game = new_game("legality")
    with pytest.raises(OrderError, match="the same move on the same target twice"):
        game.submit("blue", [Order("rally"), Order("rally", "blue")])
