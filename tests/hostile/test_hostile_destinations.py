"""Regular files only, for folders and for destinations.

``grade`` skips what in a folder is not a regular file (a named pipe, a
socket, a link to a device or to nothing), unread, and lists it on standard
error, one line each. Every output (``run --record``, ``aar --out``,
``grade --out``, ``session export``, ``engine.record.write_atomically``)
refuses a destination that is a named pipe, a device or a socket with one
line, and leaves it as it is: a named pipe stays a named pipe, a device node
is never replaced.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
from pathlib import Path

import pytest
from hostile_run import MINI, bounded, refused

from engine import Game, load_scenario_file
from engine.files import SpecialDestination, require_replaceable
from engine.record import remove_stale_temporaries, write_atomically, write_record

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_dev_null = pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null here")
needs_sockets = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
GOLDEN = Path(__file__).parent.parent / "golden"
RUBRIC_TEXT = (Path(__file__).parent.parent / "rubrics" / "class4.toml").read_text(encoding="utf-8").replace('scenario = "class4"', 'scenario = "mini"')
CREATED = "2026-01-01T00:00:00Z"


def a_game() -> Game:
    game = Game(load_scenario_file(MINI), 5)
    game.resolve()
    return game


def unix_socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


# -- folders ---------------------------------------------------------------------------------------


@needs_fifo
@needs_dev_null
@needs_sockets
def test_grade_skips_and_lists_what_in_a_folder_is_not_a_file(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    write_record(folder / "a_team.jsonl", a_game(), {}, CREATED)
    os.mkfifo(folder / "b_fifo.jsonl")
    (folder / "c_zero.jsonl").symlink_to("/dev/zero")
    (folder / "d_nowhere.jsonl").symlink_to(folder / "absent")
    server = unix_socket(folder / "e_socket.jsonl")
    rubric = tmp_path / "mini.toml"
    rubric.write_text(RUBRIC_TEXT, encoding="utf-8")
    try:
        result = bounded("grade", folder, "--rubric", rubric)
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"detente grade: {folder / 'b_fifo.jsonl'}: skipped: a named pipe (FIFO), not a file",
        f"detente grade: {folder / 'c_zero.jsonl'}: skipped: a device, not a file",
        f"detente grade: {folder / 'd_nowhere.jsonl'}: skipped: a link to nothing, not a file",
        f"detente grade: {folder / 'e_socket.jsonl'}: skipped: a socket, not a file",
    ]
    assert "**1 file: 1 graded, 0 rejected.**" in result.stdout
    assert stat.S_ISFIFO((folder / "b_fifo.jsonl").stat().st_mode)


@needs_fifo
def test_grade_lists_what_it_skipped_even_when_nothing_is_left(tmp_path):
    os.mkfifo(tmp_path / "only.jsonl")
    result = bounded("grade", tmp_path, "--rubric", "indo_pacific")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"detente grade: {tmp_path / 'only.jsonl'}: skipped: a named pipe (FIFO), not a file"
    assert "no game records (*.jsonl) found" in result.stderr


@needs_fifo
def test_a_named_pipe_named_on_the_command_line_is_rejected_not_skipped(tmp_path):
    fifo = tmp_path / "named.jsonl"
    os.mkfifo(fifo)
    rubric = tmp_path / "mini.toml"
    rubric.write_text(RUBRIC_TEXT, encoding="utf-8")
    result = bounded("grade", fifo, "--rubric", rubric, "--format", "csv")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'{fifo},"rejected: is a named pipe (FIFO), not a game record",no,' in result.stdout


# -- destinations ----------------------------------------------------------------------------------


def special_destinations(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """What can stand where a file is to be written, with how the refusal names it."""
    made: dict[str, tuple[Path, str]] = {}
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        made["fifo"] = (tmp_path / "pipe", "a named pipe (FIFO)")
    if Path("/dev/null").exists():
        (tmp_path / "null").symlink_to("/dev/null")
        made["device_link"] = (tmp_path / "null", "a device")
    return made


def mode_of(path: Path) -> int:
    return path.lstat().st_mode


@pytest.mark.parametrize("kind", ["fifo", "device_link"])
def test_write_atomically_leaves_a_special_destination_as_it_is(tmp_path, kind):
    made = special_destinations(tmp_path)
    if kind not in made:
        pytest.skip(f"no {kind} here")
    path, what = made[kind]
    before = mode_of(path)
    with pytest.raises(SpecialDestination) as caught:
        write_atomically(path, b"data")
    assert caught.value.strerror == f"it is {what}, not a regular file; it was left as it is"
    assert isinstance(caught.value, OSError) and caught.value.filename == str(path)
    assert mode_of(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p, _ in made.values())  # no temporary left


@needs_sockets
def test_a_socket_is_no_destination(tmp_path):
    server = unix_socket(tmp_path / "s.jsonl")
    try:
        with pytest.raises(SpecialDestination, match="it is a socket"):
            require_replaceable(tmp_path / "s.jsonl")
    finally:
        server.close()


def test_regular_files_missing_paths_and_dangling_links_are_destinations(tmp_path):
    (tmp_path / "old.jsonl").write_text("old")
    (tmp_path / "dangling.jsonl").symlink_to(tmp_path / "absent")
    for name in ("old.jsonl", "new.jsonl", "dangling.jsonl"):
        write_atomically(tmp_path / name, b"new")
        assert (tmp_path / name).read_bytes() == b"new"


@pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="making a device node needs root")
def test_a_device_node_is_never_replaced(tmp_path):
    """Run as root, a record written to a device node replaced it with a regular file."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    result = bounded("run", MINI, "--seed", "1", "--record", node)
    assert refused(result) == [f"detente run: {node}: cannot write the record: it is a device, not a regular file; it was left as it is"]
    assert stat.S_ISCHR(node.lstat().st_mode)


@needs_fifo
def test_every_command_refuses_a_named_pipe_destination_with_one_line(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    md = tmp_path / "out.md"
    os.mkfifo(md)
    rubric = tmp_path / "mini.toml"
    rubric.write_text(RUBRIC_TEXT, encoding="utf-8")
    record = GOLDEN / "records" / "mini-seed7.jsonl"
    said = "it is a named pipe (FIFO), not a regular file; it was left as it is"
    cases = {
        ("run", MINI, "--seed", "1", "--record", fifo): f"detente run: {fifo}: cannot write the record: {said}",
        ("aar", record, "--out", md): f"detente aar: {md}: cannot write the review: {said}",
        ("grade", record, "--rubric", rubric, "--out", md): f"detente grade: {md}: the report was not written: {said}",
    }
    for args, line in cases.items():
        result = bounded(*args)
        assert refused(result) == [line], args
        assert result.stdout == ""
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and stat.S_ISFIFO(md.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini.toml", "out.fifo", "out.md"]


@needs_fifo
def test_a_session_export_over_a_named_pipe_is_refused(tmp_path, monkeypatch):
    session = tmp_path / "class.detente"
    shutil.copyfile(GOLDEN / "session.detente", session)
    monkeypatch.setenv("DETENTE_CODE", (GOLDEN / "session.code").read_text(encoding="utf-8").strip())
    out = tmp_path / "records"
    first = bounded("session", "export", session, "--out", out)
    assert first.returncode == 0, first.stderr
    exported = Path(first.stdout.splitlines()[0])
    exported.unlink()
    os.mkfifo(exported)
    again = bounded("session", "export", session, "--out", out)
    assert refused(again) == [f"detente session: {exported}: the record cannot be written: it is a named pipe (FIFO), not a regular file; it was left as it is"]
    assert stat.S_ISFIFO(exported.lstat().st_mode)


@needs_fifo
def test_a_stale_temporary_that_is_not_a_file_is_not_removed(tmp_path):
    target = tmp_path / "game.jsonl"
    (tmp_path / ".game.jsonl.abc.tmp").write_text("left by a crash")
    os.mkfifo(tmp_path / ".game.jsonl.def.tmp")
    remove_stale_temporaries(target)
    assert [p.name for p in tmp_path.iterdir()] == [".game.jsonl.def.tmp"]
