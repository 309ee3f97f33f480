"""Snapshots of the key screens at 80x24 and 160x48 (pytest-textual-snapshot).

Update after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the SVGs in the report before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import TextArea

from engine import Game
from engine.catalog import bundled_scenarios, find_scenario
from players.autoplay import autoplay
from players.bots import RandomBot
from players.table import Session
from tests.format1 import indo_format1
from tui.app import DetenteApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.game import GameScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.help import HelpScreen
from tui.screens.order_picker import OrderPicker
from tui.screens.saved_games import SavedGamesScreen
from tui.screens.title import TitleScreen
from tui.screens.turn_review import TurnReview
from tui.screens.writing import WritingScreen

SIZES = [(80, 24), (160, 48)]


class ScreenHost(App[None]):
    """Shows one screen, built once the app runs, with the real app's stylesheet."""

    CSS_PATH = DetenteApp.CSS_PATH

    def __init__(self, build) -> None:
        super().__init__()
        self.build = build

    def on_mount(self) -> None:
        self.push_screen(self.build())


def played_session(turns: int) -> Session:
    """indo_pacific's format 1 file (tests/format1.py) after ``turns`` turns: the picture does not move with the
    bundled file's tuning."""
    scenario = indo_format1()
    session = Session(Game(scenario, 5), {"seaboard": "human", "heartland": "random", "meridian": "random"}, None, "")
    for _ in range(turns):
        session.game.submit("seaboard", RandomBot().choose(session.game, "seaboard"))
        session.resolve()
    return session


def four_factions() -> Session:
    """Northern Alliance (its format 1 file, kept in tests/scenarios so the picture does not move with
    the bundled file's tuning) after two turns, its first faction to order: four factions' tracks to fit."""
    scenario = find_scenario(str(Path(__file__).parent.parent / "scenarios" / "northern_alliance_format1.toml"))
    game = Game(scenario, 3)
    session = Session(game, {f.id: ("human" if index == 0 else "greedy") for index, f in enumerate(scenario.factions)}, None, "")
    for _ in range(2):
        session.game.submit("aldmark", RandomBot().choose(session.game, "aldmark"))
        session.resolve()
    return session


def finished_game() -> Game:
    scenario = indo_format1()
    return autoplay(Game(scenario, 5), {f.id: RandomBot() for f in scenario.factions})


SCREENS = {
    "title": lambda: TitleScreen(bundled_scenarios()),
    "game": lambda: GameScreen(played_session(3), reveal_delay=0),
    "handoff": lambda: HandoffScreen(indo_format1().factions[1], 4, colour="#E69F00"),
    "help": lambda: HelpScreen(indo_format1()),
    "debrief": lambda: DebriefScreen(finished_game(), record_path="records/class-3a/indo_pacific-seed5.jsonl"),
    "review": lambda: TurnReview(played_session(3).game.view()),
    "picker": lambda: OrderPicker(played_session(3).game, "seaboard", draft=[]),
    "four-factions": lambda: GameScreen(four_factions(), reveal_delay=0),
    "plan": lambda: WritingScreen(
        "plan", indo_format1().factions[0], lambda text: None, text="Aim: keep Tenrai as our anchor.\nInstruments: dialogue and aid first."
    ),
    "confirm": lambda: ConfirmScreen("Submit these orders?", "1 of 3 orders given; 7 of 12 budget unspent.", yes="Submit", no="Keep editing"),
    "saved-games": lambda: SavedGamesScreen(Path("no-saved-games-here")),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_snapshot(snap_compare, name, size):
    assert snap_compare(ScreenHost(SCREENS[name]), terminal_size=size, run_before=_steady_cursor)


async def _steady_cursor(pilot) -> None:
    """A text area's cursor blinks on a timer: on a busy machine the picture could catch it off, so hold it on."""
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_grouped_log_snapshot(snap_compare, size):
    """The log full screen (L), grouped by turn and faction (o), after three turns."""
    assert snap_compare(ScreenHost(lambda: GameScreen(played_session(3), reveal_delay=0)), terminal_size=size, press=["L", "o"])
