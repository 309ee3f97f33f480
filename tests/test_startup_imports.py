"""Each headless command imports only what it uses: replay, check and grade load neither SQLite,
Textual nor the bots (the classroom commands' arguments are built without them)."""

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


def test_a_classroom_command_still_loads_what_it_runs(tmp_path):
    probe = PROBE.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe, "session", "status", str(tmp_path / "none.detente")], capture_output=True, text=True, timeout=120)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED "))
    assert "sqlite3" in json.loads(line.removeprefix("LOADED "))
