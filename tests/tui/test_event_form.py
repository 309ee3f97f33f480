"""The facilitator's event form as a card table and back (rule 12.5), without Textual."""

from __future__ import annotations

import pytest

from tui.classroom.event_form import EventForm, ids, pairs


def never(table) -> bool:
    return False


def test_a_form_is_a_card_table_with_an_id_made_from_its_name():
    form = EventForm(
        name="Port strike!",
        text="Dockers walk out.",
        category="crisis",
        target="region",
        place="tenrai",
        effects="stability -1, influence +1",
        turns="2",
        modifier="roll -1, blocks",
        categories="exercise, aid",
    )
    assert form.table(never) == {
        "id": "made_port_strike",
        "name": "Port strike!",
        "category": "crisis",
        "text": "Dockers walk out.",
        "target": "region",
        "region": "tenrai",
        "effects": {"stability": -1, "influence": 1},
        "modifier": {"turns": 2, "categories": ["exercise", "aid"], "roll": -1, "blocks": True},
    }


def test_the_id_moves_on_while_it_clashes():
    taken = {"made_levy", "made_levy_2"}
    assert EventForm(name="Levy", target="every_faction").table(lambda table: table["id"] in taken)["id"] == "made_levy_3"
    assert next(ids("!!!")) == "made_event" and len(next(ids("x" * 90))) <= 40


@pytest.mark.parametrize(
    ("form", "refusal"),
    [
        (EventForm(name=" "), "name: an event needs a name"),
        (EventForm(name="A", effects="stability"), "effects: 'stability' is not a name and a whole number"),
        (EventForm(name="A", effects="stability -1.5"), "effects: 'stability -1.5' is not"),
        (EventForm(name="A", turns="two"), "lasts: the number of turns is a whole number, not 'two'"),
        (EventForm(name="A", modifier="roll -1"), "lasts: an ongoing modifier needs the number of turns it lasts"),
        (
            EventForm(name="A", turns="1", modifier="blocks 2, loud"),
            "modifier: 'loud' is not a name and a whole number (such as 'stability -1'), or blocks alone",
        ),
    ],
)
def test_a_line_that_does_not_read_is_named(form, refusal):
    with pytest.raises(ValueError) as refused:
        form.table(never)
    assert str(refused.value).startswith(refusal)


def test_a_saved_table_fills_the_form_and_comes_back_whole():
    table = {
        "id": "made_levy",
        "name": "Levy",
        "category": "budget_cut",
        "text": "A levy.",
        "target": "every_faction",
        "effects": {"budget": -1, "credibility": 1},
        "modifier": {"turns": 2, "categories": ["exercise"], "cost": 1, "blocks": True},
        "countered_by": ["outreach"],
    }
    form = EventForm.of(table)
    assert (form.effects, form.turns, form.modifier, form.categories) == ("budget -1, credibility +1", "2", "cost +1, blocks", "exercise")
    again = form.table(never)
    assert again == table and list(again) == list(table)


def test_pairs_read_signs_and_spacing():
    assert pairs("effects", " budget=-2 ,income:+1,, stability 0") == {"budget": -2, "income": 1, "stability": 0}
