"""Agreements on screen (rule 14), driven with keys through Pilot at 80x24: the hot-seat game's ``c`` proposes
to a bot (which answers at once) and the proposal is autosaved; a classroom seat's ``c`` proposes to another team,
whose seat accepts; a refused step is shown and writes nothing; a scenario without agreements shows no key."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from waiting import until

from engine import Game, load_scenario_file
from engine.catalog import load_bundled
from engine.record import read_record, replay
from players.table import Session
from tui.classroom.app import ClassroomApp
from tui.classroom.seat import SeatScreen
from tui.screens.agreements import AgreementsScreen
from tui.screens.game import GameScreen

PACTS = Path(__file__).resolve().parents[1] / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"
SIZE = (80, 24)


def step_labels(screen: AgreementsScreen) -> list[str]:
    options = screen.query_one("#steps", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def choose(pilot, screen: AgreementsScreen, label: str) -> None:
    """Highlight the step ``label`` and take it with Enter."""
    options = screen.query_one("#steps", OptionList)
    options.highlighted = step_labels(screen).index(label)
    await pilot.press("enter")
    await pilot.pause()


def game_app(session: Session):
    from textual.app import App

    class Table(App[None]):
        def on_mount(self) -> None:
            self.push_screen(GameScreen(session, reveal_delay=0, writing=False))

    return Table()


async def test_the_hot_seat_game_proposes_to_a_bot_which_answers_at_once_and_it_is_saved(tmp_path):
    record = tmp_path / "game.jsonl"
    session = Session.start(load_scenario_file(PACTS), 3, {"north": "human", "south": "greedy", "east": "random", "west": "greedy"}, record, CREATED)
    app = game_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.current == "north", what="the table")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, AgreementsScreen), what="the agreements")
        screen = app.screen
        assert step_labels(screen)[:2] == ["Propose Joint exercise to S Southern Union", "Propose Joint exercise to E Eastern Pact"]
        await choose(pilot, screen, "Propose Aid for access to S Southern Union")
        assert str(screen.query_one("#current").render()) == "Aid for access: you → S Southern Union, accepted"  # the greedy bot answered at once
        assert "Propose Aid for access to S Southern Union" not in step_labels(screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table again")
    assert [(a.agreement, a.status) for a in replay(read_record(record)).game.view().agreements] == [("aid_for_access", "accepted")]


async def test_a_scenario_without_agreements_shows_no_agreements_key():
    session = Session(Game(load_bundled("indo_pacific"), 5), {"seaboard": "human", "heartland": "random", "meridian": "random"}, None, "")
    app = game_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and app.screen.current == "seaboard", what="the table")
        assert app.screen.check_action("agreements", ()) is False
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_a_seat_proposes_to_another_team_which_accepts_in_its_own_seat(pacts_class):
    new, open_store = pacts_class
    north_app = ClassroomApp(open_store(), code=new.seat_codes[(1, "north")], poll=0.05, reveal_delay=0)
    async with north_app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(north_app.screen, SeatScreen), what="north's seat")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(north_app.screen, AgreementsScreen), what="north's agreements")
        screen = north_app.screen
        await choose(pilot, screen, "Propose Joint exercise to S Southern Union")
        assert "Joint exercise: you →" in str(screen.query_one("#current").render())
        # the same step again, as a stale screen would send it: refused with its reason, nothing written
        assert screen.act("propose", "joint_exercise", "south") == "Joint exercise between north and south is proposed this turn already"
    south_desk = open_store().seat(new.seat_codes[(1, "south")])
    south_app = ClassroomApp(open_store(), code=new.seat_codes[(1, "south")], poll=0.05, reveal_delay=0)
    async with south_app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(south_app.screen, SeatScreen), what="south's seat")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(south_app.screen, AgreementsScreen), what="south's agreements")
        screen = south_app.screen
        assert step_labels(screen)[:2] == ["Accept N Northern League's Joint exercise", "Decline N Northern League's Joint exercise"]
        await choose(pilot, screen, "Accept N Northern League's Joint exercise")
        assert str(screen.query_one("#current").render()) == "Joint exercise: N Northern League → you, accepted"
    assert [(a.agreement, a.proposer, a.status) for a in south_desk.view().game.view().agreements] == [("joint_exercise", "north", "accepted")]
