"""The projector's desk: what the whole class may see, and nothing else."""

from __future__ import annotations

import json

from classroom.projector import ProjectorDesk, to_json
from classroom.values import Settings
from engine.inputs import Order


def test_the_projector_shows_who_is_in_and_the_scores_never_orders_ratings_or_scheduled_injects(make_session, clock):
    new, store = make_session(worlds=2, settings=Settings((("orders", 600),), False, False))
    desk = store.facilitator(new.facilitator_code)
    blue = store.seat(new.seat_codes[(1, "blue")])
    option = blue.game().legal_options("blue")[0]
    blue.submit([Order(option.move.id, option.target, "SECRET-ARGUMENT")])
    desk.rate(1, "blue", 1, True)
    card = store.scenario.cards[0].id
    desk.schedule(2, 3, card)
    desk.note(2, "A public note")
    desk.resume()
    clock.advance(90)
    projection = ProjectorDesk(store).read()
    first, second = projection.worlds
    assert [(s.faction, s.submitted) for s in first.seats] == [("blue", True), ("red", False), ("green", False)]
    assert first.timer.seconds_left == 510 and not first.timer.paused
    assert {f for f, _ in first.scores} == {"blue", "red", "green"}
    assert any("A public note" in line for line in second.recent)
    shown = json.dumps(to_json(projection))
    assert "SECRET-ARGUMENT" not in shown and option.move.id not in shown  # the order is not even named
    assert store.scenario.card(card).name not in shown and card not in shown  # nor the inject waiting for turn 3
    for code in (new.facilitator_code, *new.seat_codes.values()):
        assert code not in shown
    desk.resolve(1)
    after = ProjectorDesk(store).read().worlds[0]
    assert after.turn == 2 and not any("SECRET-ARGUMENT" in line for line in after.recent)  # the results, not the arguments
