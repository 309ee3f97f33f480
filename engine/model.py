"""Scenario content as frozen value objects.

These classes know nothing of TOML: ``engine.scenario_loader`` builds them and
checks every cross-reference, so the rules may trust what they find here.
Mappings are stored as tuples of pairs to keep every object hashable and its
iteration order the scenario's own.
"""

from __future__ import annotations

import enum
from typing import Protocol, TypeVar

import engine.valueclass as valueclass

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
    """How an event card picks its target when drawn (rules 3.3 and 13.6)."""

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
    RICHEST = "richest"
    """The faction with the most budget (or income, by the card's ``by`` key); format 2."""
    POOREST = "poorest"
    """The faction with the least budget (or income); format 2."""
    MOST_ORDERS = "most_orders"
    """The faction that resolved the most orders of the card's ``of`` moves last turn; format 2."""
    TOP_INFLUENCE = "top_influence"
    """The ``count`` factions with the most influence in the card's ``region``; format 2."""
    PRESENT = "present"
    """Every faction with influence in the card's ``region``; format 2."""

    @property
    def is_region(self) -> bool:
        """True when the card lands on a region rather than on factions."""
        return self in _REGION_TARGETS

    @property
    def description(self) -> str:
        """How the target is chosen, in words (for menus and the format reference)."""
        return _TARGET_WORDS[self]

    @property
    def format(self) -> int:
        """The first scenario format that has this targeting rule."""
        return 2 if self in _FORMAT_2_TARGETS else 1


_REGION_TARGETS = frozenset(
    {
        CardTarget.RANDOM_REGION,
        CardTarget.LEAST_STABLE_REGION,
        CardTarget.MOST_CONTESTED_REGION,
        CardTarget.REGION,
    }
)

_TARGET_WORDS = {
    CardTarget.RANDOM_REGION: "a random region",
    CardTarget.LEAST_STABLE_REGION: "the least stable region",
    CardTarget.MOST_CONTESTED_REGION: "the most contested region",
    CardTarget.RANDOM_FACTION: "a random faction",
    CardTarget.LEADER: "the leading faction",
    CardTarget.TRAILER: "the trailing faction",
    CardTarget.EVERY_FACTION: "every faction",
    CardTarget.REGION: "its region",
    CardTarget.FACTION: "its faction",
    CardTarget.RICHEST: "the richest faction",
    CardTarget.POOREST: "the poorest faction",
    CardTarget.MOST_ORDERS: "the faction with the most such orders last turn",
    CardTarget.TOP_INFLUENCE: "the factions with the most influence in its region",
    CardTarget.PRESENT: "every faction present in its region",
}
_FORMAT_2_TARGETS = frozenset({CardTarget.RICHEST, CardTarget.POOREST, CardTarget.MOST_ORDERS, CardTarget.TOP_INFLUENCE, CardTarget.PRESENT})

Pairs = tuple[tuple[str, int], ...]

Steps = tuple[tuple[int, int], ...]
"""``(from, value)`` steps in rising order: each value applies from its ``from`` up to the next step's."""

#: What each credibility value adds to a roll unless a scenario defines its own table (rules 5.4
#: and 13.7): -1 up to 2, 0 from 3, +1 from 7.
DEFAULT_CREDIBILITY_ROLLS: Steps = ((-99, -1), (3, 0), (7, 1))


def step_value(steps: Steps, value: int) -> int:
    """The value of the last step whose ``from`` is at most ``value`` (0 below the first).

    >>> [step_value(DEFAULT_CREDIBILITY_ROLLS, c) for c in (0, 2, 3, 6, 7, 10)]
    [-1, -1, 0, 0, 1, 1]
    """
    found = 0
    for start, amount in steps:
        if start > value:
            break
        found = amount
    return found


@valueclass.frozen
class TrackDef:
    """A bounded faction track such as credibility."""

    id: str
    name: str
    min: int
    max: int


#: Condition kinds (rule 13.1); ``all``, ``any`` and ``not`` combine others.
CONDITION_KINDS: tuple[str, ...] = (
    "track", "influence", "controls", "bloc", "attitude", "stability", "score", "turn", "event", "collapsed",
    "all", "any", "not",
)  # fmt: skip


@valueclass.frozen
class Condition:
    """A test on the position, about one faction (the subject) and one target (rule 13.1).

    ``kind`` says what is read: a faction's ``track``, its ``influence`` in a
    region, whether it ``controls`` a region, how many regions of a ``bloc`` it
    controls, its ``attitude`` in a region, a region's ``stability``, its
    ``score``, the ``turn``, whether an ``event`` of a category is active on the
    target, whether a faction has ``collapsed``; ``all``, ``any`` and ``not``
    combine ``parts``. A number read is compared with ``at_least`` and
    ``at_most`` (None: unchecked).
    """

    kind: str
    subject: str = ""
    """The track, region, bloc, attitude, event category or faction the kind reads."""
    of: str = ""
    """The faction whose numbers are read; empty for the subject faction."""
    region: str = ""
    """The region of an ``attitude`` or ``stability`` test; empty for the target region."""
    at_least: int | None = None
    at_most: int | None = None
    parts: tuple[Condition, ...] = ()


@valueclass.frozen
class Aim:
    """A faction's own victory condition (rule 13.5): it wins when ``condition`` holds for it
    at the end of a turn (or, when ``final``, at the end of the last turn only)."""

    text: str
    condition: Condition
    final: bool = False
    """True for an aim judged only when the last turn ends ("prevent X until the end")."""


@valueclass.frozen
class Coalition:
    """Factions that win and lose together, ranked inside by score (rule 13.5)."""

    id: str
    name: str
    members: tuple[str, ...]


@valueclass.frozen
class AttitudeDef:
    """A partner's attitude towards each faction, kept per region (rule 13.3)."""

    id: str
    name: str
    min: int
    max: int
    start: int


@valueclass.frozen
class Hedging:
    """A dominated region drifts toward its runner-up (rule 13.3); ``margin`` 0 turns it off."""

    margin: int = 0
    amount: int = 1


#: How a fogged game shows a faction the influence of the others (rule 16.2).
FOG_INFLUENCE: tuple[str, ...] = ("exact", "banded", "unknown")

#: The bands of ``banded`` influence unless a scenario sets its own: 0, then 1-2, 3-4 and 5 or more.
DEFAULT_FOG_BANDS: tuple[int, ...] = (1, 3, 5)


@valueclass.frozen
class Fog:
    """Fog of war (format 2, rule 16): what each faction sees of the others and of the partners.

    A faction always sees its own numbers. Others' budgets and incomes are hidden; their influence
    is shown ``exact``, ``banded`` (the band it falls in) or ``unknown``; a region's receptivity and
    the partner's attitudes are seen only by a faction an order of one of ``reveals`` succeeded for
    in that region."""

    influence: str = "exact"
    bands: tuple[int, ...] = DEFAULT_FOG_BANDS
    """The lowest value of each band above 0, rising: (1, 3, 5) is 0, 1-2, 3-4, 5+."""
    reveals: tuple[str, ...] = ()
    """Ids of the moves (aimed at a region) whose success reveals that region to the acting faction."""

    def band(self, value: int) -> tuple[int, int | None]:
        """The band ``value`` falls in: its lowest and highest value (None: no highest).

        >>> Fog("banded").band(0), Fog("banded").band(4), Fog("banded").band(9)
        ((0, 0), (3, 4), (5, None))
        """
        low, high = 0, self.bands[0] - 1 if self.bands else None
        for index, start in enumerate(self.bands):
            if value >= start:
                low = start
                high = self.bands[index + 1] - 1 if index + 1 < len(self.bands) else None
        return low, high


@valueclass.frozen
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


@valueclass.frozen
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
    aim: Aim | None = None
    """The faction's own victory condition (format 2), or None."""


@valueclass.frozen
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
    hedges: bool = True
    """False keeps the region out of hedging (rule 13.3)."""

    def receptivity_for(self, category: str) -> int:
        """The roll modifier this region gives moves of ``category``."""
        for name, value in self.receptivity:
            if name == category:
                return value
        return 0


@valueclass.frozen
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
    sets: Pairs = ()
    """Values set outright before any change (format 2, rule 13.4): track ids and ``stability``."""
    receptivity: Pairs = ()
    """Changes to the target region's receptivity per move category (format 2, rule 13.3)."""
    attitudes: Pairs = ()
    """Changes to partner attitudes in the target region (format 2, rule 13.3): the acting
    faction's for a move, every present faction's for a region card."""
    present_tracks: Pairs = ()
    """Track changes to every faction present in a card's target region (format 2, rule 13.6)."""
    nonempty: bool = valueclass.field(init=False, eq=False, repr=False)
    """True when any change is asked for (computed)."""

    def __post_init__(self) -> None:
        changes = (self.influence, self.rival_influence, self.spillover, self.stability, self.budget, self.income)
        pairs = (self.tracks, self.target_tracks, self.sets, self.receptivity, self.attitudes, self.present_tracks)
        object.__setattr__(self, "nonempty", any(changes) or any(pairs))


@valueclass.frozen
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


@valueclass.frozen
class Conditional:
    """Effects that apply only while ``when`` holds (rule 13.4): for a move, after its own
    effects on ``on`` (``success``, ``failure`` or ``always``); for a card, on each target."""

    when: Condition
    effects: Effects
    on: str = "success"


@valueclass.frozen
class Delayed:
    """Effects that mature ``after`` turns, in that turn's upkeep (rule 7.2)."""

    after: int
    effects: Effects


@valueclass.frozen
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
    fades: int = 0
    """Turns the influence this move gains lasts unrenewed before it fades; 0: it lasts (rule 13.2)."""
    conditional: tuple[Conditional, ...] = ()


@valueclass.frozen
class AgreementDef:
    """A kind of agreement two factions may make in play (rule 14): one proposes it to another, who
    accepts or declines.

    While it is in force, each upkeep gives the proposer ``proposer`` and the partner ``partner``
    (budget and track changes), for ``turns`` upkeeps. A party that renounces it, or resolves an
    order of a move or category in ``forbids`` aimed at the other party or at a region where the
    other party has influence, breaks it and takes ``broken``.
    """

    id: str
    name: str
    text: str
    turns: int
    proposer: Effects
    partner: Effects
    forbids: tuple[str, ...] = ()
    """Move categories (groups expanded) and move ids whose orders break the agreement."""
    broken: Effects = Effects()
    """What the faction that breaks the agreement takes."""

    def effects_for(self, role: str) -> Effects:
        """The per-turn effects of ``role`` (``proposer`` or ``partner``)."""
        return self.proposer if role == "proposer" else self.partner


ARGUED_REGION_EFFECTS: tuple[str, ...] = ("influence", "rival_influence", "stability")
"""The effect keys of an argued action that need a target region (rule 15.3)."""
ARGUED_EFFECTS: tuple[str, ...] = (*ARGUED_REGION_EFFECTS, "budget")
"""The effect keys an argued action may have besides the scenario's tracks (rule 15.3)."""


@valueclass.frozen
class ArguedRules:
    """The limits a scenario sets on argued actions (rule 15): how many one faction may propose a turn, what one
    costs its faction when it resolves, the largest amount of any one effect the facilitator may give one, and the
    effect keys allowed (``ARGUED_EFFECTS`` and track ids)."""

    per_turn: int = 1
    cost: int = 1
    max_effect: int = 2
    effects: tuple[str, ...] = ()


@valueclass.frozen
class Reaction:
    """How partners answer (rule 13.3).

    A reaction with ``moves`` or ``categories`` fires for each order of those
    that resolves in a region (on ``success``, ``failure`` or ``resolved``),
    for the acting faction there. A reaction with ``when`` fires in upkeep the
    first time its condition holds for a faction in a region (or, when
    ``region_wide``, for the region), and again only after it stopped holding.
    Either applies ``effects`` to that region and faction, then plays ``card``.
    """

    id: str
    text: str
    moves: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    on: str = "success"
    when: Condition | None = None
    region_wide: bool = False
    effects: Effects = Effects()
    card: str = ""

    def answers(self, move: MoveDef) -> bool:
        """True when an order of ``move`` triggers this reaction."""
        return move.id in self.moves or move.category in self.categories


@valueclass.frozen
class Modifier:
    """The ongoing part of an event card, active for ``turns`` turns (rule 3.5)."""

    turns: int
    categories: tuple[str, ...] = ()
    """Move categories the modifier touches; with ``moves`` empty too, every move."""
    moves: tuple[str, ...] = ()
    """Named moves the modifier touches as well (format 2, rule 13.4)."""
    roll: int = 0
    cost: int = 0
    income: int = 0
    gain_divisor: int = 1
    blocks: bool = False
    """When true, moves of ``categories`` may not be ordered in its scope."""
    opposition: Pairs = ()
    """Track changes to a faction each time it resolves a touched move."""
    per_turn: Effects = Effects()

    def touches(self, move: MoveDef) -> bool:
        """True when ``move`` is affected: by its category or by name."""
        if not self.categories and not self.moves:
            return True
        return move.category in self.categories or move.id in self.moves


@valueclass.frozen
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
    by: str = "budget"
    """``budget`` or ``income``: what ``richest`` and ``poorest`` compare."""
    of: tuple[str, ...] = ()
    """Move ids and categories whose orders ``most_orders`` counts."""
    count: int = 1
    """How many factions ``top_influence`` picks."""
    conditional: tuple[Conditional, ...] = ()


@valueclass.frozen
class ScheduledCard:
    """A scripted event: ``card`` is played at the start of ``turn``."""

    turn: int
    card: str
    target: str = ""
    """A fixed target id overriding the card's targeting rule, or empty."""


@valueclass.frozen
class Scoring:
    """How scores are computed (rule 8)."""

    influence: int = 1
    control: int = 2
    control_min: int = 3
    tracks: Pairs = ()


@valueclass.frozen
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


@valueclass.frozen
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
    format: int = 1
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Category groups the scenario names (format 2), already expanded wherever used."""
    attitudes: tuple[AttitudeDef, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    coalitions: tuple[Coalition, ...] = ()
    hedging: Hedging = Hedging()
    credibility_rolls: Steps = DEFAULT_CREDIBILITY_ROLLS
    agreements: tuple[AgreementDef, ...] = ()
    """The kinds of agreement factions may make in play (format 2, rule 14)."""
    argued: ArguedRules | None = None
    """The limits of argued actions (format 2, rule 15); None: the scenario allows none."""
    fog: Fog | None = None
    """Fog of war (rule 16), or None: every faction sees the whole board."""
    source: str = valueclass.field(default="", repr=False, eq=False)
    """The TOML text the scenario was read from."""
    sha256: str = ""
    """Hex SHA-256 of ``source`` encoded as UTF-8."""

    _factions: dict[str, FactionDef] = valueclass.field(init=False, repr=False, eq=False)
    _regions: dict[str, RegionDef] = valueclass.field(init=False, repr=False, eq=False)
    _moves: dict[str, MoveDef] = valueclass.field(init=False, repr=False, eq=False)
    _cards: dict[str, CardDef] = valueclass.field(init=False, repr=False, eq=False)
    _tracks: dict[str, TrackDef] = valueclass.field(init=False, repr=False, eq=False)
    _modifiers: dict[str, Modifier] = valueclass.field(init=False, repr=False, eq=False)
    _cheapest: int = valueclass.field(init=False, repr=False, eq=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_factions", _first_by_id(self.factions))
        object.__setattr__(self, "_regions", _first_by_id(self.regions))
        object.__setattr__(self, "_moves", _first_by_id(self.moves))
        object.__setattr__(self, "_cards", _first_by_id(self.cards))
        object.__setattr__(self, "_tracks", _first_by_id(self.tracks))
        object.__setattr__(self, "_modifiers", {cid: c.modifier for cid, c in self._cards.items() if c.modifier is not None})
        object.__setattr__(self, "_cheapest", min((m.cost for m in self.moves), default=0))

    @property
    def cheapest_move(self) -> int:
        """The lowest base cost in the move catalogue (found once, when the scenario is made)."""
        return self._cheapest

    @property
    def has_partners(self) -> bool:
        """True when partners keep attitudes, fade influence or hedge (format 2's state)."""
        return self.format >= 2

    def coalition_of(self, faction_id: str) -> tuple[str, ...]:
        """The members of ``faction_id``'s coalition, or the faction alone."""
        for coalition in self.coalitions:
            if faction_id in coalition.members:
                return coalition.members
        return (faction_id,)

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
