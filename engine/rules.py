"""The rules of docs/rules.md, applied to a ``GameState``.

``Rules`` is private to the engine: ``engine.game.Game`` validates inputs and
calls it. Every method appends the log entries of what it did to ``log``; the
rule numbers in comments refer to docs/rules.md.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from fractions import Fraction

from engine.inputs import Order
from engine.log import (
    CardPlayed,
    Cause,
    Change,
    Contested,
    Countered,
    Entry,
    Expired,
    GameEnded,
    OrderFizzled,
    OrderResolved,
    Reshuffled,
    Rolled,
    Scored,
)
from engine.model import (
    CATEGORIES,
    CREDIBILITY,
    STABILITY_MAX,
    STABILITY_MIN,
    CardDef,
    CardTarget,
    Effects,
    Modifier,
    MoveDef,
    Objective,
    Requirements,
    Scenario,
    TargetKind,
)
from engine.outcome import Outcome, Termination
from engine.reasons import Reason, Wording
from engine.rng import keyed_roll
from engine.state import ActiveEvent, GameState, PendingEffect

_PRIORITY = {name: index for index, name in enumerate(CATEGORIES)}
DIE_SIDES = 6
"""Faces of the die ``keyed_roll`` rolls by default (rule 5.4)."""
UNSTABLE = 1
"""A region of this stability or less takes ``BRACKET`` off the roll of a move aimed at it (rule 5.4)."""
STABLE = 4
"""A region of this stability or more adds ``BRACKET`` to the roll of a move aimed at it (rule 5.4)."""
LOW_CREDIBILITY = 2
"""A faction of this credibility or less takes ``BRACKET`` off each of its rolls (rule 5.4)."""
HIGH_CREDIBILITY = 7
"""A faction of this credibility or more adds ``BRACKET`` to each of its rolls (rule 5.4)."""
BRACKET = 1
"""What a stability or credibility bracket adds to a roll, or takes off (rule 5.4)."""
CONTESTED_GAIN = 2
"""In a contested region, influence gains of this much or more are cut (rule 5.3)..."""
CONTEST_CUT = 1
"""... by this much."""
NO_ORDER = ("", 0)
"""The (actor, order) reference of a change that no order caused."""

Ref = tuple[str, int]
"""The (actor, order index) of the order behind a change; ``NO_ORDER`` for none."""
Touching = list[tuple[ActiveEvent, Modifier]]
"""Active events whose modifier touches an order, with that modifier (3.5)."""


def control(influence: Mapping[str, int], minimum: int) -> str:
    """The faction controlling a region with ``influence`` (rule 8.2): the single leader with at
    least ``minimum`` influence, or an empty string."""
    best = max(influence.values())
    if best < minimum:
        return ""
    leaders = [faction for faction, value in influence.items() if value == best]
    return leaders[0] if len(leaders) == 1 else ""


class Rules:
    """The scenario's rules, with look-up tables built once per game."""

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.seed = seed
        self.moves = {m.id: m for m in scenario.moves}
        self.cards = {c.id: c for c in scenario.cards}
        self.card_modifiers = {c.id: c.modifier for c in scenario.cards if c.modifier is not None}
        """The modifier of each card that has one: every active event's card (3.5)."""
        self.regions = {g.id: g for g in scenario.regions}
        self.faction_ids = tuple(f.id for f in scenario.factions)
        self.tracks = {t.id: t for t in scenario.tracks}
        self.objectives = {f.id: f.objectives for f in scenario.factions}
        unconstrained = Requirements()
        self._constrained = frozenset(m.id for m in scenario.moves if m.requires != unconstrained)

    def reseeded(self, seed: int) -> Rules:
        """These rules with another seed for the dice (the look-up tables are shared)."""
        twin = copy.copy(self)
        twin.seed = seed
        return twin

    # -- rule 3: events ---------------------------------------------------------------------

    def events_phase(self, state: GameState, log: list[Entry]) -> None:
        """Play the scheduled cards of this turn, then draw ``events_per_turn`` cards (3.1)."""
        for entry in self.scenario.schedule:
            if entry.turn == state.turn:
                self.play_card(state, log, self.cards[entry.card], entry.target, "schedule")
        for _ in range(self.scenario.events_per_turn):
            card_id = self._draw(state, log)
            if card_id:
                self.play_card(state, log, self.cards[card_id], "", "deck")

    def _draw(self, state: GameState, log: list[Entry]) -> str:
        if not state.draw_pile:
            if not state.discard:
                return ""
            state.draw_pile, state.discard = state.discard, []
            state.deck_rng.shuffle(state.draw_pile)
            log.append(Reshuffled(state.turn, len(state.draw_pile)))
        card_id = state.draw_pile.pop()
        state.discard.append(card_id)
        return card_id

    def play_card(self, state: GameState, log: list[Entry], card: CardDef, target: str, how: str) -> None:
        """Put ``card`` into play on ``target`` (or on the targets its rule picks) (3.2-3.5)."""
        targets = (target,) if target else self._card_targets(state, card)
        log.append(CardPlayed(state.turn, card.id, targets, how))
        for name in targets:
            self._apply(state, log, card.effects, name, Cause.CARD, card.id, card_region=card.target.is_region)
            if card.modifier is not None:
                state.events.append(ActiveEvent(state.next_uid, card.id, name, card.modifier.turns))
                state.next_uid += 1

    def _card_targets(self, state: GameState, card: CardDef) -> tuple[str, ...]:
        kind = card.target
        regions = state.regions
        if kind is CardTarget.REGION:
            return (card.region,)
        if kind is CardTarget.FACTION:
            return (card.faction,)
        if kind is CardTarget.EVERY_FACTION:
            return self.faction_ids
        if kind is CardTarget.RANDOM_REGION:
            return (self.scenario.regions[state.deck_rng.below(len(regions))].id,)
        if kind is CardTarget.RANDOM_FACTION:
            return (self.faction_ids[state.deck_rng.below(len(self.faction_ids))],)
        if kind is CardTarget.LEAST_STABLE_REGION:
            return (min(regions, key=lambda rid: regions[rid].stability),)
        if kind is CardTarget.MOST_CONTESTED_REGION:
            return (min(regions, key=lambda rid: _margin(regions[rid].influence)),)
        scores = {fid: state.factions[fid].score for fid in self.faction_ids}
        pick = max if kind is CardTarget.LEADER else min
        return (pick(self.faction_ids, key=scores.__getitem__),)

    # -- rule 4: legality -------------------------------------------------------------------

    def assess(self, state: GameState, faction: str, move: MoveDef, target: str) -> tuple[Reason | None, int, Touching]:
        """Judge one order now: (why it is illegal or None, its cost, the modifiers touching it).

        Checks the target (4.2), the requirements (4.3) and blocking events
        (4.5); the cost includes event modifiers and is never below 0 (4.4).
        The budget is not checked here.
        """
        kind = move.target
        if kind is TargetKind.REGION:
            if target not in self.regions:
                return (Reason(Wording.NOT_A_REGION, target) if target else Reason(Wording.NO_REGION)), 0, []
        elif kind is TargetKind.FACTION:
            if target not in state.factions:
                return (Reason(Wording.NOT_A_FACTION, target) if target else Reason(Wording.NO_FACTION)), 0, []
            if target == faction:
                return Reason(Wording.OWN_FACTION), 0, []
        elif target not in ("", faction):
            return Reason(Wording.HOME_TARGETED), 0, []
        modifiers = self.modifiers(state, faction, move, target)
        cost = move.cost
        reason = None
        for event, modifier in modifiers:
            cost += modifier.cost
            if modifier.blocks and reason is None:
                reason = Reason(Wording.BLOCKED, event.card, self.cards[event.card].name)
        if move.id in self._constrained:
            reason = self._unmet(state, faction, move, target) or reason
        return reason, max(cost, 0), modifiers

    def _unmet(self, state: GameState, faction: str, move: MoveDef, target: str) -> Reason | None:
        """The first requirement of ``move`` that is not met (4.3), or None."""
        needs = move.requires
        tracks = state.factions[faction].tracks
        for track, minimum in needs.tracks:
            if tracks[track] < minimum:
                return Reason(Wording.TRACK_BELOW, track, self.tracks[track].name.lower(), minimum, tracks[track])
        if move.target is not TargetKind.REGION:
            return None
        region = state.regions[target]
        name = self.regions[target].name
        influence = region.influence[faction]
        if influence < needs.min_influence:
            return Reason(Wording.INFLUENCE_BELOW, target, name, needs.min_influence, influence)
        if needs.max_influence >= 0 and influence > needs.max_influence:
            return Reason(Wording.INFLUENCE_ABOVE, target, name, needs.max_influence)
        if not needs.min_stability <= region.stability <= needs.max_stability:
            return Reason(Wording.STABILITY_OUTSIDE, target, needs.min_stability, needs.max_stability, region.stability)
        if needs.blocs and not set(needs.blocs) & set(self.regions[target].blocs):
            return Reason(Wording.NOT_IN_BLOC, target, needs.blocs)
        if needs.event and not any(e.target == target and self.cards[e.card].category == needs.event for e in state.events):
            return Reason(Wording.NO_EVENT, target, name, needs.event, needs.event.replace("_", " "))
        return None

    def modifiers(self, state: GameState, faction: str, move: MoveDef, target: str) -> Touching:
        """Active events whose modifier touches this move (3.5), as (event, modifier) pairs:
        events on the acting faction, and events on the target region of a region move."""
        if not state.events:
            return []
        category = move.category
        region = target if move.target is TargetKind.REGION else None
        found: Touching = []
        for event in state.events:
            if event.target == faction or event.target == region:
                modifier = self.card_modifiers[event.card]
                if not modifier.categories or category in modifier.categories:
                    found.append((event, modifier))
        return found

    # -- rule 5: resolution -----------------------------------------------------------------

    def resolve(
        self, state: GameState, log: list[Entry], orders: Mapping[str, Sequence[Order]], arguments: Mapping[tuple[str, int], int] | None = None
    ) -> None:
        """Resolve every faction's orders in the documented order (5.1-5.7).

        ``arguments`` maps (faction, order index) to the facilitator's rating of
        that order's justification, added to its roll (5.4)."""
        turn = state.turn
        count = len(self.faction_ids)
        rotation = (turn - 1) % count
        initiative = {fid: (i - rotation) % count for i, fid in enumerate(self.faction_ids)}
        queue: list[tuple[int, int, int, str, Order, MoveDef]] = []
        actors: dict[str, list[str]] = {}
        for faction, submitted in orders.items():
            for index, order in enumerate(submitted, start=1):
                move = self.moves[order.move]
                queue.append((_PRIORITY[move.category], initiative[faction], index, faction, order, move))
                if move.target is TargetKind.REGION:
                    present = actors.setdefault(order.target, [])
                    if faction not in present:
                        present.append(faction)
        queue.sort(key=lambda item: item[:3])
        contested: set[str] = set()
        for region in self.regions:
            acting = actors.get(region, ())
            if len(acting) > 1:
                contested.add(region)
                log.append(Contested(turn, region, tuple(sorted(acting, key=initiative.__getitem__))))
        arguments = arguments or {}
        for _, _, index, faction, order, move in queue:
            argument = arguments.get((faction, index), 0)
            self._resolve_order(state, log, faction, index, order, move, order.target in contested, argument)

    def _resolve_order(
        self, state: GameState, log: list[Entry], faction: str, index: int, order: Order, move: MoveDef, contested: bool, argument: int = 0
    ) -> None:
        turn = state.turn
        target = order.target
        reason, cost, modifiers = self.assess(state, faction, move, target)
        if reason is None and cost > state.factions[faction].budget:
            reason = Reason(Wording.BUDGET_SPENT, cost, state.factions[faction].budget)
        if reason is not None:
            log.append(OrderFizzled(turn, faction, index, move.id, target, reason))
            return
        log.append(OrderResolved(turn, faction, index, move.id, target, cost, order.why))
        ref = (faction, index)
        if cost:
            self._set_budget(state, log, faction, -cost, Cause.ORDER, move.id, ref)
        success = True
        if move.difficulty:
            success = self._roll(state, log, faction, index, move, target, modifiers, argument)
        self._counter(state, log, faction, move, target, success)
        outcome = move.effects if success else move.failure
        self._apply_move(state, log, faction, move, target, outcome, ref, contested, modifiers)
        self._apply_move(state, log, faction, move, target, move.side_effects, ref, contested, modifiers)
        for event, modifier in modifiers:
            for track, amount in modifier.opposition:
                self._set_track(state, log, faction, track, amount, Cause.OPPOSITION, event.card, ref)
        if success:
            for delayed in move.delayed:
                state.pending.append(PendingEffect(turn + delayed.after, faction, target, move.id, index, delayed.effects))

    def roll_modifiers(self, state: GameState, faction: str, move: MoveDef, target: str, modifiers: Touching) -> list[tuple[str, int]]:
        """What is added to the die of this order now (5.4), as ``(name, amount)`` pairs:
        receptivity, stability, credibility, then each touching modifier's ``roll``.
        ``modifiers`` are the (event, modifier) pairs from ``assess`` or ``modifiers``."""
        parts = []
        if move.target is TargetKind.REGION:
            receptivity = self.regions[target].receptivity_for(move.category)
            if receptivity:
                parts.append(("receptivity", receptivity))
            stability = stability_modifier(state.regions[target].stability)
            if stability:
                parts.append(("stability" if stability > 0 else "instability", stability))
        credibility = credibility_modifier(state.factions[faction].tracks[CREDIBILITY])
        if credibility:
            parts.append(("credibility", credibility))
        for event, modifier in modifiers:
            if modifier.roll:
                parts.append((event.card, modifier.roll))
        return parts

    def _roll(self, state: GameState, log: list[Entry], faction: str, index: int, move: MoveDef, target: str, modifiers: Touching, argument: int = 0) -> bool:
        """Roll a die for an uncertain move and log it (5.4), with the facilitator's ``argument`` rating."""
        parts = self.roll_modifiers(state, faction, move, target, modifiers)
        if argument:
            parts.append(("argument", argument))
        die = keyed_roll(self.seed, state.turn, faction, index)
        total = die + sum(amount for _, amount in parts)
        success = total >= move.difficulty
        log.append(Rolled(state.turn, faction, index, move.id, die, tuple(parts), total, move.difficulty, success))
        return success

    def _counter(self, state: GameState, log: list[Entry], faction: str, move: MoveDef, target: str, success: bool) -> None:
        """Counter the active events this move answers on its target (5.6): a
        success cancels them, a failure only shortens them by one turn."""
        scope = target if move.target is TargetKind.REGION else faction
        kept: list[ActiveEvent] = []
        for event in state.events:
            card = self.cards[event.card]
            if event.target == scope and move.id in card.countered_by:
                event.remaining = 0 if success else event.remaining - 1
                log.append(Countered(state.turn, card.id, scope, faction, move.id, event.remaining, success))
                if event.remaining > 0:
                    kept.append(event)
            else:
                kept.append(event)
        state.events = kept

    # -- rule 6: effects --------------------------------------------------------------------

    def _apply_move(
        self,
        state: GameState,
        log: list[Entry],
        faction: str,
        move: MoveDef,
        target: str,
        effects: Effects,
        ref: Ref,
        contested: bool,
        modifiers: Touching,
        cause: Cause = Cause.ORDER,
    ) -> None:
        """Apply a move's effects for ``faction`` (6.1-6.4); ``cause`` tells orders from matured effects."""
        if not effects.nonempty:
            return
        if move.target is TargetKind.REGION:
            if effects.influence:
                self._gain(state, log, faction, target, effects.influence, move, ref, contested, modifiers, cause)
            if effects.rival_influence:
                for rival, value in state.regions[target].influence.items():
                    if rival != faction and value > 0:
                        self._set_influence(state, log, rival, target, effects.rival_influence, cause, move.id, ref)
            if effects.spillover:
                for neighbour in self.regions[target].neighbours:
                    near = self.modifiers(state, faction, move, neighbour)
                    self._gain(state, log, faction, neighbour, effects.spillover, move, ref, False, near, cause)
            if effects.stability:
                self._set_stability(state, log, target, effects.stability, cause, move.id, ref)
        self._apply_faction(state, log, faction, effects, cause, move.id, ref)
        for track, amount in effects.target_tracks:
            self._set_track(state, log, target, track, amount, cause, move.id, ref)

    def _gain(
        self,
        state: GameState,
        log: list[Entry],
        faction: str,
        region: str,
        amount: int,
        move: MoveDef,
        ref: Ref,
        contested: bool,
        modifiers: Touching,
        cause: Cause,
    ) -> None:
        """Influence change from a move: gains are divided by events and cut by contest (6.2)."""
        self._set_influence(state, log, faction, region, influence_gain(amount, modifiers, contested), cause, move.id, ref, amount)

    def _apply_faction(self, state: GameState, log: list[Entry], faction: str, effects: Effects, cause: Cause, source: str, ref: Ref) -> None:
        if effects.budget:
            self._set_budget(state, log, faction, effects.budget, cause, source, ref)
        if effects.income:
            record = state.factions[faction]
            old = record.income
            record.income = max(old + effects.income, 0)
            log.append(Change(state.turn, faction, "", "income", record.income - old, record.income, cause, source, *ref, effects.income))
        for track, amount in effects.tracks:
            self._set_track(state, log, faction, track, amount, cause, source, ref)

    def _apply(self, state: GameState, log: list[Entry], effects: Effects, target: str, cause: Cause, source: str, *, card_region: bool) -> None:
        """Apply card or ongoing effects to a region or a faction target (6.5)."""
        if not effects.nonempty:
            return
        if card_region:
            if effects.influence:
                for faction, value in state.regions[target].influence.items():
                    if value > 0:
                        self._set_influence(state, log, faction, target, effects.influence, cause, source, NO_ORDER)
            if effects.stability:
                self._set_stability(state, log, target, effects.stability, cause, source, NO_ORDER)
        else:
            self._apply_faction(state, log, target, effects, cause, source, NO_ORDER)

    # -- bounded setters (6.6): the only places numbers change -------------------------------------

    def _set_influence(
        self,
        state: GameState,
        log: list[Entry],
        faction: str,
        region: str,
        amount: int,
        cause: Cause,
        source: str,
        ref: Ref,
        requested: int | None = None,
    ) -> None:
        influence = state.regions[region].influence
        old = influence[faction]
        new = influence[faction] = min(max(old + amount, 0), self.scenario.max_influence)
        asked = amount if requested is None else requested
        log.append(Change(state.turn, faction, region, "influence", new - old, new, cause, source, *ref, asked))

    def _set_stability(self, state: GameState, log: list[Entry], region: str, amount: int, cause: Cause, source: str, ref: Ref) -> None:
        record = state.regions[region]
        old = record.stability
        new = record.stability = min(max(old + amount, STABILITY_MIN), STABILITY_MAX)
        log.append(Change(state.turn, "", region, "stability", new - old, new, cause, source, *ref, amount))

    def _set_budget(self, state: GameState, log: list[Entry], faction: str, amount: int, cause: Cause, source: str, ref: Ref) -> None:
        record = state.factions[faction]
        old = record.budget
        new = record.budget = min(max(old + amount, 0), self.scenario.budget_cap)
        log.append(Change(state.turn, faction, "", "budget", new - old, new, cause, source, *ref, amount))

    def _set_track(self, state: GameState, log: list[Entry], faction: str, track: str, amount: int, cause: Cause, source: str, ref: Ref) -> None:
        bounds = self.tracks[track]
        tracks = state.factions[faction].tracks
        old = tracks[track]
        new = tracks[track] = min(max(old + amount, bounds.min), bounds.max)
        log.append(Change(state.turn, faction, "", track, new - old, new, cause, source, *ref, amount))

    # -- rule 7: upkeep ---------------------------------------------------------------------

    def upkeep(self, state: GameState, log: list[Entry]) -> None:
        """Ongoing effects, matured effects, income, event expiry, scoring (7.1-7.5)."""
        turn = state.turn
        for event in state.events:
            card = self.cards[event.card]
            self._apply(state, log, self.card_modifiers[card.id].per_turn, event.target, Cause.ONGOING, card.id, card_region=card.target.is_region)
        due = [p for p in state.pending if p.due == turn]
        state.pending = [p for p in state.pending if p.due != turn]
        for pending in due:
            move = self.moves[pending.move]
            modifiers = self.modifiers(state, pending.faction, move, pending.target)
            ref = (pending.faction, pending.order)
            self._apply_move(state, log, pending.faction, move, pending.target, pending.effects, ref, False, modifiers, Cause.MATURED)
        for faction in self.faction_ids:
            record = state.factions[faction]
            income = record.income + sum(self.card_modifiers[e.card].income for e in state.events if e.target == faction)
            if income:
                self._set_budget(state, log, faction, income, Cause.INCOME, "", NO_ORDER)
        kept: list[ActiveEvent] = []
        for event in state.events:
            event.remaining -= 1
            if event.remaining > 0:
                kept.append(event)
            else:
                log.append(Expired(turn, event.card, event.target))
        state.events = kept
        self.score(state, log)

    # -- rules 8 and 9: scoring and the end of the game ----------------------------------------------

    def score(self, state: GameState, log: list[Entry]) -> None:
        """Compute every faction's score and met objectives (8.1-8.3)."""
        scoring = self.scenario.scoring
        controllers = {rid: self.controller(state, rid) for rid in state.regions}
        influence = dict.fromkeys(self.faction_ids, 0)
        control = dict.fromkeys(self.faction_ids, 0)
        for rid, region in state.regions.items():
            for faction, value in region.influence.items():
                influence[faction] += value
            if controllers[rid]:
                control[controllers[rid]] += 1
        for faction in self.faction_ids:
            record = state.factions[faction]
            total = scoring.influence * influence[faction] + scoring.control * control[faction]
            for track, weight in scoring.tracks:
                total += weight * record.tracks[track]
            met: list[str] = []
            for objective in self.objectives[faction]:
                if self._met(state, controllers, faction, objective):
                    met.append(objective.id)
                    total += objective.points
            log.append(Scored(state.turn, faction, total, total - record.score, tuple(met)))
            record.score, record.objectives = total, tuple(met)

    def controller(self, state: GameState, region: str) -> str:
        """The faction controlling ``region`` (8.2), or an empty string."""
        return control(state.regions[region].influence, self.scenario.scoring.control_min)

    def _met(self, state: GameState, controllers: Mapping[str, str], faction: str, objective: Objective) -> bool:
        kind = objective.kind
        if kind == "control":
            return controllers[objective.region] == faction
        if kind == "influence":
            return state.regions[objective.region].influence[faction] >= objective.value
        if kind == "track":
            return state.factions[faction].tracks[objective.track] >= objective.value
        held = sum(1 for g in self.scenario.regions if objective.bloc in g.blocs and controllers[g.id] == faction)
        return held >= objective.value

    def victory_check(self, state: GameState, log: list[Entry]) -> Outcome | None:
        """Decide whether the game ends after this turn (9.1-9.4)."""
        victory = self.scenario.victory
        scores = {f: state.factions[f].score for f in self.faction_ids}
        termination: Termination | None = None
        losers: tuple[str, ...] = ()
        contenders = self.faction_ids
        if victory.collapse_track:
            floor = self.tracks[victory.collapse_track].min
            losers = tuple(f for f in self.faction_ids if state.factions[f].tracks[victory.collapse_track] <= floor)
            if losers:
                termination = Termination.COLLAPSE
                contenders = tuple(f for f in self.faction_ids if f not in losers)
        if termination is None and victory.score and max(scores.values()) >= victory.score:
            termination = Termination.SCORE
        if termination is None and state.turn >= self.scenario.turns:
            termination = Termination.TURN_LIMIT
        if termination is None:
            return None
        best = max((scores[f] for f in contenders), default=0)
        winners = tuple(f for f in contenders if scores[f] == best)
        state.over = True
        log.append(GameEnded(state.turn, termination.value, winners, losers))
        return Outcome(termination, winners, losers, tuple(scores.items()), state.turn)


def success_chance(difficulty: int, bonus: int, sides: int = DIE_SIDES) -> Fraction:
    """The chance that a die (1..``sides``) plus ``bonus`` reaches ``difficulty`` (5.4).

    ``bonus`` is the sum of ``Rules.roll_modifiers``; difficulty 0 means no roll.

    >>> success_chance(4, 0), success_chance(4, 1), success_chance(3, -3), success_chance(5, -3), success_chance(0, -9)
    (Fraction(1, 2), Fraction(2, 3), Fraction(1, 6), Fraction(0, 1), Fraction(1, 1))
    """
    if not difficulty:
        return Fraction(1)
    faces = sides - (difficulty - bonus) + 1
    return Fraction(min(max(faces, 0), sides), sides)


def influence_gain(amount: int, modifiers: Sequence[tuple[object, Modifier]], contested: bool = False) -> int:
    """A move's influence change after event divisors (6.2) and the contest cut (5.3).

    Gains are divided, rounding down, by each touching modifier's ``gain_divisor``
    in turn, then cut by ``CONTEST_CUT`` in a contested region when still
    ``CONTESTED_GAIN`` or more; losses are never divided or cut. Bounds (6.6)
    are applied later.
    """
    if amount > 0:
        for _, modifier in modifiers:
            amount //= modifier.gain_divisor
        if contested and amount >= CONTESTED_GAIN:
            amount -= CONTEST_CUT
    return amount


def stability_modifier(stability: int) -> int:
    """What a region of ``stability`` adds to the roll of a move aimed at it (5.4):
    ``-BRACKET`` at ``UNSTABLE`` or less, ``+BRACKET`` at ``STABLE`` or more, else 0.

    >>> [stability_modifier(s) for s in range(6)]
    [-1, -1, 0, 0, 1, 1]
    """
    return -BRACKET if stability <= UNSTABLE else (BRACKET if stability >= STABLE else 0)


def credibility_modifier(credibility: int) -> int:
    """What a faction of ``credibility`` adds to each of its rolls (5.4):
    ``-BRACKET`` at ``LOW_CREDIBILITY`` or less, ``+BRACKET`` at ``HIGH_CREDIBILITY`` or more, else 0.

    >>> [credibility_modifier(c) for c in (0, 2, 3, 6, 7, 10)]
    [-1, -1, 0, 0, 1, 1]
    """
    return -BRACKET if credibility <= LOW_CREDIBILITY else (BRACKET if credibility >= HIGH_CREDIBILITY else 0)


def _margin(influence: dict[str, int]) -> int:
    """Gap between the two highest influences in a region (smaller is more contested)."""
    first = second = 0
    for value in influence.values():
        if value > first:
            first, second = value, first
        elif value > second:
            second = value
    return first - second if second else 100 + first
