"""Agreements (rule 14) and argued actions (rule 15) in a session: teams propose and answer through their desks, a
bot's seat answers when the turn resolves, refusals write nothing, the export replays exactly, a file of session
format 3 takes its first agreement row after upgrading; another team's argued action reaches no other seat, its
command-line view or the projector until the facilitator adjudicates it (and never, if nobody does)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from classroom.sessionfile import FORMAT
from classroom.store import Store
from classroom.values import Settings
from classroom.witness import SessionWitness
from engine import load_scenario_file
from engine.errors import OrderError
from engine.log import Agreed, Argued
from engine.record import read_record, replay
from grading.grades import verify_file
from grading.provenance import SIGNED, SIGNED_KIND

PACTS = Path(__file__).resolve().parents[1] / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"


def _without_signature(path: Path) -> Path:
    """A copy of the record at ``path`` without its signature (its end line recomputed): a self-attested record."""
    import hashlib

    lines = path.read_text(encoding="utf-8").splitlines()[:-1]
    header = json.loads(lines[0])
    del header[SIGNED]
    lines[0] = json.dumps(header, ensure_ascii=False, separators=(",", ":"))
    lines.append(json.dumps({"t": "end", "lines": len(lines), "sha256": hashlib.sha256("\n".join(lines).encode()).hexdigest()}, separators=(",", ":")))
    out = path.with_name("unsigned.jsonl")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.fixture
def pacts_session(tmp_path, clock):
    """One world of the pacts scenario: north and south are teams, east a greedy bot, west a random bot."""
    new = Store.create(
        tmp_path / "pacts.detente",
        load_scenario_file(PACTS),
        created=CREATED,
        players={"east": "greedy", "west": "random"},
        settings=Settings(resolve_when_all_in=False),
        clock=clock,
    )
    store = Store.open(new.path, clock=clock)
    yield new, store
    store.close()


def test_teams_propose_and_answer_bots_answer_at_resolution_and_the_export_replays(pacts_session, tmp_path):
    new, store = pacts_session
    fac = store.facilitator(new.facilitator_code)
    north = store.seat(new.seat_codes[(1, "north")])
    south = store.seat(new.seat_codes[(1, "south")])
    north.agree("propose", "joint_exercise", "south")
    south.agree("accept", "joint_exercise", "north")
    south.agree("propose", "aid_for_access", "east")  # a bot: it answers when the turn resolves
    south.agree("propose", "non_interference", "west")
    journal = len(fac.game(1).journal)
    for bad, refusal in (
        (("propose", "joint_exercise", "south"), "in force already|proposed this turn already"),
        (("propose", "alliance", "south"), "no agreement 'alliance'"),
        (("propose", "joint_exercise", "atlantis"), "'atlantis' is not one"),
        (("accept", "aid_for_access", "east"), "east has not proposed"),
    ):
        with pytest.raises(OrderError, match=refusal):
            north.agree(*bad)
    assert len(fac.game(1).journal) == journal  # nothing was written
    seen = [(e.what, e.by) for e in south.view().game.log if isinstance(e, Agreed)]
    assert seen == [("proposed", "north"), ("accepted", "south"), ("proposed", "south"), ("proposed", "south")]
    fac.resolve(1)
    game = fac.game(1)
    assert [(a.agreement, a.proposer, a.partner) for a in game.view().agreements] == [
        ("joint_exercise", "north", "south"),
        ("aid_for_access", "south", "east"),
    ]
    assert Agreed(1, "non_interference", ("south", "west"), "declined", "west") in game.log
    out = tmp_path / "world.jsonl"
    fac.export(1, out)
    replayed = replay(read_record(out))
    assert replayed.verified and replayed.game.view().agreements == game.view().agreements
    with SessionWitness(new.path) as witness:
        assert verify_file(str(out), witness).kind == SIGNED_KIND  # the record is the session's, agreement lines and all
        unsigned = verify_file(str(_without_signature(out)), witness)  # compared line by line with the journal
        assert unsigned.kind == SIGNED_KIND and "every input agrees with the session" in unsigned.detail, unsigned


def test_a_session_of_format_3_opens_and_takes_an_agreement_after_its_upgrade(pacts_session):
    new, store = pacts_session
    store.close()
    raw = sqlite3.connect(new.path)  # the file as format 3 made it: its journal's CHECK has no agreement kind
    schema = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'journal'").fetchone()[0]
    raw.executescript(
        "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; ALTER TABLE journal RENAME TO j;"
        + schema.replace("'agreement', ", "")
        + "; INSERT INTO journal SELECT * FROM j; DROP TABLE j;"
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
        "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
        "UPDATE meta SET value = '3' WHERE key = 'format'; PRAGMA user_version = 3;"
    )
    raw.close()
    with Store.open(new.path) as opened:
        assert opened.format == 3
        north = opened.seat(new.seat_codes[(1, "north")])
        north.agree("propose", "joint_exercise", "south")
        assert opened.format == FORMAT == 4
        assert [e.what for e in north.view().game.log if isinstance(e, Agreed)] == ["proposed"]


# -- argued actions (rule 15) --------------------------------------------------------------------


def test_a_pending_argued_action_reaches_no_other_seat_until_it_is_adjudicated(pacts_session, opened):
    from classroom.projector import ProjectorDesk, to_json
    from tests.classroom.test_classroom_channels import everything_a_seat_reads

    new, store = pacts_session
    fac = store.facilitator(new.facilitator_code)
    north = store.seat(new.seat_codes[(1, "north")])
    region = store.scenario.regions[0].id
    assert north.argue("SECRET-ARG a port visit", region) == 1
    other = opened(new.path)
    south_elsewhere = other.seat(new.seat_codes[(1, "south")])
    north_elsewhere = other.seat(new.seat_codes[(1, "north")])
    assert "SECRET-ARG" not in everything_a_seat_reads(south_elsewhere)
    assert "SECRET-ARG" in everything_a_seat_reads(north_elsewhere)
    assert "SECRET-ARG" not in json.dumps(to_json(ProjectorDesk(other).read()))
    assert [(e.faction, e.what) for e in fac.argued(1)] == [("north", "proposed")]
    with pytest.raises(OrderError, match="north has no argued action 1 this turn"):  # south does not know of it
        south_elsewhere.counter("north", 1, "No!")
    fac.adjudicate(1, "north", 1, 4, {"influence": 2})
    south_reads = everything_a_seat_reads(south_elsewhere)
    assert "SECRET-ARG" in south_reads and "adjudicated: difficulty 4" in south_reads
    south_elsewhere.counter("north", 1, "COUNTER the harbour is closed")
    assert "COUNTER the harbour is closed" in everything_a_seat_reads(north_elsewhere)
    fac.adjudicate(1, "north", 1, 5, {"influence": 2})
    with pytest.raises(OrderError, match="an amount from -2 to 2"):
        fac.adjudicate(1, "north", 1, 5, {"influence": 3})
    fac.resolve(1)
    assert fac.game(1).view().turn == 2


def test_an_unadjudicated_argued_action_stays_hidden_from_other_seats_after_the_turn_resolves(pacts_session, opened):
    from tests.classroom.test_classroom_channels import everything_a_seat_reads

    new, store = pacts_session
    fac = store.facilitator(new.facilitator_code)
    store.seat(new.seat_codes[(1, "north")]).argue("SECRET-LAPSED a quiet word")
    fac.resolve(1)
    assert any(e.what == "lapsed" for e in fac.game(1).log if isinstance(e, Argued))
    other = opened(new.path)
    assert "SECRET-LAPSED" not in everything_a_seat_reads(other.seat(new.seat_codes[(1, "south")]))
    out = new.path.parent / "world.jsonl"
    fac.export(1, out)
    assert replay(read_record(out)).verified and "SECRET-LAPSED" in out.read_text(encoding="utf-8")
    with SessionWitness(new.path) as witness:
        assert verify_file(str(out), witness).kind == SIGNED_KIND


def test_argued_actions_from_the_command_line(pacts_session):
    import os
    import subprocess
    import sys

    new, store = pacts_session
    store.close()

    def detente(*args, code):
        env = {**os.environ, "DETENTE_CODE": code}
        return subprocess.run(
            [sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120
        )

    north, south = new.seat_codes[(1, "north")], new.seat_codes[(1, "south")]
    region = load_scenario_file(PACTS).regions[0].id
    done = detente("session", "submit", new.path, "--argue", "SECRET-CLI a port visit", "--target", region, code=north)
    assert done.returncode == 0 and "argued action 1 proposed" in done.stdout, done.stderr
    assert "SECRET-CLI" not in detente("session", "view", new.path, "--format", "json", code=south).stdout
    refused = detente("session", "submit", new.path, "--counter", "north:1:No", code=south)
    assert refused.returncode == 1 and refused.stderr.strip().endswith("north has no argued action 1 this turn"), refused.stderr
    with Store.open(new.path) as again:
        again.facilitator(new.facilitator_code).adjudicate(1, "north", 1, 3, {"influence": 1})
    assert "SECRET-CLI" in detente("session", "view", new.path, code=south).stdout
    assert detente("session", "submit", new.path, "--counter", "north:1:The port is closed", code=south).returncode == 0
    bad = detente("session", "submit", new.path, "--counter", "north:one:x", code=south)
    assert bad.returncode == 1 and "write FACTION:NUMBER:TEXT" in bad.stderr
