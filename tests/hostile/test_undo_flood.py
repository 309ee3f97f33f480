"""Undo floods: each undo costs what it takes back, a turn may be undone at most ``MAX_UNDOS_PER_TURN``
times, and a record at that cap on every turn replays in linear time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.hostile import undo_flood
from engine import Game, OrderError, load_scenario_file
from engine.inputs import MAX_UNDOS_PER_TURN
from engine.record import write_record
from tests.hostile.hostile_run import MINI, bounded


def test_a_game_undone_many_times_is_the_game_before_its_first_resolution() -> None:
    game, fresh = Game(load_scenario_file(MINI), 5), Game(load_scenario_file(MINI), 5)
    for number in range(50):
        game.resolve()
        game.undo(f"again ({number})")
    assert game.turn == 1 and game.digest() == fresh.digest()
    assert game.view().factions == fresh.view().factions
    game.resolve()
    fresh.resolve()
    assert game.digest() == fresh.digest()


def test_a_turn_is_undone_at_most_the_cap_and_the_game_goes_on() -> None:
    game = Game(load_scenario_file(MINI), 5)
    for number in range(MAX_UNDOS_PER_TURN):
        game.resolve()
        game.undo(f"again ({number})")
    game.resolve()
    with pytest.raises(OrderError, match=f"turn 1 was undone {MAX_UNDOS_PER_TURN} times already"):
        game.undo("one time too many")
    assert game.turn == 2


def test_unsafe_text_is_refused_at_input_so_every_record_reads_back() -> None:
    game = Game(load_scenario_file(MINI), 5)
    with pytest.raises(OrderError, match=r"control character \(U\+001B\)"):
        game.note("look\x1b]0;title\x07")
    with pytest.raises(OrderError, match=r"bidirectional formatting character \(U\+202E\)"):
        game.direct("sideline", "blue", "Ann \u202eeno")
    game.note("two\nlines\tare fine in a note")
    game.resolve()
    with pytest.raises(OrderError, match=r"U\+000A"):
        game.undo("a reason\non two lines")


def test_a_record_at_the_undo_cap_on_every_turn_replays_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "undone.jsonl"
    game = undo_flood()
    assert sum(1 for step in game.journal if type(step).__name__ == "Undo") >= MAX_UNDOS_PER_TURN * 4
    write_record(path, game, {}, "2026-01-01T00:00:00Z")
    done = bounded("replay", path, seconds=15)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
