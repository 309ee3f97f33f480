"""Rule 9: the end of the game — collapse, score victory, the turn limit, ties."""

from __future__ import annotations

import pytest
from rulekit import new_game, play

from engine import OrderError
from engine.inputs import Order
from engine.log import GameEnded, Scored
from engine.outcome import Outcome, Termination


def test_9_1_collapse_ends_the_game_and_a_collapsed_faction_cannot_win():
    """Endgame (a score of 9 wins; domestic support 0 collapses).

    Blue orders an Unpopular purge at home (domestic support 1 → 0) and an
    Aid surge → Centre (2 → 7, reaching a score of 9). Blue has collapsed, so
    the game ends by collapse, not by score, and Red (2) wins.
    """
    game = new_game("endgame")
    entries = play(game, blue=[Order("purge"), Order("surge", "centre")])
    assert entries[-3:] == [
        Scored(1, "blue", 9, 7, ()),
        Scored(1, "red", 2, 0, ()),
        GameEnded(1, "collapse", ("red",), ("blue",)),
    ]
    assert game.outcome == Outcome(Termination.COLLAPSE, ("red",), ("blue",), (("blue", 9), ("red", 2)), 1)
    assert game.turn_log(2) == []
    with pytest.raises(OrderError, match="the game is over"):
        game.submit("red", [Order("aid", "centre")])


def test_9_1_collapse_is_judged_after_upkeep_only():
    """Endgame. Blue: 1 Unpopular purge (domestic support 1 → 0), 2 Patriotic
    rally (0 → 1); both are dialogue moves and resolve in order. Blue touched
    its minimum during resolution but not at the end-of-turn check: the game
    goes on.
    """
    game = new_game("endgame")
    play(game, blue=[Order("purge"), Order("rally")])
    assert not game.is_over
    assert game.turn == 2


def test_9_1_when_everyone_collapses_nobody_wins():
    """Endgame: both factions purge; both collapse; the game ends with no winner."""
    game = new_game("endgame")
    entries = play(game, blue=Order("purge"), red=Order("purge"))
    assert entries[-1] == GameEnded(1, "collapse", (), ("blue", "red"))


def test_9_2_a_score_victory_ends_the_game_at_once():
    """Endgame: Blue orders Aid surge → Centre (2 → 7): influence 7 + control
    2 = 9, the victory score. The game ends after turn 1.
    """
    game = new_game("endgame")
    entries = play(game, blue=Order("surge", "centre"))
    assert entries[-1] == GameEnded(1, "score", ("blue",), ())
    assert game.is_over and game.turn == 1


def test_9_2_factions_level_on_the_top_score_share_a_score_victory():
    """Endgame: Blue surges into the Centre (7, controls it: 9); Red surges
    into the Fringe (5, controls it) and keeps 2 in the Centre: 9. Both reach
    the victory score together and both win.
    """
    game = new_game("endgame")
    entries = play(game, blue=Order("surge", "centre"), red=Order("surge", "fringe"))
    assert entries[-1] == GameEnded(1, "score", ("blue", "red"), ())


def test_9_2_a_score_victory_on_the_last_turn_is_still_a_score_victory():
    """Endgame (2 turns). Turn 1 passes; on turn 2 Blue surges into the
    Centre and reaches 9. The game ends on the last turn, but by score: a
    score victory comes before the turn limit.
    """
    game = new_game("endgame")
    play(game)
    entries = play(game, blue=Order("surge", "centre"))
    assert entries[-1] == GameEnded(2, "score", ("blue",), ())


def test_9_3_the_game_ends_after_the_last_turn():
    """Endgame (2 turns). Turn 1 passes. Turn 2: Red orders Military aid →
    Centre (2 → 3; now controls it): Red 5, Blue 2. The game ends on the turn
    limit and Red wins.
    """
    game = new_game("endgame")
    play(game)
    assert not game.is_over
    entries = play(game, red=Order("aid", "centre"))
    assert entries[-1] == GameEnded(2, "turn_limit", ("red",), ())


def test_9_4_a_tie_at_the_turn_limit_shares_the_win():
    """Endgame: both factions pass both turns and end level on 2: both win."""
    game = new_game("endgame")
    play(game)
    entries = play(game)
    assert entries[-1] == GameEnded(2, "turn_limit", ("blue", "red"), ())
    assert game.outcome.scores == (("blue", 2), ("red", 2))
