"""The turn policy both desks share: when a world's turn is due to resolve, and what resolving does.

A turn is due by itself when every team seat is in (``resolve_when_all_in``)
or its last phase ran out (``resolve_at_deadline``), never while its timer is
paused. Resolving is one transaction: the bots that have not ordered order,
the ``resolve`` row, the injects scheduled for the turn it opens, the timer's
restart. The bots choose *before* it, outside the writers' lock
(``plan_bots`` on a read of the world; a lookahead bot on a large scenario
thinks for seconds, and every other world's writers would wait): the
transaction takes their orders if the world's revision is still the one they
were chosen at (a bot's choice depends only on the game), and otherwise
lets them choose again inside. An action confirmed for a turn the world has
left does nothing (``expect_turn``). Everything here works inside the
caller's transaction, through ``Session``'s interface, except ``plan_bots``,
``tick`` and ``resolve_now``, which open their own.
"""

from __future__ import annotations

import json
import sqlite3

from classroom import sessionfile, timer
from classroom.made_events import scheduled_step
from classroom.session import Session
from classroom.values import FACILITATOR, TEAM, AutoResolved, Settings, WorldRow
from engine.codec import decode_orders
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Pact, Resolve, Submission

BotPlan = tuple[int, tuple[Submission | Pact, ...]]
"""The bots' orders for a world's turn and the world revision they were chosen at."""


def due(store: Session, conn: sqlite3.Connection, world: int, settings: Settings, now: float) -> str:
    """Why the world's turn should resolve by itself now: ``all in``, ``deadline``, or "" (not due).

    A world whose timer is paused is on hold: it resolves only when the facilitator says so
    (to rate the last arguments, say), or once the timer runs again."""
    start = store.turn_start(conn, world)
    if store.turn(conn, world, start)[1] or store.clock_of(conn, world).paused:
        return ""
    if settings.resolve_when_all_in and _all_in(store, conn, world, start):
        return "all in"
    if settings.resolve_at_deadline and settings.phases:
        status = store.timer(conn, world, settings, now)
        if status.deadline_passed:
            return "deadline"
    return ""


def _all_in(store: Session, conn: sqlite3.Connection, world: int, start: int) -> bool:
    """Every team seat has orders in this turn, and a seat submitted since the last undo."""
    teams = {row[0] for row in conn.execute("SELECT faction FROM seats WHERE world = ? AND player = ?", (world, TEAM))}
    if not teams or not teams <= store.submitted(conn, world, start):
        return False
    last_undo = conn.execute("SELECT max(seq) FROM journal WHERE world = ? AND kind = 'undo'", (world,)).fetchone()[0]
    last_seat = conn.execute(
        "SELECT max(seq) FROM journal WHERE world = ? AND kind = 'orders' AND seq > ? AND made_by LIKE 'seat:%'",
        (world, start),
    ).fetchone()[0]
    return bool(last_seat is not None and last_seat > (last_undo or 0))


def plan_bots(store: Session, world_id: int) -> BotPlan:
    """The orders the bots of the world that have not ordered would give now, chosen outside any transaction."""
    with store.read() as conn:
        world = store.world(conn, world_id)
        game = store.game(conn, world).fork()
        seats = store.seats(conn, world_id)
    return world.revision, _choose(game, seats)


def _choose(game: Game, seats: list[tuple[str, str, str, float | None]]) -> tuple[Submission | Pact, ...]:
    """Each bot's answers to the proposals made to it (rule 14.2), then its submission, in seat order, each chosen
    on ``game`` after the ones before it were applied."""
    from players.bots import answers, make_strategy  # here: only a turn with bots in it loads them

    out: list[Submission | Pact] = []
    for faction, _, player, _ in seats:
        if player != TEAM:
            for answer in answers(make_strategy(player), game, faction):
                game.apply(answer)
                out.append(answer)
        if player != TEAM and game.submitted(faction) is None:
            submission = Submission(faction, tuple(make_strategy(player).choose(game, faction)))
            game.apply(submission)
            out.append(submission)
    return tuple(out)


def resolve(store: Session, conn: sqlite3.Connection, world: WorldRow, game: Game, made_by: str, plan: BotPlan | None = None) -> int:
    """Resolve the world's turn on ``game``: bots order (as ``plan`` says, if it was made at this revision), the
    turn resolves, the next one's scheduled injects play, the timer restarts; the turn resolved."""
    turn = game.turn
    seats = store.seats(conn, world.id)
    players = {faction: player for faction, _, player, _ in seats}
    bots = plan[1] if plan is not None and plan[0] == world.revision else _choose(game.fork(), seats)
    for step in bots:
        store.take(conn, world.id, game, step, f"bot:{players[step.faction]}")
    if made_by == "auto:deadline" and store.settings(conn).drafts_at_deadline:
        _submit_drafts(store, conn, world.id, game, [faction for faction, player in players.items() if player == TEAM])
    seq = store.take(conn, world.id, game, Resolve(), made_by)
    if not game.is_over:
        definition = "definition" if sessionfile.made_events(conn) else "NULL"
        scheduled = conn.execute(
            f"SELECT id, card, target, {definition} FROM scheduled WHERE world = ? AND turn = ? AND applied_seq IS NULL ORDER BY id",
            (world.id, game.turn),
        ).fetchall()
        for ident, card, target, spelt in scheduled:
            try:
                applied = store.take(conn, world.id, game, scheduled_step(card, target, spelt), "scheduled")
                conn.execute("UPDATE scheduled SET applied_seq = ?, problem = NULL WHERE id = ?", (applied, ident))
            except OrderError as exc:
                conn.execute("UPDATE scheduled SET applied_seq = ?, problem = ? WHERE id = ?", (seq, str(exc), ident))
    restart_timer(store, conn, world.id)
    store.bump(conn, world.id)
    store.checkpoint_after_commit()  # a plain copy of the file then holds every resolved turn
    return turn


def _submit_drafts(store: Session, conn: sqlite3.Connection, world: int, game: Game, teams: list[str]) -> None:
    """Submit, for each team in ``teams`` without orders this turn, the draft it saved for this turn, if it is
    legal (journaled as ``draft:FACTION``); a team with no draft, or an illegal one, passes."""
    drafts = dict(conn.execute("SELECT faction, orders FROM drafts WHERE world = ? AND turn = ?", (world, game.turn)).fetchall())
    for faction in teams:
        if faction in drafts and game.submitted(faction) is None:
            try:
                orders = decode_orders(json.loads(drafts[faction]))
                store.take(conn, world, game, Submission(faction, orders), f"draft:{faction}")
            except (OrderError, ValueError, TypeError):
                continue  # an illegal or unreadable draft: the team passes, as without one


def restart_timer(store: Session, conn: sqlite3.Connection, world: int) -> None:
    """Start the world's timer over from now (a new turn, an undo); a paused timer stays paused."""
    store.set_clock(conn, world, timer.restart(store.clock_of(conn, world), store.now()))


def tick(store: Session, world_id: int) -> AutoResolved | None:
    """Resolve the world if it is due; safe when other processes tick at the same time."""
    with store.read() as conn:
        why = due(store, conn, world_id, store.settings(conn), store.now())
    if not why:
        return None
    plan = plan_bots(store, world_id)
    with store.write() as conn:  # someone may have resolved it meanwhile: look again, holding the lock
        why = due(store, conn, world_id, store.settings(conn), store.now())
        if not why:
            return None
        world = store.world(conn, world_id)
        game = store.game(conn, world).fork()
        turn = resolve(store, conn, world, game, f"auto:{why}", plan)
    return AutoResolved(world_id, turn, why)


def resolve_now(store: Session, world_id: int, turn: int | None) -> int:
    """Resolve the world's turn for the facilitator (``turn``: only if the world is still in it); the turn resolved."""
    plan = plan_bots(store, world_id)
    with store.write() as conn:
        world = store.world(conn, world_id)
        game = store.game(conn, world).fork()
        expect_turn(world, game, turn)
        if game.is_over:
            raise OrderError("the game is over")
        return resolve(store, conn, world, game, FACILITATOR, plan)


def expect_turn(world: WorldRow, game: Game, turn: int | None) -> None:
    """``OrderError`` unless ``game`` is still in ``turn``'s orders phase (no check when ``turn`` is None)."""
    if turn is not None and (game.turn != turn or game.is_over):
        raise OrderError(moved_on(world, game.turn, game.is_over))


def moved_on(world: WorldRow, turn: int, over: bool) -> str:
    """Why an action meant for an earlier turn of ``world`` (now on ``turn``, or ``over``) did nothing."""
    now = "is over" if over else f"is on turn {turn}"
    return f"{world.name} moved on meanwhile (it {now}): nothing was done"
