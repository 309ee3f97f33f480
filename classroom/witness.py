"""A session file as a grader sees it: ``SessionWitness`` (``grading.provenance`` compares records with it).

It gives the session's scenario hash and title, its ``created`` time, the
secret its exports are signed with (``classroom.provenance``), each world's
name, seed and seats, and each world's journal as the input lines of a
record — the inputs in the order they were made, every resolution as the
digest it left — read one world at a time, when asked, and kept for a few
worlds. Nothing is written.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from classroom.errors import ClassroomError
from classroom.journal import decode
from classroom.provenance import SECRET_KEY
from classroom.store import Store
from classroom.values import TEAM
from engine import codec
from engine.game import Game

WORLD_CACHE = 8
"""Worlds whose journals a witness keeps read (records are usually graded world by world)."""
_SECRET = re.compile("[0-9a-f]{64}")


class SessionWitness:
    """A session file opened to check records against (``grading.provenance.SessionSource``). Close it when done."""

    def __init__(self, path: str | Path) -> None:
        """Open the session at ``path``; ``ClassroomError`` if it is not one this program can use."""
        self.store = Store.open(path)
        self.file = self.store.file
        self.created = self.store.created
        self.scenario_sha256 = self.store.scenario.sha256
        self.scenario_title = self.store.scenario.title
        self.scenario_source = self.store.scenario.source
        self.engine = self.store.engine
        self.secret: bytes | None = None
        """None when the session never signed an export."""
        self.worlds: dict[int, tuple[str, int, Mapping[str, str]]] = {}
        """Each world's name, seed and seats (faction → ``human`` or a bot strategy, as a record's header says)."""
        self.teams: dict[int, Mapping[str, str]] = {}
        """Each world's team names (faction → name, for the factions teams play), as its exports' headers say."""
        try:
            self._read()
        except BaseException:
            self.store.close()
            raise
        self._cached = functools.lru_cache(maxsize=WORLD_CACHE)(self._read_inputs)

    def _read(self) -> None:
        """The secret, and each world's name, seed and seats."""
        row = self.store.peek("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,))
        if row is not None:
            if not isinstance(row[0], str) or not _SECRET.fullmatch(row[0]):
                raise ClassroomError(self.file, "is damaged: its export secret is not 64 hexadecimal digits, so no signature can be checked")
            self.secret = bytes.fromhex(row[0])
        with self.store.read() as conn:
            for world in self.store.all_worlds(conn):
                rows = self.store.seats(conn, world.id)
                seats = {faction: "human" if player == TEAM else player for faction, _, player, _ in rows}
                self.worlds[world.id] = (world.name, world.seed, seats)
                self.teams[world.id] = {faction: team for faction, team, player, _ in rows if player == TEAM}

    def inputs(self, world: int) -> tuple[dict[str, Any], ...]:
        """World ``world``'s journal as record lines without their ``turn``: every input (an inject, of a scenario's card or a
        made one, without the ``targets`` its card landed on), and for each resolution its ``digest`` line."""
        return self._cached(world)

    def _read_inputs(self, world: int) -> tuple[dict[str, Any], ...]:
        with self.store.read() as conn:
            rows = self.store.rows(conn, world, "")
        out: list[dict[str, Any]] = []
        for row in rows:
            assert row.payload is not None, "the facilitator's read hides nothing"
            if row.kind == "resolve":
                out.append({"t": "digest", "sha256": json.loads(row.payload)["digest"]})
                continue
            step, _ = decode(row.kind, row.payload)
            kind, fields = codec.encode(step)
            out.append({"t": kind, **fields})
        return tuple(out)

    def game(self, world: int) -> Game:
        """World ``world``'s game as its journal folds (``ClassroomError`` if the journal does not fold)."""
        with self.store.read() as conn:
            return self.store.game(conn, self.store.world(conn, world), remember=False)

    def close(self) -> None:
        """Close the session file."""
        self.store.close()

    def __enter__(self) -> SessionWitness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
