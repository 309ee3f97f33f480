"""The terminal UI starts on the title screen and lists the bundled scenarios (driven with Pilot)."""

from __future__ import annotations

from textual.widgets import OptionList

from engine.catalog import bundled_ids
from tui.app import DetenteApp
from tui.screens.setup import SetupScreen
from tui.screens.title import TitleScreen


async def test_title_screen_lists_the_bundled_scenarios_and_leads_to_the_seats(tmp_path):
    app = DetenteApp(games_folder=tmp_path, clock=lambda: "2026-01-01T00:00:00Z")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == bundled_ids()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.scenario.id == bundled_ids()[0]
