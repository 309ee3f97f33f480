"""Actions confirmed for one turn never land on another, finished worlds keep replayable records,
and a writer stuck behind the queue's lock still gets through."""

from __future__ import annotations

import fcntl
import os
import time

import pytest

from classroom import sessionfile
from engine.errors import OrderError
from engine.record import read_record, replay


@pytest.fixture
def world(make_session):
    """One world of the mini scenario: three team seats, the facilitator, timers running."""
    new, store = make_session()
    fac = store.facilitator(new.facilitator_code)
    fac.resume()
    seats = {faction: store.seat(new.seat_codes[(1, faction)]) for faction in ("blue", "red", "green")}
    return new, store, fac, seats


def legal(seat, faction):
    return [seat.game().legal_options(faction)[0].order("ours")]


def test_a_resolve_undo_or_rating_confirmed_for_a_turn_that_moved_on_does_nothing(world):
    _, _, fac, seats = world
    seats["blue"].submit(legal(seats["blue"], "blue"))
    fac.resolve(1)  # someone else resolved turn 1 while the facilitator was confirming
    revision = fac.revision()
    for act in (lambda: fac.resolve(1, turn=1), lambda: fac.undo(1, "misread", turn=1), lambda: fac.rate(1, "blue", 1, True, turn=1)):
        with pytest.raises(OrderError, match=r"World 1 moved on meanwhile \(it is on turn 2\): nothing was done"):
            act()
    assert fac.revision() == revision and fac.game(1).turn == 2
    fac.undo(1, "misread", turn=2)  # the turn the facilitator saw
    assert fac.game(1).turn == 1


def test_orders_written_for_a_turn_that_resolved_meanwhile_are_refused_not_moved_to_the_next(world):
    _, _, fac, seats = world
    blue = seats["blue"]
    orders = legal(blue, "blue")
    fac.resolve(1)  # the deadline passed while the team was confirming its orders
    with pytest.raises(OrderError, match="moved on meanwhile"):
        blue.submit(orders, turn=1)
    with pytest.raises(OrderError, match="moved on meanwhile"):
        blue.save_draft(orders, turn=1)
    view = blue.view()
    assert view.game.turn == 2 and view.orders is None and view.draft is None
    assert blue.submit(legal(blue, "blue"), turn=2).turn == 2


def test_a_finished_world_is_passed_by_every_pause_and_refuses_notes_so_its_record_replays(world, tmp_path):
    _, _, fac, _ = world
    while not fac.game(1).is_over:
        fac.resolve(1)
    fac.pause()
    fac.resume()
    for act in (lambda: fac.note(1, "well played"), lambda: fac.sideline(1, "blue", "Sam"), lambda: fac.pause(1)):
        with pytest.raises(OrderError, match="the game is over"):
            act()
    fac.export(1, tmp_path / "w1.jsonl")
    assert replay(read_record(tmp_path / "w1.jsonl")).verified


def test_a_writer_behind_a_stuck_queue_gets_through_after_the_busy_time(world, monkeypatch):
    new, _store, fac, _seats = world
    monkeypatch.setattr(sessionfile, "BUSY_SECONDS", 0.3)
    holder = os.open(f"{new.path}-lock", os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as a stopped process would hold it
    try:
        start = time.monotonic()
        fac.note(1, "still here")
        waited = time.monotonic() - start
    finally:
        os.close(holder)
    assert 0.3 <= waited < 3
    assert fac.game(1).log[-1].text == "still here"
