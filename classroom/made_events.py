"""Facilitator-made events in a session (rules 12.5): the session's library of them, and the step a
scheduled inject takes.

A made event is a ``[[cards]]`` table of the scenario format (``engine.made_cards``).
Played now it is a ``made_inject`` journal row like any input; scheduled it waits
in ``scheduled`` with its table in ``definition``; saved it stays in ``library``,
keyed by its card id, for any world of the session to play. Only the
facilitator's desk reads the library and the schedule: a made event reaches a
seat when it is played, as a scenario card's inject does. Files of session
format 2 and older have neither (``sessionfile.made_events``): their library
reads as empty.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

import engine.valueclass as valueclass
from classroom import sessionfile
from classroom.journal import dumps
from engine.errors import OrderError
from engine.inputs import Inject, MadeInject
from engine.made_cards import made_card
from engine.model import Scenario

MAX_LIBRARY = 200
"""The most events a session's library keeps (a scenario holds at most 200 cards too)."""


@valueclass.frozen
class MadeEvent:
    """An event in the session's library: its card id and name, and its whole table."""

    card: str
    name: str
    table: dict[str, Any]
    saved_at: float


def inject_step(card: str | Mapping[str, Any], target: str = "") -> Inject | MadeInject:
    """The step that plays ``card``: a scenario card's id (``Inject``) or a made event's table (``MadeInject``)."""
    if isinstance(card, str):
        return Inject(card, target)
    return MadeInject(dict(card), target)


def scheduled_step(card: str, target: str, definition: str | None) -> Inject | MadeInject:
    """The step a row of ``scheduled`` takes when its turn begins; ``OrderError`` if its definition does not read."""
    if definition is None:
        return Inject(card, target)
    try:
        table = json.loads(definition)
    except ValueError:
        raise OrderError(f"the made event {card!r} scheduled here cannot be read: the session file was damaged") from None
    return inject_step(table if isinstance(table, dict) else {}, target)


def definition_of(card: str | Mapping[str, Any]) -> str | None:
    """What ``scheduled.definition`` keeps for ``card``: None for a scenario card, the JSON of a made event's table."""
    return None if isinstance(card, str) else dumps(dict(card))


def card_id(card: str | Mapping[str, Any]) -> str:
    """The card id of a scenario card's id or a made event's table (empty if the table has none)."""
    if isinstance(card, str):
        return card
    ident = card.get("id", "")
    return ident if isinstance(ident, str) else ""


def name_of(scenario: Scenario, card: str, definition: str | None) -> str:
    """A scheduled inject's name as the facilitator reads it: the scenario card's or the made event's."""
    if definition is None:
        try:
            return scenario.card(card).name
        except KeyError:
            return card
    try:
        table = json.loads(definition)
    except ValueError:
        return card
    name = table.get("name") if isinstance(table, dict) else None
    return name if isinstance(name, str) and name else card


def library(conn: sqlite3.Connection) -> tuple[MadeEvent, ...]:
    """Every event saved in the session's library, in the order they were saved."""
    if not sessionfile.made_events(conn):
        return ()
    out = []
    for card, definition, saved_at in conn.execute("SELECT card, definition, saved_at FROM library ORDER BY saved_at, card"):
        try:
            table = json.loads(definition)
        except ValueError:
            continue  # a damaged entry: the facilitator can save the event again
        if isinstance(table, dict):
            name = table.get("name")
            out.append(MadeEvent(card, name if isinstance(name, str) else card, table, saved_at))
    return tuple(out)


def save(conn: sqlite3.Connection, scenario: Scenario, table: Mapping[str, Any], now: float) -> MadeEvent:
    """Keep the made event ``table`` in the library (in a write transaction of a format 3 file).

    ``OrderError`` if it is not an event the scenario could hold (``engine.made_cards``), if the
    library holds another event with its id, or if the library is full. Saving the same event again
    changes nothing."""
    card = made_card(scenario, table)
    spelt = dumps(dict(table))
    row = conn.execute("SELECT definition FROM library WHERE card = ?", (card.id,)).fetchone()
    if row is not None:
        if json.loads(row[0]) != dict(table):
            raise OrderError(f"event.id: the library already has an event {card.id!r}; choose another id")
        return next(event for event in library(conn) if event.card == card.id)
    if conn.execute("SELECT count(*) FROM library").fetchone()[0] >= MAX_LIBRARY:
        raise OrderError(f"the library holds {MAX_LIBRARY} events already; it is full")
    conn.execute("INSERT INTO library (card, definition, saved_at) VALUES (?, ?, ?)", (card.id, spelt, now))
    return MadeEvent(card.id, card.name, dict(table), now)
