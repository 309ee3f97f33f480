"""Golden digests: fixed scenarios and seeds in, per-turn state digests out.

    python tools/golden.py           # print the digests as JSON
    python tools/golden.py --check   # compare with tests/golden/digests.json; exit 1 on a difference
    python tools/golden.py --write   # rewrite the golden files (after a deliberate rule change)

Needs only the engine and its runtime dependencies (tomli),
so ``tools/test_versions.py`` can run it under every Python it finds.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Game, load_scenario_file  # noqa: E402
from engine.describe import Describer  # noqa: E402
from engine.model import Scenario  # noqa: E402
from engine.record import read_record, record_lines, replay, write_record  # noqa: E402
from players.autoplay import autoplay  # noqa: E402
from players.bots import RandomBot  # noqa: E402
from reports.faction_view import view_data  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "digests.json"
RECORDS = ROOT / "tests" / "golden" / "records"
PLAYTHROUGH = ROOT / "tests" / "golden" / "mini_seed7.log"
SESSION = ROOT / "tests" / "golden" / "session.detente"
SESSION_CODE = ROOT / "tests" / "golden" / "session.code"
SEEDS = (0, 1, 2, 7, 42, 2026, 65535, 2**62 + 17)
FOG_SEEDS = (0, 7, 2026)
INDO_FORMAT1 = ROOT / "scenarios" / "earlier" / "indo_pacific-87eeb6efcf6f.toml"
"""indo_pacific's last format 1 version, as Détente shipped it (``engine.catalog.earlier_versions``)."""


def scenarios() -> dict[str, Scenario]:
    """The scenarios the golden file covers, by name."""
    # indo_pacific as it was in format 1: the bundled file has since been retuned in format 2, and the
    # golden games and records pin the format 1 rules (the earlier version, kept byte for byte, has its id and digests).
    return {"mini": load_scenario_file(ROOT / "tests" / "scenarios" / "mini.toml"), "indo_pacific": load_scenario_file(INDO_FORMAT1)}


def compute() -> dict[str, dict[str, Any]]:
    """Per scenario and seed: every turn's digest, the record's checksum and the result."""
    result: dict[str, dict[str, Any]] = {}
    for name, scenario in scenarios().items():
        for seed in SEEDS:
            game = autoplay(Game(scenario, seed), {f.id: RandomBot() for f in scenario.factions})
            end = json.loads(record_lines(game, {}, "1970-01-01T00:00:00Z")[-1])
            result[f"{name}/{seed}"] = {
                "digests": [game.digests[t] for t in sorted(game.digests)],
                "record_sha256": end["sha256"],
                "winners": winners(game),
            }
    if SESSION.exists():
        for world, game in session_games().items():
            result[f"session/{world}"] = {"digests": [game.digests[t] for t in sorted(game.digests)], "turn": game.turn}
    for key, game in (("indo_pacific/facilitated", facilitated()), ("pacts/umpired", umpired())):
        end = json.loads(record_lines(game, {}, "1970-01-01T00:00:00Z")[-1])
        result[key] = {"digests": [game.digests[t] for t in sorted(game.digests)], "record_sha256": end["sha256"], "winners": winners(game)}
    fog = load_scenario_file(ROOT / "tests" / "scenarios" / "fog.toml")
    for seed in FOG_SEEDS:
        result[f"fog/{seed}"] = fogged(fog, seed)
    return result


def fogged(scenario: Scenario, seed: int) -> dict[str, Any]:
    """A fogged game (rule 16) of random bots: every turn's digest and, for each faction and the public,
    the SHA-256 of what it saw as every turn began (``replay --view``'s JSON), so views fold alike everywhere."""
    game = Game(scenario, seed)
    bots = {f.id: RandomBot() for f in scenario.factions}
    viewers = ["", *game.factions]
    seen: dict[str, list[str]] = {viewer or "public": [] for viewer in viewers}
    while not game.is_over:
        for viewer in viewers:
            data = json.dumps(view_data(game.seen_by(viewer), viewer), sort_keys=True, ensure_ascii=False)
            seen[viewer or "public"].append(hashlib.sha256(data.encode("utf-8")).hexdigest())
        for faction, bot in bots.items():
            game.submit(faction, bot.choose(game.believed(faction), faction))
        game.resolve()
    return {"digests": [game.digests[t] for t in sorted(game.digests)], "seen": seen, "winners": winners(game)}


def umpired(seed: int = 5) -> Game:
    """A game of the ``pacts`` fixture with agreements (rule 14: proposed, accepted, declined, broken by a
    forbidden move, renounced) and argued actions (rule 15: adjudicated with and without a roll, countered
    and adjudicated again, lapsed, fizzled) beside random bots' orders."""
    scenario = load_scenario_file(ROOT / "tests" / "scenarios" / "pacts.toml")
    game = Game(scenario, seed)
    bots = {f.id: RandomBot() for f in scenario.factions}
    while not game.is_over:
        turn = game.turn
        if turn == 1:
            game.agree("north", "propose", "joint_exercise", "south")
            game.agree("south", "accept", "joint_exercise", "north")
            game.agree("east", "propose", "non_interference", "west")
            game.agree("west", "accept", "non_interference", "east")
            game.agree("west", "propose", "aid_for_access", "north")
            game.agree("north", "decline", "aid_for_access", "west")
        if turn == 2:
            game.agree("north", "renounce", "joint_exercise", "south")
        actor = game.factions[turn % len(game.factions)]
        number = game.next_argued(actor)
        game.argue(actor, number, f"Turn {turn}: a harbour festival to win hearts.", "port" if turn % 2 else "")
        if turn % 3:
            effects = {"credibility": 1} if turn % 2 == 0 else {"influence": 2, "stability": -1}
            game.adjudicate(actor, number, turn % 5, effects)
            if turn % 3 == 1:
                game.counter(game.factions[(turn + 1) % len(game.factions)], actor, number, "It is a stunt.")
                game.adjudicate(actor, number, turn % 5 + 1, {"credibility": 1} if turn % 2 == 0 else {"influence": 1})
        for faction, bot in bots.items():
            game.submit(faction, bot.choose(game, faction))
        game.resolve()
    return game


def winners(game: Game) -> list[str]:
    """The winners of a finished game."""
    outcome = game.outcome
    assert outcome is not None, "the game is not over"
    return list(outcome.winners)


def facilitated(seed: int = 9) -> Game:
    """An indo_pacific game with every facilitator action of rule 12 on random bots' orders:
    notes, an inject, rated arguments, directives, and an undo of turn 3 replayed differently."""
    scenario = scenarios()["indo_pacific"]
    game = Game(scenario, seed)
    bots = {f.id: RandomBot() for f in scenario.factions}
    first, second = game.factions[:2]
    game.direct("timer", "", "resumed")
    undone = False
    while not game.is_over:
        for faction, bot in bots.items():
            game.submit(faction, bot.choose(game, faction))
        if game.submitted(first):
            game.rate(first, 1, game.turn % 2 == 1)
        if game.turn == 2:
            game.inject(scenario.cards[0].id)
            game.direct("sideline", second, "Sam")
        game.note(f"turn {game.turn} is in")
        game.resolve()
        if game.turn == 4 and not undone:
            undone = True
            game.undo("the class asked to argue turn 3 again")
            game.direct("seat", second, "Team Lotus")
            if game.submitted(second):
                game.rate(second, 1, False)
            game.resolve()
    return game


def write_session() -> None:
    """A classroom session file played by seats and a facilitator (rule 12 actions, an undo),
    whose worlds every interpreter must fold to the same digests."""
    from classroom.store import Store
    from classroom.values import Settings

    for leftover in (SESSION, SESSION.with_name(SESSION.name + "-wal"), SESSION.with_name(SESSION.name + "-shm")):
        leftover.unlink(missing_ok=True)
    scenario = scenarios()["indo_pacific"]
    new = Store.create(
        SESSION,
        scenario,
        created="2026-01-01T00:00:00Z",
        worlds=2,
        base_seed=11,
        players={"meridian": "greedy"},
        settings=Settings(resolve_when_all_in=False),
        clock=lambda: 0.0,
    )
    SESSION_CODE.write_text(new.facilitator_code + "\n", encoding="utf-8")
    with Store.open(SESSION, clock=lambda: 0.0) as store:
        desk = store.facilitator(new.facilitator_code)
        for turn in range(1, 4):
            for (world, faction), code in sorted(new.seat_codes.items()):
                seat = store.seat(code)
                seat.submit(RandomBot().choose(seat.game().fork(), faction)[:1])
                if turn == 1 and seat.view().orders:
                    desk.rate(world, faction, 1, world == 1)
            desk.note(1, f"turn {turn} is in")
            if turn == 2:
                desk.inject(2, scenario.cards[1].id)
                desk.sideline(1, "heartland", "Sam")
            for world in (1, 2):
                desk.resolve(world)
        desk.undo(1, "a card was played by mistake")
        desk.resolve(1)


def session_games() -> dict[str, Game]:
    """Each world of the golden session, folded from its journal (every resolution checked)."""
    from classroom.store import Store

    with Store.open(SESSION) as store:
        desk = store.facilitator(SESSION_CODE.read_text(encoding="utf-8").strip())
        return {world.name: desk.game(world.id).fork() for world in desk.worlds()}


def write_records() -> None:
    """Golden record files: games whose records every interpreter must verify (the umpired one is record format 2)."""
    RECORDS.mkdir(exist_ok=True)
    for name, seed in (("mini", 7), ("indo_pacific", 42)):
        scenario = scenarios()[name]
        game = autoplay(Game(scenario, seed), {f.id: RandomBot() for f in scenario.factions})
        seats = {f.id: "random" for f in scenario.factions}
        write_record(RECORDS / f"{name}-seed{seed}.jsonl", game, seats, "2026-01-01T00:00:00Z")
    write_record(RECORDS / "indo_pacific-facilitated.jsonl", facilitated(), {}, "2026-01-01T00:00:00Z")
    write_record(RECORDS / "pacts-umpired.jsonl", umpired(), {}, "2026-01-01T00:00:00Z")


def unverified_records() -> list[str]:
    """Names of golden record files that do not replay and verify here."""
    return sorted(path.name for path in RECORDS.glob("*.jsonl") if not replay(read_record(path)).verified)


def playthrough() -> str:
    """The rendered log of the mini scenario, seed 7, random bots: one line per entry."""
    scenario = scenarios()["mini"]
    game = autoplay(Game(scenario, 7), {f.id: RandomBot() for f in scenario.factions})
    describe = Describer(scenario)
    return "".join(f"T{entry.turn} {describe.entry(entry)}\n" for entry in game.log)


def main(argv: list[str]) -> int:
    computed = compute()
    if "--write" in argv:
        write_session()
        computed = compute()
        GOLDEN.write_text(json.dumps(computed, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        PLAYTHROUGH.write_text(playthrough(), encoding="utf-8")
        write_records()
        print(f"wrote {GOLDEN}, {PLAYTHROUGH} and {RECORDS}")
        return 0
    if "--check" in argv:
        expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
        differing = sorted(key for key in expected.keys() | computed.keys() if expected.get(key) != computed.get(key))
        version = ".".join(map(str, sys.version_info[:3]))
        records = sorted(RECORDS.glob("*.jsonl"))
        unverified = unverified_records()
        if differing or unverified:
            print(
                f"Python {version}: {len(differing)} golden games differ: {', '.join(differing) or '-'}; "
                f"{len(unverified)} golden records do not verify: {', '.join(unverified) or '-'}"
            )
            return 1
        print(f"Python {version}: all {len(expected)} golden games match and all {len(records)} golden records verify")
        return 0
    print(json.dumps(computed, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
