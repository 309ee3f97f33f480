"""indo_pacific as it was in format 1, before its retune: the old bundled file, kept byte for byte among the earlier versions.

The golden games and records pin it (tools/golden.py), and so do the tests that picture or pin numbers
of the format 1 game (snapshots, exact messages with line numbers), so they do not move with the bundled
file's tuning. Its id and content are the old file's, so its digests are the old ones.
"""

from __future__ import annotations

from pathlib import Path

from engine import load_scenario_file
from engine.model import Scenario

INDO_FORMAT1 = Path(__file__).parent.parent / "scenarios" / "earlier" / "indo_pacific-87eeb6efcf6f.toml"


def indo_format1() -> Scenario:
    """The format 1 indo_pacific, loaded."""
    return load_scenario_file(INDO_FORMAT1)
