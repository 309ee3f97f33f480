"""The vocabulary of game inputs: orders and every step a game's journal can hold.

A game is the fold of its journal (``Game.apply`` takes each step); records
and classroom journals store these steps through ``engine.codec``. Value
objects only: no rules here.
"""

from __future__ import annotations

from typing import Any

import engine.valueclass as valueclass

MAX_WHY = 2000
"""Longest justification or note kept, in characters."""
MAX_MESSAGE = 500
"""Longest private message, in characters (rule 12.6)."""
MAX_MESSAGES_PER_TURN = 30
"""Most private messages one sender may send in one turn (rule 12.6): a bound on what a record may hold."""
FACILITATOR = "facilitator"
"""The facilitator, as the author of a note or a party to a private message."""
MAX_WRITING = 4000
"""Longest plan or reflection kept, in characters: a few paragraphs."""
MAX_PROPOSALS_PER_TURN = 8
"""Most agreements one faction may propose in one turn (rule 14.2)."""
MAX_ARGUMENT = 1000
"""Longest argued action or counter-argument, in characters (rule 15)."""
MAX_COUNTERS = 8
"""Most counter-arguments one argued action may draw (rule 15.4): one per other faction at most."""
MAX_UNDOS_PER_TURN = 100
"""Most undos of one turn's resolution: enough for any class, and a bound on what a record may ask a replay to do."""


@valueclass.frozen
class Order:
    """One order: a move on a target, with the players' justification.

    ``target`` is a region id, a faction id, or empty for a move at home.
    """

    move: str
    target: str = ""
    why: str = ""


@valueclass.frozen
class Submission:
    """A faction's orders for a turn, as submitted."""

    faction: str
    orders: tuple[Order, ...]


@valueclass.frozen
class Inject:
    """A facilitator playing event ``card`` now, on ``target`` or by its rule."""

    card: str
    target: str = ""


@valueclass.frozen
class MadeInject:
    """A facilitator playing an event they made now (rule 12.5), on ``target`` or by its rule.

    ``card`` is the event as a ``[[cards]]`` table of the scenario format, in
    JSON-ready values (``engine.made_cards``): the definition travels with the
    input, so a record replays without the session it was made in.
    """

    card: dict[str, Any]
    target: str = ""


@valueclass.frozen
class Note:
    """A note added to the log by ``author`` (a faction id or ``facilitator``)."""

    author: str
    text: str


@valueclass.frozen
class Message:
    """A private message from ``sender`` to ``to`` (rule 12.6): a faction id or ``facilitator`` each.

    Only the two parties and the facilitator read it while the game is on; it
    moves no number, and the record keeps it for the review."""

    sender: str
    to: str
    text: str


@valueclass.frozen
class Pact:
    """A faction's step on an agreement (rule 14): ``act`` is one of ``PACT_ACTS``.

    ``propose``: ``faction`` proposes agreement kind ``agreement`` to ``other``; ``accept`` or ``decline``:
    ``faction`` answers ``other``'s proposal of that kind this turn; ``renounce``: ``faction`` renounces the
    agreement of that kind in force with ``other``, which breaks at the next resolution."""

    faction: str
    act: str
    agreement: str
    other: str


@valueclass.frozen
class Argue:
    """``faction`` proposes its ``number``-th argued action of the turn (rule 15): ``text`` says what it does and
    argues why it should succeed; ``target`` is a region id, or empty for an action at home. The number is the
    faction's next (``Game.next_argued``); it travels with the step so that a session can tell which adjudication
    makes it public."""

    faction: str
    number: int
    text: str
    target: str = ""


@valueclass.frozen
class Adjudication:
    """The facilitator (or the hot-seat game's umpire) sets the difficulty and the effects of ``faction``'s argued
    action ``number`` of this turn (rule 15.3); a later adjudication of the same action replaces it. ``effects``
    maps effect keys (``engine.model.ARGUED_EFFECTS`` and track ids) to amounts."""

    faction: str
    number: int
    difficulty: int
    effects: dict[str, int]


@valueclass.frozen
class Counter:
    """``faction``'s counter-argument to ``actor``'s adjudicated argued action ``number`` of this turn (rule 15.4)."""

    faction: str
    actor: str
    number: int
    text: str


@valueclass.frozen
class Rating:
    """The facilitator's rating of the justification of ``faction``'s order ``order`` (1-based) this turn.

    A strong argument adds ``ARGUMENT`` to the order's roll, a weak one takes it
    away (rule 5.4); ``strong=None`` withdraws the rating.
    """

    faction: str
    order: int
    strong: bool | None


@valueclass.frozen
class Directive:
    """A facilitator action that moves no number but belongs in the log and the record.

    ``kind`` is one of ``DIRECTIVES``: ``seat`` (``faction`` is now played by
    the team named in ``text``), ``sideline`` (the member named in ``text`` sits
    this turn out) or ``timer`` (``text`` says what the facilitator did to the
    clock, such as ``paused``).
    """

    kind: str
    faction: str
    text: str


@valueclass.frozen
class Undo:
    """The facilitator taking back the last resolution, for ``reason``."""

    reason: str


@valueclass.frozen
class Plan:
    """``faction``'s plan, written before turn 1 is resolved: its aims and the instruments it means to use.

    A later plan of the same faction replaces it."""

    faction: str
    text: str


@valueclass.frozen
class Reflection:
    """``faction``'s reflection on the game, written once the game is over: what worked, what it would change.

    A later reflection of the same faction replaces it."""

    faction: str
    text: str


@valueclass.frozen
class Resolve:
    """The end of a turn's orders phase, as a step of the journal."""


Input = Submission | Inject | MadeInject | Note | Message | Pact | Argue | Adjudication | Counter | Rating | Directive | Undo | Plan | Reflection
Step = Input | Resolve

DIRECTIVES = ("seat", "sideline", "timer")
PACT_ACTS = ("propose", "accept", "decline", "renounce")
"""What a faction may do about an agreement (``Pact.act``)."""
