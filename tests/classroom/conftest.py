"""Fixtures for the session-layer tests: a fake clock and small sessions of the mini scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom.store import Store
from classroom.values import Settings
from tests.clock import FakeClock

CREATED = "2026-03-02T09:15:00Z"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_session(tmp_path, mini, clock):
    """``make_session(**create_kwargs)`` → (NewSession, open Store) on the fake clock; closed afterwards."""
    stores = []

    def make(name: str = "class.detente", **kwargs):
        kwargs.setdefault("created", CREATED)
        kwargs.setdefault("settings", Settings(resolve_when_all_in=False))
        new = Store.create(tmp_path / name, mini, clock=clock, **kwargs)
        store = Store.open(new.path, clock=clock)
        stores.append(store)
        return new, store

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def opened(clock):
    """``opened(path)`` → another Store on the same file (as another process would have); closed afterwards."""
    stores = []

    def open_(path):
        store = Store.open(path, clock=clock)
        stores.append(store)
        return store

    yield open_
    for store in stores:
        store.close()


@pytest.fixture
def table(make_session):
    """One world, one store (so one cache): blue and red are teams, green a random bot; the facilitator and both seats."""
    new, store = make_session(players={"green": "random"})
    fac = store.facilitator(new.facilitator_code)
    blue = store.seat(new.seat_codes[(1, "blue")])
    red = store.seat(new.seat_codes[(1, "red")])
    return new, store, fac, blue, red
