"""Special files: a named pipe, a device, a directory or a socket is refused at once, unread."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hostile_run import MINI, bounded, refused

from engine import ScenarioError, load_scenario_file
from engine.files import FileTooLarge, NotText, UnreadableFile, read_bytes, read_head, read_text

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")

# what is read -> (the command that reads it, what the refusal calls it)
COMMANDS = {
    "scenario": (lambda path, tmp: ("check", path), "a scenario file"),
    "rubric": (lambda path, tmp: ("grade", "--rubric", path, tmp), "a rubric file"),
    "orders": (lambda path, tmp: ("run", MINI, "--seed", "1", "--orders", path, "--record", tmp / "r.jsonl"), "an orders file"),
}


@needs_fifo
@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, kind):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    command, words = COMMANDS[kind]
    refused(bounded(*command(fifo, tmp_path)), f"{fifo}: is a named pipe (FIFO), not {words}")


@needs_dev_zero
@pytest.mark.parametrize("kind", sorted(COMMANDS))
def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path, kind):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    command, words = COMMANDS[kind]
    refused(bounded(*command(link, tmp_path)), f"{link}: is a device, not {words}")


def test_a_directory_and_a_missing_file_keep_their_messages(tmp_path):
    refused(bounded("check", tmp_path), f"{tmp_path}: is a directory, not a scenario file")
    refused(bounded("check", tmp_path / "absent.toml"), f"{tmp_path / 'absent.toml'}: no such file")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(ScenarioError, match="is a socket, not a scenario file"):
            load_scenario_file(path)
    finally:
        server.close()


# -- engine.files itself ----------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_from_its_size_without_a_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(os, "read", lambda *args: pytest.fail("the file was read"))
    with pytest.raises(FileTooLarge) as caught:
        read_text(path, "scenario file", 1_000_000)
    monkeypatch.undo()
    assert (caught.value.size, caught.value.limit) == (52428800, 1_000_000)
    assert caught.value.reason == "file is 52428800 bytes; a scenario file is at most 1000000"


def test_at_most_the_limit_plus_one_byte_is_read_from_a_file_that_grows(tmp_path, monkeypatch):
    """A file whose size says little (it grows, or it is in /proc) costs no more than the limit."""
    path = tmp_path / "growing.toml"
    path.write_bytes(b"x" * 10_000)
    real_fstat, real_read = os.fstat, os.read
    asked: list[int] = []

    def small_fstat(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        return os.stat_result((status.st_mode, status.st_ino, status.st_dev, status.st_nlink, status.st_uid, status.st_gid, 0, 0, 0, 0))

    def counted_read(descriptor: int, count: int) -> bytes:
        asked.append(count)
        return real_read(descriptor, count)

    monkeypatch.setattr(os, "fstat", small_fstat)
    monkeypatch.setattr(os, "read", counted_read)
    with pytest.raises(FileTooLarge, match="grew past 100 bytes while it was read"):
        read_bytes(path, "scenario file", 100)
    monkeypatch.undo()
    assert sum(asked) == 101


def test_the_head_of_a_long_file_and_the_text_of_a_short_one(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"\xef\xbb\xbfhead and the rest")
    assert read_head(path, "session file", 7) == b"\xef\xbb\xbfhead"
    assert read_text(path, "scenario file", 100) == "head and the rest"
    path.write_bytes(b"ok \xff")
    with pytest.raises(NotText, match=r"is not UTF-8 text \(byte 3\)") as caught:
        read_text(path, "scenario file", 100)
    assert caught.value.byte == 3


@pytest.mark.parametrize(("name", "reason"), [("", "no file name was given"), ("absent.toml", "no such file")])
def test_unreadable_names_say_why_in_a_few_words(tmp_path, name, reason):
    with pytest.raises(UnreadableFile) as caught:
        read_text(tmp_path / name if name else "", "orders file", 100)
    assert caught.value.reason == reason


def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path):
    path = tmp_path / "team\x1b]2;owned\x07.toml"
    with pytest.raises(UnreadableFile) as caught:
        read_text(path, "scenario file", 100)
    assert "\x1b" not in str(caught.value) and "\\x1b]2;owned\\x07.toml: no such file" in str(caught.value)
