"""Private channels (rule 12.6): messages between a team and the facilitator, and between teams of one world.

A message is a ``message`` journal row, so it is in the world's game and record
like any input. Who may read it is the session's to enforce: ``Session.rows``
leaves a message out of every seat's journal (and the projector's) that is not
one of its two parties, until the game is over; the facilitator reads them all.
Besides the engine's bounds (length, ``MAX_MESSAGES_PER_TURN``), a sender may
send at most ``PER_MINUTE`` messages in any minute of the session's clock.
"""

from __future__ import annotations

import sqlite3

from classroom.session import Session
from classroom.values import WorldRow
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Message
from engine.log import Messaged

PER_MINUTE = 6
"""Most messages one sender (a team, or the facilitator) may send in any 60 seconds."""


def send(store: Session, conn: sqlite3.Connection, world: WorldRow, game: Game, message: Message, made_by: str) -> None:
    """Journal ``message`` in ``world`` (in a write transaction), checked by the engine on ``game`` (a fork the
    caller may spend) and against ``PER_MINUTE``; ``OrderError`` if refused, and nothing is written."""
    recent = conn.execute(
        "SELECT count(*) FROM journal WHERE world = ? AND kind = 'message' AND json_extract(payload, '$.sender') = ? AND made_at > ?",
        (world.id, message.sender, store.now() - 60),
    ).fetchone()[0]
    if recent >= PER_MINUTE:
        raise OrderError(f"at most {PER_MINUTE} messages a minute: wait a little before the next one")
    store.take(conn, world.id, game, message, made_by)
    store.bump(conn, world.id)


def messages(game: Game) -> tuple[Messaged, ...]:
    """The private messages in ``game``'s log, oldest first: a seat's game holds only its own (until the game is over)."""
    return tuple(entry for entry in game.log if isinstance(entry, Messaged))
