"""A seat's headless view (``detente session view``) shows format 2's state: fading influence, partners'
attitudes and receptivity as they stand, and the seat's own aim with its progress."""

from __future__ import annotations

import json
from pathlib import Path

from classroom.store import Store
from classroom.values import Settings
from detente.seat_commands import view_json, view_text
from engine import load_scenario_file
from engine.inputs import Order
from tests.test_session_seat_cli import detente

SCENARIOS = Path(__file__).parent / "rules" / "scenarios"
CREATED = "2026-03-02T09:15:00Z"


def session(tmp_path, name):
    scenario = load_scenario_file(SCENARIOS / f"{name}.toml")
    return Store.create(tmp_path / f"{name}.detente", scenario, created=CREATED, settings=Settings(resolve_when_all_in=False))


def test_the_view_shows_fading_influence_attitudes_and_receptivity_as_they_stand(tmp_path):
    new = session(tmp_path, "partners")
    with Store.open(new.path) as store:
        blue = store.seat(new.seat_codes[(1, "blue")])
        # an arms sale (fades, deepens dependency), relief (goodwill) and a drill (wears out its welcome) in North
        blue.submit([Order("arms", "north", "a"), Order("relief", "north", "b"), Order("drill", "north", "c")])
        store.facilitator(new.facilitator_code).inject(1, "chair")  # receptivity to military moves in North +1
        store.facilitator(new.facilitator_code).resolve(1)
        seat = blue.view()
    north = seat.game.view().regions["north"]
    assert north.fading == {"blue": 2} and north.attitudes["blue"] == {"goodwill": 1, "dependency": 1}
    assert dict(north.receptivity) == {"exercise": 1, "arms_sale": 1}  # 1 at the start, +1 -1 from the drill's reaction, arms +1 from the card

    text = view_text(seat).splitlines()
    assert f"  {'North':<22} stability 3   B 6 (2 fading)  R 2 · held by B" in text
    partners = text[text.index("Partners:") :]
    assert partners[1:4] == [
        "  North: receptivity exercise +1, arms sale +1, others 0",
        "    attitudes towards B goodwill 1/5, dependency 1/5 · R goodwill 0/5, dependency 0/5",
        "  Elsewhere: receptivity 0 and every attitude at its start.",
    ]
    assert "Fading influence loses 1 a turn once its time is up, unless renewed." in text

    data = view_json(seat)["regions"]
    assert data["north"]["fading"] == {"blue": 2}
    assert data["north"]["attitudes"] == {"blue": {"goodwill": 1, "dependency": 1}, "red": {"goodwill": 0, "dependency": 0}}
    assert data["north"]["receptivity"] == {"exercise": 1, "arms_sale": 1}
    assert data["east"] == {
        "stability": 3,
        "influence": {"blue": 0, "red": 0},
        "controller": "",
        "fading": {},
        "attitudes": {"blue": {"goodwill": 0, "dependency": 0}, "red": {"goodwill": 0, "dependency": 0}},
        "receptivity": {},
    }
    # and through the command, as a program reads it
    shown = json.loads(detente("session", "view", new.path, "--format", "json", code=new.seat_codes[(1, "blue")]).stdout)
    assert shown["regions"] == data and shown["aim"] is None


def test_the_view_shows_the_seats_own_aim_and_how_far_it_is(tmp_path):
    new = session(tmp_path, "aims")
    with Store.open(new.path) as store:
        seat = store.seat(new.seat_codes[(1, "small")]).view()
    progress = seat.game.view().aim_progress("small")
    assert [leaf.met for leaf in progress] == [False, False, False]
    text = view_text(seat).splitlines()
    start = text.index("Your aim: Support 9 at home and influence 5 in both Capital and Harbour.")
    assert text[start + 1 : start + 4] == [f"  · {leaf.text} (now {leaf.value})" for leaf in progress]
    aim = view_json(seat)["aim"]
    assert aim["text"] == "Support 9 at home and influence 5 in both Capital and Harbour." and aim["final"] is False
    assert aim["progress"] == [{"text": leaf.text, "value": leaf.value, "met": False, "distance": leaf.distance} for leaf in progress]
    # each seat reads its own aim: Ally's is judged at the end; Big has none
    with Store.open(new.path) as store:
        ally = view_text(store.seat(new.seat_codes[(1, "ally")]).view())
        big = store.seat(new.seat_codes[(1, "big")]).view()
    assert "Your aim (judged at the end): Keep the Shadow out of Capital until the end." in ally and "Support 9 at home" not in ally
    assert "Your aim" not in view_text(big) and view_json(big)["aim"] is None
