"""Shared fixtures: scenario paths and a loaded mini scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import load_scenario_file
from tools.compile import stale

TESTS = Path(__file__).parent
SCENARIOS = TESTS / "scenarios"


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test a stale compiled build (``tools.compile``): it would run old code."""
    old = stale()
    if old:
        raise pytest.UsageError(f"compiled modules older than their source: {', '.join(old)}; run `make compiled` again or `make pure`")


@pytest.fixture(scope="session")
def mini():
    """The small three-faction scenario in tests/scenarios/mini.toml."""
    return load_scenario_file(SCENARIOS / "mini.toml")
