"""Whole backups, the stale-copy warning, a checkpoint after every resolve, one damaged world among others,
SQLite's errors as one sentence, records and codes the file's owner alone can read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest

from classroom import sessionfile
from classroom.errors import ClassroomError
from classroom.store import Store
from engine.record import read_record, replay


def journal(path):
    """Every world's journal rows of the file at ``path`` as SQLite reads it (with its -wal, if one lies beside it)."""
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return raw.execute("SELECT world, seq, kind FROM journal ORDER BY world, seq").fetchall()
    finally:
        raw.close()


def main_file_only(path, copy):
    """Copy the main file alone, as ``cp`` does while the session is open."""
    shutil.copyfile(path, copy)
    return copy


def play_a_turn(new, store, world=1):
    """Every team of ``world`` submits its first legal option; the facilitator resolves."""
    desk = store.facilitator(new.facilitator_code)
    for (w, faction), code in new.seat_codes.items():
        if w == world:
            seat = store.seat(code)
            seat.submit([seat.game().legal_options(faction)[0].order("why")])
    desk.resolve(world)
    return desk


def test_a_backup_is_whole_while_a_plain_copy_of_a_live_file_warns(make_session, tmp_path):
    new, store = make_session()
    play_a_turn(new, store)
    _faction, code = next((f, c) for (w, f), c in new.seat_codes.items() if w == 1)
    seat = store.seat(code)
    seat.note("after the checkpoint: only in the -wal")
    assert sessionfile.wal_path(new.path).exists()
    copy = main_file_only(new.path, tmp_path / "copy.detente")
    live = journal(new.path)
    assert journal(copy) != live  # the note is missing from the plain copy...
    with Store.open(copy) as opened:
        assert opened.warning == sessionfile.STALE_COPY  # ...and opening it says so
    backup = tmp_path / "backup.detente"
    store.backup(backup)
    assert not sessionfile.wal_path(backup).exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert journal(backup) == live
    moved = main_file_only(backup, tmp_path / "moved.detente")  # a backup is whole in its main file alone
    with Store.open(moved) as opened:
        assert opened.warning is None
        assert opened.facilitator(new.facilitator_code).game(1).turn == 2
    store.backup(backup)  # an earlier backup is replaced
    assert journal(backup) == live


def test_every_resolve_reaches_the_main_file(make_session, tmp_path):
    new, store = make_session()
    play_a_turn(new, store)
    copy = main_file_only(new.path, tmp_path / "copy.detente")
    assert "resolve" in {kind for _, _, kind in journal(copy)}, "the resolution was not checkpointed into the main file"


def test_the_last_to_close_leaves_a_file_that_is_whole_alone(make_session, opened, tmp_path):
    new, store = make_session()
    other = opened(new.path)
    play_a_turn(new, store)
    store.close()
    other.close()
    assert not sessionfile.wal_path(new.path).exists()
    with Store.open(main_file_only(new.path, tmp_path / "closed.detente")) as copy:
        assert copy.warning is None


def test_a_backup_never_replaces_another_file_or_the_session(make_session, tmp_path):
    new, store = make_session()
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    for out, words in (
        (notes, "is not a session file"),
        (new.path, "is the session itself"),
        (tmp_path, "is a folder"),
        (tmp_path / "no" / "b.detente", "no folder"),
    ):
        with pytest.raises(ClassroomError, match=words):
            store.backup(out)
    assert notes.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".backup")) == []


def damage_world(path, world):
    """Edit a journal row of ``world`` behind the program's back (as a teacher with an SQLite tool might)."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("DROP TRIGGER journal_no_update")
        raw.execute('UPDATE journal SET payload = \'{"turn": 1, "digest": "0", "over": false}\' WHERE world = ? AND kind = \'resolve\'', (world,))
    finally:
        raw.close()


def test_one_damaged_world_is_named_and_the_others_play_on(make_session, opened, tmp_path):
    new, store = make_session(worlds=3)
    for world in (1, 2, 3):
        play_a_turn(new, store, world)
    store.close()
    damage_world(new.path, 2)
    store = opened(new.path)
    desk = store.facilitator(new.facilitator_code)
    overview = desk.overview()
    assert [w.problem is None for w in overview.worlds] == [True, False, True]
    assert "turn 1 resolves to another position" in overview.worlds[1].problem
    assert overview.worlds[1].turn == 2  # what its journal says it reached
    desk.tick()  # passes the damaged world by
    play_a_turn(new, store, 3)
    desk.export(1, tmp_path / "one.jsonl")
    assert replay(read_record(tmp_path / "one.jsonl")).verified
    with pytest.raises(ClassroomError, match="World 2"):
        desk.export(2, tmp_path / "two.jsonl")


def test_a_file_with_broken_pages_is_refused_in_one_plain_sentence(make_session):
    new, store = make_session(worlds=2)
    play_a_turn(new, store)
    store.close()
    size = new.path.stat().st_size
    page = 4096
    with open(new.path, "r+b") as handle:  # scribble over every page after the first two
        for offset in range(2 * page, size, page):
            handle.seek(offset)
            handle.write(b"\xff" * 64)
    with pytest.raises(ClassroomError) as caught:
        Store.open(new.path)
    assert caught.value.message == sessionfile.DAMAGED
    assert "btree" not in str(caught.value).lower() and "page" not in caught.value.message.replace("part of the file", "")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("database is locked"), "stayed busy"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.DatabaseError("database disk image is malformed"), "restore it from a backup"),
        (sqlite3.DatabaseError("Page 3: btreeInitPage() returns error code 11"), "restore it from a backup"),
        (sqlite3.OperationalError("disk I/O error"), "cannot be read or written"),
    ],
)
def test_sqlite_errors_read_as_one_sentence(error, words):
    sentence = sessionfile.plain(error)
    assert words in sentence and "\n" not in sentence and "btree" not in sentence.lower()


def test_exports_are_the_owners_alone_whatever_the_umask(make_session, tmp_path):
    new, store = make_session()
    desk = play_a_turn(new, store)
    old = os.umask(0)
    try:
        desk.export(1, tmp_path / "world.jsonl")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "world.jsonl").stat().st_mode) == 0o600


def test_the_owner_issues_a_new_facilitator_code(make_session, opened):
    new, store = make_session()
    code = store.new_facilitator_code()
    with pytest.raises(ClassroomError, match="opens no seat"):
        opened(new.path).access(new.facilitator_code)
    assert opened(new.path).facilitator(code).worlds()


def test_reading_a_file_at_rest_never_changes_it(make_session, tmp_path):
    new, store = make_session()
    play_a_turn(new, store)
    store.close()
    before = new.path.read_bytes()
    with Store.open(new.path) as reader:
        reader.facilitator(new.facilitator_code).overview()
        assert reader.warning is None
    assert new.path.read_bytes() == before and not sessionfile.wal_path(new.path).exists()
