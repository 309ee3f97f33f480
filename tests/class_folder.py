"""A class's folder of game records, made the way a class makes them, for the grading tests.

``make_class(folder)`` plays small games of tests/scenarios/class4.toml through
``players.table.Session`` (every input autosaved to the record, as in the
terminal UI) with scripted teams: they give random legal orders, write
justifications of team-specific lengths, add notes, and sometimes miss a turn.
It adds the broken files a teacher meets: tampered, forged, truncated, of
another scenario, of a newer format, and not a record at all. Everything is
deterministic, so reports graded from the folder can be compared with golden
files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from engine import load_scenario_file
from engine.game import Game
from engine.inputs import Order
from engine.record import write_record
from players.table import Session

TESTS = Path(__file__).parent
CLASS4 = TESTS / "scenarios" / "class4.toml"
MINI = TESTS / "scenarios" / "mini.toml"
RUBRIC = TESTS / "rubrics" / "class4.toml"
CREATED = "2026-03-02T09:15:00Z"

REASONS = {
    "north": "Keep the Port friendly: it anchors our objective and the coast.",
    "south": "Isles first.",
    "east": "Credibility matters more than quick influence, so we talk before we sell arms.",
    "west": "",
}
"""Each team's habit: North and East explain at length, South tersely, West never."""


def play_session(
    path: Path,
    seed: int,
    *,
    skip: dict[int, set[str]] | None = None,
    passes_on: tuple[int, str] | None = None,
    stop_after: int | None = None,
    bots: tuple[str, ...] = (),
) -> None:
    """Play a class4 game as a class would, autosaving the record at ``path``.

    ``skip``: turn -> factions that submit nothing that turn; ``passes_on``: a
    (turn, faction) that submits a deliberate empty order list (a parallel
    world's different choice); ``stop_after``: the last turn played (an
    unfinished game); ``bots``: factions left to the random bot.
    """
    scenario = load_scenario_file(CLASS4)
    seats = {f.id: ("random" if f.id in bots else "human") for f in scenario.factions}
    path.parent.mkdir(parents=True, exist_ok=True)
    session = Session.start(scenario, seed, seats, path, CREATED)
    game = session.game
    skip = skip or {}
    while not game.is_over:
        turn = game.turn
        for faction in game.factions:
            if faction in skip.get(turn, set()):
                continue
            if passes_on == (turn, faction):
                session.submit(faction, [])
                continue
            why = REASONS[faction] if faction in session.humans else ""
            session.submit(faction, [Order(o.move, o.target, f"{why} (turn {turn})" if why else "") for o in choose(game, faction)])
        if turn in (2, 6):
            session.note("Think about the home front before the next exercise.", "north")
        if turn == 4:
            session.note("We lost the Isles vote; aid next.", "east")
            session.note("Debrief: who answered the fake news?")
        session.resolve()
        if stop_after is not None and turn >= stop_after:
            break


def choose(game: Game, faction: str) -> list[Order]:
    """Legal orders picked at random, within the budget: what a team in a hurry might give.

    Its own seeded generator, so that the class (and the golden reports) do
    not change when the bots of players.bots do.
    """
    rng = random.Random(f"class:{game.seed}:{faction}:{game.turn}")
    options = game.legal_options(faction)
    rng.shuffle(options)
    budget = game.state.factions[faction].budget
    chosen = []
    for option in options:
        if len(chosen) < game.scenario.orders_per_turn and option.cost <= budget:
            chosen.append(option.order())
            budget -= option.cost
    return chosen


def make_class(folder: Path) -> Path:
    """Write the class folder under ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    play_session(folder / "room1" / "table_a.jsonl", 7, skip={5: {"south"}})
    play_session(folder / "room1" / "table_b.jsonl", 7, skip={5: {"south"}}, passes_on=(3, "east"))
    play_session(folder / "room2" / "table_c.jsonl", 11, bots=("north", "west"))
    play_session(folder / "room2" / "unfinished.jsonl", 12, stop_after=5)
    good = (folder / "room1" / "table_a.jsonl").read_text(encoding="utf-8")
    lines = good.splitlines()
    broken = folder / "handed_in"
    broken.mkdir()
    # An order changed by hand: the checksum on the end line no longer matches.
    (broken / "tampered.jsonl").write_text(good.replace('"move":"comms"', '"move":"aid"', 1), encoding="utf-8")
    # The same change with the checksum recomputed: only replaying finds it.
    (broken / "forged.jsonl").write_text(_resealed(_with_a_changed_die(lines[:-1])), encoding="utf-8")
    # Cut short in the middle of a line (a copy interrupted).
    (broken / "truncated.jsonl").write_bytes(good.encode("utf-8")[: len(good) // 2])
    # A game of another scenario.
    mini = load_scenario_file(MINI)
    other = Game(mini, 3)
    while not other.is_over:
        for faction in other.factions:
            other.submit(faction, choose(other, faction))
        other.resolve()
    write_record(broken / "other_scenario.jsonl", other, {}, CREATED)
    # A record from a newer Détente.
    header = json.loads(lines[0])
    header["detente_record"] = 99
    (broken / "newer.jsonl").write_text(_resealed([json.dumps(header, separators=(",", ":")), *lines[1:-1]]), encoding="utf-8")
    # Not a record at all, and a file the folder search ignores.
    (broken / "essay.jsonl").write_text("Our team's reflection on the game.\n", encoding="utf-8")
    (broken / "README.txt").write_text("not graded: not a .jsonl file\n", encoding="utf-8")
    return folder


def _with_a_changed_die(lines: list[str]) -> list[str]:
    """``lines`` with the first roll's die changed."""
    out = list(lines)
    for index, line in enumerate(out):
        if '"t":"roll"' in line:
            value = json.loads(line)
            value["die"] = 6 if value["die"] != 6 else 5
            out[index] = json.dumps(value, separators=(",", ":"))
            return out
    raise AssertionError("no roll line")


def _resealed(body: list[str]) -> str:
    """``body`` closed with a correct end line: a forgery that passes the checksum."""
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    return "\n".join([*body, json.dumps({"t": "end", "lines": len(body), "sha256": checksum}, separators=(",", ":"))]) + "\n"
