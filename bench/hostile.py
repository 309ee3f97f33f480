"""Hostile inputs at their caps: wall time and peak memory of the command that refuses or reads each.

Each case is a file made here at the largest size the program accepts, run
through ``detente`` in a fresh interpreter (start-up included); the peak is
the child's own maximum resident set. The tests in ``tests/hostile/`` hold
generous bounds; the precise figures are these.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from engine import Game, load_scenario_text
from engine.inputs import MAX_UNDOS_PER_TURN
from engine.record import write_record
from engine.scenario_loader import MAX_FILE_BYTES
from players.orders_file import MAX_ORDERS_IN_FILE

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "scenarios" / "mini.toml"


def _run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of ``detente *args`` in a child process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "detente", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def _key_flood(folder: Path) -> Path:
    """The mini scenario followed by unknown top-level keys up to the scenario size cap."""
    text = MINI.read_text(encoding="utf-8")
    head, _, tail = text.partition("\n[")
    lines, size, index = [head], len(text.encode("utf-8")), 0
    while size + 12 < MAX_FILE_BYTES:
        line = f"k{index}=1"
        lines.append(line)
        size += len(line) + 1
        index += 1
    path = folder / "keys.toml"
    path.write_text("\n".join(lines) + "\n[" + tail, encoding="utf-8")
    return path


def _order_flood(folder: Path) -> Path:
    """An orders file with the most orders a file may hold: six a turn for eight factions over fifty
    turns, three of them the scenario's, so the whole file is read before it is refused."""
    factions = ("blue", "red", "green", "f4", "f5", "f6", "f7", "f8")
    orders = [
        f'[[orders]]\nturn = {index // 48 + 1}\nfaction = "{factions[index // 6 % 8]}"\nmove = "comms"\ntarget = "north"\nwhy = "order {index}"\n'
        for index in range(MAX_ORDERS_IN_FILE)
    ]
    path = folder / "orders.toml"
    path.write_text("".join(orders), encoding="utf-8")
    return path


def undo_flood(turns: int = 50) -> Game:
    """A game of the mini scenario stretched to ``turns`` turns (the longest a scenario may have), each
    turn resolved and undone ``MAX_UNDOS_PER_TURN`` times, then resolved: a record at its cap of undos."""
    text = MINI.read_text(encoding="utf-8").replace("turns = 4", f"turns = {turns}", 1)
    game = Game(load_scenario_text(text, "mini.toml"), 5)
    while not game.is_over:
        for number in range(MAX_UNDOS_PER_TURN):
            game.resolve()
            game.undo(f"once more ({number})")
        game.resolve()
    return game


def _undo_flood(folder: Path) -> Path:
    path = folder / "undone.jsonl"
    write_record(path, undo_flood(), {}, "2026-01-01T00:00:00Z")
    return path


def bench_hostile(emit: Callable[[str, float, str], None]) -> None:
    """Emit the time and peak memory of each flood at its cap."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        keys, orders, undone = _key_flood(folder), _order_flood(folder), _undo_flood(folder)
        cases = (
            (f"detente check of a {keys.stat().st_size:,}-byte scenario of unknown keys (the size cap)", ("check", str(keys))),
            (
                f"detente run --orders with {MAX_ORDERS_IN_FILE:,} orders (the orders-file cap)",
                ("run", str(MINI), "--seed", "1", "--orders", str(orders), "--record", str(folder / "out.jsonl")),
            ),
            (
                f"detente replay of a record at its cap of undos (50 turns, {MAX_UNDOS_PER_TURN} undos each; {undone.stat().st_size:,} bytes)",
                ("replay", str(undone)),
            ),
        )
        for what, args in cases:
            wall, peak = _run(*args)
            emit(f"{what}: wall, interpreter start included", wall, "s")
            emit(f"{what}: peak memory", peak, "MiB")
