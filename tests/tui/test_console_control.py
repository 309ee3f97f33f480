"""The console acting on every world at once, time and rules, the deadline's drafts, and the seat's debrief keys."""

from __future__ import annotations

from test_facilitator import CREATED, Host, console_app, indo, make_class, notes, open_world, pick_card, session, type_text  # noqa: F401 (fixtures)
from waiting import until

from classroom.store import Settings
from engine.inputs import Submission
from engine.log import CardPlayed, Directed, Noted
from tui.classroom.dialogs import ChoicePrompt, InjectPicker, TextPrompt
from tui.classroom.seat_debrief import SeatDebrief
from tui.screens.confirm import ConfirmScreen

SMALL = (80, 24)


def left(cls, world):
    return next(w for w in cls.desk.overview().worlds if w.id == world).timer.seconds_left


async def answer(pilot, text: str) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
    pilot.app.screen.query_one("#answer").value = ""
    await type_text(pilot, text)
    await pilot.press("enter")


async def test_time_is_added_and_taken_off_in_every_world_and_in_one(session):  # noqa: F811
    session.desk.resume()
    before = {w: left(session, w) for w in (1, 2)}
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("t")
        await answer(pilot, "soon")  # refused on the spot, the dialog stays
        await until(pilot, lambda: "Give minutes" in str(app.screen.query_one("#error").render()))
        await answer(pilot, "2")
        await until(pilot, lambda: all(left(session, w) == before[w] + 120 for w in (1, 2)))
        await open_world(pilot, 1)
        await pilot.press("t")
        await answer(pilot, "-1.5")
        await until(pilot, lambda: left(session, 1) == before[1] + 30 and left(session, 2) == before[2] + 120)
    texts = [e.text for e in session.desk.view(1).log if isinstance(e, Directed)]
    assert texts[-2:] == ["2:00 added", "1:30 taken off"]


async def test_resolve_note_and_pause_act_on_every_world(session):  # noqa: F811
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "6 team seats not in will pass" in app.screen.detail
        await pilot.press("n")  # declined: nothing happens
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert [session.desk.view(w).turn for w in (1, 2)] == [1, 1]
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: [session.desk.view(w).turn for w in (1, 2)] == [2, 2])
        assert any("Resolved in 2 worlds" in text for text in notes(app))
        await pilot.press("n")
        await answer(pilot, "Ten minutes left")
        await until(pilot, lambda: all(any(isinstance(e, Noted) and e.text == "Ten minutes left" for e in session.desk.view(w).log) for w in (1, 2)))


async def test_an_inject_plays_in_every_world_now_or_when_a_later_turn_begins(session, indo):  # noqa: F811
    def injected(world: int) -> list[tuple[int, str]]:
        return [(e.turn, e.card) for e in session.desk.view(world).log if isinstance(e, CardPlayed) and e.how == "inject"]

    app = console_app(session)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("i")  # from the overview: every world
        await until(pilot, lambda: isinstance(app.screen, InjectPicker))
        await pick_card(pilot, indo, "typhoon")
        await pilot.press("enter")  # by the card's rule
        await pilot.pause()
        await pilot.press("enter")  # now
        await until(pilot, lambda: injected(1) == injected(2) == [(1, "typhoon")], what="the typhoon in both worlds")
        assert any("Super typhoon played in 2 worlds" in text for text in notes(app))
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InjectPicker))
        await pick_card(pilot, indo, "earthquake")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # when turn 2 begins
        await until(pilot, lambda: all([s.card for s in w.scheduled] == ["earthquake"] for w in session.desk.overview().worlds))
    for world in (1, 2):
        session.desk.resolve(world)
        assert injected(world) == [(1, "typhoon"), (2, "earthquake")]


async def test_the_phases_and_rules_change_from_the_console(session):  # noqa: F811
    app = console_app(session)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("g")
        await answer(pilot, "talks=5, orders=10")
        await until(pilot, lambda: isinstance(app.screen, ChoicePrompt))
        app.screen.query_one("OptionList").highlighted = 2  # both
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChoicePrompt) and "At the deadline" in app.screen.title_text)
        app.screen.query_one("OptionList").highlighted = 1  # submits its draft
        await pilot.press("enter")
        await until(pilot, lambda: session.desk.settings() == Settings((("talks", 300), ("orders", 600)), True, True, True))


def test_a_deadline_submits_a_saved_legal_draft_instead_of_passing(make_class):  # noqa: F811
    cls = make_class(worlds=1, settings=Settings((("orders", 60),), False, True, True))
    cls.desk.resume()
    seat = cls.seat(1, "seaboard")
    order = seat.game().legal_options("seaboard")[0].order("drafted in time")
    seat.save_draft([order])
    cls.clock.now += 61
    (done,) = cls.desk.tick()
    assert done.why == "deadline"
    rows = [(row.kind, row.faction, row.made_by) for row in cls.desk.journal(1)]
    assert ("orders", "seaboard", "draft:seaboard") in rows
    assert not any(made_by == "draft:heartland" for _, _, made_by in rows)  # no draft: it passed
    submitted = [step for step in cls.desk.game(1).inputs[1] if isinstance(step, Submission) and step.faction == "seaboard"]
    assert [step.orders for step in submitted] == [(order,)]


def test_without_the_option_a_deadline_passes_a_draft(make_class):  # noqa: F811
    cls = make_class(worlds=1, settings=Settings((("orders", 60),), False, True))
    cls.desk.resume()
    seat = cls.seat(1, "seaboard")
    seat.save_draft([seat.game().legal_options("seaboard")[0].order("")])
    cls.clock.now += 61
    cls.desk.tick()
    assert not any(row.made_by.startswith("draft:") for row in cls.desk.journal(1))


def test_old_settings_read_without_the_drafts_key_and_are_stored_as_before():
    old = '{"phases":[["orders",900]],"resolve_when_all_in":true,"resolve_at_deadline":false}'
    assert Settings.from_json(old) == Settings()
    assert Settings().to_json() == old
    assert Settings.from_json(Settings(drafts_at_deadline=True).to_json()).drafts_at_deadline


def test_the_seats_debrief_says_its_key_goes_back_to_the_door():
    keys = {binding.key: binding.description for binding in SeatDebrief.BINDINGS}
    assert keys["n"] == "Back to the door"
