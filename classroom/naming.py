"""How a session's worlds are named in files: one rule for the console and the command line."""

from __future__ import annotations

from pathlib import Path


def slug(name: str) -> str:
    """A world's or team's name as part of a file name: letters and digits lower-cased, every other
    run of characters one hyphen, none at either end; ``world`` when nothing is left.

    >>> slug("Blue  Team!")
    'blue-team'
    >>> slug("World 1")
    'world-1'
    >>> slug("¿?")
    'world'
    """
    kept = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in kept.split("-") if part) or "world"


def export_file_name(session: Path, world_name: str) -> str:
    """The file a world's record is exported to: ``<session stem>-<world slug>.jsonl``."""
    return f"{session.stem}-{slug(world_name)}.jsonl"
