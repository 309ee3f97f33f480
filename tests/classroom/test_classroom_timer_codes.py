"""Pure parts: phase timer arithmetic on a fake clock, code making and hashing, journal rows."""

from __future__ import annotations

import pytest

from classroom import codes, timer
from classroom.journal import decode, dumps, encode, turn_start
from classroom.timer import Clock
from engine.inputs import Directive, Inject, Note, Order, Rating, Submission, Undo

PHASES = (("discuss", 60), ("orders", 120))


def test_phases_run_back_to_back():
    clock = Clock(turn_started=1000.0)
    at = lambda t: timer.status(PHASES, clock, t)  # noqa: E731
    assert (at(1000).phase, at(1000).seconds_left, at(1000).phase_ends_at) == ("discuss", 60, 1060)
    assert (at(1059.5).phase, at(1059.5).seconds_left) == ("discuss", 0.5)
    assert (at(1060).phase, at(1060).seconds_left, at(1060).phase_ends_at) == ("orders", 120, 1180)
    assert not at(1179.9).deadline_passed
    end = at(1180)
    assert (end.phase, end.seconds_left, end.deadline_passed, end.phase_ends_at) == ("orders", 0, True, None)
    assert at(5000).elapsed == 4000
    assert at(900).elapsed == 0  # a clock that went backwards never gives negative time


def test_pausing_stops_the_clock():
    clock = Clock(turn_started=1000.0)
    paused = timer.pause(clock, 1030)
    assert timer.pause(paused, 1040) == paused
    status = timer.status(PHASES, paused, 5000)
    assert (status.phase, status.seconds_left, status.paused, status.phase_ends_at) == ("discuss", 30, True, None)
    running = timer.resume(paused, 1100)  # 70 seconds paused
    assert running.paused_total == 70 and timer.resume(running, 2000) == running
    assert (timer.status(PHASES, running, 1130).phase, timer.status(PHASES, running, 1130).seconds_left) == ("orders", 120)
    assert timer.status(PHASES, running, 1129).seconds_left == pytest.approx(1)
    twice = timer.resume(timer.pause(running, 1150), 1250)
    assert twice.paused_total == 170
    assert timer.status(PHASES, twice, 1350).elapsed == 180
    assert timer.status(PHASES, twice, 1350).deadline_passed


def test_a_new_turn_restarts_the_timer_and_keeps_a_pause():
    assert timer.restart(None, 50) == Clock(50, None, 0)
    assert timer.restart(Clock(0, None, 30), 50) == Clock(50, None, 0)
    assert timer.restart(Clock(0, 40, 30), 50) == Clock(50, 50, 0)
    assert timer.total(PHASES) == 180


def test_no_phases_means_no_deadline():
    status = timer.status((), Clock(0), 10**9)
    assert (status.phase, status.seconds_left, status.deadline_passed) == ("", None, False)


def test_codes_are_unambiguous_and_normalised():
    made = {codes.new_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == 9 and code[4] == "-"
        assert not set(code.replace("-", "")) & set("01OILUV")
        assert codes.plausible(code, codes.SEAT_GROUPS)
    assert codes.normalise(" k7qf - m2xp ") == "K7QFM2XP"
    assert len(codes.new_code(codes.FACILITATOR_GROUPS)) == 14


def test_hashes_are_salted_and_ignore_typing():
    salt, other = codes.new_salt(), codes.new_salt()
    assert codes.hash_code("K7QF-M2XP", salt, 1000) == codes.hash_code("k7qf m2xp", salt, 1000)
    assert codes.hash_code("K7QF-M2XP", salt, 1000) != codes.hash_code("K7QF-M2XP", other, 1000)
    assert codes.hash_code("K7QF-M2XP", salt, 1000) != codes.hash_code("K7QF-M2XQ", salt, 1000)


@pytest.mark.parametrize(
    "step",
    [
        Submission("blue", (Order("aid", "north", "Help — now."), Order("outreach"))),
        Submission("red", ()),
        Inject("typhoon", ""),
        Note("facilitator", "Five minutes."),
        Rating("blue", 2, None),
        Rating("blue", 1, False),
        Directive("timer", "", "paused"),
        Undo("misread card"),
    ],
)
def test_steps_survive_a_journal_row(step):
    kind, faction, payload = encode(step)
    assert decode(kind, dumps(payload)) == (step, None)
    assert faction == getattr(step, "faction", "")


@pytest.mark.parametrize(
    "kind, payload",
    [("orders", '{"faction": "blue"}'), ("rating", '{"faction": "blue", "order": "1", "strong": true}'), ("note", "[]"), ("resolve", "{}"), ("teleport", "{}")],
)
def test_damaged_rows_are_refused(kind, payload):
    with pytest.raises(ValueError):
        decode(kind, payload)


def test_an_undo_reopens_the_turn_it_took_back():
    assert turn_start([]) == 0
    assert turn_start([(3, "resolve"), (8, "resolve")]) == 8
    assert turn_start([(3, "resolve"), (8, "resolve"), (9, "undo")]) == 3
    assert turn_start([(3, "resolve"), (4, "undo"), (6, "undo")]) == 0
