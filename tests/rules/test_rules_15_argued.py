"""Rule 15: argued actions — proposing, adjudicating within the scenario's limits, counter-arguments, resolving
after every order with a roll, and their records.

Fixture ``pacts`` (``[argued]``: one a faction a turn, cost 1, largest effect 2, effects influence,
rival_influence, stability, budget and credibility). Keyed dice of seed 0 on turn 1 for argued action 1
(key 101): blue 4, red 5, green 2; every faction has credibility 5 (no roll modifier)."""

from __future__ import annotations

import hashlib
import json

import pytest
from rulekit import dice, lines, new_game, play, position

from engine.errors import OrderError
from engine.inputs import Adjudication, Argue, Counter, Order
from engine.log import Argued, ArguedRolled, Cause, Change, OrderResolved
from engine.record import parse_record, record_lines, replay


def record_of(game) -> str:
    return "\n".join(record_lines(game, {}, "2026-12-07T09:00:00Z")) + "\n"


def test_15_the_dice_of_the_fixture():
    assert dice(0, 1, ("blue", 101), ("red", 101), ("green", 101)) == [4, 5, 2]


# -- 15.2 proposing ---------------------------------------------------------------------------------


def test_15_2_a_proposal_is_logged_and_moves_no_number():
    game = new_game("pacts")
    before = position(game)
    game.argue("blue", 1, "A port visit to North: our sailors are popular there.\nThe harbour master owes us.", "north")
    assert position(game) == before
    assert game.log[-1] == Argued(1, "blue", 1, "proposed", "A port visit to North: our sailors are popular there.\nThe harbour master owes us.", "north")
    assert lines(game, game.log[-1:]) == ["B Blue argued action 1 → North: A port visit to North: our sailors are popular there.\nThe harbour master owes us."]
    assert game.journal == [Argue("blue", 1, "A port visit to North: our sailors are popular there.\nThe harbour master owes us.", "north")]


@pytest.mark.parametrize(
    ("faction", "text", "target", "refusal"),
    [
        ("martians", "Land.", "", "no faction 'martians'"),
        ("blue", "Land.", "atlantis", "'atlantis' is not a region"),
        ("blue", "   ", "", "an argued action is 1 to 1000 characters, not 0"),
        ("blue", "x" * 1001, "", "1 to 1000 characters, not 1001"),
        ("blue", "bell \x07", "", "holds"),
    ],
)
def test_15_2_a_bad_proposal_is_refused_and_changes_nothing(faction, text, target, refusal):
    game = new_game("pacts")
    with pytest.raises(OrderError, match=refusal):
        game.argue(faction, 1, text, target)
    assert game.journal == [] and game.state.argued == []


def test_15_2_a_faction_proposes_at_most_per_turn_and_a_scenario_without_argued_allows_none():
    game = new_game("pacts")
    game.argue("blue", 1, "One.")
    with pytest.raises(OrderError, match="blue has proposed 1 argued action this turn, the most this scenario allows"):
        game.argue("blue", 2, "Two.")
    game.argue("red", 1, "Red's one.")
    game.resolve()
    with pytest.raises(OrderError, match="blue's next argued action this turn is number 1, not 2"):
        game.argue("blue", 2, "Next turn.")
    game.argue("blue", 1, "Next turn.")
    with pytest.raises(OrderError, match="allows no argued actions"):
        new_game("trio").argue("blue", 1, "Anything.")


# -- 15.3 adjudicating ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "difficulty", "effects", "refusal"),
    [
        (2, 4, {"influence": 1}, "blue has no argued action 2 this turn"),
        (1, 9, {"influence": 1}, "a difficulty is a whole number from 0 \\(no roll\\) to 8, not 9"),
        (1, -1, {"influence": 1}, "not -1"),
        (1, 4, {}, "at least one effect"),
        (1, 4, {"domestic_support": 1}, "effects.domestic_support: not an effect an argued action may have here"),
        (1, 4, {"influence": 3}, "effects.influence: an amount from -2 to 2, not 0, not 3"),
        (1, 4, {"stability": 0}, "not 0"),
    ],
)
def test_15_3_an_adjudication_beyond_the_scenarios_limits_is_refused_and_changes_nothing(number, difficulty, effects, refusal):
    game = new_game("pacts")
    game.argue("blue", 1, "A port visit.", "north")
    with pytest.raises(OrderError, match=refusal):
        game.adjudicate("blue", number, difficulty, effects)
    assert len(game.journal) == 1 and not game.state.argued[0].adjudicated


def test_15_3_a_region_effect_needs_an_action_aimed_at_a_region():
    game = new_game("pacts")
    game.argue("blue", 1, "A speech at home.")
    with pytest.raises(OrderError, match="the action is at home; this effect needs a region"):
        game.adjudicate("blue", 1, 3, {"influence": 1})
    game.adjudicate("blue", 1, 3, {"credibility": 1, "budget": -1})
    assert game.log[-1] == Argued(1, "blue", 1, "adjudicated", "A speech at home.", "", 3, (("budget", -1), ("credibility", 1)))


# -- 15.4 counter-arguments -------------------------------------------------------------------------


def test_15_4_other_factions_counter_an_adjudicated_action_once_each():
    game = new_game("pacts")
    game.argue("blue", 1, "A port visit.", "north")
    with pytest.raises(OrderError, match="not adjudicated yet"):
        game.counter("red", "blue", 1, "The harbour is ours.")
    game.adjudicate("blue", 1, 4, {"influence": 2})
    game.counter("red", "blue", 1, "The harbour is ours.")
    with pytest.raises(OrderError, match="red has countered blue's argued action 1 already"):
        game.counter("red", "blue", 1, "Again.")
    with pytest.raises(OrderError, match="does not counter its own"):
        game.counter("blue", "blue", 1, "Hm.")
    assert game.log[-1] == Argued(1, "blue", 1, "countered", "The harbour is ours.", by="red")
    assert lines(game, game.log[-1:]) == ["R Red counters B Blue argued action 1: The harbour is ours."]
    game.adjudicate("blue", 1, 5, {"influence": 2})  # the facilitator weighs the counter: harder now
    assert game.state.argued[0].difficulty == 5


# -- 15.5 resolution ----------------------------------------------------------------------------------


def test_15_5_argued_actions_resolve_after_every_order_by_initiative_with_a_roll():
    """Blue (die 4 vs 4) succeeds: cost 1, influence in North +2, stability -1. Red (die 5 vs 6) fails and still
    pays. Green's was never adjudicated: it lapses."""
    game = new_game("pacts")
    game.submit("blue", [Order("aid", "north")])
    game.argue("green", 1, "Nobody will judge this.")
    game.argue("red", 1, "A fundraiser at home.")
    game.adjudicate("red", 1, 6, {"budget": 2})
    game.argue("blue", 1, "A port visit.", "north")
    game.adjudicate("blue", 1, 4, {"influence": 2, "stability": -1})
    entries = game.resolve()
    order = entries.index(next(e for e in entries if isinstance(e, OrderResolved)))
    first = entries.index(ArguedRolled(1, "blue", 1, 4, (), 4, 4, True))
    assert order < first
    assert entries[first - 1] == Change(1, "blue", "", "budget", -1, 4, Cause.ARGUED, "argued", "blue", 101, -1)
    assert entries[first + 1 : first + 3] == [
        Change(1, "blue", "north", "influence", 2, 5, Cause.ARGUED, "argued", "blue", 101, 2),
        Change(1, "", "north", "stability", -1, 2, Cause.ARGUED, "argued", "blue", 101, -1),
    ]
    assert ArguedRolled(1, "red", 1, 5, (), 5, 6, False) in entries
    assert Argued(1, "green", 1, "lapsed") in entries
    assert "B Blue: influence in North +2 → 5 (B Blue argued action 1)" in lines(game, entries)
    assert "R Red argued action 1 rolls 5 = 5 vs 6: failure" in lines(game, entries)
    state = game.state
    assert (state.factions["blue"].budget, state.factions["red"].budget, state.factions["green"].budget) == (5, 6, 7)
    assert state.regions["north"].influence["blue"] == 5 and state.regions["north"].stability == 2
    assert state.argued == []


def test_15_5_difficulty_0_needs_no_roll_and_an_action_its_faction_cannot_pay_fizzles():
    game = new_game("pacts")
    game.argue("blue", 1, "A certain thing.")
    game.adjudicate("blue", 1, 0, {"credibility": 1})
    game.argue("red", 1, "A thing red cannot pay for.")
    game.adjudicate("red", 1, 2, {"credibility": 2})
    game.state.factions["red"].budget = 0  # the position of the test: red has spent everything
    entries = game.resolve()
    assert ArguedRolled(1, "blue", 1, 0, (), 0, 0, True) in entries
    assert Argued(1, "red", 1, "fizzled") in entries
    assert game.state.factions["blue"].tracks["credibility"] == 6 and game.state.factions["red"].tracks["credibility"] == 5


# -- the record ---------------------------------------------------------------------------------


def test_15_a_record_holds_every_step_and_replays_to_the_same_game():
    game = new_game("pacts")
    game.argue("blue", 1, "A port visit.", "north")
    game.adjudicate("blue", 1, 4, {"influence": 2, "stability": -1})
    game.counter("red", "blue", 1, "The harbour is ours.")
    game.argue("green", 1, "Unjudged.")
    play(game)
    game.argue("red", 1, "A fundraiser.")
    game.adjudicate("red", 1, 3, {"budget": 2})
    play(game)
    text = record_of(game)
    assert json.loads(text.splitlines()[0])["detente_record"] == 2
    assert '{"t":"adjudicate","turn":1,"faction":"blue","number":1,"difficulty":4,"effects":{"influence":2,"stability":-1}}' in text
    assert '{"t":"counter","turn":1,"faction":"red","actor":"blue","number":1,"text":"The harbour is ours."}' in text
    replayed = replay(parse_record(text))
    assert replayed.verified and replayed.game.digest() == game.digest()
    assert [s for s in replayed.game.journal if isinstance(s, Argue | Adjudication | Counter)] == [
        s for s in game.journal if isinstance(s, Argue | Adjudication | Counter)
    ]


def test_15_an_adjudication_edited_in_a_record_fails_its_replay():
    game = new_game("pacts")
    game.argue("blue", 1, "A port visit.", "north")
    game.adjudicate("blue", 1, 4, {"influence": 2})
    play(game)
    text = record_of(game).replace('"effects":{"influence":2}', '"effects":{"influence":1}', 1)
    body = text.splitlines()[:-1]
    body.append(json.dumps({"t": "end", "lines": len(body), "sha256": hashlib.sha256("\n".join(body).encode()).hexdigest()}, separators=(",", ":")))
    mismatch = replay(parse_record("\n".join(body) + "\n")).mismatch
    assert mismatch is not None and "turn 1: the position differs" in mismatch


def test_15_2_another_factions_view_shows_a_proposal_only_once_it_is_adjudicated():
    game = new_game("pacts")
    game.argue("blue", 1, "A port visit to North.", "north")
    proposal = game.log[-1]
    assert proposal in game.seen_by("blue").log
    assert proposal not in game.seen_by("red").log and proposal not in game.seen_by("").log
    game.adjudicate("blue", 1, 4, {"influence": 2})
    assert proposal in game.seen_by("red").log and proposal in game.seen_by("").log
