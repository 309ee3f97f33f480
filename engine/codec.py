"""The one codec for game inputs: ``Step`` and ``Order`` values to plain JSON-ready dicts and back.

Game records (``engine.record``) and classroom journals
(``classroom.journal``) store the steps of ``engine.inputs`` through this
module, so every step has one spelling wherever it is written. A step is
written as its *kind* and its *fields*; each container frames them with what
is its own:

* a record line is ``{"t": kind, "turn": N, **fields}`` (an ``inject`` or
  ``made_inject`` line adds ``targets``, the chance outcome of the card:
  docs/record-format.md);
* a journal row keeps the kind in its ``kind`` column and the fields as its
  payload (a ``resolve`` row adds ``turn``, ``digest`` and ``over``, what the
  resolution left: docs/classroom-store.md).

===========  ===============================================================  ==============
kind         fields                                                           step
===========  ===============================================================  ==============
orders       ``faction``: str, ``orders``: a list of orders (below)           ``Submission``
inject       ``card``: str, ``target``: str (``""``: by the card's rule)      ``Inject``
made_inject  ``card``: an object (a ``[[cards]]`` table), ``target``: str     ``MadeInject``
note         ``author``: str, ``text``: str                                   ``Note``
message      ``sender``: str, ``to``: str, ``text``: str                      ``Message``
agreement    ``faction``: str, ``act``: str (``PACT_ACTS``), ``agreement``:    ``Pact``
             str, ``other``: str
argue        ``faction``: str, ``number``: int, ``text``: str, ``target``:    ``Argue``
             str
adjudicate   ``faction``: str, ``number``: int, ``difficulty``: int,          ``Adjudication``
             ``effects``: an object of whole numbers
counter      ``faction``: str, ``actor``: str, ``number``: int, ``text``: str ``Counter``
rate         ``faction``: str, ``order``: int, ``rating``: ``"strong"`` |     ``Rating``
             ``"weak"`` | ``"none"`` (``RATINGS``; ``none`` withdraws it)
directive    ``kind``: str, ``faction``: str, ``text``: str                   ``Directive``
undo         ``reason``: str                                                  ``Undo``
plan         ``faction``: str, ``text``: str                                  ``Plan``
reflection   ``faction``: str, ``text``: str                                  ``Reflection``
resolve      (none)                                                           ``Resolve``
===========  ===============================================================  ==============

An order is ``{"move": str, "target": str, "why": str}``, every key present.

Decoding is strict: a kind it does not know, a missing or unknown key, or a
value of the wrong JSON type raises ``ValueError`` with a plain message. It
checks the shape only; whether a step is legal is the game's to say (a
faction that does not exist decodes, and ``Game.apply`` refuses it).

One legacy alias is read and never written: ``LEGACY_RATING`` (kind
``rating``, fields ``faction``, ``order`` and ``strong``: true, false or
null), the way classroom journals of session format 1 spelt a ``rate``.

>>> encode(Rating("blue", 1, True))
('rate', {'faction': 'blue', 'order': 1, 'rating': 'strong'})
>>> decode("rate", {"faction": "blue", "order": 1, "rating": "weak"})
Rating(faction='blue', order=1, strong=False)
>>> decode("rating", {"faction": "blue", "order": 1, "strong": None})
Rating(faction='blue', order=1, strong=None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from engine.inputs import (
    Adjudication,
    Argue,
    Counter,
    Directive,
    Inject,
    MadeInject,
    Message,
    Note,
    Order,
    Pact,
    Plan,
    Rating,
    Reflection,
    Resolve,
    Step,
    Submission,
    Undo,
)

RATINGS: Final[dict[bool | None, str]] = {True: "strong", False: "weak", None: "none"}
"""A rating of a justification (``Rating.strong``) as it is written."""
KINDS: Final = (
    "orders",
    "inject",
    "made_inject",
    "note",
    "message",
    "agreement",
    "argue",
    "adjudicate",
    "counter",
    "rate",
    "directive",
    "undo",
    "plan",
    "reflection",
    "resolve",
)
"""Every kind of step, as written."""
ORDER_KEYS: Final = ("move", "target", "why")
"""The keys of an order, in the order they are written."""
LEGACY_RATING: Final = "rating"
"""Session format 1's kind for a ``rate``: read (``_legacy_rating``), never written."""

_STRONG: Final[dict[str, bool | None]] = {word: strong for strong, word in RATINGS.items()}


# -- orders -------------------------------------------------------------------------------------


def encode_order(order: Order) -> dict[str, str]:
    """``order`` as ``{"move", "target", "why"}``."""
    return {"move": order.move, "target": order.target, "why": order.why}


def encode_orders(orders: Iterable[Order]) -> list[dict[str, str]]:
    """Orders as a list of ``encode_order`` objects."""
    return [encode_order(order) for order in orders]


def decode_order(data: object, where: str = "an order") -> Order:
    """The order ``data`` spells; ``ValueError`` naming ``where`` if it is not exactly one."""
    order = _plain_order(data)
    if order is not None:
        return order
    fields = _exactly(where, data, ORDER_KEYS)
    return Order(_text(where, fields, "move"), _text(where, fields, "target"), _text(where, fields, "why"))


def decode_orders(data: object, where: str = "orders") -> tuple[Order, ...]:
    """The orders a list of order objects spells; ``ValueError`` naming the first one that is not."""
    if not isinstance(data, list):
        raise ValueError(f"{where} are a list of orders, not {_json_type(data)}")
    return tuple(_plain_order(item) or decode_order(item, f"order {index} of {where}") for index, item in enumerate(data, start=1))


def _plain_order(data: object) -> Order | None:
    """The order ``data`` spells when it is what JSON reads of a written one (a dict of exactly the three keys, each
    a str), else None: ``decode_order`` then finds the same order, or what is wrong, by the checks that name it."""
    if type(data) is dict and len(data) == 3:
        move, target, why = data.get("move"), data.get("target"), data.get("why")
        if type(move) is str and type(target) is str and type(why) is str:
            return Order(move, target, why)
    return None


# -- steps --------------------------------------------------------------------------------------


def encode(step: Step) -> tuple[str, dict[str, Any]]:
    """``step`` as its kind and its fields (a new dict, keys in the order they are written)."""
    if isinstance(step, Submission):
        return "orders", {"faction": step.faction, "orders": encode_orders(step.orders)}
    if isinstance(step, Inject):
        return "inject", {"card": step.card, "target": step.target}
    if isinstance(step, MadeInject):
        return "made_inject", {"card": step.card, "target": step.target}
    if isinstance(step, Note):
        return "note", {"author": step.author, "text": step.text}
    if isinstance(step, Message):
        return "message", {"sender": step.sender, "to": step.to, "text": step.text}
    if isinstance(step, Pact):
        return "agreement", {"faction": step.faction, "act": step.act, "agreement": step.agreement, "other": step.other}
    if isinstance(step, Argue):
        return "argue", {"faction": step.faction, "number": step.number, "text": step.text, "target": step.target}
    if isinstance(step, Adjudication):
        return "adjudicate", {"faction": step.faction, "number": step.number, "difficulty": step.difficulty, "effects": dict(step.effects)}
    if isinstance(step, Counter):
        return "counter", {"faction": step.faction, "actor": step.actor, "number": step.number, "text": step.text}
    if isinstance(step, Rating):
        return "rate", {"faction": step.faction, "order": step.order, "rating": RATINGS[step.strong]}
    if isinstance(step, Directive):
        return "directive", {"kind": step.kind, "faction": step.faction, "text": step.text}
    if isinstance(step, Undo):
        return "undo", {"reason": step.reason}
    if isinstance(step, Plan):
        return "plan", {"faction": step.faction, "text": step.text}
    if isinstance(step, Reflection):
        return "reflection", {"faction": step.faction, "text": step.text}
    if isinstance(step, Resolve):
        return "resolve", {}
    raise TypeError(f"not a step of a game: {step!r}")


def decode(kind: object, fields: object) -> Step:
    """The step of ``kind`` that ``fields`` spell; ``ValueError`` if either is not as ``encode`` writes them.

    Also reads the legacy alias ``LEGACY_RATING``.
    """
    decoder = _DECODERS.get(kind) if isinstance(kind, str) else None
    if decoder is None:
        raise ValueError(f"{repr(kind)[:60]} is not a kind of step (known: {', '.join(KINDS)})")
    return decoder(fields)


def _orders(data: object) -> Submission:
    fields = _exactly("an orders step", data, ("faction", "orders"))
    return Submission(_text("an orders step", fields, "faction"), decode_orders(fields["orders"], "the orders step's orders"))


def _inject(data: object) -> Inject:
    fields = _exactly("an inject step", data, ("card", "target"))
    return Inject(_text("an inject step", fields, "card"), _text("an inject step", fields, "target"))


def _made_inject(data: object) -> MadeInject:
    fields = _exactly("a made_inject step", data, ("card", "target"))
    card = fields["card"]
    if not isinstance(card, dict):
        raise ValueError(f"a made_inject step's 'card' is an object (a card's table), not {_json_type(card)}")
    return MadeInject(card, _text("a made_inject step", fields, "target"))


def _note(data: object) -> Note:
    fields = _exactly("a note step", data, ("author", "text"))
    return Note(_text("a note step", fields, "author"), _text("a note step", fields, "text"))


def _message(data: object) -> Message:
    fields = _exactly("a message step", data, ("sender", "to", "text"))
    return Message(_text("a message step", fields, "sender"), _text("a message step", fields, "to"), _text("a message step", fields, "text"))


def _pact(data: object) -> Pact:
    what = "an agreement step"
    fields = _exactly(what, data, ("faction", "act", "agreement", "other"))
    return Pact(_text(what, fields, "faction"), _text(what, fields, "act"), _text(what, fields, "agreement"), _text(what, fields, "other"))


def _argue(data: object) -> Argue:
    what = "an argue step"
    fields = _exactly(what, data, ("faction", "number", "text", "target"))
    return Argue(_text(what, fields, "faction"), _integer(what, fields, "number"), _text(what, fields, "text"), _text(what, fields, "target"))


def _adjudicate(data: object) -> Adjudication:
    what = "an adjudicate step"
    fields = _exactly(what, data, ("faction", "number", "difficulty", "effects"))
    effects = fields["effects"]
    if not isinstance(effects, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in effects.values()):
        raise ValueError(f"{what}'s 'effects' is an object of whole numbers, not {_json_type(effects)}")
    return Adjudication(_text(what, fields, "faction"), _integer(what, fields, "number"), _integer(what, fields, "difficulty"), dict(effects))


def _counter(data: object) -> Counter:
    what = "a counter step"
    fields = _exactly(what, data, ("faction", "actor", "number", "text"))
    return Counter(_text(what, fields, "faction"), _text(what, fields, "actor"), _integer(what, fields, "number"), _text(what, fields, "text"))


def _rate(data: object) -> Rating:
    fields = _exactly("a rate step", data, ("faction", "order", "rating"))
    rating = fields["rating"]
    if not isinstance(rating, str) or rating not in _STRONG:
        raise ValueError(f"a rate step's 'rating' is 'strong', 'weak' or 'none', not {_shown(rating)}")
    return Rating(_text("a rate step", fields, "faction"), _integer("a rate step", fields, "order"), _STRONG[rating])


def _directive(data: object) -> Directive:
    fields = _exactly("a directive step", data, ("kind", "faction", "text"))
    return Directive(_text("a directive step", fields, "kind"), _text("a directive step", fields, "faction"), _text("a directive step", fields, "text"))


def _undo(data: object) -> Undo:
    fields = _exactly("an undo step", data, ("reason",))
    return Undo(_text("an undo step", fields, "reason"))


def _plan(data: object) -> Plan:
    fields = _exactly("a plan step", data, ("faction", "text"))
    return Plan(_text("a plan step", fields, "faction"), _text("a plan step", fields, "text"))


def _reflection(data: object) -> Reflection:
    fields = _exactly("a reflection step", data, ("faction", "text"))
    return Reflection(_text("a reflection step", fields, "faction"), _text("a reflection step", fields, "text"))


def _resolve(data: object) -> Resolve:
    _exactly("a resolve step", data, ())
    return Resolve()


def _legacy_rating(data: object) -> Rating:
    """LEGACY: kind ``rating``, as classroom journals of session format 1 wrote a ``rate``.

    Fields ``faction``, ``order`` and ``strong`` (true, false or null, where
    ``rate`` has ``rating``: strong, weak or none). Read so that those
    session files still open and fold; nothing writes it any more.
    """
    fields = _exactly("a rating step", data, ("faction", "order", "strong"))
    strong = fields["strong"]
    if strong is not True and strong is not False and strong is not None:
        raise ValueError(f"a rating step's 'strong' is true, false or null, not {_shown(strong)}")
    return Rating(_text("a rating step", fields, "faction"), _integer("a rating step", fields, "order"), strong)


_DECODERS: Final[dict[str, Callable[[object], Step]]] = {
    "orders": _orders,
    "inject": _inject,
    "made_inject": _made_inject,
    "note": _note,
    "message": _message,
    "agreement": _pact,
    "argue": _argue,
    "adjudicate": _adjudicate,
    "counter": _counter,
    "rate": _rate,
    "directive": _directive,
    "undo": _undo,
    "plan": _plan,
    "reflection": _reflection,
    "resolve": _resolve,
    LEGACY_RATING: _legacy_rating,
}


# -- checks -------------------------------------------------------------------------------------


def _exactly(what: str, data: object, keys: tuple[str, ...]) -> dict[str, Any]:
    """``data`` as an object, checked to have every one of ``keys`` and no other key."""
    if isinstance(data, dict) and len(data) == len(keys) and all(key in data for key in keys):
        return data  # the usual case, at once: what follows finds what is wrong
    if not isinstance(data, dict):
        raise ValueError(f"{what} is a JSON object, not {_json_type(data)}")
    missing = [key for key in keys if key not in data]
    if missing:
        raise ValueError(f"{what} lacks {_listed(missing)}")
    unknown = [key for key in data if key not in keys]
    if unknown:
        raise ValueError(f"{what} has {'an unknown key' if len(unknown) == 1 else 'unknown keys'} {_listed(unknown)}")
    return data


def _text(what: str, fields: dict[str, Any], key: str) -> str:
    value = fields[key]
    if not isinstance(value, str):
        raise ValueError(f"{what}'s {key!r} is a string, not {_json_type(value)}")
    return value


def _integer(what: str, fields: dict[str, Any], key: str) -> int:
    value = fields[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what}'s {key!r} is a whole number, not {_json_type(value)}")
    return value


def _listed(keys: list[Any]) -> str:
    return ", ".join(repr(key) for key in keys)


def _shown(value: object) -> str:
    """A wrong value in a message: strings and numbers as they are, anything else by its JSON type."""
    if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return repr(value)
    return _json_type(value)


def _json_type(value: object) -> str:
    """What ``value`` is, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
