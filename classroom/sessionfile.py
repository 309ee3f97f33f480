"""The session file on disk: its schema and format, made whole, opened with clear refusals, upgraded, its writers queued.

A session is one SQLite database in WAL mode whose header carries
``APPLICATION_ID`` and the format (``user_version``). ``create`` builds a new
file under a temporary name and links it into place, so a session is there
whole or not at all and never replaces a file; ``open_connection`` refuses, in
one sentence, anything that is not a session this program can use;
``upgrade`` brings an older format's file up to ``FORMAT`` inside the write
that needs it; ``WriterQueue`` orders every process's writers on a lock file
beside the session and ``Presence`` tells whether another process has it
open; ``backup`` copies a live session whole; ``plain`` turns SQLite's errors
into one sentence a teacher can act on; ``code_settings`` checks the salt and
iteration count the access codes are hashed with. docs/classroom-store.md
describes the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from classroom import codes
from classroom.errors import ClassroomError
from classroom.values import TEAM, NewSession, Settings, WorldInfo, WorldSpec
from engine.files import UnreadableFile, read_head
from engine.model import Scenario
from engine.version import ENGINE_VERSION

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

FORMAT = 4
"""The session file format this program writes; it opens every format up to it and upgrades an older file
in its first write (``upgrade``). 4: the journal takes ``agreement`` rows (rule 14) and ``argue``, ``adjudicate`` and
``counter`` rows (rule 15); 3: the journal takes ``made_inject`` and ``message`` rows and teams' plans and
reflections (``plan``, ``reflection``), a scheduled inject may be a made event (``scheduled.definition``) and the
session keeps a ``library`` of made events; 2: a rating is journaled as the record spells it, ``rate``; 1: as
``rating``."""
MADE_EVENTS = 3
"""The first format with made events (``made_inject`` rows, ``scheduled.definition``, ``library``), private
messages (``message`` rows) and plans and reflections (``plan``, ``reflection`` rows)."""
APPLICATION_ID = 0x44544E54
"""SQLite ``application_id`` of a session file ("DTNT"): tells it from any other SQLite database."""
BUSY_SECONDS = 10.0
"""How long a transaction waits for another process's write before giving up."""
MIN_ITERATIONS = 1_000
MAX_ITERATIONS = 1_000_000
"""The PBKDF2 iteration counts a session file may give (``meta.code_iterations``; new files have
``codes.ITERATIONS``, 60,000). Any other count is damage: 0 or less cannot hash, and a huge one would
make every code typed take minutes or hours (1,000,000 takes about half a second)."""
SALT_DIGITS = (16, 128)
"""A session's salt (``meta.code_salt``) is an even number of hexadecimal digits in this range (new files: 32)."""

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
    kind    TEXT NOT NULL CHECK (kind IN ('orders', 'inject', 'made_inject', 'note', 'message', 'agreement', 'argue', 'adjudicate', 'counter', 'rate', 'directive', 'undo', 'plan', 'reflection', 'resolve', 'rating')),
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
    problem     TEXT,
    definition  TEXT
);
CREATE TABLE library (
    card       TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    saved_at   REAL NOT NULL
);
CREATE TABLE timers (
    world        INTEGER PRIMARY KEY REFERENCES worlds (id),
    turn_started REAL NOT NULL,
    paused_at    REAL,
    paused_total REAL NOT NULL DEFAULT 0
);
"""


# -- creating ---------------------------------------------------------------------------------------


def create(path: Path, scenario: Scenario, specs: list[WorldSpec], settings: Settings, created: str, clock: Callable[[], float]) -> NewSession:
    """Write a new session file at ``path``, whole or not at all, never replacing a file; its plain codes.

    The arguments are already checked (``classroom.checks.world_specs`` filled
    in every world's seed, players and teams). Timers start paused; the file
    is readable and writable by its owner only.
    """
    file = str(path)
    if path.exists() or path.is_symlink():
        raise ClassroomError(file, "already exists; a new session never replaces a file (choose another name)")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ClassroomError(file, f"cannot be created: there is no folder {str(folder)!r}")
    temporary = folder / f".{path.name}.{os.urandom(4).hex()}.creating"
    salt = codes.new_salt()
    iterations = codes.ITERATIONS
    facilitator_code = codes.new_code(codes.FACILITATOR_GROUPS)
    seat_codes: dict[tuple[int, str], str] = {}
    infos = []
    now = clock()
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.chmod(temporary, 0o600)
        connection = connect(temporary)
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
                "scenario_sha256": sha256(scenario.source),
                "scenario_source": scenario.source,
                "code_salt": salt,
                "code_iterations": str(iterations),
                "facilitator_code": codes.hash_code(facilitator_code, salt, iterations),
                "settings": settings.to_json(),
            }
            connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            hashes = {meta["facilitator_code"]}
            for index, spec in enumerate(specs, start=1):
                seed = spec.seed
                assert seed is not None, "world_specs gives every world its seed"
                connection.execute("INSERT INTO worlds (id, name, seed) VALUES (?, ?, ?)", (index, spec.name, seed))
                infos.append(WorldInfo(index, spec.name, seed))
                connection.execute("INSERT INTO timers (world, turn_started, paused_at, paused_total) VALUES (?, ?, ?, 0)", (index, now, now))
                for faction in scenario.factions:
                    player = spec.players.get(faction.id, TEAM)
                    team = spec.teams.get(faction.id, faction.name)
                    code_hash = None
                    if player == TEAM:
                        code, code_hash = codes.fresh_code(salt, iterations, hashes)
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
        raise ClassroomError(file, f"cannot be created: {plain(exc)}") from None
    except OSError as exc:
        raise ClassroomError(file, f"cannot be created: {exc.strerror or exc}") from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm"), Path(f"{temporary}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return NewSession(path, facilitator_code, seat_codes, tuple(infos))


# -- opening ----------------------------------------------------------------------------------------


IN_USE = "in_use"
"""The ``meta`` key that says whether the session was in use when its main file was last written: "1" from
a process's first write on, "0" once the last process closes it (and in a backup). A file whose ``-wal`` is
missing though it says "1" was copied, or its ``-wal`` lost, while it was in use. Older files lack the key;
reading a file alone never writes it."""
STALE_COPY = (
    "warning: this file was in use when it was last saved, yet no -wal file lies beside it: it may be a copy made "
    "during class, missing what was played since the last resolved turn. Copy a live session with "
    "'detente session backup SESSION OUT', which is always whole"
)
"""What opening a session says when its ``-wal`` is missing though it was in use (see ``IN_USE``)."""
DAMAGED = "is damaged (part of the file cannot be read): restore it from a backup made with 'detente session backup'"
"""Why a file whose pages SQLite cannot read is refused, in words for a teacher."""


def wal_path(path: Path) -> Path:
    """The ``-wal`` file beside the session at ``path``, where SQLite keeps what is not yet in the main file."""
    return Path(f"{path}-wal")


def wal_missing(path: Path) -> bool:
    """True when no ``-wal`` with anything in it lies beside the session at ``path`` (a reader with no right to
    write, such as ``sqlite3 -readonly``, leaves an empty one behind)."""
    try:
        return wal_path(path).stat().st_size == 0
    except OSError:
        return True


def open_connection(path: Path) -> sqlite3.Connection:
    """A connection to the session file at ``path``, in WAL mode; ``ClassroomError`` (and nothing left open)
    if it is not an SQLite session of a format up to ``FORMAT``, cannot be read and written, or is damaged."""
    file = str(path)
    check_header(path)
    try:
        connection = connect(path)
    except sqlite3.Error as exc:
        raise ClassroomError(file, f"is damaged or cannot be opened ({exc})") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise ClassroomError(file, "is an SQLite database, but not a Détente classroom session")
        if version > FORMAT:
            raise ClassroomError(file, newer(version))
        problems = [r[0] for r in connection.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise ClassroomError(file, DAMAGED)
        if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            connection.execute("PRAGMA journal_mode=WAL")
        return connection
    except sqlite3.Error as exc:
        connection.close()
        raise ClassroomError(file, plain(exc)) from None
    except BaseException:
        connection.close()
        raise


def plain(exc: sqlite3.Error) -> str:
    """SQLite's error ``exc`` as one sentence a teacher can act on (after the file's name)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return f"stayed busy for {BUSY_SECONDS:g} seconds (another program holds it); try again"
    if "full" in text:
        return "cannot be written: the disk is full; free some space and try again"
    if "readonly" in text or "read-only" in text:
        return "cannot be written (the file or its folder is read-only to you)"
    if "i/o" in text or "unable to open" in text:
        return "cannot be read or written (the disk or the folder refused: check that it is still there and yours)"
    if "malformed" in text or "not a database" in text or "corrupt" in text or "btree" in text or "page" in text:
        return DAMAGED
    return f"cannot be used: SQLite stopped with '{exc}'"


def connect(path: Path) -> sqlite3.Connection:
    """A connection to an existing file with the session's settings: no automatic transactions,
    foreign keys on, ``synchronous=NORMAL`` (a commit survives any crash of the programs; only a power cut may take
    back what came after the last checkpoint, and every resolution is checkpointed: docs/classroom-store.md),
    ``BUSY_SECONDS`` of waiting for a lock; usable from any thread."""
    uri = f"{path.absolute().as_uri()}?mode=rw"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def check_header(path: Path) -> None:
    """Refuse, with a clear sentence, anything that is not an SQLite file before SQLite sees it."""
    file = str(path)
    if path.is_dir():
        raise ClassroomError(file, "is a folder, not a classroom session file")
    try:
        head = read_head(path, "classroom session file", 100)  # regular files only; a FIFO never blocks
    except UnreadableFile as exc:
        raise ClassroomError(file, exc.reason) from None
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
        raise ClassroomError(file, newer(version))


def code_settings(file: str, salt: object, iterations: int) -> tuple[str, int]:
    """The salt and iteration count a session's codes are hashed with, checked; ``ClassroomError``
    (one sentence) if either is damaged: a salt that is not ``SALT_DIGITS`` hexadecimal digits, a count
    outside ``MIN_ITERATIONS`` to ``MAX_ITERATIONS``."""
    low, high = SALT_DIGITS
    if not isinstance(salt, str) or not low <= len(salt) <= high or len(salt) % 2 or not _HEX.fullmatch(salt):
        raise ClassroomError(file, f"is damaged: its code salt is not {low} to {high} hexadecimal digits, so no access code can be checked")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        shown = str(iterations) if abs(iterations) < 10**12 else f"a number {len(str(abs(iterations)))} digits long"
        raise ClassroomError(
            file,
            f"is damaged: its code iteration count ({shown}) is not from {MIN_ITERATIONS:,} to {MAX_ITERATIONS:,}, so no access code can be checked",
        )
    return salt, iterations


_HEX = re.compile("[0-9a-fA-F]+")


def newer(version: int) -> str:
    """Why a file of session format ``version``, newer than ``FORMAT``, does not open."""
    return f"uses session format {version}, newer than this program opens (up to {FORMAT}); upgrade Détente to open it"


def sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` as UTF-8: how the file pins its embedded scenario."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- backing up -------------------------------------------------------------------------------------


def backup(source: sqlite3.Connection, file: str, out: Path) -> None:
    """Copy the session open on ``source`` (its file ``file``) to ``out``, whole, through SQLite's backup API.

    The copy holds everything committed at one moment, what the ``-wal`` holds
    included, and needs no ``-wal`` beside it; it is readable and writable by
    its owner only and says it is not in use (``IN_USE``). It is written under
    a temporary name and renamed into place, so ``out`` is whole or untouched.
    ``out`` may replace an earlier backup (a session file), never any other file
    nor the session itself. ``ClassroomError`` (one sentence) if it cannot be written.
    """
    target = str(out)
    if out.is_dir():
        raise ClassroomError(target, "is a folder: give the backup file's name")
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_file():
            raise ClassroomError(target, "exists and is not a regular file: a backup replaces only an earlier backup")
        if os.path.samefile(out, file):
            raise ClassroomError(target, "is the session itself: give the backup another name")
        try:
            check_header(out)
        except ClassroomError:
            raise ClassroomError(target, "exists and is not a session file: a backup replaces only an earlier backup (choose another name)") from None
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ClassroomError(target, f"cannot be written: there is no folder {str(folder)!r}")
    temporary = folder / f".{out.name}.{os.urandom(4).hex()}.backup"
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.chmod(temporary, 0o600)
        copy = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '0')", (IN_USE,))
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            copy.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, out)
        _sync_folder(folder)
    except sqlite3.Error as exc:
        raise ClassroomError(target, f"the backup cannot be written: {plain(exc)}") from None
    except OSError as exc:
        raise ClassroomError(target, f"the backup cannot be written: {exc.strerror or exc}") from None
    finally:
        for leftover in (temporary, wal_path(temporary), Path(f"{temporary}-shm"), Path(f"{temporary}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


# -- upgrading --------------------------------------------------------------------------------------


def upgrade(conn: sqlite3.Connection) -> None:
    """Bring a file of session format 1, 2 or 3 to ``FORMAT``, in the write transaction that needs it first.

    An older format's CHECK on ``journal.kind`` refuses the newer kinds
    (format 1 journaled a rating as ``rating`` and refuses ``rate``; neither
    takes ``made_inject``, ``message``, ``plan`` or ``reflection``; format 3
    takes none of ``agreement``, ``argue``, ``adjudicate``, ``counter``), and SQLite cannot change a CHECK: the
    journal is rebuilt with this ``SCHEMA``'s table and triggers and its rows
    are copied as they are (format 1's ``rating`` rows still read:
    ``engine.codec.LEGACY_RATING``). Below format 3, its
    ``scheduled.definition`` column and ``library`` table are added empty.
    Nothing happens if another process upgraded the file first.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= FORMAT:
        return
    statements = _statements(SCHEMA)
    journal = [statement for statement in statements if statement.split()[2].startswith("journal")]
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("DROP TRIGGER journal_no_delete")
    conn.execute("ALTER TABLE journal RENAME TO journal_older")
    for statement in journal:
        conn.execute(statement)
    conn.execute("INSERT INTO journal SELECT world, seq, turn, kind, faction, payload, made_at, made_by FROM journal_older")
    conn.execute("DROP TABLE journal_older")
    if version < MADE_EVENTS:
        conn.execute("ALTER TABLE scheduled ADD COLUMN definition TEXT")
        conn.execute(next(statement for statement in statements if statement.startswith("CREATE TABLE library")))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT),))
    conn.execute(f"PRAGMA user_version = {FORMAT}")


def made_events(conn: sqlite3.Connection) -> bool:
    """True when the file has format 3's made events (another process may have upgraded it since this one opened it)."""
    return bool(conn.execute("PRAGMA user_version").fetchone()[0] >= MADE_EVENTS)


def _statements(script: str) -> list[str]:
    """The schema's statements one by one (``executescript`` would commit the open transaction)."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        if sqlite3.complete_statement("\n".join(current)):
            out.append("\n".join(current))
            current = []
    return out


def _sync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` durable (where the system lets a folder be synced)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# -- the writers' queue -----------------------------------------------------------------------------


class WriterQueue:
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
        if self._fd is None or fcntl is None:
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
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Let go of the lock file (a store's ``close``)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Presence:
    """Which processes have the session open: each holds a shared ``lockf`` lock on one byte of ``SESSION-lock``.

    ``alone`` says whether no other process holds it (then this one is the
    last to close, and may mark the file as no longer in use). Without
    ``fcntl`` (Windows) no process ever knows it is alone.
    """

    _BYTE = 1
    """The byte locked; the writers' queue ``flock``s the whole file, which on Linux and BSD never conflicts with it."""

    def __init__(self, session: Path) -> None:
        self._fd: int | None = None
        if fcntl is not None:
            with contextlib.suppress(OSError):
                self._fd = os.open(f"{session}-lock", os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.lockf(self._fd, fcntl.LOCK_SH, 1, self._BYTE)  # waits only while another process checks ``alone``

    def alone(self) -> bool:
        """True when no other process has the session open (this one's shared lock can become exclusive)."""
        if self._fd is None or fcntl is None:
            return False
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, self._BYTE)
        except OSError:
            return False
        fcntl.lockf(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, self._BYTE)
        return True

    def close(self) -> None:
        """Say this process no longer has the session open."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
