"""Fog of war in a session (rule 16): no seat reads what its faction cannot see through any desk
call, the seat's command-line view (text and JSON) or the projector; the facilitator reads
everything; the record keeps everything; the fog lifts when the game ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classroom.projector import ProjectorDesk, to_json
from classroom.store import Store
from classroom.values import Settings
from detente.seat_commands import view_json, view_text
from engine import Order, load_scenario_file
from engine.log import Change, Rolled
from engine.observer import visible

FOG = Path(__file__).resolve().parents[1] / "scenarios" / "fog.toml"
CREATED = "2026-03-02T09:15:00Z"


@pytest.fixture
def fog_table(tmp_path, clock):
    """One world of the fog scenario: blue and red are teams, green a random bot."""
    new = Store.create(
        tmp_path / "fog.detente",
        load_scenario_file(FOG),
        clock=clock,
        created=CREATED,
        settings=Settings(resolve_when_all_in=False),
        players={"green": "random"},
    )
    store = Store.open(new.path, clock=clock)
    yield new, store, store.facilitator(new.facilitator_code), store.seat(new.seat_codes[(1, "blue")]), store.seat(new.seat_codes[(1, "red")])
    store.close()


def everything_a_seat_reads(seat) -> str:
    """Every way a seat's process is handed its world, as one text: the view, its game's log, journal and
    what each step made, its view, the command line's view (text and JSON)."""
    view = seat.view()
    return "\n".join(
        [repr(view), repr(view.game.journal), repr(view.game.made), repr(view.game.log), repr(view.game.view()), view_text(view), json.dumps(view_json(view))]
    )


def play_a_turn(fac, blue, red, clock) -> None:
    """Blue's talks reveal East to it; Red drills in West (a roll, a receptivity change there) and sends aid to North."""
    blue.submit((Order("talks", "east"), Order("aid", "south")), turn=1)
    red.submit((Order("drill", "west"), Order("aid", "north")), turn=1)
    clock.advance(61)
    fac.resolve(1)


def test_a_seat_reads_only_its_factions_view(fog_table, clock):
    _new, _store, fac, blue, red = fog_table
    play_a_turn(fac, blue, red, clock)
    whole = fac.game(1)
    assert whole.state.revealed == {"blue": {"east": 1}, "red": {}, "green": {}}
    for seat, others in ((blue, ("red", "green")), (red, ("blue", "green"))):
        view = seat.view()
        game = view.game
        sight = game.view().sight
        assert sight is not None and sight.faction == seat.faction
        for entries in (game.log, game.opening, *(made.entries for made in game.made)):
            assert all(visible(sight, entry) for entry in entries)
        assert not any(isinstance(e, Rolled) and e.faction != seat.faction for e in game.log)
        data = view_json(view)
        for other in others:
            assert data["factions"][other]["budget"] is None and data["factions"][other]["income"] is None
            start = whole.scenario.faction(other)
            assert (game.state.factions[other].budget, game.state.factions[other].income) == (start.budget, start.income)
        assert data["factions"][seat.faction]["budget"] == whole.state.factions[seat.faction].budget
        assert "budget ? (hidden)" in view_text(view)
    blue_reads, red_reads = everything_a_seat_reads(blue), everything_a_seat_reads(red)
    # West's receptivity (aid -1, exercise -2, then -3 after Red's drill) is revealed to no one
    assert "receptivity.exercise" not in blue_reads and "receptivity.exercise" not in red_reads
    assert "'aid': -1" not in red_reads and "exercise -3" not in red_reads
    # East's (aid +2) only to Blue, who talked there
    assert json.loads(json.dumps(view_json(blue.view())))["regions"]["east"]["receptivity"] == {"aid": 2}
    assert view_json(red.view())["regions"]["east"] == view_json(red.view())["regions"]["east"] | {"receptivity": {}, "attitudes": {}, "revealed": False}
    # Red's influence shows to Blue in bands; Blue's to Red too
    assert view_json(blue.view())["regions"]["east"]["influence"]["red"] in ("3-4", "5+")


def test_a_seat_does_not_see_this_turns_other_orders_and_the_facilitator_sees_everything(fog_table):
    _new, _store, fac, blue, red = fog_table
    red.submit((Order("drill", "west"),), turn=1)
    assert blue.view().submitted_by == ("red",)
    assert "red" not in blue.view().game.view().submitted or blue.view().game.view().submitted["red"] == ()
    assert "drill" not in repr(blue.view().game.journal) and "drill" not in repr(blue.view().game.inputs)
    whole = fac.game(1)
    assert whole.view().sight is None and whole.submitted("red") == (Order("drill", "west"),)


def test_the_projector_shows_the_public_view_only(fog_table, clock):
    _new, store, fac, blue, red = fog_table
    play_a_turn(fac, blue, red, clock)
    world = to_json(ProjectorDesk(store).read())["worlds"][0]
    projected = json.dumps(world)
    assert world["recent"] and "budget" not in projected and " rolls " not in projected and "receptivity" not in projected


def test_the_fog_lifts_when_the_game_ends_and_the_record_keeps_everything(fog_table, clock, tmp_path):
    _new, _store, fac, blue, red = fog_table
    play_a_turn(fac, blue, red, clock)
    while not fac.overview().worlds[0].over:
        clock.advance(61)
        fac.resolve(1)
    view = red.view()
    assert view.game.view().sight is None
    assert view_json(view)["factions"]["blue"]["budget"] == fac.game(1).state.factions["blue"].budget
    whole = fac.game(1).view()
    assert any(isinstance(e, Change) and e.faction == "blue" and e.track == "budget" for e in whole.log)


def test_the_seats_command_line_view_shows_only_its_view(fog_table, clock):
    """``detente session view`` run as a team runs it, in its own process: text and JSON."""
    new, store, fac, blue, red = fog_table
    play_a_turn(fac, blue, red, clock)
    store.close()  # the command opens the file itself
    env = {key: value for key, value in os.environ.items() if key != "DETENTE_CODE"} | {"DETENTE_CODE": new.seat_codes[(1, "red")]}
    run = [sys.executable, "-m", "detente", "session", "view", str(new.path)]
    text = subprocess.run(run, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    data = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120).stdout)
    assert text.returncode == 0, text.stderr
    assert "B Blue: budget ? (hidden)" in text.stdout and "Not revealed to you: North, East, South, West" in text.stdout
    assert "B Blue rolls" not in text.stdout and "B Blue: budget -" not in text.stdout and "B Blue: budget +" not in text.stdout
    assert data["factions"]["blue"]["budget"] is None and data["regions"]["east"]["receptivity"] == {}
    assert not any("B Blue rolls" in line["text"] or "B Blue: budget" in line["text"] for line in data["log"])
