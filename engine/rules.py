"""The rules of docs/rules.md, applied to a ``GameState``.

``Rules`` is private to the engine: ``engine.game.Game`` validates inputs and
calls it. Every method appends the log entries of what it did to ``log``; the
rule numbers in comments refer to docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from engine.conditions import Judge, control
from engine.inputs import Order
from engine.log import (
    Agreed,
    Argued,
    ArguedRolled,
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
    Reacted,
    Reshuffled,
    Rolled,
    Scored,
)
from engine.model import (
    CATEGORIES,
    CREDIBILITY,
    DEFAULT_CREDIBILITY_ROLLS,
    STABILITY_MAX,
    STABILITY_MIN,
    CardDef,
    CardTarget,
    Effects,
    Modifier,
    MoveDef,
    Objective,
    Pairs,
    Reaction,
    Requirements,
    Scenario,
    Steps,
    TargetKind,
    step_value,
)
from engine.outcome import Outcome, Termination
from engine.reasons import Reason, Wording
from engine.rng import keyed_roll
from engine.standing import Reads, Standing, Watched, reads
from engine.state import ActiveEvent, AgreementState, ArguedState, GameState, PendingEffect

if TYPE_CHECKING:
    from fractions import Fraction

_PRIORITY = {name: index for index, name in enumerate(CATEGORIES)}
DIE_SIDES = 6
"""Faces of the die ``keyed_roll`` rolls by default (rule 5.4)."""
UNSTABLE = 1
"""A region of this stability or less takes ``BRACKET`` off the roll of a move aimed at it (rule 5.4)."""
STABLE = 4
"""A region of this stability or more adds ``BRACKET`` to the roll of a move aimed at it (rule 5.4)."""
BRACKET = 1
"""What a stability bracket adds to a roll, or takes off (rule 5.4)."""
RECEPTIVITY_MIN, RECEPTIVITY_MAX = -3, 3
"""Receptivity stays within these bounds when it changes in play (rule 13.3)."""
CONTESTED_GAIN = 2
"""In a contested region, influence gains of this much or more are cut (rule 5.3)..."""
CONTEST_CUT = 1
"""... by this much."""
ARGUED_ORDER = 100
"""An argued action's order number in dice keys and changes is this plus its number (rule 15.5): no order has it."""
ARGUED = "argued"
"""The source an argued action's changes name."""
NO_ORDER = ("", 0)
"""The (actor, order) reference of a change that no order caused."""

Ref = tuple[str, int]
"""The (actor, order index) of the order behind a change; ``NO_ORDER`` for none."""
Touching = list[tuple[ActiveEvent, Modifier]]
"""Active events whose modifier touches an order, with that modifier (3.5)."""
Judgement = tuple[Reason | None, int, Touching]
"""What ``Rules.assess`` says of an order: why it is illegal or None, its cost, the modifiers touching it."""
_ON = {True: ("success", "always", "resolved"), False: ("failure", "always", "resolved")}
"""The ``on`` values that apply after a success (True) or a failure (False) (13.3, 13.4)."""

__all__ = ["Rules", "control", "credibility_modifier", "influence_gain", "stability_modifier", "success_chance"]


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
        self.judge = Judge(scenario)
        self.partners = scenario.has_partners
        self.order_reactions = tuple(r for r in scenario.reactions if r.when is None)
        self.threshold_reactions = tuple(r for r in scenario.reactions if r.when is not None)
        self._thresholds = tuple(
            (reaction, rid, faction, f"{reaction.id}/{rid}/{faction}")
            for reaction in self.threshold_reactions
            for rid in self.regions
            for faction in (("",) if reaction.region_wide else self.faction_ids)
        )
        """Every (reaction, region, faction) a threshold reaction is judged about at upkeep, in the order judged,
        with its ``reaction/region/faction`` key (13.3): built once, not at every upkeep."""
        self.attitudes = {a.id: a for a in scenario.attitudes}
        self.agreements = {a.id: a for a in scenario.agreements}
        self.reveals = frozenset(scenario.fog.reveals if scenario.fog is not None else ())
        """The moves whose success reveals their region to the acting faction (rule 16.3)."""
        unconstrained = Requirements()
        self._constrained = frozenset(m.id for m in scenario.moves if m.requires != unconstrained)
        self._countered = {m.id: frozenset(c.id for c in scenario.cards if m.id in c.countered_by) for m in scenario.moves}
        """Per move, the cards it counters (5.6): most moves counter none."""
        self._reads: dict[str, Reads | None] = {m.id: reads(m) for m in scenario.moves}
        """Per move, the numbers its requirements read that play can change (``engine.standing``)."""

    def reseeded(self, seed: int) -> Rules:
        """These rules with another seed for the dice: the look-up tables are built again (tens of
        microseconds), as a compiled ``Rules`` (``tools.compile``) cannot be copied past its ``__init__``."""
        return Rules(self.scenario, seed)

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
        """Put ``card`` into play on ``target`` (or on the targets its rule picks) (3.2-3.5),
        then its conditional effects where their conditions hold (13.4)."""
        targets = (target,) if target else self._card_targets(state, card)
        log.append(CardPlayed(state.turn, card.id, targets, how))
        region = card.target.is_region
        for name in targets:
            self._apply(state, log, card.effects, name, Cause.CARD, card.id, card_region=region)
            for conditional in card.conditional:
                if self.judge.holds(conditional.when, state, "" if region else name, name):
                    self._apply(state, log, conditional.effects, name, Cause.CARD, card.id, card_region=region)
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
        if kind in (CardTarget.LEADER, CardTarget.TRAILER):
            scores = {fid: state.factions[fid].score for fid in self.faction_ids}
            pick = max if kind is CardTarget.LEADER else min
            return (pick(self.faction_ids, key=scores.__getitem__),)
        return self._format_2_targets(state, card)

    def _format_2_targets(self, state: GameState, card: CardDef) -> tuple[str, ...]:
        """The factions a card of a format 2 targeting rule lands on (13.6); ties go to the
        faction listed first, and a rule that finds nobody gives no target."""
        kind = card.target
        factions = self.faction_ids
        if kind in (CardTarget.RICHEST, CardTarget.POOREST):
            wealth = {f: getattr(state.factions[f], card.by) for f in factions}
            pick = max if kind is CardTarget.RICHEST else min
            return (pick(factions, key=wealth.__getitem__),)
        if kind is CardTarget.MOST_ORDERS:
            counted = set(card.of)
            counts = {f: sum(1 for m in state.last_orders.get(f, ()) if m in counted or self.moves[m].category in counted) for f in factions}
            best = max(factions, key=counts.__getitem__)
            return (best,) if counts[best] else ()
        influence = state.regions[card.region].influence
        present = [f for f in factions if influence[f] > 0]
        if kind is CardTarget.TOP_INFLUENCE:
            return tuple(sorted(present, key=lambda f: -influence[f])[: card.count])
        return tuple(present)  # PRESENT

    # -- rule 4: legality -------------------------------------------------------------------

    def assess(self, state: GameState, faction: str, move: MoveDef, target: str) -> Judgement:
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
        return self.assess_valid(state, faction, move, target)

    def assess_valid(self, state: GameState, faction: str, move: MoveDef, target: str) -> Judgement:
        """``assess`` of an order whose target is valid (4.2): one of ``Game.order_space``, or one
        ``Game.check`` accepted (the scenario's regions and factions never change, so a target once
        valid stays valid). Only what the position can change is judged: the requirements of a
        constrained move (4.3) and the active events' modifiers and blocks (3.5, 4.5). With no active
        event an order's cost is its move's and only a constrained move can be illegal."""
        if not state.events:
            return (self._unmet(state, faction, move, target) if move.id in self._constrained else None), max(move.cost, 0), []
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

    def assess_space(self, state: GameState, faction: str, space: Sequence[tuple[MoveDef, str]]) -> list[Judgement]:
        """``assess`` of every (move, target) pair of ``space``, whose targets are valid by
        construction (``Game.order_space``): ``assess_valid`` of each, so each judgement equals ``assess``'s."""
        judge = self.assess_valid
        return [judge(state, faction, move, target) for move, target in space]

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
        region = target if move.target is TargetKind.REGION else None
        found: Touching = []
        for event in state.events:
            if event.target == faction or event.target == region:
                modifier = self.card_modifiers[event.card]
                if modifier.touches(move):
                    found.append((event, modifier))
        return found

    # -- rule 5: resolution -----------------------------------------------------------------

    def resolve(
        self,
        state: GameState,
        log: list[Entry],
        orders: Mapping[str, Sequence[Order]],
        arguments: Mapping[tuple[str, int], int] | None = None,
        judged: Mapping[str, Sequence[Judgement]] | None = None,
    ) -> None:
        """Resolve every faction's orders in the documented order (5.1-5.7).

        ``arguments`` maps (faction, order index) to the facilitator's rating of
        that order's justification, added to its roll (5.4). ``judged`` holds, for
        a faction's orders, their judgements (``assess``) made on the position this
        resolution starts from: each is carried to the order's turn, and judged
        again only if what it read is no longer what it was (``engine.standing``)."""
        turn = state.turn
        standing = Standing(state, self._watched(orders, judged)) if judged else None
        if state.agreements:
            self._agreements_start(state, log)
        count = len(self.faction_ids)
        rotation = (turn - 1) % count
        initiative = {fid: (i - rotation) % count for i, fid in enumerate(self.faction_ids)}
        queue: list[tuple[int, int, int, str, Order, MoveDef, Judgement | None]] = []
        actors: dict[str, list[str]] = {}
        carried = judged or {}
        for faction, submitted in orders.items():
            judgements = carried.get(faction, ())
            for index, order in enumerate(submitted, start=1):
                move = self.moves[order.move]
                judgement = judgements[index - 1] if judgements else None
                queue.append((_PRIORITY[move.category], initiative[faction], index, faction, order, move, judgement))
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
        resolved: dict[str, list[str]] = {f: [] for f in self.faction_ids}
        for _, _, index, faction, order, move, judgement in queue:
            if judgement is None or standing is None or not standing.stands(state, faction, move, order.target, self._reads[move.id]):
                judgement = self.assess_valid(state, faction, move, order.target)  # the target was checked at submission (4.6)
            argument = arguments.get((faction, index), 0)
            if self._resolve_order(state, log, faction, index, order, move, judgement, order.target in contested, argument):
                resolved[faction].append(move.id)
        if state.argued:
            self._resolve_argued(state, log, initiative)
        if self.partners:
            state.last_orders = {f: tuple(moves) for f, moves in resolved.items()}

    def _watched(self, orders: Mapping[str, Sequence[Order]], judged: Mapping[str, Sequence[Judgement]]) -> list[Watched]:
        """The orders carried to their turn whose requirements read numbers, as ``Standing`` watches them."""
        watched = []
        for faction in judged:
            for order in orders.get(faction, ()):
                needs = self._reads[order.move]
                if needs is not None:
                    watched.append((faction, order.target if self.moves[order.move].target is TargetKind.REGION else "", needs))
        return watched

    def _resolve_order(
        self,
        state: GameState,
        log: list[Entry],
        faction: str,
        index: int,
        order: Order,
        move: MoveDef,
        judgement: Judgement,
        contested: bool,
        argument: int = 0,
    ) -> bool:
        """Resolve one order (5.2-5.7), judged ``judgement`` now: True when it resolved, False when it fizzled."""
        turn = state.turn
        target = order.target
        reason, cost, modifiers = judgement
        if reason is None and cost > state.factions[faction].budget:
            reason = Reason(Wording.BUDGET_SPENT, cost, state.factions[faction].budget)
        if reason is not None:
            log.append(OrderFizzled(turn, faction, index, move.id, target, reason))
            return False
        log.append(OrderResolved(turn, faction, index, move.id, target, cost, order.why))
        others = self._touched(state, faction, move, target) if state.agreements else frozenset()
        ref = (faction, index)
        if cost:
            self._set_budget(state, log, faction, -cost, Cause.ORDER, move.id, ref)
        success = True
        if move.difficulty:
            success = self._roll(state, log, faction, index, move, target, modifiers, argument)
        holding = self._holding(state, faction, move, target, success) if move.conditional else ()
        if state.events:
            self._counter(state, log, faction, move, target, success)
        outcome = move.effects if success else move.failure
        if outcome.nonempty:
            self._apply_move(state, log, faction, move, target, outcome, ref, contested, modifiers)
        if move.side_effects.nonempty:
            self._apply_move(state, log, faction, move, target, move.side_effects, ref, contested, modifiers)
        for effects in holding:
            self._apply_move(state, log, faction, move, target, effects, ref, contested, modifiers)
        for event, modifier in modifiers:
            for track, amount in modifier.opposition:
                self._set_track(state, log, faction, track, amount, Cause.OPPOSITION, event.card, ref)
        if self.order_reactions and move.target is TargetKind.REGION:
            for reaction in self.order_reactions:
                if reaction.answers(move) and reaction.on in _ON[success]:
                    self._react(state, log, reaction, target, faction, ref)
        if success:
            for delayed in move.delayed:
                state.pending.append(PendingEffect(turn + delayed.after, faction, target, move.id, index, delayed.effects))
            if state.revealed is not None and move.id in self.reveals and target not in state.revealed[faction]:
                state.revealed[faction][target] = turn  # rule 16.3
        if state.agreements:
            self._breaches(state, log, faction, move, target, others)
        return True

    def roll_modifiers(self, state: GameState, faction: str, move: MoveDef, target: str, modifiers: Touching) -> list[tuple[str, int]]:
        """What is added to the die of this order now (5.4), as ``(name, amount)`` pairs:
        receptivity, stability, credibility, then each touching modifier's ``roll``.
        ``modifiers`` are the (event, modifier) pairs from ``assess`` or ``modifiers``."""
        parts = []
        if move.target is TargetKind.REGION:
            receptivity = state.regions[target].receptivity.get(move.category, 0)
            if receptivity:
                parts.append(("receptivity", receptivity))
            stability = stability_modifier(state.regions[target].stability)
            if stability:
                parts.append(("stability" if stability > 0 else "instability", stability))
        credibility = credibility_modifier(state.factions[faction].tracks[CREDIBILITY], self.scenario.credibility_rolls)
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
        countered = self._countered[move.id]
        if not countered:
            return  # the common case: a move that counters no card
        scope = target if move.target is TargetKind.REGION else faction
        if not any(event.target == scope and event.card in countered for event in state.events):
            return  # nothing to counter here: the events stay as they are
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
        """Apply a move's effects for ``faction`` (6.1-6.4, 13.2-13.4); ``cause`` tells orders from matured effects."""
        if not effects.nonempty:
            return
        if effects.sets:
            self._apply_sets(state, log, faction, target if move.target is TargetKind.REGION else "", effects.sets, cause, move.id, ref)
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
            self._apply_partner(state, log, (faction,), target, effects, cause, move.id, ref)
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
        """Influence change from a move: gains are divided by events and cut by contest (6.2), and
        fade when the move's influence fades (13.2)."""
        self._set_influence(state, log, faction, region, influence_gain(amount, modifiers, contested), cause, move.id, ref, amount, move.fades)

    def _holding(self, state: GameState, faction: str, move: MoveDef, target: str, success: bool) -> tuple[Effects, ...]:
        """The conditional effects of an order whose ``on`` fits its outcome and whose condition holds
        about the acting faction and the order's target, judged once its roll is known and before it
        counters anything (13.4): an answer to an event sees the event it answers."""
        return tuple(c.effects for c in move.conditional if c.on in _ON[success] and self.judge.holds(c.when, state, faction, target))

    def _apply_sets(self, state: GameState, log: list[Entry], faction: str, region: str, sets: Pairs, cause: Cause, source: str, ref: Ref) -> None:
        """Set values outright (13.4): ``stability`` in ``region``, tracks of ``faction``."""
        for name, value in sets:
            if name == "stability":
                if region:
                    self._set_stability(state, log, region, value - state.regions[region].stability, cause, source, ref)
            elif faction:
                self._set_track(state, log, faction, name, value - state.factions[faction].tracks[name], cause, source, ref)

    def _apply_partner(
        self, state: GameState, log: list[Entry], factions: Sequence[str], region: str, effects: Effects, cause: Cause, source: str, ref: Ref
    ) -> None:
        """A region's receptivity changes, then the attitudes of ``factions`` there (13.3)."""
        for category, amount in effects.receptivity:
            self._set_receptivity(state, log, region, category, amount, cause, source, ref)
        for attitude, amount in effects.attitudes:
            for faction in factions:
                self._set_attitude(state, log, faction, region, attitude, amount, cause, source, ref)

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
        """Apply card or ongoing effects to a region or a faction target (6.5, 13.3, 13.6)."""
        if not effects.nonempty:
            return
        if card_region:
            present = [faction for faction, value in state.regions[target].influence.items() if value > 0]
            if effects.sets:
                self._apply_sets(state, log, "", target, effects.sets, cause, source, NO_ORDER)
            if effects.influence:
                for faction in present:
                    self._set_influence(state, log, faction, target, effects.influence, cause, source, NO_ORDER)
            if effects.stability:
                self._set_stability(state, log, target, effects.stability, cause, source, NO_ORDER)
            self._apply_partner(state, log, present, target, effects, cause, source, NO_ORDER)
            for track, amount in effects.present_tracks:
                for faction in present:
                    self._set_track(state, log, faction, track, amount, cause, source, NO_ORDER)
        else:
            if effects.sets:
                self._apply_sets(state, log, target, "", effects.sets, cause, source, NO_ORDER)
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
        fades: int = 0,
    ) -> None:
        """Change influence within its bounds (6.6). In a format 2 game a gain that ``fades`` joins
        the fading part, whose clock it renews, and a loss comes out of the fading part first (13.2)."""
        record = state.regions[region]
        influence = record.influence
        old = influence[faction]
        new = influence[faction] = min(max(old + amount, 0), self.scenario.max_influence)
        asked = amount if requested is None else requested
        log.append(Change(state.turn, faction, region, "influence", new - old, new, cause, source, *ref, asked))
        if self.partners and (new != old or (fades and amount > 0)):
            fading = record.fading.get(faction, 0)
            if amount > 0 and fades:  # a renewal counts even when the bound leaves nothing to add
                fading += new - old
                record.fades_at[faction] = max(record.fades_at.get(faction, 0), state.turn + fades)
            elif new < old:
                fading = max(fading - (old - new), 0)
            if fading:
                record.fading[faction] = fading
            else:
                record.fading.pop(faction, None)
                record.fades_at.pop(faction, None)

    def _set_receptivity(self, state: GameState, log: list[Entry], region: str, category: str, amount: int, cause: Cause, source: str, ref: Ref) -> None:
        receptivity = state.regions[region].receptivity
        old = receptivity.get(category, 0)
        new = min(max(old + amount, RECEPTIVITY_MIN), RECEPTIVITY_MAX)
        receptivity[category] = new
        log.append(Change(state.turn, "", region, f"receptivity.{category}", new - old, new, cause, source, *ref, amount))

    def _set_attitude(
        self, state: GameState, log: list[Entry], faction: str, region: str, attitude: str, amount: int, cause: Cause, source: str, ref: Ref
    ) -> None:
        bounds = self.attitudes[attitude]
        values = state.regions[region].attitudes[faction]
        old = values[attitude]
        new = values[attitude] = min(max(old + amount, bounds.min), bounds.max)
        log.append(Change(state.turn, faction, region, attitude, new - old, new, cause, source, *ref, amount))

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

    # -- rule 15: argued actions -------------------------------------------------------------------

    def _resolve_argued(self, state: GameState, log: list[Entry], initiative: Mapping[str, int]) -> None:
        """After every order (15.5): each argued action of the turn by initiative, then number; one not adjudicated
        lapses, one whose faction cannot pay the scenario's cost fizzles, the others pay it, roll (die plus the
        credibility modifier against the difficulty; none for difficulty 0) and on a success take their effects."""
        limits = self.scenario.argued
        cost = limits.cost if limits is not None else 0
        for action in sorted(state.argued, key=lambda a: (initiative[a.faction], a.number)):
            faction, number = action.faction, action.number
            if not action.adjudicated:
                log.append(Argued(state.turn, faction, number, "lapsed"))
                continue
            if cost > state.factions[faction].budget:
                log.append(Argued(state.turn, faction, number, "fizzled"))
                continue
            ref = (faction, ARGUED_ORDER + number)
            if cost:
                self._set_budget(state, log, faction, -cost, Cause.ARGUED, ARGUED, ref)
            credibility = credibility_modifier(state.factions[faction].tracks[CREDIBILITY], self.scenario.credibility_rolls)
            parts = (("credibility", credibility),) if credibility else ()
            die = keyed_roll(self.seed, state.turn, faction, ARGUED_ORDER + number) if action.difficulty else 0
            total = die + credibility if action.difficulty else 0
            success = total >= action.difficulty
            log.append(ArguedRolled(state.turn, faction, number, die, parts, total, action.difficulty, success))
            if success:
                self._argued_effects(state, log, action, ref)
        state.argued = []

    def _argued_effects(self, state: GameState, log: list[Entry], action: ArguedState, ref: Ref) -> None:
        """A successful argued action's effects (15.5), in the order of ``ARGUED_EFFECTS`` then the tracks."""
        faction, target = action.faction, action.target
        for key, amount in action.effects:
            if key == "influence":
                self._set_influence(state, log, faction, target, amount, Cause.ARGUED, ARGUED, ref)
            elif key == "rival_influence":
                for rival, value in state.regions[target].influence.items():
                    if rival != faction and value > 0:
                        self._set_influence(state, log, rival, target, amount, Cause.ARGUED, ARGUED, ref)
            elif key == "stability":
                self._set_stability(state, log, target, amount, Cause.ARGUED, ARGUED, ref)
            elif key == "budget":
                self._set_budget(state, log, faction, amount, Cause.ARGUED, ARGUED, ref)
            else:
                self._set_track(state, log, faction, key, amount, Cause.ARGUED, ARGUED, ref)

    # -- rule 14: agreements -------------------------------------------------------------------

    def _agreements_start(self, state: GameState, log: list[Entry]) -> None:
        """The start of resolution (14.3): renounced agreements break, accepted proposals come into force,
        declined ones are dropped and unanswered ones lapse, in the order they were proposed."""
        kept: list[AgreementState] = []
        for agreement in state.agreements:
            pair = agreement.parties()
            if agreement.status == "in_force" and agreement.renounced:
                self._break(state, log, agreement, agreement.renounced)
                continue
            if agreement.status == "accepted":
                agreement.status, agreement.remaining = "in_force", self.agreements[agreement.agreement].turns
                log.append(Agreed(state.turn, agreement.agreement, pair, "in_force"))
            elif agreement.status == "proposed":
                log.append(Agreed(state.turn, agreement.agreement, pair, "lapsed"))
            if agreement.status == "in_force":
                kept.append(agreement)
        state.agreements = kept

    def _touched(self, state: GameState, faction: str, move: MoveDef, target: str) -> frozenset[str]:
        """The factions an order of ``faction`` is aimed at (14.5): the target faction of a faction move, or every
        other faction with influence in the target region of a region move, before the order's effects."""
        if move.target is TargetKind.FACTION:
            return frozenset((target,))
        if move.target is TargetKind.REGION:
            return frozenset(f for f, value in state.regions[target].influence.items() if value > 0 and f != faction)
        return frozenset()

    def _breaches(self, state: GameState, log: list[Entry], faction: str, move: MoveDef, target: str, others: frozenset[str]) -> None:
        """Break each agreement in force that this resolved order of ``faction`` breaches (14.5): one whose kind
        forbids the move or its category, with a party of it that the order is aimed at (``_touched``)."""
        for agreement in list(state.agreements):
            if faction not in agreement.parties() or agreement.status != "in_force":
                continue
            other = agreement.partner if faction == agreement.proposer else agreement.proposer
            forbids = self.agreements[agreement.agreement].forbids
            if other in others and (move.id in forbids or move.category in forbids):
                state.agreements.remove(agreement)
                self._break(state, log, agreement, faction)

    def _break(self, state: GameState, log: list[Entry], agreement: AgreementState, breaker: str) -> None:
        """``breaker`` breaks ``agreement`` (14.5): it is logged and the breaker takes the kind's ``broken`` effects."""
        log.append(Agreed(state.turn, agreement.agreement, agreement.parties(), "broken", breaker))
        self._apply_faction(state, log, breaker, self.agreements[agreement.agreement].broken, Cause.AGREEMENT, agreement.agreement, NO_ORDER)

    def _agreements_upkeep(self, state: GameState, log: list[Entry]) -> None:
        """Each agreement in force gives its parties their effects and counts down; one that has run its
        course ends (14.4)."""
        kept: list[AgreementState] = []
        for agreement in state.agreements:
            kind = self.agreements[agreement.agreement]
            self._apply_faction(state, log, agreement.proposer, kind.proposer, Cause.AGREEMENT, kind.id, NO_ORDER)
            self._apply_faction(state, log, agreement.partner, kind.partner, Cause.AGREEMENT, kind.id, NO_ORDER)
            agreement.remaining -= 1
            if agreement.remaining > 0:
                kept.append(agreement)
            else:
                log.append(Agreed(state.turn, kind.id, agreement.parties(), "ended"))
        state.agreements = kept

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
        if state.agreements:
            self._agreements_upkeep(state, log)
        kept: list[ActiveEvent] = []
        for event in state.events:
            event.remaining -= 1
            if event.remaining > 0:
                kept.append(event)
            else:
                log.append(Expired(turn, event.card, event.target))
        state.events = kept
        if self.partners:
            self._fade(state, log)
            self._hedge(state, log)
            self._threshold_reactions(state, log)
        self.score(state, log)

    # -- rule 13: partners --------------------------------------------------------------------

    def _fade(self, state: GameState, log: list[Entry]) -> None:
        """Fading influence whose time has come loses 1 (13.2)."""
        for rid, region in state.regions.items():
            for faction in [f for f, due in region.fades_at.items() if due <= state.turn]:
                self._set_influence(state, log, faction, rid, -1, Cause.FADED, "", NO_ORDER)

    def _hedge(self, state: GameState, log: list[Entry]) -> None:
        """A region one faction dominates by the hedging margin drifts toward the runner-up (13.3)."""
        hedging = self.scenario.hedging
        if not hedging.margin:
            return
        for rid, region in state.regions.items():
            if not self.regions[rid].hedges:
                continue
            ranked = sorted(self.faction_ids, key=lambda f: -region.influence[f])
            leader, runner_up = ranked[0], ranked[1]
            if region.influence[leader] - region.influence[runner_up] >= hedging.margin:
                self._set_influence(state, log, runner_up, rid, hedging.amount, Cause.HEDGING, "", NO_ORDER)

    def _threshold_reactions(self, state: GameState, log: list[Entry]) -> None:
        """Fire each reaction whose condition holds now but did not at the last upkeep (13.3)."""
        before = set(state.reacting)
        holding: list[str] = []
        holds = self.judge.holds
        for reaction, rid, faction, key in self._thresholds:
            assert reaction.when is not None
            if holds(reaction.when, state, faction, rid):
                holding.append(key)
                if key not in before:
                    self._react(state, log, reaction, rid, faction, NO_ORDER)
        state.reacting = holding

    def _react(self, state: GameState, log: list[Entry], reaction: Reaction, region: str, faction: str, ref: Ref) -> None:
        """A partner answers (13.3): the reaction's effects on ``region`` and ``faction``, then its card."""
        log.append(Reacted(state.turn, reaction.id, region, faction))
        effects = reaction.effects
        source = reaction.id
        if effects.sets:
            self._apply_sets(state, log, faction, region, effects.sets, Cause.REACTION, source, ref)
        if faction and effects.influence:
            self._set_influence(state, log, faction, region, effects.influence, Cause.REACTION, source, ref)
        if effects.stability:
            self._set_stability(state, log, region, effects.stability, Cause.REACTION, source, ref)
        self._apply_partner(state, log, (faction,) if faction else (), region, effects, Cause.REACTION, source, ref)
        if faction:
            self._apply_faction(state, log, faction, effects, Cause.REACTION, source, ref)
        if reaction.card:
            card = self.cards[reaction.card]
            self.play_card(state, log, card, region if card.target.is_region else faction, "reaction")

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
        """Decide whether the game ends after this turn (9.1-9.4, 13.5).

        A faction whose aim holds wins (with its coalition) before any other
        ending is looked at; a collapse makes the faction and its coalition
        lose; otherwise the best score among the rest wins, with its coalition.
        """
        victory = self.scenario.victory
        scores = {f: state.factions[f].score for f in self.faction_ids}
        termination: Termination | None = None
        collapsed = tuple(f for f in self.faction_ids if self.judge.collapsed(state, f))
        losers = self._with_partners(collapsed)
        contenders = tuple(f for f in self.faction_ids if f not in losers)
        last = state.turn >= self.scenario.turns
        achieved = self._with_partners(tuple(f for f in contenders if self._aim_met(state, f, last)))
        if achieved:
            termination = Termination.AIM
            contenders = tuple(f for f in contenders if f in achieved)
        elif losers:
            termination = Termination.COLLAPSE
        elif victory.score and max(scores.values()) >= victory.score:
            termination = Termination.SCORE
        elif last:
            termination = Termination.TURN_LIMIT
        if termination is None:
            return None
        best = max((scores[f] for f in contenders), default=0)
        winners = self._ranked(tuple(f for f in contenders if scores[f] == best), contenders, scores)
        state.over = True
        log.append(GameEnded(state.turn, termination.value, winners, losers))
        return Outcome(termination, winners, losers, tuple(scores.items()), state.turn)

    def _aim_met(self, state: GameState, faction: str, last: bool) -> bool:
        aim = self.scenario.faction(faction).aim
        return aim is not None and (last or not aim.final) and self.judge.holds(aim.condition, state, faction)

    def _with_partners(self, factions: tuple[str, ...]) -> tuple[str, ...]:
        """``factions`` and their coalition partners, in scenario order (13.5)."""
        if not self.scenario.coalitions or not factions:
            return factions
        joined = {member for f in factions for member in self.scenario.coalition_of(f)}
        return tuple(f for f in self.faction_ids if f in joined)

    def _ranked(self, best: tuple[str, ...], contenders: tuple[str, ...], scores: Mapping[str, int]) -> tuple[str, ...]:
        """The winners: the best scorers, joined by their coalition partners among the contenders,
        highest score first (13.5)."""
        if not self.scenario.coalitions:
            return best
        joined = self._with_partners(best)
        return tuple(sorted((f for f in contenders if f in joined), key=lambda f: -scores[f]))


def success_chance(difficulty: int, bonus: int, sides: int = DIE_SIDES) -> Fraction:
    """The chance that a die (1..``sides``) plus ``bonus`` reaches ``difficulty`` (5.4).

    ``bonus`` is the sum of ``Rules.roll_modifiers``; difficulty 0 means no roll.

    >>> success_chance(4, 0), success_chance(4, 1), success_chance(3, -3), success_chance(5, -3), success_chance(0, -9)
    (Fraction(1, 2), Fraction(2, 3), Fraction(1, 6), Fraction(0, 1), Fraction(1, 1))
    """
    from fractions import Fraction  # here: a replay never asks for a chance, and fractions is slow to import

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


def credibility_modifier(credibility: int, steps: Steps = DEFAULT_CREDIBILITY_ROLLS) -> int:
    """What a faction of ``credibility`` adds to each of its rolls (5.4, 13.7): the scenario's
    table ``steps``, by default -1 up to 2, +1 from 7, else 0.

    >>> [credibility_modifier(c) for c in (0, 2, 3, 6, 7, 10)]
    [-1, -1, 0, 0, 1, 1]
    >>> [credibility_modifier(c, ((0, -2), (4, 0), (8, 2))) for c in (0, 3, 4, 8)]
    [-2, -2, 0, 2]
    """
    return step_value(steps, credibility)


def _margin(influence: dict[str, int]) -> int:
    """Gap between the two highest influences in a region (smaller is more contested)."""
    first = second = 0
    for value in influence.values():
        if value > first:
            first, second = value, first
        elif value > second:
            second = value
    return first - second if second else 100 + first
