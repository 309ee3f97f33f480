"""Golden digests: fixed scenarios and seeds in, per-turn state digests out.

    python tools/golden.py           # print the digests as JSON
    python tools/golden.py --check   # compare with tests/golden/digests.json; exit 1 on a difference
    python tools/golden.py --write   # rewrite the golden files (after a deliberate rule change)

Needs only the engine and its runtime dependencies (attrs; tomli on 3.10),
so ``tools/test_versions.py`` can run it under every Python it finds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Game, load_scenario_file  # noqa: E402
from engine.autoplay import autoplay  # noqa: E402
from engine.bots import RandomBot  # noqa: E402
from engine.catalog import load_bundled  # noqa: E402
from engine.describe import Describer  # noqa: E402
from engine.record import record_lines  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "digests.json"
PLAYTHROUGH = ROOT / "tests" / "golden" / "mini_seed7.log"
SEEDS = (0, 1, 2, 7, 42, 2026, 65535, 2**62 + 17)


def scenarios():
    """The scenarios the golden file covers, by name."""
    return {"mini": load_scenario_file(ROOT / "tests" / "scenarios" / "mini.toml"), "indo_pacific": load_bundled("indo_pacific")}


def compute() -> dict:
    """Per scenario and seed: every turn's digest, the record's checksum and the result."""
    result = {}
    for name, scenario in scenarios().items():
        for seed in SEEDS:
            game = autoplay(Game(scenario, seed), {f.id: RandomBot() for f in scenario.factions})
            end = json.loads(record_lines(game, {}, "1970-01-01T00:00:00Z")[-1])
            result[f"{name}/{seed}"] = {
                "digests": [game.digests[t] for t in sorted(game.digests)],
                "record_sha256": end["sha256"],
                "winners": list(game.outcome.winners),
            }
    return result


def playthrough() -> str:
    """The rendered log of the mini scenario, seed 7, random bots: one line per entry."""
    scenario = scenarios()["mini"]
    game = autoplay(Game(scenario, 7), {f.id: RandomBot() for f in scenario.factions})
    describe = Describer(scenario)
    return "".join(f"T{entry.turn} {describe.entry(entry)}\n" for entry in game.log)


def main(argv: list[str]) -> int:
    computed = compute()
    if "--write" in argv:
        GOLDEN.write_text(json.dumps(computed, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        PLAYTHROUGH.write_text(playthrough(), encoding="utf-8")
        print(f"wrote {GOLDEN} and {PLAYTHROUGH}")
        return 0
    if "--check" in argv:
        expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
        differing = sorted(key for key in expected.keys() | computed.keys() if expected.get(key) != computed.get(key))
        version = ".".join(map(str, sys.version_info[:3]))
        if differing:
            print(f"Python {version}: {len(differing)} golden games differ: {', '.join(differing)}")
            return 1
        print(f"Python {version}: all {len(expected)} golden games match")
        return 0
    print(json.dumps(computed, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
