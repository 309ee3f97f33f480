"""Whole games through the UI, with keys only, as players and teachers would play."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets._footer import FooterKey
from waiting import until

from engine.record import read_record, replay
from engine.views import reveal
from players.table import Session
from tui.app import DetenteApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.game import GameScreen
from tui.screens.handoff import HandoffScreen
from tui.screens.order_picker import OrderPicker
from tui.screens.setup import SetupScreen
from tui.screens.turn_review import TurnReview
from tui.screens.writing import WritingScreen
from tui.widgets.log_view import LogView, entry_actor
from tui.widgets.orders import OrdersPanel
from tui.widgets.tracks import TracksPanel

CREATED = "2026-02-03T04:05:06Z"


def make_app(tmp_path, **options) -> DetenteApp:
    """The app on ``tmp_path``; without ``writing``, no plan or reflection is offered (the tests of them ask for it)."""
    options.setdefault("writing", False)
    return DetenteApp(games_folder=tmp_path, clock=lambda: CREATED, reveal_delay=0, **options)


def keys(text: str) -> list[str]:
    """The keys that type ``text``."""
    return ["space" if c == " " else c for c in text]


async def add_first_order(pilot, why: str = "") -> None:
    """a, then the first possible move and target, then a justification."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OrderPicker)
    await pilot.press("enter")  # the first move that is possible now
    await pilot.pause()
    if pilot.app.screen.query_one("#targets").display:
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press(*["space" if c == " " else c for c in why])
    await pilot.press("enter")
    await pilot.pause()


async def test_a_complete_game_from_the_title_screen_to_the_debrief(tmp_path):
    app = make_app(tmp_path, seed=5, writing=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first scenario
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("ctrl+s")  # first faction human, the others greedy bots
        await until(pilot, lambda: isinstance(app.screen, WritingScreen), what="the plan")
        assert app.screen.kind == "plan"
        await pilot.press("ctrl+s")  # nothing written: refused, the screen stays
        await pilot.pause()
        assert isinstance(app.screen, WritingScreen) and "a plan is empty" in str(app.screen.query_one("#error").render())
        await pilot.press(*keys("Hold Tenrai"), "enter", *keys("Aid first"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        game = screen.game
        human = screen.current
        assert human == game.factions[0]
        turns = 0
        while isinstance(app.screen, GameScreen):
            turn = game.turn
            await add_first_order(pilot, why="Reassure a partner")
            assert len(screen.draft) == 1 and screen.draft[0].why == "Reassure a partner"
            await pilot.press("s")
            while not isinstance(app.screen, TurnReview):
                await until(pilot, lambda: isinstance(app.screen, (ConfirmScreen, TurnReview)), what="a warning or the review")
                if isinstance(app.screen, ConfirmScreen):
                    await pilot.press("y")  # confirm the unspent-budget warning
            assert app.screen.turn == turn and (game.turn > turn or game.is_over)
            review, heading = app.screen, [f"Turn {turn}"]
            await until(pilot, lambda review=review, heading=heading: review.summary_lines()[:1] == heading, what="the turn's summary drawn")
            await pilot.press("enter")  # the review stays until dismissed, before the next turn or the debrief
            await until(pilot, lambda: isinstance(app.screen, (GameScreen, WritingScreen)), what="the next turn or the reflection")
            turns += 1
        assert app.screen.kind == "reflection"
        await pilot.press(*keys("Too slow"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), what="the debrief")
        assert game.is_over and turns == game.outcome.turn
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        record = tmp_path / f"{game.scenario.id}-20260203T040506Z-seed5.jsonl"
        assert str(record) in text
        winner = game.scenario.faction(game.outcome.winners[0]).name
        assert winner in text
    result = replay(read_record(record))
    assert result.verified and result.game.outcome == game.outcome
    whys = {o.why for items in result.game.inputs.values() for s in items for o in getattr(s, "orders", ()) if s.faction == human}
    assert whys == {"Reassure a partner"}
    assert result.game.written(human) == ("Hold Tenrai\nAid first", "Too slow")


async def test_hot_seat_hides_each_teams_orders_behind_a_hand_off(tmp_path, mini):
    seats = {"blue": "human", "red": "human", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=3, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)
        assert "Blue" in " ".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.current == "blue"
        await add_first_order(pilot, why="secret plan")
        await pilot.press("s", "y")
        await pilot.pause()
        assert isinstance(app.screen, HandoffScreen)  # pass to Red: nothing of Blue's draft behind it
        assert screen.query_one(OrdersPanel).option_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current == "red" and screen.draft == []
        panel_text = " ".join(str(panel.get_option_at_index(i).prompt) for panel in [screen.query_one(OrdersPanel)] for i in range(panel.option_count))
        assert "secret plan" not in panel_text
        await pilot.press("s", "y")
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the turn's review")
        assert screen.game.turn == 2, "the review of turn 1 comes before the hand-off of turn 2"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HandoffScreen), what="the hand-off")


async def test_quitting_mid_turn_asks_and_the_autosave_resumes(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    path = tmp_path / "game.jsonl"
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats, record=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await add_first_order(pilot)
        await pilot.press("s", "y")
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the turn's review")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="turn 2")
        assert app.screen.game.turn == 2
        await add_first_order(pilot)  # a draft that is not submitted
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and len(app.screen.draft) == 1
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    resumed = Session.resume(path)
    assert resumed.game.turn == 2 and resumed.humans_to_order() == ("blue",)
    app = make_app(tmp_path, session=resumed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen) and app.screen.current == "blue"
        assert app.screen.draft == []


async def test_the_command_palette_offers_the_legal_orders_by_name(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+p")

        def offered() -> list[str]:
            palette = app.screen
            if not isinstance(palette, CommandPalette):
                return []
            options = palette.query_one(CommandList)
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        await until(pilot, lambda: any(p.startswith("Order: ") for p in offered()[:10]), what="orders offered before any typing")
        await pilot.press(*"military aid north")

        def found() -> bool:
            palette = app.screen
            if not isinstance(palette, CommandPalette):
                return False
            hit = palette.query_one(CommandList).highlighted_option
            return hit is not None and "Military aid → North" in str(hit.prompt)

        await until(pilot, found, what="the palette to offer military aid to North")
        hit = app.screen.query_one(CommandList).highlighted_option
        assert "chance sure · effect: influence +1, stability +1" in str(hit.prompt), "the order's numbers are under its name"
        await pilot.press("enter")
        await pilot.pause()
        assert [(o.move, o.target) for o in screen.draft] == [("aid", "north")]


async def test_the_palette_lists_the_orders_first_and_textuals_own_commands_last(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        legal = len(screen.game.legal_options("blue"))
        system = {command.title for command in app.get_system_commands(screen)}
        await pilot.press("ctrl+p")

        def offered() -> list[str]:
            palette = app.screen
            if not isinstance(palette, CommandPalette):
                return []
            options = palette.query_one(CommandList)
            return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]

        await until(pilot, lambda: any(p in system for p in offered()), what="Textual's own commands listed")
        prompts = offered()
        orders = [i for i, p in enumerate(prompts) if p.startswith("Order: ")]
        assert orders == list(range(legal)), "every legal order, and they come first"
        assert prompts[legal].startswith("Help: "), "then the game's help and log filters"
        assert min(i for i, p in enumerate(prompts) if p in system) > max(i for i, p in enumerate(prompts) if p.startswith("Log: "))
        assert "Quit" in system and "Quit" in prompts, "Textual's commands are still offered"


async def test_a_dialog_shows_its_own_keys_in_the_footer_not_the_tables(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats)

    def footer_keys() -> set[str]:
        return {key.key for key in app.screen.query(FooterKey)}

    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and "s" in footer_keys(), what="the table's keys")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, OrderPicker) and "escape" in footer_keys(), what="the picker's keys")
        assert not {"a", "d", "s", "q"} & footer_keys(), "none of the table's keys under the picker"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen) and "s" in footer_keys(), what="the table's keys again")
        await pilot.press("s")  # nothing drafted: asked to confirm
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen) and "y" in footer_keys(), what="the question's keys")
        assert "n" in footer_keys() and not {"a", "d", "s", "q"} & footer_keys()
        for turn in (1, 2):  # the review is kept between turns: its footer each time
            if turn == 2:
                await pilot.press("s")
                await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question again")
            await pilot.press("y")
            await until(pilot, lambda: isinstance(app.screen, TurnReview) and "enter" in footer_keys(), what="the review's keys")

            def earlier_usable() -> bool:
                return any(key.key == "left" and not key.has_class("-disabled") for key in app.screen.query(FooterKey))

            await until(pilot, lambda turn=turn: earlier_usable() == (turn == 2), what="an earlier turn's key, usable from turn 2 on")
            assert not {"a", "d", "s", "q"} & footer_keys(), turn
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, GameScreen) and "s" in footer_keys(), what="the table's keys after the review")


async def test_the_log_groups_a_turn_by_faction_full_screen_at_80x24(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table")
        screen = app.screen
        await pilot.press("s")
        while not isinstance(app.screen, TurnReview):
            await until(pilot, lambda: isinstance(app.screen, (ConfirmScreen, TurnReview)), what="a warning or the review")
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
        await pilot.press("enter")
        log = screen.query_one(LogView)
        await until(pilot, lambda: app.screen is screen and log.shown, what="the table and its log")
        in_order = list(log.shown)
        await pilot.press("L", "o")
        await until(pilot, lambda: log.grouped and screen.maximized is log, what="the log grouped, full screen")
        assert sorted(map(id, log.shown)) == sorted(map(id, in_order)), "every entry still shown, once"
        text = [strip.text.rstrip() for strip in log.lines]
        assert text[0] == "Turn 1" and " ⚑ Events and upkeep" in text
        heads = [text.index(f" {f.letter} {f.name}") for f in mini.factions if any(e.turn == 1 and entry_actor(e) == f.id for e in in_order)]
        assert heads and heads == sorted(heads), "factions in scenario order under the turn"
        order = ["", *(f.id for f in mini.factions)]
        ranks = [(e.turn, order.index(entry_actor(e) if entry_actor(e) in order else "")) for e in log.shown]
        assert ranks == sorted(ranks) and ranks != [(e.turn, 0) for e in log.shown], "by turn, then events and upkeep, then each faction"
        assert log.border_subtitle == "by turn and faction"
        await pilot.press("o")
        await until(pilot, lambda: not log.grouped, what="the log in order again")
        assert log.shown == in_order


async def test_a_resolved_turn_is_revealed_entry_by_entry_as_a_fold_of_the_view_before_it(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = DetenteApp(games_folder=tmp_path, clock=lambda: CREATED, reveal_delay=3600, scenario=mini, seed=3, seats=seats, writing=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        session, game = screen.session, screen.game
        befores = []
        resolve = session.resolve

        def resolve_after_looking():
            befores.append(game.view())  # what the screen sees just before resolving
            return resolve()

        session.resolve = resolve_after_looking
        await add_first_order(pilot)
        await pilot.press("s", "y")
        await pilot.pause()
        (before,) = befores
        log, tracks = screen.query_one(LogView), screen.query_one(TracksPanel)
        entries = game.log[len(before.log) :]
        assert len(entries) > 2 and len(log.shown) == len(before.log), "the timer is far off: nothing is shown yet"
        for shown in range(1, len(entries)):
            screen.reveal_next()
            await pilot.pause()
            assert log.shown[len(before.log) :] == entries[:shown]
            drawn = TracksPanel.render_tracks(reveal(before, entries[:shown]), None, tracks.content_region.width)
            assert tracks.content.plain == drawn.plain
        screen.reveal_next()
        await pilot.pause()
        assert log.shown == game.log and reveal(before, entries) == game.view()
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the turn's review once all is shown")
        await pilot.press("enter")
        await until(pilot, lambda: screen.current == "blue", what="blue's next turn")
        await pilot.pause()
        assert tracks.content.plain == TracksPanel.render_tracks(game.view(), "blue", tracks.content_region.width).plain


async def test_a_reveal_pauses_steps_shows_all_and_replays_and_turns_can_be_reviewed(tmp_path, mini):
    seats = {"blue": "human", "red": "random", "green": "random"}
    app = DetenteApp(games_folder=tmp_path, clock=lambda: CREATED, reveal_delay=3600, scenario=mini, seed=3, seats=seats, writing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        screen = app.screen
        log = screen.query_one(LogView)
        for turn in (1, 2):
            before = len(screen.game.log)
            await add_first_order(pilot)
            await pilot.press("s", "y")
            await until(pilot, lambda: screen._revealing, what="the reveal")
            shown = len(log.shown)
            await pilot.press("n")
            await until(pilot, lambda shown=shown: len(log.shown) == shown + 1, what="one more entry")
            assert screen._paused and "paused" in screen.sub_title
            await pilot.press("space")
            assert not screen._paused
            await pilot.press("end")
            await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the review")
            assert app.screen.turn == turn and len(log.shown) > before
            await pilot.press("enter")
            await until(pilot, lambda: screen.current == "blue" and isinstance(app.screen, GameScreen), what="blue's turn")
        whole = list(log.shown)
        await pilot.press("r")  # the last turn again, from the position before it
        await until(pilot, lambda: screen._revealing, what="the replay")
        assert len(log.shown) < len(whole)
        await pilot.press("end")
        await until(pilot, lambda: log.shown == whole, what="the log as it was")
        assert isinstance(app.screen, GameScreen) and screen.current == "blue", "a replay leads nowhere but back"
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the review")
        review = app.screen
        assert review.turn == 2
        await pilot.press("left")
        assert review.turn == 1
        await until(pilot, lambda: review.summary_lines()[:1] == ["Turn 1"], what="turn 1's summary")
        await pilot.press("left")
        assert review.turn == 1
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the table")


async def test_bots_think_off_the_ui_thread_and_the_screen_answers_meanwhile(tmp_path, mini):
    import threading

    from players.bots import RandomBot
    from tui.screens.help import HelpScreen

    release, thinking = threading.Event(), []

    class SlowBot:
        def choose(self, game, faction):
            thinking.append(threading.current_thread() is threading.main_thread())
            release.wait(timeout=30)
            return RandomBot().choose(game, faction)

    seats = {"blue": "human", "red": "random", "green": "random"}
    app = make_app(tmp_path, scenario=mini, seed=4, seats=seats)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the game")
        screen = app.screen
        screen.session._bots["red"] = SlowBot()
        await add_first_order(pilot)
        await pilot.press("s", "y")
        await until(pilot, lambda: thinking, what="the bot to start thinking")
        assert thinking == [False], "the bot thinks in a worker thread"
        assert "the bots are choosing" in screen.sub_title
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help while the bot thinks")
        await pilot.press("escape")
        release.set()
        await until(pilot, lambda: isinstance(app.screen, TurnReview), what="the turn's review")
        assert screen.game.turn == 2


async def test_the_guided_first_turn_explains_the_table_an_order_and_the_turn(tmp_path):
    from tui.screens.guide import GUIDE, GuideCard
    from tui.screens.title import TitleScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TitleScreen), what="the title")
        await pilot.press("t")
        for title, _ in GUIDE["start"]:
            await until(pilot, lambda title=title: isinstance(app.screen, GuideCard) and app.screen.title_text == title, what=title)
            await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), what="the table")
        screen = app.screen
        assert screen.current == screen.game.factions[0] and screen.session.seats[screen.game.factions[1]] == "greedy"
        await add_first_order(pilot)
        await until(pilot, lambda: isinstance(app.screen, GuideCard), what="the card about orders and rolls")
        assert "roll" in app.screen.text
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, what="the table")
        await pilot.press("s")
        while not isinstance(app.screen, TurnReview):
            await until(pilot, lambda: isinstance(app.screen, (ConfirmScreen, TurnReview)), what="a warning or the review")
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GuideCard), what="the card after the turn")
        assert app.screen.title_text == GUIDE["reviewed"][0][0]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the table")
        assert screen.guided is None, "escape leaves the guide"
