"""Facilitator-made injects in a session (rule 12.5): played now, scheduled, kept in the library,
recorded whole, and never seen by a seat before they are played."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from classroom.made_events import MAX_LIBRARY
from classroom.projector import ProjectorDesk, to_json
from classroom.sessionfile import FORMAT
from classroom.store import Store
from classroom.witness import SessionWitness
from engine.errors import OrderError
from engine.inputs import MadeInject, Resolve
from engine.log import CardPlayed
from engine.record import read_record, replay
from grading.grades import verify_file
from grading.provenance import SIGNED_KIND

BLOCKADE = {
    "id": "harbour_blockade",
    "name": "SECRET harbour blockade",
    "category": "crisis",
    "text": "Patrol boats close the harbour.",
    "target": "region",
    "region": "east",
    "effects": {"stability": -1},
    "modifier": {"turns": 2, "roll": -1},
}
LEVY = {"id": "war_levy", "name": "SECRET war levy", "category": "budget_cut", "text": "A levy.", "target": "every_faction", "effects": {"budget": -1}}


def test_a_made_event_played_now_is_journaled_whole_and_every_seat_sees_it_played(table):
    _new, _store, fac, blue, _red = table
    fac.inject(1, BLOCKADE)
    assert fac.game(1).journal == [MadeInject(BLOCKADE, "")]
    seen = blue.view().game
    assert seen.journal == [MadeInject(BLOCKADE, "")]
    assert [(e.card, e.target) for e in seen.state.events][-1] == ("harbour_blockade", "east")
    assert seen.view().scenario.card("harbour_blockade").name == BLOCKADE["name"]


def test_a_bad_made_event_is_refused_at_its_key_and_nothing_is_written(table):
    _new, _store, fac, _blue, _red = table
    before = fac.journal(1)
    with pytest.raises(OrderError, match=r"^event\.effects\.budget: unknown key 'budget'"):
        fac.inject(1, {**BLOCKADE, "effects": {"budget": -1}})
    with pytest.raises(OrderError, match=r"^event\.region: "):
        fac.schedule(1, 3, {**BLOCKADE, "region": "atlantis"})
    with pytest.raises(OrderError, match=r"^event\.modifier\.turns: "):
        fac.save_event({**BLOCKADE, "modifier": {"turns": 99}})
    assert fac.journal(1) == before and fac.overview().worlds[0].scheduled == () and fac.library() == ()


def test_a_scheduled_made_event_plays_when_its_turn_begins_and_again_after_an_undo(table):
    _new, _store, fac, _blue, red = table
    ident = fac.schedule(1, 2, LEVY)
    (waiting,) = fac.overview().worlds[0].scheduled
    assert (waiting.id, waiting.turn, waiting.card, waiting.name, waiting.applied) == (ident, 2, "war_levy", "SECRET war levy", False)
    assert "war_levy" not in json.dumps([str(step) for step in red.view().game.journal])
    fac.resolve(1)
    game = fac.game(1)
    assert game.journal[-2:] == [Resolve(), MadeInject(LEVY, "")]
    assert fac.overview().worlds[0].scheduled[0].applied
    fac.undo(1, "again")
    assert not fac.overview().worlds[0].scheduled[0].applied
    fac.resolve(1)
    assert fac.game(1).inputs[2] == [MadeInject(LEVY, "")]


def test_the_library_keeps_made_events_for_every_world_and_refuses_another_with_the_same_id(make_session):
    new, store = make_session(worlds=2)
    fac = store.facilitator(new.facilitator_code)
    saved = fac.save_event(BLOCKADE)
    assert (saved.card, saved.name) == ("harbour_blockade", BLOCKADE["name"])
    assert fac.save_event(BLOCKADE) == saved  # the same event again: nothing new
    with pytest.raises(OrderError, match=r"^event\.id: the library already has an event 'harbour_blockade'"):
        fac.save_event({**BLOCKADE, "text": "Another text."})
    assert [event.table for event in fac.library()] == [BLOCKADE]
    for world in (1, 2):
        fac.inject(world, fac.library()[0].table)
        assert fac.game(world).journal == [MadeInject(BLOCKADE, "")]


def test_the_library_is_bounded(make_session):
    new, store = make_session()
    fac = store.facilitator(new.facilitator_code)
    with store.write() as conn:
        conn.executemany("INSERT INTO library (card, definition, saved_at) VALUES (?, '{}', 0)", [(f"e{n}",) for n in range(MAX_LIBRARY)])
    with pytest.raises(OrderError, match="it is full"):
        fac.save_event(BLOCKADE)


def test_no_seat_and_no_projector_reads_the_library_or_a_waiting_made_event(table, tmp_path):
    _new, store, fac, blue, red = table
    fac.save_event(BLOCKADE)
    fac.schedule(1, 3, LEVY)
    for seat in (blue, red):
        view = seat.view()
        shown = json.dumps([str(step) for step in view.game.journal]) + repr(view) + repr(view.game.view().scenario.cards)
        assert "SECRET" not in shown and "harbour_blockade" not in shown and "war_levy" not in shown
        assert not hasattr(seat, "library") and not hasattr(seat, "save_event")
    assert "SECRET" not in json.dumps(to_json(ProjectorDesk(store).read()))


def test_an_exported_record_with_made_events_replays_without_the_session_and_is_signed(table, tmp_path):
    new, _store, fac, blue, _red = table
    fac.inject(1, BLOCKADE, "north")
    fac.schedule(1, 2, LEVY)
    blue.submit([blue.game().legal_options("blue")[0].order("why not")])
    fac.resolve(1)
    fac.resolve(1)
    path = tmp_path / "world1.jsonl"
    fac.export(1, path)
    kinds = [json.loads(line).get("t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert kinds.count("made_inject") == 2
    result = replay(read_record(path))
    assert result.verified, result.mismatch
    assert result.game.digests == fac.game(1).digests
    assert any(isinstance(e, CardPlayed) and e.card == "war_levy" for e in result.game.log)
    with SessionWitness(new.path) as witness:
        assert verify_file(str(path), witness).kind == SIGNED_KIND


def test_a_session_of_format_2_reads_without_made_events_and_takes_them_after_its_first_write(make_session, tmp_path, clock):
    new, store = make_session()
    store.facilitator(new.facilitator_code).inject(1, "rumours")
    store.close()
    older = tmp_path / "older.detente"
    shutil.copyfile(new.path, older)
    raw = sqlite3.connect(older)  # the file as format 2 made it: no library, no definition, no made_inject kind
    raw.executescript(
        "DROP TABLE library; ALTER TABLE scheduled DROP COLUMN definition; DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;"
        "ALTER TABLE journal RENAME TO j; CREATE TABLE journal (world INTEGER NOT NULL REFERENCES worlds (id), seq INTEGER NOT NULL, turn INTEGER NOT NULL,"
        " kind TEXT NOT NULL CHECK (kind IN ('orders', 'inject', 'note', 'rate', 'directive', 'undo', 'resolve', 'rating')), faction TEXT NOT NULL DEFAULT '',"
        " payload TEXT NOT NULL, made_at REAL NOT NULL, made_by TEXT NOT NULL, PRIMARY KEY (world, seq)) WITHOUT ROWID;"
        "INSERT INTO journal SELECT * FROM j; DROP TABLE j;"
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
        "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
        "UPDATE meta SET value = '2' WHERE key = 'format'; PRAGMA user_version = 2;"
    )
    raw.close()
    with Store.open(older, clock=clock) as opened:
        fac = opened.facilitator(new.facilitator_code)
        assert opened.format == 2 and fac.library() == () and fac.overview().worlds[0].scheduled == ()
        fac.inject(1, BLOCKADE)
        assert opened.format == FORMAT
        fac.save_event(LEVY)
        fac.schedule(1, 2, LEVY)
        assert [e.card for e in fac.library()] == ["war_levy"] and fac.overview().worlds[0].scheduled[0].name == LEVY["name"]
        assert len(fac.game(1).journal) == 2
