"""Crash safety: games killed with SIGKILL at random moments lose nothing already played.

Each test starts a real process, kills it at a random moment (the moments are
drawn from a fixed seed, so a failure can be reproduced), and then checks what
a player would: the autosave loads, every turn resolved before the kill is
there exactly as it was played, and no temporary file is left behind.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine import Game
from engine.catalog import load_bundled
from players.autoplay import autoplay
from players.bots import RandomBot
from players.table import Session

SEED = 11
SEATS = {"seaboard": "random", "heartland": "random", "meridian": "random"}

HEADLESS = """
import sys, time
from pathlib import Path
from engine.catalog import load_bundled
from players.table import Session
session = Session.start(load_bundled("indo_pacific"), {seed}, {seats!r}, Path(sys.argv[1]), "2026-01-01T00:00:00Z")
# The child paces its turns (not a test's wait): they spread over the window the kills land in.
while not session.game.is_over:
    time.sleep(0.03)
    session.resolve()
"""

UI = """
import sys
from engine.catalog import load_bundled
from tui.app import DetenteApp
app = DetenteApp(scenario=load_bundled("indo_pacific"), seed={seed}, seats={seats!r}, record=sys.argv[1],
                 clock=lambda: "2026-01-01T00:00:00Z", reveal_delay=0.004)
app.run(headless=True, size=(80, 24))
"""

WRITER = """
import sys
from pathlib import Path
from engine.record import write_atomically
path = Path(sys.argv[1])
contents = [b"A" * 300_000 + b"\\n", b"B" * 200_000 + b"\\n"]
index = 0
while True:
    write_atomically(path, contents[index % 2])
    index += 1
"""


def reference_digests() -> dict[int, str]:
    scenario = load_bundled("indo_pacific")
    return autoplay(Game(scenario, SEED), {f.id: RandomBot() for f in scenario.factions}).digests


STARTUP = 120.0
"""How long a child may take to write its file first (a bound on a broken child, not a pace)."""


def kill_at(code: str, path: Path, delay: float) -> None:
    """Run ``code`` on ``path`` in a child and SIGKILL it ``delay`` seconds after its file first appears: the
    moment is counted from the child's own first write, so a machine slow to start Python does not move
    every kill before it."""
    process = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP
    while not path.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # polling for the first write
    time.sleep(delay)  # the random moment itself, drawn from a fixed seed
    process.send_signal(signal.SIGKILL)
    process.wait()


def check_autosave(path: Path, expected: dict[int, str]) -> int:
    """The autosave resumes, holds every resolved turn exactly, and no temporary file remains."""
    if not path.exists():
        return 0  # killed before the first save
    session = Session.resume(path)
    played = session.game.digests
    assert played == {turn: expected[turn] for turn in played}
    session.save()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    return len(played)


@pytest.mark.parametrize(("code", "kills", "window"), [(HEADLESS, 20, (0.0, 0.45)), (UI, 8, (0.1, 3.0))], ids=["headless", "ui"])
def test_a_killed_game_resumes_with_every_resolved_turn(tmp_path, code, kills, window):
    expected = reference_digests()
    moments = random.Random(2026)
    turns_seen = []
    for attempt in range(kills):
        path = tmp_path / f"attempt{attempt}" / "game.jsonl"
        path.parent.mkdir()
        kill_at(code.format(seed=SEED, seats=SEATS), path, moments.uniform(*window))
        turns_seen.append(check_autosave(path, expected))
    print(f"turns resolved before each kill: {turns_seen}")
    assert any(0 < turns < len(expected) for turns in turns_seen), f"no kill landed mid-game: {turns_seen}"


def test_a_write_killed_at_any_moment_leaves_the_old_file_or_the_new_one(tmp_path):
    path = tmp_path / "record.jsonl"
    moments = random.Random(7)
    for _ in range(20):
        kill_at(WRITER, path, moments.uniform(0.0, 0.3))
        if path.exists():
            data = path.read_bytes()
            assert data in (b"A" * 300_000 + b"\n", b"B" * 200_000 + b"\n")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != path.name]
    from engine.record import remove_stale_temporaries

    remove_stale_temporaries(path)
    assert [p.name for p in tmp_path.iterdir()] == ([path.name] if path.exists() else [])
    assert all(name.endswith(".tmp") for name in leftovers)
