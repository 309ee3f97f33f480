"""Why an order may not be given now, or fizzled when its turn came (rules 4.2-4.5, 5.5).

A ``Reason`` is a typed value: its ``wording`` names the sentence, its
``kind`` the sort of obstacle (the target, a requirement, a blocking event,
the budget, the end of the game) and its ``data`` the values the sentence
shows. It is also the sentence: ``Reason`` subclasses ``str`` with exactly
the English the game has always shown, so logs, records, reports, JSON and
the terminal UI show it unchanged, while code that decides by a reason reads
``kind`` or ``data`` and never matches words.

>>> spent = Reason(Wording.BUDGET_SPENT, 3, 2)
>>> spent.text, spent.kind is ReasonKind.BUDGET, spent.data["cost"]
('costs 3 but only 2 is left', True, 3)
>>> spent
Reason(Wording.BUDGET_SPENT, 3, 2)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

Datum = int | str | tuple[str, ...]
"""A value a reason's sentence shows: a number, a name or id, or ids (shown joined by "or")."""


class ReasonKind(enum.Enum):
    """What sort of obstacle stands in an order's way."""

    TARGET = "target"
    """The target is missing or of the wrong kind (rule 4.2)."""
    REQUIREMENT = "requirement"
    """A requirement of the move is not met (rule 4.3)."""
    BUDGET = "budget"
    """The order costs more than the faction has (rule 4.4; at resolution, 5.5)."""
    BLOCKED = "blocked"
    """An active event blocks the move (rule 4.5)."""
    GAME_OVER = "game over"
    """The game has ended: nothing more may be ordered."""


class Wording(enum.Enum):
    """Each sentence a reason can be: its kind, the names of its data in order, and its
    ``str.format`` template over them (data not in the template are ids kept for code,
    such as the ``card`` behind a ``card_name``)."""

    kind: ReasonKind
    fields: tuple[str, ...]
    template: str

    NO_REGION = (ReasonKind.TARGET, "", "this move needs a target region")
    NOT_A_REGION = (ReasonKind.TARGET, "target", "{target!r} is not a region")
    NO_FACTION = (ReasonKind.TARGET, "", "this move needs a target faction")
    NOT_A_FACTION = (ReasonKind.TARGET, "target", "{target!r} is not a faction")
    OWN_FACTION = (ReasonKind.TARGET, "", "this move targets another faction")
    HOME_TARGETED = (ReasonKind.TARGET, "", "this move acts at home and takes no target")
    TRACK_BELOW = (ReasonKind.REQUIREMENT, "track track_name minimum value", "needs {track_name} {minimum} (you have {value})")
    """``track_name`` is in lower case."""
    INFLUENCE_BELOW = (ReasonKind.REQUIREMENT, "region region_name minimum value", "needs influence {minimum} in {region_name} (you have {value})")
    INFLUENCE_ABOVE = (ReasonKind.REQUIREMENT, "region region_name maximum", "only for influence {maximum} or less in {region_name}")
    STABILITY_OUTSIDE = (ReasonKind.REQUIREMENT, "region minimum maximum value", "needs stability {minimum} to {maximum} (it is {value})")
    NOT_IN_BLOC = (ReasonKind.REQUIREMENT, "region blocs", "only in regions of bloc {blocs}")
    """``blocs``: the blocs the move needs."""
    NO_EVENT = (ReasonKind.REQUIREMENT, "region region_name category event", "needs an active {event} event in {region_name}")
    """``category``: the card category needed; ``event``: it in words."""
    OVER_BUDGET = (ReasonKind.BUDGET, "cost budget", "costs {cost}; the budget is {budget}")
    """An order refused now (rule 4.4)."""
    BUDGET_SPENT = (ReasonKind.BUDGET, "cost budget", "costs {cost} but only {budget} is left")
    """An order that fizzled because earlier orders of the turn had spent the budget (rule 5.5)."""
    BLOCKED = (ReasonKind.BLOCKED, "card card_name", "blocked by {card_name}")
    GAME_OVER = (ReasonKind.GAME_OVER, "", "the game is over")

    def __init__(self, kind: ReasonKind, fields: str, template: str) -> None:
        self.kind = kind
        self.fields = tuple(fields.split())
        self.template = template
        self.made: dict[tuple[Datum, ...], Reason] = {}
        """The reasons of this wording made so far, by data (see ``Reason``)."""

    def render(self, data: Mapping[str, Datum]) -> str:
        """The sentence with ``data`` filled in (a tuple of ids is joined by "or")."""
        if not data:
            return self.template
        return self.template.format_map({key: " or ".join(value) if isinstance(value, tuple) else value for key, value in data.items()})


class Reason(str):
    """Why an order is illegal or fizzled: a ``Wording`` and its data, given in the order
    of ``Wording.fields``, and (as a ``str``) the sentence they make. Equal to that
    sentence, and hashed like it.

    Reasons are immutable, so equal ones are shared: the rules judge thousands of
    orders a turn for the bots, and most reasons recur."""

    wording: Wording
    data: Mapping[str, Datum]
    """The wording's fields and their values; read-only."""

    def __new__(cls, wording: Wording, *values: Datum) -> Reason:
        made = wording.made
        reason = made.get(values)
        if reason is None or type(reason) is not cls:
            if len(values) != len(wording.fields):
                raise TypeError(f"{wording} takes {len(wording.fields)} values ({', '.join(wording.fields)}), not {len(values)}")
            if len(made) >= _MADE_MAX:
                made.clear()
            data = MappingProxyType(dict(zip(wording.fields, values)))
            reason = made[values] = str.__new__(cls, wording.render(data))
            reason.wording = wording
            reason.data = data
        return reason

    @property
    def kind(self) -> ReasonKind:
        """What sort of obstacle this is."""
        return self.wording.kind

    @property
    def text(self) -> str:
        """The sentence, as a plain ``str``."""
        return str.__str__(self)

    def __repr__(self) -> str:
        values = "".join(f", {value!r}" for value in self.data.values())
        return f"Reason(Wording.{self.wording.name}{values})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Reason, (self.wording, *self.data.values()))


_MADE_MAX = 1024
"""Reasons of one wording kept for sharing, at most."""
