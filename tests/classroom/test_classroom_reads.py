"""What the desks hand out: the facilitator reads immutable views, each seat its own fork; never the cached game."""

from __future__ import annotations

import pytest

import engine.valueclass as valueclass
from engine.game import Game
from engine.inputs import Order
from engine.views import GameView


def first_legal(game: Game, faction: str, why: str) -> list[Order]:
    """A one-order legal submission with justification ``why``."""
    return [game.legal_options(faction)[0].order(why)]


def cached(store, viewer: str = "") -> Game:
    """The game the store caches for ``viewer`` in world 1 (what no desk may hand out)."""
    with store.read() as conn:
        return store.game(conn, store.world(conn, 1), viewer)


def seen(view: GameView) -> tuple[object, ...]:
    """Everything a view holds, as plain values to compare later."""
    return (
        view.turn,
        {f: (v.budget, v.income, dict(v.tracks), v.score, v.objectives) for f, v in view.factions.items()},
        {r: (v.stability, dict(v.influence), v.controller) for r, v in view.regions.items()},
        view.events,
        view.log,
        view.history,
        view.outcome,
        dict(view.submitted),
    )


def test_the_facilitators_view_cannot_be_changed(table):
    _, _, fac, blue, _ = table
    blue.submit(first_legal(blue.game(), "blue", "ours"))
    view = fac.view(1)
    assert isinstance(view, GameView)
    region = next(iter(view.regions))
    with pytest.raises(valueclass.FrozenInstanceError):
        view.turn = 9  # type: ignore[misc]
    with pytest.raises(valueclass.FrozenInstanceError):
        view.factions["blue"].budget = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        view.factions["blue"] = view.factions["red"]  # type: ignore[index]
    with pytest.raises(TypeError):
        view.factions["blue"].tracks["credibility"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        view.regions[region].influence["blue"] = 9  # type: ignore[index]
    with pytest.raises(TypeError):
        view.submitted["red"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        view.log.append(view.log[0])  # type: ignore[attr-defined]
    assert not any(hasattr(view, name) for name in ("submit", "apply", "resolve", "inject", "fork"))
    assert seen(fac.view(1)) == seen(view)


def test_the_facilitators_view_stays_as_read_while_the_world_plays_on(table):
    _, store, fac, blue, red = table
    before = fac.view(1)
    kept = seen(before)
    blue.submit(first_legal(blue.game(), "blue", "b"))
    red.submit(first_legal(red.game(), "red", "r"))
    fac.rate(1, "blue", 1, True)
    fac.note(1, "a note")
    fac.resolve(1)
    assert seen(before) == kept and before.turn == 1 and len(before.history) == 1
    after = fac.view(1)
    assert after.turn == 2 and len(after.history) == 2 and seen(after) != kept
    assert after.log[: len(before.log)] == before.log  # the world grew from what was read
    assert fac.view(1) is not after  # every read is a new view of the cache, never the cache itself
    assert cached(store).turn == 2


def test_the_facilitators_game_is_a_copy_of_the_cache(table):
    _, store, fac, blue, _ = table
    game = fac.game(1)
    assert game is not cached(store) and fac.game(1) is not game
    game.submit("blue", first_legal(game, "blue", "only on the copy"))
    game.note("only on the copy")
    game.resolve()
    assert game.turn == 2
    assert fac.view(1).turn == 1 and dict(fac.view(1).submitted) == {}
    assert fac.orders_to_rate(1) == () and fac.game(1).turn == 1 and not fac.game(1).digests
    assert cached(store).turn == 1 and cached(store, "blue").submitted("blue") is None
    assert blue.view().orders is None and blue.view().game.turn == 1


def test_a_seats_game_is_its_own_fork(table):
    _, store, fac, blue, red = table
    view = blue.view()
    game = view.game
    assert game is not cached(store, "blue") and blue.view().game is not game and blue.game() is not game
    orders = first_legal(game, "blue", "SECRET only on blue's copy")
    game.check("blue", orders)  # the table's legality checks run on the seat's own game
    game.submit("blue", orders)
    assert game.submitted("blue") == tuple(orders)
    # nothing of it reaches the session: not the facilitator, not another seat, not blue's next read
    assert dict(fac.view(1).submitted) == {} and fac.orders_to_rate(1) == ()
    assert blue.view().orders is None and blue.view().game.submitted("blue") is None and blue.view().submitted_by == ()
    assert red.view().submitted_by == () and "SECRET" not in repr(red.view().game.log)
    assert cached(store, "blue").submitted("blue") is None and cached(store).submitted("blue") is None
    # playing the fork on, even past the turn, changes nothing either
    game.resolve()
    assert game.turn == 2
    assert fac.view(1).turn == 1 and blue.view().game.turn == 1 and red.view().game.turn == 1
    assert not fac.game(1).digests and fac.view(1).log == cached(store).view().log
    # and the seat still submits for real through its desk
    blue.submit(first_legal(blue.game(), "blue", "for real"))
    assert [s.faction for s in fac.orders_to_rate(1)] == ["blue"] and red.view().submitted_by == ("blue",)
    assert view.game is game and view.orders is None  # the view read earlier stays as it was read


def test_a_seat_reads_a_new_fork_only_when_it_reads_again(table):
    _, _, fac, blue, _ = table
    first = blue.view()
    fac.note(1, "the world moves")
    second = blue.view()
    assert second.revision > first.revision and second.game is not first.game
    assert len(second.game.log) == len(first.game.log) + 1 and first.game.log == second.game.log[:-1]
    assert blue.draft() is None  # the draft is read without folding or forking anything
