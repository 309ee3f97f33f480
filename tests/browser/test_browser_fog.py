"""A team in a fogged game (rule 16) plays from a browser: the served seat shows only its faction's view."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import open_app, press, type_text, wait_for_text

from classroom.store import Store
from engine import load_scenario_file

pytestmark = pytest.mark.browser

FOG = Path(__file__).resolve().parents[1] / "scenarios" / "fog.toml"


def test_a_team_sees_only_its_own_view_in_the_browser(serve_session, page, tmp_path):
    path = tmp_path / "fog.detente"
    new = Store.create(path, load_scenario_file(FOG), created="2026-11-25T09:00:00Z", players={"green": "greedy"})
    open_app(page, serve_session(path))
    wait_for_text(page, "Enter your team's code")
    type_text(page, new.seat_codes[(1, "blue")])
    press(page, "enter")
    screen = wait_for_text(page, "yours: not in yet")
    assert "3-4" in screen and "1-2" in screen  # Red's influence in East and North, in bands
    assert "R Red" in screen and "$?  cred 5" in screen and "$8  +4" in screen  # Red's budget hidden, Blue's own shown
    assert "$9" not in screen
    page.screenshot(path=tmp_path / "fog.png")
