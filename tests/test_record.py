"""Game records: round trips, and every way a record can be broken or forged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine import Game, OrderError, RecordError
from engine.record import parse_record, read_record, record_lines, replay, write_record
from players.autoplay import autoplay
from players.bots import RandomBot

CREATED = "2026-01-02T03:04:05Z"


def played(mini, seed=11, turns=None):
    game = Game(mini, seed)
    bots = {f: RandomBot() for f in game.factions}
    if turns is None:
        return autoplay(game, bots)
    for _ in range(turns):
        for faction in game.factions:
            game.submit(faction, bots[faction].choose(game, faction))
        game.resolve()
    return game


def text_of(lines):
    return "\n".join(lines) + "\n"


def resealed(lines):
    """Lines with a recomputed end line: a forgery that passes the checksum."""
    body = lines[:-1]
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    end = json.dumps({"t": "end", "lines": len(body), "sha256": checksum}, separators=(",", ":"))
    return text_of([*body, end])


def edit(lines, kind, change, skip=0):
    """Apply ``change`` to the ``skip``-th line of type ``kind``; returns the new lines."""
    lines = list(lines)
    seen = 0
    for index, line in enumerate(lines):
        value = json.loads(line)
        if value.get("t") == kind:
            if seen == skip:
                change(value)
                lines[index] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
                return lines
            seen += 1
    raise AssertionError(f"no {kind} line number {skip}")


def test_round_trip_verifies_every_turn(mini):
    game = played(mini)
    result = replay(parse_record(text_of(record_lines(game, {}, CREATED))))
    assert result.verified and result.mismatch is None
    assert [c.turn for c in result.turns] == list(range(1, game.outcome.turn + 1))
    assert [c.digest for c in result.turns] == [game.digests[t] for t in sorted(game.digests)]
    assert result.game.outcome == game.outcome


def test_record_is_byte_identical_for_the_same_inputs(mini):
    first = record_lines(played(mini, 5), {"blue": "random"}, CREATED)
    second = record_lines(played(mini, 5), {"blue": "random"}, CREATED)
    assert first == second


def test_record_layout(mini):
    game = played(mini, 5)
    lines = [json.loads(line) for line in record_lines(game, {"blue": "random"}, CREATED)]
    header = lines[0]
    assert header["detente_record"] == 1  # format 2 only for a record with a plan or a reflection
    assert header["seats"] == {"blue": "random", "red": "human", "green": "human"}
    assert header["scenario"] == {"id": "mini", "title": "Mini", "sha256": mini.sha256}
    assert lines[1] == {"t": "scenario", "source": mini.source}
    assert lines[2] == {"t": "turn", "turn": 1}
    assert lines[3]["t"] == "card"
    assert lines[-2]["t"] == "result" and lines[-1]["t"] == "end"
    assert [line.get("t") for line in lines].count("digest") == game.outcome.turn


def test_injects_and_notes_replay(mini):
    game = Game(mini, 3)
    game.note("Teams, remember the summit.")
    game.inject("rumours", "west")
    game.submit("blue", [])
    game.resolve()
    game.inject("protests")
    lines = record_lines(game, {}, CREATED)
    kinds = [json.loads(line).get("t") for line in lines]
    assert kinds.count("inject") == 2 and kinds.count("note") == 1
    result = replay(parse_record(text_of(lines)))
    assert result.verified, result.mismatch
    assert result.game.digest() == game.digest()


def test_unfinished_game_record_verifies_the_turns_played(mini):
    game = played(mini, 2, turns=2)
    result = replay(parse_record(text_of(record_lines(game, {}, CREATED))))
    assert result.verified
    assert [c.turn for c in result.turns] == [1, 2]
    assert not result.game.is_over


def test_to_turn_stops_early(mini):
    game = played(mini, 2)
    result = replay(parse_record(text_of(record_lines(game, {}, CREATED))), to_turn=2)
    assert result.verified and [c.turn for c in result.turns] == [1, 2]


@pytest.mark.parametrize(
    ("kind", "change", "skip", "words"),
    [
        ("roll", lambda v: v.update(die=v["die"] % 6 + 1), 0, "the engine rolled"),
        ("card", lambda v: v.update(card="cuts" if v["card"] != "cuts" else "protests"), 1, "the deck drew"),
        ("digest", lambda v: v.update(sha256="0" * 64), 1, "turn 2: the position differs from the record"),
        ("orders", lambda v: v.update(orders=[]), 3, "turn 2: "),
        ("result", lambda v: v.update(winners=["green"]), 0, "recomputed result differs"),
        ("orders", lambda v: v.update(faction="nobody"), 0, "no faction 'nobody'"),
    ],
)
def test_a_forged_record_with_a_valid_checksum_is_caught(mini, kind, change, skip, words):
    lines = record_lines(played(mini, 11), {}, CREATED)
    result = replay(parse_record(resealed(edit(lines, kind, change, skip))))
    assert not result.verified
    assert words in result.mismatch


def test_an_edit_without_resealing_breaks_the_checksum(mini):
    lines = edit(record_lines(played(mini), {}, CREATED), "orders", lambda v: v.update(faction="red"))
    with pytest.raises(RecordError, match="checksum on the end line does not match"):
        parse_record(text_of(lines))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "is empty"),
        ("hello world\n", "not a Détente game record"),
        ('{"something": 1}\n', "not a Détente game record"),
        ('{"detente_record": 99, "engine": "9", "created": "", "scenario": {}, "seed": 1, "seats": {}}\n', "newer than this program reads"),
    ],
)
def test_non_records_are_refused(text, words):
    with pytest.raises(RecordError, match=words):
        parse_record(text, "x.jsonl")


def test_truncated_records_are_refused_at_any_cut(mini):
    text = text_of(record_lines(played(mini), {}, CREATED))
    for cut in range(1, len(text), 97):
        with pytest.raises(RecordError):
            parse_record(text[:cut])


def test_a_record_whose_scenario_was_edited_is_refused(mini):
    lines = edit(record_lines(played(mini), {}, CREATED), "scenario", lambda v: v.update(source=v["source"].replace("cost = 3", "cost = 1")))
    with pytest.raises(RecordError, match="embedded scenario does not match"):
        parse_record(resealed(lines))


def test_write_record_is_atomic_and_leaves_no_temporary_files(mini, tmp_path):
    path = tmp_path / "game.jsonl"
    write_record(path, played(mini), {}, CREATED)
    assert read_record(path).header.created == CREATED
    assert [p.name for p in tmp_path.iterdir()] == ["game.jsonl"]


def test_read_record_reports_missing_and_directory(tmp_path):
    with pytest.raises(RecordError, match="no such file"):
        read_record(tmp_path / "nope.jsonl")
    with pytest.raises(RecordError, match="is a directory"):
        read_record(tmp_path)


FACILITATED = Path(__file__).parent / "golden" / "records" / "indo_pacific-facilitated.jsonl"
"""tools/golden.py's facilitated game: an input line of every kind (orders, inject, note, rate, directive, undo)."""


def _legacy_rating(line: dict[str, Any]) -> None:
    """A rate line spelt as session format 1's journal spelt a rating: not a record's line type."""
    line["t"] = "rating"
    line["strong"] = line.pop("rating") == "strong"


@pytest.mark.parametrize(
    ("kind", "change", "words"),
    [
        ("rate", lambda v: v.update(rating="maybe"), "rate line is invalid: a rate step's 'rating' is 'strong', 'weak' or 'none', not 'maybe'"),
        ("rate", lambda v: v.update(order="1"), "rate line is invalid: a rate step's 'order' is a whole number, not the string '1'"),
        ("rate", _legacy_rating, "unknown line type 'rating'"),
        ("note", lambda v: v.update(seen=True), "note line is invalid: a note step has an unknown key 'seen'"),
        ("directive", lambda v: v.pop("text"), "directive line is invalid: a directive step lacks 'text'"),
        ("orders", lambda v: v["orders"].append({"move": "x"}), "orders line is invalid: order 4 of the orders step's orders lacks 'target', 'why'"),
        ("orders", lambda v: v.update(faction=7), "orders line is invalid: an orders step's 'faction' is a string, not the number 7"),
        ("inject", lambda v: v.update(target=None), "inject line is invalid: an inject step's 'target' is a string, not null"),
        ("inject", lambda v: v.pop("targets"), "inject line is invalid: 'targets'"),
        ("undo", lambda v: v.update(reason=["x"]), "undo line is invalid: an undo step's 'reason' is a string, not a list"),
    ],
)
def test_a_forged_input_line_is_refused_by_the_codec(kind: str, change: Callable[[dict[str, Any]], object], words: str) -> None:
    lines = FACILITATED.read_text(encoding="utf-8").splitlines()
    orders = [len(value["orders"]) for value in map(json.loads, lines) if value.get("t") == "orders"]
    skip = orders.index(3) if kind == "orders" else 0  # an orders line with three orders
    result = replay(parse_record(resealed(edit(lines, kind, change, skip))))
    assert not result.verified
    assert result.mismatch is not None and words in result.mismatch


def test_a_turns_log_is_every_entry_of_that_turn_after_undos_and_injects():
    """``Game.turn_log`` finds a turn's entries by bisection: the facilitated game (an inject, notes,
    a directive, an undo) holds that the log stays in turn order."""
    game = replay(read_record(FACILITATED)).game
    assert any(type(entry).__name__ == "Undone" for entry in game.log)
    for turn in range(game.turn + 2):
        assert game.turn_log(turn) == [entry for entry in game.log if entry.turn == turn]
    assert [entry.turn for entry in game.log] == sorted(entry.turn for entry in game.log)


def test_a_replay_only_read_keeps_no_checkpoint_unless_the_record_undoes(mini):
    """A record replayed to be read (``played_on=False``) and holding no undo line resolves without the copy of the
    position an undo needs, so its game refuses an undo; a record with undo lines still replays them; a replay to
    play on keeps every checkpoint."""
    lines = record_lines(played(mini, turns=3), {}, CREATED)
    read = replay(parse_record(text_of(lines)), played_on=False)
    assert read.verified and read.game.digests
    assert read.game._progress.checkpoints == []
    with pytest.raises(OrderError, match="cannot be undone"):
        read.game.undo("a second look")
    resumed = replay(parse_record(text_of(lines)))
    assert len(resumed.game._progress.checkpoints) == 3
    resumed.game.undo("a second look")
    assert resumed.game.turn == 3
    facilitated = replay(read_record(FACILITATED), played_on=False)
    assert facilitated.verified
    assert facilitated.game.digests == replay(read_record(FACILITATED)).game.digests


@pytest.mark.parametrize(
    "line",
    ['{"t":"turn","turn":1}', ' {"a":1}', '{"a":1} ', '{"a":1}\t', '{"a":1}{"b":2}', '{"a":1} x', "", "   ", "[1,2]", "NaN", '{"a":NaN}', '{"a":1', "7", '"x"'],
)
def test_a_line_is_read_as_the_json_decoder_reads_it(line):
    """Record lines are read by the decoder's ``raw_decode`` when the value fills the line, else by ``decode``:
    the same value, or the same error, as ``decode`` alone (white space around a value, extra data, NaN, a cut line)."""
    from engine.record import _DECODER, _decoded

    try:
        expected: object = _DECODER.decode(line)
    except ValueError as exc:
        with pytest.raises(type(exc)) as found:
            _decoded(line)
        assert str(found.value) == str(exc)
    else:
        assert _decoded(line) == expected
