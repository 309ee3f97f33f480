"""The projector's view in the terminal: the countdown, who is in, the standings, the latest; snapshots at 80x24 and 160x48."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from waiting import until

from classroom.store import Settings, Store
from engine.catalog import load_bundled
from engine.inputs import Order
from tests.clock import FakeClock
from tui.classroom.projector_app import ProjectorApp, countdown

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def projected(tmp_path, monkeypatch):
    """Two worlds of indo_pacific: world 1 has played a turn and a team is in; the clock ran 2:05."""
    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    new = Store.create(
        "class.detente", load_bundled("indo_pacific"), created="2026-11-25T09:00:00Z", worlds=2, clock=clock, settings=Settings(resolve_when_all_in=False)
    )
    store = Store.open(new.path, clock=clock)
    desk = store.facilitator(new.facilitator_code)
    seat = store.seat(new.seat_codes[(1, "seaboard")])
    option = next(o for o in seat.game().legal_options("seaboard") if o.move.difficulty)
    seat.submit([Order(option.move.id, option.target, "HIDDEN-REASON")])
    desk.resolve(1)
    seat.submit([Order(option.move.id, option.target, "HIDDEN-AGAIN")])
    desk.note(2, "Talks resume in Geneva next week.")
    desk.schedule(2, 3, "typhoon", "kepulan")
    desk.resume()
    clock.now += 125
    yield store, clock
    store.close()


def test_the_countdown_follows_the_running_world_closest_to_its_deadline(projected):
    store, clock = projected
    from classroom.projector import ProjectorDesk

    digits, words = countdown(ProjectorDesk(store).read())
    assert digits == "12:55" and words.startswith("orders · turn")
    clock.now += 900
    digits, words = countdown(ProjectorDesk(store).read())
    assert digits == "0:00" and words.startswith("Time is up")


async def test_the_projector_shows_no_order_code_or_scheduled_inject(projected):
    store, _ = projected
    app = ProjectorApp(store, poll=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: app.projection is not None)
        shown = " ".join(strip.text for widget in app.query("Static") for strip in widget.render_lines(Region(0, 0, *widget.outer_size)))
        assert "World 1" in shown and "1/3 in" in shown and "Talks resume in Geneva" in shown
        assert "HIDDEN-AGAIN" not in shown  # this turn's argument
        assert not any("typhoon" in line.lower() for line in app.projection.worlds[1].recent)  # world 2's inject waits for turn 3
        await pilot.press("q")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector_snapshot(snap_compare, projected, size):
    store, _ = projected
    assert snap_compare(ProjectorApp(store, poll=3600), terminal_size=size)
