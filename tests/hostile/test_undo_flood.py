"""Undo floods: each undo costs what it takes back, so a record of many undos replays in linear time."""

from __future__ import annotations

from pathlib import Path

from engine import Game, load_scenario_file
from engine.record import write_record
from tests.hostile.hostile_run import MINI, bounded

CYCLES = 3000
"""Resolve-and-undo cycles on turn 1: a record of about 0.7 MB that took about 40 s to replay when
every undo refolded the journal from the start."""


def flooded(cycles: int) -> Game:
    game = Game(load_scenario_file(MINI), 5)
    for number in range(cycles):
        game.resolve()
        game.undo(f"once more ({number})")
    return game


def test_a_game_undone_many_times_is_the_game_before_its_first_resolution() -> None:
    game, fresh = flooded(50), Game(load_scenario_file(MINI), 5)
    assert game.turn == 1 and game.digest() == fresh.digest()
    assert game.view().factions == fresh.view().factions
    game.resolve()
    fresh.resolve()
    assert game.digest() == fresh.digest()


def test_a_record_of_an_undo_flood_replays_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "undone.jsonl"
    write_record(path, flooded(CYCLES), {}, "2026-01-01T00:00:00Z")
    done = bounded("replay", path, seconds=15)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
