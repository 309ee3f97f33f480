"""Run every benchmark and print ``{"name", "value", "unit"}`` lines.

    python -m bench            # all benchmarks
    python -m bench --quick    # fewer games, for a smoke run
    python -m bench --grading-10k   # also grade 10,000 records (several minutes)
    python -m bench --bots-1000     # lookahead vs greedy over 1,000 games per scenario (about an hour)
    python -m bench --classroom     # only the classroom figures: 30 seat processes and 100 headless seats on one session file, beside a CPU-heavy process
    python -m bench --hostile       # only the hostile-input floods at their caps
    python -m bench --grading       # only the grading figures (with --grading-10k: 10,000 records too)
    python -m bench --ui            # only the terminal UI figures (first frame, keys, a turn, help)
    python -m bench --doctrines     # only the doctrine lab figures (9 doctrines x every seat x 200 games vs greedy; vs lookahead, 4 games scaled to 200)
    python -m bench --speed         # only the engine, greedy and start-up figures, each beside its baseline

Figures are wall-clock on this machine, one process (one core) unless named.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.hostile import bench_hostile
from engine import Game, load_scenario_file
from engine.catalog import load_bundled
from engine.log import OrderFizzled, OrderResolved
from engine.record import write_record
from players.autoplay import autoplay
from players.bots import RandomBot

SCENARIO = "indo_pacific"
FORMAT_2 = Path(__file__).parent / "scenarios" / "indo_pacific_partners.toml"
"""indo_pacific in format 2 with every rule 13 mechanism on: what the new rules cost."""


def emit(name: str, value: float, unit: str) -> None:
    """Print one benchmark figure as a JSON line."""
    print(json.dumps({"name": name, "value": round(value, 3), "unit": unit}), flush=True)


def bench_build() -> None:
    """How many compiled modules (``tools.compile``) the figures ran with: 0 is the pure-Python reference."""
    from tools.compile import compiled_paths

    emit("compiled modules in place (python -m tools.compile; 0: pure Python, the reference)", len(compiled_paths()), "modules")


def bench_headless_games(games: int) -> None:
    """Full games with random legal orders, format 1 then its format 2 twin: games/s and orders
    resolved per second (CPU time of one core), each beside random playouts of OpenSpiel's
    pure-Python tic-tac-toe measured right after it (``bench.baseline``; target: twice its actions/s,
    and 100,000 orders/s)."""
    from bench.baseline import playout_actions_per_second

    for scenario in (load_bundled(SCENARIO), load_scenario_file(FORMAT_2)):
        factions = [f.id for f in scenario.factions]
        orders = 0
        start = time.process_time()
        for seed in range(games):
            game = autoplay(Game(scenario, seed), {f: RandomBot() for f in factions})
            orders += sum(1 for e in game.log if isinstance(e, (OrderResolved, OrderFizzled)))
        elapsed = time.process_time() - start
        baseline, name = playout_actions_per_second(min(elapsed, 5.0))
        what = f"{scenario.id} (format {scenario.format})"
        emit(f"{what}: random games, one core", games / elapsed, "games/s")
        emit(f"{what}: orders resolved, one core (bots included; target 100000)", orders / elapsed, "orders/s")
        emit(f"baseline beside it: {name}, random playouts, one core", baseline, "actions/s")
        emit(f"{what}: orders resolved per second / the baseline's actions per second (target 2)", orders / elapsed / baseline, "ratio")


def bench_greedy_scaling(games: int) -> None:
    """Greedy cost per faction-turn on indo_pacific grown to more factions and more regions
    (``bench.scaling``): flat is the target, so the ratios' target is 1."""
    from bench.scaling import TURNS, greedy_cost_per_faction_turn

    costs = {}
    for factions, copies in ((2, 1), (8, 1), (3, 1), (3, 5)):
        costs[(factions, copies)] = cost = greedy_cost_per_faction_turn(factions, copies, games)
        emit(
            f"greedy cost per faction-turn, indo_pacific with {factions} factions and {8 * copies} regions ({games} games of {TURNS} turns)", cost * 1000, "ms"
        )
    emit("greedy cost per faction-turn, 8 factions / 2 factions (target 1: flat)", costs[(8, 1)] / costs[(2, 1)], "ratio")
    emit("greedy cost per faction-turn, 40 regions / 8 regions (target 1: flat)", costs[(3, 5)] / costs[(3, 1)], "ratio")


def bench_resolution_only(games: int) -> None:
    """Orders resolved per second with the bots' choices made in advance (resolution alone)."""
    scenario = load_bundled(SCENARIO)
    factions = [f.id for f in scenario.factions]
    plans = []
    for seed in range(games):
        game = Game(scenario, seed)
        turns = []
        while not game.is_over:
            turn = {f: RandomBot().choose(game, f) for f in factions}
            for faction, chosen in turn.items():
                game.submit(faction, chosen)
            game.resolve()
            turns.append(turn)
        plans.append(turns)
    orders = 0
    start = time.perf_counter()
    for seed, turns in enumerate(plans):
        game = Game(scenario, seed)
        for turn in turns:
            for faction, chosen in turn.items():
                game.submit(faction, chosen)
                orders += len(chosen)
            game.resolve()
    elapsed = time.perf_counter() - start
    emit(f"{SCENARIO}: orders submitted and resolved, one core (choices precomputed)", orders / elapsed, "orders/s")


def _wall(command: list[str], runs: int, *, bytecode: bool) -> float:
    """Median wall seconds of ``command`` over ``runs`` runs (after one unmeasured run), with the
    bytecode cache written and read (``bytecode``) or neither written nor found (every module
    compiled at every start: ``PYTHONDONTWRITEBYTECODE=1`` and a cache folder that stays empty)."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as empty:
        if bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        else:
            env.update(PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=empty)
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def bench_replay_command(runs: int) -> None:
    """Wall time of ``detente replay`` on one record, interpreter start included (median), with the
    bytecode cache (a user's machine; target 100 ms) and without (this environment's default),
    beside a bare interpreter's start; and ``detente --help`` beside ``python -c "import textual"``
    (target: at most 1.1 times it). Each pair runs in turn, so both see the same load."""
    scenario = load_bundled(SCENARIO)
    game = autoplay(Game(scenario, 1), {f.id: RandomBot() for f in scenario.factions})
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "game.jsonl"
        write_record(record, game, {}, "2026-01-01T00:00:00Z")
        replay = [sys.executable, "-m", "detente", "replay", str(record)]
        for bytecode, how in ((True, "bytecode cached"), (False, "no bytecode cache")):
            bare = _wall([sys.executable, "-c", "pass"], runs, bytecode=bytecode)
            took = _wall(replay, runs, bytecode=bytecode)
            emit(f"detente replay of one record, interpreter start included, {how} (median{'; target 100' if bytecode else ''})", took * 1000, "ms")
            emit(f"baseline beside it: python -c pass, {how} (median)", bare * 1000, "ms")
    textual = _wall([sys.executable, "-c", "import textual"], runs, bytecode=True)
    helped = _wall([sys.executable, "-m", "detente", "--help"], runs, bytecode=True)
    emit("detente --help, bytecode cached (median)", helped * 1000, "ms")
    emit('baseline beside it: python -c "import textual", bytecode cached (median)', textual * 1000, "ms")
    emit('detente --help / python -c "import textual" (target 1.1)', helped / textual, "ratio")


def bench_ui(quick: bool) -> None:
    """Time to first frame (ratio to a minimal Textual app), key press and turn latency."""
    from bench.ui import first_frame, help_opens, latencies, pilot_baseline

    minimal, detente = first_frame(3 if quick else 9)
    emit("minimal Textual app: start, first frame, exit (median)", minimal * 1000, "ms")
    emit("detente title screen: start, first frame, exit (median)", detente * 1000, "ms")
    emit("detente first frame / minimal app first frame", detente / minimal, "ratio")
    key, turn, turn_cpu = latencies(20 if quick else 100, 3 if quick else 9)
    baseline = pilot_baseline(20 if quick else 100)
    emit("bare OptionList app: key press to settled redraw under Pilot (harness baseline, median)", baseline * 1000, "ms")
    emit("game screen: key press to settled redraw under Pilot (median)", key * 1000, "ms")
    emit("game screen: key press cost above the harness baseline", (key - baseline) * 1000, "ms")
    emit("game screen: submit, bots, resolve and the turn's review drawn (median, no animation)", turn * 1000, "ms")
    emit("game screen: the same, the app's own CPU time (median; target 100)", turn_cpu * 1000, "ms")
    plain, help_ = help_opens(5 if quick else 15)
    emit("plain one-line modal: open and draw (median)", plain * 1000, "ms")
    emit("help screen: ? to drawn (median; target 150)", help_ * 1000, "ms")
    emit("help screen / plain modal", help_ / plain, "ratio")


GRADE_TARGET = 5.0
"""Seconds for ``detente grade --jobs 2`` to grade 1,000 distinct records with verification (issue 19; issue 14 asked 10)."""
SESSION_TARGET = 15.0
"""Seconds for the same with ``--session`` verification (issue 14)."""


def bench_grading(counts: list[int], jobs: int = 2) -> None:
    """``detente grade --jobs 2`` on folders of 4-faction, 12-turn records: wall time and peak memory, beside the
    baseline of the same records replayed by the engine alone in the same number of processes."""
    from bench.grading import grade, graded_count, make_records, replay_only

    peaks: dict[int, int] = {}
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            records = Path(folder) / "class"
            make_records(records, count)
            report = Path(folder) / "grades.json"
            floor = replay_only(records, jobs)
            wall, cpu, own, worker = grade(records, report, jobs)
            assert graded_count(report) == count
            emit(f"baseline: {count} records read and replayed by the engine alone, {jobs} processes, interpreter start included", floor, "s")
            emit(f"detente grade: {count} records (4 factions, 12 turns), --jobs {jobs}, interpreter start included", wall, "s")
            emit(f"detente grade / engine replay alone ({count} records)", wall / floor, "ratio")
            if count == 1000:
                emit(f"detente grade: 1000 records against the target of {GRADE_TARGET:g} s (under 1 meets it)", wall / GRADE_TARGET, "ratio")
                emit(f"baseline: the engine's replay alone against the same {GRADE_TARGET:g} s (grading cannot go below it)", floor / GRADE_TARGET, "ratio")
            peaks[count] = own
            emit(f"detente grade: {count} records, CPU time of all its processes (wall on an idle machine is about this / {jobs})", cpu, "s")
            emit(f"detente grade: {count} records, peak memory of the grading process (ru_maxrss)", own / 1024, "MiB")
            emit(f"detente grade: {count} records, peak memory of its largest worker (ru_maxrss)", worker / 1024, "MiB")
    if 1000 in peaks and 10000 in peaks:
        emit("detente grade: peak memory of the grading process, 10,000 records / 1,000 (flat: about 1)", peaks[10000] / peaks[1000], "ratio")


def bench_grading_session(count: int, jobs: int = 2) -> None:
    """``detente grade --jobs 2 --session`` on the signed exports of a session of ``count`` worlds: wall time and memory."""
    from bench.grading import grade, graded_count, replay_only
    from bench.provenance import EXPORTS, make_session

    with tempfile.TemporaryDirectory() as folder:
        session, exports, rubric = make_session(Path(folder), count, jobs)
        report = Path(folder) / "grades.json"
        floor = replay_only(exports, jobs)
        wall, cpu, own, worker = grade(exports, report, jobs, "--session", str(session), rubric=rubric)
        emit(f"baseline: the {count} exports read and replayed by the engine alone, {jobs} processes, interpreter start included", floor, "s")
        assert graded_count(report) == count
        signed = json.loads(report.read_text(encoding="utf-8"))["records"]
        assert all(record["provenance"]["kind"] == "signed" for record in signed), "every export is the session's"
        emit(
            f"detente grade --session: {count} signed exports of one session (its worlds exported at {EXPORTS} points each), --jobs {jobs}, interpreter start included",
            wall,
            "s",
        )
        emit(f"detente grade --session: {count} records against the target of {SESSION_TARGET:g} s (under 1 meets it)", wall / SESSION_TARGET, "ratio")
        emit(f"detente grade --session: {count} records, CPU time of all its processes", cpu, "s")
        emit(f"detente grade --session: {count} records, peak memory of the grading process (ru_maxrss)", own / 1024, "MiB")
        emit(f"detente grade --session: {count} records, peak memory of its largest worker (ru_maxrss)", worker / 1024, "MiB")


def bench_greedy_games(games: int) -> None:
    """Greedy bots in every seat of every bundled scenario: games per second on one core."""
    from engine.catalog import bundled_ids
    from lab.balance import run_games, seat_games

    for scenario_id in bundled_ids():
        scenario = load_bundled(scenario_id)
        start = time.perf_counter()
        run_games(scenario, seat_games(["greedy"] * len(scenario.factions), 0, games))
        elapsed = time.perf_counter() - start
        emit(f"{scenario_id}: greedy games, one core ({games} games)", games / elapsed, "games/s")


def bench_balance_wall(games: int, workers: int = 2) -> None:
    """``detente balance`` with greedy bots: wall and CPU seconds for many games on ``workers`` processes."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "detente", "balance", SCENARIO, "--games", str(games), "--workers", str(workers), "--format", "json", "--progress", "never"],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert json.loads(result.stdout)["games"] == games
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    emit(f"detente balance {SCENARIO} --games {games} --workers {workers} (greedy), interpreter start included (target for 10000: 30)", wall, "s")
    emit(f"detente balance {SCENARIO} --games {games}: CPU time of all its processes", cpu, "s")


DOCTRINES = (
    "arms_first",
    "show_of_force",
    "talk_only",
    "training_and_relief",
    "aid_for_dependency",
    "soft_only",
    "never_answer_events",
    "answer_every_event",
    "hybrid_disruptor",
)
"""The nine doctrines of the doctrine lab's speed figure (the target: 200 games each in 5 minutes)."""


def bench_doctrine_lab(games: int, field: str = "greedy", target_games: int = 200, workers: int = 2) -> None:
    """``detente balance --doctrines``: nine doctrines in every seat of one scenario against ``field``, wall time.

    A lab's games are independent and alike in cost, so when ``games`` is below the issue's
    ``target_games`` per doctrine and seat, the figure beside it is the measured wall scaled to
    ``target_games`` (the lab against a lookahead field takes hours at full size).
    """
    command = [sys.executable, "-m", "detente", "balance", SCENARIO, "--doctrines", *DOCTRINES, "--field", field]
    command += ["--games", str(games), "--workers", str(workers), "--format", "json", "--progress", "never"]
    start = time.perf_counter()
    result = subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    rows = json.loads(result.stdout)["results"]
    assert len(rows) == len(DOCTRINES) * len({row["seat"] for row in rows})
    what = f"detente balance {SCENARIO} --doctrines --field {field} (9 doctrines x every seat x {games} games, {len(rows) * games} games), --workers {workers}"
    emit(f"{what}, interpreter start included", wall, "s")
    if games < target_games:
        emit(f"the same scaled to {target_games} games per doctrine and seat (issue target 300 s)", wall * target_games / games, "s")


def bench_strength(games: int, lookahead_games: int, workers: int = 2) -> None:
    """Duels with seats rotated: how often the challenger finishes ahead of each other seat,
    and how often it wins (against the fair share 1/n)."""
    from concurrent.futures import ProcessPoolExecutor

    from engine.catalog import bundled_ids
    from lab.balance import duel, duel_games, run_games

    with ProcessPoolExecutor(workers) as pool:
        for challenger, incumbent, count in (("greedy", "random", games), ("lookahead", "greedy", lookahead_games)):
            for scenario_id in bundled_ids():
                scenario = load_bundled(scenario_id)
                n = len(scenario.factions)
                start = time.perf_counter()
                result = duel(run_games(scenario, duel_games(n, challenger, incumbent, 0, count), pool), challenger)
                elapsed = time.perf_counter() - start
                what = f"{scenario_id}: {challenger} vs {incumbent} in the other {n - 1} seat(s), {count} games, seats rotated"
                emit(f"{what}: {challenger} finished ahead of an opponent", result["ahead"], "%")
                emit(f"{what}: {challenger} won (fair share {result['fair_share']:.1f}%)", result["win_rate"], "%")
                emit(f"{what}: wall time, {workers} workers", elapsed, "s")


def bench_classroom_both(quick: bool) -> None:
    """Thirty seat processes on one session file (three with --quick), then a hundred headless seats (ten),
    spread and all-at-once submissions, each with a CPU-heavy process running beside it (``cpu_load``, started
    and stopped here); the headless seats as installed (bytecode compiled first), then once compiling every
    module at every start."""
    from bench.classroom import bench_classroom, bench_headless_seats, compile_packages, cpu_load

    label = ", a CPU-heavy process beside it"
    compile_packages()
    with cpu_load():
        for spread in (5.0, 0.0):
            bench_classroom(worlds=1 if quick else 10, turns=1 if quick else 3, spread=spread, emit=emit, label=label)
        for spread in (5.0, 0.0):
            bench_headless_seats(seats=10 if quick else 100, spread=spread, emit=emit, label=label)
        bench_headless_seats(seats=10 if quick else 100, spread=5.0, emit=emit, label=label, bytecode=False)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    if "--classroom" in argv:
        bench_classroom_both(quick)
        return 0
    if "--doctrines" in argv:
        bench_doctrine_lab(2 if quick else 200)
        bench_doctrine_lab(1 if quick else 4, field="lookahead")
        return 0
    if "--hostile" in argv:
        bench_hostile(emit)
        return 0
    if "--grading" in argv:
        bench_grading([100] if quick else [1000, 10000] if "--grading-10k" in argv else [1000])
        bench_grading_session(100 if quick else 1000)
        return 0
    if "--speed" in argv:
        bench_build()
        bench_headless_games(50 if quick else 1000)
        bench_greedy_scaling(2 if quick else 20)
        bench_replay_command(3 if quick else 15)
        return 0
    if "--ui" in argv:
        bench_ui(quick)
        return 0
    bench_build()
    bench_greedy_games(20 if quick else 200)
    bench_greedy_scaling(2 if quick else 20)
    bench_balance_wall(500 if quick else 10000)
    bench_doctrine_lab(2 if quick else 200)
    bench_doctrine_lab(1 if quick else 4, field="lookahead")
    bench_strength(30 if quick else 1000, 10 if quick else (1000 if "--bots-1000" in argv else 200))
    bench_grading([100] if quick else [1000, 10000] if "--grading-10k" in argv else [1000])
    bench_grading_session(100 if quick else 1000)
    bench_headless_games(50 if quick else 1000)
    bench_resolution_only(50 if quick else 500)
    bench_replay_command(3 if quick else 15)
    bench_ui(quick)
    bench_hostile(emit)
    bench_classroom_both(quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
