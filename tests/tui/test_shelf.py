"""The title screen's cards of the bundled scenarios agree with the scenarios loaded in full."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.catalog import bundled_ids, load_bundled
from tui.shelf import ScenarioCard, bundled_cards


def test_there_is_a_card_for_every_bundled_scenario_in_the_catalogs_order():
    assert [card.id for card in bundled_cards()] == bundled_ids()


@pytest.mark.parametrize("card", bundled_cards(), ids=lambda card: card.id)
def test_a_card_read_from_the_toml_equals_the_one_made_from_the_loaded_scenario(card):
    assert card == ScenarioCard.from_scenario(load_bundled(card.id))


def test_the_title_screens_modules_leave_the_scenario_loader_unimported():
    code = "import sys, tui.app, tui.shelf; tui.shelf.bundled_cards(); print(sorted(m for m in sys.modules if m.startswith('engine.')))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert "engine.scenario_loader" not in loaded and "engine.model" not in loaded, loaded
