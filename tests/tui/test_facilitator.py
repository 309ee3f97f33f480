"""The facilitator's console (classroom mode), driven with Pilot as a teacher would.

A session of two worlds of indo_pacific is made in ``tmp_path`` on a fake
clock; the console runs on one ``Store``, and the teams act through another
``Store`` on the same file, as another process would.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Footer, Input, OptionList, Select
from textual.widgets._footer import FooterKey
from waiting import until

import engine.valueclass as valueclass
from classroom.errors import AccessDenied
from classroom.store import FacilitatorDesk, NewSession, Settings, Store
from classroom.timer import duration as clock_text
from engine.catalog import load_bundled
from engine.inputs import Order
from engine.log import CardPlayed, Directed, Noted, Rolled, Undone
from engine.record import read_record, replay
from engine.views import GameView
from players.bots import STRATEGIES
from tests.clock import FakeClock
from tui.classroom.cells import IN, WAITING, presence, timer_text
from tui.classroom.codes_view import CodesScreen
from tui.classroom.commands import ConsoleCommands
from tui.classroom.composer import EventComposer
from tui.classroom.console import FacilitatorScreen
from tui.classroom.dialogs import ChoicePrompt, CodeShown, InjectPicker, TextPrompt
from tui.classroom.help import ConsoleHelp
from tui.classroom.messages import MessagesScreen
from tui.classroom.rate_view import RateScreen
from tui.classroom.seats_list import SeatsList
from tui.classroom.world_view import WorldScreen
from tui.screens.confirm import ConfirmScreen
from tui.widgets.log_view import LogView

CREATED = "2026-11-25T09:00:00Z"
SMALL, LARGE = (80, 24), (160, 48)
SECRET = "We promised the fishing fleet our support."
"""A justification that must never show outside the rating screen before resolution."""


@valueclass.define
class Class:
    """A session: what was created, the console's store and desk, the teams' store, the clock."""

    new: NewSession
    store: Store
    teams: Store
    clock: FakeClock
    desk: FacilitatorDesk = valueclass.field(init=False)

    def __post_init__(self) -> None:
        self.desk = self.store.facilitator(self.new.facilitator_code)

    def seat(self, world: int, faction: str):
        return self.teams.seat(self.new.seat_codes[(world, faction)])


@pytest.fixture(scope="module")
def indo():
    scenario = load_bundled("indo_pacific")
    assert scenario.source
    return scenario


@pytest.fixture
def make_class(tmp_path, indo):
    opened: list[Store] = []

    def make(**kwargs) -> Class:
        clock = FakeClock()
        kwargs.setdefault("worlds", 2)
        new = Store.create(tmp_path / "class.detente", indo, created=CREATED, clock=clock, **kwargs)
        store, teams = Store.open(new.path, clock=clock), Store.open(new.path, clock=clock)
        opened.extend((store, teams))
        return Class(new, store, teams, clock)

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def session(make_class) -> Class:
    return make_class()


class Host(App[None]):
    """A bare app that shows the console and keeps what it is dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.under_test = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.under_test, callback=self.results.append)


def console_app(cls: Class, *, codes: bool = False, poll: float = 0.05) -> Host:
    """The console on ``cls``: resumed (no codes known), or with ``codes`` as just created
    (it too opens on the overview, safe to project; the codes are behind c)."""
    return Host(FacilitatorScreen(cls.desk, codes=cls.new if codes else None, poll=poll))


async def past_the_codes(pilot) -> None:
    """A console just created opens on the overview (never on the codes: it may be on a projector), saying where the codes are."""
    await until(pilot, lambda: isinstance(pilot.app.screen, FacilitatorScreen) and any("Press c for the seats' codes" in text for text in notes(pilot.app)))


def text_of(widget: Widget) -> str:
    """Everything ``widget`` and its descendants render, as plain text."""
    lines = []
    for node in widget.walk_children(with_self=True):
        if not node.children:
            width, height = node.outer_size
            lines += [strip.text for strip in node.render_lines(Region(0, 0, width, height))]
    return "\n".join(lines)


def flat(widget: Widget) -> str:
    """``text_of`` as one line of words, borders left out (to find a sentence however it wraps)."""
    return " ".join(text_of(widget).replace("│", " ").split())


def row(screen: FacilitatorScreen, world: int) -> dict[str, str]:
    """The overview's cells for ``world``, by column key, as plain text."""
    table = screen.query_one("#worlds", DataTable)
    cells = table.get_row(str(world))
    return {str(column.key.value): str(cell) for column, cell in zip(table.ordered_columns, cells)}


def drawn_now(app: App, cls: Class):
    """A condition: the overview on top was drawn from the session as it is now (every world's
    revision), read at the clock's time now (a poll that found a change, or the once-a-second redraw)."""

    def drawn() -> bool:
        screen = app.screen
        overview = screen.overview if isinstance(screen, FacilitatorScreen) else None
        if overview is None or overview.now < cls.clock.now:
            return False
        return sum(world.revision for world in overview.worlds) == cls.desk.revision()

    return drawn


def notes(app: App) -> list[str]:
    return [notification.message for notification in app._notifications]


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


def rolling_order(cls: Class, world: int, faction: str, why: str = SECRET) -> Order:
    """A legal order of ``faction`` whose move rolls a die."""
    game = cls.desk.game(world)
    option = next(o for o in game.legal_options(faction) if o.move.difficulty)
    return Order(option.move.id, option.target, why)


async def open_world(pilot, world: int = 1) -> WorldScreen:
    for _ in range(world - 1):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WorldScreen) and screen.world_id == world
    return screen


# -- the overview -------------------------------------------------------------------------------


async def test_the_overview_lists_every_world_on_turn_one_with_no_team_in(session):
    app = console_app(session)
    async with app.run_test(size=SMALL):
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen)
        assert screen.query_one("#worlds", DataTable).row_count == 2
        for world, name in ((1, "World 1"), (2, "World 2")):
            cells = row(screen, world)
            assert cells["world"] == name
            assert cells["turn"] == "1/10"
            assert cells["seats"].startswith("0/3 in")
            assert "S… H… M…" in cells["seats"]
            assert cells["timer"] == "orders 15:00 PAUSED"  # timers start paused
            assert cells["presence"].startswith("0/3 here")
        assert screen.query_one("#worlds", DataTable).max_scroll_x == 0


async def test_a_submission_from_another_store_shows_as_in_after_a_poll(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        session.seat(1, "heartland").submit([rolling_order(session, 1, "heartland")])
        await until(pilot, drawn_now(app, session), what="a poll to read the submission")
        cells = row(app.screen, 1)
        assert cells["seats"].startswith("1/3 in") and "H✓" in cells["seats"]
        assert row(app.screen, 2)["seats"].startswith("0/3 in")
        assert SECRET not in text_of(app.screen)  # the overview never shows an order


async def test_the_wide_overview_has_status_and_scheduled_columns(session):
    session.desk.schedule(2, 3, "typhoon")
    app = console_app(session)
    async with app.run_test(size=LARGE):
        cells = row(app.screen, 2)
        assert cells["status"] == "playing"
        assert cells["injects"] == "1 waiting"
        assert cells["presence"] == "not joined S H M"
        detail = text_of(app.screen.query_one("#world-detail"))
        assert "Seaboard Federation" in detail and "not joined" in detail


async def test_seats_not_seen_for_thirty_seconds_are_away(session):
    session.seat(1, "seaboard").heartbeat()
    session.seat(1, "heartland").heartbeat()
    app = console_app(session)
    async with app.run_test(size=LARGE) as pilot:
        assert row(app.screen, 1)["presence"] == "not joined M"
        session.clock.now += 31
        session.seat(1, "heartland").heartbeat()
        # heartbeats move no revision: the once-a-second redraw shows them
        await until(pilot, drawn_now(app, session), what="the once-a-second redraw")
        assert row(app.screen, 1)["presence"] == "away S · not joined M"
        assert "away 31s" in text_of(app.screen.query_one("#world-detail"))


async def test_pause_all_and_resume_all_from_the_overview(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert [row(app.screen, w)["timer"] for w in (1, 2)] == ["orders 15:00", "orders 15:00"]
        session.clock.now += 65
        await until(pilot, drawn_now(app, session), what="the once-a-second redraw")
        assert row(app.screen, 1)["timer"] == "orders 13:55"
        await pilot.press("p")
        await pilot.pause()
        assert [row(app.screen, w)["timer"] for w in (1, 2)] == ["orders 13:55 PAUSED"] * 2
        game = session.desk.view(2)
        assert [e.text for e in game.log if isinstance(e, Directed)] == ["resumed", "paused"]


async def test_turns_resolve_by_themselves_at_the_deadline(make_class):
    cls = make_class(settings=Settings(phases=(("orders", 60),), resolve_at_deadline=True))
    cls.desk.resume(None)
    app = console_app(cls)
    async with app.run_test(size=SMALL) as pilot:
        cls.clock.now += 61
        await until(pilot, drawn_now(app, cls), what="the poll that resolves both worlds at the deadline")
        await pilot.pause()  # the notices that poll posted are shown
        assert row(app.screen, 1)["turn"] == "2/10" and row(app.screen, 2)["turn"] == "2/10"
        assert any("turn 1 resolved (time is up)" in text for text in notes(app))
        assert not any("now turn 2" in text for text in notes(app))  # told once, not twice


async def test_a_turn_completed_by_the_last_team_is_told(session):
    session.desk.resume(2)  # a running world resolves when every team is in
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        for faction in ("seaboard", "heartland", "meridian"):
            session.seat(2, faction).submit([])  # the last one resolves the turn in its own process
        await until(pilot, drawn_now(app, session), what="a poll to read the resolved turn")
        await pilot.pause()  # the notice that poll posted is shown
        assert row(app.screen, 2)["turn"] == "2/10"
        assert "World 2: turn 1 resolved; now turn 2." in notes(app)


async def test_leaving_asks_first_and_says_how_to_resume(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        detail = text_of(app.screen)
        assert "session file keeps everything" in detail and "detente facilitate" in detail
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen) and app.results == []
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


# -- one world ------------------------------------------------------------------------------------


async def test_resolve_now_asks_when_teams_are_missing_and_advances_the_turn(session):
    session.seat(1, "seaboard").submit([rolling_order(session, 1, "seaboard")])
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        assert "1/3 in" in screen.sub_title
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        detail = app.screen.detail
        assert detail == "H Heartland Republic, M Meridian Commonwealth have not submitted: they pass this turn. An undo (u) can take the resolution back."
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert session.desk.view(1).turn == 2 and session.desk.view(2).turn == 1
        assert screen.sub_title.startswith("turn 2/10")
        assert any("turn 1 resolved" in text for text in notes(app))
        await pilot.press("escape")
        await pilot.pause()
        assert row(app.screen, 1)["turn"] == "2/10"


async def test_resolve_with_every_team_in_asks_too_as_undo_does(make_class):
    cls = make_class(settings=Settings(resolve_when_all_in=False))
    for faction in ("seaboard", "heartland", "meridian"):
        cls.seat(1, faction).submit([])
    app = console_app(cls)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.detail.startswith("Every team is in.")
        assert cls.desk.view(1).turn == 1  # nothing yet
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, WorldScreen) and cls.desk.view(1).turn == 2)


async def test_a_declined_resolution_changes_nothing(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert session.desk.view(1).turn == 1


async def test_a_turn_resolved_elsewhere_while_asking_is_not_resolved_again(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        session.teams.facilitator(session.new.facilitator_code).resolve(1)  # another console, or the deadline
        await pilot.press("y")
        await pilot.pause()
        assert session.desk.view(1).turn == 2
        assert any("moved on to turn 2 meanwhile: nothing was done" in text for text in notes(app))


async def pick_card(pilot, scenario, card: str) -> None:
    """In the inject picker, choose ``card``."""
    picker = pilot.app.screen
    assert isinstance(picker, InjectPicker)
    cards = picker.query_one("#cards", OptionList)
    cards.highlighted = [c.id for c in scenario.cards].index(card)
    await pilot.pause()
    assert scenario.card(card).text[:30] in text_of(picker.query_one("#card-text"))
    await pilot.press("enter")
    await pilot.pause()


async def test_inject_now_puts_the_card_in_the_log(session, indo):
    app = console_app(session)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_world(pilot)
        await pilot.press("i")
        await pilot.pause()
        await pick_card(pilot, indo, "typhoon")
        targets = app.screen.query_one("#targets", OptionList)
        assert "By the card's rule: a random region" in str(targets.get_option_at_index(0).prompt)
        targets.highlighted = [o.id for o in targets.options].index("kepulan")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # now
        await pilot.pause()
        assert app.screen is screen
        played = [e for e in session.desk.view(1).log if isinstance(e, CardPlayed) and e.how == "inject"]
        assert [(e.turn, e.card, e.targets) for e in played] == [(1, "typhoon", ("kepulan",))]
        assert "Facilitator inject: Super typhoon → Kepulan" in text_of(screen.query_one(LogView))
        assert not [e for e in session.desk.view(2).log if isinstance(e, CardPlayed) and e.how == "inject"]


async def test_a_scheduled_inject_plays_when_its_turn_begins_and_can_be_cancelled(session, indo):
    app = console_app(session)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_world(pilot)
        for card in ("earthquake", "forum_summit"):
            await pilot.press("i")
            await pilot.pause()
            await pick_card(pilot, indo, card)
            await pilot.press("enter")  # by the card's rule
            await pilot.pause()
            await pilot.press("down", "enter")  # when turn 2 begins
            await pilot.pause()
        scheduled = text_of(screen.query_one("#scheduled"))
        assert "T2 Earthquake · waiting" in scheduled and "T2 Forum summit · waiting" in scheduled
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("down", "enter")  # the forum summit
        await pilot.pause()
        assert [s.card for s in session.desk.overview().worlds[0].scheduled] == ["earthquake"]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        game = session.desk.view(1)
        assert game.turn == 2
        assert [e.card for e in game.turn_log(2) if isinstance(e, CardPlayed) and e.how == "inject"] == ["earthquake"]
        assert "T2 Earthquake · played" in text_of(screen.query_one("#scheduled"))


async def test_a_note_goes_into_the_log_and_a_blank_one_is_refused(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "A note needs some text." in text_of(app.screen)
        await type_text(pilot, "Talks resume in Geneva")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert [e.text for e in session.desk.view(1).log if isinstance(e, Noted)] == ["Talks resume in Geneva"]


async def test_rating_an_argument_changes_the_roll(session):
    order = rolling_order(session, 1, "seaboard")
    session.seat(1, "seaboard").submit([order])
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("a")
        await pilot.pause()
        rate = app.screen
        assert isinstance(rate, RateScreen)
        shown = text_of(rate)
        assert "shown only here before resolution" in shown
        assert SECRET[:30] in shown and "not rated" in shown
        assert "H Heartland Republic: no orders yet" in shown
        await pilot.press("w")
        await pilot.pause()
        assert session.desk.orders_to_rate(1)[0].ratings == (False,)
        await pilot.press("s")
        await pilot.pause()
        assert session.desk.orders_to_rate(1)[0].ratings == (True,)
        assert "STRONG +1" in text_of(rate)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    rolled = [e for e in session.desk.view(1).turn_log(1) if isinstance(e, Rolled) and e.faction == "seaboard"]
    assert len(rolled) == 1 and ("argument", 1) in rolled[0].modifiers


async def test_withdrawing_a_rating(session):
    session.seat(1, "seaboard").submit([rolling_order(session, 1, "seaboard")])
    session.desk.rate(1, "seaboard", 1, True)
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "STRONG +1" in text_of(app.screen)
        await pilot.press("0")
        await pilot.pause()
        assert session.desk.orders_to_rate(1)[0].ratings == (None,)


async def test_undo_needs_a_reason_and_returns_to_turn_one(session):
    session.desk.resolve(1)
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # a blank reason is refused
        assert "A reason is required" in text_of(app.screen)
        await type_text(pilot, "wrong region")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Undo turn 1's resolution?" in text_of(app.screen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        game = session.desk.view(1)
        assert game.turn == 1
        assert [e.reason for e in game.log if isinstance(e, Undone)] == ["wrong region"]
        assert isinstance(screen.query_one(LogView).shown[-1], Undone)
        assert screen.check_action("undo", ()) is None  # nothing left to undo


async def test_the_world_screen_draws_a_view_that_the_world_playing_on_never_changes(session):
    app = console_app(session)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_world(pilot)
        drawn = screen.view
        assert isinstance(drawn, GameView)
        with pytest.raises(TypeError):
            drawn.submitted["seaboard"] = ()  # type: ignore[index]
        with pytest.raises(valueclass.FrozenInstanceError):
            drawn.turn = 5  # type: ignore[misc]
        session.seat(1, "heartland").submit([rolling_order(session, 1, "heartland")])
        session.desk.resolve(1)  # from the console's own desk: the same store, the same cache
        assert drawn.turn == 1 and len(drawn.history) == 1 and dict(drawn.submitted) == {}
        await until(pilot, lambda: screen.view.turn == 2, what="a poll to redraw the world on turn 2")
        assert screen.view is not drawn and screen.view.turn == 2 and len(screen.view.history) == 2
        await pilot.press("i")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, InjectPicker) and isinstance(picker.view, GameView) and picker.view.turn == 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and session.desk.view(1).turn == 2


async def test_undo_is_dimmed_before_any_resolution(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        assert screen.check_action("undo", ()) is None
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is screen


async def test_pause_and_resume_one_world(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        assert "PAUSED" in screen.sub_title
        await pilot.press("p")
        await pilot.pause()
        assert "PAUSED" not in screen.sub_title and "orders 15:00" in screen.sub_title
        await pilot.press("p")
        await pilot.pause()
        assert "orders 15:00 PAUSED" in screen.sub_title
        assert screen.query_one(SeatsList).border_subtitle == "orders 15:00 PAUSED"
        await pilot.press("escape")
        await pilot.pause()
        assert row(app.screen, 1)["timer"] == "orders 15:00 PAUSED"
    texts = [e.text for e in session.desk.view(1).log if isinstance(e, Directed)]
    assert texts == ["resumed", "paused"] and not [e for e in session.desk.view(2).log if isinstance(e, Directed)]


async def test_reseat_shows_a_new_code_once_and_the_old_code_is_refused(session):
    old = session.new.seat_codes[(1, "heartland")]
    app = console_app(session, codes=True)
    async with app.run_test(size=SMALL) as pilot:
        await past_the_codes(pilot)
        screen = await open_world(pilot)
        await pilot.press("down")  # the heartland seat
        assert screen.query_one(SeatsList).highlighted_faction == "heartland"
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("enter")  # people
        await pilot.pause()
        await type_text(pilot, "Team B")
        await pilot.press("enter")
        await pilot.pause()
        shown = app.screen
        assert isinstance(shown, CodeShown)
        code = shown.code
        assert code != old and "shown only now" in text_of(shown)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Team B" in text_of(screen.query_one(SeatsList))
        with pytest.raises(AccessDenied):
            session.teams.seat(old)
        assert session.teams.seat(code).faction == "heartland"
        assert any(e.kind == "seat" and e.text == "Team B" for e in session.desk.view(1).log if isinstance(e, Directed))
        await pilot.press("escape", "c")
        await pilot.pause()
        codes = app.screen.query_one("#codes", DataTable)
        assert str(codes.get_row("1:heartland")[3]) == "replaced (shown once)"
        assert str(codes.get_row("1:seaboard")[3]) == session.new.seat_codes[(1, "seaboard")]


async def test_reseat_to_a_bot(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first bot
        await pilot.pause()
        assert isinstance(app.screen, WorldScreen)  # a bot is not asked for a team's name
        seat = session.desk.overview().worlds[0].seats[0]
        bot = next(iter(STRATEGIES))
        assert seat.player == bot and presence(seat, 0) == "bot"
        assert seat.team == f"Bot ({bot})"
        assert f"S Seaboard Federation is now played by Bot ({bot})." in notes(app)
        with pytest.raises(AccessDenied):
            session.teams.seat(session.new.seat_codes[(1, "seaboard")])


async def test_a_new_code_from_the_seats_and_codes_view(session):
    old = session.new.seat_codes[(2, "meridian")]
    app = console_app(session, codes=True)
    async with app.run_test(size=SMALL) as pilot:
        await past_the_codes(pilot)
        await pilot.press("c")
        await pilot.pause()
        codes_screen = app.screen
        assert isinstance(codes_screen, CodesScreen)
        table = codes_screen.query_one("#codes", DataTable)
        assert table.row_count == 6
        for (world, faction), code in session.new.seat_codes.items():
            assert str(table.get_row(f"{world}:{faction}")[3]) == code
        table.move_cursor(row=5)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CodeShown)
        code = app.screen.code
        await pilot.press("enter")
        await pilot.pause()
        assert str(table.get_row("2:meridian")[3]) == "replaced (shown once)"
    with pytest.raises(AccessDenied):
        session.teams.seat(old)
    assert session.teams.seat(code).world == 2


async def test_a_console_that_made_the_session_shows_the_facilitators_code_one_key_away(session):
    """The facilitator's code is needed to resume, and is never shown after this console closes; the console
    opens on the overview, which shows no code (it may be on a projector)."""
    code = session.new.facilitator_code
    app = console_app(session, codes=True)
    async with app.run_test(size=SMALL) as pilot:
        await past_the_codes(pilot)
        assert code not in str(app.screen.query_one("#session").render())
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CodesScreen))
        screen = app.screen
        box = screen.query_one("#facilitator-code")
        assert box.region.y <= 2 and box.region.bottom <= SMALL[1]  # at the top, in view at 80x24
        shown = flat(box)
        assert code in shown and "detente facilitate --resume" in shown and "Write it down now" in shown
        assert box.border_title == "Your facilitator's code"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        await pilot.press("c")  # the codes again: the facilitator's code is still there
        await pilot.pause()
        assert code in text_of(app.screen.query_one("#facilitator-code"))
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert code in app.screen.detail and "not shown again" in app.screen.detail  # a last chance to note it


async def test_a_resumed_console_says_the_facilitators_code_cannot_be_shown(session):
    app = console_app(session, codes=False)
    async with app.run_test(size=SMALL) as pilot:
        assert isinstance(app.screen, FacilitatorScreen)  # no codes to hand out: the overview
        await pilot.press("c")
        await pilot.pause()
        shown = flat(app.screen.query_one("#facilitator-code"))
        assert "given when the session was created and cannot be shown again" in shown
        assert session.new.facilitator_code not in text_of(app.screen)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert "facilitator's code" not in app.screen.detail


@pytest.mark.parametrize("codes", [True, False], ids=["created", "resumed"])
async def test_each_view_names_its_own_key_for_a_new_code(session, codes):
    """n in the seats and codes view, c in a world's view (where n is a note)."""
    assert any(b.key == "n" and b.action == "new_code" for b in CodesScreen.BINDINGS)
    assert any(b.key == "c" and b.action == "new_code" for b in WorldScreen.BINDINGS)
    app = console_app(session, codes=codes)
    async with app.run_test(size=SMALL) as pilot:
        if codes:
            await past_the_codes(pilot)
        await pilot.press("c")
        await pilot.pause()
        note = flat(app.screen.query_one("#codes-note"))
        assert "highlight its seat here and press n for a new one" in note
        assert "in a world's view, c on the seat does the same" in note
        assert "press n on its seat" not in note


async def test_a_resumed_console_has_no_codes_but_can_issue_one(session):
    app = console_app(session, codes=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert "were handed out when the session was made" in text_of(screen.query_one("#codes-note"))
        assert str(screen.query_one("#codes", DataTable).get_row("1:seaboard")[3]) == "handed out"


async def test_sideline_a_team_member(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert "S Seaboard Federation" in text_of(app.screen)
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
    directed = [e for e in session.desk.view(1).log if isinstance(e, Directed) and e.kind == "sideline"]
    assert [(e.faction, e.text) for e in directed] == [("seaboard", "Ana")]


async def test_export_writes_a_record_that_verifies(session, tmp_path):
    session.seat(1, "seaboard").submit([rolling_order(session, 1, "seaboard")])
    session.desk.rate(1, "seaboard", 1, True)
    session.desk.resolve(1)
    session.desk.note(1, "Well argued.")
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("e")
        await pilot.pause()
        answer = app.screen.query_one("#answer", Input)
        assert answer.value == str(tmp_path / "class-world-1.jsonl")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Record exported to" in text_of(screen.query_one("#scheduled"))
        assert any(str(tmp_path / "class-world-1.jsonl") in text for text in notes(app))
    path = tmp_path / "class-world-1.jsonl"
    result = replay(read_record(path))
    assert result.verified and result.game.turn == 2


async def test_desk_errors_are_notifications_not_tracebacks(session, tmp_path):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("e")
        await pilot.pause()
        answer = app.screen.query_one("#answer", Input)
        answer.value = str(tmp_path / "no-such-folder" / "x.jsonl")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert any("cannot be written" in text for text in notes(app))
        session.desk.resolve(2)
        screen.query_one(SeatsList).highlighted = 0
        await screen.run_action("rate")  # nothing submitted: the rate screen says so
        await pilot.pause()
        assert "No orders are in yet this turn." in text_of(app.screen)
        await pilot.press("s")  # nothing to rate: nothing happens
        await pilot.pause()


async def test_an_unreadable_session_is_reported_once(session):
    polls = []
    tick = session.desk.tick

    def counted_tick():  # the first thing each poll of the console does
        polls.append(None)
        return tick()

    session.desk.tick = counted_tick
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        session.store.close()
        await until(pilot, lambda: any("closed" in text for text in notes(app)), what="the first poll after the close to tell it")
        seen = len(polls)
        await until(pilot, lambda: len(polls) >= seen + 3, what="three polls more, each failing the same way")
        await pilot.pause()  # what they posted is shown
        problems = [text for text in notes(app) if "closed" in text]
        assert len(problems) == 1


async def test_a_finished_game_is_over_and_only_undo_and_export_remain(session):
    while not session.desk.view(1).is_over:
        session.desk.resolve(1)
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        assert row(app.screen, 1)["turn"] == "over"
        screen = await open_world(pilot)
        assert screen.sub_title.startswith("game over")
        for action in ("resolve", "inject", "rate", "sideline", "note"):
            assert screen.check_action(action, ()) is None, action
        for action in ("undo", "export", "pause", "reseat"):
            assert screen.check_action(action, ()) is True, action
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen and session.desk.view(1).is_over


async def test_a_finished_world_shows_its_result_instead_of_a_timer(session):
    session.desk.resume(None)  # the timers run, and keep running after the end
    while not session.desk.view(1).is_over:
        session.desk.resolve(1)
    outcome = session.desk.view(1).outcome
    letters = {"seaboard": "S", "heartland": "H", "meridian": "M"}
    names = {"seaboard": "S Seaboard Federation", "heartland": "H Heartland Republic", "meridian": "M Meridian Commonwealth"}
    verb = " wins" if len(outcome.winners) == 1 else " win"
    wins = {SMALL: ", ".join(letters[f] for f in outcome.winners) + verb, LARGE: ", ".join(names[f] for f in outcome.winners) + verb}
    session.clock.now += 13 * 60
    for size in (SMALL, LARGE):
        app = console_app(session)
        async with app.run_test(size=size) as pilot:
            cells = row(app.screen, 1)
            assert cells["timer"] == f"over · {wins[size]}", cells
            assert IN not in cells["seats"] and WAITING not in cells["seats"] and " in" not in cells["seats"]
            for faction, score in outcome.scores:
                assert f"{letters[faction]}{score}" in cells["seats"]
            assert row(app.screen, 2)["timer"].startswith("orders ")  # world 2 plays on
            detail = text_of(app.screen.query_one("#world-detail"))
            assert "Result: " in detail and "waiting" not in detail and "orders in" not in detail
            assert "Timer:" not in detail.split("Latest in the log")[0]
            screen = await open_world(pilot)
            assert screen.sub_title.startswith("game over · ") and "orders" not in screen.sub_title
            assert f"(turn {outcome.turn}, " in screen.sub_title
            seats = screen.query_one(SeatsList)
            assert seats.border_title == "Seats · game over" and "orders" not in seats.border_subtitle
            listed = text_of(seats)
            assert "waiting" not in listed and f"{IN} in" not in listed
            for _faction, score in outcome.scores:
                assert f"score {score}" in listed


# -- help, palette, sizes --------------------------------------------------------------------------


async def test_every_key_is_in_the_help_and_the_palette(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        provider = ConsoleCommands(screen)
        titles = []
        for binding in WorldScreen.BINDINGS:
            hits = [str(hit.text) async for hit in provider.search(binding.description)]
            titles += hits
            if screen.check_action(binding.action, ()) is True:
                assert any(binding.description in hit for hit in hits), binding.description
        assert any("Resolve (r)" in title for title in titles)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleHelp)
        help_text = text_of(app.screen)
        for screen_class in (FacilitatorScreen, WorldScreen, RateScreen, CodesScreen):
            for binding in screen_class.BINDINGS:
                assert binding.description in help_text, binding.description
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorldScreen)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
async def test_nothing_is_cut_off_sideways(session, size):
    """At 80 columns only the world's footer is wider than the screen (every key is in the palette and the help)."""
    app = console_app(session)
    async with app.run_test(size=size) as pilot:
        for container in app.screen.query(ScrollableContainer):
            assert container.max_scroll_x == 0, container
        await open_world(pilot)
        for container in app.screen.query(ScrollableContainer):
            if size == SMALL and isinstance(container, Footer):
                continue
            assert container.max_scroll_x == 0, container


MOST_USED = ("r", "i", "n", "a", "u", "escape", "question_mark")
"""The world's keys that must show in its footer at 80 columns (the others are in the help and the palette)."""


async def test_the_most_used_keys_of_a_world_fit_its_footer_at_80_columns(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.pause()
        footer = screen.query_one(Footer)
        shown = {key.key: key for key in footer.query(FooterKey)}
        for key in MOST_USED:
            region = shown[key].region
            assert region.width and region.right <= footer.region.right - 12, (key, region)  # room left for ^p palette


def test_timer_words():
    assert clock_text(900) == "15:00" and clock_text(0.2) == "0:01" and clock_text(3725) == "1:02:05"
    from classroom.timer import TimerStatus

    assert timer_text(TimerStatus("orders", 775.0, False, False, 125.0, None)) == "orders 12:55"
    assert timer_text(TimerStatus("orders", 0.0, True, True, 900.0, None)) == "orders time up PAUSED"
    assert timer_text(TimerStatus("", None, False, False, 0.0, None)) == "no timer"


def test_the_screen_keeps_the_lead_apps_contract(session):
    screen = FacilitatorScreen(session.desk, codes=session.new, poll=0.25)
    assert screen.poll == 0.25 and screen.codes == session.new.seat_codes
    assert Path(screen.desk.store.path) == session.new.path


# -- the console's modules -------------------------------------------------------------------------

CLASSROOM_UI = Path(__file__).parents[2] / "tui" / "classroom"


def classroom_imports() -> dict[str, set[str]]:
    """Each module of ``tui/classroom`` and the ``tui.classroom`` modules it imports (at any depth of its code)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(CLASSROOM_UI.glob("*.py")):
        name = "tui.classroom" if path.stem == "__init__" else f"tui.classroom.{path.stem}"
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tui.classroom"):
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names if alias.name.startswith("tui.classroom")}
        graph[name] = imported
    return graph


def test_the_consoles_modules_import_one_way():
    """No import cycle (not even inside a function): cells and keys ← widgets, help ← views ← the console ← app."""
    graph = classroom_imports()
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError on a cycle
    assert not graph["tui.classroom.cells"] and not graph["tui.classroom.controller"] and not graph["tui.classroom.keys"]
    views = {f"tui.classroom.{name}" for name in ("codes_view", "rate_view", "world_view", "help", "commands")}
    assert all("tui.classroom.console" not in graph[view] for view in views)


def test_the_consoles_words_import_no_textual():
    """The cells are plain functions of the session's statuses: importable (and testable) without Textual."""
    code = "import sys, tui.classroom.cells; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=CLASSROOM_UI.parents[1])
    assert result.stdout.strip() == "False"


# -- events made in play (rule 12.5) --------------------------------------------------------------


async def fill_event(pilot, **lines: str) -> EventComposer:
    """In the composer, type each of ``lines`` (by the id of its input) into its line."""
    composer = pilot.app.screen
    assert isinstance(composer, EventComposer)
    for name, text in lines.items():
        composer.query_one(f"#{name}", Input).focus()
        await type_text(pilot, text)
    return composer


async def test_a_made_event_is_refused_in_the_form_then_played_kept_and_reused_in_another_world(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, EventComposer))
        composer = await fill_event(pilot, name="Port strike", effects="budget -1")
        await pilot.press("enter")
        await until(pilot, lambda: composer.query_one("#error").display)
        assert "event.effects.budget: unknown key 'budget'" in text_of(composer.query_one("#error"))
        assert isinstance(app.screen, EventComposer) and session.desk.journal(1) == ()  # nothing played
        composer.query_one("#effects", Input).value = "stability -1"
        composer.query_one("#turns", Input).value = "2"
        composer.query_one("#modifier", Input).value = "roll -1"
        keep = composer.query_one("#save", Checkbox)
        assert "X" not in keep.render().plain, "unchecked reads as unchecked without colour (NO_COLOR)"
        keep.value = True
        assert "X" in keep.render().plain
        await pilot.click("#make")
        await until(pilot, lambda: isinstance(app.screen, WorldScreen))
        (played,) = [e for e in session.desk.view(1).log if isinstance(e, CardPlayed) and e.how == "inject"]
        assert played.card == "made_port_strike"
        (kept,) = session.desk.library()
        assert kept.table["modifier"] == {"turns": 2, "roll": -1} and kept.table["effects"] == {"stability": -1}
        await until(pilot, lambda: "Facilitator inject: Port strike" in flat(app.screen.query_one(LogView)), what=flat(app.screen.query_one(LogView)))
        await pilot.press("escape")
        await pilot.pause()
        await open_world(pilot, 2)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, EventComposer))
        app.screen.query_one("#from", Select).value = "made_port_strike"
        await until(pilot, lambda: app.screen.query_one("#name", Input).value == "Port strike")
        assert app.screen.query_one("#effects", Input).value == "stability -1"
        app.screen.query_one("#when", Select).value = "3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, WorldScreen))
        (waiting,) = session.desk.overview().worlds[1].scheduled
        assert (waiting.turn, waiting.card, waiting.name) == (3, "made_port_strike", "Port strike")
        await until(pilot, lambda: "T3 Port strike · waiting" in text_of(app.screen.query_one("#scheduled")))


async def test_a_made_event_with_the_name_of_another_gets_an_id_of_its_own(session):
    session.desk.inject(1, {"id": "made_port_strike", "name": "Port strike", "category": "crisis", "text": "x", "target": "random_region"})
    app = console_app(session)
    async with app.run_test(size=LARGE) as pilot:
        await open_world(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, EventComposer))
        await fill_event(pilot, name="Port strike", effects="influence -1")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WorldScreen))
        played = [e.card for e in session.desk.view(1).log if isinstance(e, CardPlayed) and e.how == "inject"]
        assert played == ["made_port_strike", "made_port_strike_2"]


async def test_the_composer_is_dimmed_once_the_game_is_over_and_escape_makes_nothing(session):
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_world(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, EventComposer))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert session.desk.journal(1) == ()
        while not session.desk.overview().worlds[0].over:
            session.desk.resolve(1)
        await until(pilot, lambda: screen.check_action("compose", ()) is None)


async def test_the_console_reads_every_message_of_a_world_and_writes_to_a_team(session):
    session.seat(1, "seaboard").message("heartland", "An offer between teams.")
    session.seat(1, "meridian").message("facilitator", "A question for you.")
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await open_world(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, MessagesScreen))
        screen = app.screen
        shown = flat(screen.query_one("#list"))
        assert "S Seaboard Federation → H Heartland Republic: An offer between teams." in shown
        assert "M Meridian Commonwealth → facilitator: A question for you." in shown
        screen.query_one("#to", Select).value = "meridian"
        screen.query_one("#text", Input).value = "Read rule 12.6."
        await pilot.press("enter")
        await until(pilot, lambda: "facilitator → M Meridian Commonwealth: Read rule 12.6." in flat(screen.query_one("#list")))
        assert [m.text for m in session.seat(1, "meridian").messages()] == ["A question for you.", "Read rule 12.6."]
        assert [m.text for m in session.seat(1, "heartland").messages()] == ["An offer between teams."]


WORLD_KEYS = {"r", "i", "n", "a", "u"}
"""Keys of a world's footer that no dialog over it shows."""


async def test_each_dialog_of_the_console_shows_its_own_keys_not_the_worlds(session):
    app = console_app(session, codes=True)

    def footer_keys() -> set[str]:
        return {key.key for key in app.screen.query(FooterKey)}

    async with app.run_test(size=SMALL) as pilot:
        await past_the_codes(pilot)
        screen = await open_world(pilot)
        await until(pilot, lambda: WORLD_KEYS <= footer_keys(), what="the world's keys")
        for key, dialog, own in (
            ("i", InjectPicker, "escape"),
            ("n", TextPrompt, "escape"),
            ("k", EventComposer, "ctrl+s"),
            ("w", MessagesScreen, "escape"),
            ("question_mark", ConsoleHelp, "escape"),
        ):
            await pilot.press(key)
            await until(pilot, lambda dialog=dialog, own=own: isinstance(app.screen, dialog) and own in footer_keys(), what=f"{dialog.__name__}'s keys")
            assert not WORLD_KEYS & footer_keys(), dialog.__name__
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen and WORLD_KEYS <= footer_keys(), what="the world's keys again")
        await pilot.press("down", "o")  # a new code for the heartland seat: a choice, a name, then the code
        await until(pilot, lambda: isinstance(app.screen, ChoicePrompt) and "escape" in footer_keys(), what="the choice's keys")
        assert not WORLD_KEYS & footer_keys()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), what="the name's prompt")
        await type_text(pilot, "Team B")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CodeShown) and "enter" in footer_keys(), what="the code's keys")
        assert not WORLD_KEYS & footer_keys()
