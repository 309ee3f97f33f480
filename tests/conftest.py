"""Shared fixtures: scenario paths and a loaded mini scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import load_scenario_file

TESTS = Path(__file__).parent
SCENARIOS = TESTS / "scenarios"


@pytest.fixture(scope="session")
def mini():
    """The small three-faction scenario in tests/scenarios/mini.toml."""
    return load_scenario_file(SCENARIOS / "mini.toml")
