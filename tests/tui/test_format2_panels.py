"""Format 2 on screen (rule 13): each faction's own aim with its progress in the tracks panel,
fading influence, attitudes and receptivity as they stand in the region detail."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots import ScreenHost

from engine import Game, Order, load_scenario_file
from players.table import Session
from tui.classroom.dialogs import rule_words
from tui.goals import victory_condition
from tui.screens.debrief import DebriefScreen
from tui.screens.game import GameScreen
from tui.widgets.region_detail import RegionDetail
from tui.widgets.tracks import TracksPanel

RULES = Path(__file__).parent.parent / "rules" / "scenarios"


def partners_game() -> Game:
    """Partners after Blue's two arms sales and a drill in North, and Red's relief there."""
    game = Game(load_scenario_file(RULES / "partners.toml"), 3)
    for orders in ([Order("arms", "north"), Order("drill", "north")], [Order("arms", "north")]):
        game.submit("blue", orders)
        game.submit("red", [Order("relief", "north")])
        game.resolve()
    return game


def test_the_faction_ordering_sees_its_aim_and_each_test_with_its_value_now():
    view = Game(load_scenario_file(RULES / "aims.toml"), 1).view()
    text = TracksPanel.render_tracks(view, "small", 80).plain
    assert "◎ Aim: Support 9 at home and influence 5 in both Capital and Harbour." in text
    assert "○ Domestic support at least 9 · now 8" in text
    assert "○ influence in Capital at least 5 · now 4" in text


def test_a_final_aim_says_it_is_judged_at_the_end_and_a_met_test_is_marked():
    view = Game(load_scenario_file(RULES / "aims.toml"), 1).view()
    text = TracksPanel.render_tracks(view, "ally", 80).plain
    assert "◎ Aim (judged at the end): Keep the Shadow out of Capital until the end." in text
    assert "● not Shadow: controls Capital" in text


def test_the_victory_condition_names_aims_and_coalitions():
    view = Game(load_scenario_file(RULES / "aims.toml"), 1).view()
    assert victory_condition(view).endswith("; a faction that meets its own aim wins at once; The Pact (Big, Ally) win or lose together.")


def test_the_region_detail_shows_fading_influence_attitudes_and_receptivity_now():
    game = partners_game()
    north = game.view().regions["north"]
    text = RegionDetail.render_detail(game.view(), "north", 100).plain
    assert f"{north.influence['blue']} ({north.fading['blue']} fading)" in text
    assert "Attitudes towards each faction" in text
    assert "B  goodwill 0/5   dependency 2/5" in text
    assert "R  goodwill 2/5   dependency 0/5" in text
    assert north.receptivity["exercise"] == 0 and "Receptivity: others 0" in text  # the drill took +1 down to 0


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_region_detail_snapshot_format_2(snap_compare, size):
    assert snap_compare(ScreenHost(lambda: RegionDetail(partners_game(), "north")), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_game_screen_snapshot_with_an_aim(snap_compare, size):
    def build():
        game = Game(load_scenario_file(RULES / "aims.toml"), 1)
        session = Session(game, {"small": "human", "big": "random", "ally": "random", "shadow": "random"}, None, "")
        return GameScreen(session, reveal_delay=0, writing=False)

    assert snap_compare(ScreenHost(build), terminal_size=size)


def _plain(group) -> str:
    return "\n".join(part.plain for part in group.renderables if hasattr(part, "plain"))


def test_the_debrief_says_which_aim_was_met_and_who_lost_with_a_collapsed_partner():
    """Aims: Shadow smears Big twice; Big collapses, Shadow's aim is met, Big and its partner Ally lose."""
    game = Game(load_scenario_file(RULES / "aims.toml"), 1)
    for _ in range(2):
        game.submit("shadow", [Order("smear", "big")])
        game.resolve()
    text = _plain(DebriefScreen(game, record_path=None).result_text())
    assert "Game over on turn 2: an aim was met (H Shadow: Bring down Big's government.)." in text
    assert "Lost (collapsed, or in a collapsed faction's coalition): " in text


def test_a_classroom_inject_names_where_a_format_2_card_lands():
    scenario = load_scenario_file(RULES / "partners.toml")
    assert [rule_words(scenario.card(c), scenario) for c in ("scandal", "audit", "forum_vote", "local_anger")] == [
        "the faction with the most such orders last turn",
        "the richest faction",
        "the factions with the most influence in North",
        "North",
    ]
