"""The mutable position of a game and its canonical digest.

A ``GameState`` holds only numbers and ids. Its ``digest`` is the SHA-256 of a
canonical JSON rendering (keys in scenario order, no floats), so two runs agree
on it byte for byte exactly when their positions are identical.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import engine.valueclass as valueclass
from engine.model import Effects, Scenario
from engine.rng import Stream


@valueclass.define
class FactionState:
    """A faction's budget, income, tracks and last computed score."""

    budget: int
    income: int
    tracks: dict[str, int]
    score: int = 0
    objectives: tuple[str, ...] = ()


@valueclass.define
class RegionState:
    """A region's stability, receptivity and every faction's influence there.

    In a format 2 game (rules 13.2-13.3) a region also holds, per faction, the
    part of its influence that fades (``fading``) and the turn from which it
    fades (``fades_at``), and the partner's ``attitudes`` towards it.
    """

    stability: int
    influence: dict[str, int]
    receptivity: dict[str, int] = valueclass.Factory(dict)
    """Roll modifier per move category; categories not listed have 0."""
    fading: dict[str, int] = valueclass.Factory(dict)
    fades_at: dict[str, int] = valueclass.Factory(dict)
    attitudes: dict[str, dict[str, int]] = valueclass.Factory(dict)
    """Faction -> attitude id -> value."""

    def lasting(self, faction: str) -> int:
        """The part of ``faction``'s influence here that does not fade."""
        return self.influence[faction] - self.fading.get(faction, 0)

    def copy(self) -> RegionState:
        """An independent copy."""
        return RegionState(
            self.stability,
            self.influence.copy(),
            self.receptivity.copy(),
            self.fading.copy(),
            self.fades_at.copy(),
            {faction: values.copy() for faction, values in self.attitudes.items()},
        )


@valueclass.define
class ActiveEvent:
    """An event card's modifier acting on one target (a region or a faction)."""

    uid: int
    card: str
    target: str
    remaining: int


@valueclass.define
class PendingEffect:
    """Delayed effects of a successful move, due in the upkeep of ``due``."""

    due: int
    faction: str
    target: str
    move: str
    order: int
    effects: Effects


@valueclass.define
class AgreementState:
    """An agreement between ``proposer`` and ``partner`` (rule 14): proposed this turn (``status`` ``proposed``,
    then ``accepted`` or ``declined``) or ``in_force`` with ``remaining`` upkeeps to run; ``renounced`` names the
    party that renounced it this turn, to break at the next resolution (14.5)."""

    agreement: str
    proposer: str
    partner: str
    status: str
    remaining: int = 0
    renounced: str = ""

    def parties(self) -> tuple[str, str]:
        """The proposer and the partner."""
        return (self.proposer, self.partner)

    def between(self, agreement: str, one: str, other: str) -> bool:
        """True when this is an agreement of kind ``agreement`` between ``one`` and ``other``, either way round."""
        return self.agreement == agreement and {self.proposer, self.partner} == {one, other}

    def row(self) -> list[Any]:
        """Its canonical rendering."""
        return [self.agreement, self.proposer, self.partner, self.status, self.remaining, self.renounced]


@valueclass.define
class ArguedState:
    """An argued action (rule 15) proposed this turn: ``faction``'s ``number``-th, its text and target, and once the
    facilitator adjudicated it its difficulty and effects (``adjudicated`` True)."""

    faction: str
    number: int
    text: str
    target: str
    adjudicated: bool = False
    difficulty: int = 0
    effects: tuple[tuple[str, int], ...] = ()

    def row(self) -> list[Any]:
        """Its canonical rendering."""
        return [self.faction, self.number, self.text, self.target, self.adjudicated, self.difficulty, [list(e) for e in self.effects]]


@valueclass.define
class GameState:
    """Everything that determines the rest of the game, given its inputs."""

    turn: int
    factions: dict[str, FactionState]
    regions: dict[str, RegionState]
    deck_rng: Stream = valueclass.field(eq=False)
    """The deck's random stream: shuffles and random card targets."""
    events: list[ActiveEvent] = valueclass.Factory(list)
    pending: list[PendingEffect] = valueclass.Factory(list)
    draw_pile: list[str] = valueclass.Factory(list)
    """Cards still to draw; the next card is the last one."""
    discard: list[str] = valueclass.Factory(list)
    next_uid: int = 1
    over: bool = False
    partners: bool = False
    """True in a format 2 game: the digest then covers the state of rules 13.2-13.6."""
    last_orders: dict[str, tuple[str, ...]] = valueclass.Factory(dict)
    """The moves each faction resolved last turn, in order (rule 13.6)."""
    reacting: list[str] = valueclass.Factory(list)
    """``reaction/region/faction`` keys whose condition held at the last upkeep (rule 13.3)."""
    agreements: list[AgreementState] = valueclass.Factory(list)
    """Agreements proposed this turn and agreements in force, in the order they were proposed (rule 14)."""
    argued: list[ArguedState] = valueclass.Factory(list)
    """Argued actions proposed this turn, in the order they were proposed (rule 15)."""
    revealed: dict[str, dict[str, int]] | None = None
    """In a fogged game (rule 16), per faction the regions revealed to it, in the order revealed, each
    with the turn it was revealed on; None in a game without fog (the digest then covers nothing of it)."""

    @classmethod
    def initial(cls, scenario: Scenario, seed: int) -> GameState:
        """The starting position of ``scenario`` (before turn 1's events), deck shuffled."""
        faction_ids = [f.id for f in scenario.factions]
        deck_rng = Stream(seed, "deck")
        draw_pile = [card.id for card in scenario.cards for _ in range(card.copies)]
        deck_rng.shuffle(draw_pile)
        attitudes = {a.id: a.start for a in scenario.attitudes}
        regions = {}
        for g in scenario.regions:
            region = RegionState(g.stability, {fid: dict(g.influence).get(fid, 0) for fid in faction_ids}, dict(g.receptivity))
            if scenario.has_partners:
                region.attitudes = {fid: dict(attitudes) for fid in faction_ids}
            regions[g.id] = region
        return cls(
            turn=1,
            deck_rng=deck_rng,
            draw_pile=draw_pile,
            factions={f.id: FactionState(f.budget, f.income, dict(f.tracks)) for f in scenario.factions},
            regions=regions,
            partners=scenario.has_partners,
            revealed={f.id: {} for f in scenario.factions} if scenario.fog is not None else None,
        )

    def copy(self) -> GameState:
        """An independent copy: changing either never changes the other."""
        deck_rng = self.deck_rng.copy()
        return GameState(
            turn=self.turn,
            factions={fid: FactionState(f.budget, f.income, dict(f.tracks), f.score, f.objectives) for fid, f in self.factions.items()},
            regions={rid: r.copy() for rid, r in self.regions.items()},
            deck_rng=deck_rng,
            events=[ActiveEvent(e.uid, e.card, e.target, e.remaining) for e in self.events],
            pending=[PendingEffect(p.due, p.faction, p.target, p.move, p.order, p.effects) for p in self.pending],
            draw_pile=list(self.draw_pile),
            discard=list(self.discard),
            next_uid=self.next_uid,
            over=self.over,
            partners=self.partners,
            last_orders=dict(self.last_orders),
            reacting=list(self.reacting),
            agreements=[valueclass.evolve(a) for a in self.agreements],
            argued=[valueclass.evolve(a) for a in self.argued],
            revealed=None if self.revealed is None else {f: dict(regions) for f, regions in self.revealed.items()},
        )

    def canonical(self) -> dict[str, Any]:
        """A plain, JSON-ready rendering of the whole position; ``agreements`` (rule 14) and ``argued`` (rule 15)
        only while there are any, so a game that never saw one renders as it always did."""
        rendering = {
            "turn": self.turn,
            "over": self.over,
            "factions": {fid: [f.budget, f.income, list(f.tracks.items()), f.score, list(f.objectives)] for fid, f in self.factions.items()},
            "regions": {rid: [r.stability, list(r.influence.items())] for rid, r in self.regions.items()},
            "events": [[e.uid, e.card, e.target, e.remaining] for e in self.events],
            "pending": [[p.due, p.faction, p.target, p.move, p.order] for p in self.pending],
            "deck": [self.draw_pile, self.discard, self.deck_rng.getstate()],
            "next_uid": self.next_uid,
        } | (self._partners_canonical() if self.partners else {})
        if self.agreements:
            rendering["agreements"] = [a.row() for a in self.agreements]
        if self.argued:
            rendering["argued"] = [a.row() for a in self.argued]
        return rendering

    def _partners_canonical(self) -> dict[str, Any]:
        """The format 2 part of the position (never present in a format 1 game's rendering); in a
        fogged game, with the regions revealed to each faction (rule 16)."""
        rendering: dict[str, Any] = {
            "partners": {rid: _partner_rendering(r) for rid, r in self.regions.items()},
            "last_orders": [[f, list(moves)] for f, moves in self.last_orders.items()],
            "reacting": list(self.reacting),
        }
        if self.revealed is not None:
            rendering["revealed"] = [[f, [[region, turn] for region, turn in regions.items()]] for f, regions in self.revealed.items()]
        return rendering

    def digest(self) -> str:
        """Hex SHA-256 of the canonical rendering (compact JSON, ASCII only)."""
        return hashlib.sha256(self.canonical_json().encode("ascii")).hexdigest()

    def canonical_json(self) -> str:
        """``canonical()`` as compact ASCII JSON, character for character what ``_CANONICAL_JSON`` writes of it,
        written faster: the factions and regions (every number of a position is an int) through a template
        per scenario, the rest through the encoder, and a format 2 region's partner part from a cache of
        the renderings of the values it last held (most of them change rarely)."""
        encode = _encode
        factions = ",".join(
            [
                f"{_key(fid)}:[{f.budget},{f.income},{_template(f.tracks) % tuple(f.tracks.values())},{f.score},{encode(list(f.objectives))}]"
                for fid, f in self.factions.items()
            ]
        )
        regions = ",".join([f"{_key(rid)}:[{r.stability},{_template(r.influence) % tuple(r.influence.values())}]" for rid, r in self.regions.items()])
        text = (
            f'{{"turn":{self.turn},"over":{"true" if self.over else "false"},"factions":{{{factions}}},"regions":{{{regions}}},'
            f'"events":{encode([[e.uid, e.card, e.target, e.remaining] for e in self.events])},'
            f'"pending":{encode([[p.due, p.faction, p.target, p.move, p.order] for p in self.pending])},'
            f'"deck":{encode([self.draw_pile, self.discard, self.deck_rng.getstate()])},"next_uid":{self.next_uid}'
        )
        if self.partners:
            partners = ",".join([f"{_key(rid)}:{_partner_text(r)}" for rid, r in self.regions.items()])
            rest = {"last_orders": [[f, list(moves)] for f, moves in self.last_orders.items()], "reacting": list(self.reacting)}
            if self.revealed is not None:
                rest["revealed"] = [[f, [[region, turn] for region, turn in regions.items()]] for f, regions in self.revealed.items()]
            text += f',"partners":{{{partners}}},{encode(rest)[1:-1]}'
        if self.agreements:
            text += f',"agreements":{encode([a.row() for a in self.agreements])}'
        if self.argued:
            text += f',"argued":{encode([a.row() for a in self.argued])}'
        return text + "}"


_CANONICAL_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True)
"""The digest's JSON encoder: ``json.dumps(..., separators=(",", ":"), ensure_ascii=True)``, built once."""
_C_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE = (
    None
    if _C_MAKE_ENCODER is None
    else _C_MAKE_ENCODER(None, _CANONICAL_JSON.default, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
)
"""The C core of ``_CANONICAL_JSON`` (what its ``encode`` makes anew on each call), made once, or None on a Python
without it. It skips the encoder's check for cycles: a position holds none."""


def _encode(value: Any) -> str:
    """``_CANONICAL_JSON.encode(value)``, through the C core made once where there is one."""
    return _CANONICAL_JSON.encode(value) if _C_ENCODE is None else "".join(_C_ENCODE(value, 0))


_KEYS: dict[str, str] = {}
"""Each id as a JSON string (``"id"``), as the encoder writes it."""
_TEMPLATES: dict[tuple[str, ...], str] = {}
"""Per sequence of ids, the %-template of a mapping of them to ints as the encoder writes its ``list(items())``."""
_PARTNER_TEXTS: dict[tuple[Any, ...], str] = {}
"""A format 2 region's partner rendering by the values it holds (``_partner_text``)."""
_CACHE_MAX = 4096
"""The most entries each cache above keeps: a full cache starts again empty (safe when games run in threads)."""


def _remember(cache: dict[Any, str], key: Any, text: str) -> str:
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[key] = text
    return text


def _key(name: str) -> str:
    found = _KEYS.get(name)
    return found if found is not None else _remember(_KEYS, name, _encode(name))


def _template(values: dict[str, int]) -> str:
    """``[["a",%d],["b",%d]]`` for ``values`` with the ids a and b, in its order."""
    names = tuple(values)
    found = _TEMPLATES.get(names)
    if found is None:
        found = _remember(_TEMPLATES, names, "[" + ",".join(f"[{_key(name).replace('%', '%%')},%d]" for name in names) + "]")
    return found


def _partner_text(region: RegionState) -> str:
    """The encoder's text of ``region``'s part of ``canonical()["partners"]``, remembered by the values it renders."""
    attitudes = region.attitudes
    key = (
        tuple(region.receptivity.items()),
        tuple(region.fading.items()),
        tuple(region.fades_at.items()),
        tuple([(f, tuple(a.items())) for f, a in attitudes.items()]),
    )
    found = _PARTNER_TEXTS.get(key)
    if found is None:
        found = _remember(_PARTNER_TEXTS, key, _encode(_partner_rendering(region)))
    return found


def _partner_rendering(region: RegionState) -> list[Any]:
    """``region``'s part of ``canonical()["partners"]``: receptivity, fading influence and its clocks, attitudes."""
    return [
        sorted(region.receptivity.items()),
        sorted(region.fading.items()),
        sorted(region.fades_at.items()),
        [[f, list(a.items())] for f, a in region.attitudes.items()],
    ]
