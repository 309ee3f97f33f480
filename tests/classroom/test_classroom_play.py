"""Playing through the session layer: privacy, resolution (by hand, all in, at the deadline), injects, undo, records."""

from __future__ import annotations

import sqlite3

import pytest

from classroom.errors import ClassroomError
from classroom.journal import Row, fold
from classroom.values import Settings
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Directive, Inject, Note, Order, Rating, Resolve, Submission
from engine.log import CardPlayed, OrderResolved, Undone
from engine.record import read_record, replay


def first_legal(game: Game, faction: str, why: str) -> list[Order]:
    """A one-order legal submission with justification ``why``."""
    return [game.legal_options(faction)[0].order(why)]


def everything_red_can_read(red) -> str:
    view = red.view()
    game = view.game
    return repr((game.journal, game.inputs, game.log, game.made, [game.submitted(f) for f in game.factions], view))


# -- privacy --------------------------------------------------------------------------------------


def test_a_seat_never_reads_another_seats_current_orders(table, opened):
    new, _store, fac, blue, red = table
    blue.submit(first_legal(blue.game(), "blue", "SECRET-BLUE plan"))
    # a separate process's store: red's desk, and the rows its game is folded from
    red = opened(new.path).seat(new.seat_codes[(1, "red")])
    view = red.view()
    assert view.submitted_by == ("blue",)  # that blue is in, not what it ordered
    assert view.game.submitted("blue") is None
    assert "SECRET-BLUE" not in everything_red_can_read(red)
    rows = red.store.rows(sqlite3_conn(red.store), 1, "red")
    blue_rows = [r for r in rows if r.kind == "orders" and r.faction == "blue"]
    assert blue_rows and all(r.payload is None for r in blue_rows)
    # ...while blue sees its own, and the facilitator sees both to rate them
    assert blue.view().orders[0].why == "SECRET-BLUE plan"
    assert [s.faction for s in fac.orders_to_rate(1)] == ["blue"]
    # a rating stays hidden too, even from the faction rated
    fac.rate(1, "blue", 1, True)
    assert blue.view().game.rating("blue", 1) is None
    assert fac.game(1).rating("blue", 1) is True
    assert "Rating" not in everything_red_can_read(red)
    # once the turn resolves, its orders are history: everyone reads them
    red.submit(first_legal(red.game(), "red", "red plan"))
    fac.resolve(1)
    assert "SECRET-BLUE" in everything_red_can_read(red)
    resolved = [e for e in red.view().game.turn_log(1) if isinstance(e, OrderResolved)]
    assert {e.faction for e in resolved} >= {"blue", "red"}
    assert Rating("blue", 1, True) in red.view().game.journal


def sqlite3_conn(store):
    return store._conn


def test_a_seats_game_is_the_real_game_less_the_hidden_orders(table):
    _new, _store, fac, blue, red = table
    for _ in range(2):
        blue.submit(first_legal(blue.game(), "blue", "b"))
        red.submit(first_legal(red.game(), "red", "r"))
        fac.resolve(1)
    blue.submit(first_legal(blue.game(), "blue", "b3"))
    fac.note(1, "Think about the typhoon.")
    whole, seen = fac.game(1), red.game()
    assert seen.digest() == whole.digest() and seen.digests == whole.digests and seen.turn == whole.turn == 3
    assert Note("facilitator", "Think about the typhoon.") in seen.journal
    assert len(seen.journal) == len(whole.journal) - 1


# -- resolution -----------------------------------------------------------------------------------


def test_the_facilitator_resolves_bots_order_and_missing_teams_pass(table):
    _new, _store, fac, blue, _red = table
    blue.submit(first_legal(blue.game(), "blue", "b"))
    before = blue.revision()
    assert fac.resolve(1) == 1
    assert blue.revision() > before
    game = fac.game(1)
    assert game.turn == 2 and blue.view().game.turn == 2
    turn1 = game.inputs[1]
    assert [s.faction for s in turn1 if isinstance(s, Submission)] == ["blue", "green"]
    assert [row.made_by for row in fac.journal(1)] == ["seat:blue", "bot:random", "facilitator"]
    assert game.journal[-1] == Resolve()


def test_an_illegal_submission_writes_nothing(table):
    _new, _store, fac, blue, _red = table
    revision = blue.revision()
    with pytest.raises(OrderError, match="no move"):
        blue.submit([Order("teleport", "north")])
    with pytest.raises(OrderError):
        blue.submit([Order("exercise", "north")] * 5)
    assert blue.revision() == revision and fac.journal(1) == ()


def test_the_last_team_in_resolves_the_turn_when_all_in(make_session):
    new, store = make_session(players={"green": "random"}, settings=Settings(resolve_when_all_in=True))
    store.facilitator(new.facilitator_code).resume()
    blue, red = (store.seat(new.seat_codes[(1, f)]) for f in ("blue", "red"))
    first = blue.submit(first_legal(blue.game(), "blue", "b"))
    assert first.turn == 1 and not first.resolved
    assert blue.submit([]).resolved is False  # replacing its orders with a pass: still waiting for red
    second = red.submit(first_legal(red.game(), "red", "r"))
    assert second.turn == 1 and second.resolved
    game = blue.view().game
    assert game.turn == 2 and 1 in game.digests
    fac = store.facilitator(new.facilitator_code)
    assert [row.made_by for row in fac.journal(1)] == ["facilitator", "seat:blue", "seat:blue", "seat:red", "bot:random", "auto:all in"]


def test_a_paused_world_is_on_hold_until_the_facilitator_resolves_or_resumes(make_session):
    new, store = make_session(players={"green": "random"}, settings=Settings(resolve_when_all_in=True))
    fac = store.facilitator(new.facilitator_code)
    blue, red = (store.seat(new.seat_codes[(1, f)]) for f in ("blue", "red"))
    blue.submit([])
    assert red.submit([]).resolved is False  # all in, but the timer is paused: the facilitator may still rate
    assert fac.tick() == () and fac.game(1).turn == 1
    fac.resume()
    assert [(d.world, d.turn, d.why) for d in fac.tick()] == [(1, 1, "all in")]


def test_the_deadline_resolves_by_tick(make_session, clock):
    new, store = make_session(settings=Settings((("discuss", 60), ("orders", 120)), resolve_when_all_in=False, resolve_at_deadline=True))
    fac = store.facilitator(new.facilitator_code)
    blue = store.seat(new.seat_codes[(1, "blue")])
    clock.advance(10_000)
    assert fac.tick() == ()  # a new session's timers start paused
    fac.resume()
    clock.advance(100)
    status = blue.timer()
    assert (status.phase, status.seconds_left, status.deadline_passed) == ("orders", 80, False)
    assert fac.tick() == ()
    clock.advance(79)
    assert fac.tick() == () and blue.tick() is None
    clock.advance(1)
    assert blue.timer().deadline_passed
    done = blue.tick()  # a seat may tick its own world: the deadline passes without the console
    assert (done.world, done.turn, done.why) == (1, 1, "deadline")
    assert fac.tick() == ()  # resolved once only
    assert fac.game(1).turn == 2
    restarted = blue.timer()
    assert (restarted.phase, restarted.seconds_left, restarted.paused) == ("discuss", 60, False)


def test_tick_resolves_every_world_that_is_all_in(make_session):
    new, store = make_session(worlds=3, players={"green": "random"}, settings=Settings(resolve_when_all_in=False))
    fac = store.facilitator(new.facilitator_code)
    for world, factions in ((2, ("blue", "red")), (3, ("blue",))):
        for faction in factions:
            assert not store.seat(new.seat_codes[(world, faction)]).submit([]).resolved
    assert fac.tick() == ()
    fac.resume()
    fac.configure(Settings(resolve_when_all_in=True))  # the teacher turns automatic resolution on
    done = fac.tick()
    assert [(d.world, d.turn, d.why) for d in done] == [(2, 1, "all in")]
    assert fac.tick() == ()
    assert [w.turn for w in fac.overview().worlds] == [1, 2, 1]


def test_undo_takes_back_a_resolution_and_keeps_its_orders(table, clock):
    _new, _store, fac, blue, red = table
    with pytest.raises(OrderError, match="nothing to undo"):
        fac.undo(1, "too early")
    blue.submit(first_legal(blue.game(), "blue", "b"))
    red.submit(first_legal(red.game(), "red", "r"))
    fac.resume(1)
    clock.advance(300)
    fac.resolve(1)
    before = fac.game(1)
    fac.note(1, "on turn 2")
    clock.advance(200)
    fac.undo(1, "the typhoon card was misread")
    game = fac.game(1)
    assert game.turn == 1 and 1 not in game.digests
    assert isinstance(game.log[-1], Undone)
    assert {s.faction for s in fac.orders_to_rate(1)} == {"blue", "red", "green"}
    view = blue.view()
    assert view.game.turn == 1 and view.submitted_by == ("blue", "red", "green")
    assert view.orders == before.inputs[1][0].orders
    assert view.game.submitted("red") is None  # current orders again: hidden again
    assert view.timer.elapsed == 0  # the timer restarted
    # resolving again reaches the same position (same orders, same dice)
    fac.resolve(1)
    assert fac.game(1).digests[1] == before.digests[1]
    assert blue.view().game.digests[1] == before.digests[1]


def test_undo_does_not_trigger_an_all_in_resolution(make_session):
    new, store = make_session(settings=Settings(resolve_when_all_in=True))
    fac = store.facilitator(new.facilitator_code)
    fac.resume()
    seats = [store.seat(new.seat_codes[(1, f)]) for f in ("blue", "red", "green")]
    for seat in seats:
        result = seat.submit([])
    assert result.resolved
    fac.undo(1, "let them think again")
    assert fac.tick() == () and fac.game(1).turn == 1
    assert seats[0].submit([]).resolved  # a new submission completes the turn again
    assert fac.game(1).turn == 2


# -- injects, notes, directives ------------------------------------------------------------------


def test_an_inject_scheduled_for_a_later_turn_plays_when_it_begins(table):
    _new, _store, fac, _blue, red = table
    with pytest.raises(OrderError):
        fac.schedule(1, 1, "protests")  # the current turn: inject it now instead
    with pytest.raises(OrderError, match="no card"):
        fac.schedule(1, 3, "martians")
    ident = fac.schedule(1, 3, "protests", "red")
    cancelled = fac.schedule(1, 3, "cuts")
    fac.cancel(1, cancelled)
    with pytest.raises(OrderError):
        fac.cancel(1, cancelled)
    assert [(s.id, s.turn, s.card, s.applied) for s in fac.overview().worlds[0].scheduled] == [(ident, 3, "protests", False)]
    fac.resolve(1)
    assert not any(isinstance(s, Inject) for s in fac.game(1).journal)
    fac.resolve(1)
    game = fac.game(1)
    assert game.turn == 3
    assert game.journal[-2:] == [Resolve(), Inject("protests", "red")]
    assert game.inputs[3] == [Inject("protests", "red")]
    assert any(isinstance(e, CardPlayed) and e.how == "inject" and e.turn == 3 for e in game.log)
    assert fac.overview().worlds[0].scheduled[0].applied
    assert red.view().game.inputs[3] == [Inject("protests", "red")]  # seats see what happened
    # undo turn 2's resolution: the inject is taken back with it, and plays again when turn 3 begins again
    fac.undo(1, "again")
    assert not fac.overview().worlds[0].scheduled[0].applied
    assert fac.game(1).turn == 2
    fac.resolve(1)
    assert fac.game(1).inputs[3] == [Inject("protests", "red")]


def test_inject_note_sideline_and_timer_are_journaled(table, clock):
    _new, _store, fac, blue, _red = table
    fac.inject(1, "rumours")
    fac.note(1, "Five minutes left.")
    fac.sideline(1, "red", "Sam")
    fac.pause(1)  # already paused: nothing happens
    fac.resume()
    fac.resume(1)
    fac.pause()
    journal = blue.view().game.journal
    assert journal == [
        Inject("rumours", ""),
        Note("facilitator", "Five minutes left."),
        Directive("sideline", "red", "Sam"),
        Directive("timer", "", "resumed"),
        Directive("timer", "", "paused"),
    ]
    with pytest.raises(OrderError):
        fac.inject(1, "martians")
    with pytest.raises(ClassroomError, match="no world"):
        fac.note(9, "hello")


# -- the journal is the game ----------------------------------------------------------------------


def play_some(fac, blue, red, turns):
    for turn in range(turns):
        blue.submit(first_legal(blue.game(), "blue", f"blue {turn}"))
        if turn % 2 == 0:
            red.submit(first_legal(red.game(), "red", f"red {turn}"))
            fac.rate(1, "red", 1, turn % 4 == 0)
        fac.resolve(1)


def test_the_same_journal_folds_to_the_same_game(table, opened):
    new, store, fac, blue, red = table
    play_some(fac, blue, red, 4)
    fac.undo(1, "replay turn 4")
    fac.resolve(1)
    again = opened(new.path).facilitator(new.facilitator_code).game(1)
    game = fac.game(1)
    assert again is not game
    assert again.digests == game.digests and again.digest() == game.digest()
    # and it is the engine's own game played step by step
    direct = Game(store.scenario, 1)
    for step in game.journal:
        direct.apply(step)
    assert direct.digests == game.digests and direct.journal == game.journal


def test_every_viewer_folds_only_the_current_turn_onto_the_resolved_ones_and_gets_the_whole_fold(table, opened):
    """The cached games (the resolved turns kept, the current turn's rows folded onto them) are at every revision,
    through undos that take back one and two resolutions, the game a fresh fold of the whole journal gives."""
    new, store, fac, blue, red = table
    witness = opened(new.path)

    def same_as_a_whole_fold():
        for viewer in ("", "blue", "red"):
            with store.read() as conn:
                kept = store.game(conn, store.world(conn, 1), viewer)
            with witness.read() as conn:
                whole = fold(store.scenario, 1, witness.rows(conn, 1, viewer))
            assert repr((kept.journal, kept.log, kept.made, kept.digests, kept.digest())) == repr(
                (whole.journal, whole.log, whole.made, whole.digests, whole.digest())
            ), viewer

    for step in range(3):
        play_some(fac, blue, red, 1)
        same_as_a_whole_fold()
        blue.submit(first_legal(blue.game(), "blue", f"again {step}"))
        fac.note(1, f"note {step}")
        same_as_a_whole_fold()
    fac.undo(1, "take back turn 3")
    same_as_a_whole_fold()
    fac.undo(1, "and turn 2")
    same_as_a_whole_fold()
    play_some(fac, blue, red, 2)
    same_as_a_whole_fold()
    assert fac.game(1).turn == 4


def test_an_exported_record_verifies(table, tmp_path):
    _new, _store, fac, blue, red = table
    fac.inject(1, "rumours")
    fac.sideline(1, "blue", "Ana")
    play_some(fac, blue, red, 3)
    fac.undo(1, "a second look")
    fac.resolve(1)
    path = tmp_path / "world1.jsonl"
    fac.export(1, path)
    record = read_record(path)
    assert dict(record.header.seats) == {"blue": "human", "red": "human", "green": "random"}
    assert record.header.created == "2026-03-02T09:15:00Z"
    result = replay(record)
    assert result.verified, result.mismatch
    assert result.game.digests == fac.game(1).digests


def test_a_play_to_the_end(make_session, tmp_path):
    new, store = make_session(players={"blue": "greedy", "red": "random", "green": "random"})
    assert new.seat_codes == {}
    fac = store.facilitator(new.facilitator_code)
    while not fac.overview().worlds[0].over:
        fac.resolve(1)
    with pytest.raises(OrderError, match="over"):
        fac.resolve(1)
    fac.export(1, tmp_path / "end.jsonl")
    assert replay(read_record(tmp_path / "end.jsonl")).verified


def test_a_tampered_resolution_is_caught_with_its_world_and_turn(table, opened):
    new, _store, fac, blue, red = table
    play_some(fac, blue, red, 2)
    raw = sqlite3.connect(new.path)
    raw.execute("DROP TRIGGER journal_no_update")
    raw.execute("UPDATE journal SET payload = replace(payload, '\"digest\":\"', '\"digest\":\"0') WHERE world = 1 AND kind = 'resolve' AND turn = 2")
    raw.commit()
    raw.close()
    with pytest.raises(ClassroomError, match=r"World 1.*turn 2") as caught:
        opened(new.path).facilitator(new.facilitator_code).game(1)
    assert caught.value.file == str(new.path)


def test_the_journal_is_append_only(table):
    _new, store, fac, _blue, _red = table
    fac.note(1, "hello")
    for statement in ("UPDATE journal SET payload = '{}'", "DELETE FROM journal"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store._conn.execute(statement)


def test_a_fold_skips_what_a_seat_may_not_read(mini):
    game = Game(mini, 4)
    game.submit("blue", [])
    game.submit("red", [])
    rows = [Row(1, 1, "orders", "blue", '{"faction":"blue","orders":[]}'), Row(2, 1, "orders", "red", None)]
    seen = fold(mini, 4, rows)
    assert seen.submitted("blue") == () and seen.submitted("red") is None


def test_one_store_serves_several_threads(make_session):
    import threading

    new, store = make_session(settings=Settings(resolve_when_all_in=False))
    seats = [store.seat(code) for code in new.seat_codes.values()]
    errors = []

    def play(seat):
        try:
            for i in range(15):
                seat.heartbeat()
                seat.submit(first_legal(seat.game(), seat.faction, f"{seat.faction} {i}"))
                seat.view()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=play, args=(seat,)) for seat in seats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    fac = store.facilitator(new.facilitator_code)
    assert len(fac.journal(1)) == 45
    assert {f: fac.game(1).submitted(f)[0].why for f in ("blue", "red", "green")} == {f: f"{f} 14" for f in ("blue", "red", "green")}
