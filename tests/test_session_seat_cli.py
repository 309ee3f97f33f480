"""The headless classroom commands added for real classes: a seat's view and submit, backup, new-code,
codes kept out of argv, one damaged world among others."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest

from classroom.store import Store
from players.bots import make_strategy
from tests.test_sessions_cli import create


def detente(*args, code=None):
    env = dict(os.environ)
    env.pop("DETENTE_CODE", None)
    if code is not None:
        env["DETENTE_CODE"] = code
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)


def one_line(result, code=1):
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and len(lines) == (2 if code == 2 else 1), result.stderr  # a wrong command line adds "(see --help)"
    return lines[0]


def orders_file(path, faction, turn, orders):
    lines = []
    for order in orders:
        lines += [
            "[[orders]]",
            f"turn = {turn}",
            f'faction = "{faction}"',
            f'move = "{order.move}"',
            f'target = "{order.target}"',
            f"why = {json.dumps(order.why or 'because')}",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def choose(session, code, faction):
    with Store.open(session) as store:
        return make_strategy("greedy").choose(store.seat(code).game(), faction)


@pytest.fixture
def table(tmp_path):
    path, facilitator, seats, _ = create(tmp_path, "--seat", "meridian=greedy")
    return path, facilitator, seats


def test_a_seat_views_and_submits_without_the_ui_and_the_last_one_in_resolves(table, tmp_path):
    path, facilitator, seats = table
    sea, heart = seats[("World 1", "seaboard")], seats[("World 1", "heartland")]
    assert detente("session", "resume", path, code=facilitator).returncode == 0  # a paused world never resolves by itself
    text = detente("session", "view", path, code=sea)
    assert text.returncode == 0, text.stderr
    assert "Turn 1 of 10" in text.stdout and "(seaboard)" not in text.stdout and "Teams in: 0/2" in text.stdout
    mine = choose(path, sea, "seaboard")
    submitted = detente("session", "submit", path, "--orders", orders_file(tmp_path / "sea.toml", "seaboard", 1, mine), code=sea)
    assert submitted.returncode == 0, submitted.stderr
    assert submitted.stdout.startswith(f"Submitted {len(mine)} order") and "resolved" not in submitted.stdout
    data = json.loads(detente("session", "view", path, "--format", "json", code=heart).stdout)
    assert data["faction"] == "heartland" and data["submitted_by"] == ["seaboard"] and data["orders"] is None
    own = json.loads(detente("session", "view", path, "--format", "json", code=sea).stdout)
    assert [o["move"] for o in own["orders"]] == [o.move for o in mine]
    theirs = choose(path, heart, "heartland")
    last = detente("session", "submit", path, "--orders", orders_file(tmp_path / "heart.toml", "heartland", 1, theirs), code=heart)
    assert last.returncode == 0 and "the turn resolved" in last.stdout
    after = json.loads(detente("session", "view", path, "--format", "json", code=heart).stdout)
    assert after["turn"] == 2 and any(entry["turn"] == 1 for entry in after["log"])
    stale = one_line(detente("session", "submit", path, "--orders", tmp_path / "heart.toml", code=heart))
    assert "has no orders for heartland on turn 2" in stale
    passed = detente("session", "submit", path, "--orders", tmp_path / "heart.toml", "--pass", code=heart)
    assert passed.returncode == 0 and "a pass" in passed.stdout


def test_a_seat_meets_the_uis_refusals(table, tmp_path):
    path, facilitator, seats = table
    sea = seats[("World 1", "seaboard")]
    assert "facilitator's code" in one_line(detente("session", "view", path, code=facilitator))
    assert "opens no seat" in one_line(detente("session", "view", path, code="AAAA-BBBB"))
    heart_orders = orders_file(tmp_path / "h.toml", "heartland", 1, choose(path, seats[("World 1", "heartland")], "heartland"))
    assert "this code is seaboard's seat" in one_line(detente("session", "submit", path, "--orders", heart_orders, code=sea))
    illegal = tmp_path / "bad.toml"
    illegal.write_text('[[orders]]\nturn = 1\nfaction = "seaboard"\nmove = "no_such_move"\n', encoding="utf-8")
    assert "no_such_move" in detente("session", "submit", path, "--orders", illegal, code=sea).stderr
    with Store.open(path) as store:
        new = store.facilitator(facilitator).new_code(1, "seaboard")
    assert "opens no seat" in one_line(detente("session", "view", path, code=sea))  # the old code, once replaced
    assert detente("session", "view", path, code=new).returncode == 0
    assert "give the seat's code in DETENTE_CODE" in one_line(detente("session", "view", path), 2)  # no terminal to ask on


def test_a_code_in_argv_works_with_a_warning(table):
    path, facilitator, _ = table
    result = detente("session", "status", path, "--code", facilitator)
    assert result.returncode == 0
    assert result.stderr.startswith("warning: a code given with --code shows in 'ps'")
    assert detente("session", "status", path, code=facilitator).stderr == ""


def test_backup_and_a_plain_copys_warning_from_the_command_line(table, tmp_path):
    path, facilitator, seats = table
    with Store.open(path) as store:
        seat = store.seat(seats[("World 1", "seaboard")])
        copy = tmp_path / "copy.detente"
        backup = tmp_path / "backup.detente"
        seat.note("only in the -wal so far")
        shutil.copyfile(path, copy)
        made = detente("session", "backup", path, backup)
        assert made.returncode == 0, made.stderr
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        status = detente("session", "status", copy, code=facilitator)
        assert status.returncode == 0 and "warning: this file was in use" in status.stderr
        assert detente("session", "status", backup, code=facilitator).stderr == ""
    raw = sqlite3.connect(backup)
    assert raw.execute("SELECT count(*) FROM journal WHERE kind = 'note'").fetchone()[0] == 1
    raw.close()


def test_the_owner_issues_a_new_facilitator_code(table):
    path, facilitator, _ = table
    made = detente("session", "new-code", path)
    assert made.returncode == 0, made.stderr
    code = made.stdout.split("new code is ")[1].split(":")[0]
    assert "opens no seat" in one_line(detente("session", "status", path, code=facilitator))
    assert detente("session", "status", path, code=code).returncode == 0


def test_one_damaged_world_is_reported_and_the_others_are_served(tmp_path):
    path, facilitator, _seats, _ = create(tmp_path, "--worlds", "3", "--resolve", "manual")
    with Store.open(path) as store:
        desk = store.facilitator(facilitator)
        for world in (1, 2, 3):
            desk.resolve(world)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("DROP TRIGGER journal_no_update")
    raw.execute("UPDATE journal SET payload = 'not json' WHERE world = 2 AND kind = 'resolve'")
    raw.close()
    status = detente("session", "status", path, code=facilitator)
    assert status.returncode == 1
    assert "World 1: turn 2/10" in status.stdout and "World 3: turn 2/10" in status.stdout and "World 2: cannot be played" in status.stdout
    assert "world World 2:" in one_line(status)
    export = detente("session", "export", path, "--out", tmp_path / "out", code=facilitator)
    assert export.returncode == 1 and len(export.stdout.splitlines()) == 2
    assert "World 2" in one_line(export) and "Traceback" not in export.stderr


def test_facilitate_names_teams_and_writes_a_join_sheet(tmp_path):
    teams = tmp_path / "teams.txt"
    teams.write_text("# our class\n2:heartland = Red Foxes\n", encoding="utf-8")
    sheet = tmp_path / "sheet.html"
    path, _, seats, out = create(
        tmp_path, "--worlds", "2", "--team", "seaboard=Blue team", "--teams", teams, "--sheet", sheet, "--url", "http://192.168.1.23:8000/"
    )
    assert "Blue team" in out and "Red Foxes" in out
    html = sheet.read_text(encoding="utf-8")
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert html.count('class="slip"') == 6 and html.count("Blue team") == 2 and html.count("Red Foxes") == 1
    assert all(code in html for code in seats.values())
    with Store.open(path) as store:
        desk = store.seat(seats[("World 2", "heartland")])
        assert desk.view().team == "Red Foxes"
    bad = detente("facilitate", "indo_pacific", "--session", tmp_path / "x.detente", "--no-ui", "--team", "3:seaboard=X")
    assert bad.returncode == 2 and "there is no world '3'" in bad.stderr
    bad = detente("facilitate", "indo_pacific", "--session", tmp_path / "y.detente", "--no-ui", "--team", "atlantis=X")
    assert bad.returncode == 2 and "--team takes [WORLD:]FACTION=NAME" in bad.stderr


def test_a_seat_hands_in_its_plan_and_later_its_reflection_from_text_files(table, tmp_path):
    path, facilitator, seats = table
    sea, heart = seats[("World 1", "seaboard")], seats[("World 1", "heartland")]
    plan = tmp_path / "plan.txt"
    plan.write_text("Aim: hold Tenrai.\r\nInstruments: dialogue, then aid.\r\n", encoding="utf-8")
    assert "Hand in your plan before turn 1 resolves" in detente("session", "view", path, code=sea).stdout
    done = detente("session", "submit", path, "--plan", plan, code=sea)
    assert done.returncode == 0 and done.stdout.startswith("Handed in the plan of seaboard"), done.stderr
    text = detente("session", "view", path, code=sea).stdout
    assert "Your plan:\n  Aim: hold Tenrai.\n  Instruments: dialogue, then aid." in text and "Replace your plan" in text
    assert json.loads(detente("session", "view", path, "--format", "json", code=sea).stdout)["plan"] == "Aim: hold Tenrai.\nInstruments: dialogue, then aid."
    assert json.loads(detente("session", "view", path, "--format", "json", code=heart).stdout)["plan"] == ""
    assert "once the game is over" in one_line(detente("session", "submit", path, "--reflection", plan, code=sea))
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n", encoding="utf-8")
    assert "a plan is empty" in one_line(detente("session", "submit", path, "--plan", empty, code=sea))
    huge = tmp_path / "huge.txt"
    huge.write_text("x" * 20_000, encoding="utf-8")
    assert "the file is 20000 bytes; a plan is at most 4000 characters" in one_line(detente("session", "submit", path, "--plan", huge, code=sea))
    assert one_line(detente("session", "submit", path, "--plan", tmp_path / "missing.txt", code=sea)).startswith("detente session: --plan ")
    long = tmp_path / "long.txt"
    long.write_text("y" * 5000, encoding="utf-8")
    assert "a plan is 5000 characters; at most 4000 are kept" in one_line(detente("session", "submit", path, "--plan", long, code=sea))
    both = detente("session", "submit", path, "--plan", plan, "--orders", plan, code=sea)
    assert both.returncode == 2 and "argument --orders: not allowed with argument --plan" in both.stderr
    with Store.open(path) as store:
        desk = store.facilitator(facilitator)
        while not desk.game(1).is_over:
            desk.resolve(1)
    reflection = tmp_path / "reflection.txt"
    reflection.write_text("We should have answered the rumours.", encoding="utf-8")
    assert "before turn 1" in one_line(detente("session", "submit", path, "--plan", plan, code=sea))
    assert "Hand in your reflection" in detente("session", "view", path, code=sea).stdout
    assert detente("session", "submit", path, "--reflection", reflection, code=sea).returncode == 0
    over = json.loads(detente("session", "view", path, "--format", "json", code=heart).stdout)
    assert (over["plan"], over["reflection"]) == ("", "")
    mine = json.loads(detente("session", "view", path, "--format", "json", code=sea).stdout)
    assert mine["reflection"] == "We should have answered the rumours." and mine["plan"].startswith("Aim: hold Tenrai.")
