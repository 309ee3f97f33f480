"""One rule names exported worlds, for the console and the command line alike."""

from pathlib import Path

import pytest

from classroom.naming import export_file_name, slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("World 1", "world-1"),
        ("Blue  Team!", "blue-team"),
        ("  --Ünïcode Wörld--  ", "ünïcode-wörld"),
        ("a/b\\c..d", "a-b-c-d"),
        ("", "world"),
        ("!!!", "world"),
    ],
)
def test_slug_names(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_export_file_name_sits_beside_the_session() -> None:
    assert export_file_name(Path("/tmp/class.detente"), "Blue  Team!") == "class-blue-team.jsonl"
