"""The facilitator's desk: every world of the session, every action on it.

The facilitator reads each world whole (every current submission, with its
justifications and ratings, the scheduled injects, the seats' last
heartbeats, the session's library of made events), as values and immutable
views (``GameView``) or a fork of its game, never the game the session
caches; and acts on it: injects of the scenario's cards or of events made in
play (rule 12.5), now or scheduled, the library, notes, ratings, resolutions and undos, reseating and new codes,
timers, settings, records.
Each call is one transaction of the store (``classroom.session.Session``);
resolutions follow ``classroom.turns``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from classroom import channels, made_events, provenance, sessionfile, timer, turns
from classroom.checks import check_name, check_player
from classroom.errors import ClassroomError
from classroom.journal import Row
from classroom.made_events import MadeEvent
from classroom.session import Session
from classroom.timer import Clock
from classroom.values import (
    FACILITATOR,
    TEAM,
    AutoResolved,
    Overview,
    Scheduled,
    SeatStatus,
    Settings,
    SubmittedOrders,
    WorldInfo,
    WorldStatus,
)
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Adjudication, Directive, Message, Note, Rating, Step, Undo
from engine.log import Argued, Messaged
from engine.views import GameView

EXPORT_MODE = 0o600
"""The permissions of an exported record: its owner's only, like the session file's."""


class FacilitatorDesk:
    """The facilitator's access: every world, every action. Worlds are named by id (``WorldInfo.id``)."""

    def __init__(self, store: Session) -> None:
        """The desk of ``store`` (``Store.access`` gives it for the facilitator's code)."""
        self.store = store

    # -- reading ----------------------------------------------------------------------------------

    def worlds(self) -> tuple[WorldInfo, ...]:
        """Every world: id, name, seed."""
        return self.store.worlds()

    def revision(self) -> int:
        """A number that grows whenever any world changes (a single-row read; poll it freely)."""
        return self.store.revision()

    def overview(self) -> Overview:
        """Every world, its seats and its timer, read at one moment (heartbeats change ``last_seen`` without a revision).

        A world whose journal cannot be folded is listed with its ``problem``; the others are read as usual."""
        store = self.store
        worlds = []
        with store.read() as conn:
            now = store.now()
            settings = store.settings(conn)
            made = sessionfile.made_events(conn)
            for world in store.all_worlds(conn):
                start = store.turn_start(conn, world.id)
                problem = None
                try:
                    game = store.game(conn, world)
                    turn, over = game.turn, game.is_over
                except ClassroomError as exc:
                    problem = exc.message
                    turn, over = _journal_turn(store, conn, world.id, start)
                submitted = store.submitted(conn, world.id, start)
                seats = tuple(
                    SeatStatus(faction, team, player, faction in submitted, last_seen) for faction, team, player, last_seen in store.seats(conn, world.id)
                )
                definition = "definition" if made else "NULL"
                scheduled = tuple(
                    Scheduled(ident, turn, card, target, applied is not None and problem is None, problem, made_events.name_of(store.scenario, card, spelt))
                    for ident, turn, card, target, applied, problem, spelt in conn.execute(
                        f"SELECT id, turn, card, target, applied_seq, problem, {definition} FROM scheduled WHERE world = ? ORDER BY turn, id",
                        (world.id,),
                    )
                )
                worlds.append(
                    WorldStatus(
                        world.id,
                        world.name,
                        world.seed,
                        world.revision,
                        turn,
                        over,
                        seats,
                        store.timer(conn, world.id, settings, now),
                        scheduled,
                        problem,
                    )
                )
        return Overview(now, tuple(worlds))

    def view(self, world: int) -> GameView:
        """The world's whole game as it is now, every current submission included: an immutable
        ``GameView`` that the world playing on never changes (read the desk again for what follows)."""
        store = self.store
        with store.read() as conn:
            return store.game(conn, store.world(conn, world)).view()

    def game(self, world: int) -> Game:
        """A copy of the world's whole game (a ``fork``), the caller's own to read or play on:
        nothing done to it reaches the session. For what a game alone answers (its digests,
        ratings, legal options, what-ifs); ``view`` is the read-only snapshot for drawing."""
        store = self.store
        with store.read() as conn:
            return store.game(conn, store.world(conn, world)).fork()

    def orders_to_rate(self, world: int) -> tuple[SubmittedOrders, ...]:
        """Each faction's submission this turn, with its justifications and current ratings (facilitator only)."""
        store = self.store
        with store.read() as conn:
            game = store.game(conn, store.world(conn, world))
            teams = {faction: team for faction, team, _, _ in store.seats(conn, world)}
        out = []
        for faction in game.factions:
            orders = game.submitted(faction)
            if orders is not None:
                ratings = tuple(game.rating(faction, index) for index in range(1, len(orders) + 1))
                out.append(SubmittedOrders(faction, teams.get(faction, faction), orders, ratings))
        return tuple(out)

    def journal(self, world: int) -> tuple[Row, ...]:
        """The world's journal rows, oldest first (for audit and debugging)."""
        store = self.store
        with store.read() as conn:
            store.world(conn, world)
            return tuple(store.rows(conn, world, ""))

    def settings(self) -> Settings:
        """The session's settings."""
        return self.store.settings()

    # -- acting -----------------------------------------------------------------------------------

    def _act(self, world: int, step: Step, *, turn: int | None = None) -> None:
        """Take ``step`` in the world as the facilitator (``turn``: only if the world is still in it)."""
        store = self.store
        with store.write() as conn:
            info = store.world(conn, world)
            game = store.game(conn, info).fork()
            turns.expect_turn(info, game, turn)
            store.take(conn, world, game, step, FACILITATOR)
            store.bump(conn, world)

    def inject(self, world: int, card: str | Mapping[str, Any], target: str = "") -> None:
        """Play ``card`` now (on ``target``, or by the card's rule); ``OrderError`` if impossible.

        ``card`` is a scenario card's id, or the table of an event made in play (rule 12.5,
        ``engine.made_cards``), which the journal and the world's record keep whole."""
        self._act(world, made_events.inject_step(card, target))

    def schedule(self, world: int, turn: int, card: str | Mapping[str, Any], target: str = "") -> int:
        """Play ``card`` (as ``inject`` takes it) when ``turn`` begins (later than now); returns the schedule's id.
        ``OrderError`` if impossible."""
        store = self.store
        step = made_events.inject_step(card, target)
        with store.write() as conn:
            info = store.world(conn, world)
            game = store.game(conn, info)
            if isinstance(turn, bool) or not isinstance(turn, int) or not game.turn < turn <= store.scenario.turns:
                raise OrderError(f"an inject is scheduled for a turn from {game.turn + 1} to {store.scenario.turns}, not {turn!r}")
            game.fork().apply(step)  # the same checks as playing it now
            cursor = conn.execute(
                "INSERT INTO scheduled (world, turn, card, target, made_at, definition) VALUES (?, ?, ?, ?, ?, ?)",
                (world, turn, made_events.card_id(card), target, store.now(), made_events.definition_of(card)),
            )
            store.bump(conn, world)
            ident = cursor.lastrowid
            assert ident is not None, "an INSERT gives its row's id"
            return ident

    def library(self) -> tuple[MadeEvent, ...]:
        """The events saved in the session's library, for any world to play (facilitator only)."""
        with self.store.read() as conn:
            return made_events.library(conn)

    def save_event(self, card: Mapping[str, Any]) -> MadeEvent:
        """Keep the made event ``card`` (its table) in the session's library; ``OrderError`` if the scenario could
        not hold it or the library has another event of its id (``made_events.save``)."""
        store = self.store
        with store.write() as conn:
            return made_events.save(conn, store.scenario, card, store.now())

    def cancel(self, world: int, scheduled: int) -> None:
        """Cancel a scheduled inject that has not been played; ``OrderError`` otherwise."""
        store = self.store
        with store.write() as conn:
            store.world(conn, world)
            cursor = conn.execute("DELETE FROM scheduled WHERE id = ? AND world = ? AND applied_seq IS NULL", (scheduled, world))
            if cursor.rowcount != 1:
                raise OrderError(f"there is no scheduled inject {scheduled} waiting in this world")
            store.bump(conn, world)

    def note(self, world: int, text: str) -> None:
        """Add a facilitator's note to the world's log (every seat sees it)."""
        self._act(world, Note(FACILITATOR, text))

    def message(self, world: int, to: str, text: str) -> None:
        """Send a private message (rule 12.6) to faction ``to`` of the world; only that team reads it before the
        game ends. ``OrderError`` if refused (``classroom.channels``)."""
        store = self.store
        with store.write() as conn:
            info = store.world(conn, world)
            channels.send(store, conn, info, store.game(conn, info).fork(), Message(FACILITATOR, to, text), FACILITATOR)

    def messages(self, world: int) -> tuple[Messaged, ...]:
        """Every private message of the world, between any parties, oldest first (the facilitator reads them all)."""
        store = self.store
        with store.read() as conn:
            return channels.messages(store.game(conn, store.world(conn, world)))

    def adjudicate(self, world: int, faction: str, number: int, difficulty: int, effects: Mapping[str, int]) -> None:
        """Adjudicate ``faction``'s argued action ``number`` of this turn (rule 15.3): its difficulty and effects within
        the scenario's ``[argued]`` limits; every seat reads it from then on. ``OrderError`` if refused."""
        self._act(world, Adjudication(faction, number, difficulty, dict(effects)))

    def argued(self, world: int) -> tuple[Argued, ...]:
        """The world's argued actions of this turn as proposed, adjudicated and countered, oldest first (the facilitator
        reads every one; a seat reads another team's only once adjudicated)."""
        store = self.store
        with store.read() as conn:
            game = store.game(conn, store.world(conn, world))
            return tuple(entry for entry in game.turn_log(game.turn) if isinstance(entry, Argued))

    def rate(self, world: int, faction: str, order: int, strong: bool | None, *, turn: int | None = None) -> None:
        """Rate ``faction``'s order ``order`` (1-based) this turn: strong (+1 to its roll), weak (−1) or None (no rating).

        With ``turn`` (the turn the facilitator read the orders of), ``OrderError`` if the world moved on."""
        self._act(world, Rating(faction, order, strong), turn=turn)

    def resolve(self, world: int, *, turn: int | None = None) -> int:
        """Resolve the world's turn now (bots order first; teams that did not submit pass); the turn resolved.

        With ``turn`` (the turn the facilitator confirmed), ``OrderError`` if the world moved on.
        The bots choose before the write (``turns.resolve_now``)."""
        return turns.resolve_now(self.store, world, turn)

    def undo(self, world: int, reason: str, *, turn: int | None = None) -> None:
        """Take back the world's last resolution (its orders and ratings stay); ``OrderError`` if none.

        The turn's timer restarts; injects that were played when the undone
        turn began will play again when it begins again. With ``turn`` (the turn
        the facilitator saw when confirming), ``OrderError`` if the world moved on.
        """
        store = self.store
        with store.write() as conn:
            info = store.world(conn, world)
            start = store.turn_start(conn, world)
            game = store.game(conn, info).fork()
            turns.expect_turn(info, game, turn)
            store.take(conn, world, game, Undo(reason), FACILITATOR)
            conn.execute("UPDATE scheduled SET applied_seq = NULL, problem = NULL WHERE world = ? AND applied_seq >= ?", (world, start))
            turns.restart_timer(store, conn, world)
            store.bump(conn, world)

    def reseat(self, world: int, faction: str, team: str, player: str = TEAM) -> str | None:
        """Give ``faction``'s seat to ``team`` (played by people, or by bot ``player``); journaled.

        Returns the seat's new code (None for a bot); the old code stops
        working at once, for open seats too.
        """
        check_name(self.store.file, "a team's name", team)
        check_player(self.store.file, player)
        store = self.store
        with store.write() as conn:
            info = store.world(conn, world)
            game = store.game(conn, info).fork()
            store.take(conn, world, game, Directive("seat", faction, team), FACILITATOR)
            code, code_hash = (None, None)
            if player == TEAM:
                code, code_hash = store.fresh_seat_code(conn)
            conn.execute(
                "UPDATE seats SET team = ?, player = ?, code_hash = ?, last_seen = NULL WHERE world = ? AND faction = ?",
                (team, player, code_hash, world, faction),
            )
            store.bump(conn, world)
        return code

    def new_code(self, world: int, faction: str) -> str:
        """A new code for a team seat (a lost code); the old one stops working at once."""
        store = self.store
        with store.write() as conn:
            store.world(conn, world)
            row = conn.execute("SELECT player FROM seats WHERE world = ? AND faction = ?", (world, faction)).fetchone()
            if row is None or row[0] != TEAM:
                raise OrderError(f"{faction!r} is not a team seat of this world")
            code, code_hash = store.fresh_seat_code(conn)
            conn.execute("UPDATE seats SET code_hash = ? WHERE world = ? AND faction = ?", (code_hash, world, faction))
        return code

    def sideline(self, world: int, faction: str, member: str) -> None:
        """Record that ``member`` of ``faction``'s team sits this turn out."""
        check_name(self.store.file, "a member's name", member)
        self._act(world, Directive("sideline", faction, member))

    def pause(self, world: int | None = None) -> None:
        """Pause the timer of ``world`` (None: every world); journaled. Already paused: nothing happens."""
        self._timers(world, "paused", lambda clock, now: timer.pause(clock, now))

    def resume(self, world: int | None = None) -> None:
        """Start or resume the timer of ``world`` (None: every world); journaled. Running: nothing happens."""
        self._timers(world, "resumed", lambda clock, now: timer.resume(clock, now))

    def add_time(self, world: int | None, seconds: int) -> None:
        """Give the current phase of ``world`` (None: every world) ``seconds`` more (negative: fewer, so the
        deadline may pass at once); journaled. ``OrderError`` unless 0 < |seconds| <= 24 hours."""
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 < abs(seconds) <= 86_400:
            raise OrderError(f"time is added or taken off in whole seconds, up to a day at once, not {seconds!r}")
        text = f"{timer.duration(abs(seconds))} {'added' if seconds > 0 else 'taken off'}"
        self._timers(world, text, lambda clock, now: timer.add_time(clock, seconds))

    def _timers(self, world: int | None, text: str, change: Callable[[Clock, float], Clock]) -> None:
        """Change the timer of ``world`` (None: every world that is not over), journaled as ``Timer <text>``;
        a timer the change leaves as it was is passed by."""
        store = self.store
        with store.write() as conn:
            worlds = store.all_worlds(conn) if world is None else [store.world(conn, world)]
            now = store.now()
            for info in worlds:
                clock = store.clock_of(conn, info.id)
                changed = change(clock, now)
                game = store.game(conn, info).fork()
                if changed == clock or (game.is_over and world is None):
                    continue  # a finished world has no clock to keep: every world's change passes it by
                store.take(conn, info.id, game, Directive("timer", "", text), FACILITATOR)
                store.set_clock(conn, info.id, changed)
                store.bump(conn, info.id)

    def configure(self, settings: Settings) -> None:
        """Change the session's timing and auto-resolution (takes effect at once in every world)."""
        problem = settings.problem()
        if problem:
            raise ClassroomError(self.store.file, f"bad settings: {problem}")
        store = self.store
        with store.write() as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'settings'", (settings.to_json(),))
            conn.execute("UPDATE worlds SET revision = revision + 1")

    def tick(self) -> tuple[AutoResolved, ...]:
        """Resolve every world that is due (all teams in, or its deadline passed); what was resolved.

        Safe to call from several processes at once: a world is resolved by
        whichever gets there first, and re-checked under the write lock. A
        world that cannot be played (a damaged journal) is passed by, so the
        others still resolve: ``overview`` names its problem.
        """
        done = []
        for world in self.store.worlds():
            try:
                result = turns.tick(self.store, world.id)
            except ClassroomError:
                continue
            if result is not None:
                done.append(result)
        return tuple(done)

    def export(self, world: int, path: str | Path, created: str | None = None) -> None:
        """Write the world's game record (``engine.record``), signed by the session (``classroom.provenance``),
        to ``path``; ``created`` defaults to the session's.

        The record is readable and writable by its owner only, as the session file is: it holds every
        team's justifications."""
        store = self.store
        secret = provenance.export_secret(store)
        with store.read() as conn:
            game = store.game(conn, store.world(conn, world))
            rows = store.seats(conn, world)
        seats = {faction: "human" if player == TEAM else player for faction, _, player, _ in rows}
        teams = {faction: team for faction, team, player, _ in rows if player == TEAM}
        try:
            provenance.write_export(path, game, seats, created or store.created, secret, world, mode=EXPORT_MODE, teams=teams)
        except OSError as exc:
            raise ClassroomError(str(path), f"the record cannot be written: {exc.strerror or exc}") from None


def _journal_turn(store: Session, conn: sqlite3.Connection, world: int, start: int) -> tuple[int, bool]:
    """The turn and end a world's journal says it reached, read without folding it; (1, False) if even that is damaged."""
    try:
        return store.turn(conn, world, start)
    except (ValueError, TypeError, KeyError, sqlite3.Error):
        return 1, False
