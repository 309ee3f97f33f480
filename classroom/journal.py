"""Engine steps as journal rows, and journal rows folded back into a ``Game``.

Each row of a world's journal is one ``engine.inputs`` step, stored as its
kind, the faction it concerns (for filtering) and a JSON payload: the step's
fields. Kinds and fields are spelt by ``engine.codec``, the names a game
record uses too (its docstring has the table: ``orders``, ``inject``,
``note``, ``rate``, ``directive``, ``undo``, ``resolve``). A ``resolve`` row's
payload is what the resolution left, ``{"turn", "digest", "over"}``: the turn
it resolved, the digest of the position it left and whether the game ended.

The digest lets a fold that reaches another position (a damaged file, or an
engine whose rules changed) be caught at the turn where it first differs.
Rows of kind ``rating`` (payload ``{"faction", "order", "strong"}``), written
by session format 1, still read: ``engine.codec.LEGACY_RATING``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from engine import codec, valueclass
from engine.errors import DetenteError
from engine.game import Game
from engine.inputs import Adjudication, Argue, Counter, Directive, Note, Pact, Plan, Rating, Reflection, Resolve, Step, Submission
from engine.model import Scenario

RESOLUTION = ("turn", "digest", "over")
"""The keys of a ``resolve`` row's payload: what the resolution left, around the step's (no) fields."""


class FoldError(Exception):
    """A journal row that cannot be read or applied, or a resolution that reached another position."""

    def __init__(self, seq: int, turn: int, message: str) -> None:
        self.seq = seq
        self.turn = turn
        super().__init__(message)


@valueclass.frozen
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


def encode(step: Step, game: Game | None = None) -> tuple[str, str, dict[str, Any]]:
    """``step`` as a journal row's (kind, faction, payload).

    A ``Resolve`` needs the ``game`` it was just applied to, for the turn it
    resolved and the digest it left.
    """
    kind, payload = codec.encode(step)
    if isinstance(step, Resolve):
        if game is None or not game.made or not game.made[-1].digest:
            raise ValueError("a resolve row needs the game it was applied to")
        made = game.made[-1]
        payload = {**payload, "turn": made.turn, "digest": made.digest, "over": game.is_over}
    return kind, _faction(step), payload


def _faction(step: Step) -> str:
    """The faction a row of ``step`` concerns: whose orders, rating, plan, reflection, agreement step, argued action
    (its adjudication's actor) or counter-argument, the directive's, a seat's note ("" for the rest)."""
    if isinstance(step, Submission | Rating | Directive | Plan | Reflection | Pact | Argue | Adjudication | Counter):
        return step.faction
    if isinstance(step, Note) and step.author != "facilitator":
        return step.author
    return ""


def decode(kind: str, payload: str) -> tuple[Step, str | None]:
    """A row's step, and for a resolve row the digest it recorded; ``ValueError`` if malformed."""
    if not isinstance(payload, str):
        raise ValueError("a payload is JSON text")
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("a payload is a JSON object")
    if kind != "resolve":
        return codec.decode(kind, data), None
    turn, digest, over = (data.get(key) for key in RESOLUTION)
    if not isinstance(turn, int) or isinstance(turn, bool) or not isinstance(digest, str) or not isinstance(over, bool):
        raise ValueError("a resolve row has a whole number turn, a digest string and over true or false")
    return codec.decode(kind, {key: value for key, value in data.items() if key not in RESOLUTION}), digest


def dumps(payload: Any) -> str:
    """A payload (or another stored value: the settings, a draft's orders) as stored: compact JSON, key order kept."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# -- turns ------------------------------------------------------------------------------------


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


# -- folding ----------------------------------------------------------------------------------


def fold(scenario: Scenario, seed: int, rows: Iterable[Row], *, game: Game | None = None) -> Game:
    """The game the journal ``rows`` make, from a new ``Game(scenario, seed)`` or, with ``game``, from that game
    (which every row before these, none hidden, made), changed in place.

    Every resolution is checked against the digest its row recorded. Hidden
    rows (``payload`` None: a seat's fold lacks the other seats' orders of the
    current turn) are skipped; a resolution after a hidden row can only be one
    that a later undo took back, so it is not checked, and the rows between it
    and its undo, which the undo discards, are skipped too.
    Raises ``FoldError`` naming the row and turn.
    """
    game = Game(scenario, seed) if game is None else game
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
