"""The terminal UI starts and shows the bundled scenarios (driven with Pilot)."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.app import DetenteApp


async def test_title_screen_lists_the_bundled_scenarios_and_selects_one():
    app = DetenteApp()
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.query_one("#scenarios", OptionList)
        assert options.option_count >= 1
        assert options.get_option_at_index(0).id == "indo_pacific"
        await pilot.press("enter")
        assert app.scenario == "indo_pacific"
        await pilot.press("q")
    assert app.return_code == 0
