"""The game screen's widgets, each mounted alone in a small host app and fed a real game.

Assertions are on what the widgets show (prompt and line text) and on the
messages they post, compared with numbers read from the game itself.
"""

from __future__ import annotations

import re

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.widget import Widget

from engine import Game, Order
from engine.catalog import load_bundled
from engine.log import Change, OrderResolved, concerns
from players.bots import RandomBot
from tests.format1 import indo_format1
from tui.palette import sparkline
from tui.widgets.board import Board
from tui.widgets.events import EventsPanel
from tui.widgets.log_view import LogView
from tui.widgets.region_detail import RegionDetail
from tui.widgets.tracks import TracksPanel

QUIET_SEED = 36
"""Turn 1 of this seed plays a card without a lasting modifier: no active events."""


@pytest.fixture(scope="module")
def scenario():
    """indo_pacific's format 1 file: these tests pin what the widgets draw of a format 1 game (its cards, its
    lasting influence); tests/tui/test_format2_panels.py covers what format 2 adds."""
    return indo_format1()


def play(game: Game, turns: int) -> Game:
    """Resolve ``turns`` turns with random bots for every faction."""
    bot = RandomBot()
    for _ in range(turns):
        for faction in game.factions:
            game.submit(faction, bot.choose(game, faction))
        game.resolve()
    return game


@pytest.fixture
def game(scenario) -> Game:
    """Seed 3 after two turns: influence everywhere, controllers, active events, deltas."""
    return play(Game(scenario, 3), 2)


class Host(App[None]):
    """Mounts one widget and keeps every message of interest it posts."""

    def __init__(self, widget: Widget, css: str = "") -> None:
        self.CSS = css
        super().__init__()
        self.widget = widget
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield self.widget

    @on(Board.RegionSelected)
    @on(Board.RegionHighlighted)
    @on(LogView.FilterChanged)
    def keep(self, message) -> None:
        self.messages.append(message)


def prompts(board: Board) -> dict[str, str]:
    return {option.id: option.prompt.plain for option in board.options}


# -- Board -------------------------------------------------------------------------------------


async def test_board_lists_every_region_with_influence_control_stability_and_events(game):
    board = Board()
    async with Host(board).run_test(size=(80, 24)) as pilot:
        board.show(game)
        await pilot.pause()
        shown = prompts(board)
        scenario = game.scenario
        assert list(shown) == [region.id for region in scenario.regions]
        controlled = 0
        for region in scenario.regions:
            text = shown[region.id]
            state = game.state.regions[region.id]
            assert text.startswith(region.name)
            controller = game.controller(region.id)
            for faction in game.factions:
                letter = scenario.faction(faction).letter
                value = state.influence[faction]
                mark = "★" if faction == controller else " "
                pattern = rf"{letter}{mark}[█ ]*\b{value}\b"
                if value > 0:
                    assert re.search(pattern, text), (region.id, faction, text)
                else:
                    assert not re.search(rf"{letter}[★ ][█ ]*\d", text), (region.id, faction, text)
            controlled += bool(controller)
            assert re.search(rf"\bs(tab )?{state.stability}\b", text)
            has_event = any(e.target == region.id for e in game.state.events)
            assert ("⚑" in text) == has_event
        assert controlled, "seed 3 after two turns has controlled regions"


async def test_board_lines_fit_and_bars_grow_when_the_terminal_widens(game):
    board = Board()
    async with Host(board).run_test(size=(44, 24)) as pilot:
        board.show(game)
        await pilot.pause()
        narrow = prompts(board)
        width = board.scrollable_content_region.width
        assert all(len(text) <= width for text in narrow.values())
        assert board.virtual_size.height == len(narrow), "one line per region"
        assert not any("█" in text for text in narrow.values())

        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        wide = prompts(board)
        assert wide != narrow
        width = board.scrollable_content_region.width
        assert all(len(text) <= width for text in wide.values())
        tenrai = game.state.regions["tenrai"].influence["seaboard"]
        bar = re.search(r"S[★ ](█+) \d+", wide["tenrai"]).group(1)
        assert len(bar) == tenrai, "at this width a point of influence is one cell"


async def test_board_keeps_the_highlighted_region_when_the_game_moves_on(game):
    board = Board()
    async with Host(board).run_test(size=(80, 24)) as pilot:
        board.show(game)
        board.focus()
        await pilot.press("down", "down", "down")
        assert board.highlighted_region == game.scenario.regions[3].id
        play(game, 1)
        board.show(game)
        await pilot.pause()
        assert board.highlighted_region == game.scenario.regions[3].id
        assert prompts(board)["tenrai"].startswith("Tenrai")


async def test_the_board_draws_a_view_as_it_draws_its_game_and_keeps_it_when_the_game_moves_on(game):
    board = Board()
    async with Host(board).run_test(size=(80, 24)) as pilot:
        board.show(game)
        await pilot.pause()
        from_game = prompts(board)
        view = game.view()
        board.show(view)
        await pilot.pause()
        assert prompts(board) == from_game
        play(game, 2)
        await pilot.resize_terminal(81, 24)  # drawn again, from the view it was given
        await pilot.pause()
        assert prompts(board) == {rid: text.plain for rid, text in zip(view.regions, Board.prompts(view, board.scrollable_content_region.width))}
        board.show(game)
        await pilot.pause()
        assert prompts(board) != from_game, "two more turns move the board"


async def test_enter_on_the_board_posts_region_selected(game):
    board = Board()
    app = Host(board)
    async with app.run_test(size=(80, 24)) as pilot:
        board.show(game)
        board.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, Board.RegionSelected)]
        assert [m.region for m in selected] == [game.scenario.regions[1].id]
        assert selected[0].control is board
        highlighted = [m.region for m in app.messages if isinstance(m, Board.RegionHighlighted)]
        assert highlighted[-1] == game.scenario.regions[1].id


# -- TracksPanel -------------------------------------------------------------------------------


async def test_tracks_show_each_faction_with_numbers_deltas_and_sparkline(game):
    panel = TracksPanel()
    async with Host(panel).run_test(size=(80, 24)) as pilot:
        panel.show(game, None)
        await pilot.pause()
        text = panel.content.plain
        before = game.history[-2]
        arrows = 0
        for faction in game.factions:
            fdef = game.scenario.faction(faction)
            record = game.state.factions[faction]
            assert f"{fdef.letter} {fdef.name}" in text
            budget = record.budget
            old = dict(before.budgets)[faction]
            if budget == old:
                assert re.search(rf"\${budget}(?![↑↓])", text)
            else:
                arrow = "↑" if budget > old else "↓"
                assert f"${budget}{arrow}{abs(budget - old)}" in text
                arrows += 1
            for track, value in record.tracks.items():
                old = dict(dict(before.tracks)[faction])[track]
                if value != old:
                    arrow = "↑" if value > old else "↓"
                    assert f"{value}{arrow}{abs(value - old)}" in text
                    arrows += 1
            scores = [dict(snapshot.scores)[faction] for snapshot in game.history]
            every = [score for snapshot in game.history for _, score in snapshot.scores]
            assert sparkline(scores, min(every), max(every)) in text, "one scale for every faction"
            assert str(record.score) in text
        assert arrows, "two turns of play move some numbers"
        assert "✓" not in text and "▶" not in text


async def test_tracks_mark_submitted_factions_and_the_one_ordering_now(game):
    panel = TracksPanel()
    async with Host(panel).run_test(size=(80, 24)) as pilot:
        game.submit("seaboard", [])
        panel.show(game, "heartland")
        await pilot.pause()
        lines = panel.content.plain.splitlines()
        heads = {line.split()[0].lstrip("▶"): line for line in lines if re.match(r"[ ▶][SHM] ", line)}
        assert "✓" in heads["S"] and "✓" not in heads["H"] and "✓" not in heads["M"]
        assert heads["H"].startswith("▶H") and heads["S"].startswith(" S")


async def test_tracks_narrow_layout_fits_its_width(game):
    panel = TracksPanel()
    async with Host(panel, "TracksPanel { width: 38; }").run_test(size=(80, 24)) as pilot:
        panel.show(game, "meridian")
        await pilot.pause()
        lines = panel.content.plain.splitlines()
        assert all(len(line.rstrip()) <= 38 for line in lines)
        heads = [i for i, line in enumerate(lines) if re.match(r"[ ▶][SHM] ", line)]
        assert len(heads) == len(game.factions)
        assert any("cred" in line and "dom" in line for line in lines)
        assert lines.index("M plays for") > heads[-1], "the objectives of the faction ordering come after every faction"
        meridian = game.scenario.faction("meridian")
        for objective in meridian.objectives:
            assert objective.text[:20] in panel.content.plain
        ending = " ".join(line.strip() for line in lines[[i for i, line in enumerate(lines) if line.startswith("Win: ")][-1] :])
        assert ending == "Win: the highest score after turn 10, or first to a score of 65; domestic support at 0 collapses a faction."


async def test_tracks_spell_every_track_out_and_never_part_a_label_from_its_number():
    game = Game(load_bundled("northern_alliance"), seed=3)
    text = TracksPanel.render_tracks(game.view(), None, 39).plain
    lines = text.splitlines()
    assert all(len(line) <= 39 for line in lines)
    assert sum("leverage " in line for line in lines) == len(game.factions)
    assert sum("alliance member " in line for line in lines) == len(game.factions)
    assert not any(line.rstrip().endswith(("leverage", "alliance member", "hybrid toolkit")) for line in lines)
    assert not any(line.startswith(("alli", "hybr")) for line in lines), "no line wraps to column 0"


# -- EventsPanel -------------------------------------------------------------------------------


async def test_events_panel_names_active_cards_targets_effects_and_counters(scenario):
    game = Game(scenario, QUIET_SEED)
    game.inject("forged_memo", "solvana")
    game.inject("spending_freeze", "heartland")
    panel = EventsPanel()
    async with Host(panel).run_test(size=(80, 24)) as pilot:
        panel.show(game)
        await pilot.pause()
        text = " ".join(panel.content.plain.split())
        assert "Forged basing memo → Solvana · 2 turns left" in text
        assert "disinformation · influence gains halved · counter: Strategic communication" in text
        assert "Spending freeze → H Heartland Republic · 2 turns left" in text
        assert "budget cut · income −2 · no counter" in text
        assert "Played on turn 1:" in text
        assert "Defence ministers' meeting → every faction:" in text, "a card on every faction is one line, not one per faction"
        assert "(facilitator inject)" in text
        assert "Now: credibility +1." in text


async def test_events_panel_says_when_nothing_is_active(scenario):
    game = Game(scenario, QUIET_SEED)
    assert not game.state.events
    panel = EventsPanel()
    async with Host(panel).run_test(size=(80, 24)) as pilot:
        panel.show(game)
        await pilot.pause()
        assert panel.content.plain.startswith("No active events.")


async def test_events_panel_wraps_with_a_hanging_indent(game):
    panel = EventsPanel()
    async with Host(panel, "EventsPanel { width: 36; }").run_test(size=(80, 24)) as pilot:
        panel.show(game)
        await pilot.pause()
        lines = panel.content.plain.splitlines()
        assert all(len(line.rstrip()) <= 36 for line in lines)
        assert all(line.startswith(("⚑", "  ", "Played", "•")) for line in lines)
        names = {game.scenario.card(e.card).name for e in game.state.events}
        flat = " ".join(panel.content.plain.split())
        assert all(name in flat for name in names)


# -- LogView -----------------------------------------------------------------------------------


def first_lines(log: LogView) -> list[str]:
    return [strip.text for strip in log.lines if strip.text.startswith("T")]


async def test_log_shows_every_entry_with_turn_and_faction_letter(game):
    log = LogView()
    async with Host(log).run_test(size=(80, 24)) as pilot:
        log.show(game)
        await pilot.pause()
        assert log.shown == game.log
        heads = first_lines(log)
        assert len(heads) == len(game.log)
        for line, entry in zip(heads, game.log):
            assert line.startswith(f"T{entry.turn} ")
            if isinstance(entry, OrderResolved):
                letter = game.scenario.faction(entry.faction).letter
                assert line.split()[1] == letter
                assert game.scenario.move(entry.move).name in line
        change = next(e for e in game.log if isinstance(e, Change) and e.actor)
        index = game.log.index(change)
        assert heads[index].split()[1] == game.scenario.faction(change.actor).letter
        assert f"{change.delta:+d} → {change.value}" in log.render_entry(change).plain


async def test_log_filters_by_faction_and_turn(game):
    log = LogView()
    app = Host(log)
    async with app.run_test(size=(80, 24)) as pilot:
        log.show(game)
        await pilot.pause()
        log.set_filter(faction="heartland")
        await pilot.pause()
        assert log.shown == [e for e in game.log if concerns(e, "heartland")]
        assert len(first_lines(log)) == len(log.shown) < len(game.log)
        log.set_filter(turn=2)
        await pilot.pause()
        assert log.shown == [e for e in game.log if concerns(e, "heartland") and e.turn == 2]
        assert all(line.startswith("T2 ") for line in first_lines(log))
        assert log.border_subtitle == "H only · turn 2"
        log.set_filter(faction=None)
        await pilot.pause()
        assert log.shown == [e for e in game.log if e.turn == 2]
        filters = [(m.faction, m.turn) for m in app.messages if isinstance(m, LogView.FilterChanged)]
        assert filters == [("heartland", None), ("heartland", 2), (None, 2)]


async def test_log_keys_cycle_the_filters(game):
    log = LogView()
    async with Host(log).run_test(size=(80, 24)) as pilot:
        log.show(game)
        log.focus()
        await pilot.press("f")
        assert log.faction_filter == game.factions[0]
        await pilot.press("f", "f", "f")
        assert log.faction_filter is None
        await pilot.press("t")
        assert log.turn_filter == game.turn
        await pilot.press("t")
        assert log.turn_filter == game.turn - 1


async def test_log_appends_new_entries_without_redrawing_and_never_shows_unresolved_orders(game):
    log = LogView()
    async with Host(log).run_test(size=(80, 24)) as pilot:
        log.show(game)
        await pilot.pause()
        first = log.lines[0]
        count = len(log.lines)
        game.submit("seaboard", [Order("strategic_comms", "solvana", why="SECRET-PLAN")])
        log.show(game)
        await pilot.pause()
        assert len(log.lines) == count and log.lines[0] is first
        assert not any("SECRET-PLAN" in strip.text for strip in log.lines)
        game.resolve()
        log.show(game)
        await pilot.pause()
        assert log.lines[0] is first, "old lines are kept, not drawn again"
        assert log.shown == game.log
        assert any("SECRET-PLAN" in strip.text for strip in log.lines), "revealed once resolved"


# -- RegionDetail ------------------------------------------------------------------------------


async def test_region_detail_shows_the_region_and_closes_on_escape(game):
    app = Host(Widget())
    async with app.run_test(size=(80, 24)) as pilot:
        region = game.scenario.region("solvana")
        state = game.state.regions["solvana"]
        detail = RegionDetail(game, "solvana")
        app.push_screen(detail)
        await pilot.pause()
        assert app.screen is detail
        text = " ".join(detail.query_one("#region-detail").content.plain.split())
        assert region.summary in text
        assert "Blocs: maritime, forum" in text
        assert "Neighbours: Tenrai, Dai Lanh, Kepulan, Harbour Forum" in text
        assert "humanitarian +2 · training +1 · dialogue −1" in text
        assert f"Stability: {state.stability}/5" in text
        for faction in game.factions:
            fdef = game.scenario.faction(faction)
            assert re.search(rf"{fdef.letter}★? {fdef.name} [█ ]*{state.influence[faction]}\b", text)
        changes = [e for e in game.log if isinstance(e, Change) and e.region == "solvana"]
        assert changes
        assert len(re.findall(r"\bT\d+ +[SHM⚑·] ", text)) == len(changes)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not detail
