"""A seat's desk: one faction of one world, and only what that faction may see.

A seat reads its world as its faction may (other seats' current orders and
every current rating are blanked in SQL, so they never reach this process),
keeps a draft, submits, notes, sends and reads its private messages,
heartbeats and ticks. The game it hands out
is a fork of the one the session caches, the seat's own: checking orders
against it, or playing on it, reaches neither the session nor another seat.
Every call re-checks the seat's code, so a code the facilitator reissued
closes an open desk.
Each call is one transaction of the store (``classroom.session.Session``);
a submission that completes the turn resolves it by ``classroom.turns``.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
from collections.abc import Sequence

from classroom import channels, turns
from classroom.checks import MAX_DRAFT_ORDERS, check_name, check_orders
from classroom.errors import AccessDenied, ClassroomError
from classroom.journal import dumps
from classroom.session import Session
from classroom.timer import TimerStatus
from classroom.values import AutoResolved, SeatInfo, SeatView, Submitted, WorldRow
from engine.codec import decode_orders, encode_orders
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Argue, Counter, Directive, Message, Note, Order, Pact, Plan, Reflection, Submission
from engine.log import Messaged

REPLACED = "this seat's code was replaced by the facilitator: ask for the new one"
"""Why a seat's open desk stopped working."""


class SeatDesk:
    """One team's access: one faction of one world, and only what that faction may see.

    Other seats' orders of the current turn never leave the database for this
    desk (they are blanked in SQL); once the turn resolves they are history and
    visible. Every call re-checks the code, so a reissued code closes an open desk.
    """

    def __init__(self, store: Session, world: int, faction: str, code_hash: str) -> None:
        """The desk of ``faction``'s seat in ``world`` for the code hashing to ``code_hash`` (``Store.access`` gives it)."""
        self.store = store
        self.world = world
        self.faction = faction
        self._code_hash = code_hash

    def _check(self, conn: sqlite3.Connection) -> WorldRow:
        """The seat's world; ``AccessDenied`` if the seat's code was replaced."""
        row = conn.execute("SELECT code_hash FROM seats WHERE world = ? AND faction = ?", (self.world, self.faction)).fetchone()
        if row is None or row[0] is None or not hmac.compare_digest(row[0], self._code_hash):
            raise AccessDenied(self.store.file, REPLACED)
        return self.store.world(conn, self.world)

    def _draft(self, conn: sqlite3.Connection, turn: int) -> tuple[Order, ...] | None:
        """The draft this seat saved for ``turn``, or None (a draft of an earlier turn is not shown)."""
        row = conn.execute("SELECT turn, orders FROM drafts WHERE world = ? AND faction = ?", (self.world, self.faction)).fetchone()
        if row is None or row[0] != turn:
            return None
        return decode_orders(json.loads(row[1]))

    def revision(self) -> int:
        """The world's revision: it changes whenever anything this seat may see changes (a single-row read)."""
        row = self.store.peek(
            "SELECT w.revision, s.code_hash FROM worlds w JOIN seats s ON s.world = w.id WHERE w.id = ? AND s.faction = ?",
            (self.world, self.faction),
        )
        if row is None or row[1] is None or not hmac.compare_digest(row[1], self._code_hash):
            raise AccessDenied(self.store.file, REPLACED)
        revision: int = row[0]
        return revision

    def view(self) -> SeatView:
        """Everything the seat shows, at one moment; its ``game`` is a fresh fork, the seat's own (in a
        fogged game, of the position its faction believes: rule 16)."""
        store = self.store
        with store.read() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction)
            start = store.turn_start(conn, world.id)
            submitted = store.submitted(conn, world.id, start)
            seats = store.seats(conn, world.id)
            status = store.timer(conn, world.id, store.settings(conn), store.now())
            draft = self._draft(conn, game.turn)
        team = next(team for faction, team, _, _ in seats if faction == self.faction)
        return SeatView(
            world.id,
            world.name,
            self.faction,
            team,
            world.revision,
            game.believed(self.faction),
            tuple(f for f in game.factions if f in submitted),
            game.submitted(self.faction),
            draft,
            status,
            tuple(SeatInfo(faction, team_, player) for faction, team_, player, _ in seats),
        )

    def game(self) -> Game:
        """A copy of the world's game as this seat may see it (a fork; in a fogged game the position
        its faction believes, rule 16), the caller's own to read or play on: nothing done to it
        reaches the session (only ``submit`` and ``note`` do)."""
        store = self.store
        with store.read() as conn:
            return store.game(conn, self._check(conn), self.faction).believed(self.faction)

    def timer(self) -> TimerStatus:
        """The world's timer now."""
        store = self.store
        with store.read() as conn:
            world = self._check(conn)
            return store.timer(conn, world.id, store.settings(conn), store.now())

    def draft(self) -> tuple[Order, ...] | None:
        """The draft this seat saved this turn, or None."""
        store = self.store
        with store.read() as conn:
            world = self._check(conn)
            turn, _ = store.turn(conn, world.id, store.turn_start(conn, world.id))
            return self._draft(conn, turn)

    def save_draft(self, orders: Sequence[Order], *, turn: int | None = None) -> None:
        """Keep unsubmitted orders, so a seat that drops and rejoins gets them back (not checked for legality).

        With ``turn`` (the turn they were drafted for), ``OrderError`` if the world moved on."""
        orders = check_orders(orders, MAX_DRAFT_ORDERS)
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            turn_now, over = store.turn(conn, world.id, store.turn_start(conn, world.id))
            if turn is not None and (turn != turn_now or over):
                raise OrderError(turns.moved_on(world, turn_now, over))
            conn.execute(
                "INSERT OR REPLACE INTO drafts (world, faction, turn, orders, saved_at) VALUES (?, ?, ?, ?, ?)",
                (world.id, self.faction, turn_now, dumps(encode_orders(orders)), store.now()),
            )

    def submit(self, orders: Sequence[Order], *, turn: int | None = None) -> Submitted:
        """Submit (or replace) this turn's orders; ``OrderError`` if illegal (nothing is written).

        Clears the draft. With ``resolve_when_all_in``, the submission that
        completes the turn resolves it, right after its own transaction (so the
        bots choose outside the writers' lock: ``turns.tick``). With ``turn``
        (the turn the orders were written for), ``OrderError`` if the world moved on:
        orders for a turn that resolved meanwhile never slip into the next one.
        """
        orders = check_orders(orders, self.store.scenario.orders_per_turn)
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction)
            turns.expect_turn(world, game, turn)
            game.check(self.faction, orders)
            turn = game.turn
            store.append(conn, world.id, turn, Submission(self.faction, orders), f"seat:{self.faction}")
            conn.execute("DELETE FROM drafts WHERE world = ? AND faction = ?", (world.id, self.faction))
            store.bump(conn, world.id)
            settings = store.settings(conn)
            complete = settings.resolve_when_all_in and turns.due(store, conn, world.id, settings, store.now()) == "all in"
        # Every team is in: the orders are public from here on, and whoever resolves first reads them.
        resolved = complete and turns.tick(store, world.id) is not None
        return Submitted(turn, resolved)

    def note(self, text: str) -> None:
        """Add a note from this team to the world's log, which every seat sees (a reason, a proposal,
        a protest); ``OrderError`` if it is empty or longer than the engine allows."""
        if not text.strip():
            raise OrderError("a note needs some text")
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction).fork()
            store.take(conn, world.id, game, Note(self.faction, text), f"seat:{self.faction}")
            store.bump(conn, world.id)

    def message(self, to: str, text: str) -> None:
        """Send a private message (rule 12.6) to the facilitator (``to`` = ``facilitator``) or to another faction of
        this world; only it, this team and the facilitator read it before the game ends. ``OrderError`` if refused
        (``classroom.channels``): empty or too long, to no one of the world, too many this turn or this minute."""
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction).fork()
            channels.send(store, conn, world, game, Message(self.faction, to, text), f"seat:{self.faction}")

    def messages(self) -> tuple[Messaged, ...]:
        """This team's private messages, sent and received, oldest first (every message once the game is over)."""
        store = self.store
        with store.read() as conn:
            return channels.messages(store.game(conn, self._check(conn), self.faction))

    def plan(self, text: str) -> None:
        """Hand in (or replace) the team's plan: its aims and the instruments it means to use, before turn 1 is
        resolved; ``OrderError`` after that, or for a text the engine refuses (``Game.plan``)."""
        self._hand_in(Plan(self.faction, text))

    def reflect(self, text: str) -> None:
        """Hand in (or replace) the team's reflection once the game is over; ``OrderError`` before, or for a text
        the engine refuses (``Game.reflect``)."""
        self._hand_in(Reflection(self.faction, text))

    def asks_for_writing(self) -> bool:
        """True when the session asks each team for its plan and its reflection (``Settings.plans``)."""
        store = self.store
        with store.read() as conn:
            self._check(conn)
            return store.settings(conn).plans

    def agree(self, act: str, agreement: str, other: str) -> None:
        """This team's step on an agreement (rule 14.2): propose ``agreement`` to ``other``, accept or decline
        ``other``'s proposal of it this turn, or renounce the one in force with ``other``; ``OrderError`` if the
        engine refuses it (``Game.agree``). A proposal to a bot's seat is answered by the bot when the turn resolves.
        Proposals and answers are public: every seat's log shows them."""
        self._hand_in(Pact(self.faction, act, agreement, other))

    def argue(self, text: str, target: str = "") -> int:
        """Propose an argued action (rule 15.2): what the team does and its arguments, aimed at region ``target`` or
        at home; its number this turn. Only this team and the facilitator read it until the facilitator adjudicates
        it (other seats' rows leave it out in SQL). ``OrderError`` if the engine refuses it (``Game.argue``)."""
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction).fork()
            number = game.next_argued(self.faction)
            store.take(conn, world.id, game, Argue(self.faction, number, text, target), f"seat:{self.faction}")
            store.bump(conn, world.id)
        return number

    def counter(self, actor: str, number: int, text: str) -> None:
        """Counter ``actor``'s adjudicated argued action ``number`` of this turn (rule 15.4); ``OrderError`` if refused."""
        self._hand_in(Counter(self.faction, actor, number, text))

    def _hand_in(self, step: Plan | Reflection | Pact | Counter) -> None:
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            game = store.game(conn, world, self.faction).fork()
            store.take(conn, world.id, game, step, f"seat:{self.faction}")
            store.bump(conn, world.id)

    def unnamed(self) -> bool:
        """True while the team has no name of its own (its seat still carries the faction's name): the door offers to name it."""
        store = self.store
        with store.read() as conn:
            self._check(conn)
            row = conn.execute("SELECT team FROM seats WHERE world = ? AND faction = ?", (self.world, self.faction)).fetchone()
        return bool(row[0] == store.scenario.faction(self.faction).name)

    def name_team(self, name: str) -> None:
        """Give the team its own name, once (while ``unnamed``); journaled as the facilitator's reseat is, so the log,
        the record and its reviews say who played the faction. ``OrderError`` if it is named already or the name is not 1
        to ``MAX_NAME`` printable characters."""
        name = name.strip()
        try:
            check_name(self.store.file, "a team's name", name)
        except ClassroomError as exc:
            raise OrderError(exc.message) from None
        store = self.store
        with store.write() as conn:
            world = self._check(conn)
            row = conn.execute("SELECT team FROM seats WHERE world = ? AND faction = ?", (self.world, self.faction)).fetchone()
            if row[0] != store.scenario.faction(self.faction).name:
                raise OrderError(f"this team is named already ({row[0]}); the facilitator can rename it")
            game = store.game(conn, world, self.faction).fork()
            store.take(conn, world.id, game, Directive("seat", self.faction, name), f"seat:{self.faction}")
            conn.execute("UPDATE seats SET team = ? WHERE world = ? AND faction = ?", (name, self.world, self.faction))
            store.bump(conn, world.id)

    def heartbeat(self) -> None:
        """Say this seat is still here (the facilitator's overview shows ``last_seen``)."""
        store = self.store
        with store.write() as conn:
            self._check(conn)
            conn.execute("UPDATE seats SET last_seen = ? WHERE world = ? AND faction = ?", (store.now(), self.world, self.faction))

    def tick(self) -> AutoResolved | None:
        """Resolve this seat's world if it is due by the session's rules (so a deadline passes without the console)."""
        with self.store.read() as conn:
            self._check(conn)
        return turns.tick(self.store, self.world)
