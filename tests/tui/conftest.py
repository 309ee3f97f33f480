"""Fixtures shared by the screen tests of agreements and argued actions in a classroom."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom.store import Store
from classroom.values import Settings
from engine import load_scenario_file
from tests.clock import FakeClock

PACTS = Path(__file__).resolve().parents[1] / "scenarios" / "pacts.toml"
CREATED = "2026-12-07T09:00:00Z"


@pytest.fixture
def pacts_class(tmp_path):
    """A session of ``tests/scenarios/pacts.toml`` (two team seats, north and south, and two bots) with a function
    that opens its file again; every store opened is closed afterwards."""
    clock = FakeClock()
    new = Store.create(
        tmp_path / "pacts.detente",
        load_scenario_file(PACTS),
        created=CREATED,
        clock=clock,
        players={"east": "greedy", "west": "random"},
        settings=Settings(phases=(("orders", 900),), resolve_when_all_in=False),
    )
    stores = []

    def open_store() -> Store:
        store = Store.open(new.path, clock=clock)
        stores.append(store)
        return store

    yield new, open_store
    for store in stores:
        store.close()
