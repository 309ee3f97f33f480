"""A team's seat in a classroom session, driven with keys through Pilot as a team would."""

from __future__ import annotations

import gc

import pytest
from textual.widgets import Input, Select
from waiting import until

from classroom.store import Settings, Store
from classroom.timer import TimerStatus
from engine.catalog import load_bundled
from engine.inputs import Note
from engine.log import Noted
from tests.clock import FakeClock
from tui.classroom import app as classroom_app
from tui.classroom.app import ClassroomApp
from tui.classroom.dialogs import TextPrompt
from tui.classroom.login import LoginScreen
from tui.classroom.messages import MessagesScreen
from tui.classroom.seat import SeatScreen, clock_text
from tui.screens.debrief import DebriefScreen
from tui.widgets.log_view import LogView

CREATED = "2026-11-25T09:00:00Z"


@pytest.fixture
def session(tmp_path):
    """A one-world indo_pacific session (all three factions played by teams), its codes and an open store."""
    clock = FakeClock()
    new = Store.create(
        tmp_path / "class.detente",
        load_bundled("indo_pacific"),
        created=CREATED,
        clock=clock,
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=True),
    )
    stores = []
    with Store.open(new.path, clock=clock) as store:
        store.facilitator(new.facilitator_code).resume()  # the class begins: turns resolve when all are in

    def open_store() -> Store:
        store = Store.open(new.path, clock=clock)
        stores.append(store)
        return store

    yield new, open_store, clock
    for store in stores:
        store.close()


def code_of(new, faction: str) -> str:
    return new.seat_codes[(1, faction)]


def caught_up(screen: SeatScreen):
    """A condition: the seat has read the session as it is now (its world's revision), and redrawn."""
    return lambda: screen.view.revision == screen.desk.revision()


def bar(screen: SeatScreen) -> str:
    """The bar under the table as drawn (the seat redraws it at each poll when it changed)."""
    return str(screen.query_one("#seatbar").render())


def at_the_door(app, reason: str):
    """A condition: the login screen is on top, mounted, and says ``reason``."""
    return lambda: isinstance(app.screen, LoginScreen) and any(reason in str(w.render()) for w in app.screen.query("#problem"))


async def type_code(pilot, code: str) -> None:
    await pilot.click("#code")
    for character in code:
        await pilot.press(character if character != "-" else "minus")
    await pilot.press("enter")
    await pilot.pause()


async def draft_first_legal(pilot) -> None:
    """Add one order with the picker: the first move, the first target, no justification."""
    await pilot.press("a")
    await pilot.pause()
    for _ in range(3):  # move, target, justification
        await pilot.press("enter")
        await pilot.pause()


async def test_a_team_joins_with_its_code_drafts_and_submits(session):
    new, open_store, _ = session
    app = ClassroomApp(open_store(), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await type_code(pilot, "WRONG-CODE")
        assert isinstance(app.screen, LoginScreen)
        assert "opens no seat" in str(app.screen.query_one("#problem").render())
        await type_code(pilot, code_of(new, "seaboard"))
        screen = app.screen
        assert isinstance(screen, SeatScreen) and screen.current == "seaboard"
        await draft_first_legal(pilot)
        assert len(screen.draft) == 1
        other = open_store().seat(code_of(new, "seaboard"))
        assert other.draft() == tuple(screen.draft)  # the draft is in the session file already
        await pilot.press("s")
        await pilot.pause()
        if app.screen is not screen:  # a warning to confirm (budget left unspent)
            await pilot.press("y")
            await pilot.pause()
        assert other.view().orders == tuple(screen.draft)
        assert "yours: in ✓" in screen.seat_line()
        assert "S✓ H… M…" in screen.seat_line()


async def test_a_seat_keeps_what_lives_as_long_as_its_process_out_of_the_garbage_collectors_scans(session, monkeypatch):
    new, open_store, _ = session
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(frozen)))  # this test process's heap is left as it is
    classroom_app.settle.cache_clear()  # as in a new process
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: frozen, what="the seat's process to freeze what it has built")
    second = ClassroomApp(open_store(), code=code_of(new, "heartland"), poll=0.05, reveal_delay=0)
    async with second.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(second.screen, SeatScreen), what="a second seat in the same process")
        await pilot.pause()
    assert frozen == [0]  # once a process: a second desk opened in it freezes nothing more


async def test_the_seat_sees_other_teams_come_in_and_the_turn_resolve(session):
    new, open_store, _ = session
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SeatScreen) and screen.game.turn == 1
        others = open_store()
        for faction in ("heartland", "meridian"):
            desk = others.seat(code_of(new, faction))
            desk.submit([desk.game().legal_options(faction)[0].order("for the test")])
        await until(pilot, caught_up(screen), what="the seat to read the two submissions")
        assert "S… H✓ M✓" in screen.seat_line()
        assert screen.game.submitted("heartland") is None  # who is in, never what they ordered
        await draft_first_legal(pilot)
        await pilot.press("s")
        await until(pilot, lambda: app.screen is not screen or screen.game.turn == 2, what="a warning to confirm, or the turn resolved")
        if app.screen is not screen:
            await pilot.press("y")
        await until(pilot, lambda: screen.game.turn == 2, what="the seat to read the resolved turn")
        assert screen.game.turn == 2  # the last team in resolved the turn
        assert screen.current == "seaboard" and screen.draft == []
        assert any("Heartland" in line for line in map(str, screen.query_one("#log").lines))


async def test_a_resolved_turn_is_shown_whole_at_once_and_r_replays_it_entry_by_entry(session):
    new, open_store, _ = session
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=3600)  # an hour an entry
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SeatScreen)
        others = open_store()
        for faction in ("heartland", "meridian", "seaboard"):
            desk = others.seat(code_of(new, faction))
            desk.submit([desk.game().legal_options(faction)[0].order("for the test")])
        await until(pilot, lambda: screen.game.turn == 2 and screen.current == "seaboard", what="the seat to take in the resolved turn")
        log = screen.query_one(LogView)
        turn = [entry for entry in screen.game.log if entry.turn == 1]
        assert len(turn) > 5 and [entry for entry in log.shown if entry.turn == 1] == turn  # the whole turn, not a reveal's first entry
        assert not screen._revealing and screen.check_action("add_order", ()) is True  # drafting turn 2 already
        await pilot.press("r")
        await until(pilot, lambda: bool(screen._revealing), what="the replay of turn 1")
        replayed = [entry for entry in log.shown if entry.turn == 1]
        assert len(replayed) < len(turn) and replayed == turn[: len(replayed)]  # from the position before turn 1 resolved
        await pilot.press("n")  # steps, as the help and the footer say (the note is N)
        await until(pilot, lambda: len([entry for entry in log.shown if entry.turn == 1]) == len(replayed) + 1, what="one more entry")
        assert app.screen is screen, "n opened no note prompt"
        await pilot.press("end")
        await until(pilot, lambda: not screen._revealing, what="the whole turn again")
        assert [entry for entry in log.shown if entry.turn == 1] == turn


async def test_a_sidelined_member_is_named_on_the_team_bar_for_that_turn_only(session):
    new, open_store, _ = session
    facilitator = open_store().facilitator(new.facilitator_code)
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        facilitator.sideline(1, "seaboard", "Sam")
        facilitator.sideline(1, "heartland", "Alex")
        await until(pilot, caught_up(app.screen), what="the seat to read the sidelining")
        line = app.screen.seat_line()
        assert "Sam sits out: the others decide" in line and "Alex" not in line
        facilitator.resolve(1)
        await until(pilot, caught_up(app.screen), what="the seat to read the resolved turn")
        assert app.screen.game.turn == 2 and "sits out" not in app.screen.seat_line()


async def test_what_a_seat_does_to_its_game_reaches_no_one_else(session):
    new, open_store, _ = session
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SeatScreen)
        store = screen.desk.store  # the same store, so the same cache as the seat's desk
        facilitator = store.facilitator(new.facilitator_code)
        heartland, seaboard = store.seat(code_of(new, "heartland")), store.seat(code_of(new, "seaboard"))
        mine = screen.game
        orders = [mine.legal_options("seaboard")[0].order("only on this seat's copy")]
        mine.submit("seaboard", orders)  # straight into the seat's own game, past its desk
        assert mine.submitted("seaboard") == tuple(orders)
        assert dict(facilitator.view(1).submitted) == {} and facilitator.orders_to_rate(1) == ()
        assert heartland.view().submitted_by == () and heartland.game().submitted("seaboard") is None
        assert seaboard.view().orders is None and seaboard.game().submitted("seaboard") is None
        assert "yours: not in yet" in screen.seat_line()  # the seat's bar reads the session, not its copy
        heartland.note("the world moves on")
        await until(pilot, caught_up(screen), what="the seat to read heartland's note")
        assert screen.game is not mine and screen.game.submitted("seaboard") is None  # a fresh fork, read again
        assert screen.game.log[-1] == Noted(1, "heartland", "the world moves on")


async def test_a_dropped_seat_rejoins_with_its_draft_and_a_replaced_code_is_shown_the_door(session):
    new, open_store, _ = session
    first = ClassroomApp(open_store(), code=code_of(new, "heartland"), poll=0.05, reveal_delay=0)
    async with first.run_test(size=(100, 30)) as pilot:
        await draft_first_legal(pilot)
        drafted = list(first.screen.draft)
    second = ClassroomApp(open_store(), code=code_of(new, "heartland"), poll=0.05, reveal_delay=0)
    async with second.run_test(size=(100, 30)) as pilot:
        screen = second.screen
        assert isinstance(screen, SeatScreen) and screen.draft == drafted
        facilitator = open_store().facilitator(new.facilitator_code)
        facilitator.reseat(1, "heartland", "Team Two")
        await until(pilot, at_the_door(second, "replaced"), what="the door, saying the code was replaced")
        assert isinstance(second.screen, LoginScreen)
        assert "replaced" in str(second.screen.query_one("#problem").render())


async def test_an_undo_by_the_facilitator_brings_back_the_turn_and_the_submitted_orders(session):
    new, open_store, _ = session
    store = open_store()
    desks = {f: store.seat(code_of(new, f)) for f in ("seaboard", "heartland", "meridian")}
    mine = desks["seaboard"].game().legal_options("seaboard")[0].order("hold the line")
    for faction, desk in desks.items():
        desk.submit([mine] if faction == "seaboard" else [])
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert screen.game.turn == 2
        open_store().facilitator(new.facilitator_code).undo(1, "the typhoon card was injected by mistake")
        await until(pilot, caught_up(screen), what="the seat to read the undo")
        assert screen.game.turn == 1 and screen.draft == [mine]
        assert "yours: in ✓" in screen.seat_line()


def test_the_clock_reads_as_a_team_expects():
    running = TimerStatus("orders", 754.2, False, False, 145.8, 1_000_754.2)
    assert clock_text(running, 1_000_000.0) == "orders 12:35 left"
    paused = TimerStatus("orders", 60.0, True, False, 840.0, None)
    assert clock_text(paused, 1_000_000.0) == "orders 1:00 left · PAUSED"
    assert clock_text(TimerStatus("orders", 0.0, False, True, 900.0, None), 0) == "time is up"
    assert clock_text(TimerStatus("", None, False, False, 0.0, None), 0) == ""
    assert clock_text(TimerStatus("debate", 7200.0, False, False, 0.0, 1_007_200.0), 1_000_000.0) == "debate 2:00:00 left"


async def test_a_team_writes_a_note_that_every_seat_reads(session):
    new, open_store, _ = session
    app = ClassroomApp(open_store(), code=code_of(new, "heartland"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await pilot.press("N")
        await until(pilot, lambda: getattr(app.focused, "id", None) == "answer", what="the note's prompt, ready for typing")
        await pilot.press("enter")  # a blank note is refused: the prompt stays
        refused = "Write the note, or press Escape."
        await until(pilot, lambda: any(refused in str(w.render()) for w in app.screen.query("#error")), what="the prompt to refuse a blank note")
        assert not isinstance(app.screen, SeatScreen)
        for character in "We ask for talks":
            await pilot.press("space" if character == " " else character)
        await pilot.press("enter")
        noted = Noted(1, "heartland", "We ask for talks")
        await until(
            pilot, lambda: not isinstance(app.screen, TextPrompt) and screen.game.log[-1] == noted, what="the prompt to close and the seat to read its note"
        )
        assert isinstance(app.screen, SeatScreen)
    other = open_store().seat(code_of(new, "seaboard")).game()
    assert other.log[-1] == Noted(1, "heartland", "We ask for talks")
    assert other.inputs[1][-1] == Note("heartland", "We ask for talks")


async def test_the_end_of_the_game_shows_the_debrief_on_an_open_seat_and_on_rejoining(session):
    new, open_store, _ = session
    facilitator = open_store().facilitator(new.facilitator_code)
    app = ClassroomApp(open_store(), code=code_of(new, "meridian"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        while not facilitator.view(1).is_over:
            facilitator.resolve(1)
        await until(pilot, lambda: isinstance(app.screen, DebriefScreen), what="the debrief on the open seat")
        assert isinstance(app.screen, DebriefScreen)
        assert "the facilitator exports its record" in str(app.screen.record_text())
    again = ClassroomApp(open_store(), code=code_of(new, "meridian"), poll=0.05, reveal_delay=0)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DebriefScreen)
        await pilot.press("n")  # leaving the debrief returns to the door
        await until(pilot, at_the_door(again, "The game is over"), what="the door, saying the game is over")
        assert isinstance(again.screen, LoginScreen)
        assert "The game is over" in str(again.screen.query_one("#problem").render())


async def test_a_team_without_orders_is_warned_once_in_the_last_minute(session):
    new, open_store, clock = session
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        warnings = []
        screen.notify = lambda message, **kwargs: warnings.append(message)
        clock.now += 830  # 70 s of the 15-minute orders phase left
        await until(pilot, lambda: "orders 1:10 left" in bar(screen), what="a poll with 70 s left")
        assert warnings == [] and "orders 1:10 left" in screen.seat_line()
        clock.now += 15
        await until(pilot, lambda: "orders 0:55 left" in bar(screen), what="a poll with 55 s left")
        clock.now += 5
        await until(pilot, lambda: "orders 0:50 left" in bar(screen), what="a poll with 50 s left")  # it warns no more
        assert warnings == ["Less than a minute of orders left and your orders are not in: press s to submit them."]


async def test_the_facilitators_code_at_the_door_opens_the_console_and_leaving_it_ends_the_app(session):
    from tui.classroom.console import FacilitatorScreen

    new, open_store, _ = session
    app = ClassroomApp(open_store(), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_code(pilot, new.facilitator_code.lower().replace("-", " "))
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


# -- private messages (rule 12.6) -------------------------------------------------------------------


async def write_message(pilot, to: str, text: str) -> None:
    """In the messages screen, choose ``to`` and send ``text``."""
    screen = pilot.app.screen
    assert isinstance(screen, MessagesScreen)
    screen.query_one("#to", Select).value = to
    screen.query_one("#text", Input).value = text
    screen.query_one("#text", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_a_team_writes_privately_and_only_the_recipient_hears_of_it(session):
    new, open_store, _ = session
    seaboard = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    heartland = ClassroomApp(open_store(), code=code_of(new, "heartland"), poll=0.05, reveal_delay=0)
    meridian = ClassroomApp(open_store(), code=code_of(new, "meridian"), poll=0.05, reveal_delay=0)
    async with seaboard.run_test(size=(80, 24)) as pilot, heartland.run_test(size=(80, 24)) as heart, meridian.run_test(size=(80, 24)) as meri:
        await pilot.press("w")
        await until(pilot, lambda: isinstance(seaboard.screen, MessagesScreen))
        screen = seaboard.screen
        await write_message(pilot, "heartland", "")
        assert "1 to 500 characters" in str(screen.query_one("#error").render())
        await write_message(pilot, "heartland", "SECRET: stay out of Solvana and we stay out of Khemra.")
        await until(pilot, lambda: "you → H Heartland Republic: SECRET: stay out" in str(screen.query_one("#messages").render()))
        assert not screen.query_one("#error").display and screen.query_one("#text", Input).value == ""
        await until(heart, lambda: any("SECRET: stay out" in n.message for n in heartland._notifications))
        await until(meri, caught_up(meridian.screen))
        assert not any("SECRET" in n.message for n in meridian._notifications)
        await meri.press("w")
        await until(meri, lambda: isinstance(meridian.screen, MessagesScreen))
        assert "SECRET" not in str(meridian.screen.query_one("#messages").render())
        assert "No messages yet." in str(meridian.screen.query_one("#messages").render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(seaboard.screen, SeatScreen))


@pytest.fixture
def planning(tmp_path):
    """A one-world indo_pacific session that asks teams for plans and reflections (``--plans``), and its codes."""
    new = Store.create(
        tmp_path / "plans.detente",
        load_bundled("indo_pacific"),
        created=CREATED,
        players={"heartland": "random", "meridian": "random"},
        settings=Settings(phases=(), resolve_when_all_in=False, plans=True),
    )
    return new


async def test_a_session_that_asks_for_plans_offers_the_plan_and_then_the_reflection(planning):
    from tui.screens.writing import WritingScreen

    new = planning
    with Store.open(new.path) as facilitating, Store.open(new.path) as seat_store:
        facilitator = facilitating.facilitator(new.facilitator_code)
        app = ClassroomApp(seat_store, code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, WritingScreen), what="the plan")
            assert app.screen.kind == "plan"
            await pilot.press(*"Hold", "space", *"Tenrai")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, SeatScreen), what="the seat")
            assert facilitator.game(1).written("seaboard") == ("Hold Tenrai", "")
            await pilot.press("p")  # open again, revise
            await until(pilot, lambda: isinstance(app.screen, WritingScreen), what="the plan again")
            assert app.screen.query_one("TextArea").text == "Hold Tenrai"
            await pilot.press("end", "!", "ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, SeatScreen), what="the seat")
            assert facilitator.game(1).written("seaboard")[0] == "Hold Tenrai!"
            while not facilitator.view(1).is_over:
                facilitator.resolve(1)
            await until(pilot, lambda: isinstance(app.screen, WritingScreen) and app.screen.kind == "reflection", what="the reflection")
            await pilot.press(*"Too", "space", *"slow", "ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, DebriefScreen), what="the debrief")
        assert facilitator.game(1).written("seaboard") == ("Hold Tenrai!", "Too slow")


async def test_without_plans_asked_the_seat_offers_none_and_p_opens_the_plan_on_turn_1_only(session):
    from tui.screens.writing import WritingScreen

    new, open_store, _ = session
    app = ClassroomApp(open_store(), code=code_of(new, "seaboard"), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SeatScreen) and screen.check_action("write", ()) is True
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, WritingScreen), what="the plan")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, what="the seat")
        open_store().facilitator(new.facilitator_code).resolve(1)
        await until(pilot, lambda: screen.game.turn == 2, what="turn 2")
        assert screen.check_action("write", ()) is False
