"""The way into a classroom session: create or open its file, and turn a code into a desk.

A classroom session is one SQLite file holding one or more *worlds* (parallel
games of the same scenario, each with its own seed and teams). The
facilitator's console and each team's seat (a terminal, or a browser tab
running ``detente join``) are separate processes that open the same file, each
through a ``Store``:

* ``Store.create(path, scenario, ...)`` makes a new file and returns the plain
  access codes, once; ``Store.open(path)`` opens an existing one.
* ``store.access(code)`` turns a code into a ``FacilitatorDesk`` (every world,
  every action) or a ``SeatDesk`` (one faction of one world, and only what
  that faction may see).

The package, module by module: ``sessionfile`` (the file: schema, format,
creating, opening, upgrading, the writers' queue), ``values`` (what goes in
and comes out), ``checks`` (arguments), ``session`` (the connection, its
transactions, the tables read and written, the cached games), ``turns`` (when
a turn resolves and how), ``facilitator_desk`` and ``seat_desk``, and
``journal``, ``timer``, ``codes``, ``naming``, ``errors``.
docs/classroom-store.md describes the file and the API.

The wall clock is read only through the injected ``clock`` (default
``time.time``), so tests control time.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from classroom import sessionfile
from classroom.checks import world_specs
from classroom.errors import AccessDenied, ClassroomError
from classroom.seat_desk import SeatDesk
from classroom.session import Session
from classroom.values import NewSession, Settings, WorldSpec
from engine.model import Scenario

if TYPE_CHECKING:
    from classroom.facilitator_desk import FacilitatorDesk  # imported on use: a seat's command never loads the facilitator's desk


def __getattr__(name: str) -> object:
    """``FacilitatorDesk``, still importable from here, is loaded when first asked for (a seat's process never is)."""
    if name == "FacilitatorDesk":
        from classroom.facilitator_desk import FacilitatorDesk

        return FacilitatorDesk
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Store(Session):
    """An open session file. Make one with ``Store.create`` then ``Store.open``; close it when done.

    A store may be used from several threads of one process; each process
    opens its own. Every method either completes in one transaction or
    changes nothing. It is also a context manager that closes it.
    """

    @classmethod
    def open(cls, path: str | Path, *, clock: Callable[[], float] = time.time) -> Store:
        """Open the session file at ``path``; ``ClassroomError`` if it is not one this program can use."""
        path = Path(path)
        wal_missing = sessionfile.wal_missing(path)  # before SQLite makes one
        connection = sessionfile.open_connection(path)
        try:
            return cls(path, connection, clock, wal_missing=wal_missing)
        except sqlite3.Error as exc:
            connection.close()
            raise ClassroomError(str(path), sessionfile.plain(exc)) from None
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
        specs = world_specs(file, scenario, worlds, base_seed, players or {})
        problem = settings.problem()
        if problem:
            raise ClassroomError(file, f"bad settings: {problem}")
        if not isinstance(created, str) or not created:
            raise ClassroomError(file, "created is the ISO time of creation, such as 2026-03-02T09:15:00Z")
        if not scenario.source:
            raise ClassroomError(file, "the scenario has no source text to embed; load it from a file or text")
        return sessionfile.create(path, scenario, specs, settings, created, clock)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- access ---------------------------------------------------------------------------------

    def access(self, code: str) -> FacilitatorDesk | SeatDesk:
        """The desk ``code`` opens: the facilitator's or one seat's; ``AccessDenied`` if none."""
        seat = self.identify(code)
        if seat is None:
            from classroom.facilitator_desk import FacilitatorDesk

            return FacilitatorDesk(self)
        return SeatDesk(self, *seat)

    def facilitator(self, code: str) -> FacilitatorDesk:
        """The facilitator's desk; ``AccessDenied`` unless ``code`` is the facilitator's code."""
        desk = self.access(code)
        if isinstance(desk, SeatDesk):
            raise AccessDenied(self.file, "that is a seat's code, not the facilitator's")
        return desk

    def seat(self, code: str) -> SeatDesk:
        """A seat's desk; ``AccessDenied`` unless ``code`` is a seat's code."""
        desk = self.access(code)
        if not isinstance(desk, SeatDesk):
            raise AccessDenied(self.file, "that is the facilitator's code; a seat needs its team's code")
        return desk
