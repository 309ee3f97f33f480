"""Snapshots of a team's private messages (rule 12.6) at 80x24 and 160x48: the seat's own messages, with the
facilitator and with another team, and a message being written. A fixed fake clock and seed make the same
picture on every run; update with ``--snapshot-update`` and look at the SVGs before committing them."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from waiting import until

from classroom.store import Store
from tests.clock import FakeClock
from tests.format1 import indo_format1
from tui.classroom.app import ClassroomApp
from tui.classroom.messages import MessagesScreen

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def seat(tmp_path, monkeypatch):
    """Seaboard's seat in a one-world session of indo_pacific's format 1 file (the picture stays put when the
    bundled file is tuned), after a message each way with Heartland and one from the facilitator."""
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    new = Store.create("class.detente", indo_format1(), created="2026-11-25T09:00:00Z", clock=clock)
    store = Store.open(new.path, clock=clock)
    seaboard, heartland = (store.seat(new.seat_codes[(1, f)]) for f in ("seaboard", "heartland"))
    seaboard.message("heartland", "Shall we both keep our fleets out of Solvana this turn?")
    heartland.message("seaboard", "Agreed, if you drop the arms sale to Khemra.")
    store.facilitator(new.facilitator_code).message(1, "seaboard", "Deals are allowed; breaking them has a price.")
    app = ClassroomApp(store, code=new.seat_codes[(1, "seaboard")], poll=0.05, reveal_delay=0)
    yield app
    store.close()


async def _open(pilot) -> None:
    await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "SeatScreen")
    await pilot.press("w")
    await until(pilot, lambda: isinstance(pilot.app.screen, MessagesScreen))
    line = pilot.app.screen.query_one("#text", Input)
    line.cursor_blink = False
    line.value = "Then it is a deal."
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_seat_messages_snapshot(snap_compare, seat, size):
    assert snap_compare(seat, terminal_size=size, run_before=_open)
