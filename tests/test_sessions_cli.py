"""The classroom commands as a teacher runs them: facilitate --no-ui, session status/tick/export, and bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

from classroom.store import Store
from engine.record import read_record, replay


def detente(*args, env=None):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, env=env)


def create(tmp_path, *extra):
    """A session made with ``facilitate --no-ui``: (path, facilitator code, {(world, faction): code})."""
    path = tmp_path / "class.detente"
    result = detente("facilitate", "indo_pacific", "--session", path, "--no-ui", *extra)
    assert result.returncode == 0, result.stderr
    facilitator = re.search(r"Facilitator code: (\S+)", result.stdout).group(1)
    seats, world = {}, None
    for line in result.stdout.splitlines():
        if re.match(r"^\S.* \(seed \d+\)$", line):
            world = line.split(" (seed")[0]
        elif found := re.match(r"^  (\S+)\s+(\S+-\S+)(?:   .+)?$", line):  # a team's name may follow the code
            seats[(world, found.group(1))] = found.group(2)
    return path, facilitator, seats, result.stdout


def test_facilitate_no_ui_prints_a_codes_sheet(tmp_path):
    path, facilitator, seats, sheet = create(tmp_path, "--world", "Table A", "--world", "Table B", "--seed", "40", "--seat", "meridian=greedy")
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert "Table A (seed 40)" in sheet and "Table B (seed 41)" in sheet
    assert re.search(r"^  meridian\s+a bot plays it$", sheet, re.M)
    assert sorted(seats) == [("Table A", "heartland"), ("Table A", "seaboard"), ("Table B", "heartland"), ("Table B", "seaboard")]
    assert len(set(seats.values()) | {facilitator}) == 5
    assert f"detente join {path}" in sheet


def test_status_tick_and_export_play_a_session_over_days(tmp_path):
    path, facilitator, seats, _ = create(tmp_path, "--seat", "meridian=greedy", "--resolve", "manual")
    with Store.open(path) as store:
        for faction in ("seaboard", "heartland"):
            desk = store.seat(seats[("World 1", faction)])
            desk.submit([desk.game().legal_options(faction)[0].order("our reason")])
    status = detente("session", "status", path, "--code", facilitator)
    assert status.returncode == 0, status.stderr
    assert "World 1: turn 1/10 · 2/2 teams in" in status.stdout
    assert re.search(r"M meridian\s+bot \(greedy\)", status.stdout)
    data = json.loads(detente("session", "status", path, "--code", facilitator, "--format", "json").stdout)
    assert data["worlds"][0]["turn"] == 1 and [s["submitted"] for s in data["worlds"][0]["seats"]] == [True, True, False]
    tick = detente("session", "tick", path, "--code", facilitator)
    assert tick.returncode == 0 and tick.stdout.startswith("Nothing is due")  # manual: nothing resolves by itself
    out = tmp_path / "records"
    export = detente("session", "export", path, "--out", out, env={"DETENTE_CODE": facilitator, "PATH": ""})
    assert export.returncode == 0, export.stderr
    (record,) = out.glob("*.jsonl")
    result = replay(read_record(record))
    assert result.verified and result.game.turn == 1 and len(result.game.inputs[1]) == 2


def test_same_seed_gives_every_world_the_same_cards_and_a_finished_world_reports_its_winner(tmp_path):
    path, facilitator, _, sheet = create(tmp_path, "--worlds", "2", "--seed", "5", "--same-seed", "--resolve", "manual")
    assert "World 1 (seed 5)" in sheet and "World 2 (seed 5)" in sheet
    with Store.open(path) as store:
        desk = store.facilitator(facilitator)
        assert desk.game(1).log == desk.game(2).log  # the same events phase
        while not desk.game(1).is_over:
            desk.resolve(1)
        names = ", ".join(store.scenario.faction(f).name for f in desk.game(1).outcome.winners)
    status = detente("session", "status", path, "--code", facilitator).stdout
    assert f"World 1: over after turn 10 · won by {names}" in status
    assert "World 2: turn 1/10" in status


def test_resume_then_tick_resolves_a_world_at_its_deadline(tmp_path):
    path, facilitator, _seats, _ = create(tmp_path, "--resolve", "deadline", "--phase", "orders=0.02")
    resumed = detente("session", "resume", path, "--code", facilitator)
    assert resumed.returncode == 0 and resumed.stdout.strip() == "Every world's timer is running."
    time.sleep(1.5)
    tick = detente("session", "tick", path, "--code", facilitator)
    assert tick.returncode == 0, tick.stderr
    assert tick.stdout.strip() == "World 1: turn 1 resolved (deadline)"


def test_bad_input_is_one_clear_line_and_a_non_zero_exit(tmp_path):
    not_a_session = tmp_path / "notes.txt"
    not_a_session.write_text("hello")
    cases = [
        (("join", tmp_path / "missing.detente"), 1, "missing.detente"),
        (("join", not_a_session), 1, "notes.txt"),
        (("facilitate",), 2, "give a SCENARIO"),
        (("facilitate", "indo_pacific", "--phase", "orders"), 2, "--phase: a phase is NAME=MINUTES"),
        (("facilitate", "indo_pacific", "--seat", "atlantis=greedy"), 2, "'atlantis' is not a faction"),
        (("facilitate", "indo_pacific", "--seat", "seaboard=greedy", "--seat", "heartland=greedy", "--seat", "meridian=random"), 2, "at least one team"),
        (("facilitate", "indo_pacific", "--resume", tmp_path / "x", "--no-ui"), 2, "--resume opens a session as it is"),
        (("facilitate", "no_such_scenario", "--no-ui"), 1, "no bundled scenario"),
        (("session", "status", not_a_session, "--code", "ABCD-EFGH"), 1, "notes.txt"),
    ]
    for args, code, message in cases:
        result = detente(*args)
        assert result.returncode == code, (args, result)
        assert "Traceback" not in result.stderr and message in result.stderr, (args, result.stderr)
    path, facilitator, seats, _ = create(tmp_path)
    wrong = detente("session", "status", path, "--code", "AAAA-BBBB")
    assert wrong.returncode == 1 and "opens" in wrong.stderr and "Traceback" not in wrong.stderr
    team = detente("session", "export", path, "--out", tmp_path / "out", "--code", seats[("World 1", "seaboard")])
    assert team.returncode == 1 and "that is a team's code" in team.stderr
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    export = detente("session", "export", path, "--out", blocked / "records", "--code", facilitator)
    assert export.returncode == 2 and "cannot make the folder" in export.stderr and "Traceback" not in export.stderr
    record = tmp_path / "game.jsonl"
    assert detente("run", "indo_pacific", "--seed", "1", "--bots", "random", "--record", record).returncode == 0
    joined = detente("join", record)
    assert joined.returncode == 1 and "is a game record, not a classroom session" in joined.stderr
    again = detente("facilitate", "indo_pacific", "--session", path, "--no-ui")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_session_commands_never_import_textual(tmp_path):
    path, facilitator, _, _ = create(tmp_path)
    code = (
        "import sys\n"
        "from detente.cli import main\n"
        f"for action in ('status', 'tick'):\n"
        f"    assert main(['session', action, {str(path)!r}, '--code', {facilitator!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
