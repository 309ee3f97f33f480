"""The terminal game served to a browser: title screen to set-up with keys only, read from xterm.js."""

from __future__ import annotations

import sys

import pytest
from browserkit import open_app, press, screen_text, type_text, wait_for_text, wait_for_text_gone

pytestmark = pytest.mark.browser


def test_title_to_setup_in_chromium(serve_app, page, tmp_path):
    url = serve_app([sys.executable, "-m", "detente", "play"])
    open_app(page, url)

    title = wait_for_text(page, "Choose a scenario")
    assert "Indo-Pacific Partnerships" in title and "The Lantern Forum" in title
    page.screenshot(path=tmp_path / "title.png")

    # The list is sorted by id (corvenna_sound, indo_pacific, lantern_forum, ...) and its highlight starts on
    # the first entry although the description shows the default, Indo-Pacific: two steps reach the Lantern Forum.
    press(page, "down")
    press(page, "down")  # the Lantern Forum: its description replaces the first one's
    wait_for_text(page, "Inside a regional forum")
    press(page, "enter")
    setup = wait_for_text(page, "Set up the game")
    assert "The Lantern Forum · 3 factions · 10 turns" in setup
    assert "Choose who plays each faction" in setup
    page.screenshot(path=tmp_path / "setup.png")

    press(page, "ctrl+p")  # the command palette: typed text reaches its search box
    type_text(page, "quit")
    wait_for_text(page, "Quit the application as soon as possible")
    press(page, "escape")
    wait_for_text_gone(page, "Quit the application as soon as possible")
    assert "Choose who plays each faction" in screen_text(page)


def test_the_start_button_of_a_delayed_page(serve_app, page):
    url = serve_app([sys.executable, "-m", "detente", "play"])
    page.goto(url + "?delay=1")  # textual-serve's variant that waits for a click on Start
    assert page.locator("#start").is_visible()
    open_app(page, url + "?delay=1")  # clicks Start, which reloads the page and connects
    assert "Choose a scenario" in wait_for_text(page, "Indo-Pacific Partnerships")
