"""How good a position is for a faction, and what an order is expected to add.

The bots (``engine.bots``) play by this evaluation; docs/bots.md explains
it in words. It reads the rules' own pieces — ``Rules.modifiers``,
``Rules.roll_modifiers``, ``success_chance`` and ``influence_gain`` — and
adds only what a player would weigh. An evaluation is a float built from
additions, multiplications and divisions alone (no library functions), so it
comes out bit for bit the same on every platform; rules arithmetic stays
integer.

The evaluation of a position for faction ``f`` is the sum of:

- **score race**: ``f``'s score, less the rival pressure (the mean of the best
  rival's score and the average rival score). Scores are rule 8's, computed
  on the position now; each faction's delayed effects still to mature count
  ``DELAY`` of what they would add to its score now;
- **budget**: ``budget_weight`` per point of budget, and per point of income
  for every remaining turn (budget is worth nothing once no turn is left);
- **credibility**: ``ROLL`` per remaining turn (at most ``ROLL_TURNS``) for
  each step of its roll bracket (2 or less: -1, 7 or more: +1, rule 5.4);
- **safety**: at the collapse minimum, ``-COLLAPSE``; one or two above it,
  ``-SAFETY`` times 4 or 1 while turns remain;
- **prospects**: in every region, ``PROSPECT`` times what control there is
  worth to ``f`` times its distance to control, clamped to -3..2 (0 means a
  bare lead at the control minimum), while turns remain;
- **stability**: ``STABILITY`` per roll bracket step (1 or less: -1, 4 or
  more: +1) of each region where ``f`` has influence, while turns remain.

``remaining`` is the number of turns whose orders are still to come: a
position waiting for orders on turn ``t`` of ``T`` has ``T - t + 1``; the
greedy bot judges the position after this turn's orders, with ``T - t``.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.game import Game, OrderOption
from engine.model import CREDIBILITY, STABILITY_MAX, STABILITY_MIN, Effects, MoveDef, Scenario, TargetKind
from engine.rules import Rules, influence_gain, success_chance
from engine.state import GameState

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
"""Penalty unit for domestic support one (x4) or two (x1) above the minimum."""
PROSPECT = 0.25
"""Value of one step of distance to control, per point control is worth."""
STABILITY = 0.3
"""Value of a region's roll bracket where the faction has influence."""


_NO_REGION_CHANGE = ((0, 0, 0), (0, 0, 0))


def budget_weight(remaining: int) -> float:
    """What a budget point is worth with ``remaining`` turns of orders still to come."""
    return BUDGET * min(remaining, 3) / 3


def _bracket(value: int, low: int, high: int) -> int:
    return -1 if value <= low else (1 if value >= high else 0)


class Position:
    """The numbers an evaluation reads, computed once from a state.

    Read-only views of the state's dicts plus the derived scores, controllers
    and bloc counts; ``Evaluator.after`` makes a new one with changes applied.
    """

    __slots__ = ("state", "remaining", "influence", "stability", "tracks", "budget", "income", "controllers", "blocs", "scores", "virtual", "memo")

    def __init__(self, state: GameState, remaining: int) -> None:
        self.state = state
        self.remaining = remaining
        self.influence: dict[str, dict[str, int]] = {rid: r.influence for rid, r in state.regions.items()}
        self.stability: dict[str, int] = {rid: r.stability for rid, r in state.regions.items()}
        self.tracks: dict[str, dict[str, int]] = {fid: f.tracks for fid, f in state.factions.items()}
        self.budget: dict[str, int] = {fid: f.budget for fid, f in state.factions.items()}
        self.income: dict[str, int] = {fid: f.income for fid, f in state.factions.items()}
        self.controllers: dict[str, str] = {}
        self.blocs: dict[tuple[str, str], int] = {}
        """Controlled regions per (faction, bloc), for blocs some objective counts."""
        self.scores: dict[str, int] = {}
        """Rule 8 scores of this position."""
        self.virtual: dict[str, float] = {}
        """Scores plus the discounted value of delayed effects still to mature."""
        self.memo: dict = {}
        """Values already worked out on this position (outcomes, per-faction terms)."""


class Outcome:
    """What one outcome of an order changes, as new values (a sketch, not a state)."""

    __slots__ = ("influence", "stability", "tracks", "budget", "income", "target", "target_tracks")

    def __init__(self, pos: Position, faction: str, target: str) -> None:
        self.influence: dict[str, dict[str, int]] = {}
        self.stability: dict[str, int] = {}
        self.tracks: dict[str, int] = {}
        self.budget = pos.budget[faction]
        self.income = pos.income[faction]
        self.target = target
        self.target_tracks: dict[str, int] = {}


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
        # What controlling a region is worth to each faction: the control points,
        # its control objectives and a share of every bloc objective it counts for.
        self.control_value = {g.id: dict.fromkeys(self.factions, float(self.w_control)) for g in scenario.regions}
        for region, objectives in self.control_objectives.items():
            for faction, points in objectives:
                self.control_value[region][faction] += points
        for faction, bloc, value, points in self.bloc_objectives:
            for g in scenario.regions:
                if bloc in g.blocs:
                    self.control_value[g.id][faction] += points / max(value, 1)
        self._chances: dict[tuple[int, int], float] = {}
        # Each distinct effects bundle gets a small number, so that equal outcomes
        # of different moves share one memo entry and keys hash fast.
        numbers: dict[Effects, int] = {}
        signs: dict[tuple, int] = {((0, 0, (), ())): 0}
        self._effects_key: dict[int, int] = {}
        self._faction_sign: dict[int, int] = {}
        """Per effects bundle, a number for its changes to faction numbers (0: none)."""
        for move in scenario.moves:
            for effects in (move.effects, move.failure, move.side_effects, *(d.effects for d in move.delayed)):
                self._effects_key[id(effects)] = numbers.setdefault(effects, len(numbers))
                own = (effects.budget, effects.income, effects.tracks, effects.target_tracks)
                self._faction_sign[id(effects)] = signs.setdefault(own, len(signs))

    # -- positions ---------------------------------------------------------------------------

    def position(self, state: GameState, remaining: int) -> Position:
        """The position of ``state`` with ``remaining`` turns of orders to come."""
        pos = Position(state, remaining)
        self._derive(pos)
        return pos

    def _derive(self, pos: Position) -> None:
        controllers = pos.controllers
        for rid, influence in pos.influence.items():
            controllers[rid] = self.controller(influence)
        pos.blocs = {key: 0 for key in self.counted_blocs}
        for faction, bloc in self.counted_blocs:
            pos.blocs[(faction, bloc)] = sum(1 for rid, c in controllers.items() if c == faction and bloc in self.region_blocs[rid])
        pos.scores = {f: self._score(pos, f) for f in self.factions}
        virtual = {f: float(s) for f, s in pos.scores.items()}
        last = self.scenario.turns
        for pending in pos.state.pending:
            if pending.due <= last:
                virtual[pending.faction] += DELAY * self._pending_value(pos, pending.faction, pending.move, pending.target, pending.effects)
        pos.virtual = virtual

    def controller(self, influence: dict[str, int]) -> str:
        """The faction controlling a region with this influence (rule 8.2), or ``""``."""
        best, leader, tied = 0, "", False
        for faction, value in influence.items():
            if value > best:
                best, leader, tied = value, faction, False
            elif value == best:
                tied = True
        return "" if tied or best < self.control_min else leader

    def _score(self, pos: Position, faction: str) -> int:
        total = self.w_influence * sum(influence[faction] for influence in pos.influence.values())
        total += self.w_control * sum(1 for c in pos.controllers.values() if c == faction)
        tracks = pos.tracks[faction]
        for track, weight in self.w_tracks.items():
            total += weight * tracks[track]
        for region, objectives in self.control_objectives.items():
            for owner, points in objectives:
                if owner == faction and pos.controllers[region] == faction:
                    total += points
        for region, objectives in self.influence_objectives.items():
            for owner, value, points in objectives:
                if owner == faction and pos.influence[region][faction] >= value:
                    total += points
        for track, value, points in self.track_objectives[faction]:
            if tracks[track] >= value:
                total += points
        for owner, bloc, value, points in self.bloc_objectives:
            if owner == faction and pos.blocs[(faction, bloc)] >= value:
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
        weight = budget_weight(remaining)
        value += weight * (min(pos.budget[faction], self.budget_cap) + pos.income[faction] * remaining)
        value += self._track_terms(pos.tracks[faction], remaining)
        if remaining:
            scale = min(remaining, 2) / 2
            for rid, influence in pos.influence.items():
                value += scale * self._prospect(rid, influence, faction)
                if influence[faction] > 0:
                    value += STABILITY * _bracket(pos.stability[rid], 1, 4)
        return value

    def _pressure(self, scores: dict[str, float], faction: str) -> float:
        rivals = self.rivals[faction]
        if not rivals:
            return 0.0
        best = max(scores[r] for r in rivals)
        return (best + sum(scores[r] for r in rivals) / len(rivals)) / 2

    def _track_terms(self, tracks: dict[str, int], remaining: int) -> float:
        value = 0.0
        if remaining:
            value += ROLL * min(remaining, ROLL_TURNS) * _bracket(tracks[CREDIBILITY], 2, 7)
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
        distance = own - max(rival + 1, self.control_min)
        return PROSPECT * self.control_value[region][faction] * min(max(distance, -3), 2)

    # -- orders ------------------------------------------------------------------------------------

    def chance(self, state: GameState, faction: str, move: MoveDef, target: str, modifiers: list) -> float:
        """The chance that ``move`` succeeds now, from the rules' own roll modifiers."""
        if not move.difficulty:
            return 1.0
        bonus = sum(amount for _, amount in self.rules.roll_modifiers(state, faction, move, target, modifiers))
        key = (move.difficulty, bonus)
        found = self._chances.get(key)
        if found is None:
            found = self._chances[key] = float(success_chance(move.difficulty, bonus))
        return found

    def option_value(self, pos: Position, faction: str, option: OrderOption) -> float:
        """The expected change in ``faction``'s evaluation that ordering ``option`` brings.

        ``pos`` is the position after this turn's orders (``remaining`` one less
        than now). The order is judged alone: as if no rival acted in its region
        and it were the faction's only order.
        """
        move, target = option.move, option.target
        state = pos.state
        modifiers = self.rules.modifiers(state, faction, move, target) if state.events else []
        p = self.chance(state, faction, move, target, modifiers) if move.difficulty else 1.0
        opposition = tuple(pair for _, modifier in modifiers for pair in modifier.opposition) if modifiers else ()
        value = -budget_weight(pos.remaining) * option.cost
        if p > 0:
            value += p * self._outcome_value(pos, faction, move, target, move.effects, modifiers, opposition)
            if move.delayed:
                value += p * DELAY * self._delayed_value(pos, faction, move, target)
        if p < 1:
            value += (1 - p) * self._outcome_value(pos, faction, move, target, move.failure, modifiers, opposition)
        return value

    def _outcome_value(self, pos: Position, faction: str, move: MoveDef, target: str, effects: Effects, modifiers: list, opposition: tuple) -> float:
        """The change one outcome (``effects``, then the side effects and opposition) brings, cost apart.

        An outcome changes three separate sets of numbers: the target region,
        its neighbours (spillover) and the factions' own numbers. Each part's
        change is worked out once per position and shared by every order that
        makes the same change; the parts add up to the whole outcome's change
        (except when a bloc objective counts both the target and a neighbour).
        """
        side = move.side_effects
        memo = pos.memo
        value = 0.0
        if move.target is TargetKind.REGION:
            region = (
                (influence_gain(effects.influence, modifiers), effects.rival_influence, effects.stability),
                (influence_gain(side.influence, modifiers), side.rival_influence, side.stability),
            )
            if region != _NO_REGION_CHANGE:
                key = ("region", faction, target, region)
                found = memo.get(key)
                if found is None:
                    out = Outcome(pos, faction, target)
                    self._apply_region(pos, faction, target, region, out)
                    found = memo[key] = self.change(pos, faction, out)
                value += found
            spill = (effects.spillover, side.spillover)
            if spill != (0, 0):
                key = ("spill", faction, target, spill, move.category if pos.state.events else "")
                found = memo.get(key)
                if found is None:
                    out = Outcome(pos, faction, target)
                    self._apply_spill(pos, faction, move, target, spill, out)
                    found = memo[key] = self.change(pos, faction, out)
                value += found
        signs = self._faction_sign
        own = (signs[id(effects)], signs[id(side)])
        if own != (0, 0) or opposition:
            key = ("faction", faction, target if move.target is TargetKind.FACTION else "", own, opposition)
            found = memo.get(key)
            if found is None:
                out = Outcome(pos, faction, target)
                self._apply_faction(pos, faction, target, (effects, side), opposition, out)
                found = memo[key] = self.change(pos, faction, out)
            value += found
        return value

    def _delayed_value(self, pos: Position, faction: str, move: MoveDef, target: str) -> float:
        last = self.scenario.turns
        turn = pos.state.turn
        return sum(self._pending_value(pos, faction, move, target, d.effects) for d in move.delayed if turn + d.after <= last)

    def _pending_value(self, pos: Position, faction: str, move: MoveDef | str, target: str, effects: Effects) -> float:
        """What delayed ``effects`` would add to ``faction``'s score if they matured now."""
        if isinstance(move, str):
            move = self.rules.moves[move]
        key = ("pending", faction, move.id, target, self._effects_key[id(effects)])
        found = pos.memo.get(key)
        if found is None:
            sketch = self.outcome(pos, faction, move, target, (effects,), [], 0, ())
            found = pos.memo[key] = self._score_changes(pos, faction, sketch)[faction]
        return found

    def outcome(self, pos: Position, faction: str, move: MoveDef, target: str, effects: Iterable[Effects], modifiers: list, cost: int, opposition) -> Outcome:
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
        self._apply_faction(pos, faction, target, effects, opposition, out)
        return out

    def _apply_region(self, pos: Position, faction: str, target: str, changes, out: Outcome) -> None:
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

    def _apply_spill(self, pos: Position, faction: str, move: MoveDef, target: str, amounts, out: Outcome) -> None:
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

    def _apply_faction(self, pos: Position, faction: str, target: str, effects, opposition, out: Outcome) -> None:
        """Budget, income and tracks of the acting faction, tracks of a target faction, opposition."""
        cap = self.budget_cap
        for eff in effects:
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
        """How much ``faction``'s evaluation changes from ``pos`` to ``pos`` with ``out`` applied."""
        deltas = self._score_changes(pos, faction, out)
        value = float(deltas[faction])
        for rival in self.rivals[faction]:
            if deltas[rival]:
                virtual = pos.virtual
                after = {f: virtual[f] + deltas[f] for f in self.factions}
                value -= self._pressure(after, faction) - self._pressure(virtual, faction)
                break
        remaining = pos.remaining
        old_budget, old_income = pos.budget[faction], pos.income[faction]
        if out.budget != old_budget or out.income != old_income:
            cap = self.budget_cap
            value += budget_weight(remaining) * (min(out.budget, cap) - min(old_budget, cap) + (out.income - old_income) * remaining)
        if out.tracks:
            tracks = pos.tracks[faction]
            value += self._track_terms({**tracks, **out.tracks}, remaining) - self._track_terms(tracks, remaining)
        if remaining:
            scale = min(remaining, 2) / 2
            stability = pos.stability
            for rid, influence in out.influence.items():
                value += scale * (self._prospect(rid, influence, faction) - self._old_prospect(pos, rid, faction))
                if rid not in out.stability and (influence[faction] > 0) != (pos.influence[rid][faction] > 0):
                    present = 1 if influence[faction] > 0 else -1
                    value += present * STABILITY * _bracket(stability[rid], 1, 4)
            for rid, level in out.stability.items():
                new_here = (out.influence[rid] if rid in out.influence else pos.influence[rid])[faction] > 0
                old_here = pos.influence[rid][faction] > 0
                value += STABILITY * (new_here * _bracket(level, 1, 4) - old_here * _bracket(stability[rid], 1, 4))
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
            for rid, influence in out.influence.items():
                old = pos.influence[rid]
                for f, level in influence.items():
                    if level != old[f]:
                        deltas[f] += self.w_influence * (level - old[f])
                for owner, value, points in self.influence_objectives[rid]:
                    before, now = old[owner] >= value, influence[owner] >= value
                    if before != now:
                        deltas[owner] += points if now else -points
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

    def reach(self, move: MoveDef, target: str) -> tuple[str, ...]:
        """The regions an order of ``move`` on ``target`` may change."""
        if move.target is not TargetKind.REGION:
            return ()
        if any(e.spillover for e in (move.effects, move.failure, move.side_effects, *(d.effects for d in move.delayed))):
            return (target, *self.neighbours[target])
        return (target,)

    def after(self, pos: Position, faction: str, out: Outcome) -> Position:
        """A new position: ``pos`` with ``out`` applied (for choosing a next order)."""
        state = pos.state.copy()
        record = state.factions[faction]
        record.budget, record.income = out.budget, out.income
        record.tracks.update(out.tracks)
        if out.target_tracks:
            state.factions[out.target].tracks.update(out.target_tracks)
        for rid, influence in out.influence.items():
            state.regions[rid].influence = dict(influence)
        for rid, level in out.stability.items():
            state.regions[rid].stability = level
        return self.position(state, pos.remaining)

    def likely(self, pos: Position, faction: str, option: OrderOption) -> Outcome:
        """The more likely outcome of ``option`` (success on an even chance)."""
        move, target = option.move, option.target
        modifiers = self.rules.modifiers(pos.state, faction, move, target)
        opposition = [pair for _, modifier in modifiers for pair in modifier.opposition]
        hit = self.chance(pos.state, faction, move, target, modifiers) >= 0.5
        effects = (move.effects if hit else move.failure, move.side_effects)
        return self.outcome(pos, faction, move, target, effects, modifiers, option.cost, opposition)


def remaining_after(game: Game) -> int:
    """Turns of orders still to come once this turn's orders are given."""
    return game.scenario.turns - game.turn
