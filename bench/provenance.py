"""The provenance benchmark: a classroom session's signed exports graded with ``grade --session``.

A session holds at most ``classroom.checks.MAX_WORLDS`` worlds, so the
thousand distinct records are exports of its worlds at different moments, as
a class hands in a game at several points: each world is a game of
bench.grading's class (random bots on the world's seed) written into the
session's journal through ``classroom.session.Session.append``, as the desks
would, and exported (signed, by the facilitator's desk) at ``EXPORTS``
points spread over its game, after its first turn; two processes share the
worlds. The seats are bots (no access codes to hash), so the rubric is the
test rubric with ``grade_bots = true``: every faction is graded, as in
bench.grading.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.grading import RUBRIC, SCENARIO, play, seed_of

CREATED = "2026-01-01T00:00:00Z"
EXPORTS = 16
"""Exports of each world: at evenly spaced steps of its journal after the first resolution, the last at the end."""


def make_session(folder: Path, count: int, jobs: int = 2) -> tuple[Path, Path, Path]:
    """A session whose worlds give ``count`` distinct signed exports under ``folder``:
    (session file, folder of exports, rubric that grades bot seats)."""
    from classroom.store import Store
    from classroom.values import WorldSpec
    from engine import load_scenario_file

    scenario = load_scenario_file(SCENARIO)
    worlds = min(-(-count // EXPORTS) + 2, 64)  # two more: a game that ends early has fewer distinct export points
    specs = [WorldSpec(f"World {index}", seed=seed_of(index)) for index in range(worlds)]
    new = Store.create(folder / "class.detente", scenario, created=CREATED, worlds=specs, players=dict.fromkeys((f.id for f in scenario.factions), "random"))
    exports = folder / "exports"
    exports.mkdir()
    chunks = [list(range(worlds))[part::jobs] for part in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_play_and_export, [(str(new.path), new.facilitator_code, str(exports), chunk) for chunk in chunks]))
    made = sorted(exports.rglob("*.jsonl"))
    if len(made) < count:
        raise RuntimeError(f"the session gave {len(made)} distinct exports, not {count}")
    for extra in made[count:]:
        extra.unlink()
    rubric = folder / "rubric.toml"
    rubric.write_text(RUBRIC.read_text(encoding="utf-8").replace('scenario = "class4"', 'scenario = "class4"\ngrade_bots = true'), encoding="utf-8")
    return new.path, exports, rubric


def _play_and_export(task: tuple[str, str, str, list[int]]) -> None:
    """Journal each world's game step by step, exporting it at its ``EXPORTS`` points."""
    from classroom.store import Store
    from engine import Game
    from engine.inputs import Resolve

    path, code, folder, indexes = task
    with Store.open(path) as store:
        desk = store.facilitator(code)
        for index in indexes:
            played = play(index, seed_of(index))
            steps = played.journal
            first = next(position for position, step in enumerate(steps) if isinstance(step, Resolve))
            points = {first + (len(steps) - 1 - first) * k // (EXPORTS - 1) for k in range(EXPORTS)}
            game = Game(played.scenario, played.seed)
            done = 0
            for number, point in enumerate(sorted(points)):
                with store.write() as conn:
                    for step in steps[done : point + 1]:
                        turn = game.turn
                        game.apply(step)
                        store.append(conn, index + 1, turn, step, "bench", game)
                    store.bump(conn, index + 1)
                done = point + 1
                target = Path(folder) / f"world{index:03d}" / f"export{number:02d}.jsonl"
                target.parent.mkdir(parents=True, exist_ok=True)
                desk.export(index + 1, target)
