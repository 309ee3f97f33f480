"""How good a position is for a faction, and what an order is expected to add.

The bots (``players.bots``) play by this evaluation; docs/bots.md explains
it in words. It reads the rules' own pieces — ``Rules.assess`` (legality, cost
and modifiers), ``Rules.roll_modifiers``, ``success_chance`` and
``influence_gain`` — and adds only what a player would weigh. An evaluation
is a float built from additions, multiplications and divisions alone (no
library functions), so it comes out bit for bit the same on every platform;
the rules' own arithmetic stays integer.

The evaluation of a position for faction ``f`` is the sum of:

- **score race**: ``f``'s score, less the rival pressure (the mean of the best
  rival's score and the average rival score). Scores are rule 8's, computed
  on the position now; each faction's delayed effects still to mature count
  ``DELAY`` of what they would add to its score now;
- **budget**: ``budget_weight(remaining)`` per point of budget, and per point
  of income for every remaining turn;
- **credibility**: ``ROLL`` per remaining turn (at most ``ROLL_TURNS``) times
  what it adds to each roll (``engine.rules.credibility_modifier`` with the
  scenario's table, rules 5.4 and 13.7);
- **safety**: at the collapse minimum, ``-COLLAPSE``; one or two above it,
  ``-SAFETY`` times 4 or 1 while turns remain;
- **prospects**: in every region, ``PROSPECT`` times what control there is
  worth to ``f`` times its distance to control, clamped to -3..2 (0 is a bare
  lead at the control minimum), halved with one turn left, none after;
- **stability**: ``STABILITY`` times what each region where ``f`` has
  influence adds to a roll there (``engine.rules.stability_modifier``, rule
  5.4), while turns remain;
- **aims** (format 2, rule 13.5): for ``f``'s aim and its coalition partners'
  aims, ``AIM`` times the mean closeness of the aim's tests (``1 / (1 +
  distance)``, ``engine.conditions.Leaf``: 1 when met), plus ``AIM_WIN``
  when the aim holds (a final aim only with no turn left); ``AIM_WIN`` off when
  a rival outside the coalition meets its aim.

An order's value (``Evaluator.value``) adds, in format 2: influence from a move
whose influence fades (rule 13.2) counts ``lasting_share`` of its value; the
conditional effects whose condition holds now and the effects of the
reactions the order would set off (rule 13.3: order reactions, and threshold
reactions its attitude changes would fire) count like the order's own.

``remaining`` is the number of turns whose orders are still to come: a
position waiting for orders on turn ``t`` of ``T`` has ``T - t + 1``; the
greedy bot judges the position after this turn's orders, with ``T - t``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

import engine.valueclass as valueclass
from engine.game import Game
from engine.inputs import Order
from engine.model import CREDIBILITY, STABILITY_MAX, STABILITY_MIN, Condition, Effects, MoveDef, Pairs, Scenario, TargetKind
from engine.rules import Rules, Touching, credibility_modifier, influence_gain, stability_modifier, success_chance
from engine.state import FactionState, GameState, RegionState

DELAY = 0.8
"""Share of their value that delayed effects still to mature count for now."""
BUDGET = 0.3
"""Value of a budget point while three or more turns remain (less before the end)."""
ROLL = 0.4
"""Value of a +1 roll bracket, per remaining turn."""
ROLL_TURNS = 4
"""Remaining turns the credibility bracket is valued over, at most."""
COLLAPSE = 60.0
"""Penalty for sitting at the collapse minimum (the faction loses the game)."""
SAFETY = 1.0
"""Penalty unit for the collapse track one (x4) or two (x1) above the minimum."""
PROSPECT = 0.25
"""Value of one step of distance to control, per point control is worth."""
STABILITY = 0.3
"""Value of a region's roll bracket where the faction has influence."""
AIM = 12.0
"""Value of meeting all of an aim's tests (format 2), shared out over its tests."""
AIM_WIN = 40.0
"""Value of an aim that holds: the game is won."""


def lasting_share(fades: int, remaining: int) -> float:
    """The share of a gain that fades after ``fades`` turns still worth counting with
    ``remaining`` turns of orders to come (1 for lasting influence).

    >>> lasting_share(0, 9), lasting_share(2, 1), lasting_share(2, 5)
    (1.0, 1.0, 0.5)
    """
    if not fades or remaining <= fades:
        return 1.0
    return (fades + 1) / (remaining + 1)


RegionChange = tuple[int, int, int]
"""(influence, rival influence, stability) that an outcome changes in its target region."""
RegionChanges = tuple[RegionChange, RegionChange]
"""The ``RegionChange`` of an outcome's effects, then of its side effects."""
_OwnChanges = tuple[int, int, Pairs, Pairs, int, int, Pairs, Pairs]
"""(budget, income, tracks, target tracks) of an outcome's effects, then of its side effects."""
_ChanceKey = tuple[str, str, str, int, int, int, tuple[int, ...]]
_MemoKey = tuple[object, ...]

_NOTHING: RegionChanges = ((0, 0, 0), (0, 0, 0))
_RegionParts = tuple["float | None", "dict[str, int] | None", "float | None", "float | None"]
"""The parts of ``Evaluator._region_value``, added in this order: the faction's own score change, the
score changes when a rival's changes too (for the rival pressure), the prospects term and the presence
term (stability where the faction has influence); None where a part adds nothing."""
_NO_PARTS: _RegionParts = (None, None, None, None)
_LOCAL = 200_000
"""At most this many entries are kept across positions in each of ``Evaluator._local`` and ``Evaluator._holding``."""


def budget_weight(remaining: int) -> float:
    """What a budget point is worth with ``remaining`` turns of orders still to come."""
    return BUDGET * min(remaining, 3) / 3


def remaining_after(game: Game) -> int:
    """Turns of orders still to come once this turn's orders are given."""
    return game.scenario.turns - game.turn


_SHARED: dict[int, tuple[Scenario, Evaluator]] = {}
_SHARED_MAX = 8


def in_sight(game: Game, faction: str) -> Game:
    """The game a player of ``faction`` reckons on (its bot, its advice): ``game`` itself, or in a
    fogged game (rule 16) a fork at the position ``faction`` believes (``Game.believed``), which
    holds nothing it cannot see."""
    return game if game.scenario.fog is None else game.believed(faction)


def evaluator_for(scenario: Scenario) -> Evaluator:
    """The shared evaluator of ``scenario``, so that every seat of a game judges one
    position once. A cache only: an evaluator holds no game's state of its own."""
    found = _SHARED.get(id(scenario))
    if found is not None and found[0] is scenario:
        return found[1]
    if len(_SHARED) >= _SHARED_MAX:
        del _SHARED[next(iter(_SHARED))]
    evaluator = Evaluator(scenario)
    _SHARED[id(scenario)] = (scenario, evaluator)
    return evaluator


class Candidate(NamedTuple):
    """A legal order for a faction now: what ``Game.legal_options`` lists, with the
    modifiers touching it (``Rules.assess``)."""

    move: MoveDef
    target: str
    cost: int
    modifiers: Touching

    def order(self, why: str = "") -> Order:
        """This candidate as an order."""
        return Order(self.move.id, self.target, why)


class Position:
    """The numbers an evaluation reads, derived once from a state.

    Holds read-only views of the state's numbers plus the derived scores,
    controllers and bloc counts, and a memo of values already worked out.
    ``Evaluator.after`` makes a new position with changes applied.
    """

    __slots__ = (
        "blocs",
        "budget",
        "controllers",
        "held",
        "income",
        "influence",
        "memo",
        "remaining",
        "scale",
        "scores",
        "stability",
        "state",
        "thresholds",
        "totals",
        "tracks",
        "virtual",
        "weight",
    )

    def __init__(self, state: GameState, remaining: int, parent: Position | None = None) -> None:
        """The numbers of ``state``; with ``parent``, shared copies of ``parent``'s numbers and derived numbers
        instead, for ``derived`` to refresh where ``state`` differs."""
        self.state = state
        self.remaining = remaining
        self.weight = budget_weight(remaining)
        """What a budget point is worth here."""
        self.scale = min(remaining, 2) / 2
        """How much prospects count here."""
        self.influence: dict[str, dict[str, int]]
        self.stability: dict[str, int]
        self.tracks: dict[str, dict[str, int]]
        self.budget: dict[str, int]
        self.income: dict[str, int]
        self.controllers: dict[str, str]
        self.totals: dict[str, int]
        """Every faction's influence summed over the regions."""
        self.held: dict[str, int]
        """Regions each faction controls."""
        self.blocs: dict[tuple[str, str], int]
        """Controlled regions per (faction, bloc), for the blocs some objective counts."""
        if parent is None:
            self.influence = {rid: r.influence for rid, r in state.regions.items()}
            self.stability = {rid: r.stability for rid, r in state.regions.items()}
            self.tracks = {fid: f.tracks for fid, f in state.factions.items()}
            self.budget = {fid: f.budget for fid, f in state.factions.items()}
            self.income = {fid: f.income for fid, f in state.factions.items()}
            self.controllers, self.totals, self.held, self.blocs = {}, {}, {}, {}
        else:
            self.influence, self.stability = dict(parent.influence), dict(parent.stability)
            self.tracks, self.budget, self.income = dict(parent.tracks), dict(parent.budget), dict(parent.income)
            self.controllers, self.totals, self.held, self.blocs = dict(parent.controllers), dict(parent.totals), dict(parent.held), dict(parent.blocs)
        self.scores: dict[str, int] = {}
        """Rule 8 scores of this position."""
        self.virtual: dict[str, float] = {}
        """Scores plus the discounted value of delayed effects still to mature."""
        self.memo: dict[_MemoKey, float] = {}
        """Values already worked out on this position."""
        self.thresholds: dict[_MemoKey, tuple[Effects, ...]] = {}
        """``Evaluator._thresholds_fired`` already worked out on this position."""

    def derived(self, state: GameState, regions: Iterable[str], factions: Iterable[str]) -> Position:
        """A position of ``state``, which differs from this one's only in ``regions`` and ``factions``: the
        numbers of those are read from ``state``, the rest (derived ones too) are shared copies of this
        position's, for ``Evaluator.after`` to bring up to date."""
        pos = Position(state, self.remaining, self)
        for rid in regions:
            region = state.regions[rid]
            pos.influence[rid], pos.stability[rid] = region.influence, region.stability
        for fid in factions:
            record = state.factions[fid]
            pos.tracks[fid], pos.budget[fid], pos.income[fid] = record.tracks, record.budget, record.income
        return pos


class Outcome:
    """The new values one outcome of an order leads to (a sketch, not a state)."""

    __slots__ = ("budget", "income", "influence", "stability", "target", "target_tracks", "tracks")

    def __init__(self, pos: Position, faction: str, target: str) -> None:
        self.influence: dict[str, dict[str, int]] = {}
        self.stability: dict[str, int] = {}
        self.tracks: dict[str, int] = {}
        self.budget = pos.budget[faction]
        self.income = pos.income[faction]
        self.target = target
        self.target_tracks: dict[str, int] = {}


def _reads_own_attitudes_only(condition: Condition) -> bool:
    """True when ``condition`` reads nothing but the subject faction's attitudes in the target region."""
    if condition.kind in ("all", "any", "not"):
        return all(_reads_own_attitudes_only(part) for part in condition.parts)
    return condition.kind == "attitude" and not condition.region and not condition.of


class _SetOff(NamedTuple):
    """What a success of a move may set off beyond its own effects (rules 13.3-13.4), worked out once per scenario."""

    conditional: tuple[tuple[Condition, Effects], ...]
    """(condition, effects) of its conditional effects that apply on a success."""
    answering: tuple[Effects, ...]
    """The effects of the order reactions answering a success (a region move only)."""
    shifts: Pairs
    """How its effects and those reactions move the acting faction's attitudes in the target (a region move only)."""


class _ProbeRegion(NamedTuple):
    """A region as conditions read it (``engine.conditions``), with other attitudes."""

    influence: dict[str, int]
    stability: int
    attitudes: dict[str, dict[str, int]]


class _ProbeRegions(Mapping[str, "RegionState | _ProbeRegion"]):
    """A state's regions with one of them replaced, without copying the others."""

    __slots__ = ("_base", "_region", "_target")

    def __init__(self, base: dict[str, RegionState], target: str, region: _ProbeRegion) -> None:
        self._base, self._target, self._region = base, target, region

    def __getitem__(self, key: str) -> RegionState | _ProbeRegion:
        return self._region if key == self._target else self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._base

    def __iter__(self) -> Iterator[str]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


class _Probe:
    """``state`` as conditions read it (``engine.conditions.Board``) with ``target`` replaced by ``region``:
    what a threshold reaction's condition would read after an order's attitude shifts. The game's state is
    never touched."""

    __slots__ = ("events", "factions", "regions", "turn")

    def __init__(self, state: GameState, target: str, region: _ProbeRegion) -> None:
        self.turn, self.factions, self.events = state.turn, state.factions, state.events
        self.regions = _ProbeRegions(state.regions, target, region)


class _MoveInfo(NamedTuple):
    """What the valuation needs of a move, worked out once per scenario."""

    region: bool
    hit: RegionChanges
    """(influence, rival influence, stability) of the effects, then of the side effects."""
    miss: RegionChanges
    """The same for the failure effects and the side effects."""
    spill_hit: tuple[int, int]
    spill_miss: tuple[int, int]
    own_hit: int
    """Number of the faction-level changes of effects plus side effects (0: none)."""
    own_miss: int
    reach_spill: bool
    hit_number: int
    """Number of ``hit`` among the region changes (0: no change)."""
    miss_number: int
    miss_matters: bool
    """False when failure and side effects change nothing."""


class Evaluator:
    """Evaluates positions and orders of one scenario. Build one per scenario and reuse it."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.rules = Rules(scenario, 0)
        self.factions = tuple(f.id for f in scenario.factions)
        self.rivals = {f: tuple(g for g in self.factions if g != f) for f in self.factions}
        scoring = scenario.scoring
        self.w_influence = scoring.influence
        self.w_control = scoring.control
        self.control_min = scoring.control_min
        self.w_tracks = dict(scoring.tracks)
        self.max_influence = scenario.max_influence
        self.budget_cap = scenario.budget_cap
        self.bounds = {t.id: (t.min, t.max) for t in scenario.tracks}
        collapse = scenario.victory.collapse_track
        self.collapse = (collapse, scenario.track(collapse).min) if collapse else None
        self.neighbours = {g.id: g.neighbours for g in scenario.regions}
        self.region_blocs = {g.id: g.blocs for g in scenario.regions}
        self.control_objectives: dict[str, list[tuple[str, int]]] = {g.id: [] for g in scenario.regions}
        self.influence_objectives: dict[str, list[tuple[str, int, int]]] = {g.id: [] for g in scenario.regions}
        self.track_objectives: dict[str, list[tuple[str, int, int]]] = {f: [] for f in self.factions}
        self.bloc_objectives: list[tuple[str, str, int, int]] = []
        for faction in scenario.factions:
            for o in faction.objectives:
                if o.kind == "control":
                    self.control_objectives[o.region].append((faction.id, o.points))
                elif o.kind == "influence":
                    self.influence_objectives[o.region].append((faction.id, o.value, o.points))
                elif o.kind == "track":
                    self.track_objectives[faction.id].append((o.track, o.value, o.points))
                else:
                    self.bloc_objectives.append((faction.id, o.bloc, o.value, o.points))
        self.counted_blocs = sorted({(f, b) for f, b, _, _ in self.bloc_objectives})
        self.objectives = {f.id: [(o.kind, o.region or o.track or o.bloc, o.value, o.points) for o in f.objectives] for f in scenario.factions}
        """Per faction, (kind, region or track or bloc, value, points) of each objective."""
        # What controlling a region is worth to each faction: the control points,
        # its control objectives and a share of every bloc objective it counts for.
        self.control_value = {g.id: dict.fromkeys(self.factions, float(self.w_control)) for g in scenario.regions}
        for rid, objectives in self.control_objectives.items():
            for fid, points in objectives:
                self.control_value[rid][fid] += points
        for fid, bloc, value, points in self.bloc_objectives:
            for g in scenario.regions:
                if bloc in g.blocs:
                    self.control_value[g.id][fid] += points / max(value, 1)
        self.judge = self.rules.judge
        self._partners = scenario.has_partners
        self.aims = {f.id: f.aim for f in scenario.factions if f.aim is not None}
        self._chances: dict[_ChanceKey, float] = {}
        self._local: dict[_MemoKey, _RegionParts] = {}
        """``_region_value``'s parts that read only the target region, kept across positions and games."""
        self._bloc_regions = {g.id: any(bloc in g.blocs for _, bloc, _, _ in self.bloc_objectives) for g in scenario.regions}
        """Whether a change of control in the region can change a bloc objective."""
        self._last: tuple[GameState, tuple[int, int, int], Position] | None = None
        self._effects_key: dict[int, int] = {}
        numbers: dict[Effects, int] = {}
        signs: dict[_OwnChanges, int] = {(0, 0, (), (), 0, 0, (), ()): 0}
        self._moves: dict[str, _MoveInfo] = {}
        self._region_numbers: dict[RegionChanges, int] = {_NOTHING: 0}
        for move in scenario.moves:
            for effects in (move.effects, move.failure, move.side_effects, *(d.effects for d in move.delayed)):
                self._effects_key[id(effects)] = numbers.setdefault(effects, len(numbers))
            side = move.side_effects

            def region(e: Effects) -> tuple[int, int, int]:
                return (e.influence, e.rival_influence, e.stability)

            def own(e: Effects) -> tuple[int, int, Pairs, Pairs]:
                return (e.budget, e.income, e.tracks, e.target_tracks)

            every = (move.effects, move.failure, side, *(d.effects for d in move.delayed))
            hit: RegionChanges = (region(move.effects), region(side))
            miss: RegionChanges = (region(move.failure), region(side))
            self._moves[move.id] = _MoveInfo(
                region=move.target is TargetKind.REGION,
                hit=hit,
                miss=miss,
                spill_hit=(move.effects.spillover, side.spillover),
                spill_miss=(move.failure.spillover, side.spillover),
                own_hit=signs.setdefault(own(move.effects) + own(side), len(signs)),
                own_miss=signs.setdefault(own(move.failure) + own(side), len(signs)),
                reach_spill=any(e.spillover for e in every),
                hit_number=self._region_numbers.setdefault(hit, len(self._region_numbers)),
                miss_number=self._region_numbers.setdefault(miss, len(self._region_numbers)),
                miss_matters=move.failure.nonempty or side.nonempty,
            )
        self._thresholds = tuple((r, r.when) for r in self.rules.threshold_reactions if r.when is not None and not r.region_wide)
        """(reaction, condition) of the threshold reactions that answer a faction in a region (not region-wide)."""
        self._attitudes_only = all(_reads_own_attitudes_only(when) for _, when in self._thresholds)
        """Whether every condition of ``_thresholds`` reads only the faction's attitudes in the region."""
        self._holding: dict[tuple[Pairs, Pairs], tuple[bool, ...]] = {}
        """Which of ``_thresholds`` hold, by (attitude shifts, the faction's attitudes in the region), when ``_attitudes_only``."""
        self._set_offs = {move.id: self._set_off_table(move) for move in scenario.moves}
        set_off = [c.effects for m in scenario.moves for c in m.conditional] + [r.effects for r in scenario.reactions]
        self._in_region = {
            id(e): (e.influence, e.rival_influence, e.stability)
            for e in set_off
            if not (e.spillover or e.budget or e.income or e.tracks or e.target_tracks or any(t in self.bounds for t, _ in e.sets))
        }
        """The ``RegionChange`` (before any division of gains) of each effect an order may set off (``_set_off``) that
        changes nothing but the target region's influence and stability in an outcome (``outcome``), by its id."""
        self._aim_regions: set[str] = set()
        """The regions whose influence or stability some aim reads (``_aims_read``)."""
        self._aim_tracks: set[tuple[str, str]] = set()
        """The (faction, track) pairs some aim reads."""
        self._aims_read_anything = False
        """Whether some aim reads numbers ``_aims_read`` cannot name (no order is then known to leave the aims alone)."""
        for member, aim in self.aims.items():
            self._aims_read(aim.condition, member)
        self._blind: dict[tuple[str, str, str], bool] = {}
        """``_aims_blind`` already worked out, by (faction, move, target)."""

    def _aims_read(self, condition: Condition, member: str) -> None:
        """Add what ``condition``, ``member``'s aim or part of it, reads that an order's outcome may change (the
        influence and stability of regions, the factions' tracks) to ``_aim_regions`` and ``_aim_tracks``. Attitudes,
        scores, the turn and events are left out: an outcome (``outcome``) changes none of them."""
        kind = condition.kind
        if kind in ("all", "any", "not"):
            for part in condition.parts:
                self._aims_read(part, member)
        elif kind == "track":
            self._aim_tracks.add((condition.of or member, condition.subject))
        elif kind == "collapsed":
            if self.collapse:
                self._aim_tracks.add((condition.subject, self.collapse[0]))
        elif kind in ("influence", "controls", "stability"):
            region = condition.region if kind == "stability" else condition.subject
            if region:
                self._aim_regions.add(region)
            else:
                self._aims_read_anything = True
        elif kind == "bloc":
            self._aim_regions.update(rid for rid, blocs in self.region_blocs.items() if condition.subject in blocs)
        elif kind not in ("attitude", "score", "turn", "event"):
            self._aims_read_anything = True

    def _aims_blind(self, faction: str, move: MoveDef, target: str) -> bool:
        """True when no outcome of ``faction``'s order of ``move`` on ``target`` can change what an aim reads
        (``_aims_read``): the order's aims change is then nothing."""
        key = (faction, move.id, target)
        found = self._blind.get(key)
        if found is None:
            tracks = [t for e in (move.effects, move.side_effects) for t, _ in (*e.tracks, *e.sets)]
            target_tracks = [t for e in (move.effects, move.side_effects) for t, _ in e.target_tracks]
            found = self._blind[key] = not (
                self._aims_read_anything
                or any(rid in self._aim_regions for rid in self.reach(move, target))
                or any((faction, t) in self._aim_tracks for t in tracks)
                or any((target, t) in self._aim_tracks for t in target_tracks)
            )
        return found

    def _set_off_table(self, move: MoveDef) -> _SetOff:
        """``move``'s ``_SetOff``."""
        conditional = tuple((c.when, c.effects) for c in move.conditional if c.on != "failure")
        if move.target is not TargetKind.REGION:
            return _SetOff(conditional, (), ())
        answering = [r for r in self.rules.order_reactions if r.answers(move) and r.on != "failure"]
        shifts = dict(move.effects.attitudes)
        for reaction in answering:
            for attitude, amount in reaction.effects.attitudes:
                shifts[attitude] = shifts.get(attitude, 0) + amount
        return _SetOff(conditional, tuple(r.effects for r in answering), tuple(sorted(shifts.items())))

    # -- legal orders ------------------------------------------------------------------------

    def candidates(self, game: Game, faction: str) -> list[Candidate]:
        """The legal orders of ``faction`` now, in catalogue order.

        Exactly the pairs ``game.legal_options(faction)`` lists (the same
        ``Rules.assess`` and the same budget check; a test holds them equal),
        with the modifiers that touch each, which the valuation needs too.
        """
        if game.is_over:
            return []
        budget = game.state.factions[faction].budget
        return [
            Candidate(move, target, cost, modifiers)
            for (move, target), (reason, cost, modifiers) in zip(game.order_space(faction), game.judgements(faction))
            if reason is None and cost <= budget
        ]

    # -- positions ---------------------------------------------------------------------------

    def position(self, state: GameState, remaining: int) -> Position:
        """The position of ``state`` with ``remaining`` turns of orders to come."""
        pos = Position(state, remaining)
        controllers = pos.controllers
        totals = pos.totals = dict.fromkeys(self.factions, 0)
        held = pos.held = dict.fromkeys(self.factions, 0)
        for rid, influence in pos.influence.items():
            leader = controllers[rid] = self.controller(influence)
            if leader:
                held[leader] += 1
            for faction, level in influence.items():
                totals[faction] += level
        for faction, bloc in self.counted_blocs:
            pos.blocs[(faction, bloc)] = sum(1 for rid, c in controllers.items() if c == faction and bloc in self.region_blocs[rid])
        self._score_position(pos)
        return pos

    def _derive(self, parent: Position, state: GameState, regions: Iterable[str], factions: Iterable[str]) -> Position:
        """``position(state, parent.remaining)`` where ``state`` differs from ``parent``'s only in ``regions`` and
        ``factions``: the sums, controllers and bloc counts are brought up to date region by region (integers,
        so the same numbers), and the scores worked out as ``position`` does."""
        pos = parent.derived(state, regions, factions)
        controllers, totals, held, blocs = pos.controllers, pos.totals, pos.held, pos.blocs
        for rid in regions:
            old, influence = parent.influence[rid], pos.influence[rid]
            for faction, level in influence.items():
                totals[faction] += level - old[faction]
            was, now = controllers[rid], self.controller(influence)
            if was != now:
                controllers[rid] = now
                if was:
                    held[was] -= 1
                if now:
                    held[now] += 1
                for faction, bloc in self.counted_blocs:
                    if bloc in self.region_blocs[rid]:
                        blocs[(faction, bloc)] += (now == faction) - (was == faction)
        self._score_position(pos)
        return pos

    def _score_position(self, pos: Position) -> None:
        """Fill ``pos``'s scores and virtual scores from its numbers, sums and controllers."""
        totals, held = pos.totals, pos.held
        pos.scores = {f: self._score(pos, f, totals[f], held[f]) for f in self.factions}
        virtual = {f: float(s) for f, s in pos.scores.items()}
        last = self.scenario.turns
        for pending in pos.state.pending:
            if pending.due <= last:
                move = self.rules.moves[pending.move]
                virtual[pending.faction] += DELAY * self._pending_value(pos, pending.faction, move, pending.target, pending.effects)
        pos.virtual = virtual

    def position_of(self, game: Game, remaining: int) -> Position:
        """The position of ``game`` now; the last one is reused while the game has not moved on
        (the seats of one turn all judge the same position)."""
        last = self._last
        if last is not None and last[0] is game.state and last[1] == (game.turn, len(game.log), remaining):
            return last[2]
        pos = self.position(game.state, remaining)
        self._last = (game.state, (game.turn, len(game.log), remaining), pos)
        return pos

    def controller(self, influence: dict[str, int]) -> str:
        """The faction controlling a region with this influence (rule 8.2), or ``""``."""
        best, leader, tied = 0, "", False
        for faction, value in influence.items():
            if value > best:
                best, leader, tied = value, faction, False
            elif value == best:
                tied = True
        return "" if tied or best < self.control_min else leader

    def _score(self, pos: Position, faction: str, influence: int, controlled: int) -> int:
        """Rule 8.1 for one faction, given its total influence and the regions it controls."""
        total = self.w_influence * influence + self.w_control * controlled
        tracks = pos.tracks[faction]
        for track, weight in self.w_tracks.items():
            total += weight * tracks[track]
        for kind, place, value, points in self.objectives[faction]:
            if kind == "control":
                met = pos.controllers[place] == faction
            elif kind == "influence":
                met = pos.influence[place][faction] >= value
            elif kind == "track":
                met = tracks[place] >= value
            else:
                met = pos.blocs[(faction, place)] >= value
            if met:
                total += points
        return total

    def scores(self, state: GameState) -> dict[str, int]:
        """Every faction's rule 8 score on the position now (the state keeps the last upkeep's)."""
        return self.position(state, 0).scores

    # -- the evaluation --------------------------------------------------------------------------

    def evaluate(self, pos: Position, faction: str) -> float:
        """The evaluation of ``pos`` for ``faction`` (the module docstring lists its terms)."""
        remaining = pos.remaining
        value = pos.virtual[faction] - self._pressure(pos.virtual, faction)
        value += pos.weight * (min(pos.budget[faction], self.budget_cap) + pos.income[faction] * remaining)
        value += self._track_terms(pos.tracks[faction], remaining)
        if self.aims:
            value += self.aim_value(pos, faction)
        if remaining:
            for rid, influence in pos.influence.items():
                value += pos.scale * self._prospect(rid, influence, faction)
                if influence[faction] > 0:
                    value += STABILITY * stability_modifier(pos.stability[rid])
        return value

    def _pressure(self, scores: dict[str, float], faction: str) -> float:
        rivals = self.rivals[faction]
        if not rivals:
            return 0.0
        best = total = scores[rivals[0]]
        for rival in rivals[1:]:
            score = scores[rival]
            total += score
            if score > best:
                best = score
        return (best + total / len(rivals)) / 2

    def _pressure_change(self, pos: Position, faction: str, deltas: dict[str, int]) -> float:
        """How much the rival pressure on ``faction`` grows when scores change by ``deltas``."""
        key = ("pressure", faction)
        before = pos.memo.get(key)
        if before is None:
            before = pos.memo[key] = self._pressure(pos.virtual, faction)
        virtual = pos.virtual
        return self._pressure({f: virtual[f] + deltas[f] for f in self.rivals[faction]}, faction) - before

    def _track_terms(self, tracks: dict[str, int], remaining: int) -> float:
        value = 0.0
        if remaining:
            value += ROLL * min(remaining, ROLL_TURNS) * credibility_modifier(tracks[CREDIBILITY], self.scenario.credibility_rolls)
        if self.collapse:
            track, floor = self.collapse
            margin = tracks[track] - floor
            if margin <= 0:
                value -= COLLAPSE
            elif remaining and margin < 3:
                value -= SAFETY * (3 - margin) ** 2
        return value

    def _prospect(self, region: str, influence: dict[str, int], faction: str) -> float:
        own = influence[faction]
        rival = 0
        for other, level in influence.items():
            if level > rival and other != faction:
                rival = level
        distance = own - (rival + 1 if rival >= self.control_min else self.control_min)
        return PROSPECT * self.control_value[region][faction] * (-3 if distance < -3 else (2 if distance > 2 else distance))

    # -- orders ------------------------------------------------------------------------------------

    def chance(self, state: GameState, faction: str, move: MoveDef, target: str, modifiers: Touching) -> float:
        """The chance that ``move`` succeeds now, from the rules' own roll modifiers."""
        if not move.difficulty:
            return 1.0
        # What the roll reads (rule 5.4): the target's receptivity (which format 2 moves, and a
        # fogged game's believed position guesses) and stability, the faction's credibility and
        # the touching modifiers (scenario objects, so ids are stable).
        region = state.regions.get(target)
        key: _ChanceKey = (
            move.id,
            target,
            faction,
            region.receptivity.get(move.category, 0) if region is not None else 0,
            region.stability if region is not None else -1,
            state.factions[faction].tracks[CREDIBILITY],
            tuple(id(modifier) for _, modifier in modifiers) if modifiers else (),
        )
        found = self._chances.get(key)
        if found is None:
            bonus = 0
            for _, amount in self.rules.roll_modifiers(state, faction, move, target, modifiers):
                bonus += amount
            found = float(success_chance(move.difficulty, bonus))
            if len(self._chances) < 100_000:
                self._chances[key] = found
        return found

    def value(self, pos: Position, faction: str, candidate: Candidate) -> float:
        """The expected change in ``faction``'s evaluation that ordering ``candidate`` brings.

        ``pos`` is the position after this turn's orders (``remaining`` one less
        than now). Each outcome is weighted by its chance; the cost counts at
        the budget's worth. The order is judged alone: as if no rival acted in
        its region (no contest cut) and it were the faction's only order.
        """
        move, target, cost, modifiers = candidate
        info = self._moves[move.id]
        p = self.chance(pos.state, faction, move, target, modifiers) if move.difficulty else 1.0
        opposition = tuple(pair for _, modifier in modifiers for pair in modifier.opposition) if modifiers else ()
        value = -pos.weight * cost
        if p > 0:
            value += p * self._outcome_value(pos, faction, move, target, True, info, modifiers, opposition)
            if move.delayed:
                value += p * DELAY * self._delayed_value(pos, faction, move, target)
        if p < 1 and (info.miss_matters or opposition):
            value += (1 - p) * self._outcome_value(pos, faction, move, target, False, info, modifiers, opposition)
        if self._partners:
            value += self._partners_value(pos, faction, candidate, p)
        return value

    # -- format 2 ------------------------------------------------------------------------------------

    def aim_value(self, pos: Position, faction: str) -> float:
        """The aims term of the evaluation (module docstring): ``faction``'s coalition's aims, less
        ``AIM_WIN`` when a rival outside it meets its own."""
        key = ("aims", faction)
        found = pos.memo.get(key)
        if found is None:
            found = pos.memo[key] = self._aims(pos.state, pos.remaining, faction)
        return found

    def _aims(self, state: GameState, remaining: int, faction: str) -> float:
        """``aim_value`` of the position of ``state`` with ``remaining`` turns of orders to come: it reads
        the state alone (the aims' conditions), so it needs no ``Position``."""
        value = 0.0
        partners = self.scenario.coalition_of(faction)
        for member, aim in self.aims.items():
            judged = not aim.final or not remaining
            if member in partners:
                leaves = self.judge.progress(aim.condition, state, member)
                value += AIM * sum(1 / (1 + leaf.distance) for leaf in leaves) / len(leaves)
                if judged and self.judge.holds(aim.condition, state, member):
                    value += AIM_WIN
            elif judged and self.judge.holds(aim.condition, state, member):
                value -= AIM_WIN
        return value

    def _partners_value(self, pos: Position, faction: str, candidate: Candidate, p: float) -> float:
        """What format 2 adds to an order's value: its aims change, and the conditional effects and
        reactions it sets off (module docstring)."""
        move, target, cost, modifiers = candidate
        value = 0.0
        key: _MemoKey
        if self.aims:
            key = ("aim change", faction, target, move.id)
            change = pos.memo.get(key)
            if change is None and self._aims_blind(faction, move, target):
                change = pos.memo[key] = 0.0
            if change is None:
                hit = self.outcome(pos, faction, move, target, (move.effects, move.side_effects), modifiers, cost, ())
                change = pos.memo[key] = self._aims(self._state_after(pos, faction, hit), pos.remaining, faction) - self.aim_value(pos, faction)
            value += p * change
        extras = self._set_off(pos, faction, move, target)
        if extras:
            changes = self._region_changes(extras, modifiers) if move.target is TargetKind.REGION else None
            if changes is not None:
                # Only the target region changes: ``_region_value`` is ``change`` of that outcome, kept across positions.
                key = (faction, target, changes)
                found = pos.memo.get(key)
                if found is None:
                    found = pos.memo[key] = self._region_value(pos, faction, target, changes)
            else:
                key = ("partners", faction, target, move.id)
                found = pos.memo.get(key)
                if found is None:
                    found = pos.memo[key] = self.change(pos, faction, self.outcome(pos, faction, move, target, extras, modifiers, 0, ()))
            value += p * found
        return value

    def _region_changes(self, extras: Sequence[Effects], modifiers: Touching) -> tuple[RegionChange, ...] | None:
        """The ``RegionChange`` of each of ``extras`` (gains divided by ``modifiers``), or None when one of them changes
        more than the target region (``_in_region``)."""
        found = []
        for effects in extras:
            change = self._in_region.get(id(effects))
            if change is None:
                return None
            found.append((influence_gain(effects.influence, modifiers), change[1], change[2]) if modifiers else change)
        return tuple(found)

    def _set_off(self, pos: Position, faction: str, move: MoveDef, target: str) -> list[Effects]:
        """The effects a success of ``move`` would set off beyond its own (rules 13.3-13.4): its conditional
        effects whose condition holds, the order reactions answering it (``_SetOff``), and the threshold
        reactions for ``faction`` whose condition would hold in ``target`` with the attitudes shifted."""
        table = self._set_offs[move.id]
        extras = [effects for when, effects in table.conditional if self.judge.holds(when, pos.state, faction, target)] if table.conditional else []
        if move.target is TargetKind.REGION:
            extras += table.answering
            if table.shifts and self._thresholds:
                key = ("thresholds", faction, target, table.shifts)
                fired = pos.thresholds.get(key)
                if fired is None:
                    fired = pos.thresholds[key] = self._thresholds_fired(pos.state, faction, target, table.shifts)
                extras += fired
        return extras

    def _thresholds_fired(self, state: GameState, faction: str, target: str, shifts: Pairs) -> tuple[Effects, ...]:
        """The effects of the threshold reactions (not region-wide) for ``faction`` that are not reacting in
        ``target`` and whose condition holds there once ``faction``'s attitudes there move by ``shifts``.

        When every such condition reads nothing but the faction's attitudes in the region
        (``_attitudes_only``), which of them hold is kept across positions, keyed by those attitudes."""
        region = state.regions[target]
        attitudes = region.attitudes[faction]
        key = (shifts, tuple(attitudes.items())) if self._attitudes_only else None
        holding = self._holding.get(key) if key is not None else None
        if holding is None:
            shift = dict(shifts)
            moved = {a: v + shift.get(a, 0) for a, v in attitudes.items()}
            probe = _Probe(state, target, _ProbeRegion(region.influence, region.stability, {**region.attitudes, faction: moved}))
            holding = tuple(self.judge.holds(when, probe, faction, target) for _, when in self._thresholds)
            if key is not None and len(self._holding) < _LOCAL:
                self._holding[key] = holding
        return tuple(
            reaction.effects for (reaction, _), holds in zip(self._thresholds, holding) if holds and f"{reaction.id}/{target}/{faction}" not in state.reacting
        )

    def _outcome_value(
        self, pos: Position, faction: str, move: MoveDef, target: str, success: bool, info: _MoveInfo, modifiers: Touching, opposition: Pairs
    ) -> float:
        """The change one outcome (effects or failure, then side effects and opposition)
        brings, cost apart.

        An outcome changes three separate sets of numbers: the target region,
        its neighbours (spillover) and the factions' own numbers. Each part's
        change is worked out once per position and shared by every order that
        makes the same change; the parts add up to the whole outcome's change
        (but for a bloc objective counting both the target and a neighbour).
        """
        memo = pos.memo
        value = 0.0
        if info.region:
            region: tuple[RegionChange, ...] = info.hit if success else info.miss
            number: tuple[RegionChange, ...] | int
            if modifiers:
                region = tuple((influence_gain(g, modifiers), r, s) for g, r, s in region)
                number = region if region != _NOTHING else 0
            else:
                number = info.hit_number if success else info.miss_number
            key: _MemoKey
            share = lasting_share(move.fades, pos.remaining) if move.fades else 1.0
            if number:
                key = (faction, target, number)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = self._region_value(pos, faction, target, region)
                value += share * found
            spill = info.spill_hit if success else info.spill_miss
            if spill != (0, 0):
                key = ("spill", faction, target, spill, move.category if pos.state.events else "")
                found = memo.get(key)
                if found is None:
                    out = Outcome(pos, faction, target)
                    self._apply_spill(pos, faction, move, target, spill, out)
                    found = memo[key] = self.change(pos, faction, out)
                value += share * found
        own = info.own_hit if success else info.own_miss
        if own or opposition:
            key = ("own", faction, target if move.target is TargetKind.FACTION else "", own, opposition)
            found = memo.get(key)
            if found is None:
                out = Outcome(pos, faction, target)
                effects = move.effects if success else move.failure
                self._apply_own(pos, faction, target, (effects, move.side_effects), opposition, out)
                found = memo[key] = self.change(pos, faction, out)
            value += found
        return value

    def _region_value(self, pos: Position, faction: str, target: str, changes: Sequence[RegionChange]) -> float:
        """``change`` for an outcome that touches only the target region: the
        common case, written out for speed (a test holds the two equal).

        Its parts (``_RegionParts``) read nothing but the target's influence and stability and how much
        turns still count (``Position.scale``): those are kept across positions, keyed by exactly these
        (``_LOCAL``), and the rival pressure, which reads every score, is added afresh. Parts that read
        more — a control change where a bloc objective counts — are worked out each time."""
        old = pos.influence[target]
        old_level = pos.stability[target]
        key = (faction, target, tuple(changes), tuple(old.items()), old_level, pos.scale)
        parts = self._local.get(key)
        if parts is None:
            parts, local = self._region_parts(pos, faction, target, changes)
            if local and len(self._local) < _LOCAL:
                self._local[key] = parts
        score, rivals, prospect, presence = parts
        value = 0.0
        if score is not None:
            value = score
            if rivals is not None:
                value -= self._pressure_change(pos, faction, rivals)
        if prospect is not None:
            value += prospect
        if presence is not None:
            value += presence
        return value

    def _region_parts(self, pos: Position, faction: str, target: str, changes: Sequence[RegionChange]) -> tuple[_RegionParts, bool]:
        """``_region_value``'s parts worked out, and whether they read only what their key in ``_local`` holds."""
        old = pos.influence[target]
        old_level = pos.stability[target]
        influence = dict(old)
        level = old_level
        top = self.max_influence
        for gain, rival, stability in changes:
            if gain:
                influence[faction] = min(max(influence[faction] + gain, 0), top)
            if rival:
                for other, amount in influence.items():
                    if other != faction and amount > 0:
                        influence[other] = min(max(amount + rival, 0), top)
            if stability:
                level = min(max(level + stability, STABILITY_MIN), STABILITY_MAX)
        same = influence == old
        if same and level == old_level:
            return _NO_PARTS, True
        score: float | None = None
        rivals: dict[str, int] | None = None
        prospect: float | None = None
        presence: float | None = None
        local = True
        if not same:
            deltas = self._region_score_changes(pos, target, old, influence)
            score = float(deltas[faction])
            if any(deltas[opponent] for opponent in self.rivals[faction]):
                rivals = deltas
            if self._bloc_regions[target]:
                local = pos.controllers[target] == self.controller(influence)
        if pos.remaining:
            if not same:
                prospect = pos.scale * (self._prospect(target, influence, faction) - self._old_prospect(pos, target, faction))
            was_here, here = old[faction] > 0, influence[faction] > 0
            if was_here or here:
                presence = STABILITY * (here * stability_modifier(level) - was_here * stability_modifier(old_level))
        return (score, rivals, prospect, presence), local

    def _region_score_changes(self, pos: Position, region: str, old: dict[str, int], influence: dict[str, int]) -> dict[str, int]:
        """Every faction's score change when one region's influence changes from ``old`` to ``influence``."""
        w_influence = self.w_influence
        deltas = {f: w_influence * (level - old[f]) for f, level in influence.items()}
        for owner, value, points in self.influence_objectives[region]:
            met_before, met_now = old[owner] >= value, influence[owner] >= value
            if met_before != met_now:
                deltas[owner] += points if met_now else -points
        was, now = pos.controllers[region], self.controller(influence)
        if was != now:
            if was:
                deltas[was] -= self.w_control
            if now:
                deltas[now] += self.w_control
            for owner, points in self.control_objectives[region]:
                if owner == was:
                    deltas[owner] -= points
                elif owner == now:
                    deltas[owner] += points
            blocs = self.region_blocs[region]
            for owner, bloc, value, points in self.bloc_objectives:
                if bloc in blocs and (owner == was or owner == now):
                    count = pos.blocs[(owner, bloc)]
                    new = count + (now == owner) - (was == owner)
                    if (count >= value) != (new >= value):
                        deltas[owner] += points if new >= value else -points
        return deltas

    def _delayed_value(self, pos: Position, faction: str, move: MoveDef, target: str) -> float:
        last = self.scenario.turns
        turn = pos.state.turn
        return sum(self._pending_value(pos, faction, move, target, d.effects) for d in move.delayed if turn + d.after <= last)

    def _pending_value(self, pos: Position, faction: str, move: MoveDef, target: str, effects: Effects) -> float:
        """What delayed ``effects`` would add to ``faction``'s score if they matured now."""
        key = ("pending", faction, target, self._effects_key[id(effects)])
        found = pos.memo.get(key)
        if found is None:
            if move.target is TargetKind.REGION and not (effects.spillover or effects.tracks or effects.target_tracks):
                old = pos.influence[target]
                influence = dict(old)
                top = self.max_influence
                if effects.influence:
                    influence[faction] = min(max(influence[faction] + effects.influence, 0), top)
                if effects.rival_influence:
                    for other, amount in influence.items():
                        if other != faction and amount > 0:
                            influence[other] = min(max(amount + effects.rival_influence, 0), top)
                found = self._region_score_changes(pos, target, old, influence)[faction] if influence != old else 0
            else:
                sketch = self.outcome(pos, faction, move, target, (effects,), [], 0, ())
                found = self._score_changes(pos, faction, sketch)[faction]
            pos.memo[key] = found
        return found

    def outcome(
        self,
        pos: Position,
        faction: str,
        move: MoveDef,
        target: str,
        effects: Iterable[Effects],
        modifiers: Touching,
        cost: int,
        opposition: Iterable[tuple[str, int]],
    ) -> Outcome:
        """The new values after paying ``cost``, then ``effects`` in turn (rule 6.1), then opposition.

        Gains are divided as the rules divide them (``modifiers`` on the target,
        the neighbours' own for spillover); the contest cut is ignored.
        """
        effects = tuple(effects)
        out = Outcome(pos, faction, target)
        out.budget = max(out.budget - cost, 0)
        if move.target is TargetKind.REGION:
            region = [(influence_gain(e.influence, modifiers), e.rival_influence, e.stability) for e in effects]
            self._apply_region(pos, faction, target, region, out)
            self._apply_spill(pos, faction, move, target, [e.spillover for e in effects], out)
        self._apply_own(pos, faction, target, effects, opposition, out)
        return out

    def _apply_region(self, pos: Position, faction: str, target: str, changes: Iterable[RegionChange], out: Outcome) -> None:
        """Own influence gains (already divided), rival influence and stability on the target."""
        top = self.max_influence
        old = pos.influence[target]
        influence = dict(out.influence.get(target, old))
        level = out.stability.get(target, pos.stability[target])
        for gain, rival, stability in changes:
            if gain:
                influence[faction] = min(max(influence[faction] + gain, 0), top)
            if rival:
                for other, amount in influence.items():
                    if other != faction and amount > 0:
                        influence[other] = min(max(amount + rival, 0), top)
            if stability:
                level = min(max(level + stability, STABILITY_MIN), STABILITY_MAX)
        if influence != old:
            out.influence[target] = influence
        if level != pos.stability[target]:
            out.stability[target] = level

    def _apply_spill(self, pos: Position, faction: str, move: MoveDef, target: str, amounts: Iterable[int], out: Outcome) -> None:
        """Spillover into each neighbour, divided by the modifiers there (6.4)."""
        top = self.max_influence
        state = pos.state
        for amount in amounts:
            if not amount:
                continue
            for near in self.neighbours[target]:
                influence = out.influence.get(near)
                if influence is None:
                    influence = out.influence[near] = dict(pos.influence[near])
                divisors = self.rules.modifiers(state, faction, move, near) if state.events else []
                influence[faction] = min(max(influence[faction] + influence_gain(amount, divisors), 0), top)

    def _apply_own(self, pos: Position, faction: str, target: str, effects: Iterable[Effects], opposition: Iterable[tuple[str, int]], out: Outcome) -> None:
        """Budget, income and tracks of the acting faction, tracks of a target faction, opposition."""
        cap = self.budget_cap
        for eff in effects:
            for name, level in eff.sets:
                if name in self.bounds:
                    out.tracks[name] = level
            if eff.budget:
                out.budget = min(max(out.budget + eff.budget, 0), cap)
            if eff.income:
                out.income = max(out.income + eff.income, 0)
            for track, amount in eff.tracks:
                self._move_track(out.tracks, pos.tracks[faction], track, amount)
            for track, amount in eff.target_tracks:
                self._move_track(out.target_tracks, pos.tracks[target], track, amount)
        for track, amount in opposition:
            self._move_track(out.tracks, pos.tracks[faction], track, amount)

    def _move_track(self, changed: dict[str, int], tracks: dict[str, int], track: str, amount: int) -> None:
        low, high = self.bounds[track]
        changed[track] = min(max(changed.get(track, tracks[track]) + amount, low), high)

    def change(self, pos: Position, faction: str, out: Outcome) -> float:
        """How much ``faction``'s evaluation changes from ``pos`` to ``pos`` with ``out`` applied
        (delayed effects still to mature keep the value they had)."""
        deltas = self._score_changes(pos, faction, out)
        value = float(deltas[faction])
        for rival in self.rivals[faction]:
            if deltas[rival]:
                value -= self._pressure_change(pos, faction, deltas)
                break
        remaining = pos.remaining
        old_budget, old_income = pos.budget[faction], pos.income[faction]
        if out.budget != old_budget or out.income != old_income:
            cap = self.budget_cap
            value += pos.weight * (min(out.budget, cap) - min(old_budget, cap) + (out.income - old_income) * remaining)
        if out.tracks:
            tracks = pos.tracks[faction]
            value += self._track_terms({**tracks, **out.tracks}, remaining) - self._track_terms(tracks, remaining)
        if remaining:
            stability = pos.stability
            for rid, influence in out.influence.items():
                value += pos.scale * (self._prospect(rid, influence, faction) - self._old_prospect(pos, rid, faction))
                if rid not in out.stability and (influence[faction] > 0) != (pos.influence[rid][faction] > 0):
                    present = 1 if influence[faction] > 0 else -1
                    value += present * STABILITY * stability_modifier(stability[rid])
            for rid, level in out.stability.items():
                new_here = (out.influence[rid] if rid in out.influence else pos.influence[rid])[faction] > 0
                old_here = pos.influence[rid][faction] > 0
                value += STABILITY * (new_here * stability_modifier(level) - old_here * stability_modifier(stability[rid]))
        return value

    def _old_prospect(self, pos: Position, region: str, faction: str) -> float:
        key = ("prospect", region, faction)
        found = pos.memo.get(key)
        if found is None:
            found = pos.memo[key] = self._prospect(region, pos.influence[region], faction)
        return found

    def _score_changes(self, pos: Position, faction: str, out: Outcome) -> dict[str, int]:
        """Every faction's rule 8 score change if ``out`` were applied to ``pos``."""
        deltas = dict.fromkeys(self.factions, 0)
        if out.influence:
            flipped: dict[str, tuple[str, str]] = {}
            w_influence = self.w_influence
            for rid, influence in out.influence.items():
                old = pos.influence[rid]
                for f, level in influence.items():
                    if level != old[f]:
                        deltas[f] += w_influence * (level - old[f])
                for owner, value, points in self.influence_objectives[rid]:
                    met_before, met_now = old[owner] >= value, influence[owner] >= value
                    if met_before != met_now:
                        deltas[owner] += points if met_now else -points
                was, now = pos.controllers[rid], self.controller(influence)
                if was != now:
                    flipped[rid] = (was, now)
                    if was:
                        deltas[was] -= self.w_control
                    if now:
                        deltas[now] += self.w_control
                    for owner, points in self.control_objectives[rid]:
                        if owner == was:
                            deltas[owner] -= points
                        elif owner == now:
                            deltas[owner] += points
            if flipped and self.bloc_objectives:
                for owner, bloc, value, points in self.bloc_objectives:
                    count = pos.blocs[(owner, bloc)]
                    new = count
                    for rid, (was, now) in flipped.items():
                        if bloc in self.region_blocs[rid]:
                            new += (now == owner) - (was == owner)
                    if (count >= value) != (new >= value):
                        deltas[owner] += points if new >= value else -points
        if out.tracks:
            self._track_score(deltas, faction, pos.tracks[faction], out.tracks)
        if out.target_tracks:
            self._track_score(deltas, out.target, pos.tracks[out.target], out.target_tracks)
        return deltas

    def _track_score(self, deltas: dict[str, int], faction: str, old: dict[str, int], new: dict[str, int]) -> None:
        for track, level in new.items():
            weight = self.w_tracks.get(track)
            if weight:
                deltas[faction] += weight * (level - old[track])
        for track, value, points in self.track_objectives[faction]:
            if track in new and (old[track] >= value) != (new[track] >= value):
                deltas[faction] += points if new[track] >= value else -points

    # -- several orders ---------------------------------------------------------------------------

    def reach(self, move: MoveDef, target: str) -> tuple[str, ...]:
        """The regions an order of ``move`` on ``target`` may change."""
        if move.target is not TargetKind.REGION:
            return ()
        return (target, *self.neighbours[target]) if self._moves[move.id].reach_spill else (target,)

    def likely(self, pos: Position, faction: str, candidate: Candidate) -> Outcome:
        """The likelier outcome of ``candidate`` (success on an even chance), cost paid."""
        move, target, cost, modifiers = candidate
        opposition = [pair for _, modifier in modifiers for pair in modifier.opposition]
        hit = self.chance(pos.state, faction, move, target, modifiers) >= 0.5
        effects = (move.effects if hit else move.failure, move.side_effects)
        return self.outcome(pos, faction, move, target, effects, modifiers, cost, opposition)

    def after(self, pos: Position, faction: str, out: Outcome) -> Position:
        """A new position: ``pos`` with ``out`` applied (``_state_after``), derived from ``pos``."""
        touched = (faction, out.target) if out.target_tracks and out.target != faction else (faction,)
        return self._derive(pos, self._state_after(pos, faction, out), tuple({**out.influence, **out.stability}), touched)

    def _state_after(self, pos: Position, faction: str, out: Outcome) -> GameState:
        """``pos``'s state with ``out`` applied. It shares with ``pos``'s every part ``out`` leaves alone
        (positions only read their state) and copies the factions and regions it changes."""
        old = pos.state
        factions = dict(old.factions)
        for fid in {faction, out.target} if out.target_tracks else (faction,):
            record = factions[fid]
            factions[fid] = FactionState(record.budget, record.income, dict(record.tracks), record.score, record.objectives)
        record = factions[faction]
        record.budget, record.income = out.budget, out.income
        record.tracks.update(out.tracks)
        if out.target_tracks:
            factions[out.target].tracks.update(out.target_tracks)
        regions = dict(old.regions)
        for rid in {**out.influence, **out.stability}:
            regions[rid] = regions[rid].copy()
        for rid, influence in out.influence.items():
            regions[rid].influence = dict(influence)
        for rid, level in out.stability.items():
            regions[rid].stability = level
        return valueclass.evolve(old, factions=factions, regions=regions)

    def after_orders(self, pos: Position, faction: str, chosen: Sequence[Candidate]) -> Position:
        """``pos`` after the likelier outcome of each of ``chosen``, one after another."""
        for candidate in chosen:
            pos = self.after(pos, faction, self.likely(pos, faction, candidate))
        return pos
