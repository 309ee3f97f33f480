"""The secret a session signs its exports with, and signed exports (docs/record-format.md, "Signed exports").

``export_secret`` gives the session's secret, making it in the write that
first needs it: a file made before exports were signed gets one at its next
export and opens as before (the secret is one more ``meta`` row, which no
format change is needed for). ``write_export`` writes a world's record signed
with it (``engine.signature``). ``classroom.witness`` reads it back to check records.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from classroom.session import Session
from engine.game import Game
from engine.record import record_lines, write_atomically
from engine.signature import sign_lines

SECRET_KEY = "export_secret"
"""The ``meta`` row that keeps the session's signing secret (64 hex digits)."""


def export_secret(store: Session) -> bytes:
    """The session's signing secret; made, in a write of its own, when the file has none yet."""
    row = store.peek("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,))
    if row is None:
        with store.write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (SECRET_KEY, secrets.token_hex(32)))
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,)).fetchone()
    return bytes.fromhex(row[0])


def write_export(
    path: str | Path,
    game: Game,
    seats: Mapping[str, str],
    created: str,
    secret: bytes,
    world: int,
    *,
    mode: int | None = None,
    teams: Mapping[str, str] | None = None,
) -> None:
    """Write ``game``'s record to ``path`` atomically, signed with ``secret`` as world ``world``'s;
    ``mode`` and ``teams`` as in ``engine.record.write_record``."""
    lines = sign_lines(record_lines(game, dict(seats), created, dict(teams) if teams else None), secret, world)
    write_atomically(Path(path), ("\n".join(lines) + "\n").encode("utf-8"), mode=mode)
