"""The facilitator's event form as a card table, and back (rule 12.5); no Textual here.

The composer (``tui.classroom.composer``) shows a made event as a few lines of
text: its name, text, category and where it lands, its effects and its
ongoing modifier written as ``name value`` pairs (``stability -1,
influence -1``; ``roll -1, cost 1, blocks``), how many turns the modifier
lasts, and the move categories it touches. ``EventForm.table`` turns them
into the ``[[cards]]`` table the engine judges (``engine.made_cards``), and
``EventForm.of`` fills a form from a saved table, carrying the keys the form
has no line for so that nothing is lost. A line that is not pairs is refused
here, naming it; everything else is the engine's to judge.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import engine.valueclass as valueclass
from engine.model import CardTarget

FORM_KEYS = ("id", "name", "category", "text", "target", "region", "faction", "effects", "modifier")
"""The table keys the form writes; any other key of a saved event is carried as it is."""
MODIFIER_PAIRS = ("roll", "cost", "income", "gain_divisor")
"""The modifier's numbers a form may set (``blocks`` is a word of its own)."""
_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\s*[ =:]\s*([+-]?\d+))?")


@valueclass.frozen
class EventForm:
    """What the facilitator typed and chose; every field as text, as the form holds it."""

    name: str = ""
    text: str = ""
    category: str = "crisis"
    target: str = CardTarget.RANDOM_REGION.value
    place: str = ""
    """The region or faction of a rule that names one (``region``, ``faction``, ``top_influence``, ``present``)."""
    effects: str = ""
    turns: str = ""
    """How many turns the modifier lasts; blank or 0: no ongoing modifier."""
    modifier: str = ""
    categories: str = ""
    """The move categories the modifier touches, separated by commas or spaces; blank: every move."""
    carried: tuple[tuple[str, Any], ...] = ()
    """Keys of a saved event the form has no line for (``countered_by``, ``conditional``, ...), kept as they were."""

    def table(self, clashes: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The event as a ``[[cards]]`` table, its id made from its name (``made_port_strike``, then
        ``made_port_strike_2``, ...) until ``clashes`` accepts the table; ``ValueError`` naming the line that
        does not read (the engine judges the rest)."""
        if not self.name.strip():
            raise ValueError("name: an event needs a name")
        target = CardTarget(self.target)
        table: dict[str, Any] = {
            "id": "",
            "name": self.name.strip(),
            "category": self.category,
            "text": self.text.strip() or self.name.strip(),
            "target": target.value,
        }
        if needs_place(target):
            table["faction" if target is CardTarget.FACTION else "region"] = self.place
        effects = pairs("effects", self.effects)
        if effects:
            table["effects"] = effects
        turns = self.turns.strip() or "0"
        if not re.fullmatch(r"\d{1,3}", turns):
            raise ValueError(f"lasts: the number of turns is a whole number, not {self.turns.strip()!r}")
        modifier: dict[str, Any] = pairs("modifier", self.modifier, flags=("blocks",))
        categories = [word for word in re.split(r"[\s,]+", self.categories.strip()) if word]
        if int(turns):
            table["modifier"] = {"turns": int(turns), **({"categories": categories} if categories else {}), **modifier}
        elif modifier or categories:
            raise ValueError("lasts: an ongoing modifier needs the number of turns it lasts")
        table.update(self.carried)
        for ident in ids(self.name):
            table["id"] = ident
            if not clashes(table):
                return table
        raise AssertionError("ids(name) never ends")  # pragma: no cover

    @classmethod
    def of(cls, table: Mapping[str, Any]) -> EventForm:
        """The form that shows the saved event ``table`` (its id is made again from its name when it is used)."""
        effects = table.get("effects")
        modifier = table.get("modifier")
        modifier = dict(modifier) if isinstance(modifier, Mapping) else {}
        categories = modifier.pop("categories", [])
        turns = modifier.pop("turns", "")
        flags = [key for key in ("blocks",) if modifier.pop(key, False) is True]
        return cls(
            name=str(table.get("name", "")),
            text=str(table.get("text", "")),
            category=str(table.get("category", "crisis")),
            target=str(table.get("target", CardTarget.RANDOM_REGION.value)),
            place=str(table.get("region") or table.get("faction") or ""),
            effects=spelt(effects if isinstance(effects, Mapping) else {}),
            turns=str(turns),
            modifier=", ".join(filter(None, (spelt(modifier), *flags))),
            categories=", ".join(str(c) for c in categories) if isinstance(categories, list) else "",
            carried=tuple((key, value) for key, value in table.items() if key not in FORM_KEYS),
        )


def needs_place(target: CardTarget) -> bool:
    """True when the rule lands on a region or faction the event names."""
    return target in (CardTarget.REGION, CardTarget.FACTION, CardTarget.TOP_INFLUENCE, CardTarget.PRESENT)


def pairs(line: str, text: str, *, flags: tuple[str, ...] = ()) -> dict[str, Any]:
    """``stability -1, influence -1`` as ``{"stability": -1, "influence": -1}``; a word of ``flags`` alone is true.
    ``ValueError`` naming ``line`` and the part that is neither."""
    out: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = _PAIR.fullmatch(part)
        if match is None or (match.group(2) is None and match.group(1) not in flags):
            allowed = f", or {' or '.join(flags)} alone" if flags else ""
            raise ValueError(f"{line}: {part!r} is not a name and a whole number (such as 'stability -1'){allowed}")
        out[match.group(1)] = True if match.group(2) is None else int(match.group(2))
    return out


def spelt(values: Mapping[str, Any]) -> str:
    """Number pairs as ``pairs`` reads them (``stability -1, influence 1``); anything else is left out."""
    return ", ".join(f"{key} {value:+d}" for key, value in values.items() if isinstance(value, int) and not isinstance(value, bool))


def ids(name: str) -> Iterator[str]:
    """Card ids made from ``name``, in the order they are tried: ``Port strike`` → ``made_port_strike``,
    ``made_port_strike_2``, ``made_port_strike_3``, ..."""
    stem = "made_" + ("_".join(re.findall(r"[a-z0-9]+", name.lower())) or "event")
    stem = stem[:33].rstrip("_")
    yield stem
    for number in itertools.count(2):
        yield f"{stem}_{number}"
