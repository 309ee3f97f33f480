"""Records: a text holding a control or bidirectional character, or a flood of inputs on one turn, is refused at its line.

Every string and key of a record is one line, except an order's ``why`` and
a note's ``text`` (docs/record-format.md, "Text in a record"); a turn holds
at most ``MAX_INPUTS_PER_TURN`` inputs. Hostile records are made by editing
a clean one and recomputing its checksum, as a forger would.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_run import MINI, bounded, refused

from engine import Game, RecordError, load_scenario_file
from engine.errors import printable
from engine.inputs import Order
from engine.record import MAX_INPUTS_PER_TURN, MAX_RECORD_BYTES, parse_record, record_lines, replay
from reports.timeline import timeline_text

CREATED = "2026-01-01T00:00:00Z"

# a hostile character, as it may stand in a record: raw, or as a JSON escape (json.dumps writes the C0 ones so)
HOSTILE = {
    "osc52_title": ("\x1b]52;c;cHduZWQ=\x07", "U+001B"),
    "erase_line": ("\x1b[2K\x1b[1A", "U+001B"),
    "carriage_return": ("\rall turns verified", "U+000D"),
    "bell": ("\x07", "U+0007"),
    "delete": ("\x7f", "U+007F"),
    "c1_csi": ("\x9b2J", "U+009B"),
    "right_to_left_override": ("\u202e", "U+202E"),
    "pop_directional_isolate": ("\u2069", "U+2069"),
}


def game_with_every_text() -> Game:
    """A mini game of two turns with orders and their reasons, a note, a rating, a directive and an undo."""
    game = Game(load_scenario_file(MINI), 5)
    for faction in game.factions:
        game.submit(faction, [Order("aid", "north", f"{faction} reason")])
    game.note("a note")
    game.rate("blue", 1, True)
    game.direct("seat", "red", "Team Two")
    game.resolve()
    game.undo("a reason to undo")
    game.resolve()
    return game


def lines_of(game: Game, seats: dict[str, str] | None = None) -> list[str]:
    return record_lines(game, seats or {}, CREATED)


def resealed(lines: list[str]) -> str:
    """The record text with its end line recomputed: an edit that passes the checksum."""
    body = lines[:-1]
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    end = json.dumps({"t": "end", "lines": len(body), "sha256": checksum}, separators=(",", ":"))
    return "\n".join([*body, end]) + "\n"


def edited(lines: list[str], kind: str, change: Callable[[dict[str, Any]], None]) -> tuple[str, int]:
    """The record with the first line of ``kind`` changed (and resealed), and that line's number."""
    lines = list(lines)
    for index, line in enumerate(lines):
        value = json.loads(line)
        if value.get("t", "header" if index == 0 else None) == kind:
            change(value)
            lines[index] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            return resealed(lines), index + 1
    raise AssertionError(f"no {kind} line")


def _set(*keys: str | int) -> Callable[[str], Callable[[dict[str, Any]], None]]:
    """A change that appends a text to the value at ``keys``."""

    def with_text(text: str) -> Callable[[dict[str, Any]], None]:
        def change(value: dict[str, Any]) -> None:
            target: Any = value
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] += text

        return change

    return with_text


# the place of each text in a record: (line kind, key path in messages, change)
PLACES = {
    "seat_name": ("header", "$.seats.blue", _set("seats", "blue")),
    "created": ("header", "$.created", _set("created")),
    "why": ("orders", "$.orders[0].why", _set("orders", 0, "why")),
    "note": ("note", "$.text", _set("text")),
    "directive": ("directive", "$.text", _set("text")),
    "undo_reason": ("undo", "$.reason", _set("reason")),
    "card_target": ("card", "$.targets[0]", _set("targets", 0)),
}


@pytest.fixture(scope="module")
def clean() -> list[str]:
    return lines_of(game_with_every_text())


def test_the_clean_record_verifies(clean):
    assert replay(parse_record(resealed(clean), "clean.jsonl")).verified


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_character_anywhere_in_a_record_is_refused_at_its_line(clean, place, name):
    kind, path, change = PLACES[place]
    text, code = HOSTILE[name]
    record, number = edited(clean, kind, change(text))
    with pytest.raises(RecordError) as caught:
        parse_record(record, "r.jsonl")
    message = str(caught.value)
    assert caught.value.line == number
    assert message.startswith(f"r.jsonl:{number}: {path}: ") and f"({code}) at character" in message
    assert printable(message) == message


@pytest.mark.parametrize("escaped", [False, True])
def test_raw_and_escaped_characters_are_the_same_to_the_reader(clean, escaped):
    """``\\u009b`` written as a JSON escape, or the character itself: refused alike."""
    record, _ = edited(clean, "note", _set("text")("\x9b"))
    if escaped:
        record = record.replace("\x9b", "\\u009b")
        record = resealed(record.rstrip("\n").split("\n"))
    with pytest.raises(RecordError, match=r"\$\.text: a control character \(U\+009B\) at character 7"):
        parse_record(record, "r.jsonl")


@pytest.mark.parametrize(("place", "text"), [("why", "Shore up the North,\n\tbefore the vote."), ("note", "Two\nlines")])
def test_a_justification_and_a_note_may_span_lines_and_show_on_one(clean, place, text):
    kind, _, change = PLACES[place]
    record, _ = edited(clean, kind, change(text))
    result = replay(parse_record(record, "r.jsonl"))
    assert result.verified
    shown = "\n".join(timeline_text(result))
    assert text.replace("\n", " ").replace("\t", " ") in shown and "\\x0a" not in shown


@pytest.mark.parametrize(("place", "character", "name"), [("undo_reason", "\n", "U+000A"), ("seat_name", "\t", "U+0009"), ("directive", "\n", "U+000A")])
def test_every_other_text_is_one_line(clean, place, character, name):
    kind, path, change = PLACES[place]
    record, number = edited(clean, kind, change(f"a{character}b"))
    with pytest.raises(RecordError) as caught:
        parse_record(record, "r.jsonl")
    assert str(caught.value).startswith(f"r.jsonl:{number}: {path}: a control character ({name})")
    assert "must be one line" in str(caught.value)


def test_a_key_with_a_control_character_is_refused_and_shown_escaped(clean):
    record, number = edited(clean, "note", lambda value: value.update({"x\x1b]0;owned\x07": 1}))
    with pytest.raises(RecordError) as caught:
        parse_record(record, "r.jsonl")
    assert str(caught.value) == (
        f'r.jsonl:{number}: $: the key "x\\u001b]0;owned\\u0007" holds a control character (U+001B); '
        "keys may not hold control or bidirectional formatting characters"
    )


def test_the_embedded_scenario_is_left_to_the_scenario_loader(clean):
    """Its line feeds are the TOML's; a hostile character in it is the loader's to refuse, located in the scenario."""
    record, _ = edited(clean, "scenario", lambda value: value.update(source=value["source"].replace('title = "Mini"', 'title = "Mini\\u001b]0;x\\u0007"')))
    lines = record.split("\n")
    header = json.loads(lines[0])
    header["scenario"]["sha256"] = hashlib.sha256(json.loads(lines[1])["source"].encode()).hexdigest()
    lines[0] = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(RecordError, match=r"r.jsonl:2: the embedded scenario is not valid: \(embedded scenario\):4: \$.title: a control character \(U\+001B\)"):
        parse_record(resealed(lines[:-1]), "r.jsonl")


def test_the_replay_command_refuses_a_hostile_record_and_prints_nothing_raw(tmp_path, clean):
    path = tmp_path / "evil.jsonl"
    record, number = edited(clean, "orders", _set("orders", 0, "why")("\x1b[2K\x1b[1A\x1b]0;pwned\x07all turns verified\u202e"))
    path.write_text(record, encoding="utf-8")
    result = bounded("replay", path)
    lines = refused(result, f"{path}:{number}: $.orders[0].why: a control character (U+001B) at character 12")
    assert len(lines) == 1 and result.stdout == ""
    assert printable(result.stderr.rstrip("\n")) == result.stderr.rstrip("\n")


# -- inputs per turn ----------------------------------------------------------------------------


def noted(count: int) -> str:
    """A mini record whose first turn has ``count`` notes."""
    game = Game(load_scenario_file(MINI), 5)
    for number in range(count):
        game.note(f"note {number}")
    return "\n".join(lines_of(game)) + "\n"


def test_a_turn_of_inputs_at_the_cap_is_read():
    record = parse_record(noted(MAX_INPUTS_PER_TURN), "full.jsonl")
    assert sum(1 for _, line in record.lines if line["t"] == "note") == MAX_INPUTS_PER_TURN


def test_one_input_over_the_cap_is_refused_at_its_line():
    text = noted(MAX_INPUTS_PER_TURN + 1)
    with pytest.raises(RecordError) as caught:
        parse_record(text, "flood.jsonl")
    before = next(index for index, line in enumerate(text.split("\n")) if '"t":"note"' in line)  # header, scenario, turn, cards
    number = before + MAX_INPUTS_PER_TURN + 1
    assert str(caught.value) == (
        f"flood.jsonl:{number}: more than {MAX_INPUTS_PER_TURN} inputs (orders, injects, notes, ratings, directives) for turn 1; "
        f"a record holds at most {MAX_INPUTS_PER_TURN} a turn"
    )


def test_inputs_an_undo_took_back_count_and_undos_do_not():
    game = Game(load_scenario_file(MINI), 5)
    for _ in range(MAX_INPUTS_PER_TURN // 2):
        game.note("before")
    game.resolve()
    game.undo("again")
    for _ in range(MAX_INPUTS_PER_TURN // 2):
        game.note("after")
    parse_record("\n".join(lines_of(game)) + "\n", "undone.jsonl")  # 1,000 notes and an undo: at the cap
    game.note("one more")
    with pytest.raises(RecordError, match="more than 1000 inputs"):
        parse_record("\n".join(lines_of(game)) + "\n", "undone.jsonl")


def test_a_flood_of_notes_at_the_size_cap_is_refused_quickly(tmp_path):
    """Notes on turn 1 up to the size cap (about 155,000): 150,000 took 3.6 s and 290 MB to replay; now the reader stops at the first over the cap."""
    lines = noted(0).rstrip("\n").split("\n")[:-1]
    note = '{"t":"note","turn":1,"author":"facilitator","text":"' + "x" * 100 + '"}'
    room = MAX_RECORD_BYTES - len("\n".join(lines)) - 200  # the end line
    body = lines + [note] * (room // (len(note) + 1))
    path = tmp_path / "flood.jsonl"
    path.write_text(resealed([*body, ""]), encoding="utf-8")
    assert MAX_RECORD_BYTES - 1000 < path.stat().st_size <= MAX_RECORD_BYTES
    refused(bounded("replay", path, seconds=15), f"{path}:{len(lines) + MAX_INPUTS_PER_TURN + 1}: more than {MAX_INPUTS_PER_TURN} inputs")


def test_the_cap_is_documented():
    doc = (Path(__file__).parent.parent.parent / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert f"| inputs for one turn | {MAX_INPUTS_PER_TURN:,} |" in doc
