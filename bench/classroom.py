"""Classroom figures: many real seat processes on one session file.

Each seat is a real ``ClassroomApp`` (the app ``detente join`` runs), headless,
in its own process, joined with its code and polling the file at the UI's
default rate. Every turn each seat submits orders through its desk (timed:
the acknowledgement) after a thinking time drawn from 0 to ``spread``
seconds (0: every seat at the same instant, the worst case), the facilitator
resolves every world, and each seat notes when its screen shows the resolved
turn whole (timed from the resolution's commit: the seat's own poll brought it,
the seat showed it as a team sees it, with the app's default reveal, every
widget took it in and the screen was drawn; the harness only waits to be told,
so it adds no polling of its own), when the seat's poll learned of it, and the
CPU its process spent from its submission to then (idle polls included) and
from learning of the resolution to then (the turn's own work, which the
machine's load does not change, unlike the wall-clock times). The memory of every seat process is read from /proc at the end: resident, its own and its share.

``bench_headless_seats`` times a hundred headless seats submitting through
``detente session submit`` (one process each), all at once or spread out:
the acknowledgement (the seat's submit transaction, timed inside the
command) and the command's whole run; as installed (the modules compiled to
bytecode once, as pip does: ``compile_packages``), or compiling every module
at every start (as this development machine's ``PYTHONDONTWRITEBYTECODE``
would have it). ``cpu_load`` runs a CPU-heavy process beside a bench, as a
busy machine would.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

SEAT = r"""
import asyncio, json, random, sys, time
from classroom.store import Store
from tui.classroom.app import ClassroomApp
from tui.classroom.seat import SeatScreen

path, code, turns, spread = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
pace = random.Random(code)  # each seat's own, repeatable, thinking time
moved = asyncio.Event()
shown = SeatScreen.after_reveal

def watched(screen):
    # the seat has shown the resolved turn whole (its reveal, if any, is over) and begins the next
    shown(screen)
    moved.set()

SeatScreen.after_reveal = watched
load = SeatScreen.load
learned = []

def timed_load(screen):
    # the seat's poll found a new revision: when it learned of it, and its CPU then
    learned.append((time.time(), time.process_time()))
    load(screen)

SeatScreen.load = timed_load

async def main():
    store = Store.open(path)
    app = ClassroomApp(store, code=code)  # the seat as 'detente join' runs it
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SeatScreen)
        print(json.dumps({"ready": True}), flush=True)
        for _ in range(turns):
            game = screen.game
            turn, faction = game.turn, screen.desk.faction
            orders = [game.legal_options(faction)[0].order("bench")]
            await pilot.pause(pace.uniform(0, spread))
            moved.clear()
            cpu = time.process_time()
            start = time.perf_counter()
            screen.desk.submit(orders)
            ack = time.perf_counter() - start
            await moved.wait()
            await pilot.pause(0)  # every widget has taken the resolved turn in, and the screen is drawn
            seen, done = time.time(), time.process_time()
            heard, before = learned[-1]  # the load that brought the resolution: nothing is read after it until the next submission
            line = {"turn": turn, "world": screen.desk.world, "ack": ack, "seen": seen, "cpu": done - cpu, "learned": heard, "drawing": done - before}
            print(json.dumps(line), flush=True)
        sys.stdin.readline()  # stay until the bench has read this process's memory
    store.close()

asyncio.run(main())
"""


HEADLESS_SEAT = r"""
import json, sys, time
from classroom.seat_desk import SeatDesk
from detente.cli import main

submit = SeatDesk.submit
timed = []

def timed_submit(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return submit(self, *args, **kwargs)
    finally:
        timed.append(time.perf_counter() - start)

SeatDesk.submit = timed_submit
code = main(["session", "submit", sys.argv[1], "--orders", sys.argv[2]])
print(json.dumps({"code": code, "ack": timed[0] if timed else None}), file=sys.stderr, flush=True)
"""

PACKAGES = ("engine", "players", "grading", "reports", "lab", "classroom", "tui", "detente")
"""The project's packages, compiled to bytecode before the headless seats start (``compile_packages``)."""

BUSY = "while True: pass"
"""The CPU-heavy process run beside a bench: one core kept busy."""


@contextlib.contextmanager
def cpu_load() -> Iterator[None]:
    """A process that keeps one core busy for as long as the block runs."""
    busy = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        yield
    finally:
        busy.kill()
        busy.wait()


def compile_packages() -> None:
    """Compile the project's modules to bytecode beside them, as installing the package does (pip compiles
    at install), so each headless seat starts as it would on a teacher's machine."""
    import compileall

    root = Path(__file__).resolve().parents[1]
    for package in PACKAGES:
        compileall.compile_dir(str(root / package), quiet=1)


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` (0 to 1) of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def _memory_mb(pid: int) -> dict[str, float]:
    """The process's memory from /proc: resident (``rss``), its own pages that no other process shares
    (``own``: private clean and dirty) and its proportional share (``pss``: its own plus its part of the shared)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["Rss"], "own": fields["Private_Clean"] + fields["Private_Dirty"], "pss": fields["Pss"]}


def _read_line(process: subprocess.Popen[str]) -> Any:
    """The next JSON line a seat process printed."""
    assert process.stdout is not None  # every seat process is started with stdout=PIPE
    return json.loads(process.stdout.readline())


def bench_classroom(worlds: int = 10, turns: int = 3, spread: float = 5.0, emit: Callable[[str, float, str], None] = print, label: str = "") -> None:
    """``worlds`` worlds of indo_pacific, three team seats each, ``turns`` turns, submissions spread over ``spread`` s."""
    from classroom.store import Store
    from classroom.values import Settings
    from engine.catalog import load_bundled

    folder = Path(tempfile.mkdtemp())
    new = Store.create(
        folder / "bench.detente",
        load_bundled("indo_pacific"),
        created="2026-11-25T09:00:00Z",
        worlds=worlds,
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=False),
    )
    seats = len(new.seat_codes)
    processes = [
        subprocess.Popen([sys.executable, "-c", SEAT, str(new.path), code, str(turns), str(spread)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for code in new.seat_codes.values()
    ]
    try:
        for process in processes:
            assert _read_line(process) == {"ready": True}
        store = Store.open(new.path)
        desk = store.facilitator(new.facilitator_code)
        commits: list[float] = []
        checkpoint = store.checkpoint

        def timed_checkpoint(*, truncate: bool = False) -> None:
            commits.append(time.time())  # a resolve checkpoints once its transaction is committed
            checkpoint(truncate=truncate)

        store.checkpoint = timed_checkpoint  # type: ignore[method-assign]
        acks, delays, waits, resolving, cpu, learned, drawing = [], [], [], [], [], [], []
        for turn in range(1, turns + 1):
            while not all(all(seat.submitted for seat in world.seats) for world in desk.overview().worlds):
                time.sleep(0.02)
            start = time.perf_counter()
            began = time.time()
            committed = {}
            for world in desk.worlds():
                desk.resolve(world.id)
                committed[world.id] = commits[-1]  # the world's resolution is committed: its seats may read it
            resolving.append(time.perf_counter() - start)
            for process in processes:
                line = _read_line(process)
                assert line["turn"] == turn
                acks.append(line["ack"])
                delays.append(line["seen"] - committed[line["world"]])
                waits.append(line["seen"] - began)
                cpu.append(line["cpu"])
                learned.append(line["learned"] - committed[line["world"]])
                drawing.append(line["drawing"])
        memory = [_memory_mb(process.pid) for process in processes]
        store.close()
    finally:
        for process in processes:
            process.communicate(timeout=60)  # its stdin closed: the seat leaves
    when = f"submissions spread over {spread:g} s" if spread else "every seat submitting at the same instant"
    name = f"classroom, {seats} seat processes in {worlds} worlds, {turns} turns, {when}{label}"
    emit(f"{name}: submission acknowledged, median", statistics.median(acks) * 1000, "ms")
    emit(f"{name}: submission acknowledged, 95th percentile", percentile(acks, 0.95) * 1000, "ms")
    emit(f"{name}: submission acknowledged, slowest", max(acks) * 1000, "ms")
    emit(f"{name}: resolved turn on every seat's screen (from its world's commit), median", statistics.median(delays), "s")
    emit(f"{name}: resolved turn on every seat's screen (from its world's commit), 95th percentile", percentile(delays, 0.95), "s")
    emit(f"{name}: resolved turn on every seat's screen (from its world's commit), slowest", max(delays), "s")
    emit(f"{name}: resolved turn on every seat's screen (from the facilitator starting to resolve every world), slowest", max(waits), "s")
    emit(f"{name}: a seat learned of the resolution (its poll read the new revision, from its world's commit), median", statistics.median(learned), "s")
    emit(f"{name}: a seat learned of the resolution (its poll read the new revision, from its world's commit), slowest", max(learned), "s")
    emit(f"{name}: a seat's CPU from its submission to the next turn drawn on its screen, median", statistics.median(cpu) * 1000, "ms")
    emit(f"{name}: a seat's CPU from learning of the resolution to the next turn drawn on its screen, median", statistics.median(drawing) * 1000, "ms")
    emit(f"{name}: a seat's CPU from learning of the resolution to the next turn drawn on its screen, 95th percentile", percentile(drawing, 0.95) * 1000, "ms")
    emit(f"{name}: facilitator resolving all {worlds} worlds", statistics.median(resolving) * 1000, "ms")
    emit(f"{name}: memory per seat process (RSS), median", statistics.median(m["rss"] for m in memory), "MB")
    emit(f"{name}: memory per seat process (RSS), largest", max(m["rss"] for m in memory), "MB")
    emit(f"{name}: memory per seat process, its own (private pages), median", statistics.median(m["own"] for m in memory), "MB")
    emit(f"{name}: memory per seat process, proportional share (PSS), median", statistics.median(m["pss"] for m in memory), "MB")
    emit(f"{name}: memory of all {seats} seat processes together (sum of PSS)", sum(m["pss"] for m in memory), "MB")


def bench_headless_seats(
    seats: int = 100, spread: float = 5.0, emit: Callable[[str, float, str], None] = print, label: str = "", *, bytecode: bool = True
) -> None:
    """``seats`` team seats (two per world of indo_pacific, the third a bot) submit once each through
    ``detente session submit``, one process per seat, started over ``spread`` seconds (0: at once); with
    ``bytecode``, from the compiled modules (``compile_packages``), else compiling every module at every start."""
    import random

    from classroom.store import Store
    from classroom.values import Settings
    from engine.catalog import load_bundled

    folder = Path(tempfile.mkdtemp())
    new = Store.create(
        folder / "bench.detente",
        load_bundled("indo_pacific"),
        created="2026-11-25T09:00:00Z",
        worlds=(seats + 1) // 2,
        players={"meridian": "greedy"},
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=False),
    )
    jobs = []
    with Store.open(new.path) as store:
        for index, ((_, faction), code) in enumerate(sorted(new.seat_codes.items())[:seats]):
            option = store.seat(code).game().legal_options(faction)[0]
            orders = folder / f"orders-{index}.toml"
            orders.write_text(
                f'[[orders]]\nturn = 1\nfaction = "{faction}"\nmove = "{option.move.id}"\ntarget = "{option.target}"\nwhy = "bench"\n', encoding="utf-8"
            )
            jobs.append((code, orders))
    pace = random.Random(seats)
    starts = sorted(pace.uniform(0, spread) for _ in jobs)
    began = time.perf_counter()
    running = []
    for (code, orders), at in zip(jobs, starts):
        time.sleep(max(0.0, at - (time.perf_counter() - began)))
        environment = {**os.environ, "DETENTE_CODE": code}
        if not bytecode:  # no compiled module found, none written
            environment.update(PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=str(folder / "no-bytecode"))
        command = [sys.executable, "-c", HEADLESS_SEAT, str(new.path), str(orders)]
        running.append((time.perf_counter(), subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)))
    acks, walls = [], []

    def finish(started: float, process: subprocess.Popen[str]) -> tuple[float, str]:
        _, err = process.communicate(timeout=300)
        return time.perf_counter() - started, err

    with ThreadPoolExecutor(max_workers=len(running)) as waiters:  # each command timed from its start to its own exit
        for wall, err in waiters.map(lambda job: finish(*job), running):
            result = json.loads(err.strip().splitlines()[-1])
            assert result["code"] == 0 and result["ack"] is not None, err
            acks.append(result["ack"])
            walls.append(wall)
    with Store.open(new.path) as store:
        overview = store.facilitator(new.facilitator_code).overview()
        assert sum(seat.submitted for world in overview.worlds for seat in world.seats) == seats
    when = f"started over {spread:g} s" if spread else "all started at the same instant"
    how = "" if bytecode else ", compiling every module at every start"
    name = f"classroom, {seats} headless seats through 'detente session submit', {when}{how}{label}"
    emit(f"{name}: submission acknowledged, median", statistics.median(acks) * 1000, "ms")
    emit(f"{name}: submission acknowledged, 95th percentile", percentile(acks, 0.95) * 1000, "ms")
    emit(f"{name}: submission acknowledged, slowest", max(acks) * 1000, "ms")
    emit(f"{name}: the whole command (start to exit), median", statistics.median(walls), "s")
    emit(f"{name}: the whole command (start to exit), 95th percentile", percentile(walls, 0.95), "s")
