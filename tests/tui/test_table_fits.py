"""Nothing on the game screen is silently cut at 80x24: panels scroll, say so, and fill the screen on one key."""

from __future__ import annotations

from textual.widgets._header import HeaderTitle
from waiting import until

from engine import Game
from engine.catalog import load_bundled
from players.table import Session
from tui.app import DetenteApp
from tui.screens.game import GameScreen
from tui.widgets.board import Board
from tui.widgets.events import EventsPanel
from tui.widgets.pane import MORE_BELOW, Pane
from tui.widgets.tracks import TracksPanel


def session(scenario: str, seed: int, human: str) -> Session:
    game = Game(load_bundled(scenario), seed)
    return Session(game, {f: ("human" if f == human else "greedy") for f in game.factions}, None, "")


def app_for(played: Session) -> DetenteApp:
    return DetenteApp(session=played, clock=lambda: "", reveal_delay=0, writing=False)


async def test_every_faction_of_four_is_one_key_away_at_80x24():
    app = app_for(session("northern_alliance", 3, "aldmark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        screen = app.screen
        pane = screen.query_one("#tracks-pane", Pane)
        await until(pilot, lambda: pane.holds_more, what="four factions to overflow the tracks")
        assert MORE_BELOW in pane.border_subtitle and "k: full screen" in pane.border_subtitle
        await pilot.press("k")
        await until(pilot, lambda: screen.maximized is pane, what="the tracks to fill the screen")
        tracks, heads = screen.query_one(TracksPanel), [f"{f.letter} {f.name}" for f in screen.game.scenario.factions]

        def every_head_in_sight() -> bool:
            shown = "\n".join(tracks.content.plain.splitlines()[: pane.scrollable_content_region.height])
            return all(head in shown for head in heads)

        await until(pilot, every_head_in_sight, what="every faction's tracks in sight")
        await pilot.press("escape")
        await until(pilot, lambda: screen.maximized is None, what="the table to come back")


async def test_a_board_that_cuts_names_says_so_and_m_shows_it_whole():
    app = app_for(session("northern_alliance", 3, "aldmark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        screen = app.screen
        board = screen.query_one(Board)
        await until(pilot, lambda: "m: full screen" in board.border_subtitle, what="the board to say it is cut")
        await pilot.press("m")
        await until(pilot, lambda: screen.maximized is board and board.border_subtitle == "", what="the whole board")
        prompts = [str(board.get_option_at_index(i).prompt) for i in range(board.option_count)]
        for region in screen.game.scenario.regions:
            assert any(region.name in line for line in prompts), (region.name, prompts)
        await pilot.press("m")
        await until(pilot, lambda: screen.maximized is None, what="the table")


async def test_an_event_aimed_at_the_player_is_never_hidden():
    played = session("indo_pacific", 11, "seaboard")
    played.game.submit("seaboard", [])
    played.resolve()  # turn 2 opens with protests against Seaboard's overseas bases
    app = app_for(played)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        screen = app.screen
        panel, pane = screen.query_one(EventsPanel), screen.query_one("#events-pane", Pane)
        await until(pilot, lambda: "Protests against overseas bases" in panel.content.plain, what="the protests card")
        await pilot.pause()
        if pane.holds_more:
            assert MORE_BELOW in pane.border_subtitle
        await pilot.press("e")
        await until(pilot, lambda: screen.maximized is pane, what="the events to fill the screen")
        await pilot.pause()
        assert not pane.holds_more, "every active event fits the whole screen"


async def test_help_is_kept_and_opens_at_the_top_or_at_the_legend():
    from tui.screens.help import HelpScreen

    app = app_for(session("indo_pacific", 5, "seaboard"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        first = app.screen
        pages = first.query_one("#pages")
        await until(pilot, lambda: pages.scroll_y > 0, what="the legend in view")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table")
        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen is first, what="the same help, not built again")
        await until(pilot, lambda: pages.scroll_y == 0, what="the help at its top")


async def test_the_header_keeps_the_turn_and_who_orders_whole_and_shortens_a_long_title():
    app = app_for(session("northern_alliance", 3, "aldmark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        title, status = app.screen.title, app.screen.sub_title
        header = app.screen.query_one(HeaderTitle)

        def line() -> str:
            return "".join(segment.text for segment in header.render_line(0)).strip()

        assert status.endswith("A Commonwealth of Aldmark to order")
        await until(pilot, lambda: line().endswith(status), what="the whole status at 80 columns")
        assert line().startswith(title[:8]) and "…" in line()
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: line() == f"{title} — {status}", what=f"the whole title at 160 columns, not {line()!r}")
