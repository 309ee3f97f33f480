"""The title, set-up, help, debrief, confirm and hand-off screens, driven with Pilot.

Each screen is pushed alone in a small host app with a callback that keeps
what it dismisses with, then driven with key presses and clicks.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Select
from waiting import until

from engine import Game, load_scenario_file
from engine.catalog import load_bundled
from players.autoplay import autoplay
from players.bots import RandomBot
from tui.classroom.seat import SeatScreen
from tui.palette import sparkline
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.game import GameScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.help import GAME_KEYS, KEYS, SEAT_KEYS, HelpScreen
from tui.screens.setup import Setup, SetupScreen
from tui.screens.title import TitleScreen

MINI = Path(__file__).parent.parent / "scenarios" / "mini.toml"
SMALL, LARGE = (80, 24), (160, 48)


class Host(App[None]):
    """A bare app that pushes one screen and keeps its results."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.under_test = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, callback=self.results.append)


def text_of(widget: Widget) -> str:
    """Everything ``widget`` and its descendants render, scrolled into view or not, as plain text."""
    lines = []
    for node in widget.walk_children(with_self=True):
        if not node.children:
            width, height = node.outer_size
            lines += [strip.text for strip in node.render_lines(Region(0, 0, width, height))]
    return "\n".join(lines)


def assert_nothing_wider_than_the_screen(screen: Screen) -> None:
    """No scrolling container needs to scroll sideways: nothing is cut off on the right."""
    for container in screen.query(ScrollableContainer):
        assert container.max_scroll_x == 0, container


@pytest.fixture(scope="module")
def scenarios():
    return [load_bundled("indo_pacific"), load_scenario_file(MINI)]


@pytest.fixture(scope="module")
def finished_game():
    game = Game(load_scenario_file(MINI), seed=3)
    return autoplay(game, {faction: RandomBot() for faction in game.factions})


def scenario_factions(scenario) -> list[str]:
    return [faction.id for faction in scenario.factions]


# -- title ------------------------------------------------------------------------------------


async def test_title_dismisses_with_the_highlighted_scenario(scenarios):
    app = Host(TitleScreen(scenarios))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("down", "enter")
    assert app.results == ["mini"]


async def test_title_shows_the_highlighted_scenarios_details(scenarios):
    indo = scenarios[0]
    app = Host(TitleScreen(scenarios))
    async with app.run_test(size=SMALL) as pilot:
        about = text_of(app.screen.query_one("#about"))
        assert "Learning objectives" in about
        assert "Tell apart the instruments of military" in about
        assert f"{len(indo.regions)} regions, {len(indo.moves)} moves, {len(indo.cards)} event cards" in about
        factions = text_of(app.screen.query_one("#factions"))
        for faction in indo.factions:
            assert f"{faction.letter}  {faction.name}" in factions
        assert_nothing_wider_than_the_screen(app.screen)
        await pilot.press("down")
        assert "Mini" in text_of(app.screen.query_one("#about"))
        assert "None listed" in text_of(app.screen.query_one("#about"))


async def test_title_preselects_and_uses_a_large_terminal_side_by_side(scenarios):
    app = Host(TitleScreen(scenarios, selected="mini"))
    async with app.run_test(size=LARGE) as pilot:
        screen = app.screen
        assert screen.has_class("-wide")
        about, factions = screen.query_one("#about"), screen.query_one("#factions")
        assert about.region.y == factions.region.y and about.region.right <= factions.region.x
        await pilot.press("enter")
    assert app.results == ["mini"]


# -- set-up -----------------------------------------------------------------------------------


async def test_setup_returns_the_chosen_seats_and_seed(scenarios):
    mini = scenarios[1]
    app = Host(SetupScreen(mini, seed=7))
    async with app.run_test(size=SMALL) as pilot:
        # Red (second faction) defaults to the greedy bot: make it human.
        await pilot.click("#seat-red")
        await pilot.press("up", "up", "enter")
        await pilot.click("#seed")
        await pilot.press("end", "backspace", *"2024")
        await pilot.press("ctrl+s")
    assert app.results == [Setup(seed=2024, seats=(("blue", "human"), ("red", "human"), ("green", "greedy")))]


async def test_setup_defaults_and_start_button(scenarios):
    app = Host(SetupScreen(scenarios[1], seed=99, seats={"blue": "random", "green": "human"}))
    async with app.run_test(size=SMALL) as pilot:
        assert app.screen.query_one("#seat-blue", Select).value == "random"
        assert app.screen.query_one("#seat-red", Select).value == "greedy"  # not given: not the first, the greedy bot
        await pilot.click("#start")
    assert app.results == [Setup(99, (("blue", "random"), ("red", "greedy"), ("green", "human")))]


async def test_setup_rejects_a_seed_that_is_not_a_whole_number(scenarios):
    app = Host(SetupScreen(scenarios[1], seed=7))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.click("#seed")
        await pilot.press("end", "backspace", *"4x2")
        await pilot.press("ctrl+s")
        assert app.results == []
        assert isinstance(app.screen, SetupScreen)
        note = text_of(app.screen.query_one("#seed-note"))
        assert "'4x2' is not a seed" in note and "digits only" in note
        assert app.focused is app.screen.query_one("#seed")
        await pilot.press("backspace", "backspace", "2", "enter")
    assert app.results == [Setup(42, (("blue", "human"), ("red", "greedy"), ("green", "greedy")))]


async def test_setup_escape_goes_back(scenarios):
    app = Host(SetupScreen(scenarios[0], seed=1))
    async with app.run_test(size=LARGE) as pilot:
        assert app.screen.has_class("-wide")
        await pilot.press("escape")
    assert app.results == [None]


# -- help -------------------------------------------------------------------------------------


async def test_help_shows_rules_keys_and_the_scenario_and_closes(scenarios):
    indo = scenarios[0]
    app = Host(HelpScreen(indo))
    async with app.run_test(size=SMALL) as pilot:
        rules = text_of(app.screen.query_one("#rules"))
        for words in ("The turn", "Resolution", "Upkeep", "Credibility", "Domestic support", "Contested", "countered"):
            assert words in rules
        aside = text_of(app.screen.query_one("#aside"))
        assert "command palette" in aside and "cycle the log's faction filter" in aside
        assert indo.title in aside and "Learning objectives" in aside
        assert_nothing_wider_than_the_screen(app.screen)
        pages = app.screen.query_one("#pages")
        assert pages.scroll_y == 0
        await pilot.press("k")
        await pilot.pause()
        assert pages.scroll_y > 0  # the key reference comes after the rules at 80 columns
        await pilot.press("question_mark")
    assert app.results == [None]


async def test_help_opened_at_the_legend_shows_what_every_mark_means(scenarios):
    app = Host(HelpScreen(scenarios[0], at_legend=True))
    async with app.run_test(size=SMALL) as pilot:
        pages = app.screen.query_one("#pages")
        heading = app.screen.query_one("#legend")
        assert text_of(heading).lstrip().startswith("What the marks mean")
        await until(pilot, lambda: pages.scroll_y > 0 and pages.region.contains_region(heading.region), what="the legend in view")
        legend = text_of(app.screen.query_one("#aside"))
        for mark in ("★", "⚑", "s5", "$11", "+7", "2t", "▶", "✓", "⚠", "21/65", "↓ more", "83%", "▒", "◎"):
            assert mark in legend, mark
        await pilot.press("k")
        await until(pilot, lambda: not pages.region.contains_region(heading.region), what="the keys above the legend")
        await pilot.press("g")
        await until(pilot, lambda: pages.region.contains_region(heading.region), what="g to go back to the legend")


@pytest.mark.parametrize(("screen", "own_keys"), [(GameScreen, GAME_KEYS), (SeatScreen, SEAT_KEYS)], ids=["game", "seat"])
def test_the_help_names_every_key_of_the_game_and_of_a_seat_once(screen, own_keys):
    keys = KEYS.format(seat_keys=own_keys)
    bound: dict[str, str] = {}
    for cls in reversed(screen.__mro__):  # a subclass's binding of a key replaces its base's
        for binding in vars(cls).get("BINDINGS", []) if cls.__module__.startswith("tui.") else []:
            bound[binding.key] = binding.action
    shown = {"question_mark": "?"}
    for key, action in bound.items():
        assert f"`{shown.get(key, key)}`" in keys, f"{key} ({action}) is not in the help"
    assert bound["n"] == "step_reveal" and "`n` shows one more" in keys and "- `n`" not in keys, "n steps a reveal on every table, and only that"


async def test_help_without_a_scenario_closes_on_escape():
    app = Host(HelpScreen())
    async with app.run_test(size=LARGE) as pilot:
        assert "Learning objectives" not in text_of(app.screen.query_one("#aside"))
        await pilot.press("escape")
    assert app.results == [None]


# -- debrief ----------------------------------------------------------------------------------


async def test_debrief_shows_the_winner_and_where_the_record_is(finished_game):
    game = finished_game
    winner = game.scenario.faction(game.outcome.winners[0])
    app = Host(DebriefScreen(game, record_path="records/mini-seed3.detente"))
    async with app.run_test(size=SMALL) as pilot:
        result = text_of(app.screen.query_one("#result"))
        assert f"Winner:  {winner.letter}  {winner.name}" in result
        assert "★ winner" in result
        assert "records/mini-seed3.detente" in text_of(app.screen.query_one("#record"))
        objectives = text_of(app.screen.query_one("#objectives"))
        assert "Control the North" in objectives
        assert "Turning points" in text_of(app.screen.query_one("#turning-points"))
        scores = [score for s in game.history for _, score in s.scores]
        spark = app.screen.query_one(f"#spark-{winner.id}-score")
        expected = "".join(2 * mark for mark in sparkline([dict(s.scores)[winner.id] for s in game.history], min(scores), max(scores)))
        assert text_of(spark).strip() == expected, "every faction's chart on one scale"
        assert_nothing_wider_than_the_screen(app.screen)
        await pilot.press("n")
    assert app.results == [None]


def test_turning_points_are_the_turns_where_the_lead_or_a_rank_changed_and_say_how(finished_game):
    screen = DebriefScreen(finished_game, record_path=None)
    history = finished_game.history

    def order(snapshot):
        scores = dict(snapshot.scores)
        return {f: sorted(scores.values(), reverse=True).index(score) for f, score in scores.items()}

    changed = [after.turn for before, after in pairwise(history) if order(before) != order(after)]
    assert screen.turning_points() == changed
    for turn in changed:
        said = screen.rank_changes(turn)
        assert said and ("lead" in said or "rose" in said or "fell" in said), said
    text = screen.turning_points_text()
    assert "the lead or a rank changed" in str(text.renderables[0])


async def test_debrief_on_a_large_terminal_puts_charts_beside_the_result(finished_game):
    app = Host(DebriefScreen(finished_game, record_path=None))
    async with app.run_test(size=LARGE):
        screen = app.screen
        assert screen.has_class("-wide")
        assert screen.query_one("#right").region.x > screen.query_one("#left").region.right - 1
        assert "not recorded" in text_of(screen.query_one("#record"))


async def test_debrief_puts_a_collapsed_faction_last_whatever_its_score():
    scenario = load_bundled("indo_pacific")
    for seed in range(200):
        game = autoplay(Game(scenario, seed), {f: RandomBot() for f in scenario_factions(scenario)})
        if game.outcome.losers:
            break
    else:
        pytest.skip("no collapse among the first 200 random games")
    loser = scenario.faction(game.outcome.losers[0])
    app = Host(DebriefScreen(game, record_path=None))
    async with app.run_test(size=SMALL):
        result = text_of(app.screen.query_one("#result"))
        assert f"Collapsed:  {loser.letter}  {loser.name}" in result
        rows = [line for line in result.splitlines() if "collapsed" in line and loser.name in line]
        assert rows and rows[0].split()[1] == "–"
        assert "domestic support of" in result


# -- confirm ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("keys", "answer"), [(["y"], True), (["enter"], True), (["n"], False), (["escape"], False)])
async def test_confirm_answers(keys, answer):
    app = Host(ConfirmScreen("Quit the game?", "Unsubmitted orders are lost."))
    async with app.run_test(size=SMALL) as pilot:
        assert "Unsubmitted orders are lost." in text_of(app.screen.query_one("#detail"))
        await pilot.press(*keys)
    assert app.results == [answer]


async def test_confirm_buttons_carry_their_labels():
    app = Host(ConfirmScreen("Resolve the turn?", yes="Resolve", no="Wait"))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.click("#no")
    assert app.results == [False]


# -- hand-off ---------------------------------------------------------------------------------


async def test_handoff_names_the_next_faction_hides_the_game_and_waits_for_enter(scenarios):
    faction = scenarios[0].factions[1]
    app = Host(HandoffScreen(faction, 3))
    async with app.run_test(size=SMALL) as pilot:
        shown = text_of(app.screen.query_one("#card"))
        assert f"Pass to  {faction.letter}  {faction.name}" in shown
        assert f"Press Enter when {faction.name} is at the keyboard" in shown
        assert app.screen.styles.background.a == 1  # opaque: nothing behind shows through
        await pilot.press("space", "y")
        assert app.results == []
        await pilot.press("enter")
    assert app.results == [None]
