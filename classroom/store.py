"""The classroom session file: one SQLite database shared by the facilitator and every seat.

A classroom session is one file holding one or more *worlds* (parallel games
of the same scenario, each with its own seed and teams). The facilitator's
console and each team's seat (a terminal, or a browser tab running ``detente
join``) are separate processes that open the same file. Everything they share
goes through this module:

* ``Store.create(path, scenario, ...)`` makes a new file and returns the plain
  access codes, once; ``Store.open(path)`` opens an existing one.
* ``store.access(code)`` turns a code into a ``FacilitatorDesk`` (every world,
  every action) or a ``SeatDesk`` (one faction of one world, and only what
  that faction may see).

A world's game is the fold of its append-only journal through
``engine.game.Game.apply``; the journal is the truth and the game is
recomputed from it (and cached per world revision). Every write is one
``BEGIN IMMEDIATE`` transaction, so concurrent seats never lose or corrupt
each other's orders; every read of several tables is one read transaction,
so it sees one consistent moment. docs/classroom-store.md describes the file.

The wall clock is read only through the injected ``clock`` (default
``time.time``), so tests control time.
"""

from __future__ import annotations

import contextlib
try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from classroom import codes, timer
from classroom.errors import AccessDenied, ClassroomError
from classroom.journal import FoldError, Row, dumps, encode, fold, turn_start
from classroom.timer import Clock, TimerStatus
from players.bots import STRATEGIES, make_strategy
from engine.codec import decode_orders, encode_orders
from engine.errors import OrderError, ScenarioError
from engine.game import Game
from engine.inputs import MAX_WHY, Directive, Inject, Note, Order, Rating, Resolve, Step, Submission, Undo
from engine.model import Scenario
from engine.record import write_record
from engine.scenario_loader import load_scenario_text
from engine.version import ENGINE_VERSION

FORMAT = 2
"""The session file format this program writes; it opens every format up to it and upgrades an older file
in its first write (``_upgrade``). 2: a rating is journaled as the record spells it, ``rate``; 1: as ``rating``."""
APPLICATION_ID = 0x44544E54
"""SQLite ``application_id`` of a session file ("DTNT"): tells it from any other SQLite database."""
TEAM = "team"
"""The player of a seat played by people; any other player is a bot strategy (``players.bots.STRATEGIES``)."""
FACILITATOR = "facilitator"
BUSY_SECONDS = 10.0
"""How long a transaction waits for another process's write before giving up."""
MAX_WORLDS = 64
MAX_NAME = 60
"""Longest world, team or member name, in characters."""
MAX_DRAFT_ORDERS = 20

_SQLITE_HEADER = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE worlds (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    seed     INTEGER NOT NULL CHECK (seed >= 0),
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE seats (
    world     INTEGER NOT NULL REFERENCES worlds (id),
    faction   TEXT NOT NULL,
    team      TEXT NOT NULL,
    player    TEXT NOT NULL,
    code_hash TEXT UNIQUE,
    last_seen REAL,
    PRIMARY KEY (world, faction)
);
CREATE TABLE journal (
    world   INTEGER NOT NULL REFERENCES worlds (id),
    seq     INTEGER NOT NULL CHECK (seq >= 1),
    turn    INTEGER NOT NULL,
    kind    TEXT NOT NULL CHECK (kind IN ('orders', 'inject', 'note', 'rate', 'directive', 'undo', 'resolve', 'rating')),
    faction TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    made_at REAL NOT NULL,
    made_by TEXT NOT NULL,
    PRIMARY KEY (world, seq)
) WITHOUT ROWID;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TABLE drafts (
    world    INTEGER NOT NULL,
    faction  TEXT NOT NULL,
    turn     INTEGER NOT NULL,
    orders   TEXT NOT NULL,
    saved_at REAL NOT NULL,
    PRIMARY KEY (world, faction),
    FOREIGN KEY (world, faction) REFERENCES seats (world, faction)
);
CREATE TABLE scheduled (
    id          INTEGER PRIMARY KEY,
    world       INTEGER NOT NULL REFERENCES worlds (id),
    turn        INTEGER NOT NULL,
    card        TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    made_at     REAL NOT NULL,
    applied_seq INTEGER,
    problem     TEXT
);
CREATE TABLE timers (
    world        INTEGER PRIMARY KEY REFERENCES worlds (id),
    turn_started REAL NOT NULL,
    paused_at    REAL,
    paused_total REAL NOT NULL DEFAULT 0
);
"""


# -- values ---------------------------------------------------------------------------------------


def _phases(value: Any) -> tuple[tuple[str, int], ...]:
    return tuple((name, seconds) for name, seconds in value)


@attrs.frozen
class Settings:
    """How a session's turns are timed and when they resolve by themselves."""

    phases: tuple[tuple[str, int], ...] = attrs.field(default=(("orders", 900),), converter=_phases)
    """Each turn's phases, run back to back: (name, seconds). Empty: no timer."""
    resolve_when_all_in: bool = True
    """Resolve a turn as soon as every team seat has submitted."""
    resolve_at_deadline: bool = False
    """Resolve a turn when its last phase runs out (by ``tick``); missing teams pass."""

    def problem(self) -> str | None:
        """Why these settings cannot be used, or None."""
        if len(self.phases) > 20:
            return "at most 20 phases"
        for name, seconds in self.phases:
            if not isinstance(name, str) or not 1 <= len(name) <= 40:
                return f"a phase name is 1 to 40 characters, not {name!r}"
            if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= 86_400:
                return f"phase {name!r} lasts 1 to 86400 seconds, not {seconds!r}"
        if not isinstance(self.resolve_when_all_in, bool) or not isinstance(self.resolve_at_deadline, bool):
            return "resolve_when_all_in and resolve_at_deadline are true or false"
        return None

    def to_json(self) -> str:
        """The settings as stored in the file."""
        return dumps({
            "phases": [list(p) for p in self.phases],
            "resolve_when_all_in": self.resolve_when_all_in,
            "resolve_at_deadline": self.resolve_at_deadline,
        })

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Settings as stored; ``ValueError`` if they are not."""
        data = json.loads(text)
        settings = cls(
            _phases(data["phases"]), data["resolve_when_all_in"], data["resolve_at_deadline"]
        )
        problem = settings.problem()
        if problem:
            raise ValueError(problem)
        return settings


@attrs.frozen
class WorldSpec:
    """A world to create: its name, seed (None: derived from the base seed) and seats.

    ``players`` maps a faction to ``"team"`` or a bot strategy name (factions
    left out take the session default); ``teams`` maps a faction to its team's
    name (default: the faction's name).
    """

    name: str
    seed: int | None = None
    players: Mapping[str, str] = attrs.field(factory=dict)
    teams: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class WorldInfo:
    """A world of the session."""

    id: int
    name: str
    seed: int


@attrs.frozen
class NewSession:
    """What ``Store.create`` made. The plain codes exist only here: hand them out, they are not stored."""

    path: Path
    facilitator_code: str
    seat_codes: dict[tuple[int, str], str]
    """(world id, faction) → the seat's code, for every team seat (bots have none)."""
    worlds: tuple[WorldInfo, ...]


@attrs.frozen
class SeatInfo:
    """Who sits in a seat: the faction, the team's name, and ``team`` or a bot strategy."""

    faction: str
    team: str
    player: str


@attrs.frozen
class SeatStatus:
    """A seat as the facilitator sees it."""

    faction: str
    team: str
    player: str
    submitted: bool
    """True when the faction has orders in this turn."""
    last_seen: float | None
    """The clock time of the seat's last heartbeat; None if it never joined."""


@attrs.frozen
class Scheduled:
    """An inject the facilitator scheduled for a later turn."""

    id: int
    turn: int
    card: str
    target: str
    applied: bool
    """True once played, when its turn began."""
    problem: str | None
    """Why it could not be played when its turn began, if it could not."""


@attrs.frozen
class WorldStatus:
    """One world in the facilitator's overview."""

    id: int
    name: str
    seed: int
    revision: int
    turn: int
    over: bool
    seats: tuple[SeatStatus, ...]
    timer: TimerStatus
    scheduled: tuple[Scheduled, ...]


@attrs.frozen
class Overview:
    """Every world at one consistent moment, ``now`` by the store's clock."""

    now: float
    worlds: tuple[WorldStatus, ...]


@attrs.frozen
class SubmittedOrders:
    """A faction's current submission with the facilitator's ratings, order by order (for rating)."""

    faction: str
    team: str
    orders: tuple[Order, ...]
    ratings: tuple[bool | None, ...]
    """Per order: True strong, False weak, None not rated."""


@attrs.frozen
class SeatView:
    """Everything a seat shows, read at one moment. ``game`` holds no other seat's current orders.

    ``game`` is shared with the store's cache: read it, never change it
    (``game.fork()`` gives a copy to play with).
    """

    world: int
    world_name: str
    faction: str
    team: str
    revision: int
    game: Game = attrs.field(eq=False, repr=False)
    submitted_by: tuple[str, ...]
    """Factions with orders in this turn (ids only), in scenario order."""
    orders: tuple[Order, ...] | None
    """This seat's submitted orders this turn, or None."""
    draft: tuple[Order, ...] | None
    """This seat's saved draft for this turn, or None."""
    timer: TimerStatus
    seats: tuple[SeatInfo, ...]


@attrs.frozen
class Submitted:
    """What a seat's submission did: the turn it was for, and whether it completed and resolved the turn."""

    turn: int
    resolved: bool


@attrs.frozen
class AutoResolved:
    """A turn that ``tick`` (or a completing submission) resolved: the world, the turn, and why."""

    world: int
    turn: int
    why: str
    """``all in`` or ``deadline``."""


@attrs.frozen
class _World:
    id: int
    name: str
    seed: int
    revision: int


# -- the store ------------------------------------------------------------------------------------


class Store:
    """An open session file. Make one with ``Store.create`` then ``Store.open``; close it when done.

    A store may be used from several threads of one process; each process
    opens its own. Every method either completes in one transaction or
    changes nothing.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, clock: Callable[[], float]) -> None:
        """Use ``Store.open``."""
        self.path = path
        self.file = str(path)
        self._conn: sqlite3.Connection | None = connection
        self._clock = clock
        self._lock = threading.RLock()
        self._writers = _WriterQueue(path)
        self._games: dict[tuple[int, str], tuple[int, Game]] = {}
        meta = self._meta()
        try:
            self.format = int(meta["format"])
            self.engine = meta["engine"]
            self.created = meta["created"]
            source, sha = meta["scenario_source"], meta["scenario_sha256"]
            self._salt = meta["code_salt"]
            self._iterations = int(meta["code_iterations"])
            self._facilitator_hash = meta["facilitator_code"]
            Settings.from_json(meta["settings"])
        except (KeyError, ValueError, TypeError) as exc:
            raise ClassroomError(self.file, f"the session's settings are missing or damaged ({exc})") from None
        if self.format > FORMAT:
            raise ClassroomError(self.file, _newer(self.format))
        if _sha256(source) != sha:
            raise ClassroomError(self.file, "the embedded scenario does not match its hash: the file was edited")
        try:
            self.scenario: Scenario = load_scenario_text(source, f"{self.file} (embedded scenario)")
        except ScenarioError as exc:
            raise ClassroomError(self.file, f"the embedded scenario is not valid: {exc}") from None

    # -- opening and creating -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, clock: Callable[[], float] = time.time) -> Store:
        """Open the session file at ``path``; ``ClassroomError`` if it is not one this program can use."""
        path = Path(path)
        file = str(path)
        _check_header(path)
        try:
            connection = _connect(path)
        except sqlite3.Error as exc:
            raise ClassroomError(file, f"is damaged or cannot be opened ({exc})") from None
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if application_id != APPLICATION_ID:
                raise ClassroomError(file, "is an SQLite database, but not a Détente classroom session")
            if version > FORMAT:
                raise ClassroomError(file, _newer(version))
            problems = [r[0] for r in connection.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise ClassroomError(file, f"is damaged: {problems[0]}")
            if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return cls(path, connection, clock)
        except sqlite3.Error as exc:
            connection.close()
            raise ClassroomError(file, f"is damaged or is not a classroom session ({exc})") from None
        except BaseException:
            connection.close()
            raise

    @classmethod
    def create(
        cls,
        path: str | Path,
        scenario: Scenario,
        *,
        created: str,
        worlds: int | Sequence[WorldSpec] = 1,
        base_seed: int = 1,
        players: Mapping[str, str] | None = None,
        settings: Settings | None = None,
        clock: Callable[[], float] = time.time,
    ) -> NewSession:
        """Make a new session file at ``path`` (never replacing a file) and return its plain codes.

        ``scenario`` must have been loaded from text (its source is embedded).
        ``worlds`` is a count (worlds named "World 1", …) or a list of
        ``WorldSpec``; a world without a seed gets ``base_seed`` plus its index,
        so default seeds are distinct and the same every time. ``players``
        gives each faction's default player (``team``, or a bot strategy);
        factions left out are teams. ``created`` is the ISO time to record.
        Timers start paused: the facilitator starts them with ``resume``.
        The file is readable and writable by its owner only.
        """
        path = Path(path)
        file = str(path)
        settings = settings or Settings()
        specs = _world_specs(file, scenario, worlds, base_seed, players or {})
        problem = settings.problem()
        if problem:
            raise ClassroomError(file, f"bad settings: {problem}")
        if not isinstance(created, str) or not created:
            raise ClassroomError(file, "created is the ISO time of creation, such as 2026-03-02T09:15:00Z")
        if not scenario.source:
            raise ClassroomError(file, "the scenario has no source text to embed; load it from a file or text")
        if path.exists() or path.is_symlink():
            raise ClassroomError(file, "already exists; a new session never replaces a file (choose another name)")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise ClassroomError(file, f"cannot be created: there is no folder {str(folder)!r}")
        temporary = folder / f".{path.name}.{secrets.token_hex(4)}.creating"
        salt = codes.new_salt()
        iterations = codes.ITERATIONS
        facilitator_code = codes.new_code(codes.FACILITATOR_GROUPS)
        seat_codes: dict[tuple[int, str], str] = {}
        infos = []
        now = clock()
        try:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            os.chmod(temporary, 0o600)
            connection = _connect(temporary)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("BEGIN IMMEDIATE")
                for statement in _statements(SCHEMA):
                    connection.execute(statement)
                meta = {
                    "format": str(FORMAT),
                    "engine": ENGINE_VERSION,
                    "created": created,
                    "scenario_id": scenario.id,
                    "scenario_sha256": _sha256(scenario.source),
                    "scenario_source": scenario.source,
                    "code_salt": salt,
                    "code_iterations": str(iterations),
                    "facilitator_code": codes.hash_code(facilitator_code, salt, iterations),
                    "settings": settings.to_json(),
                }
                connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
                hashes = {meta["facilitator_code"]}
                for index, spec in enumerate(specs, start=1):
                    connection.execute("INSERT INTO worlds (id, name, seed) VALUES (?, ?, ?)", (index, spec.name, spec.seed))
                    infos.append(WorldInfo(index, spec.name, spec.seed))
                    connection.execute(
                        "INSERT INTO timers (world, turn_started, paused_at, paused_total) VALUES (?, ?, ?, 0)", (index, now, now)
                    )
                    for faction in scenario.factions:
                        player = spec.players.get(faction.id, TEAM)
                        team = spec.teams.get(faction.id, faction.name)
                        code_hash = None
                        if player == TEAM:
                            code, code_hash = _fresh_code(salt, iterations, hashes)
                            seat_codes[(index, faction.id)] = code
                        connection.execute(
                            "INSERT INTO seats (world, faction, team, player, code_hash) VALUES (?, ?, ?, ?, ?)",
                            (index, faction.id, team, player, code_hash),
                        )
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {FORMAT}")
                connection.execute("COMMIT")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise ClassroomError(file, "already exists; a new session never replaces a file (choose another name)") from None
            except OSError:  # a file system without hard links: a rename, after one more look
                if path.exists():
                    raise ClassroomError(file, "already exists; a new session never replaces a file (choose another name)") from None
                os.rename(temporary, path)
            _sync_folder(folder)
        except sqlite3.Error as exc:
            raise ClassroomError(file, f"cannot be created ({exc})") from None
        except OSError as exc:
            raise ClassroomError(file, f"cannot be created: {exc.strerror or exc}") from None
        finally:
            for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm"), Path(f"{temporary}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return NewSession(path, facilitator_code, seat_codes, tuple(infos))

    def now(self) -> float:
        """The time on the store's clock, which its timers use."""
        return self._clock()

    def close(self) -> None:
        """Close the file (the store cannot be used afterwards)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
                self._writers.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- access ---------------------------------------------------------------------------------

    def access(self, code: str) -> FacilitatorDesk | SeatDesk:
        """The desk ``code`` opens: the facilitator's or one seat's; ``AccessDenied`` if none."""
        if not isinstance(code, str) or not codes.normalise(code):
            raise AccessDenied(self.file, "no code was given: type the code the facilitator handed out")
        code_hash = codes.hash_code(code, self._salt, self._iterations)
        if secrets.compare_digest(code_hash, self._facilitator_hash):
            return FacilitatorDesk(self)
        with self._read() as conn:
            row = conn.execute("SELECT world, faction FROM seats WHERE code_hash = ?", (code_hash,)).fetchone()
        if row is None:
            raise AccessDenied(self.file, "that code opens no seat in this session: check it with the facilitator")
        return SeatDesk(self, row[0], row[1], code_hash)

    def facilitator(self, code: str) -> FacilitatorDesk:
        """The facilitator's desk; ``AccessDenied`` unless ``code`` is the facilitator's code."""
        desk = self.access(code)
        if not isinstance(desk, FacilitatorDesk):
            raise AccessDenied(self.file, "that is a seat's code, not the facilitator's")
        return desk

    def seat(self, code: str) -> SeatDesk:
        """A seat's desk; ``AccessDenied`` unless ``code`` is a seat's code."""
        desk = self.access(code)
        if not isinstance(desk, SeatDesk):
            raise AccessDenied(self.file, "that is the facilitator's code; a seat needs its team's code")
        return desk

    def settings(self) -> Settings:
        """The session's settings now."""
        with self._read() as conn:
            return self._settings(conn)

    def worlds(self) -> tuple[WorldInfo, ...]:
        """Every world: id, name, seed."""
        with self._read() as conn:
            return tuple(WorldInfo(*row) for row in conn.execute("SELECT id, name, seed FROM worlds ORDER BY id"))

    # -- transactions ---------------------------------------------------------------------------

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

    def _peek(self, sql: str, parameters: Sequence[Any] = ()) -> tuple | None:
        """One row of a single statement, outside any transaction: the cheap read that polling uses."""
        with self._lock:
            if self._conn is None:
                raise ClassroomError(self.file, "the session is closed")
            try:
                return self._conn.execute(sql, parameters).fetchone()
            except sqlite3.Error as exc:
                raise self._failure(exc) from None

    def _read(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed moment."""
        return self._transaction("BEGIN")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: taken at once (IMMEDIATE), so it never fails half-way for a lock.

        Writers of every process queue on the session's writer lock first, so a burst of
        submissions is served in turn rather than by SQLite's busy retries, which sleep.
        A file of an older format is upgraded first, in the same transaction."""
        older = self.format < FORMAT
        with self._writers, self._transaction("BEGIN IMMEDIATE") as conn:
            if older:
                _upgrade(conn)
            yield conn
        if older:
            self.format = FORMAT

    def _failure(self, exc: sqlite3.Error) -> ClassroomError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return ClassroomError(self.file, f"stayed busy for {BUSY_SECONDS:g} seconds (another program holds it); try again")
        if isinstance(exc, sqlite3.OperationalError):
            return ClassroomError(self.file, f"cannot be used: {text}")
        return ClassroomError(self.file, f"is damaged: {text}")

    def _meta(self) -> dict[str, str]:
        try:
            with self._read() as conn:
                return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except ClassroomError:
            raise ClassroomError(self.file, "is not a classroom session: it has no readable settings") from None

    # -- reading inside a transaction -------------------------------------------------------------

    def _settings(self, conn: sqlite3.Connection) -> Settings:
        text = conn.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()[0]
        return Settings.from_json(text)

    def _world(self, conn: sqlite3.Connection, world: int) -> _World:
        row = conn.execute("SELECT id, name, seed, revision FROM worlds WHERE id = ?", (world,)).fetchone()
        if row is None:
            raise ClassroomError(self.file, f"there is no world {world!r} in this session")
        return _World(*row)

    def _all_worlds(self, conn: sqlite3.Connection) -> list[_World]:
        return [_World(*row) for row in conn.execute("SELECT id, name, seed, revision FROM worlds ORDER BY id")]

    def _start(self, conn: sqlite3.Connection, world: int) -> int:
        """The seq after which the world's current turn's inputs begin."""
        rows = conn.execute(
            "SELECT seq, kind FROM journal WHERE world = ? AND kind IN ('resolve', 'undo') ORDER BY seq", (world,)
        )
        return turn_start(rows)

    def _rows(self, conn: sqlite3.Connection, world: int, viewer: str) -> list[Row]:
        """The world's journal; for a seat (``viewer`` a faction), with what it may not read blanked in SQL."""
        if not viewer:
            query = conn.execute(
                "SELECT seq, turn, kind, faction, payload, made_at, made_by FROM journal WHERE world = ? ORDER BY seq", (world,)
            )
        else:
            start = self._start(conn, world)
            query = conn.execute(
                """SELECT seq, turn, kind, faction,
                          CASE WHEN seq > :start AND kind IN ('orders', 'rate', 'rating')
                                    AND NOT (kind = 'orders' AND faction = :viewer)
                               THEN NULL ELSE payload END,
                          made_at, made_by
                   FROM journal WHERE world = :world ORDER BY seq""",
                {"start": start, "viewer": viewer, "world": world},
            )
        return [Row(*row) for row in query]

    def _game(self, conn: sqlite3.Connection, world: _World, viewer: str = "", *, remember: bool = True) -> Game:
        """The world's game (``viewer`` "" for the whole game, a faction for what its seat may see).

        Cached by the world's revision; ``remember=False`` inside a write
        transaction that has already changed the world.
        """
        key = (world.id, viewer)
        cached = self._games.get(key)
        if remember and cached is not None and cached[0] == world.revision:
            return cached[1]
        try:
            game = fold(self.scenario, world.seed, self._rows(conn, world.id, viewer))
        except FoldError as exc:
            note = "" if self.engine == ENGINE_VERSION else f" (the session was made by engine {self.engine}; this is {ENGINE_VERSION})"
            raise ClassroomError(self.file, f"world {world.name!r}, turn {exc.turn}: {exc}{note}") from None
        if remember:
            self._games[key] = (world.revision, game)
        return game

    def _turn(self, conn: sqlite3.Connection, world: int, start: int) -> tuple[int, bool]:
        """The world's current turn and whether its game is over, from the last resolution in force."""
        if start == 0:
            return 1, False
        payload = conn.execute("SELECT payload FROM journal WHERE world = ? AND seq = ?", (world, start)).fetchone()[0]
        data = json.loads(payload)
        over = bool(data.get("over"))
        return data["turn"] + (0 if over else 1), over

    def _submitted_factions(self, conn: sqlite3.Connection, world: int, start: int) -> set[str]:
        rows = conn.execute(
            "SELECT DISTINCT faction FROM journal WHERE world = ? AND kind = 'orders' AND seq > ?", (world, start)
        )
        return {row[0] for row in rows}

    def _seats(self, conn: sqlite3.Connection, world: int) -> list[tuple[str, str, str, float | None]]:
        """(faction, team, player, last_seen) per seat, in scenario order."""
        rows = {
            row[0]: row
            for row in conn.execute("SELECT faction, team, player, last_seen FROM seats WHERE world = ?", (world,))
        }
        return [rows[f.id] for f in self.scenario.factions if f.id in rows]

    def _clock_of(self, conn: sqlite3.Connection, world: int) -> Clock:
        row = conn.execute("SELECT turn_started, paused_at, paused_total FROM timers WHERE world = ?", (world,)).fetchone()
        return Clock(*row)

    def _timer(self, conn: sqlite3.Connection, world: int, settings: Settings, now: float) -> TimerStatus:
        return timer.status(settings.phases, self._clock_of(conn, world), now)

    def _draft(self, conn: sqlite3.Connection, world: int, faction: str, turn: int) -> tuple[Order, ...] | None:
        row = conn.execute("SELECT turn, orders FROM drafts WHERE world = ? AND faction = ?", (world, faction)).fetchone()
        if row is None or row[0] != turn:
            return None
        return decode_orders(json.loads(row[1]))

    def _due(self, conn: sqlite3.Connection, world: int, settings: Settings, now: float) -> str:
        """Why the world's turn should resolve by itself now: ``all in``, ``deadline``, or "" (not due).

        A world whose timer is paused is on hold: it resolves only when the facilitator says so
        (to rate the last arguments, say), or once the timer runs again."""
        start = self._start(conn, world)
        if self._turn(conn, world, start)[1] or self._clock_of(conn, world).paused:
            return ""
        if settings.resolve_when_all_in and self._all_in(conn, world, start):
            return "all in"
        if settings.resolve_at_deadline and settings.phases:
            status = self._timer(conn, world, settings, now)
            if status.deadline_passed:
                return "deadline"
        return ""

    def _all_in(self, conn: sqlite3.Connection, world: int, start: int) -> bool:
        """Every team seat has orders in this turn, and a seat submitted since the last undo."""
        teams = {row[0] for row in conn.execute("SELECT faction FROM seats WHERE world = ? AND player = ?", (world, TEAM))}
        if not teams or not teams <= self._submitted_factions(conn, world, start):
            return False
        last_undo = conn.execute("SELECT max(seq) FROM journal WHERE world = ? AND kind = 'undo'", (world,)).fetchone()[0]
        last_seat = conn.execute(
            "SELECT max(seq) FROM journal WHERE world = ? AND kind = 'orders' AND seq > ? AND made_by LIKE 'seat:%'",
            (world, start),
        ).fetchone()[0]
        return last_seat is not None and last_seat > (last_undo or 0)

    # -- writing inside a transaction ---------------------------------------------------------------

    def _insert(self, conn: sqlite3.Connection, world: int, turn: int, step: Step, made_by: str, game: Game | None = None) -> int:
        """Append ``step`` (already applied to ``game`` if it is a resolution) to the world's journal; its seq."""
        kind, faction, payload = encode(step, game)
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE world = ?", (world,)).fetchone()[0]
        conn.execute(
            "INSERT INTO journal (world, seq, turn, kind, faction, payload, made_at, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (world, seq, turn, kind, faction, dumps(payload), self._clock(), made_by),
        )
        return seq

    def _take(self, conn: sqlite3.Connection, world: int, game: Game, step: Step, made_by: str) -> int:
        """Apply ``step`` to ``game`` (``OrderError`` if refused: nothing is written) and journal it."""
        turn = game.turn
        game.apply(step)
        return self._insert(conn, world, turn, step, made_by, game)

    def _bump(self, conn: sqlite3.Connection, world: int) -> None:
        conn.execute("UPDATE worlds SET revision = revision + 1 WHERE id = ?", (world,))

    def _restart_timer(self, conn: sqlite3.Connection, world: int) -> None:
        clock = timer.restart(self._clock_of(conn, world), self._clock())
        self._set_clock(conn, world, clock)

    def _set_clock(self, conn: sqlite3.Connection, world: int, clock: Clock) -> None:
        conn.execute(
            "UPDATE timers SET turn_started = ?, paused_at = ?, paused_total = ? WHERE world = ?",
            (clock.turn_started, clock.paused_at, clock.paused_total, world),
        )

    def _resolve(self, conn: sqlite3.Connection, world: _World, game: Game, made_by: str) -> int:
        """Resolve the world's turn: bots order, the turn resolves, the next one's scheduled injects play."""
        turn = game.turn
        for faction, _, player, _ in self._seats(conn, world.id):
            if player != TEAM and game.submitted(faction) is None:
                orders = tuple(make_strategy(player).choose(game, faction))
                self._take(conn, world.id, game, Submission(faction, orders), f"bot:{player}")
        seq = self._take(conn, world.id, game, Resolve(), made_by)
        if not game.is_over:
            scheduled = conn.execute(
                "SELECT id, card, target FROM scheduled WHERE world = ? AND turn = ? AND applied_seq IS NULL ORDER BY id",
                (world.id, game.turn),
            ).fetchall()
            for ident, card, target in scheduled:
                try:
                    applied = self._take(conn, world.id, game, Inject(card, target), "scheduled")
                    conn.execute("UPDATE scheduled SET applied_seq = ?, problem = NULL WHERE id = ?", (applied, ident))
                except OrderError as exc:
                    conn.execute("UPDATE scheduled SET applied_seq = ?, problem = ? WHERE id = ?", (seq, str(exc), ident))
        self._restart_timer(conn, world.id)
        self._bump(conn, world.id)
        return turn

    def _tick_world(self, world_id: int) -> AutoResolved | None:
        """Resolve the world if it is due; safe when other processes tick at the same time."""
        with self._read() as conn:
            due = self._due(conn, world_id, self._settings(conn), self._clock())
        if not due:
            return None
        with self._write() as conn:  # someone may have resolved it meanwhile: look again, holding the lock
            due = self._due(conn, world_id, self._settings(conn), self._clock())
            if not due:
                return None
            world = self._world(conn, world_id)
            game = self._game(conn, world).fork()
            turn = self._resolve(conn, world, game, f"auto:{due}")
        return AutoResolved(world_id, turn, due)


class FacilitatorDesk:
    """The facilitator's access: every world, every action. Worlds are named by id (``WorldInfo.id``)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading ----------------------------------------------------------------------------------

    def worlds(self) -> tuple[WorldInfo, ...]:
        """Every world: id, name, seed."""
        return self.store.worlds()

    def revision(self) -> int:
        """A number that grows whenever any world changes (a single-row read; poll it freely)."""
        return self.store._peek("SELECT coalesce(sum(revision), 0) FROM worlds")[0]

    def overview(self) -> Overview:
        """Every world, its seats and its timer, read at one moment (heartbeats change ``last_seen`` without a revision)."""
        store = self.store
        worlds = []
        with store._read() as conn:
            now = store._clock()
            settings = store._settings(conn)
            for world in store._all_worlds(conn):
                game = store._game(conn, world)
                submitted = store._submitted_factions(conn, world.id, store._start(conn, world.id))
                seats = tuple(
                    SeatStatus(faction, team, player, faction in submitted, last_seen)
                    for faction, team, player, last_seen in store._seats(conn, world.id)
                )
                scheduled = tuple(
                    Scheduled(ident, turn, card, target, applied is not None and problem is None, problem)
                    for ident, turn, card, target, applied, problem in conn.execute(
                        "SELECT id, turn, card, target, applied_seq, problem FROM scheduled WHERE world = ? ORDER BY turn, id",
                        (world.id,),
                    )
                )
                worlds.append(WorldStatus(
                    world.id, world.name, world.seed, world.revision, game.turn, game.is_over, seats,
                    store._timer(conn, world.id, settings, now), scheduled,
                ))
        return Overview(now, tuple(worlds))

    def game(self, world: int) -> Game:
        """The world's whole game, every current submission included. Read it; never change it."""
        store = self.store
        with store._read() as conn:
            return store._game(conn, store._world(conn, world))

    def orders_to_rate(self, world: int) -> tuple[SubmittedOrders, ...]:
        """Each faction's submission this turn, with its justifications and current ratings (facilitator only)."""
        store = self.store
        with store._read() as conn:
            game = store._game(conn, store._world(conn, world))
            teams = {faction: team for faction, team, _, _ in store._seats(conn, world)}
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
        with store._read() as conn:
            store._world(conn, world)
            return tuple(store._rows(conn, world, ""))

    def settings(self) -> Settings:
        """The session's settings."""
        return self.store.settings()

    # -- acting -----------------------------------------------------------------------------------

    def _act(self, world: int, step: Step, *, restart_timer: bool = False, turn: int | None = None) -> Game:
        store = self.store
        with store._write() as conn:
            info = store._world(conn, world)
            game = store._game(conn, info).fork()
            _expect_turn(info, game, turn)
            store._take(conn, world, game, step, FACILITATOR)
            if restart_timer:
                store._restart_timer(conn, world)
            store._bump(conn, world)
        return game

    def inject(self, world: int, card: str, target: str = "") -> None:
        """Play event ``card`` now (on ``target``, or by the card's rule); ``OrderError`` if impossible."""
        self._act(world, Inject(card, target))

    def schedule(self, world: int, turn: int, card: str, target: str = "") -> int:
        """Play ``card`` when ``turn`` begins (later than now); returns the schedule's id. ``OrderError`` if impossible."""
        store = self.store
        with store._write() as conn:
            info = store._world(conn, world)
            game = store._game(conn, info)
            if isinstance(turn, bool) or not isinstance(turn, int) or not game.turn < turn <= store.scenario.turns:
                raise OrderError(f"an inject is scheduled for a turn from {game.turn + 1} to {store.scenario.turns}, not {turn!r}")
            game.fork().inject(card, target)  # the same checks as playing it now
            cursor = conn.execute(
                "INSERT INTO scheduled (world, turn, card, target, made_at) VALUES (?, ?, ?, ?, ?)",
                (world, turn, card, target, store._clock()),
            )
            store._bump(conn, world)
            return cursor.lastrowid

    def cancel(self, world: int, scheduled: int) -> None:
        """Cancel a scheduled inject that has not been played; ``OrderError`` otherwise."""
        store = self.store
        with store._write() as conn:
            store._world(conn, world)
            cursor = conn.execute(
                "DELETE FROM scheduled WHERE id = ? AND world = ? AND applied_seq IS NULL", (scheduled, world)
            )
            if cursor.rowcount != 1:
                raise OrderError(f"there is no scheduled inject {scheduled} waiting in this world")
            store._bump(conn, world)

    def note(self, world: int, text: str) -> None:
        """Add a facilitator's note to the world's log (every seat sees it)."""
        self._act(world, Note(FACILITATOR, text))

    def rate(self, world: int, faction: str, order: int, strong: bool | None, *, turn: int | None = None) -> None:
        """Rate ``faction``'s order ``order`` (1-based) this turn: strong (+1 to its roll), weak (−1) or None (no rating).

        With ``turn`` (the turn the facilitator read the orders of), ``OrderError`` if the world moved on."""
        self._act(world, Rating(faction, order, strong), turn=turn)

    def resolve(self, world: int, *, turn: int | None = None) -> int:
        """Resolve the world's turn now (bots order first; teams that did not submit pass); the turn resolved.

        With ``turn`` (the turn the facilitator confirmed), ``OrderError`` if the world moved on."""
        store = self.store
        with store._write() as conn:
            info = store._world(conn, world)
            game = store._game(conn, info).fork()
            _expect_turn(info, game, turn)
            if game.is_over:
                raise OrderError("the game is over")
            return store._resolve(conn, info, game, FACILITATOR)

    def undo(self, world: int, reason: str, *, turn: int | None = None) -> None:
        """Take back the world's last resolution (its orders and ratings stay); ``OrderError`` if none.

        The turn's timer restarts; injects that were played when the undone
        turn began will play again when it begins again. With ``turn`` (the turn
        the facilitator saw when confirming), ``OrderError`` if the world moved on.
        """
        store = self.store
        with store._write() as conn:
            info = store._world(conn, world)
            start = store._start(conn, world)
            game = store._game(conn, info).fork()
            _expect_turn(info, game, turn)
            store._take(conn, world, game, Undo(reason), FACILITATOR)
            conn.execute(
                "UPDATE scheduled SET applied_seq = NULL, problem = NULL WHERE world = ? AND applied_seq >= ?", (world, start)
            )
            store._restart_timer(conn, world)
            store._bump(conn, world)

    def reseat(self, world: int, faction: str, team: str, player: str = TEAM) -> str | None:
        """Give ``faction``'s seat to ``team`` (played by people, or by bot ``player``); journaled.

        Returns the seat's new code (None for a bot); the old code stops
        working at once, for open seats too.
        """
        _check_name(self.store.file, "a team's name", team)
        _check_player(self.store.file, player)
        store = self.store
        with store._write() as conn:
            info = store._world(conn, world)
            game = store._game(conn, info).fork()
            store._take(conn, world, game, Directive("seat", faction, team), FACILITATOR)
            code, code_hash = (None, None)
            if player == TEAM:
                code, code_hash = _fresh_code(store._salt, store._iterations, _hashes(conn, store))
            conn.execute(
                "UPDATE seats SET team = ?, player = ?, code_hash = ?, last_seen = NULL WHERE world = ? AND faction = ?",
                (team, player, code_hash, world, faction),
            )
            store._bump(conn, world)
        return code

    def new_code(self, world: int, faction: str) -> str:
        """A new code for a team seat (a lost code); the old one stops working at once."""
        store = self.store
        with store._write() as conn:
            store._world(conn, world)
            row = conn.execute("SELECT player FROM seats WHERE world = ? AND faction = ?", (world, faction)).fetchone()
            if row is None or row[0] != TEAM:
                raise OrderError(f"{faction!r} is not a team seat of this world")
            code, code_hash = _fresh_code(store._salt, store._iterations, _hashes(conn, store))
            conn.execute("UPDATE seats SET code_hash = ? WHERE world = ? AND faction = ?", (code_hash, world, faction))
        return code

    def sideline(self, world: int, faction: str, member: str) -> None:
        """Record that ``member`` of ``faction``'s team sits this turn out."""
        _check_name(self.store.file, "a member's name", member)
        self._act(world, Directive("sideline", faction, member))

    def pause(self, world: int | None = None) -> None:
        """Pause the timer of ``world`` (None: every world); journaled. Already paused: nothing happens."""
        self._timers(world, paused=True)

    def resume(self, world: int | None = None) -> None:
        """Start or resume the timer of ``world`` (None: every world); journaled. Running: nothing happens."""
        self._timers(world, paused=False)

    def _timers(self, world: int | None, *, paused: bool) -> None:
        store = self.store
        with store._write() as conn:
            worlds = store._all_worlds(conn) if world is None else [store._world(conn, world)]
            now = store._clock()
            for info in worlds:
                clock = store._clock_of(conn, info.id)
                game = store._game(conn, info).fork()
                if clock.paused == paused or (game.is_over and world is None):
                    continue  # a finished world has no clock to keep: every world's pause passes it by
                store._take(conn, info.id, game, Directive("timer", "", "paused" if paused else "resumed"), FACILITATOR)
                store._set_clock(conn, info.id, timer.pause(clock, now) if paused else timer.resume(clock, now))
                store._bump(conn, info.id)

    def configure(self, settings: Settings) -> None:
        """Change the session's timing and auto-resolution (takes effect at once in every world)."""
        problem = settings.problem()
        if problem:
            raise ClassroomError(self.store.file, f"bad settings: {problem}")
        store = self.store
        with store._write() as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'settings'", (settings.to_json(),))
            conn.execute("UPDATE worlds SET revision = revision + 1")

    def tick(self) -> tuple[AutoResolved, ...]:
        """Resolve every world that is due (all teams in, or its deadline passed); what was resolved.

        Safe to call from several processes at once: a world is resolved by
        whichever gets there first, and re-checked under the write lock.
        """
        done = []
        for world in self.store.worlds():
            result = self.store._tick_world(world.id)
            if result is not None:
                done.append(result)
        return tuple(done)

    def export(self, world: int, path: str | Path, created: str | None = None) -> None:
        """Write the world's game record (``engine.record``) to ``path``; ``created`` defaults to the session's."""
        store = self.store
        with store._read() as conn:
            game = store._game(conn, store._world(conn, world))
            seats = {faction: "human" if player == TEAM else player for faction, _, player, _ in store._seats(conn, world)}
        try:
            write_record(path, game, seats, created or store.created)
        except OSError as exc:
            raise ClassroomError(str(path), f"the record cannot be written: {exc.strerror or exc}") from None


class SeatDesk:
    """One team's access: one faction of one world, and only what that faction may see.

    Other seats' orders of the current turn never leave the database for this
    desk (they are blanked in SQL); once the turn resolves they are history and
    visible. Every call re-checks the code, so a reissued code closes an open desk.
    """

    def __init__(self, store: Store, world: int, faction: str, code_hash: str) -> None:
        self.store = store
        self.world = world
        self.faction = faction
        self._code_hash = code_hash

    def _check(self, conn: sqlite3.Connection) -> _World:
        row = conn.execute("SELECT code_hash FROM seats WHERE world = ? AND faction = ?", (self.world, self.faction)).fetchone()
        if row is None or row[0] is None or not secrets.compare_digest(row[0], self._code_hash):
            raise AccessDenied(self.store.file, _REPLACED)
        return self.store._world(conn, self.world)

    def revision(self) -> int:
        """The world's revision: it changes whenever anything this seat may see changes (a single-row read)."""
        row = self.store._peek(
            "SELECT w.revision, s.code_hash FROM worlds w JOIN seats s ON s.world = w.id WHERE w.id = ? AND s.faction = ?",
            (self.world, self.faction),
        )
        if row is None or row[1] is None or not secrets.compare_digest(row[1], self._code_hash):
            raise AccessDenied(self.store.file, _REPLACED)
        return row[0]

    def view(self) -> SeatView:
        """Everything the seat shows, at one moment."""
        store = self.store
        with store._read() as conn:
            world = self._check(conn)
            game = store._game(conn, world, self.faction)
            start = store._start(conn, world.id)
            submitted = store._submitted_factions(conn, world.id, start)
            seats = store._seats(conn, world.id)
            status = store._timer(conn, world.id, store._settings(conn), store._clock())
            draft = store._draft(conn, world.id, self.faction, game.turn)
        team = next(team for faction, team, _, _ in seats if faction == self.faction)
        return SeatView(
            world.id, world.name, self.faction, team, world.revision, game,
            tuple(f for f in game.factions if f in submitted), game.submitted(self.faction), draft, status,
            tuple(SeatInfo(faction, team_, player) for faction, team_, player, _ in seats),
        )

    def game(self) -> Game:
        """The world's game as this seat may see it. Read it; never change it."""
        store = self.store
        with store._read() as conn:
            return store._game(conn, self._check(conn), self.faction)

    def timer(self) -> TimerStatus:
        """The world's timer now."""
        store = self.store
        with store._read() as conn:
            world = self._check(conn)
            return store._timer(conn, world.id, store._settings(conn), store._clock())

    def draft(self) -> tuple[Order, ...] | None:
        """The draft this seat saved this turn, or None."""
        return self.view().draft

    def save_draft(self, orders: Sequence[Order], *, turn: int | None = None) -> None:
        """Keep unsubmitted orders, so a seat that drops and rejoins gets them back (not checked for legality).

        With ``turn`` (the turn they were drafted for), ``OrderError`` if the world moved on."""
        orders = _orders_arg(self.store.file, orders, MAX_DRAFT_ORDERS)
        store = self.store
        with store._write() as conn:
            world = self._check(conn)
            turn_now, over = store._turn(conn, world.id, store._start(conn, world.id))
            if turn is not None and (turn != turn_now or over):
                raise OrderError(_moved_on(world, turn_now, over))
            conn.execute(
                "INSERT OR REPLACE INTO drafts (world, faction, turn, orders, saved_at) VALUES (?, ?, ?, ?, ?)",
                (world.id, self.faction, turn_now, dumps(encode_orders(orders)), store._clock()),
            )

    def submit(self, orders: Sequence[Order], *, turn: int | None = None) -> Submitted:
        """Submit (or replace) this turn's orders; ``OrderError`` if illegal (nothing is written).

        Clears the draft. With ``resolve_when_all_in``, the submission that
        completes the turn resolves it, in the same transaction. With ``turn``
        (the turn the orders were written for), ``OrderError`` if the world moved on:
        orders for a turn that resolved meanwhile never slip into the next one.
        """
        orders = _orders_arg(self.store.file, orders, self.store.scenario.orders_per_turn)
        store = self.store
        with store._write() as conn:
            world = self._check(conn)
            game = store._game(conn, world, self.faction)
            _expect_turn(world, game, turn)
            game.check(self.faction, orders)
            turn = game.turn
            store._insert(conn, world.id, turn, Submission(self.faction, orders), f"seat:{self.faction}")
            conn.execute("DELETE FROM drafts WHERE world = ? AND faction = ?", (world.id, self.faction))
            store._bump(conn, world.id)
            settings = store._settings(conn)
            resolved = settings.resolve_when_all_in and store._due(conn, world.id, settings, store._clock()) == "all in"
            if resolved:  # the orders are public from this commit on: only now does this process read them
                full = store._game(conn, store._world(conn, world.id), remember=False)
                store._resolve(conn, world, full, "auto:all in")
        return Submitted(turn, resolved)

    def note(self, text: str) -> None:
        """Add a note from this team to the world's log, which every seat sees (a reason, a proposal,
        a protest); ``OrderError`` if it is empty or longer than the engine allows."""
        if not text.strip():
            raise OrderError("a note needs some text")
        store = self.store
        with store._write() as conn:
            world = self._check(conn)
            game = store._game(conn, world, self.faction).fork()
            store._take(conn, world.id, game, Note(self.faction, text), f"seat:{self.faction}")
            store._bump(conn, world.id)

    def heartbeat(self) -> None:
        """Say this seat is still here (the facilitator's overview shows ``last_seen``)."""
        store = self.store
        with store._write() as conn:
            self._check(conn)
            conn.execute(
                "UPDATE seats SET last_seen = ? WHERE world = ? AND faction = ?", (store._clock(), self.world, self.faction)
            )

    def tick(self) -> AutoResolved | None:
        """Resolve this seat's world if it is due by the session's rules (so a deadline passes without the console)."""
        with self.store._read() as conn:
            self._check(conn)
        return self.store._tick_world(self.world)


# -- helpers --------------------------------------------------------------------------------------

_REPLACED = "this seat's code was replaced by the facilitator: ask for the new one"
"""Why a seat's open desk stopped working."""


def _expect_turn(world: _World, game: Game, turn: int | None) -> None:
    """``OrderError`` unless ``game`` is still in ``turn``'s orders phase (no check when ``turn`` is None)."""
    if turn is not None and (game.turn != turn or game.is_over):
        raise OrderError(_moved_on(world, game.turn, game.is_over))


def _moved_on(world: _World, turn: int, over: bool) -> str:
    now = "is over" if over else f"is on turn {turn}"
    return f"{world.name} moved on meanwhile (it {now}): nothing was done"


class _WriterQueue:
    """An advisory lock that every process's writers take in turn: ``flock`` on ``SESSION-lock``.

    SQLite lets one writer in at a time and makes the others retry after sleeps of up to
    100 ms; waiting on this lock instead wakes the next writer as soon as the last one is
    done. Without ``fcntl`` (Windows) it does nothing and SQLite's own waiting serves.
    """

    def __init__(self, session: Path) -> None:
        self._fd: int | None = None
        if fcntl is not None:
            with contextlib.suppress(OSError):  # a folder we cannot write to: SQLite's waiting serves
                self._fd = os.open(f"{session}-lock", os.O_RDWR | os.O_CREAT, 0o600)

    def __enter__(self) -> None:
        """Wait for the lock, polling every few milliseconds, for at most ``BUSY_SECONDS``; then go on
        without it and let SQLite's own busy timeout decide (a stopped process may hold it)."""
        if self._fd is None:
            return
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.002)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _connect(path: Path) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def _check_header(path: Path) -> None:
    """Refuse, with a clear sentence, anything that is not an SQLite file before SQLite sees it."""
    file = str(path)
    try:
        if path.is_dir():
            raise ClassroomError(file, "is a folder, not a classroom session file")
        with path.open("rb") as stream:
            head = stream.read(100)
    except FileNotFoundError:
        raise ClassroomError(file, "no such file") from None
    except OSError as exc:
        raise ClassroomError(file, f"cannot be read: {exc.strerror or exc}") from None
    if not head:
        raise ClassroomError(file, "is empty; it is not a classroom session file")
    if not os.access(path, os.R_OK | os.W_OK):
        raise ClassroomError(file, "cannot be opened: a session file must be readable and writable by you")
    if head.lstrip(b"\xef\xbb\xbf").startswith(b'{"detente_record"'):
        raise ClassroomError(file, "is a game record, not a classroom session: check it with 'detente replay' or grade it with 'detente grade'")
    if not head.startswith(_SQLITE_HEADER) or len(head) < 100:
        raise ClassroomError(file, "is not a classroom session file (it is not an SQLite database)")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise ClassroomError(file, "is an SQLite database, but not a Détente classroom session")
    version = int.from_bytes(head[60:64], "big")
    if version > FORMAT:
        raise ClassroomError(file, _newer(version))


def _newer(version: int) -> str:
    return f"uses session format {version}, newer than this program opens (up to {FORMAT}); upgrade Détente to open it"


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring a file of session format 1 to ``FORMAT``, in the write transaction that needs it first.

    Format 1's CHECK on ``journal.kind`` refuses ``rate`` (it journaled a rating
    as ``rating``), and SQLite cannot change a CHECK: the journal is rebuilt
    with this ``SCHEMA``'s table and triggers and its rows are copied as they
    are (its ``rating`` rows still read: ``engine.codec.LEGACY_RATING``).
    Nothing happens if another process upgraded the file first.
    """
    if conn.execute("PRAGMA user_version").fetchone()[0] >= FORMAT:
        return
    journal = [statement for statement in _statements(SCHEMA) if statement.split()[2].startswith("journal")]
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("DROP TRIGGER journal_no_delete")
    conn.execute("ALTER TABLE journal RENAME TO journal_format1")
    for statement in journal:
        conn.execute(statement)
    conn.execute("INSERT INTO journal SELECT world, seq, turn, kind, faction, payload, made_at, made_by FROM journal_format1")
    conn.execute("DROP TABLE journal_format1")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT),))
    conn.execute(f"PRAGMA user_version = {FORMAT}")


def _statements(script: str) -> list[str]:
    """The schema's statements one by one (``executescript`` would commit the open transaction)."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            out.append("\n".join(current))
            current = []
    return out


def _rollback(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fresh_code(salt: str, iterations: int, taken: set[str]) -> tuple[str, str]:
    """A new seat code whose hash is not ``taken`` (and is added to it)."""
    while True:
        code = codes.new_code(codes.SEAT_GROUPS)
        code_hash = codes.hash_code(code, salt, iterations)
        if code_hash not in taken:
            taken.add(code_hash)
            return code, code_hash


def _hashes(conn: sqlite3.Connection, store: Store) -> set[str]:
    taken = {row[0] for row in conn.execute("SELECT code_hash FROM seats WHERE code_hash IS NOT NULL")}
    taken.add(store._facilitator_hash)
    return taken


def _check_name(file: str, what: str, name: Any) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise ClassroomError(file, f"{what} is 1 to {MAX_NAME} printable characters, not {name!r}")


def _check_player(file: str, player: Any) -> None:
    if player != TEAM and player not in STRATEGIES:
        raise ClassroomError(file, f"a seat is played by {TEAM!r} or a bot ({', '.join(STRATEGIES)}), not {player!r}")


def _orders_arg(file: str, orders: Sequence[Order], limit: int) -> tuple[Order, ...]:
    orders = tuple(orders)
    for index, order in enumerate(orders, start=1):
        if not isinstance(order, Order) or not all(isinstance(v, str) for v in (order.move, order.target, order.why)):
            raise OrderError(f"order {index} is not an Order of strings", index)
        if len(order.why) > MAX_WHY:
            raise OrderError(f"order {index}: the justification is longer than {MAX_WHY} characters", index)
    if len(orders) > limit:
        raise OrderError(f"{len(orders)} orders; at most {limit} are allowed")
    return orders


def _world_specs(
    file: str, scenario: Scenario, worlds: int | Sequence[WorldSpec], base_seed: int, players: Mapping[str, str]
) -> list[WorldSpec]:
    """The worlds to create, with names, seeds and every faction's player and team filled in and checked."""
    if isinstance(base_seed, bool) or not isinstance(base_seed, int) or base_seed < 0:
        raise ClassroomError(file, f"the base seed is a non-negative integer, not {base_seed!r}")
    if isinstance(worlds, int) and not isinstance(worlds, bool):
        if not 1 <= worlds <= MAX_WORLDS:
            raise ClassroomError(file, f"a session has 1 to {MAX_WORLDS} worlds, not {worlds}")
        worlds = [WorldSpec(f"World {n}") for n in range(1, worlds + 1)]
    worlds = list(worlds)
    if not 1 <= len(worlds) <= MAX_WORLDS:
        raise ClassroomError(file, f"a session has 1 to {MAX_WORLDS} worlds, not {len(worlds)}")
    factions = {f.id: f for f in scenario.factions}
    out = []
    for index, spec in enumerate(worlds):
        _check_name(file, "a world's name", spec.name)
        seed = base_seed + index if spec.seed is None else spec.seed
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise ClassroomError(file, f"world {spec.name!r}: a seed is an integer from 0 to 2^63-1, not {seed!r}")
        for mapping in (players, spec.players, spec.teams):
            unknown = sorted(set(mapping) - set(factions))
            if unknown:
                raise ClassroomError(file, f"world {spec.name!r}: {scenario.id} has no faction {unknown[0]!r}")
        seat_players = {f: spec.players.get(f, players.get(f, TEAM)) for f in factions}
        for player in seat_players.values():
            _check_player(file, player)
        teams = {f: spec.teams.get(f, factions[f].name) for f in factions}
        for team in teams.values():
            _check_name(file, "a team's name", team)
        out.append(WorldSpec(spec.name, seed, seat_players, teams))
    names = [spec.name for spec in out]
    if len(set(names)) != len(names):
        raise ClassroomError(file, "two worlds have the same name")
    return out
