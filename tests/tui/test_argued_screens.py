"""Argued actions on screen (rule 15), with keys through Pilot at 80x24: at one keyboard with an umpire a team
proposes one with x and the umpire adjudicates it before the turn resolves; in a classroom a seat proposes, the
facilitator adjudicates, and another seat counters it; a refusal is shown and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Select
from waiting import until

from engine import load_scenario_file
from engine.log import Argued, ArguedRolled
from engine.record import read_record, replay
from players.table import Session
from tui.classroom.app import ClassroomApp
from tui.classroom.seat import SeatScreen
from tui.screens.argued import AdjudicateScreen, ArguedScreen, parse_effects
from tui.screens.confirm import ConfirmScreen
from tui.screens.game import GameScreen

PACTS = Path(__file__).resolve().parents[1] / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"
SIZE = (80, 24)


def game_app(session: Session) -> App[None]:
    class Table(App[None]):
        def on_mount(self) -> None:
            self.push_screen(GameScreen(session, reveal_delay=0, review=False, writing=False))

    return Table()


def typed(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


def test_effects_are_written_key_equals_amount():
    assert parse_effects("influence=2 stability=-1") == {"influence": 2, "stability": -1}
    assert parse_effects("budget=1, credibility=-2") == {"budget": 1, "credibility": -2}
    for bad in ("influence", "influence=two", "influence=2 stability"):
        with pytest.raises(ValueError, match="write each effect as key=amount"):
            parse_effects(bad)


async def test_at_one_keyboard_a_team_argues_and_the_umpire_adjudicates_before_the_turn_resolves(tmp_path):
    record = tmp_path / "game.jsonl"
    seats = {"north": "human", "south": "greedy", "east": "greedy", "west": "greedy"}
    session = Session.start(load_scenario_file(PACTS), 3, seats, record, CREATED)
    session.umpire = True
    app = game_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.current == "north", what="the table")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ArguedScreen), what="the argued actions")
        await pilot.press(*typed("A rally at home"), "enter")
        await pilot.pause()
        assert "argued action 1: A rally at home" in str(app.screen.query_one("#entries").render())
        await pilot.press(*typed("A second one"), "enter")
        await pilot.pause()
        assert "the most this scenario allows" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table again")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen | AdjudicateScreen), what="the confirmation or the umpire")
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, AdjudicateScreen), what="the umpire's dialog")
        screen = app.screen
        screen.query_one("#difficulty", Input).value = "0"
        screen.query_one("#effects", Input).value = "credibility=3"
        screen.query_one("#effects", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "an amount from -2 to 2, not 0, not 3" in str(screen.query_one("#error").render())
        screen.query_one("#effects", Input).value = "credibility=2"
        await pilot.press("enter")
        await pilot.pause()
        assert "adjudicated: no roll; on a success credibility +2" in str(screen.query_one("#entries").render())
        await pilot.press("escape")
        await until(pilot, lambda: session.game.turn == 2, what="the turn to resolve")
    game = replay(read_record(record)).game
    assert ArguedRolled(1, "north", 1, 0, (), 0, 0, True) in game.log
    assert game.state.factions["north"].tracks["credibility"] == session.game.state.factions["north"].tracks["credibility"]


async def test_without_an_umpire_the_argue_key_is_hidden():
    session = Session.start(load_scenario_file(PACTS), 3, {"north": "human", "south": "greedy", "east": "greedy", "west": "greedy"}, None, CREATED)
    app = game_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.current == "north", what="the table")
        assert app.screen.check_action("argue", ()) is False
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_a_seat_argues_the_facilitator_adjudicates_and_another_seat_counters(pacts_class):
    new, open_store = pacts_class
    north_app = ClassroomApp(open_store(), code=new.seat_codes[(1, "north")], poll=0.05, reveal_delay=0)
    async with north_app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(north_app.screen, SeatScreen), what="north's seat")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(north_app.screen, ArguedScreen), what="north's argued actions")
        await pilot.press(*typed("SECRET a quiet word with the port"), "enter")
        await pilot.pause()
        assert "SECRET a quiet word" in str(north_app.screen.query_one("#entries").render())
    store = open_store()
    south = store.seat(new.seat_codes[(1, "south")])
    assert not any("SECRET" in getattr(e, "text", "") for e in south.view().game.log)
    store.facilitator(new.facilitator_code).adjudicate(1, "north", 1, 4, {"budget": 2})
    south_app = ClassroomApp(open_store(), code=new.seat_codes[(1, "south")], poll=0.05, reveal_delay=0)
    async with south_app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(south_app.screen, SeatScreen), what="south's seat")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(south_app.screen, ArguedScreen), what="south's argued actions")
        screen = south_app.screen
        assert "SECRET a quiet word" in str(screen.query_one("#entries").render())
        assert screen.query_one("#counter-line").display
        screen.query_one("#against", Select).value = "north|1"
        screen.query_one("#counter", Input).focus()
        await pilot.press(*typed("They owe us"), "enter")
        await pilot.pause()
        assert "counters N Northern League argued action 1: They owe us" in str(screen.query_one("#entries").render())
    assert [e.what for e in store.facilitator(new.facilitator_code).argued(1)] == ["proposed", "adjudicated", "countered"]
    assert isinstance(store.facilitator(new.facilitator_code).argued(1)[0], Argued)
