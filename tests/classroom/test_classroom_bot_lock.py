"""Bots choose outside the writers' lock, and their choice is the one they would have made inside it."""

from __future__ import annotations

import fcntl
import os

import pytest

from classroom import turns
from classroom.values import Settings
from players import bots

MAKE_STRATEGY = bots.make_strategy
"""The bots' own maker (the tests below put ``Watching`` in its place)."""


class Watching:
    """A bot that plays like ``greedy`` and notes, each time it chooses, whether the writers' lock was free."""

    def __init__(self, lock_file, seen):
        self.lock_file, self.seen, self.inner = lock_file, seen, MAKE_STRATEGY("greedy")

    def choose(self, game, faction):
        fd = os.open(self.lock_file, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.seen.append("free")
            fcntl.flock(fd, fcntl.LOCK_UN)
        except BlockingIOError:
            self.seen.append("held")
        finally:
            os.close(fd)
        return self.inner.choose(game, faction)


@pytest.fixture
def watched(make_session, monkeypatch):
    new, store = make_session(players={"green": "greedy"}, settings=Settings(resolve_when_all_in=True))
    seen = []
    monkeypatch.setattr(bots, "make_strategy", lambda name: Watching(f"{new.path}-lock", seen))
    return new, store, seen


def first_legal(game, faction):
    return [game.legal_options(faction)[0].order("why")]


def test_the_facilitators_resolve_and_the_last_team_in_leave_the_lock_free_while_bots_think(watched):
    new, store, seen = watched
    desk = store.facilitator(new.facilitator_code)
    desk.resume()
    desk.resolve(1)
    blue, red = (store.seat(new.seat_codes[(1, f)]) for f in ("blue", "red"))
    blue.submit(first_legal(blue.game(), "blue"))
    assert red.submit(first_legal(red.game(), "red")).resolved
    assert seen == ["free", "free"]
    assert [row.made_by for row in desk.journal(1)][-2:] == ["bot:greedy", "auto:all in"]


def test_a_plan_made_before_the_world_changed_is_chosen_again_inside(watched, monkeypatch):
    new, store, seen = watched
    desk = store.facilitator(new.facilitator_code)
    planned = turns.plan_bots

    def stale_plan(session, world):
        plan = planned(session, world)
        desk.note(world, "the world moves on while the bots think")
        return plan

    monkeypatch.setattr(turns, "plan_bots", stale_plan)
    desk.resolve(1)
    assert seen == ["free", "held"]  # chosen again, inside, on the world as it now is
    kinds = [(row.kind, row.made_by) for row in desk.journal(1)]
    assert kinds[-3:] == [("note", "facilitator"), ("orders", "bot:greedy"), ("resolve", "facilitator")]
    assert desk.game(1).turn == 2
