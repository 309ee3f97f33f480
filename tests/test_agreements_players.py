"""Agreements (rule 14) at the table and with bots: the greedy bot answers by valuation, other bots decline,
bots never propose; a hot-seat session's proposal to a bot is answered at once, recorded and resumed."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Game, load_scenario_file
from engine.errors import OrderError
from engine.inputs import Pact
from engine.log import Agreed
from players.autoplay import autoplay
from players.bots import GreedyBot, LookaheadBot, RandomBot, agreement_value, answers, make_strategy
from players.table import Session

PACTS = Path(__file__).parent / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario_file(PACTS)


def test_greedy_accepts_what_pays_it_and_declines_what_costs_it_or_binds_its_orders(scenario):
    game = Game(scenario, 3)
    greedy = GreedyBot()
    evaluator = greedy.evaluator(scenario)
    assert agreement_value(game, "south", "aid_for_access", evaluator) > 0  # the partner is paid 2 a turn
    for kind in ("aid_for_access", "joint_exercise", "non_interference"):
        game.agree("north", "propose", kind, "south")
    steps = answers(greedy, game, "south")
    assert steps[0] == Pact("south", "accept", "aid_for_access", "north")
    assert steps[2] == Pact("south", "decline", "non_interference", "north")  # it forbids exercises and arms sales
    joint = agreement_value(game, "south", "joint_exercise", evaluator)
    assert steps[1].act == ("accept" if joint > 0 else "decline")
    assert answers(LookaheadBot(), game, "south") == steps
    assert {step.act for step in answers(RandomBot(), game, "south")} == {"decline"}
    assert answers(greedy, game, "east") == []  # nothing was proposed to East


def test_bots_never_propose_so_a_bots_game_has_no_agreement(scenario):
    game = Game(scenario, 5)
    autoplay(game, {faction: make_strategy("greedy") for faction in game.factions})
    assert game.is_over and not any(isinstance(entry, Agreed) for entry in game.log)


def test_a_hot_seat_proposal_to_a_bot_is_answered_at_once_and_the_record_resumes(scenario, tmp_path):
    record = tmp_path / "game.jsonl"
    session = Session.start(scenario, 3, {"north": "human", "south": "greedy", "east": "random", "west": "greedy"}, record, CREATED)
    session.agree("north", "propose", "aid_for_access", "south")
    session.agree("north", "propose", "joint_exercise", "east")
    assert [(a.agreement, a.status) for a in session.game.view().agreements] == [("aid_for_access", "accepted"), ("joint_exercise", "declined")]
    with pytest.raises(OrderError, match="'nobody' is not one"):
        session.agree("north", "propose", "aid_for_access", "nobody")
    session.resolve()
    assert [(a.agreement, a.status) for a in session.game.view().agreements] == [("aid_for_access", "in_force")]
    resumed = Session.resume(record)
    assert resumed.game.digest() == session.game.digest() and resumed.game.view().agreements == session.game.view().agreements


def test_a_seat_takes_agreement_steps_from_the_command_line(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from classroom.store import Store

    new = Store.create(tmp_path / "pacts.detente", load_scenario_file(PACTS), created=CREATED, players={"east": "greedy", "west": "random"})

    def detente(*args, code):
        env = {**os.environ, "DETENTE_CODE": code}
        return subprocess.run(
            [sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120
        )

    north, south = new.seat_codes[(1, "north")], new.seat_codes[(1, "south")]
    done = detente("session", "submit", new.path, "--agreement", "propose:joint_exercise:south", code=north)
    assert done.returncode == 0 and done.stdout == "north: propose joint_exercise with south: done.\n", done.stderr
    for spelt, refusal in (
        ("propose:joint_exercise:south", "Joint exercise between north and south is proposed this turn already"),
        ("propose:joint_exercise:atlantis", "'atlantis' is not one"),
        ("sign:joint_exercise:south", "write ACT:KIND:FACTION, ACT one of propose, accept, decline, renounce"),
        ("propose:joint_exercise", "write ACT:KIND:FACTION"),
    ):
        refused = detente("session", "submit", new.path, "--agreement", spelt, code=north)
        lines = refused.stderr.strip().splitlines()
        assert refused.returncode == 1 and len(lines) == 1 and refusal in lines[0] and "Traceback" not in refused.stderr, refused.stderr
    assert detente("session", "submit", new.path, "--agreement", "accept:joint_exercise:north", code=south).returncode == 0
    text = detente("session", "view", new.path, code=south).stdout
    assert "Agreements (proposed this turn or in force):\n  Joint exercise: N Northern League → you, accepted" in text
    shown = json.loads(detente("session", "view", new.path, "--format", "json", code=south).stdout)["agreements"]
    assert shown == [{"agreement": "joint_exercise", "proposer": "north", "partner": "south", "status": "accepted", "remaining": 0, "renounced": ""}]
