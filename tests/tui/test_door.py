"""The door: wrong codes counted per address across processes and slowed down; the console refused when served seats-only."""

from __future__ import annotations

import json

from test_seat import FakeClock, at_the_door, code_of, session, type_code  # noqa: F401 (session is a fixture)
from waiting import until

from classroom import door
from tui.classroom.app import ClassroomApp
from tui.classroom.login import LoginScreen
from tui.classroom.seat import SeatScreen


def test_wrong_codes_cost_nothing_at_first_then_double_the_wait_per_address(tmp_path):
    clock = FakeClock()
    session_file = tmp_path / "class.detente"
    first, other = door.Door(session_file, clock), door.Door(session_file, clock)  # two processes' doors
    for n in range(1, door.FREE_FAILURES + 1):
        assert first.wait("10.0.0.7") == 0
        assert (first if n % 2 else other).failed("10.0.0.7") == n  # counted across processes
    assert other.wait("10.0.0.7") == 1.0 and first.wait("10.0.0.8") == 0  # another address is not slowed
    other.failed("10.0.0.7")
    assert first.wait("10.0.0.7") == 2.0
    clock.now += 2.0
    assert first.wait("10.0.0.7") == 0
    for _ in range(40):
        first.failed("10.0.0.7")
    assert first.wait("10.0.0.7") == door.MAX_WAIT
    clock.now += door.WINDOW + 1  # forgotten
    assert first.wait("10.0.0.7") == 0 and json.loads(session_file.with_name("class.detente-door").read_text())


def test_a_damaged_door_file_counts_as_empty(tmp_path):
    clock = FakeClock()
    (tmp_path / "class.detente-door").write_text("{not json")
    assert door.Door(tmp_path / "class.detente", clock).wait("x") == 0
    assert door.Door(tmp_path / "class.detente", clock).failed("x") == 1


async def test_the_door_makes_a_guessing_address_wait(session, monkeypatch):  # noqa: F811
    new, open_store, clock = session
    monkeypatch.setenv(door.REMOTE_VARIABLE, "192.0.2.9")
    app = ClassroomApp(open_store(), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(door.FREE_FAILURES + 1):
            await type_code(pilot, "AAAA-BBBB")
        await until(pilot, at_the_door(app, "Too many wrong codes from here: wait 1 s"))
        await type_code(pilot, code_of(new, "seaboard"))  # even a right code waits its turn
        assert isinstance(app.screen, LoginScreen)
        clock.now += 3
        await type_code(pilot, code_of(new, "seaboard"))
        await until(pilot, lambda: isinstance(app.screen, SeatScreen))


async def test_a_seats_only_door_refuses_the_facilitators_code(session):  # noqa: F811
    new, open_store, _ = session
    app = ClassroomApp(open_store(), poll=0.05, reveal_delay=0, console=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_code(pilot, new.facilitator_code)
        await until(pilot, at_the_door(app, "The facilitator's console is not served to browsers"))
    given = ClassroomApp(open_store(), code=new.facilitator_code, poll=0.05, reveal_delay=0, console=False)
    async with given.run_test(size=(100, 30)) as pilot:
        await until(pilot, at_the_door(given, "facilitator's code"))


async def test_a_team_names_itself_at_the_door(session):  # noqa: F811
    new, open_store, _ = session
    app = ClassroomApp(open_store(), poll=0.05, reveal_delay=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen))
        app.screen.query_one("#code").value = code_of(new, "seaboard")
        app.screen.query_one("#team-name").value = "Blue Herons"
        app.screen.query_one("#team-name").focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SeatScreen))
        assert app.screen.view.team == "Blue Herons"
