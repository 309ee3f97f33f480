"""Real processes sharing one session file: simultaneous submissions, concurrent ticks, a killed seat, seats following a resolution."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classroom.values import Settings

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("seat_worker.py")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start(session: Path, code: str, mode: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(session), code, mode, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "locked" not in err and "busy" not in err
    return out


def test_simultaneous_submissions_are_all_kept(make_session, tmp_path):
    new, store = make_session(worlds=2, settings=Settings(resolve_when_all_in=False))
    go = tmp_path / "go"
    rounds = 40
    workers = [start(new.path, code, "hammer", str(go), str(rounds)) for code in new.seat_codes.values()]
    time.sleep(0.3)
    go.touch()
    results = [json.loads(finish(w)) for w in workers]
    assert sorted((r["world"], r["faction"]) for r in results) == sorted(new.seat_codes)
    fac = store.facilitator(new.facilitator_code)
    for world in (1, 2):
        rows = fac.journal(world)
        for faction in ("blue", "red", "green"):
            mine = [json.loads(r.payload) for r in rows if r.kind == "orders" and r.faction == faction]
            assert [o["orders"][0]["why"] if o["orders"] else "" for o in mine][-1] == f"{faction} {rounds - 1}"
            assert len(mine) == rounds
        assert [r.seq for r in rows] == list(range(1, 3 * rounds + 1))
        game = fac.game(world)
        assert game.waiting_for() == ()
        assert all(game.submitted(f)[0].why.endswith(str(rounds - 1)) for f in ("blue", "red", "green") if game.submitted(f))
    overview = fac.overview()
    assert [w.revision for w in overview.worlds] == [3 * rounds, 3 * rounds]
    assert all(s.last_seen is not None for w in overview.worlds for s in w.seats)
    assert store._conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_concurrent_ticks_resolve_each_world_once(make_session, tmp_path):
    new, store = make_session(worlds=2, players={"green": "random"}, settings=Settings(resolve_when_all_in=False))
    fac = store.facilitator(new.facilitator_code)
    for code in new.seat_codes.values():
        store.seat(code).submit([])
    fac.resume()
    fac.configure(Settings(resolve_when_all_in=True))
    go = tmp_path / "go"
    tickers = [start(new.path, new.facilitator_code, "tick", str(go)) for _ in range(4)]
    time.sleep(0.3)
    go.touch()
    resolved = [tuple(item) for t in tickers for item in json.loads(finish(t))]
    assert sorted(resolved) == [(1, 1), (2, 1)]
    assert [w.turn for w in fac.overview().worlds] == [2, 2]
    assert [r.kind for r in fac.journal(1)].count("resolve") == 1


def test_a_killed_seat_gets_its_orders_and_draft_back(make_session):
    new, store = make_session()
    code = new.seat_codes[(1, "red")]
    seat = start(new.path, code, "linger")
    assert seat.stdout.readline().strip() == "ready"
    time.sleep(0.2)  # it is saving drafts as fast as it can
    seat.send_signal(signal.SIGKILL)
    seat.wait(timeout=10)
    assert seat.returncode == -signal.SIGKILL
    shown = json.loads(finish(start(new.path, code, "show")))
    assert shown["orders"] == ["kept after the crash"]
    assert len(shown["draft"]) == 1 and shown["draft"][0].startswith("draft ")
    assert shown["turn"] == 1
    raw = sqlite3.connect(new.path)
    try:
        assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        raw.close()
    assert store.seat(code).submit([]).turn == 1  # and the seat plays on


def test_every_seat_sees_the_facilitator_resolve(make_session):
    new, store = make_session(settings=Settings(resolve_when_all_in=False))
    fac = store.facilitator(new.facilitator_code)
    seats = [start(new.path, code, "wait-turn", "2") for code in new.seat_codes.values()]
    for seat in seats:
        assert seat.stdout.readline().strip() == "submitted"
    assert all(s.submitted for s in fac.overview().worlds[0].seats)
    fac.resolve(1)
    for seat in seats:
        result = json.loads(finish(seat))
        assert result["turn"] == 2 and result["after"] > result["before"]
