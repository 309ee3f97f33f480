"""Engine steps as journal rows, and journal rows folded back into a ``Game``.

Each row of a world's journal is one ``engine.game`` step, stored as a kind,
the faction it concerns (for filtering) and a JSON payload:

========== ============================================= =================
kind       payload                                       step
========== ============================================= =================
orders     ``{"faction", "orders": [{"move","target","why"}]}``  ``Submission``
inject     ``{"card", "target"}``                         ``Inject``
note       ``{"author", "text"}``                         ``Note``
rating     ``{"faction", "order", "strong"}``             ``Rating``
directive  ``{"kind", "faction", "text"}``                ``Directive``
undo       ``{"reason"}``                                 ``Undo``
resolve    ``{"turn", "digest", "over"}``                 ``Resolve``
========== ============================================= =================

A resolve row keeps the digest of the position the resolution left, so a
fold that reaches another position (a damaged file, or an engine whose rules
changed) is caught at the turn where it first differs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from engine.errors import DetenteError
from engine.game import Game
from engine.inputs import Directive, Inject, Note, Order, Rating, Resolve, Step, Submission, Undo
from engine.model import Scenario

KINDS = ("orders", "inject", "note", "rating", "directive", "undo", "resolve")
"""Every kind of journal row."""
CURRENT_HIDDEN = ("orders", "rating")
"""Kinds a seat sees only once the turn they were made in is resolved (its own orders excepted)."""


class FoldError(Exception):
    """A journal row that cannot be read or applied, or a resolution that reached another position."""

    def __init__(self, seq: int, turn: int, message: str) -> None:
        self.seq = seq
        self.turn = turn
        super().__init__(message)


@attrs.frozen
class Row:
    """One journal row as read from the session file. ``payload`` is None when it is hidden from the reader."""

    seq: int
    turn: int
    kind: str
    faction: str
    payload: str | None
    made_at: float = 0.0
    """The clock time the row was written."""
    made_by: str = ""
    """``facilitator``, ``seat:FACTION``, ``bot:STRATEGY``, ``scheduled`` or ``auto:all in`` / ``auto:deadline``."""


def orders_json(orders: Sequence[Order]) -> list[dict[str, str]]:
    """Orders as JSON-ready objects."""
    return [{"move": o.move, "target": o.target, "why": o.why} for o in orders]


def orders_from(data: Any) -> tuple[Order, ...]:
    """Orders from their JSON form; ``ValueError`` if it is not one."""
    if not isinstance(data, list):
        raise ValueError("orders are a list")
    out = []
    for item in data:
        if not isinstance(item, dict) or set(item) - {"move", "target", "why"} or "move" not in item:
            raise ValueError("an order is an object with move, target and why")
        values = (item["move"], item.get("target", ""), item.get("why", ""))
        if not all(isinstance(v, str) for v in values):
            raise ValueError("an order's move, target and why are strings")
        out.append(Order(*values))
    return tuple(out)


def encode(step: Step, game: Game | None = None) -> tuple[str, str, dict[str, Any]]:
    """``step`` as a journal row's (kind, faction, payload).

    A ``Resolve`` needs the ``game`` it was just applied to, for the turn it
    resolved and the digest it left.
    """
    if isinstance(step, Submission):
        return "orders", step.faction, {"faction": step.faction, "orders": orders_json(step.orders)}
    if isinstance(step, Inject):
        return "inject", "", {"card": step.card, "target": step.target}
    if isinstance(step, Note):
        return "note", step.author if step.author != "facilitator" else "", {"author": step.author, "text": step.text}
    if isinstance(step, Rating):
        return "rating", step.faction, {"faction": step.faction, "order": step.order, "strong": step.strong}
    if isinstance(step, Directive):
        return "directive", step.faction, {"kind": step.kind, "faction": step.faction, "text": step.text}
    if isinstance(step, Undo):
        return "undo", "", {"reason": step.reason}
    if isinstance(step, Resolve):
        if game is None or not game.made or not game.made[-1].digest:
            raise ValueError("a resolve row needs the game it was applied to")
        made = game.made[-1]
        return "resolve", "", {"turn": made.turn, "digest": made.digest, "over": game.is_over}
    raise TypeError(f"not a step of a game: {step!r}")


def decode(kind: str, payload: str) -> tuple[Step, str | None]:
    """A row's step, and for a resolve row the digest it recorded; ``ValueError`` if malformed."""
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("a payload is a JSON object")
    if kind == "orders":
        return Submission(_text(data, "faction"), orders_from(data.get("orders"))), None
    if kind == "inject":
        return Inject(_text(data, "card"), _text(data, "target")), None
    if kind == "note":
        return Note(_text(data, "author"), _text(data, "text")), None
    if kind == "rating":
        order, strong = data.get("order"), data.get("strong")
        if not isinstance(order, int) or isinstance(order, bool) or strong not in (True, False, None):
            raise ValueError("a rating has an integer order and strong true, false or null")
        return Rating(_text(data, "faction"), order, strong), None
    if kind == "directive":
        return Directive(_text(data, "kind"), _text(data, "faction"), _text(data, "text")), None
    if kind == "undo":
        return Undo(_text(data, "reason")), None
    if kind == "resolve":
        return Resolve(), _text(data, "digest")
    raise ValueError(f"unknown journal row kind {kind!r}")


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} is missing or not a string")
    return value


def dumps(payload: dict[str, Any]) -> str:
    """A payload as stored: compact JSON, key order kept."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# -- turns and privacy ------------------------------------------------------------------------


def turn_start(kinds: Iterable[tuple[int, str]]) -> int:
    """The seq after which the current turn's inputs begin, from the (seq, kind) of resolve and undo rows.

    Each resolve starts a turn; each undo takes back the last resolution in
    force, so the inputs of the turn it reopens count as current again. 0
    when no resolution is in force.
    """
    stack: list[int] = []
    for seq, kind in kinds:
        if kind == "resolve":
            stack.append(seq)
        elif kind == "undo" and stack:
            stack.pop()
    return stack[-1] if stack else 0


def hidden_from(faction: str, row_kind: str, row_faction: str, row_seq: int, start: int) -> bool:
    """True when a seat of ``faction`` may not read a row: another seat's orders, or any rating, of the current turn."""
    if row_seq <= start or row_kind not in CURRENT_HIDDEN:
        return False
    return not (row_kind == "orders" and row_faction == faction)


# -- folding ----------------------------------------------------------------------------------


def fold(scenario: Scenario, seed: int, rows: Iterable[Row]) -> Game:
    """The game the journal ``rows`` make, from a new ``Game(scenario, seed)``.

    Every resolution is checked against the digest its row recorded. Hidden
    rows (``payload`` None: a seat's fold lacks the other seats' orders of the
    current turn) are skipped; a resolution after a hidden row can only be one
    that a later undo took back, so it is not checked, and the rows between it
    and its undo, which the undo discards, are skipped too.
    Raises ``FoldError`` naming the row and turn.
    """
    game = Game(scenario, seed)
    rows = list(rows)
    undone = _undone_by(rows)
    partial = False
    skip_to = 0
    for row in rows:
        if row.seq < skip_to:
            continue
        if row.payload is None:
            partial = True
            continue
        try:
            step, digest = decode(row.kind, row.payload)
        except (ValueError, TypeError) as exc:
            raise FoldError(row.seq, row.turn, f"journal row {row.seq} ({row.kind}) cannot be read: {exc}") from None
        turn = game.turn
        try:
            game.apply(step)
        except DetenteError as exc:
            raise FoldError(row.seq, turn, f"journal row {row.seq} ({row.kind}, turn {turn}) is refused by the engine: {exc}") from None
        if digest is None:
            continue
        if partial and row.seq in undone:
            skip_to = undone[row.seq]
        elif game.made[-1].digest != digest:
            raise FoldError(row.seq, turn, f"turn {turn} resolves to another position than the one recorded")
    return game


def _undone_by(rows: Sequence[Row]) -> dict[int, int]:
    """For each resolve row that an undo took back, the seq of that undo."""
    stack: list[int] = []
    undone: dict[int, int] = {}
    for row in rows:
        if row.kind == "resolve":
            stack.append(row.seq)
        elif row.kind == "undo" and stack:
            undone[stack.pop()] = row.seq
    return undone
