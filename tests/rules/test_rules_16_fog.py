"""Rule 16: fog of war — each faction's view of a fogged game, revelation, the believed position.

Fixture: ``tests/scenarios/fog.toml`` (three factions, four regions; influence ``banded`` with
bands 0, 1-2, 3-4, 5+; Strategic talks (dialogue) and Intelligence assessment reveal). Talks and
the assessment never roll; the tests that order them need no dice, and no card is drawn. Start: North blue 2 red 1,
receptivity exercise +1; East red 4, aid +2; South green 5 blue 1; West aid -1, exercise -2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rulekit import new_game, play, scenario

from engine import Game, Order, load_scenario_text
from engine.errors import ScenarioError
from engine.log import Change, Messaged, Rolled
from engine.observer import belief, observe

FOG = Path(__file__).parent.parent / "scenarios" / "fog.toml"


def fogged(source: str = "") -> str:
    """The fixture's text with no events drawn (the tests inject none), or ``source`` so."""
    return (source or FOG.read_text()).replace("events_per_turn = 1", "events_per_turn = 0")


def fog_game(seed: int = 0) -> Game:
    return Game(load_scenario_text(fogged()), seed)


def numbers(view, faction):
    record = view.factions[faction]
    return record.budget, record.income, dict(record.tracks)


def board(view):
    return {r: (region.stability, dict(region.influence), region.controller) for r, region in view.regions.items()}


# -- 16.1 and 16.2: own numbers exact, others' budgets hidden, influence in bands ---------------


def test_16_1_a_faction_sees_its_own_budget_and_tracks_and_not_the_others_budgets():
    game = fog_game()
    blue = game.seen_by("blue")
    assert numbers(blue, "blue") == (8, 4, {"credibility": 5, "domestic_support": 5})
    assert numbers(blue, "red") == (0, 0, {"credibility": 5, "domestic_support": 5})
    assert numbers(blue, "green") == (0, 0, {"credibility": 5, "domestic_support": 5})
    assert blue.sight.sees_budget("blue") and not blue.sight.sees_budget("red")
    red = game.seen_by("red")
    assert numbers(red, "red") == (9, 3, {"credibility": 5, "domestic_support": 5})
    assert numbers(red, "blue")[:2] == (0, 0)


def test_16_2_banded_influence_shows_each_rivals_band_and_the_own_number_exactly():
    view = fog_game().seen_by("blue")
    assert board(view) == {
        "north": (3, {"blue": 2, "red": 1, "green": 0}, ""),
        "east": (4, {"blue": 0, "red": 3, "green": 0}, "red"),
        "south": (2, {"blue": 1, "red": 0, "green": 5}, "green"),
        "west": (3, {"blue": 0, "red": 0, "green": 0}, ""),
    }
    sight = view.sight
    assert [sight.influence_text("red", v) for v in (0, 1, 2, 3, 4, 5, 8)] == ["0", "1-2", "1-2", "3-4", "3-4", "5+", "5+"]
    assert sight.influence_text("blue", 4) == "4"


@pytest.mark.parametrize(("mode", "east_red", "text"), [("exact", 4, "4"), ("unknown", 0, "?")])
def test_16_2_exact_and_unknown_influence(mode, east_red, text):
    source = fogged().replace('influence = "banded"\nbands = [1, 3, 5]', f'influence = "{mode}"')
    view = Game(load_scenario_text(source), 0).seen_by("blue")
    assert view.regions["east"].influence["red"] == east_red
    assert view.sight.influence_text("red", east_red) == text
    assert view.regions["east"].controller == "red"  # control is always public (16.2)


# -- 16.3: receptivity and attitudes only where revealed ---------------------------------------


def test_16_3_unrevealed_regions_show_no_receptivity_or_attitudes():
    view = fog_game().seen_by("blue")
    for region in view.regions.values():
        assert dict(region.receptivity) == {} and dict(region.attitudes) == {}
    assert dict(view.sight.revealed) == {}


def test_16_3_a_successful_dialogue_reveals_its_region_to_the_acting_faction_only():
    game = fog_game()
    play(game, blue=Order("talks", "east"))
    blue, red = game.seen_by("blue"), game.seen_by("red")
    assert dict(blue.regions["east"].receptivity) == {"aid": 2}
    assert {f: dict(a) for f, a in blue.regions["east"].attitudes.items()} == {"blue": {"goodwill": 1}, "red": {"goodwill": 1}, "green": {"goodwill": 1}}
    assert dict(blue.regions["north"].receptivity) == {}
    assert dict(red.regions["east"].receptivity) == {} and dict(red.regions["east"].attitudes) == {}
    assert game.state.revealed == {"blue": {"east": 1}, "red": {}, "green": {}}


def test_16_3_an_intelligence_move_reveals_and_later_changes_stay_visible():
    """Intel on West on turn 1; on turn 2 Red's drill there wears out its receptivity (a reaction on
    any result): Blue, to whom West is revealed, sees the new value; Red does not."""
    game = fog_game()
    play(game, blue=Order("intel", "west"))
    assert dict(game.seen_by("blue").regions["west"].receptivity) == {"aid": -1, "exercise": -2}
    play(game, red=Order("drill", "west"))
    assert dict(game.seen_by("blue").regions["west"].receptivity) == {"aid": -1, "exercise": -3}
    assert dict(game.seen_by("red").regions["west"].receptivity) == {}


def test_16_3_a_move_that_does_not_reveal_reveals_nothing():
    game = fog_game()
    play(game, blue=Order("drill", "north"))
    assert game.state.revealed["blue"] == {}


def test_16_3_a_failed_revealing_move_reveals_nothing():
    source = fogged().replace('category = "dialogue"\ncost = 1\n', 'category = "dialogue"\ncost = 1\ndifficulty = 9\n')
    game = Game(load_scenario_text(source), 0)
    play(game, blue=Order("talks", "east"))
    assert game.state.revealed["blue"] == {}


# -- 16.4: the log, the history and the submissions as a faction sees them -----------------------


def test_16_4_the_log_hides_others_budgets_rolls_influence_changes_and_messages():
    game = fog_game(seed=3)
    game.message("red", "green", "East is ours")
    game.message("red", "blue", "Talk?")
    play(game, blue=Order("aid", "east"), red=[Order("aid", "north"), Order("intel", "south")])
    log = game.seen_by("blue").log
    for entry in log:
        if isinstance(entry, Change) and entry.track in ("budget", "income"):
            assert entry.faction == "blue"
        if isinstance(entry, Change) and entry.track == "influence":
            assert entry.faction == "blue"
        if isinstance(entry, Change) and entry.region and entry.track not in ("influence", "stability"):
            assert entry.region in game.state.revealed["blue"]
        if isinstance(entry, Rolled):
            assert entry.faction == "blue"
    assert [e.text for e in log if isinstance(e, Messaged)] == ["Talk?"]
    full = game.view().log
    assert any(isinstance(e, Change) and e.faction == "red" and e.track == "budget" for e in full)
    assert any(isinstance(e, Rolled) and e.faction == "red" for e in full)


def test_16_4_a_region_revealed_later_shows_its_value_now_but_not_its_earlier_changes():
    """Red's drill wears West's receptivity down on turn 1; Blue's assessment reveals West on turn 2.
    Blue sees exercise -3 now, and the changes from turn 2 on, but none of turn 1 enters its log: its log
    only ever grows (rule 16.4)."""
    game = fog_game()
    play(game, red=Order("drill", "west"))
    before = game.seen_by("blue").log
    play(game, blue=Order("intel", "west"), red=Order("drill", "west"))
    after = game.seen_by("blue")
    assert after.regions["west"].receptivity["exercise"] == -3
    assert after.log[: len(before)] == before
    shown = [(e.turn, e.track, e.value) for e in after.log if isinstance(e, Change) and e.region == "west" and e.track.startswith("receptivity")]
    assert shown == [(2, "receptivity.exercise", -3)]  # turn 2's only (the assessment resolved first, rule 5.2)
    assert dict(after.sight.revealed) == {"west": 2}


def test_16_4_the_history_hides_others_budgets_and_bands_their_influence():
    game = fog_game()
    play(game)
    history = game.seen_by("blue").history
    assert history[0].budgets == (("blue", 8), ("red", 0), ("green", 0))
    assert dict(history[0].influence)["east"] == (("blue", 0), ("red", 3), ("green", 0))


def test_16_4_others_submissions_this_turn_are_hidden_but_who_submitted_is_not():
    game = fog_game()
    game.submit("red", [Order("talks", "north")])
    view = game.seen_by("blue")
    assert dict(view.submitted) == {"red": ()}
    assert view.waiting_for == ("blue", "green")


# -- 16.5: the record keeps everything; fog lifts when the game ends ------------------------------


def test_16_5_fog_lifts_when_the_game_is_over():
    game = fog_game()
    while not game.is_over:
        play(game)
    assert game.seen_by("blue") == game.view()
    assert observe(game.view(), "blue").factions["red"].budget == 0  # the observer itself still hides


def test_16_5_revelation_is_in_the_digest_of_a_fogged_game_only():
    game = fog_game()
    play(game, blue=Order("talks", "east"))
    assert game.state.canonical()["revealed"] == [["blue", [["east", 1]]], ["red", []], ["green", []]]
    other = fog_game()
    play(other, blue=Order("talks", "east"))
    other.state.revealed["blue"] = {}
    assert other.digest() != game.digest()
    plain = new_game("partners")
    assert "revealed" not in plain.state.canonical()


def test_16_5_a_game_without_fog_shows_every_faction_everything():
    game = new_game("partners")
    assert observe(game.view(), "blue") is game.view() or observe(game.view(), "blue") == game.view()
    assert game.seen_by("blue").sight is None


# -- 16.6: the believed position -----------------------------------------------------------------


def test_16_6_the_believed_position_holds_the_view_and_guesses_the_hidden_numbers():
    game = fog_game()
    play(game, blue=Order("talks", "east"))
    state = belief(game.state, observe(game.view(), "blue"))
    assert (state.factions["blue"].budget, state.factions["red"].budget, state.factions["red"].income) == (11, 9, 3)
    assert state.factions["green"].budget == 7  # the scenario's start, not the real number
    assert state.regions["east"].influence == {"blue": 1, "red": 3, "green": 0}
    assert state.regions["east"].receptivity == {"aid": 2}
    assert state.regions["west"].receptivity == {}
    assert state.regions["west"].attitudes == {f: {"goodwill": 1} for f in ("blue", "red", "green")}
    assert state.draw_pile == sorted(game.state.draw_pile)


def test_16_6_the_believed_position_does_not_move_with_hidden_numbers():
    game = fog_game()
    before = belief(game.state, observe(game.view(), "blue")).canonical()
    game.state.factions["red"].budget = 1
    game.state.regions["east"].influence["red"] = 3  # same band
    game.state.regions["west"].receptivity["aid"] = 3
    game.state.draw_pile.reverse()
    after = belief(game.state, observe(game.view(), "blue")).canonical()
    assert after == before


# -- the [fog] table -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[fog]\ninfluence = "misty"', "$.fog.influence: 'misty' is not allowed; expected one of: exact, banded, unknown"),
        ('[fog]\ninfluence = "banded"\nbands = [3, 2]', "$.fog.bands: [3, 2] does not rise"),
        ("[fog]\nbands = [1, 2]", '$.fog.bands: bands are for influence = "banded"'),
        ('[fog]\nreveals = ["spying"]', "$.fog.reveals[0]: 'spying' is not a move, category or group"),
        ('[fog]\nreveals = ["outreach"]', "$.fog.reveals[0]: move 'outreach' is not aimed at a region"),
        ('[fog]\nsee = "all"', "$.fog.see: unknown key 'see'"),
    ],
)
def test_bad_fog_tables_are_refused_with_their_place(table, message):
    source = re.sub(r"\[fog\]\n(.+\n)+", table + "\n", FOG.read_text(), count=1)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(source)
    assert message in str(caught.value)


def test_a_format_1_file_may_not_have_fog():
    source = (Path(__file__).parent.parent / "scenarios" / "mini.toml").read_text() + '\n[fog]\ninfluence = "banded"\n'
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(source)
    assert "$.fog: 'fog' needs format = 2 (this file says format 1)" in str(caught.value)
    assert scenario("partners").fog is None


# -- 16.6 with rules 14 and 15: agreements are public, a rival's argued action only once adjudicated -------

PACTS_AND_ARGUED = """
[[agreements]]
id = "standing_talks"
name = "Standing talks"
turns = 2
proposer = { credibility = 1 }
partner = { credibility = 1 }

[argued]
per_turn = 1
cost = 0
max_effect = 2
"""


def test_16_6_the_believed_position_keeps_agreements_and_shows_a_rivals_argued_action_only_once_adjudicated():
    game = Game(load_scenario_text(fogged() + PACTS_AND_ARGUED), 0)
    game.agree("blue", "propose", "standing_talks", "red")
    game.agree("red", "accept", "standing_talks", "blue")
    game.argue("red", 1, "Red quietly funds a North newspaper.", "north")
    game.argue("blue", 1, "Blue opens a cultural centre in North.", "north")
    blue = game.believed("blue")
    assert [a.row() for a in blue.state.agreements] == [a.row() for a in game.state.agreements]
    assert [(a.faction, a.number) for a in blue.state.argued] == [("blue", 1)]
    assert "quietly funds" not in repr(blue.journal) and "quietly funds" not in repr(blue.state)
    game.adjudicate("red", 1, 3, {"influence": 1})
    blue = game.believed("blue")
    assert [(a.faction, a.number, a.adjudicated) for a in blue.state.argued] == [("red", 1, True), ("blue", 1, False)]
