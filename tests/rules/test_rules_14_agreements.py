"""Rule 14: agreements — proposing, answering, coming into force, effects in upkeep, running their
course, breaking by order or by renouncing, and their records.

Fixture ``pacts``: three factions (budget 6, income 1, credibility 5, domestic support 5), no
dice, three agreement kinds (joint exercise, non-interference pledge, aid for access)."""

from __future__ import annotations

import hashlib
import json

import pytest
from rulekit import lines, new_game, play, position

from engine.errors import OrderError
from engine.inputs import MAX_PROPOSALS_PER_TURN, Order, Pact
from engine.log import Agreed, Cause, Change
from engine.record import parse_record, record_lines, replay
from engine.views import AgreementView


def record_of(game) -> str:
    return "\n".join(record_lines(game, {}, "2026-12-07T09:00:00Z")) + "\n"


def agreed(entries) -> list[Agreed]:
    return [e for e in entries if isinstance(e, Agreed)]


def numbers(game, faction):
    """(budget, credibility, domestic support) of ``faction``."""
    record = game.state.factions[faction]
    return record.budget, record.tracks["credibility"], record.tracks["domestic_support"]


def signed(kind="joint_exercise", proposer="blue", partner="red"):
    """A game where ``proposer`` proposed ``kind`` to ``partner``, who accepted; not yet resolved."""
    game = new_game("pacts")
    game.agree(proposer, "propose", kind, partner)
    game.agree(partner, "accept", kind, proposer)
    return game


# -- 14.2 proposing and answering ---------------------------------------------------------------------


def test_14_2_a_proposal_and_its_answer_are_logged_and_move_no_number():
    game = new_game("pacts")
    before = position(game)
    game.agree("blue", "propose", "joint_exercise", "red")
    game.agree("red", "accept", "joint_exercise", "blue")
    game.agree("green", "propose", "aid_for_access", "blue")
    game.agree("blue", "decline", "aid_for_access", "green")
    assert position(game) == before
    assert agreed(game.log) == [
        Agreed(1, "joint_exercise", ("blue", "red"), "proposed", "blue"),
        Agreed(1, "joint_exercise", ("blue", "red"), "accepted", "red"),
        Agreed(1, "aid_for_access", ("green", "blue"), "proposed", "green"),
        Agreed(1, "aid_for_access", ("green", "blue"), "declined", "blue"),
    ]
    assert lines(game, agreed(game.log)) == [
        "B Blue proposes Joint exercise to R Red",
        "R Red accepts B Blue's Joint exercise",
        "G Green proposes Aid for access to B Blue",
        "B Blue declines G Green's Aid for access",
    ]
    assert game.view().agreements == (
        AgreementView("joint_exercise", "blue", "red", "accepted"),
        AgreementView("aid_for_access", "green", "blue", "declined"),
    )


@pytest.mark.parametrize(
    ("faction", "act", "kind", "other", "refusal"),
    [
        ("blue", "propose", "joint_exercise", "martians", "'martians' is not one"),
        ("martians", "propose", "joint_exercise", "blue", "no faction 'martians'"),
        ("blue", "propose", "joint_exercise", "blue", "another faction, not with oneself"),
        ("blue", "propose", "alliance", "red", "no agreement 'alliance' in this scenario \\(it has joint_exercise, non_interference, aid_for_access\\)"),
        ("blue", "sign", "joint_exercise", "red", "one of propose, accept, decline, renounce, not 'sign'"),
        ("red", "accept", "joint_exercise", "blue", "blue has not proposed Joint exercise to red this turn"),
        ("red", "decline", "aid_for_access", "green", "green has not proposed Aid for access to red"),
        ("blue", "renounce", "joint_exercise", "red", "no Joint exercise in force between blue and red"),
    ],
)
def test_14_2_a_bad_step_is_refused_and_changes_nothing(faction, act, kind, other, refusal):
    game = new_game("pacts")
    with pytest.raises(OrderError, match=refusal):
        game.agree(faction, act, kind, other)
    assert game.journal == [] and game.state.agreements == [] and agreed(game.log) == []


def test_14_2_a_proposal_already_made_either_way_round_is_refused_and_the_first_stands():
    game = new_game("pacts")
    game.agree("blue", "propose", "joint_exercise", "red")
    for faction, other in (("blue", "red"), ("red", "blue")):
        with pytest.raises(OrderError, match=r"Joint exercise between .* is proposed this turn already"):
            game.agree(faction, "propose", "joint_exercise", other)
    game.agree("red", "propose", "non_interference", "blue")  # another kind between the same two is fine
    assert [(a.agreement, a.proposer) for a in game.view().agreements] == [("joint_exercise", "blue"), ("non_interference", "red")]
    game.agree("red", "accept", "joint_exercise", "blue")
    with pytest.raises(OrderError, match="red has accepted blue's proposal of Joint exercise already"):
        game.agree("red", "decline", "joint_exercise", "blue")
    with pytest.raises(OrderError, match="red has not proposed Joint exercise to blue"):
        game.agree("blue", "accept", "joint_exercise", "red")  # the proposer cannot answer its own proposal
    game.resolve()
    with pytest.raises(OrderError, match="Joint exercise between red and blue is in force already"):
        game.agree("red", "propose", "joint_exercise", "blue")


def test_14_2_a_faction_proposes_at_most_so_many_agreements_a_turn(monkeypatch):
    """The bound is eight (``MAX_PROPOSALS_PER_TURN``); three factions and three kinds reach at most six
    proposals, so the test lowers it to four."""
    assert MAX_PROPOSALS_PER_TURN == 8
    monkeypatch.setattr("engine.game.MAX_PROPOSALS_PER_TURN", 4)
    game = new_game("pacts")
    for kind, other in (("joint_exercise", "red"), ("joint_exercise", "green"), ("non_interference", "red"), ("non_interference", "green")):
        game.agree("blue", "propose", kind, other)
    with pytest.raises(OrderError, match="blue has proposed 4 agreements this turn, the most a turn allows"):
        game.agree("blue", "propose", "aid_for_access", "red")
    game.agree("red", "propose", "aid_for_access", "blue")  # another faction still may
    game.resolve()
    game.agree("blue", "propose", "aid_for_access", "red")  # and blue may again next turn


def test_14_2_a_scenario_without_agreements_refuses_every_step():
    game = new_game("trio")
    with pytest.raises(OrderError, match="defines no agreements"):
        game.agree("blue", "propose", "joint_exercise", "red")


def test_14_2_no_step_once_the_game_is_over():
    game = new_game("pacts")
    while not game.is_over:
        game.resolve()
    with pytest.raises(OrderError, match="over"):
        game.agree("blue", "propose", "joint_exercise", "red")


# -- 14.3 coming into force --------------------------------------------------------------------------


def test_14_3_an_accepted_proposal_comes_into_force_and_the_others_go_at_the_start_of_resolution():
    game = signed()
    game.agree("blue", "propose", "non_interference", "green")
    game.agree("green", "propose", "aid_for_access", "red")
    game.agree("red", "decline", "aid_for_access", "green")
    entries = game.resolve()
    assert entries[:2] == [
        Agreed(1, "joint_exercise", ("blue", "red"), "in_force"),
        Agreed(1, "non_interference", ("blue", "green"), "lapsed"),
    ]
    assert lines(game, entries[:2]) == [
        "Joint exercise between B Blue and R Red comes into force",
        "Non-interference pledge between B Blue and G Green lapses unanswered",
    ]
    assert game.view().agreements == (AgreementView("joint_exercise", "blue", "red", "in_force", 1),)


# -- 14.4 effects in upkeep and the end of an agreement ------------------------------------------------


def test_14_4_a_joint_exercise_costs_and_gives_both_parties_after_income_for_two_turns_then_ends():
    game = signed()
    entries = game.resolve()
    assert numbers(game, "blue") == numbers(game, "red") == (6, 6, 5)  # 6 + 1 income - 1; credibility 5 + 1
    assert numbers(game, "green") == (7, 5, 5)
    income = entries.index(Change(1, "red", "", "budget", 1, 7, Cause.INCOME, "", "", 0, 1))
    assert entries[income + 2 : income + 6] == [
        Change(1, "blue", "", "budget", -1, 6, Cause.AGREEMENT, "joint_exercise", "", 0, -1),
        Change(1, "blue", "", "credibility", 1, 6, Cause.AGREEMENT, "joint_exercise", "", 0, 1),
        Change(1, "red", "", "budget", -1, 6, Cause.AGREEMENT, "joint_exercise", "", 0, -1),
        Change(1, "red", "", "credibility", 1, 6, Cause.AGREEMENT, "joint_exercise", "", 0, 1),
    ]
    assert "B Blue: budget -1 → 6 (agreement Joint exercise)" in lines(game, entries)
    entries = game.resolve()
    assert numbers(game, "blue") == numbers(game, "red") == (6, 7, 5)
    assert Agreed(2, "joint_exercise", ("blue", "red"), "ended") in entries
    assert "Joint exercise between B Blue and R Red has run its course" in lines(game, entries)
    assert game.view().agreements == ()
    game.resolve()
    assert numbers(game, "blue") == (7, 7, 5)  # income only: the agreement is over
    game.agree("blue", "propose", "joint_exercise", "red")  # and may be made again


def test_14_4_aid_for_access_moves_budget_from_the_proposer_to_the_partner():
    game = signed("aid_for_access", "blue", "green")
    game.resolve()
    assert numbers(game, "blue") == (5, 6, 5) and numbers(game, "green") == (9, 5, 5)


# -- 14.5 breaking ----------------------------------------------------------------------------------


def test_14_5_a_forbidden_order_aimed_where_the_other_party_has_influence_breaks_the_agreement():
    """Non-interference forbids exercises and Public warning. Blue drills in North, where Red has
    influence 1: the drill resolves in full, then the pledge breaks; Blue pays credibility -2 and
    domestic support -1, and the pledge gives nobody anything at upkeep."""
    game = signed("non_interference")
    entries = play(game, blue=Order("drill", "north"))
    broken = entries.index(Agreed(1, "non_interference", ("blue", "red"), "broken", "blue"))
    assert entries[broken - 2 : broken] == [
        Change(1, "blue", "", "budget", -1, 5, Cause.ORDER, "drill", "blue", 1, -1),
        Change(1, "blue", "north", "influence", 1, 3, Cause.ORDER, "drill", "blue", 1, 1),
    ]
    assert entries[broken + 1 : broken + 3] == [
        Change(1, "blue", "", "credibility", -2, 3, Cause.AGREEMENT, "non_interference", "", 0, -2),
        Change(1, "blue", "", "domestic_support", -1, 4, Cause.AGREEMENT, "non_interference", "", 0, -1),
    ]
    assert "B Blue breaks Non-interference pledge with R Red" in lines(game, entries)
    assert numbers(game, "blue") == (6, 3, 4) and numbers(game, "red") == (7, 5, 5)
    assert game.view().agreements == ()


def test_14_5_a_forbidden_order_where_the_other_party_has_no_influence_keeps_the_agreement():
    """Blue drills in East (only Green is there) and warns Green: neither is aimed at Red."""
    game = signed("non_interference")
    play(game, blue=[Order("drill", "east"), Order("warning", "green")])
    assert numbers(game, "blue") == (6, 5, 7) and numbers(game, "red") == (7, 5, 6)  # +1 warning, +1 pledge; +1 pledge
    assert game.view().agreements == (AgreementView("non_interference", "blue", "red", "in_force", 2),)


def test_14_5_a_forbidden_move_aimed_at_the_other_party_breaks_it_whoever_proposed():
    game = signed("non_interference")
    entries = play(game, red=Order("warning", "blue"))
    assert Agreed(1, "non_interference", ("blue", "red"), "broken", "red") in entries
    assert numbers(game, "red") == (7, 3, 5)  # domestic support +1 warning -1 broken; credibility -2


def test_14_5_an_agreement_that_forbids_nothing_survives_any_order():
    game = signed()
    play(game, blue=Order("drill", "north"), red=Order("warning", "blue"))
    assert game.view().agreements == (AgreementView("joint_exercise", "blue", "red", "in_force", 1),)


def test_14_5_a_renounced_agreement_breaks_at_the_start_of_the_next_resolution_before_any_order():
    game = signed()
    game.resolve()
    game.agree("red", "renounce", "joint_exercise", "blue")
    assert numbers(game, "red") == (6, 6, 5)  # nothing moves before the resolution
    assert "R Red renounces Joint exercise with B Blue: it breaks as the turn resolves" in lines(game, game.log)
    with pytest.raises(OrderError, match="renounced already"):
        game.agree("blue", "renounce", "joint_exercise", "red")
    entries = play(game, red=Order("aid", "south"))
    assert entries[:2] == [
        Agreed(2, "joint_exercise", ("blue", "red"), "broken", "red"),
        Change(2, "red", "", "credibility", -2, 4, Cause.AGREEMENT, "joint_exercise", "", 0, -2),
    ]
    assert numbers(game, "red") == (6, 4, 5) and numbers(game, "blue") == (7, 6, 5)  # no upkeep effects any more


# -- the record ---------------------------------------------------------------------------------


def test_14_a_record_holds_every_step_in_format_2_and_replays_to_the_same_game():
    game = signed("non_interference")
    game.agree("green", "propose", "aid_for_access", "red")
    play(game, blue=Order("drill", "north"))
    game.agree("blue", "propose", "joint_exercise", "green")
    game.agree("green", "accept", "joint_exercise", "blue")
    play(game)
    text = record_of(game)
    assert json.loads(text.splitlines()[0])["detente_record"] == 2
    assert '{"t":"agreement","turn":1,"faction":"red","act":"accept","agreement":"non_interference","other":"blue"}' in text
    replayed = replay(parse_record(text))
    assert replayed.verified and replayed.game.digest() == game.digest()
    assert replayed.game.view().agreements == game.view().agreements != ()


def test_14_an_agreement_line_in_a_format_1_record_is_refused_at_its_line():
    game = signed()
    game.resolve()
    text = record_of(game).replace('"detente_record":2', '"detente_record":1', 1)
    body = text.splitlines()[:-1]
    body.append(json.dumps({"t": "end", "lines": len(body), "sha256": hashlib.sha256("\n".join(body).encode()).hexdigest()}, separators=(",", ":")))
    mismatch = replay(parse_record("\n".join(body) + "\n")).mismatch
    assert mismatch is not None and "an agreement line needs record format 2" in mismatch


def test_14_an_undo_takes_back_the_agreements_the_resolution_brought_into_force():
    game = signed()
    before = game.digest()
    game.resolve()
    game.undo("wrong turn")
    assert game.digest() == before
    assert game.view().agreements == (AgreementView("joint_exercise", "blue", "red", "accepted"),)
    game.apply(Pact("red", "propose", "aid_for_access", "blue"))
    assert game.journal[-1] == Pact("red", "propose", "aid_for_access", "blue")
