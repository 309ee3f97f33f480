"""Agreements in a session (rule 14): teams propose and answer through their desks, a bot's seat answers when
the turn resolves, refusals write nothing, the export replays exactly, and a file of session format 3 takes
its first agreement row after upgrading."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from classroom.sessionfile import FORMAT
from classroom.store import Store
from classroom.values import Settings
from engine import load_scenario_file
from engine.errors import OrderError
from engine.log import Agreed
from engine.record import read_record, replay

PACTS = Path(__file__).resolve().parents[1] / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"


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
