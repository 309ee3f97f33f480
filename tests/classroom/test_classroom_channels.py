"""Private channels in a session (rule 12.6): a team and the facilitator, two teams of a world. No seat reads
another pair's messages through any desk call, the seat's command-line view or the projector until the game
is over; the facilitator reads them all; the record keeps them; bad or too many messages are refused."""

from __future__ import annotations

import json

import pytest

from classroom.channels import PER_MINUTE
from classroom.projector import ProjectorDesk, to_json
from classroom.witness import SessionWitness
from detente.seat_commands import view_json, view_text
from engine.errors import OrderError
from engine.inputs import MAX_MESSAGE, Message
from engine.log import Messaged
from engine.record import read_record, replay
from grading.grades import verify_file
from grading.provenance import SIGNED_KIND


def everything_a_seat_reads(seat) -> str:
    """Every way a seat's process reads its world, as one text: the view, its game and journal, the command line's
    view (text and JSON), the messages, the raw rows its game is folded from."""
    view = seat.view()
    rows = seat.store.rows(seat.store._conn, seat.world, seat.faction)
    return "\n".join(
        [
            repr(view),
            repr(view.game.journal),
            repr(view.game.log),
            repr(view.game.view()),
            view_text(view),
            json.dumps(view_json(view)),
            repr(seat.messages()),
            repr([(r.kind, r.faction, r.payload, r.made_by) for r in rows]),
        ]
    )


def test_a_message_reaches_its_two_parties_and_the_facilitator_only_until_the_game_ends(table, opened, clock):
    new, _store, fac, blue, red = table
    blue.message("red", "SECRET-BR shall we split the East?")
    blue.message("facilitator", "SECRET-BF is this allowed?")
    fac.message(1, "red", "SECRET-FR you are being watched")
    assert [m.text for m in blue.messages()] == ["SECRET-BR shall we split the East?", "SECRET-BF is this allowed?"]
    assert [m.text for m in red.messages()] == ["SECRET-BR shall we split the East?", "SECRET-FR you are being watched"]
    assert [(m.sender, m.to) for m in fac.messages(1)] == [("blue", "red"), ("blue", "facilitator"), ("facilitator", "red")]
    # another process's desks read exactly as much
    other = opened(new.path)
    red_elsewhere = other.seat(new.seat_codes[(1, "red")])
    blue_elsewhere = other.seat(new.seat_codes[(1, "blue")])
    red_reads, blue_reads = everything_a_seat_reads(red_elsewhere), everything_a_seat_reads(blue_elsewhere)
    assert "SECRET-BR" in red_reads and "SECRET-FR" in red_reads and "SECRET-BF" not in red_reads
    assert "SECRET-BR" in blue_reads and "SECRET-BF" in blue_reads and "SECRET-FR" not in blue_reads
    assert "Private, R Red to" not in blue_reads  # not even that one was sent
    projected = json.dumps(to_json(ProjectorDesk(other).read()))
    assert "SECRET" not in projected
    # the seats' games are still the real game: messages move no number
    assert red_elsewhere.game().digest() == fac.game(1).digest()
    # at the end, every message is everyone's
    while not fac.overview().worlds[0].over:
        clock.advance(61)
        fac.resolve(1)
    red_after = everything_a_seat_reads(other.seat(new.seat_codes[(1, "red")]))
    assert "SECRET-BF" in red_after and "SECRET-BR" in red_after


def test_a_message_stays_private_in_the_history_a_seat_keeps_across_resolutions(table, clock):
    """A seat's process keeps the world's resolved turns folded and folds each new turn onto them: the kept
    history is folded as the seat reads it, so another pair's message of an earlier turn never enters it, and
    the game's end shows it every message."""
    _new, _store, fac, blue, red = table
    blue.message("facilitator", "SECRET-BF turn one")
    fac.game(1)  # the facilitator's whole game, kept in the same process
    for _ in range(2):  # two resolutions: the second folds onto the history kept after the first
        clock.advance(61)
        fac.resolve(1)
        assert "SECRET-BF" not in everything_a_seat_reads(red)
        assert "SECRET-BF" in everything_a_seat_reads(blue)
    while not fac.overview().worlds[0].over:
        clock.advance(61)
        fac.resolve(1)
    assert "SECRET-BF" in everything_a_seat_reads(red)


def test_the_record_keeps_every_message_replays_and_is_signed(table, tmp_path):
    new, _store, fac, blue, red = table
    blue.message("red", "An offer.")
    red.message("blue", "Declined.\nSorry.")
    fac.resolve(1)
    path = tmp_path / "world.jsonl"
    fac.export(1, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(line["sender"], line["to"], line["text"]) for line in lines if line.get("t") == "message"] == [
        ("blue", "red", "An offer."),
        ("red", "blue", "Declined.\nSorry."),
    ]
    result = replay(read_record(path))
    assert result.verified, result.mismatch
    assert [e.text for e in result.game.log if isinstance(e, Messaged)] == ["An offer.", "Declined.\nSorry."]
    with SessionWitness(new.path) as witness:
        assert verify_file(str(path), witness).kind == SIGNED_KIND


@pytest.mark.parametrize(
    ("to", "text", "refusal"),
    [
        ("red", "x" * (MAX_MESSAGE + 1), "1 to 500 characters"),
        ("red", "  ", "1 to 500 characters"),
        ("blue", "hi", "goes to someone else"),
        ("purple", "hi", "'purple' is neither"),
    ],
)
def test_a_bad_message_is_refused_and_nothing_is_written(table, to, text, refusal):
    _new, _store, fac, blue, _red = table
    with pytest.raises(OrderError, match=refusal):
        blue.message(to, text)
    assert fac.journal(1) == ()


def test_messages_are_bounded_per_minute_and_a_refusal_loses_nothing_else(table, clock):
    _new, _store, fac, blue, red = table
    for n in range(PER_MINUTE):
        blue.message("red", f"message {n}")
    with pytest.raises(OrderError, match=f"at most {PER_MINUTE} messages a minute"):
        blue.message("facilitator", "one too many")
    red.message("blue", "red may still write")  # the bound is per sender
    clock.advance(61)
    blue.message("facilitator", "a minute later")
    sent = [step for step in fac.game(1).journal if isinstance(step, Message)]
    assert len(sent) == PER_MINUTE + 2 and sent[-1] == Message("blue", "facilitator", "a minute later")


def test_a_replaced_code_sends_nothing(table):
    _new, _store, fac, blue, _red = table
    fac.new_code(1, "blue")
    with pytest.raises(Exception, match="replaced"):
        blue.message("red", "still here?")
    assert fac.messages(1) == ()


def test_a_damaged_message_row_is_named_to_the_facilitator_and_shown_to_no_seat(table):
    _new, store, fac, blue, red = table
    blue.message("red", "fine")
    with store.write() as conn:
        conn.execute(
            "INSERT INTO journal (world, seq, turn, kind, faction, payload, made_at, made_by) VALUES (1, 99, 1, 'message', '', '{not json', 0, 'seat:blue')"
        )
        store.bump(conn, 1)
    assert [m.text for m in red.messages()] == ["fine"]  # the damaged row is no seat's to read
    (world,) = fac.overview().worlds
    assert world.problem is not None and "journal row 99 (message) cannot be read" in world.problem
