"""The order picker shows the numbers behind each choice, wrapped to the dialog."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey
from waiting import until

from engine import Game
from engine.catalog import load_bundled
from players.advice import failing_requirements, success_chance
from tui.order_facts import chance_text, move_facts, target_facts
from tui.screens.order_picker import OrderPicker


class Host(App[None]):
    def __init__(self, game: Game, faction: str) -> None:
        super().__init__()
        self.picker = OrderPicker(game, faction, draft=[])

    def on_mount(self) -> None:
        self.push_screen(self.picker)


def test_move_facts_say_odds_effects_payoffs_and_every_reason_target_by_target():
    game = Game(load_bundled("indo_pacific"), 11)
    training = game.scenario.move("training_programme")
    text = move_facts(game, "seaboard", training).plain
    assert "Roll: a die plus modifiers, 3 or more succeeds: 67% to sure by target." in text
    assert "On success: influence +1" in text and "Pays off 2 turns later, if it succeeds: influence +1" in text
    assert "Khemra: needs influence 1 in Khemra (you have 0)" in text
    compact = game.scenario.move("security_compact")
    text = target_facts(game, "seaboard", compact, "ravani").plain
    for reason in failing_requirements(game, "seaboard", compact, "ravani"):
        assert f"Not possible: {reason}" in text
    assert f"Chance {chance_text(success_chance(game, 'seaboard', compact, 'ravani'))}" in text


def test_move_facts_say_what_a_move_adds_while_its_condition_holds():
    game = Game(load_bundled("northern_alliance"), 7)
    rebuttal = move_facts(game, "estrava", game.scenario.move("strategic_comms")).plain
    assert "Also on success, while disinformation active on the target: influence +1, credibility +1" in rebuttal
    training = move_facts(game, "estrava", game.scenario.move("officer_training")).plain
    assert "Also on success, while Officers trained in the region at least 2: influence −1" in training
    gulf = Game(load_bundled("qadiri_gulf"), 7)
    report = move_facts(gulf, "valoria", gulf.scenario.move("export_report")).plain
    assert "Also on success, while (disinformation active on the target or scandal active on the target): credibility +1" in report


async def test_the_picker_lists_chances_and_wraps_the_highlighted_moves_facts():
    game = Game(load_bundled("indo_pacific"), 11)
    app = Host(game, "seaboard")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.picker
        await until(pilot, lambda: app.screen is picker, what="the picker")
        moves = picker.query_one("#moves", OptionList)
        prompts = [str(moves.get_option_at_index(i).prompt) for i in range(moves.option_count)]
        assert any("sure" in p for p in prompts) and any("up to 83%" in p for p in prompts)
        assert any("(+7 more reasons)" in p for p in prompts), "a move with no target says it has more reasons than the first"
        while moves.highlighted_option is None or moves.highlighted_option.id != "training_programme":
            await pilot.press("down")
        summary = picker.query_one("#summary", Static)
        await until(pilot, lambda: "Pays off 2 turns later" in str(summary.render()), what="the training's facts")
        assert summary.size.height > 2 and summary.size.width <= 80, "the facts wrap instead of running off one line"
        await pilot.press("enter")
        targets = picker.query_one("#targets", OptionList)
        await until(pilot, lambda: targets.display and targets.option_count == 8, what="the targets")
        assert "sure" in str(targets.get_option_at_index(0).prompt)
        await until(pilot, lambda: "Sure to succeed: 3+ on a die" in str(summary.render()), what="the first target's odds")


async def test_the_pickers_footer_shows_its_keys_at_every_step():
    game = Game(load_bundled("indo_pacific"), 11)
    app = Host(game, "seaboard")

    def keys() -> set[tuple[str, str]]:
        return {(key.key_display if key.key == "up" else key.key, key.description) for key in app.picker.query(FooterKey)}

    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen is app.picker and keys(), what="the picker's footer")
        await until(pilot, lambda: keys() == {("↑↓", "Move"), ("enter", "Choose"), ("escape", "Back")}, what="the list's keys")
        await pilot.press("enter")  # the first open move: a target next
        await until(pilot, lambda: app.picker.query_one("#targets").has_focus, what="the targets")
        await pilot.press("enter")
        await until(pilot, lambda: keys() == {("enter", "Add order"), ("escape", "Back")}, what="the justification's keys")
