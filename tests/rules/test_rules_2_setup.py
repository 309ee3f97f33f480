"""Rule 2: set-up."""

from __future__ import annotations

from rulekit import new_game, position

from engine.log import CardPlayed


def test_2_1_starting_position_comes_from_the_scenario():
    """Board, seed 0, before any order.

    Budgets, incomes and tracks are the factions' start values; influence
    not listed for a region starts at 0 (Blue and Red in East); it is turn 1,
    no card has been played (the board draws no cards) and no event is active.
    """
    game = new_game("board")
    assert game.turn == 1
    assert position(game) == {
        "factions": {
            "blue": (10, 2, {"credibility": 5, "domestic_support": 5}, 3),
            "red": (10, 2, {"credibility": 5, "domestic_support": 5}, 2),
        },
        "regions": {
            "north": (3, {"blue": 2, "red": 1}),
            "east": (3, {"blue": 0, "red": 0}),
            "south": (2, {"blue": 1, "red": 1}),
        },
    }
    assert game.state.events == [] and game.state.pending == []
    assert game.log == []


def test_2_1_unlisted_stability_defaults_to_3():
    """Deck: neither region lists a stability, so both start at 3."""
    game = new_game("deck")
    assert [r.stability for r in game.state.regions.values()] == [3, 3]


def test_2_2_starting_scores_are_computed_before_turn_1_without_a_log_entry():
    """Trio, seed 0: starting scores are Blue 7 (influence 3 + 2, controls
    Alpha), Red 3, Green 6 (controls Gamma); no ``Scored`` entry is logged, and
    these scores already decide who is the leader for a turn-1 card.
    """
    game = new_game("trio")
    assert {f: s.score for f, s in game.state.factions.items()} == {"blue": 7, "red": 3, "green": 6}
    assert game.log == []
    game.inject("spotlight")
    assert game.log[0] == CardPlayed(1, "spotlight", ("blue",), "inject")


def test_2_3_turn_1_events_are_played_when_the_game_is_created():
    """Deck, seed 2: creating the game shuffles the deck and plays turn 1's
    events phase at once: the top card, Leak, lands on a random faction (Red).
    """
    game = new_game("deck", seed=2)
    assert game.log == [CardPlayed(1, "leak", ("red",), "deck")]
    assert game.state.draw_pile == ["drill", "drill"]
    assert game.state.discard == ["leak"]
