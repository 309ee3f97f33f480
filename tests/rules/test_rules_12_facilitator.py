"""Rule 12: facilitator actions — rating arguments, directives, undo — and their records."""

from __future__ import annotations

import hashlib
import json

import pytest
from rulekit import dice, lines, new_game, play, position, scenario

from engine.errors import OrderError
from engine.inputs import MAX_MESSAGES_PER_TURN, Directive, Order, Rating, Resolve, Submission, Undo
from engine.log import Directed, Messaged, Rolled, Undone
from engine.made_cards import MAX_MADE_CARDS
from engine.record import parse_record, record_lines, replay

EXERCISE = Order("exercise", "north", "Reassure the North")
"""The worked example's order (rule 11): seed 0, turn 1, Blue order 1 rolls 4 against 4."""


def roll(entries) -> Rolled:
    (rolled,) = [e for e in entries if isinstance(e, Rolled)]
    return rolled


def record_of(game) -> str:
    return "\n".join(record_lines(game, {}, "2026-11-25T09:00:00Z")) + "\n"


# -- 12.2 rating arguments -----------------------------------------------------------------------------


def test_12_2_a_weak_argument_turns_the_worked_example_into_a_failure():
    assert dice(0, 1, ("blue", 1)) == [4]
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, False)
    entries = game.resolve()
    assert roll(entries) == Rolled(1, "blue", 1, "exercise", 4, (("argument", -1),), 3, 4, False)
    assert "B Blue rolls 4 -1 argument = 3 vs 4: failure" in lines(game, entries)


def test_12_2_a_strong_argument_adds_one_after_the_other_modifiers():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, True)
    assert game.rating("blue", 1) is True
    assert roll(game.resolve()).modifiers[-1] == ("argument", 1)


def test_12_2_a_rating_is_not_logged_before_the_roll():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    before = list(game.log)
    game.rate("blue", 1, True)
    assert game.log == before
    assert game.inputs[1][-1] == Rating("blue", 1, True)


def test_12_2_withdrawing_a_rating_leaves_the_roll_alone():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, False)
    game.rate("blue", 1, None)
    assert game.rating("blue", 1) is None
    assert roll(game.resolve()).modifiers == ()


def test_12_2_submitting_again_withdraws_the_ratings_of_the_old_orders():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, False)
    game.submit("blue", [EXERCISE])
    assert game.rating("blue", 1) is None
    assert roll(game.resolve()).success


def test_12_2_ratings_end_with_the_turn():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, True)
    game.resolve()
    assert game.rating("blue", 1) is None


@pytest.mark.parametrize(
    ("faction", "order", "strong", "message"),
    [
        ("red", 1, True, "red has not submitted orders this turn"),
        ("blue", 2, True, "blue submitted 1 order(s) this turn; there is no order 2"),
        ("blue", 0, True, "there is no order 0"),
        ("blue", True, True, "there is no order True"),
        ("blue", 1, "yes", "a rating is strong (true), weak (false) or none, not 'yes'"),
        ("green", 1, True, "there is no faction 'green' in this scenario"),
    ],
)
def test_12_2_ratings_that_are_refused(faction, order, strong, message):
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    with pytest.raises(OrderError, match=message.replace("(", r"\(").replace(")", r"\)")):
        game.rate(faction, order, strong)
    assert game.rating("blue", 1) is None


def test_12_2_an_order_without_a_roll_ignores_its_rating():
    game = new_game("board")
    game.submit("blue", [Order("comms", "north")])
    game.rate("blue", 1, False)
    entries = game.resolve()
    assert not [e for e in entries if isinstance(e, Rolled)]
    assert position(game)["factions"]["blue"][2]["credibility"] == 6


# -- 12.3 directives -------------------------------------------------------------------------------------


def test_12_3_directives_are_logged_and_change_no_number():
    game = new_game("board")
    before = position(game)
    game.direct("seat", "blue", "Team Harbour")
    game.direct("sideline", "red", "Sam")
    game.direct("timer", "", "paused")
    assert position(game) == before
    assert game.log[-3:] == [Directed(1, "seat", "blue", "Team Harbour"), Directed(1, "sideline", "red", "Sam"), Directed(1, "timer", "", "paused")]
    assert lines(game, game.log[-3:]) == [
        "B Blue is now played by Team Harbour",
        "R Red: Sam sits this turn out; the rest of the team decides",
        "Timer paused",
    ]
    assert game.inputs[1][-1] == Directive("timer", "", "paused")


@pytest.mark.parametrize(
    ("kind", "faction", "text", "message"),
    [
        ("vote", "blue", "x", "a directive is one of seat, sideline, timer, not 'vote'"),
        ("seat", "", "Team A", "there is no faction '' in this scenario"),
        ("sideline", "green", "Sam", "there is no faction 'green'"),
        ("seat", "blue", "", "a directive's text is 1 to 2000 characters"),
    ],
)
def test_12_3_directives_that_are_refused(kind, faction, text, message):
    game = new_game("board")
    with pytest.raises(OrderError, match=message):
        game.direct(kind, faction, text)
    assert game.journal == []


# -- 12.4 undo --------------------------------------------------------------------------------------------


def test_12_4_undo_returns_to_the_orders_phase_with_the_submissions_and_ratings():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, True)
    before, log_before = position(game), list(game.log)
    play(game, red=[])
    game.undo("the wrong card was injected")
    assert (game.turn, position(game)) == (1, before)
    assert game.submitted("blue") == (EXERCISE,)
    assert game.rating("blue", 1) is True
    assert game.log == [*log_before, Undone(1, "the wrong card was injected")]
    assert lines(game, game.log[-1:]) == ["Turn 1's resolution undone: the wrong card was injected"]
    assert game.digests == {} and len(game.history) == 1


def test_12_4_resolving_again_gives_the_same_result_unless_something_changes():
    game = new_game("board")
    entries = play(game, blue=EXERCISE)
    first = game.digest()
    game.undo("check")
    assert game.resolve() == entries
    assert game.digest() == first
    game.undo("Blue changes its mind")
    game.submit("blue", [Order("comms", "north")])
    game.resolve()
    assert game.digest() != first


def test_12_4_undo_takes_back_what_was_done_after_the_resolution_too():
    game = new_game("board")
    play(game, blue=EXERCISE)
    game.note("turn 2 begins")
    game.submit("red", [Order("comms", "north")])
    game.undo("misclick")
    assert game.turn == 1 and game.submitted("red") is None
    assert not any(getattr(e, "text", "") == "turn 2 begins" for e in game.log)


def test_12_4_undoing_twice_goes_back_two_turns_and_the_journal_keeps_everything():
    game = new_game("board")
    play(game, blue=EXERCISE)
    play(game, red=Order("comms", "north"))
    game.undo("one")
    game.undo("two")
    assert game.turn == 1
    assert [e for e in game.log if isinstance(e, Undone)] == [Undone(1, "two")]  # "one" was made in turn 2, now undone too
    assert [type(step).__name__ for step in game.journal] == ["Submission", "Resolve", "Submission", "Resolve", "Undo", "Undo"]
    assert game.journal[-2:] == [Undo("one"), Undo("two")]


def test_12_4_undo_reopens_a_finished_game():
    game = new_game("endgame")
    while not game.is_over:
        game.resolve()
    last = game.turn
    game.undo("the class wants another go at the last turn")
    assert not game.is_over and game.turn == last
    game.resolve()
    assert game.is_over


def test_12_4_undo_needs_a_resolved_turn_and_a_reason():
    game = new_game("board")
    with pytest.raises(OrderError, match="nothing to undo"):
        game.undo("why not")
    play(game)
    with pytest.raises(OrderError, match="needs a reason"):
        game.undo("  ")
    game.undo("fine")
    with pytest.raises(OrderError, match="nothing to undo"):
        game.undo("again")


def test_12_4_apply_takes_every_kind_of_step():
    game = new_game("board")
    for step in [Submission("blue", (EXERCISE,)), Rating("blue", 1, True), Directive("timer", "", "paused"), Resolve(), Undo("redo")]:
        game.apply(step)
    assert game.turn == 1 and game.rating("blue", 1) is True
    with pytest.raises(OrderError, match="not a step"):
        game.apply("resolve")


# -- records ------------------------------------------------------------------------------------------


def test_12_a_record_keeps_the_undone_turn_and_replays_to_the_same_game():
    game = new_game("board", seed=3)
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, False)
    game.direct("sideline", "red", "Sam")
    play(game, red=Order("comms", "north"))
    game.undo("the umpire misread Blue's argument")
    game.rate("blue", 1, True)
    play(game)
    text = record_of(game)
    kinds = [json.loads(line).get("t") for line in text.splitlines()]
    assert kinds.count("digest") == 2 and kinds.count("undo") == 1 and kinds.count("rate") == 2
    assert kinds.index("undo") > kinds.index("digest")
    result = replay(parse_record(text))
    assert result.verified, result.mismatch
    assert result.game.digest() == game.digest()
    assert [check.turn for check in result.turns] == [1]


def test_12_a_forged_rating_or_undo_is_caught():
    game = new_game("board")
    game.submit("blue", [EXERCISE])
    game.rate("blue", 1, False)
    play(game)
    game.undo("check")
    play(game)
    text = record_of(game)
    forged = text.replace('"rating":"weak"', '"rating":"strong"')
    lines_ = forged.splitlines()[:-1]
    end = {"t": "end", "lines": len(lines_), "sha256": hashlib.sha256("\n".join(lines_).encode()).hexdigest()}  # as a forger would
    result = replay(parse_record("\n".join([*lines_, json.dumps(end, separators=(",", ":"))]) + "\n"))
    assert not result.verified
    assert "turn 1: the position differs from the record" in result.mismatch


def test_9_4_and_12_a_finished_game_takes_no_notes_ratings_or_directives_only_an_undo():
    game = new_game("endgame")
    while not game.is_over:
        game.resolve()
    journal = list(game.journal)
    for act in (lambda: game.note("well played"), lambda: game.direct("timer", "", "paused"), lambda: game.rate("blue", 1, True)):
        with pytest.raises(OrderError, match="the game is over"):
            act()
    assert game.journal == journal
    game.undo("one more try")
    game.note("well played")


def test_12_a_replay_to_a_turn_stops_at_that_turn_as_it_stands_not_at_its_undone_resolution():
    game = new_game("board", seed=3)
    play(game, blue=EXERCISE)
    undone = game.digests[1]
    game.undo("Blue changes its mind")
    game.submit("blue", [Order("comms", "north")])
    game.resolve()
    play(game)
    record = parse_record(record_of(game))
    result = replay(record, to_turn=1)
    assert result.verified and result.game.digests == {1: game.digests[1]} and game.digests[1] != undone
    assert replay(record, to_turn=2).game.digest() == game.digest()


# -- 12.5 facilitator-made injects ---------------------------------------------------------------------

STRIKE = {
    "id": "port_strike",
    "name": "Port strike",
    "category": "crisis",
    "text": "Dockers stop work;\nthe harbour is shut.",
    "target": "region",
    "region": "north",
    "effects": {"stability": -1},
    "modifier": {"turns": 2, "roll": -1},
}
"""A made event in the board's vocabulary: stability -1 in the North and -1 to rolls there for two turns."""


def test_12_5_a_made_event_plays_like_a_scenario_card():
    game = new_game("board")
    game.made_inject(STRIKE)
    assert position(game)["regions"]["north"][0] == 2
    assert [(e.card, e.target, e.remaining) for e in game.state.events] == [("port_strike", "north", 2)]
    assert game.scenario.card("port_strike").name == "Port strike"
    assert "Port strike" in "\n".join(lines(game, game.log))
    game.submit("blue", [EXERCISE])
    assert ("port_strike", -1) in roll(game.resolve()).modifiers


def test_12_5_a_made_event_goes_where_the_facilitator_says_or_by_its_rule():
    game = new_game("board")
    game.made_inject({**STRIKE, "target": "least_stable_region", "region": ""})
    game.made_inject({**STRIKE, "id": "strike_south"}, "east")
    assert [e.target for e in game.state.events] == ["south", "east"]


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"effects": {"budget": -1}}, "event.effects.budget: unknown key 'budget'"),
        ({"effects": {"stability": 99}}, "event.effects.stability: 99 is out of range"),
        ({"modifier": {"turns": 0}}, "event.modifier.turns: 0 is out of range"),
        ({"target": "somewhere"}, "event.target: 'somewhere' is not allowed"),
        ({"region": "atlantis"}, "event.region: a card with target 'region' needs an existing region"),
        ({"category": "gossip"}, "event.category: 'gossip' is not allowed"),
        ({"id": "rumours"}, "event.id: duplicate id 'rumours'"),
        ({"name": 7}, "event.name: expected a string"),
        ({"copies": 1}, "event.copies: a made event is never in the deck"),
        ({"text": "x" * 9000}, "a made event is at most 8000 characters"),
        ({"format": 2}, "event.format: unknown key 'format'"),
    ],
)
def test_12_5_a_bad_made_event_is_refused_at_its_key_and_changes_nothing(change, refusal):
    game = new_game("board")
    before = (position(game), list(game.log), list(game.journal), game.scenario)
    with pytest.raises(OrderError) as refused:
        game.made_inject({**STRIKE, **change})
    assert str(refused.value).startswith(refusal)
    assert (position(game), list(game.log), list(game.journal), game.scenario) == before


def test_12_5_a_made_event_cannot_take_the_id_of_another_made_one():
    game = new_game("board")
    game.made_inject(STRIKE)
    game.made_inject(STRIKE, "south")  # the same event again: fine
    with pytest.raises(OrderError, match=r"event\.id: 'port_strike' is already an event of this game"):
        game.made_inject({**STRIKE, "name": "Another strike"})


def test_12_5_a_made_event_is_refused_a_target_of_the_wrong_kind():
    game = new_game("board")
    with pytest.raises(OrderError, match="targets a region; 'blue' is not one"):
        game.made_inject(STRIKE, "blue")


def test_12_5_a_fork_made_before_the_event_does_not_learn_it():
    game = new_game("board")
    twin = game.fork()
    game.made_inject(STRIKE)
    with pytest.raises(KeyError):
        twin.scenario.card("port_strike")


def test_12_5_the_record_carries_the_made_event_and_replays_without_anything_else():
    game = new_game("board")
    game.made_inject(STRIKE)
    play(game, blue=EXERCISE)
    game.made_inject({**STRIKE, "target": "every_faction", "region": "", "effects": {"budget": -1}, "modifier": {"turns": 1, "cost": 1}, "id": "levy"})
    text = record_of(game)
    (made,) = [json.loads(line) for line in text.splitlines() if '"made_inject"' in line and '"levy"' in line]
    assert made["card"]["effects"] == {"budget": -1} and made["targets"] == ["blue", "red"]
    replayed = replay(parse_record(text))
    assert replayed.verified and replayed.game.digest() == game.digest()


def test_12_5_a_record_whose_made_event_was_edited_names_the_turn():
    game = new_game("board")
    game.made_inject(STRIKE)
    play(game, blue=EXERCISE)
    text = record_of(game).replace('"stability":-1', '"stability":-2', 1)
    body = text.splitlines()[:-1]
    body.append(json.dumps({"t": "end", "lines": len(body), "sha256": hashlib.sha256("\n".join(body).encode()).hexdigest()}, separators=(",", ":")))
    assert "turn 1: the position differs" in replay(parse_record("\n".join(body) + "\n")).mismatch


# -- 12.6 private messages ---------------------------------------------------------------------------


def test_12_6_a_message_is_logged_and_recorded_and_moves_no_number():
    game = new_game("board")
    before = position(game)
    game.message("blue", "red", "Shall we both stay out of the East?\nReply by turn 2.")
    game.message("facilitator", "blue", "Remember your objective.")
    game.message("red", "facilitator", "Is Blue bluffing?")
    assert position(game) == before
    assert [e for e in game.log if isinstance(e, Messaged)] == [
        Messaged(1, "blue", "red", "Shall we both stay out of the East?\nReply by turn 2."),
        Messaged(1, "facilitator", "blue", "Remember your objective."),
        Messaged(1, "red", "facilitator", "Is Blue bluffing?"),
    ]
    assert "Private, B Blue to R Red: Shall we both" in "\n".join(lines(game, game.log))
    play(game, blue=EXERCISE)
    text = record_of(game)
    assert '{"t":"message","turn":1,"sender":"blue","to":"red","text":"Shall we both stay out of the East?\\nReply by turn 2."}' in text
    replayed = replay(parse_record(text))
    assert replayed.verified and next(e for e in replayed.game.log if isinstance(e, Messaged)).to == "red"


@pytest.mark.parametrize(
    ("sender", "to", "text", "refusal"),
    [
        ("blue", "green", "hi", "'green' is neither"),
        ("martians", "blue", "hi", "'martians' is neither"),
        ("blue", "blue", "hi", "goes to someone else"),
        ("facilitator", "facilitator", "hi", "goes to someone else"),
        ("blue", "red", "", "1 to 500 characters, not 0"),
        ("blue", "red", "   ", "1 to 500 characters"),
        ("blue", "red", "x" * 501, "1 to 500 characters, not 501"),
        ("blue", "red", "bell \x07", "holds"),
    ],
)
def test_12_6_a_bad_message_is_refused_and_changes_nothing(sender, to, text, refusal):
    game = new_game("board")
    with pytest.raises(OrderError, match=refusal):
        game.message(sender, to, text)
    assert game.journal == [] and not any(isinstance(e, Messaged) for e in game.log)


def test_12_6_a_sender_sends_at_most_thirty_messages_a_turn():
    game = new_game("board")
    for n in range(MAX_MESSAGES_PER_TURN):
        game.message("blue", "red", f"message {n}")
    with pytest.raises(OrderError, match="30 messages this turn"):
        game.message("blue", "facilitator", "one more")
    game.message("red", "blue", "red still may")
    play(game)
    game.message("blue", "red", "a new turn")


def test_12_6_no_message_once_the_game_is_over():
    game = new_game("board")
    while not game.is_over:
        game.resolve()
    with pytest.raises(OrderError, match="over"):
        game.message("blue", "red", "too late")


def test_12_5_a_game_holds_at_most_fifty_made_events_and_reads_a_table_in_any_key_order_once():
    game = new_game("board")
    for n in range(MAX_MADE_CARDS):
        game.made_inject({**STRIKE, "id": f"strike_{n}"})
    with pytest.raises(OrderError, match="holds 50 made events already"):
        game.made_inject({**STRIKE, "id": "strike_50"})
    game.made_inject(dict(reversed(list({**STRIKE, "id": "strike_7"}.items()))))  # a known one again, its keys in another order
    assert game.scenario.card("strike_7").name == "Port strike" and len(game.scenario.cards) - len(scenario("board").cards) == MAX_MADE_CARDS


def test_12_5_an_order_is_judged_on_the_position_a_made_event_leaves():
    """A made event that blocks exercises in the North refuses an exercise there at once, as the same
    event from the deck would, however the game was looked at before (its judgements are forgotten)."""
    blockade = {**STRIKE, "id": "harbour_closed", "name": "Harbour closed", "modifier": {"turns": 2, "categories": ["exercise"], "blocks": True}}
    looked, fresh = new_game("board"), new_game("board")
    looked.legal_options("blue")  # a seat or a bot looking at its orders before the event
    for game in (looked, fresh):
        game.made_inject(blockade)
        with pytest.raises(OrderError) as refused:
            game.submit("blue", [EXERCISE])
        assert "Harbour closed" in str(refused.value)
    assert looked.digest() == fresh.digest()
