"""Damaged session settings: a code salt that is not hex, an iteration count out of range.

Each used to end in a traceback when a code was checked (``ValueError`` from
``bytes.fromhex`` or ``pbkdf2_hmac``, ``OverflowError`` for 10^20), and a
count of a billion made every code check run for minutes. Now the file is
refused when it is opened, in one sentence (docs/classroom-store.md).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hostile_run import bounded, refused

from classroom.errors import ClassroomError
from classroom.sessionfile import MAX_ITERATIONS, MIN_ITERATIONS, code_settings
from classroom.store import Store

GOLDEN = Path(__file__).parent.parent / "golden"
CODE = (GOLDEN / "session.code").read_text(encoding="utf-8").strip()


def damaged(tmp_path: Path, key: str, value: str) -> Path:
    """A copy of the golden session with ``meta.key`` set to ``value``."""
    path = tmp_path / "class.detente"
    shutil.copyfile(GOLDEN / "session.detente", path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    connection.close()
    return path


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "0"), ("-5", "-5"), ("999", "999"), ("1000001", "1000001"), ("1000000000", "1000000000"), (str(10**20), "a number 21 digits long")],
)
def test_an_iteration_count_out_of_range_is_refused_at_open(tmp_path, value, shown):
    path = damaged(tmp_path, "code_iterations", value)
    result = bounded("session", "status", path, "--code", CODE, seconds=15)  # a billion iterations would take minutes
    assert refused(result) == [
        f"detente session: {path}: is damaged: its code iteration count ({shown}) is not from 1,000 to 1,000,000, so no access code can be checked"
    ]


@pytest.mark.parametrize("value", ["zz", "", "123", "abc", "0" * 14, "0" * 130, "77b075e1099b8a8fb5862ca40e4d881\u0660"])
def test_a_salt_that_is_not_hex_is_refused_at_open(tmp_path, value):
    path = damaged(tmp_path, "code_salt", value)
    with pytest.raises(ClassroomError) as caught:
        Store.open(path).close()
    assert str(caught.value) == f"{path}: is damaged: its code salt is not 16 to 128 hexadecimal digits, so no access code can be checked"


def test_a_count_that_is_no_number_keeps_its_message(tmp_path):
    path = damaged(tmp_path, "code_iterations", "abc")
    with pytest.raises(ClassroomError, match=r"the session's settings are missing or damaged \(invalid literal"):
        Store.open(path).close()


def test_the_bounds_themselves_are_accepted():
    salt = "77b075e1099b8a8fb5862ca40e4d8818"
    assert code_settings("f", salt, MIN_ITERATIONS) == (salt, 1_000)
    assert code_settings("f", salt.upper(), MAX_ITERATIONS) == (salt.upper(), 1_000_000)
    assert code_settings("f", "ab" * 8, 60_000) == ("ab" * 8, 60_000)


def test_a_sound_session_still_opens_and_checks_its_code(tmp_path):
    path = tmp_path / "class.detente"
    shutil.copyfile(GOLDEN / "session.detente", path)
    store = Store.open(path)
    try:
        assert store.identify(CODE) is None  # the facilitator's code
    finally:
        store.close()
