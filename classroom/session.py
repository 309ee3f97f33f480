"""An open session file: its connection, its transactions, and the reads and writes the desks are built of.

``Session`` holds the one connection a process has to the file, serialises
its threads, turns every call into one transaction (``read``, or ``write``,
which queues on the writers' lock, takes SQLite's write lock at once and
upgrades an older file first) and keeps each world's folded game per
revision. Its methods that take a connection are the package's interface to
the tables, used inside a transaction the caller opened: the desks
(``classroom.facilitator_desk``, ``classroom.seat_desk``) and the turn policy
(``classroom.turns``) are written with them and no SQL of their own beyond
what only they touch. ``classroom.store.Store`` is the session one opens,
creates and asks for desks.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from classroom import codes, sessionfile, timer
from classroom.errors import AccessDenied, ClassroomError
from classroom.journal import FoldError, Row, dumps, encode, fold, turn_start
from classroom.timer import Clock, TimerStatus
from classroom.values import Settings, WorldInfo, WorldRow
from engine.errors import ScenarioError
from engine.game import Game
from engine.inputs import Step
from engine.model import Scenario
from engine.scenario_loader import load_scenario_text
from engine.version import ENGINE_VERSION


class Session:
    """An open session file. Open one with ``Store.open``; close it when done.

    It may be used from several threads of one process; each process opens
    its own. Every public call either completes in one transaction or changes
    nothing. For the package, inside a transaction (``with session.read() as
    conn`` or ``write()``), with the connection as first argument:

    * reading: ``settings``, ``world``, ``all_worlds``, ``seats``,
      ``turn_start``, ``turn``, ``submitted``, ``rows``, ``game`` (cached per
      world revision), ``clock_of``, ``timer``;
    * writing: ``append``, ``take``, ``bump``, ``set_clock``, ``fresh_seat_code``;

    and outside one: ``peek`` (a single-row poll), ``identify`` (whose code it is), ``now``.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, clock: Callable[[], float], *, wal_missing: bool = False) -> None:
        """Use ``Store.open`` (``wal_missing``: no ``-wal`` lay beside the file before it was opened)."""
        self.path = path
        self.file = str(path)
        self._conn: sqlite3.Connection | None = connection
        self._clock = clock
        self._lock = threading.RLock()
        self._writers = sessionfile.WriterQueue(path)
        self._checkpoint_due = False
        self._games: dict[tuple[int, str], tuple[int, Game]] = {}
        self._bases: dict[tuple[int, str], tuple[int, bool, Game]] = {}
        """Per world and viewer, the seq of its resolution in force, whether it ended the game and the game folded
        through it (``_resolved``)."""
        meta = self._meta()
        try:
            self.format = int(meta["format"])
            self.engine = meta["engine"]
            self.created = meta["created"]
            source, sha = meta["scenario_source"], meta["scenario_sha256"]
            salt, iterations = meta["code_salt"], int(meta["code_iterations"])
            self._facilitator_hash = meta["facilitator_code"]
            Settings.from_json(meta["settings"])
        except (KeyError, ValueError, TypeError) as exc:
            raise ClassroomError(self.file, f"the session's settings are missing or damaged ({exc})") from None
        self._salt, self._iterations = sessionfile.code_settings(self.file, salt, iterations)
        if self.format > sessionfile.FORMAT:
            raise ClassroomError(self.file, sessionfile.newer(self.format))
        if sessionfile.sha256(source) != sha:
            raise ClassroomError(self.file, "the embedded scenario does not match its hash: the file was edited")
        try:
            self.scenario: Scenario = load_scenario_text(source, f"{self.file} (embedded scenario)")
        except ScenarioError as exc:
            raise ClassroomError(self.file, f"the embedded scenario is not valid: {exc}") from None
        in_use = meta.get(sessionfile.IN_USE) == "1"
        self.warning: str | None = sessionfile.STALE_COPY if wal_missing and in_use else None
        """Set when the file looks like a copy made while it was in use (``sessionfile.IN_USE``): say it to the user."""
        self._presence = sessionfile.Presence(path)
        self._marked = False
        """True once this process's writes have marked the file in use (its first write does)."""

    def _mark_in_use(self, value: str) -> None:
        """Write ``sessionfile.IN_USE`` and checkpoint, so the main file itself says it (a copy of it carries it).
        Only the last process to close calls it ("0"); the first write of each process marks "1" (``write``)."""
        with contextlib.suppress(ClassroomError):  # a file that cannot be written now fails at its first write, in words
            with self._writers, self._transaction("BEGIN IMMEDIATE") as conn:  # not ``write``: it upgrades no file
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (sessionfile.IN_USE, value))
            self.checkpoint(truncate=value == "0")

    def _says_in_use(self) -> bool:
        """Whether the file's ``sessionfile.IN_USE`` is "1" now (False if it cannot be read)."""
        try:
            row = self.peek("SELECT value FROM meta WHERE key = ?", (sessionfile.IN_USE,))
        except ClassroomError:
            return False
        return row is not None and row[0] == "1"

    def checkpoint(self, *, truncate: bool = False) -> None:
        """Copy what the ``-wal`` holds into the main file, as far as no reader needs it (with ``truncate``, and
        when no one reads, empty the ``-wal`` too): a plain copy of the file then misses little. Errors pass."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})")

    def checkpoint_after_commit(self) -> None:
        """Checkpoint once the write transaction in progress commits (``turns.resolve`` asks it)."""
        self._checkpoint_due = True

    def backup(self, out: str | Path) -> None:
        """Copy the whole session, at one moment, to ``out`` (``sessionfile.backup``)."""
        with self._lock:
            if self._conn is None:
                raise ClassroomError(self.file, "the session is closed")
            sessionfile.backup(self._conn, self.file, Path(out))

    def now(self) -> float:
        """The time on the store's clock, which its timers use."""
        return self._clock()

    def close(self) -> None:
        """Close the file (the store cannot be used afterwards)."""
        with self._lock:
            if self._conn is not None:
                if self._presence.alone() and self._says_in_use():  # the last process to close: the file is whole in itself again
                    self._mark_in_use("0")
                self._conn.close()
                self._conn = None
                self._writers.close()
                self._presence.close()

    def settings(self, conn: sqlite3.Connection | None = None) -> Settings:
        """The session's settings now: in ``conn``'s transaction, or (without it) in one of their own."""
        if conn is None:
            with self.read() as conn:
                return self.settings(conn)
        text = conn.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()[0]
        return Settings.from_json(text)

    def revision(self) -> int:
        """A number that grows whenever any world changes (a single-row read; poll it freely)."""
        row = self.peek("SELECT coalesce(sum(revision), 0) FROM worlds")
        assert row is not None, "an aggregate gives one row"
        revision: int = row[0]
        return revision

    def worlds(self) -> tuple[WorldInfo, ...]:
        """Every world: id, name, seed."""
        with self.read() as conn:
            return tuple(WorldInfo(*row) for row in conn.execute("SELECT id, name, seed FROM worlds ORDER BY id"))

    def new_facilitator_code(self) -> str:
        """Issue a new facilitator's code and return it; the old one stops opening anything.

        No code is asked: whoever can write the session file (its owner: it is
        readable and writable by its owner only) could change anything in it anyway.
        """
        code = codes.new_code(codes.FACILITATOR_GROUPS)
        code_hash = codes.hash_code(code, self._salt, self._iterations)
        with self.write() as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'facilitator_code'", (code_hash,))
        self._facilitator_hash = code_hash
        return code

    def identify(self, code: str) -> tuple[int, str, str] | None:
        """Whose code ``code`` is: None for the facilitator's, (world, faction, code hash) for a seat's; ``AccessDenied``
        for no one's (or no code at all)."""
        if not isinstance(code, str) or not codes.normalise(code):
            raise AccessDenied(self.file, "no code was given: type the code the facilitator handed out")
        code_hash = codes.hash_code(code, self._salt, self._iterations)
        if hmac.compare_digest(code_hash, self._facilitator_hash):
            return None
        with self.read() as conn:
            row = conn.execute("SELECT world, faction FROM seats WHERE code_hash = ?", (code_hash,)).fetchone()
        if row is None:
            raise AccessDenied(self.file, "that code opens no seat in this session: check it with the facilitator")
        return row[0], row[1], code_hash

    # -- transactions ---------------------------------------------------------------------------

    def read(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed moment."""
        return self._transaction("BEGIN")

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: taken at once (IMMEDIATE), so it never fails half-way for a lock.

        Writers of every process queue on the session's writer lock first, so a burst of
        submissions is served in turn rather than by SQLite's busy retries, which sleep.
        A file of an older format is upgraded first, in the same transaction."""
        older = self.format < sessionfile.FORMAT
        self._checkpoint_due = False
        with self._writers, self._transaction("BEGIN IMMEDIATE") as conn:
            if older:
                sessionfile.upgrade(conn)
            if not self._marked:  # this process's first write: the file is in use (reading alone never changes it)
                marked = conn.execute("SELECT value FROM meta WHERE key = ?", (sessionfile.IN_USE,)).fetchone()
                if marked is None or marked[0] != "1":
                    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (sessionfile.IN_USE,))
                    self._checkpoint_due = True
            yield conn
        self._marked = True
        if older:
            self.format = sessionfile.FORMAT
        if self._checkpoint_due:
            self._checkpoint_due = False
            self.checkpoint()

    def peek(self, sql: str, parameters: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """One row of a single statement, outside any transaction: the cheap read that polling uses."""
        with self._lock:
            if self._conn is None:
                raise ClassroomError(self.file, "the session is closed")
            try:
                row: tuple[Any, ...] | None = self._conn.execute(sql, parameters).fetchone()
                return row
            except sqlite3.Error as exc:
                raise self._failure(exc) from None

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise ClassroomError(self.file, "the session is closed")
            try:
                conn.execute(begin)
            except sqlite3.Error as exc:
                raise self._failure(exc) from None
            try:
                yield conn
            except sqlite3.Error as exc:
                _rollback(conn)
                raise self._failure(exc) from None
            except BaseException:
                _rollback(conn)
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise self._failure(exc) from None

    def _failure(self, exc: sqlite3.Error) -> ClassroomError:
        return ClassroomError(self.file, sessionfile.plain(exc))

    def _meta(self) -> dict[str, str]:
        try:
            with self.read() as conn:
                return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except ClassroomError:
            raise ClassroomError(self.file, "is not a classroom session: it has no readable settings") from None

    # -- reading inside a transaction -------------------------------------------------------------

    def world(self, conn: sqlite3.Connection, world: int) -> WorldRow:
        """World ``world`` with its revision; ``ClassroomError`` if there is none."""
        row = conn.execute("SELECT id, name, seed, revision FROM worlds WHERE id = ?", (world,)).fetchone()
        if row is None:
            raise ClassroomError(self.file, f"there is no world {world!r} in this session")
        return WorldRow(*row)

    def all_worlds(self, conn: sqlite3.Connection) -> list[WorldRow]:
        """Every world with its revision, by id."""
        return [WorldRow(*row) for row in conn.execute("SELECT id, name, seed, revision FROM worlds ORDER BY id")]

    def seats(self, conn: sqlite3.Connection, world: int) -> list[tuple[str, str, str, float | None]]:
        """(faction, team, player, last_seen) per seat, in scenario order."""
        rows = {row[0]: row for row in conn.execute("SELECT faction, team, player, last_seen FROM seats WHERE world = ?", (world,))}
        return [rows[f.id] for f in self.scenario.factions if f.id in rows]

    def turn_start(self, conn: sqlite3.Connection, world: int) -> int:
        """The seq after which the world's current turn's inputs begin."""
        rows = conn.execute("SELECT seq, kind FROM journal WHERE world = ? AND kind IN ('resolve', 'undo') ORDER BY seq", (world,))
        return turn_start(rows)

    def turn(self, conn: sqlite3.Connection, world: int, start: int) -> tuple[int, bool]:
        """The world's current turn and whether its game is over, from the last resolution in force (``start``)."""
        if start == 0:
            return 1, False
        payload = conn.execute("SELECT payload FROM journal WHERE world = ? AND seq = ?", (world, start)).fetchone()[0]
        data = json.loads(payload)
        over = bool(data.get("over"))
        return data["turn"] + (0 if over else 1), over

    def submitted(self, conn: sqlite3.Connection, world: int, start: int) -> set[str]:
        """The factions with orders in the turn that began after ``start``."""
        rows = conn.execute("SELECT DISTINCT faction FROM journal WHERE world = ? AND kind = 'orders' AND seq > ?", (world, start))
        return {row[0] for row in rows}

    def rows(
        self,
        conn: sqlite3.Connection,
        world: int,
        viewer: str,
        *,
        after: int = 0,
        through: int | None = None,
        start: int | None = None,
        over: bool | None = None,
    ) -> list[Row]:
        """The world's journal (the rows after seq ``after``, up to ``through``); for a seat (``viewer`` a faction),
        with what it may not read blanked in SQL, and the private messages it is no party to (rule 12.6) and
        another team's argued actions that no adjudication has made public (rule 15.2) left out until the game
        is over. ``start`` (the world's ``turn_start``) and ``over`` (``_over``) when the caller has just read them."""
        last = -1 if through is None else through
        if not viewer:
            query = conn.execute(
                """SELECT seq, turn, kind, faction, payload, made_at, made_by FROM journal
                   WHERE world = ? AND seq > ? AND (? < 0 OR seq <= ?) ORDER BY seq""",
                (world, after, last, last),
            )
        else:
            start = self.turn_start(conn, world) if start is None else start
            query = conn.execute(
                """SELECT seq, turn, kind, faction,
                          CASE WHEN seq > :start AND kind IN ('orders', 'rate', 'rating', 'plan')
                                    AND NOT (kind IN ('orders', 'plan') AND faction = :viewer)
                               THEN NULL ELSE payload END,
                          made_at, made_by
                   FROM journal
                   WHERE world = :world AND seq > :after AND (:last < 0 OR seq <= :last)
                     AND CASE WHEN kind != 'message' OR :over THEN 1
                              WHEN json_valid(payload)
                              THEN json_extract(payload, '$.sender') = :viewer OR json_extract(payload, '$.to') = :viewer
                              ELSE 0 END
                     AND (kind != 'argue' OR faction = :viewer OR :over OR EXISTS (
                              SELECT 1 FROM journal AS ruling
                              WHERE ruling.world = journal.world AND ruling.kind = 'adjudicate' AND ruling.seq > journal.seq
                                AND ruling.turn = journal.turn AND ruling.faction = journal.faction
                                AND json_valid(ruling.payload) AND json_valid(journal.payload)
                                AND json_extract(ruling.payload, '$.number') = json_extract(journal.payload, '$.number')))
                   ORDER BY seq""",
                {
                    "start": start,
                    "viewer": viewer,
                    "world": world,
                    "after": after,
                    "last": last,
                    "over": self._over(conn, world, start) if over is None else over,
                },
            )
        return [Row(*row) for row in query]

    def _over(self, conn: sqlite3.Connection, world: int, start: int) -> bool:
        """Whether the resolution in force (``start``) ended the game; False if its row does not read (the
        fold then names the damage), so a private message stays hidden (rule 12.6)."""
        try:
            return self.turn(conn, world, start)[1]
        except (ValueError, TypeError, KeyError):
            return False

    def game(self, conn: sqlite3.Connection, world: WorldRow, viewer: str = "", *, remember: bool = True) -> Game:
        """The world's game (``viewer`` "" for the whole game, a faction for what its seat may see).

        Cached by the world's revision and shared by every desk of this process,
        so it never leaves the package: a desk reads it, or ``fork()``s it to
        play on, and hands its clients a ``GameView`` or a fork, never this
        game. A new revision folds only the current turn's rows onto the world's
        resolved turns (``_resolved``), kept per viewer.
        ``remember=False`` inside a write transaction that has already
        changed the world: the whole journal is folded afresh and nothing is kept.
        """
        key = (world.id, viewer)
        cached = self._games.get(key)
        if remember and cached is not None and cached[0] == world.revision:
            return cached[1]
        try:
            if remember:
                start = self.turn_start(conn, world.id)  # each read once a revision: every row below is read in their light
                over = bool(viewer) and self._over(conn, world.id, start)
                resolved = self._resolved(conn, world, start, viewer, over).fork()
                game = fold(self.scenario, world.seed, self.rows(conn, world.id, viewer, after=start, start=start, over=over), game=resolved)
            else:
                game = fold(self.scenario, world.seed, self.rows(conn, world.id, viewer))
        except FoldError as exc:
            note = "" if self.engine == ENGINE_VERSION else f" (the session was made by engine {self.engine}; this is {ENGINE_VERSION})"
            raise ClassroomError(self.file, f"world {world.name!r}, turn {exc.turn}: {exc}{note}") from None
        if remember:
            self._games[key] = (world.revision, game)
        return game

    def _resolved(self, conn: sqlite3.Connection, world: WorldRow, start: int, viewer: str, over: bool) -> Game:
        """The world's game folded through seq ``start`` (the resolution in force: ``turn_start``) as ``viewer``
        reads it, kept per world and viewer and never changed (fork it). Rows up to it are history that never
        changes (the journal is append-only) and that a seat reads whole but for the private messages it is no
        party to (rule 12.6), so a later resolution folds only the rows since the kept one (a fold is row after
        row: an undo among them takes back what the kept game holds, as in a whole fold). The game's end shows a
        seat every message: a resolution that ends the game (``over``, for a seat), or an undo of it, folds the history
        afresh. ``FoldError`` if they do not fold."""
        kept = self._bases.get((world.id, viewer))
        if kept is not None and kept[0] == start and kept[1] == over:
            return kept[2]
        if kept is not None and kept[0] < start and kept[1] == over:
            game = fold(self.scenario, world.seed, self.rows(conn, world.id, viewer, after=kept[0], through=start, start=start, over=over), game=kept[2].fork())
        else:
            game = fold(self.scenario, world.seed, self.rows(conn, world.id, viewer, through=start, start=start, over=over))
        self._bases[(world.id, viewer)] = (start, over, game)
        return game

    def clock_of(self, conn: sqlite3.Connection, world: int) -> Clock:
        """The world's stored timer."""
        row = conn.execute("SELECT turn_started, paused_at, paused_total FROM timers WHERE world = ?", (world,)).fetchone()
        return Clock(*row)

    def timer(self, conn: sqlite3.Connection, world: int, settings: Settings, now: float) -> TimerStatus:
        """The world's timer at ``now`` under ``settings``' phases."""
        return timer.status(settings.phases, self.clock_of(conn, world), now)

    # -- writing inside a transaction ---------------------------------------------------------------

    def append(self, conn: sqlite3.Connection, world: int, turn: int, step: Step, made_by: str, game: Game | None = None) -> int:
        """Append ``step`` (already applied to ``game`` if it is a resolution) to the world's journal; its seq."""
        kind, faction, payload = encode(step, game)
        seq: int = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE world = ?", (world,)).fetchone()[0]
        conn.execute(
            "INSERT INTO journal (world, seq, turn, kind, faction, payload, made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (world, seq, turn, kind, faction, dumps(payload), self._clock(), made_by),
        )
        return seq

    def take(self, conn: sqlite3.Connection, world: int, game: Game, step: Step, made_by: str) -> int:
        """Apply ``step`` to ``game`` (``OrderError`` if refused: nothing is written) and journal it; its seq."""
        turn = game.turn
        game.apply(step)
        return self.append(conn, world, turn, step, made_by, game)

    def bump(self, conn: sqlite3.Connection, world: int) -> None:
        """Raise the world's revision: everyone polling it reads again."""
        conn.execute("UPDATE worlds SET revision = revision + 1 WHERE id = ?", (world,))

    def set_clock(self, conn: sqlite3.Connection, world: int, clock: Clock) -> None:
        """Store the world's timer."""
        conn.execute(
            "UPDATE timers SET turn_started = ?, paused_at = ?, paused_total = ? WHERE world = ?",
            (clock.turn_started, clock.paused_at, clock.paused_total, world),
        )

    def fresh_seat_code(self, conn: sqlite3.Connection) -> tuple[str, str]:
        """A new seat code and its hash, a hash no seat and not the facilitator has (the caller stores it)."""
        taken = {row[0] for row in conn.execute("SELECT code_hash FROM seats WHERE code_hash IS NOT NULL")}
        taken.add(self._facilitator_hash)
        return codes.fresh_code(self._salt, self._iterations, taken)


def _rollback(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")
