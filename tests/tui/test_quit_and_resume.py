"""Quitting asks when orders would be lost and says how to resume; the title screen continues saved games."""

from __future__ import annotations

import argparse

import pytest
from waiting import until

from detente import play
from detente.cli import main
from engine import Order
from engine.catalog import load_bundled
from players.table import Session
from tui.app import DetenteApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.game import GameScreen
from tui.screens.saved_games import SavedGamesScreen
from tui.screens.title import TitleScreen

CREATED = "2026-02-03T04:05:06Z"


def saved_session(tmp_path, turns: int) -> Session:
    path = tmp_path / "indo_pacific-20260203T040506Z-seed5.jsonl"
    session = Session.start(load_bundled("indo_pacific"), 5, {"seaboard": "human", "heartland": "greedy", "meridian": "greedy"}, path, CREATED)
    for _ in range(turns):
        session.submit("seaboard", [])
        session.resolve()
    return session


async def test_ctrl_q_with_a_draft_asks_first_and_the_farewell_says_how_to_resume(tmp_path):
    session = saved_session(tmp_path, 1)
    app = DetenteApp(session=session, clock=lambda: CREATED, reveal_delay=0, games_folder=tmp_path, writing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        app.screen.draft.append(Order("domestic_outreach", ""))
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        assert "1 order(s) not yet submitted will be lost" in str(app.screen.query_one("#detail").render())
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game again")
        assert app.is_running and app.return_value is None
        app.screen.draft.clear()
        await pilot.press("ctrl+q")  # nothing to lose: no question
        await until(pilot, lambda: not app.is_running, what="the app to exit")
    assert app.return_value == f"The game is saved in {session.record_path}. Resume it with: detente play --resume {session.record_path}"


async def test_continue_on_the_title_screen_lists_saved_games_and_resumes_one(tmp_path):
    saved = saved_session(tmp_path, 2)
    (tmp_path / "notes.txt").write_text("not a game")
    app = DetenteApp(clock=lambda: CREATED, reveal_delay=0, games_folder=tmp_path, writing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TitleScreen), what="the title")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, SavedGamesScreen), what="the saved games")
        assert app.screen.paths == [saved.record_path]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the resumed game")
        assert app.screen.game.turn == 3 and app.screen.game.view() == saved.game.view()


async def test_a_broken_save_is_one_clear_message_and_the_title_stays(tmp_path):
    (tmp_path / "indo_pacific-20260203T040506Z-seed5.jsonl").write_text("{not json\n")
    app = DetenteApp(clock=lambda: CREATED, reveal_delay=0, games_folder=tmp_path, writing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TitleScreen), what="the title")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, SavedGamesScreen), what="the saved games")
        await pilot.press("enter")
        await until(pilot, lambda: app._notifications, what="the error")
        assert isinstance(app.screen, TitleScreen)
        assert "Cannot continue that game" in [n.title for n in app._notifications]


def test_play_seats_not_named_are_greedy_bots_and_the_help_says_so(monkeypatch, capsys):
    seen = {}

    def fake_run(**options):
        seen.update(options)
        return "The game is saved in X. Resume it with: detente play --resume X"

    monkeypatch.setattr("tui.app.run", fake_run)
    args = argparse.Namespace(scenario="indo_pacific", seat=["seaboard=human"], seed=3, resume=None, record=None, writing=False, umpire=False)
    assert play.command_play(args) == 0
    assert seen["seats"] == {"seaboard": "human", "heartland": "greedy", "meridian": "greedy"}
    assert seen["writing"] is False  # --no-plans
    assert capsys.readouterr().out == "The game is saved in X. Resume it with: detente play --resume X\n"
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "every faction not named is played by the greedy bot" in help_text
    assert "the first faction human, the others greedy" in help_text
    assert "--no-plans do not offer each team its plan before turn 1" in help_text
