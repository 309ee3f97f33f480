"""The session file: create and open, the files that are not sessions, and the access codes."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from classroom import codes
from classroom.errors import AccessDenied, ClassroomError
from classroom.facilitator_desk import FacilitatorDesk
from classroom.seat_desk import SeatDesk
from classroom.sessionfile import FORMAT
from classroom.store import Store
from classroom.values import Settings, WorldSpec
from engine.errors import DetenteError
from engine.inputs import Directive, Order

CREATED = "2026-03-02T09:15:00Z"  # what the make_session fixture records


def test_create_then_open_round_trip(make_session, mini, clock):
    new, store = make_session(
        worlds=[WorldSpec("Room A", teams={"blue": "The Owls"}), WorldSpec("Room B", seed=99, players={"red": "greedy"})],
        base_seed=7,
        players={"green": "random"},
        settings=Settings((("discuss", 300), ("orders", 600)), resolve_when_all_in=False, resolve_at_deadline=True),
    )
    assert [(w.id, w.name, w.seed) for w in new.worlds] == [(1, "Room A", 7), (2, "Room B", 99)]
    # team seats get codes, bots none
    assert set(new.seat_codes) == {(1, "blue"), (1, "red"), (2, "blue")}
    assert store.scenario.id == "mini" and store.scenario.sha256 == mini.sha256
    assert store.created == CREATED and store.format == FORMAT
    assert store.settings() == Settings((("discuss", 300), ("orders", 600)), False, True)
    overview = store.facilitator(new.facilitator_code).overview()
    room_a, room_b = overview.worlds
    assert [(s.faction, s.team, s.player) for s in room_a.seats] == [("blue", "The Owls", "team"), ("red", "Red", "team"), ("green", "Green", "random")]
    assert [s.player for s in room_b.seats] == ["team", "greedy", "random"]
    assert room_a.turn == room_b.turn == 1 and not room_a.over
    assert room_a.timer.paused and room_a.timer.phase == "discuss" and room_a.timer.seconds_left == 300


def test_the_file_is_a_wal_database_for_its_owner_only(make_session):
    new, _store = make_session()
    assert stat.S_IMODE(os.stat(new.path).st_mode) == 0o600
    raw = sqlite3.connect(new.path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == FORMAT
    finally:
        raw.close()
    assert [p.name for p in new.path.parent.iterdir() if ".creating" in p.name] == []


def test_codes_are_stored_only_as_hashes(make_session):
    new, _store = make_session()
    data = new.path.read_bytes()
    for code in [new.facilitator_code, *new.seat_codes.values()]:
        assert codes.normalise(code).encode() not in data and code.encode() not in data


def test_create_refuses_to_overwrite(make_session, tmp_path, mini):
    existing = tmp_path / "taken.detente"
    existing.write_text("my notes")
    with pytest.raises(ClassroomError, match="already exists") as caught:
        Store.create(existing, mini, created=CREATED)
    assert caught.value.file == str(existing)
    assert existing.read_text() == "my notes"
    new, _ = make_session("one.detente")
    with pytest.raises(ClassroomError, match="already exists"):
        Store.create(new.path, mini, created=CREATED)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"worlds": 0}, "1 to 64 worlds"),
        ({"worlds": [WorldSpec("A"), WorldSpec("A")]}, "same name"),
        ({"players": {"purple": "team"}}, "no faction 'purple'"),
        ({"players": {"red": "genius"}}, "not 'genius'"),
        ({"worlds": [WorldSpec("A", seed=-1)]}, "seed"),
        ({"settings": Settings((("orders", 0),))}, "1 to 86400"),
    ],
)
def test_create_checks_its_arguments(tmp_path, mini, bad, message):
    with pytest.raises(ClassroomError, match=message):
        Store.create(tmp_path / "s.detente", mini, created=CREATED, **bad)
    assert not (tmp_path / "s.detente").exists()


def _sqlite_file(path, application_id=0, user_version=0):
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.execute(f"PRAGMA application_id = {application_id}")
    raw.execute(f"PRAGMA user_version = {user_version}")
    raw.commit()
    raw.close()


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "no such file"),
        ("folder", "is a folder"),
        ("empty", "is empty"),
        ("text", "not an SQLite database"),
        ("random", "not an SQLite database"),
        ("other sqlite", "not a Détente classroom session"),
        ("newer", "newer than this program opens"),
        ("damaged", "damaged"),
    ],
)
def test_files_that_are_not_sessions_are_refused_with_their_name(tmp_path, make_session, kind, message):
    path = tmp_path / "bad.detente"
    if kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("[[orders]]\nturn = 1\n")
    elif kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "other sqlite":
        _sqlite_file(path)
    elif kind == "newer":
        new, store = make_session("newer.detente")
        store.close()
        raw = sqlite3.connect(new.path)
        raw.execute(f"PRAGMA user_version = {FORMAT + 1}")
        raw.close()
        path = new.path
    elif kind == "damaged":
        new, store = make_session("damaged.detente")
        store.close()
        data = bytearray(new.path.read_bytes())
        page = 4096
        data[page:] = os.urandom(len(data) - page)  # every page but the first (the header stays valid)
        new.path.write_bytes(bytes(data))
        path = new.path
    with pytest.raises(ClassroomError) as caught:
        Store.open(path)
    assert isinstance(caught.value, DetenteError)
    assert caught.value.file == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_seat_code_opens_that_seat_only(make_session):
    new, store = make_session(worlds=2)
    seen = set()
    for (world, faction), code in new.seat_codes.items():
        desk = store.access(code)
        assert isinstance(desk, SeatDesk)
        assert (desk.world, desk.faction) == (world, faction)
        assert desk.view().faction == faction and desk.view().world == world
        seen.add((desk.world, desk.faction))
    assert len(seen) == 6
    assert len(set(new.seat_codes.values())) == 6


def test_codes_are_typed_loosely_but_must_be_right(make_session):
    new, store = make_session()
    code = new.seat_codes[(1, "red")]
    assert codes.plausible(code, codes.SEAT_GROUPS)
    for typed in (code.lower(), code.replace("-", " "), f"  {code.replace('-', '')}  "):
        assert store.seat(typed).faction == "red"
    wrong = "".join("2" if c != "2" else "3" for c in code)
    for bad in (wrong, "", "   ", new.seat_codes[(1, "red")][:-1]):
        with pytest.raises(AccessDenied):
            store.access(bad)


def test_the_facilitator_code_is_separate(make_session):
    new, store = make_session()
    assert codes.plausible(new.facilitator_code, codes.FACILITATOR_GROUPS)
    assert isinstance(store.access(new.facilitator_code), FacilitatorDesk)
    assert isinstance(store.facilitator(new.facilitator_code.lower()), FacilitatorDesk)
    with pytest.raises(AccessDenied, match="seat's code"):
        store.facilitator(new.seat_codes[(1, "blue")])
    with pytest.raises(AccessDenied, match="facilitator's code"):
        store.seat(new.facilitator_code)


def test_a_reissued_code_closes_the_old_one_even_on_an_open_desk(make_session, opened):
    new, store = make_session()
    old = new.seat_codes[(1, "blue")]
    seat = opened(new.path).seat(old)
    assert seat.revision() == 0
    fac = store.facilitator(new.facilitator_code)
    fresh = fac.new_code(1, "blue")
    assert codes.normalise(fresh) != codes.normalise(old)
    with pytest.raises(AccessDenied):
        store.access(old)
    for call in (seat.revision, seat.view, seat.heartbeat, lambda: seat.submit([])):
        with pytest.raises(AccessDenied, match="replaced"):
            call()
    assert store.seat(fresh).faction == "blue"
    assert store.seat(new.seat_codes[(1, "red")]).faction == "red"  # other seats keep theirs


def test_reseating_a_team_journals_it_and_changes_the_code(make_session):
    new, store = make_session()
    fac = store.facilitator(new.facilitator_code)
    code = fac.reseat(1, "red", "Late Arrivals")
    with pytest.raises(AccessDenied):
        store.access(new.seat_codes[(1, "red")])
    seat = store.seat(code)
    assert seat.view().team == "Late Arrivals"
    assert seat.view().game.journal[-1] == Directive("seat", "red", "Late Arrivals")
    assert fac.reseat(1, "red", "Bot squad", "greedy") is None  # a bot needs no code
    with pytest.raises(AccessDenied):
        seat.view()
    assert [s.player for s in fac.overview().worlds[0].seats] == ["team", "greedy", "team"]


def test_a_closed_store_says_so(make_session):
    new, store = make_session()
    fac = store.facilitator(new.facilitator_code)
    store.close()
    with pytest.raises(ClassroomError, match="closed"):
        fac.overview()
    with pytest.raises(ClassroomError, match="closed"):
        fac.revision()


def test_drafts_need_orders(make_session):
    new, store = make_session()
    seat = store.seat(new.seat_codes[(1, "blue")])
    seat.save_draft([Order("exercise", "north", "first thoughts")])
    assert seat.draft() == (Order("exercise", "north", "first thoughts"),)
    with pytest.raises(DetenteError):
        seat.save_draft(["exercise north"])
