"""Each headless command imports only what it uses: replay, check and grade load neither SQLite,
Textual nor the bots (the classroom commands' arguments are built without them), replay and help
not even ``shutil`` (which argparse imports to size its help), and a team's submit neither the
facilitator's desk, the bots, the scenario catalogue, the terminal prompt nor a random generator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RECORD = Path(__file__).parent / "golden" / "records" / "indo_pacific-seed42.jsonl"
HEAVY = ("sqlite3", "textual", "players.bots", "classroom.store")
PROBE = """
import json, sys
from detente.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED " + json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv",
    [["replay", str(RECORD)], ["check", "indo_pacific"], ["grade", str(RECORD), "--rubric", "indo_pacific"], ["--help"]],
    ids=["replay", "check", "grade", "help"],
)
def test_a_headless_command_loads_no_sqlite_textual_or_bots(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv], capture_output=True, text=True, timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    assert json.loads(line.removeprefix("LOADED ")) == []


@pytest.mark.parametrize("argv", [["replay", str(RECORD)], ["--help"]], ids=["replay", "help"])
def test_replay_and_help_size_their_help_without_shutil(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=("shutil",)), *argv], capture_output=True, text=True, timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    assert json.loads(line.removeprefix("LOADED ")) == []


def test_a_classroom_command_still_loads_what_it_runs(tmp_path):
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe, "session", "status", str(tmp_path / "none.detente")], capture_output=True, text=True, timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    assert "sqlite3" in json.loads(line.removeprefix("LOADED "))


def test_a_teams_submit_loads_neither_the_facilitators_desk_nor_the_bots(tmp_path, monkeypatch):
    from classroom.store import Settings, Store
    from engine.catalog import load_bundled

    new = Store.create(tmp_path / "class.detente", load_bundled("indo_pacific"), created="2026-11-25T09:00:00Z", settings=Settings(phases=()))
    with Store.open(new.path) as store:
        option = store.seat(new.seat_codes[(1, "seaboard")]).game().legal_options("seaboard")[0]
    orders = tmp_path / "orders.toml"
    orders.write_text(f'[[orders]]\nturn = 1\nfaction = "seaboard"\nmove = "{option.move.id}"\ntarget = "{option.target}"\nwhy = "test"\n', encoding="utf-8")
    monkeypatch.setenv("DETENTE_CODE", new.seat_codes[(1, "seaboard")])
    probe = PROBE.format(
        heavy=(
            "classroom.facilitator_desk",
            "players.bots",
            "players.doctrine",
            "engine.record",
            "engine.catalog",
            "getpass",
            "random",
            "textual",
            "classroom.store",
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "session", "submit", str(new.path), "--orders", str(orders)], capture_output=True, text=True, timeout=120
    )
    assert "Submitted 1 order for seaboard on turn 1." in done.stdout, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    assert json.loads(line.removeprefix("LOADED ")) == ["classroom.store"]  # the store, and nothing of the facilitator's or the bots'
