"""Snapshots of the facilitator's console at 80x24 and 160x48 (pytest-textual-snapshot).

The session is made on a fixed fake clock with fixed seeds, in the test's own
folder under a relative name, and the console is given stand-in codes (what
it shows of a ``NewSession``; the real ones are random), so the pictures are
the same on every run. The console opens on the overview, even for a
session it has just made (saying the codes are behind c); the codes picture presses c. Update after a deliberate change with
``pytest tests/tui/test_facilitator_snapshots.py --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.notifications import SeverityLevel
from textual.widgets import Input
from textual.widgets._footer import FooterKey
from waiting import until

import engine.valueclass as valueclass
from classroom.store import Store
from engine.inputs import Order
from tests.clock import FakeClock
from tests.format1 import indo_format1
from tui.classroom.composer import EventComposer
from tui.classroom.console import FacilitatorScreen
from tui.classroom.dialogs import InjectPicker, TextPrompt
from tui.classroom.help import ConsoleHelp
from tui.classroom.messages import MessagesScreen

SIZES = [(80, 24), (160, 48)]
CREATED = "2026-11-25T09:00:00Z"


class ConsoleHost(App[None]):
    def __init__(self, screen: FacilitatorScreen) -> None:
        super().__init__()
        self.facilitator = screen

    def on_mount(self) -> None:
        self.push_screen(self.facilitator)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = True) -> None:
        """Every toast stays for the whole test: on a busy machine a picture is taken later, and one
        that had timed out by then (the console's word on its codes) made a different picture."""
        super().notify(message, title=title, severity=severity, timeout=3600, markup=markup)


@pytest.fixture
def console(tmp_path, monkeypatch):
    """A console on two worlds of indo_pacific's format 1 file (the picture stays put when the bundled file is
    tuned): world 1 played a turn and is on the clock, world 2 has an inject waiting."""
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    scenario = indo_format1()
    new = Store.create("class.detente", scenario, created=CREATED, worlds=2, clock=clock)
    store, teams = Store.open(new.path, clock=clock), Store.open(new.path, clock=clock)
    desk = store.facilitator(new.facilitator_code)
    for faction, why in (("seaboard", "Show we keep our word after the storm."), ("heartland", "")):
        option = next(o for o in desk.game(1).legal_options(faction) if o.move.difficulty)
        teams.seat(new.seat_codes[(1, faction)]).submit([Order(option.move.id, option.target, why)])
    desk.rate(1, "seaboard", 1, True)
    desk.resolve(1)
    desk.note(1, "Talks resume in Geneva next week.")
    desk.resume(1)
    teams.seat(new.seat_codes[(1, "seaboard")]).submit([])
    for faction in ("seaboard", "meridian"):
        teams.seat(new.seat_codes[(1, faction)]).heartbeat()
    teams.seat(new.seat_codes[(2, "heartland")]).heartbeat()
    desk.schedule(2, 3, "typhoon", "kepulan")
    clock.now += 125  # world 2's heartland and world 1's seats are away by now; world 1's timer ran 2:05
    teams.seat(new.seat_codes[(1, "meridian")]).heartbeat()
    shown = valueclass.evolve(
        new,
        facilitator_code="FACI-LITA-TOR1",
        seat_codes={seat: f"SEAT-{index:04d}" for index, seat in enumerate(sorted(new.seat_codes), start=1)},
    )
    yield ConsoleHost(FacilitatorScreen(desk, codes=shown, poll=0.05))
    store.close()
    teams.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_codes_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size, press=["c"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_world_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size, press=["enter"])


async def _composer(pilot) -> None:
    """Open world 1's event composer (rule 12.5), its cursors steady (a blinking one would make two pictures)."""
    await pilot.press("enter", "k")
    await until(pilot, lambda: isinstance(pilot.app.screen, EventComposer))
    for line in pilot.app.screen.query(Input):
        line.cursor_blink = False
    await pilot.pause()


async def _refused_event(pilot) -> None:
    """The composer with an event whose effects the region cannot take: the refusal names the key."""
    await _composer(pilot)
    screen = pilot.app.screen
    screen.query_one("#name", Input).value = "Port strike"
    screen.query_one("#text", Input).value = "Dockers walk out; the harbour is shut."
    screen.query_one("#effects", Input).value = "stability -1, budget -2"
    screen.query_one("#turns", Input).value = "2"
    screen.query_one("#modifier", Input).value = "roll -1"
    await pilot.press("ctrl+s")
    await until(pilot, lambda: screen.query_one("#error").display)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()  # the refusal's layout drawn


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_event_composer_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size, run_before=_composer)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_event_composer_refusal_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size, run_before=_refused_event)


async def _messages(pilot) -> None:
    """World 1's private messages (rule 12.6), two of them the facilitator's, and a reply being written."""
    desk = pilot.app.facilitator.desk
    desk.message(1, "seaboard", "Your storm relief was noticed; keep your promise to Kepulan.")
    desk.message(1, "heartland", "Remember: a broken pledge costs credibility.")
    await pilot.press("enter", "w")
    await until(pilot, lambda: isinstance(pilot.app.screen, MessagesScreen))
    line = pilot.app.screen.query_one("#text", Input)
    line.cursor_blink = False
    line.value = "Ten minutes left in this phase."
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_world_messages_snapshot(snap_compare, console, size):
    assert snap_compare(console, terminal_size=size, run_before=_messages)


async def _inject_picker(pilot) -> None:
    """World 1's inject picker, its first step, with its own keys in the footer."""
    await pilot.press("enter", "i")
    await until(pilot, lambda: isinstance(pilot.app.screen, InjectPicker) and pilot.app.screen.query(FooterKey))
    await pilot.pause()


async def _note_prompt(pilot) -> None:
    """World 1's note, a line being written, with its own keys in the footer."""
    await pilot.press("enter", "n")
    await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt) and pilot.app.screen.query(FooterKey))
    line = pilot.app.screen.query_one("#answer", Input)
    line.cursor_blink = False
    line.value = "Talks resume in Geneva."
    await pilot.pause()


async def _console_help(pilot) -> None:
    """The console's help over the overview, with its own keys in the footer."""
    await pilot.press("question_mark")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConsoleHelp) and pilot.app.screen.query(FooterKey))
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("opened", [_inject_picker, _note_prompt, _console_help], ids=["inject-picker", "note", "help"])
def test_console_dialog_snapshot(snap_compare, console, size, opened):
    assert snap_compare(console, terminal_size=size, run_before=opened)
