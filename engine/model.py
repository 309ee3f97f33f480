"""Scenario content as frozen value objects.

These classes know nothing of TOML: ``engine.scenario_loader`` builds them and
checks every cross-reference, so the rules may trust what they find here.
Mappings are stored as tuples of pairs to keep every object hashable and its
iteration order the scenario's own.
"""

from __future__ import annotations

import enum
from typing import Protocol, TypeVar

import attrs

#: Move categories (the instruments of military diplomacy), in resolution
#: priority order: within a turn, every order of an earlier category resolves
#: before any order of a later one (rule 5.2).
CATEGORIES: tuple[str, ...] = (
    "communication",
    "dialogue",
    "humanitarian",
    "peacekeeping",
    "training",
    "aid",
    "economic",
    "arms_sale",
    "exercise",
)

#: Event card categories.
CARD_CATEGORIES: tuple[str, ...] = (
    "disinformation",
    "budget_cut",
    "domestic_opposition",
    "disaster",
    "crisis",
    "election",
    "cyber",
    "summit",
    "scandal",
)

#: The two faction tracks every scenario defines; the rules read them.
CREDIBILITY = "credibility"
DOMESTIC_SUPPORT = "domestic_support"

#: Stability of a region is always within these bounds.
STABILITY_MIN, STABILITY_MAX = 0, 5


class TargetKind(enum.Enum):
    """What a move is aimed at."""

    REGION = "region"
    """A board region; effects land there."""
    FACTION = "faction"
    """Another faction (a dialogue partner or a rival)."""
    HOME = "home"
    """The acting faction itself (domestic outreach, reforms)."""


class CardTarget(enum.Enum):
    """How an event card picks its target when drawn (rule 3.3)."""

    RANDOM_REGION = "random_region"
    LEAST_STABLE_REGION = "least_stable_region"
    MOST_CONTESTED_REGION = "most_contested_region"
    RANDOM_FACTION = "random_faction"
    LEADER = "leader"
    TRAILER = "trailer"
    EVERY_FACTION = "every_faction"
    REGION = "region"
    """A fixed region named by the card's ``region`` key."""
    FACTION = "faction"
    """A fixed faction named by the card's ``faction`` key."""

    @property
    def is_region(self) -> bool:
        """True when the card lands on a region rather than on factions."""
        return self in _REGION_TARGETS


_REGION_TARGETS = frozenset(
    {
        CardTarget.RANDOM_REGION,
        CardTarget.LEAST_STABLE_REGION,
        CardTarget.MOST_CONTESTED_REGION,
        CardTarget.REGION,
    }
)

Pairs = tuple[tuple[str, int], ...]


@attrs.frozen
class TrackDef:
    """A bounded faction track such as credibility."""

    id: str
    name: str
    min: int
    max: int


@attrs.frozen
class Objective:
    """A scenario objective of one faction, worth ``points`` while it holds.

    ``kind`` is one of ``control`` (lead ``region``), ``influence`` (at least
    ``value`` influence in ``region``), ``track`` (``track`` at least ``value``)
    or ``bloc`` (control at least ``value`` regions of ``bloc``).
    """

    id: str
    text: str
    kind: str
    points: int
    region: str = ""
    track: str = ""
    bloc: str = ""
    value: int = 0


@attrs.frozen
class FactionDef:
    """A faction (a state or a classroom team) and its starting position."""

    id: str
    name: str
    letter: str
    budget: int
    income: int
    tracks: Pairs
    objectives: tuple[Objective, ...] = ()
    summary: str = ""


@attrs.frozen
class RegionDef:
    """A board space: a partner state, a forum or a bloc capital."""

    id: str
    name: str
    stability: int
    blocs: tuple[str, ...]
    neighbours: tuple[str, ...]
    influence: Pairs
    receptivity: Pairs
    """Roll modifier per move category; categories not listed have 0."""
    summary: str = ""

    def receptivity_for(self, category: str) -> int:
        """The roll modifier this region gives moves of ``category``."""
        for name, value in self.receptivity:
            if name == category:
                return value
        return 0


@attrs.frozen
class Effects:
    """A bundle of integer changes, each applied in field order (rule 6.1).

    For a move, changes land on the acting faction and its target region;
    ``target_tracks`` land on the target faction of a faction-targeted move.
    For a card, faction changes land on each targeted faction and region
    changes on the targeted region (``influence`` then applies to every
    faction present there).
    """

    influence: int = 0
    rival_influence: int = 0
    spillover: int = 0
    stability: int = 0
    budget: int = 0
    income: int = 0
    tracks: Pairs = ()
    target_tracks: Pairs = ()
    nonempty: bool = attrs.field(init=False, eq=False, repr=False)
    """True when any change is asked for (computed)."""

    def __attrs_post_init__(self) -> None:
        changes = (self.influence, self.rival_influence, self.spillover, self.stability, self.budget, self.income)
        object.__setattr__(self, "nonempty", any(changes) or bool(self.tracks or self.target_tracks))


@attrs.frozen
class Requirements:
    """Conditions a move needs to be legal (rule 4.3). Zero means unchecked."""

    min_influence: int = 0
    max_influence: int = -1
    """-1: no upper limit."""
    min_stability: int = 0
    max_stability: int = STABILITY_MAX
    blocs: tuple[str, ...] = ()
    tracks: Pairs = ()
    """Minimum value of each named track of the acting faction."""
    event: str = ""
    """An active event of this card category must be on the target region."""


@attrs.frozen
class Delayed:
    """Effects that mature ``after`` turns, in that turn's upkeep (rule 7.2)."""

    after: int
    effects: Effects


@attrs.frozen
class MoveDef:
    """A diplomatic move in the scenario's catalogue."""

    id: str
    name: str
    category: str
    cost: int
    target: TargetKind
    requires: Requirements
    difficulty: int
    """0: no roll, the move always succeeds; else the total needed (rule 5.4)."""
    effects: Effects
    failure: Effects
    side_effects: Effects
    delayed: tuple[Delayed, ...]
    summary: str = ""


@attrs.frozen
class Modifier:
    """The ongoing part of an event card, active for ``turns`` turns (rule 3.5)."""

    turns: int
    categories: tuple[str, ...] = ()
    """Move categories the modifier touches; empty means every category."""
    roll: int = 0
    cost: int = 0
    income: int = 0
    gain_divisor: int = 1
    blocks: bool = False
    """When true, moves of ``categories`` may not be ordered in its scope."""
    opposition: Pairs = ()
    """Track changes to a faction each time it resolves a touched move."""
    per_turn: Effects = Effects()

    def touches(self, category: str) -> bool:
        """True when moves of ``category`` are affected."""
        return not self.categories or category in self.categories


@attrs.frozen
class CardDef:
    """An event card."""

    id: str
    name: str
    category: str
    text: str
    copies: int
    target: CardTarget
    region: str
    faction: str
    effects: Effects
    modifier: Modifier | None
    countered_by: tuple[str, ...]
    """Move ids that cancel the card's modifier when they succeed on its target."""


@attrs.frozen
class ScheduledCard:
    """A scripted event: ``card`` is played at the start of ``turn``."""

    turn: int
    card: str
    target: str = ""
    """A fixed target id overriding the card's targeting rule, or empty."""


@attrs.frozen
class Scoring:
    """How scores are computed (rule 8)."""

    influence: int = 1
    control: int = 2
    control_min: int = 3
    tracks: Pairs = ()


@attrs.frozen
class Victory:
    """Ways a game can end before its last turn (rule 9)."""

    score: int = 0
    """0: no score victory."""
    collapse_track: str = DOMESTIC_SUPPORT
    """A faction whose track falls to its minimum collapses; empty turns it off."""


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Def = TypeVar("_Def", bound=_Identified)


def _first_by_id(items: tuple[_Def, ...]) -> dict[str, _Def]:
    """Each item by its id; where an id repeats, the first item wins."""
    index: dict[str, _Def] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


@attrs.frozen
class Scenario:
    """A complete, validated scenario."""

    id: str
    title: str
    summary: str
    turns: int
    orders_per_turn: int
    events_per_turn: int
    max_influence: int
    budget_cap: int
    learning_objectives: tuple[str, ...]
    tracks: tuple[TrackDef, ...]
    factions: tuple[FactionDef, ...]
    regions: tuple[RegionDef, ...]
    moves: tuple[MoveDef, ...]
    cards: tuple[CardDef, ...]
    schedule: tuple[ScheduledCard, ...]
    scoring: Scoring
    victory: Victory
    source: str = attrs.field(default="", repr=False, eq=False)
    """The TOML text the scenario was read from."""
    sha256: str = ""
    """Hex SHA-256 of ``source`` encoded as UTF-8."""

    _factions: dict[str, FactionDef] = attrs.field(init=False, repr=False, eq=False)
    _regions: dict[str, RegionDef] = attrs.field(init=False, repr=False, eq=False)
    _moves: dict[str, MoveDef] = attrs.field(init=False, repr=False, eq=False)
    _cards: dict[str, CardDef] = attrs.field(init=False, repr=False, eq=False)
    _tracks: dict[str, TrackDef] = attrs.field(init=False, repr=False, eq=False)
    _modifiers: dict[str, Modifier] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_factions", _first_by_id(self.factions))
        object.__setattr__(self, "_regions", _first_by_id(self.regions))
        object.__setattr__(self, "_moves", _first_by_id(self.moves))
        object.__setattr__(self, "_cards", _first_by_id(self.cards))
        object.__setattr__(self, "_tracks", _first_by_id(self.tracks))
        object.__setattr__(self, "_modifiers", {cid: c.modifier for cid, c in self._cards.items() if c.modifier is not None})

    @property
    def cheapest_move(self) -> int:
        """The lowest base cost in the move catalogue."""
        return min((m.cost for m in self.moves), default=0)

    def faction(self, faction_id: str) -> FactionDef:
        """The faction with this id; ``KeyError`` when there is none."""
        try:
            return self._factions[faction_id]
        except KeyError:
            raise KeyError(("faction", faction_id)) from None

    def region(self, region_id: str) -> RegionDef:
        """The region with this id; ``KeyError`` when there is none."""
        try:
            return self._regions[region_id]
        except KeyError:
            raise KeyError(("region", region_id)) from None

    def move(self, move_id: str) -> MoveDef:
        """The move with this id; ``KeyError`` when there is none."""
        try:
            return self._moves[move_id]
        except KeyError:
            raise KeyError(("move", move_id)) from None

    def card(self, card_id: str) -> CardDef:
        """The card with this id; ``KeyError`` when there is none."""
        try:
            return self._cards[card_id]
        except KeyError:
            raise KeyError(("card", card_id)) from None

    def modifier(self, card_id: str) -> Modifier:
        """The modifier of the card with this id, which every active event of the card
        carries (only a card with a modifier stays active, rule 3.5); ``KeyError`` when
        there is no such card or it has no modifier."""
        return self._modifiers[card_id]

    def track(self, track_id: str) -> TrackDef:
        """The track definition with this id; ``KeyError`` when there is none."""
        try:
            return self._tracks[track_id]
        except KeyError:
            raise KeyError(("track", track_id)) from None
