"""Fog of war on screen (rule 16): the board, the tracks and the region detail draw a faction's
view (others' influence in bands, their budgets hidden, partners unknown until revealed), and the
hot-seat table shows each team only its own view, with the public's behind every hand-off."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from test_game_flow import make_app
from waiting import until

from classroom.store import Settings, Store
from engine import Game, Order, load_scenario_file, load_scenario_text
from tui.classroom.app import ClassroomApp
from tui.classroom.seat import SeatScreen
from tui.screens.game import GameScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.turn_review import TurnReview
from tui.turn_summary import turn_summary
from tui.widgets.board import Board
from tui.widgets.log_view import LogView
from tui.widgets.region_detail import RegionDetail
from tui.widgets.tracks import TracksPanel

FOG = Path(__file__).resolve().parents[1] / "scenarios" / "fog.toml"


def fog_game() -> Game:
    return Game(load_scenario_file(FOG), 1)


def board_lines(view, width: int = 80) -> list[str]:
    return [line.plain for line in Board.prompts(view, width)]


def test_the_board_shows_the_others_influence_in_bands_and_the_own_exactly():
    lines = board_lines(fog_game().seen_by("blue"))
    east = next(line for line in lines if line.startswith("East"))
    assert east == "East                  R★███ 3-4                       stab 4"
    north = next(line for line in lines if line.startswith("North"))
    assert north == "North B ██ 2          R █ 1-2                         stab 3"
    whole = next(line for line in board_lines(fog_game().view()) if line.startswith("East"))
    assert "R★████ 4" in whole and "3-4" not in whole


def test_with_unknown_influence_the_board_shows_a_question_mark_for_each_other_faction():
    text = FOG.read_text().replace('influence = "banded"\nbands = [1, 3, 5]', 'influence = "unknown"')
    lines = board_lines(Game(load_scenario_text(text), 1).seen_by("blue"))
    west = next(line for line in lines if line.startswith("West"))
    assert west.count("?") == 2  # Red's and Green's, though both have none there


def test_the_tracks_hide_the_others_budgets():
    text = TracksPanel.render_tracks(fog_game().seen_by("blue"), "blue", 80).plain
    assert text.count("$?") == 2 and "$8" in text


def test_the_region_detail_keeps_receptivity_and_attitudes_unknown_until_revealed():
    game = fog_game()
    hidden = " ".join(RegionDetail.render_detail(game.seen_by("blue"), "east", 80).plain.split())
    assert "unknown until revealed to you (by a success of Strategic talks or Intelligence assessment here)" in hidden
    assert "aid +2" not in hidden and "goodwill" not in hidden
    game.submit("blue", [Order("talks", "east")])
    game.resolve()
    shown = " ".join(RegionDetail.render_detail(game.seen_by("blue"), "east", 80).plain.split())
    assert "aid +2" in shown and "goodwill 1/5" in shown and "unknown until revealed" not in shown
    assert "unknown until revealed" in RegionDetail.render_detail(game.seen_by("red"), "east", 80).plain


def _board_text(screen) -> str:
    board = screen.query_one(Board)
    return "\n".join(str(board.get_option_at_index(i).prompt) for i in range(board.option_count))


async def test_hot_seat_at_80x24_shows_each_team_its_own_view(tmp_path):
    seats = {"blue": "human", "red": "human", "green": "random"}
    app = make_app(tmp_path, scenario=load_scenario_file(FOG), seed=1, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HandoffScreen), what="Blue's hand-off")
        screen = app.screen_stack[-2]
        assert isinstance(screen, GameScreen)
        assert "3-4" in _board_text(screen) and "$?" in str(screen.query_one(TracksPanel).render())
        await pilot.press("enter")
        await until(pilot, lambda: screen.current == "blue" and app.screen is screen, what="Blue at the keyboard")
        blue_board = _board_text(screen)
        assert "1-2" in blue_board  # Red in North, as Blue sees it
        tracks = str(screen.query_one(TracksPanel).render())
        assert tracks.count("$?") == 2 and "$8" in tracks
        await pilot.press("b", "down", "enter")  # East's detail
        await until(pilot, lambda: isinstance(app.screen, RegionDetail), what="East's detail")
        assert app.screen.view.sight is not None and app.screen.view.sight.faction == "blue"
        assert "3-4" in RegionDetail.render_detail(app.screen.view, "east", 80).plain
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the table again")
        await pilot.press("s", "y")
        await until(pilot, lambda: isinstance(app.screen, HandoffScreen), what="Red's hand-off")
        behind = str(screen.query_one(TracksPanel).render())
        assert "$8" not in behind and behind.count("$?") == 3  # the public's view behind the hand-off
        await pilot.press("enter")
        await until(pilot, lambda: screen.current == "red" and app.screen is screen, what="Red at the keyboard")
        red_board = _board_text(screen)
        east = next(line for line in red_board.splitlines() if line.startswith("East"))
        assert "4" in east and "3-4" not in east  # Red's own influence in East, exactly
        tracks = str(screen.query_one(TracksPanel).render())
        assert "$9" in tracks and tracks.count("$?") == 2
        await pilot.press("s", "y")
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the turn's review")
        shown = screen.query_one(LogView)._view
        assert shown is not None and shown.sight is not None and shown.sight.faction == ""  # the public's log between teams
        assert not any(getattr(entry, "track", "") == "budget" or type(entry).__name__ == "Rolled" for entry in shown.log)
        assert any(getattr(entry, "track", "") == "budget" for entry in screen.game.log)  # the game's own has them


@contextmanager
def blue_seat_app(tmp_path, **settings):
    """A one-world session of the fog scenario (``settings`` for the session) and Blue's seat app on it."""
    new = Store.create(
        tmp_path / "fog.detente", load_scenario_file(FOG), created="2026-11-25T09:00:00Z", settings=Settings(**settings), players={"green": "random"}
    )
    store = Store.open(new.path)
    try:
        yield new, ClassroomApp(store, code=new.seat_codes[(1, "blue")], poll=0.05, reveal_delay=0)
    finally:
        store.close()


async def test_the_classroom_seat_at_80x24_shows_its_factions_view(tmp_path):
    with blue_seat_app(tmp_path, resolve_when_all_in=True) as (new, app):
        with Store.open(new.path) as store:
            store.facilitator(new.facilitator_code).resume()
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SeatScreen), what="Blue's seat")
            screen = app.screen
            assert "1-2" in _board_text(screen)  # Red in North, as Blue sees it
            tracks = str(screen.query_one(TracksPanel).render())
            assert tracks.count("$?") == 2 and "$8" in tracks
            with Store.open(new.path) as other:
                other.seat(new.seat_codes[(1, "red")]).submit((Order("aid", "east"),))
                other.seat(new.seat_codes[(1, "blue")]).submit((Order("talks", "east"),))
            await until(pilot, lambda: screen.game.turn == 2 and screen.view.revision == screen.desk.revision(), what="the turn to resolve")
            assert dict(screen.game.view().sight.revealed) == {"east": 1}
            tracks = str(screen.query_one(TracksPanel).render())
            assert tracks.count("$?") == 2
            assert not any(getattr(entry, "track", "") == "budget" and entry.faction != "blue" for entry in screen.game.log)


async def test_the_classroom_seat_shows_the_last_turn_resolved_when_the_fog_lifts(tmp_path):
    """The game's end shows the seat the whole log (rule 16.5): its log is no longer its old one grown, yet
    the seat says the last turn is resolved (not that the facilitator took a turn back) and shows everything."""
    with blue_seat_app(tmp_path, resolve_when_all_in=False) as (new, app):
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SeatScreen), what="Blue's seat")
            screen = app.screen
            told: list[str] = []
            screen.notify = lambda message, **kwargs: told.append(message)
            with Store.open(new.path) as other:
                fac = other.facilitator(new.facilitator_code)
                for turn in range(1, 5):
                    fac.resolve(1)
                    await until(pilot, lambda turn=turn: screen.game.turn == turn + 1, what=f"turn {turn} to resolve")
                assert screen.game.view().sight is not None
                fac.resolve(1)
            await until(pilot, lambda: screen.game.is_over, what="the game's end")
            assert "Turn 5 is resolved." in told and not any("took back" in message for message in told)
            assert screen.game.view().sight is None
            assert "$?" not in str(screen.query_one(TracksPanel).render())


def test_the_turns_review_does_not_guess_the_outcome_of_a_roll_it_did_not_see():
    """Blue's view of turn 1: Red's Development aid rolled (Blue does not see the die): `?`, not `✓`;
    Blue's own talks (no roll) ✓; the whole view shows Red's real outcome."""
    game = fog_game()
    game.submit("blue", [Order("talks", "east")])
    game.submit("red", [Order("aid", "north")])
    game.resolve()
    seen = turn_summary(game.seen_by("blue"), 1).plain
    assert "? Development aid → North" in seen and "✓ Strategic talks → East" in seen
    whole = turn_summary(game.view(), 1).plain
    assert "✓ Development aid → North" in whole or "✗ Development aid → North" in whole
