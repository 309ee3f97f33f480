"""A team plays a classroom turn from a browser: the served `detente join`, a seat code, an order, the next turn."""

from __future__ import annotations

import pytest
from browserkit import open_app, press, type_text, wait_for_text, wait_for_text_gone

from classroom.store import Store
from classroom.values import Settings
from engine.catalog import load_bundled
from engine.inputs import Submission

pytestmark = pytest.mark.browser


def test_a_team_joins_from_the_browser_and_plays_a_turn(serve_session, page, tmp_path):
    path = tmp_path / "class.detente"
    new = Store.create(
        path,
        load_bundled("indo_pacific"),
        created="2026-11-25T09:00:00Z",
        players={"heartland": "greedy", "meridian": "greedy"},
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=True),
    )
    with Store.open(path) as store:
        store.facilitator(new.facilitator_code).resume()  # the class begins: turns resolve when all are in
    url = serve_session(path)
    open_app(page, url)

    wait_for_text(page, "Enter your team's code")
    type_text(page, "ZZZZ-ZZZZ")
    press(page, "enter")
    wait_for_text(page, "opens no seat in this session")

    type_text(page, new.seat_codes[(1, "seaboard")])
    press(page, "enter")
    wait_for_text(page, "World 1 · S Seaboard Federation")
    screen = wait_for_text(page, "yours: not in yet")
    assert "Turn 1/10" in screen

    press(page, "a")  # the order picker: a move, its target, a justification
    wait_for_text(page, "Choose a move")
    press(page, "enter")
    wait_for_text(page, "choose a target")
    press(page, "enter")
    wait_for_text(page, "Enter to add the order")
    type_text(page, "Reassure our partners")
    press(page, "enter")
    wait_for_text(page, "Reassure our partners")
    page.screenshot(path=tmp_path / "drafted.png")

    press(page, "s")
    wait_for_text(page, "Submit these orders?")  # budget left unspent: the warning asks
    press(page, "y")
    screen = wait_for_text(page, "Turn 2/10")  # the only team is in: the turn resolves (the bots order)
    assert "Turn 1 is resolved" in screen or "Seaboard" in screen
    page.screenshot(path=tmp_path / "turn2.png")
    with Store.open(path) as store:
        game = store.facilitator(new.facilitator_code).game(1)
    (mine,) = [step for step in game.inputs[1] if isinstance(step, Submission) and step.faction == "seaboard"]
    assert game.turn == 2 and mine.orders[0].why == "Reassure our partners"


def test_a_team_writes_privately_from_the_browser_and_only_its_recipient_reads_it(serve_session, page, tmp_path):
    path = tmp_path / "class.detente"
    new = Store.create(path, load_bundled("indo_pacific"), created="2026-11-25T09:00:00Z")
    with Store.open(path) as store:
        store.seat(new.seat_codes[(1, "heartland")]).message("seaboard", "Heartland here: shall we talk?")
    url = serve_session(path)
    open_app(page, url)
    wait_for_text(page, "Enter your team's code")
    type_text(page, new.seat_codes[(1, "seaboard")])
    press(page, "enter")
    wait_for_text(page, "yours: not in yet")
    press(page, "w")
    wait_for_text(page, "H Heartland Republic → you: Heartland here: shall we talk?")
    type_text(page, "Yes, after the vote.")
    press(page, "enter")
    wait_for_text(page, "you → facilitator: Yes, after the vote.")
    page.screenshot(path=tmp_path / "messages.png")
    with Store.open(path) as store:
        assert [m.text for m in store.seat(new.seat_codes[(1, "heartland")]).messages()] == ["Heartland here: shall we talk?"]
        assert [m.text for m in store.seat(new.seat_codes[(1, "meridian")]).messages()] == []
        assert [m.text for m in store.facilitator(new.facilitator_code).messages(1)][-1] == "Yes, after the vote."


def test_a_team_writes_its_plan_in_the_browser(serve_session, page, tmp_path):
    path = tmp_path / "class.detente"
    new = Store.create(
        path,
        load_bundled("indo_pacific"),
        created="2026-11-25T09:00:00Z",
        players={"heartland": "greedy", "meridian": "greedy"},
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=True, plans=True),
    )
    open_app(page, serve_session(path))
    wait_for_text(page, "Enter your team's code")
    type_text(page, new.seat_codes[(1, "seaboard")])
    press(page, "enter")
    wait_for_text(page, "Plan · S Seaboard Federation")  # the session asks for plans: the seat opens on it
    type_text(page, "Hold Tenrai with dialogue; aid to Solvana.")
    wait_for_text(page, "aid to Solvana.")
    press(page, "ctrl+s")
    wait_for_text_gone(page, "Hand in (Ctrl+S)")  # handed in: the seat's table is back
    wait_for_text(page, "yours: not in yet")
    page.screenshot(path=tmp_path / "planned.png")
    with Store.open(path) as store:
        game = store.facilitator(new.facilitator_code).game(1)
    assert game.written("seaboard") == ("Hold Tenrai with dialogue; aid to Solvana.", "")
