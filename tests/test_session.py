"""Sessions (seats, bots, autosave, resume) and the advice shown before submitting."""

from __future__ import annotations

import json

import pytest

from engine import Game, Order, RecordError
from players.advice import certain_track_changes, warnings
from players.table import Session

CREATED = "2026-03-04T05:06:07Z"


def test_a_session_autosaves_after_every_input_and_resumes_exactly(mini, tmp_path):
    path = tmp_path / "game.jsonl"
    session = Session.start(mini, 8, {"blue": "human", "red": "random", "green": "random"}, path, CREATED)
    assert path.exists() and session.humans == ("blue",)
    session.submit("blue", [Order("aid", "north", why="Stabilise the North.")])
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert {"t": "orders", "turn": 1, "faction": "blue", "orders": [{"move": "aid", "target": "north", "why": "Stabilise the North."}]} in lines
    session.resolve()
    assert session.game.turn == 2
    resumed = Session.resume(path)
    assert resumed.game.digest() == session.game.digest()
    assert resumed.seats == {"blue": "human", "red": "random", "green": "random"}
    assert resumed.humans_to_order() == ("blue",)


def test_resume_keeps_orders_already_submitted_this_turn(mini, tmp_path):
    path = tmp_path / "game.jsonl"
    session = Session.start(mini, 8, {"blue": "human", "red": "human", "green": "random"}, path, CREATED)
    session.submit("blue", [Order("comms", "west")])
    resumed = Session.resume(path)
    assert resumed.game.submitted("blue") == (Order("comms", "west"),)
    assert resumed.humans_to_order() == ("red",)


def test_resolve_lets_every_bot_order_first(mini):
    session = Session.start(mini, 3, {"blue": "random", "red": "random", "green": "random"}, None, CREATED)
    session.resolve()
    assert {session.game.inputs[1][i].faction for i in range(3)} == {"blue", "red", "green"}


def test_resume_refuses_a_record_that_does_not_verify(mini, tmp_path):
    path = tmp_path / "game.jsonl"
    session = Session.start(mini, 8, {"blue": "random", "red": "random", "green": "random"}, path, CREATED)
    session.resolve()
    lines = path.read_text().splitlines()
    with pytest.raises(RecordError, match=r"cut short|checksum"):
        path.write_text("\n".join(lines[:-1]) + "\n")
        Session.resume(path)


def test_unspent_budget_is_pointed_out(mini):
    game = Game(mini, 1)
    advice = warnings(game, "green", [Order("comms", "west")])
    assert len(advice) == 1
    assert advice[0].startswith("7 of the budget is unspent and 1 more order(s) are allowed: for example ")
    assert warnings(game, "green", [Order("comms", "west"), Order("aid", "west")]) == []


def test_orders_that_would_collapse_the_faction_are_pointed_out(mini):
    game = Game(mini, 1)
    game.inject("protests", "green")  # exercises and arms sales cost 1 domestic support
    game.state.factions["green"].tracks["domestic_support"] = 2
    orders = [Order("arms", "west"), Order("exercise", "south")]
    assert certain_track_changes(game, "green", orders) == {"credibility": -1, "domestic_support": -2}
    assert warnings(game, "green", orders) == [
        "These orders cost 2 domestic support whatever happens; at 2 that brings it to 0, and a faction at 0 collapses and loses the game."
    ]
