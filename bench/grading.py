"""The grading benchmark: a class folder of records, graded by ``detente grade`` in a subprocess.

Records are games of tests/scenarios/class4.toml (4 factions, 12 turns)
played by random bots, written in parallel into a temporary folder. One in
ten shares its seed with another and differs from it on turn 2, so the
report has parallel worlds to compare. Grading runs as ``detente grade``
would, in a fresh interpreter (start-up included in the wall time), which
reports its own peak resident memory and its largest worker's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine import Game

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "scenarios" / "class4.toml"
RUBRIC = ROOT / "tests" / "rubrics" / "class4.toml"

_MEASURE = """
import os, resource, sys
from detente.cli import main
code = main(sys.argv[1:])
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
peak = own.ru_maxrss
if os.path.exists("/proc/self/status"):  # Linux keeps ru_maxrss across exec: a large parent would show as this process's peak
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print({"code": code, "own_kib": peak, "worker_kib": workers.ru_maxrss, "cpu": cpu}, file=sys.stderr)
"""


def play(index: int, seed: int) -> Game:
    """Game ``index`` of the class: random bots in every seat on ``seed``; one in ten has its first team pass on turn 2."""
    from engine import Game, load_scenario_file
    from players.bots import RandomBot

    scenario = load_scenario_file(SCENARIO)
    game = Game(scenario, seed)
    bots = {f.id: RandomBot() for f in scenario.factions}
    while not game.is_over:
        for faction in game.factions:
            orders = bots[faction].choose(game, faction)
            if index % 10 == 1 and game.turn == 2 and faction == game.factions[0]:
                orders = []  # this world's first team passes on turn 2
            game.submit(faction, orders)
        game.resolve()
    return game


def seed_of(index: int) -> int:
    """Game ``index``'s seed: in each ten, the first two share one (parallel worlds)."""
    return (index // 10) * 10 if index % 10 < 2 else index


def _write(task: tuple[str, int, int]) -> None:
    from engine.record import write_record

    folder, index, seed = task
    game = play(index, seed)
    path = Path(folder) / f"group{index // 100:03d}" / f"game{index:05d}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_record(path, game, dict.fromkeys(game.factions, "human"), "2026-01-01T00:00:00Z")


def make_records(folder: Path, count: int, jobs: int = 2) -> None:
    """Write ``count`` records under ``folder`` (pairs of parallel worlds among them)."""
    tasks = [(str(folder), i, seed_of(i)) for i in range(count)]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_write, tasks, chunksize=50))


def grade(folder: Path, out: Path, jobs: int, *options: str, rubric: Path = RUBRIC) -> tuple[float, float, int, int]:
    """Grade ``folder`` with ``--jobs`` (and ``options``): (wall seconds, CPU seconds of all its processes,
    peak KiB of the grading process, of its largest worker)."""
    command = [sys.executable, "-c", _MEASURE, "grade", str(folder), "--rubric", str(rubric), "--out", str(out), "--jobs", str(jobs), *options]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    figures = eval(result.stderr.strip().splitlines()[-1])  # a dict literal printed by _MEASURE
    if figures["code"] not in (0, 1):
        raise RuntimeError(result.stderr)
    return elapsed, figures["cpu"], figures["own_kib"], figures["worker_kib"]


_REPLAY_ONLY = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from engine.record import read_record, replay

def verify(path):
    return replay(read_record(path)).verified

if __name__ == "__main__":
    folder, jobs = sys.argv[1], int(sys.argv[2])
    paths = sorted(str(p) for p in Path(folder).rglob("*.jsonl"))
    with ProcessPoolExecutor(jobs) as pool:
        assert all(pool.map(verify, paths, chunksize=16))
"""


def replay_only(folder: Path, jobs: int) -> float:
    """The baseline of ``grade``: wall seconds for a fresh interpreter to read and replay every record under ``folder``
    with the engine alone, in ``jobs`` processes (no rubric, no report): what grading costs at the least today."""
    script = folder.parent / "replay_only.py"
    script.write_text(_REPLAY_ONLY, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(script), str(folder), str(jobs)], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def graded_count(report: Path) -> int:
    """How many files the JSON report graded (a check that the run did what it says)."""
    graded: int = json.loads(report.read_text(encoding="utf-8"))["graded"]
    return graded
