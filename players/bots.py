"""Bot strategies: deterministic players seeded from the game's bot streams.

``random`` plays uniformly random legal orders; ``greedy`` the orders with
the best expected one-turn evaluation (``players.evaluation``); ``lookahead``
the best of greedy's plans over a fixed number of simulated futures;
``doctrine:NAME_OR_FILE`` greedy's choice held to a doctrine
(``players.doctrine``). docs/bots.md explains how each thinks.

A strategy only ever chooses among the legal orders, and keeps the submission
within the order limit and the budget, so a bot never submits an illegal
order. Each bot draws from its own stream, keyed by seed, strategy, faction and
turn, so a bot's choices never depend on what other seats did with their
randomness, and never on the clock or on how many games it played before.

In a fogged game (rule 16) every bot plays on ``in_sight``: the position its
faction believes, built from its own view, so nothing hidden from the faction
can change what the bot chooses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import engine.valueclass as valueclass
from engine.game import Game
from engine.inputs import Order, Pact
from engine.model import Scenario, TargetKind
from engine.rng import Stream
from players.doctrine import Doctrine, find_doctrine
from players.evaluation import Candidate, Evaluator, Position, evaluator_for, in_sight, remaining_after


class Strategy(Protocol):
    """Something that chooses a faction's orders for the current turn."""

    name: str

    def choose(self, game: Game, faction: str) -> list[Order]:
        """The orders ``faction`` submits this turn (always a legal submission)."""


class RandomBot:
    """Uniformly random legal orders, drawn one at a time until none fits.

    The bot walks a random permutation of every (move, target) pair, drawn
    lazily from its stream, and takes each pair that is legal and affordable
    with what is left of the budget. The first such pair of a uniform
    permutation is uniform among the legal ones, and so is each next one
    (an order never makes an illegal pair legal within a turn).
    """

    name = "random"

    def choose(self, game: Game, faction: str) -> list[Order]:
        if game.is_over:
            return []
        game = in_sight(game, faction)
        stream = Stream(game.seed, f"bot:{faction}:{game.turn}")
        budget = game.state.factions[faction].budget
        pairs = game.order_space(faction)
        size = len(pairs)
        # The walk's swaps (place -> index of the pair now there; a place not in it holds its own pair): the
        # permutation is drawn only as far as the bot walks it, a few places of the whole space, never copied.
        moved: dict[int, int] = {}
        limit = game.scenario.orders_per_turn
        cheapest = _cost_floor(game)
        chosen: list[Order] = []
        judge = game.judge
        for index in range(size):
            if len(chosen) == limit or budget < cheapest:
                break
            pick = index + stream.below(size - index)
            here = moved.get(pick, pick)
            moved[pick] = moved.get(index, index)
            move, target = pairs[here]
            reason, cost, _ = judge(faction, move, target)
            if reason is None and cost <= budget:
                chosen.append(Order(move.id, target))
                budget -= cost
        return chosen


class GreedyBot:
    """The orders with the best expected one-turn evaluation (``players.evaluation``).

    Every legal order is valued by the expected change it brings to the
    faction's evaluation: each outcome (success, failure) weighted by its chance
    from the rules' own roll modifiers, less what its cost is worth. The bot
    takes the best order, then the best of the rest on the position after the
    likelier outcome of what it took, up to the order limit, while the budget
    lasts and an order is worth more than passing. Ties go to the first in
    catalogue order counting from a point drawn from the bot's stream.
    """

    name = "greedy"
    label = "Greedy"
    """How the one-line justification of an order names the bot."""

    @staticmethod
    def evaluator(scenario: Scenario) -> Evaluator:
        """The (shared) evaluator of ``scenario``."""
        return evaluator_for(scenario)

    def choose(self, game: Game, faction: str) -> list[Order]:
        return self.plans(game, faction, 1)[0]

    def accepts(self, game: Game, faction: str, agreement: str) -> bool:
        """Whether ``faction`` accepts a proposal of ``agreement`` (rule 14): when its effects for the partner are
        worth more than nothing (``agreement_value``) and the kind forbids nothing, since the bot does not plan its
        orders around an agreement and would break one by chance."""
        kind = next(a for a in game.scenario.agreements if a.id == agreement)
        return not kind.forbids and agreement_value(game, faction, agreement, self.evaluator(game.scenario)) > 0

    def plans(self, game: Game, faction: str, count: int) -> list[list[Order]]:
        """Up to ``count`` different submissions: the greedy one first, then one
        opening with each next-best order in turn."""
        game = in_sight(game, faction)
        evaluator = self.evaluator(game.scenario)
        pos = evaluator.position_of(game, remaining_after(game))
        candidates = self.options(evaluator, game, faction)
        if candidates:
            # Ties go to the first in catalogue order from a point drawn from the bot's stream.
            start = Stream(game.seed, f"bot:{self.name}:{faction}:{game.turn}").below(len(candidates))
            candidates = candidates[start:] + candidates[:start]
        bonus = self.bonus(pos, faction, candidates)
        values = [evaluator.value(pos, faction, candidate) for candidate in candidates]
        if bonus:
            values = [value + extra for value, extra in zip(values, bonus, strict=True)]
        budget = game.state.factions[faction].budget
        opening = self.opening(game, faction, candidates, values, budget)
        plans = [self._fill(evaluator, pos, faction, candidates, values, bonus, budget, opening)]
        if count > 1:
            openers = {plan[0][0] for plan in plans if plan}
            for index in sorted(range(len(candidates)), key=values.__getitem__, reverse=True):
                if len(plans) >= count or values[index] <= 0:
                    break
                if index not in openers:
                    openers.add(index)
                    plans.append(self._fill(evaluator, pos, faction, candidates, values, bonus, budget, [index]))
        return [[candidates[index].order(why) for index, why in plan] for plan in plans]

    def options(self, evaluator: Evaluator, game: Game, faction: str) -> list[Candidate]:
        """The orders the bot may choose among: every legal one."""
        return evaluator.candidates(game, faction)

    def bonus(self, pos: Position, faction: str, candidates: list[Candidate]) -> list[float]:
        """Points added to each candidate's value (empty: none)."""
        return []

    def opening(self, game: Game, faction: str, candidates: list[Candidate], values: list[float], budget: int) -> list[int]:
        """Candidates taken first, in order, before the greedy choice (none)."""
        return []

    def _fill(
        self,
        evaluator: Evaluator,
        pos: Position,
        faction: str,
        candidates: list[Candidate],
        values: list[float],
        bonus: list[float],
        budget: int,
        opening: Sequence[int],
    ) -> list[tuple[int, str]]:
        """Pick orders greedily, taking the candidates of ``opening`` first.

        After each pick, the candidates it may have changed (on the regions it
        touches, and every order off the board) are marked stale; a stale one
        is valued again, on the position after the likelier outcomes of the
        orders picked so far, only when it comes out on top ("lazy greedy").
        ``bonus`` (if any) is added to every value, the new ones too.
        """
        limit = evaluator.scenario.orders_per_turn
        values = list(values)
        count = len(candidates)
        costs = [c.cost for c in candidates]
        on_board = [c.move.target is TargetKind.REGION for c in candidates]
        targets = [c.target for c in candidates]
        taken = [False] * count
        stale = [False] * count
        queue = list(opening)
        chosen: list[tuple[int, str]] = []
        current, applied = pos, 0
        while len(chosen) < limit:
            pick = queue.pop(0) if queue else None
            while pick is None:
                best = 0.0
                for index in range(count):
                    value = values[index]
                    if value > best and costs[index] <= budget and not taken[index]:
                        best, pick = value, index
                if pick is None or not stale[pick]:
                    break
                if applied < len(chosen):
                    current = evaluator.after_orders(current, faction, [candidates[i] for i, _ in chosen[applied:]])
                    applied = len(chosen)
                values[pick] = evaluator.value(current, faction, candidates[pick]) + (bonus[pick] if bonus else 0.0)
                stale[pick], pick = False, None
            if pick is None:
                break
            candidate = candidates[pick]
            taken[pick] = True
            budget -= candidate.cost
            chosen.append((pick, self.why(evaluator, pos, faction, candidate, values[pick])))
            if len(chosen) < limit:
                touched = evaluator.reach(candidate.move, candidate.target)
                for index in range(count):
                    if not on_board[index] or targets[index] in touched:
                        stale[index] = True
        return chosen

    def why(self, evaluator: Evaluator, pos: Position, faction: str, candidate: Candidate, value: float) -> str:
        """A one-line justification: the chance of success and the expected worth."""
        move = candidate.move
        if not move.difficulty:
            return f"{self.label}: a sure gain worth {value:+.1f}."
        chance = evaluator.chance(pos.state, faction, move, candidate.target, candidate.modifiers)
        return f"{self.label}: {round(chance * 6)} in 6 to succeed, worth {value:+.1f}."


class DoctrineBot(GreedyBot):
    """The greedy bot held to a doctrine (``players.doctrine``; docs/bots.md, "Doctrines").

    It chooses as ``GreedyBot`` does, from the legal orders the doctrine
    allows, with each order's value raised by the doctrine's preferences (its
    categories, and a region it prefers to act in). With ``events = "never"``
    an order that would answer an active event (rule 5.6) is left out; with
    ``"every"`` (``"disinformation"``) the best-valued affordable order that
    answers each active (disinformation) event is taken first, one per event,
    while the order limit and the budget allow.
    """

    def __init__(self, doctrine: Doctrine, spec: str) -> None:
        self.doctrine = doctrine
        self.name = f"doctrine:{spec}"
        self.label = doctrine.name

    def options(self, evaluator: Evaluator, game: Game, faction: str) -> list[Candidate]:
        doctrine = self.doctrine
        found = [c for c in evaluator.candidates(game, faction) if doctrine.allows(c.move)]
        if doctrine.events == "never" and game.state.events:
            found = [c for c in found if not answered_events(game, faction, c)]
        return found

    def bonus(self, pos: Position, faction: str, candidates: list[Candidate]) -> list[float]:
        doctrine = self.doctrine
        if not doctrine.prefer and not doctrine.prefer_moves and not doctrine.target_weight:
            return []
        preferred = preferred_regions(pos, faction, doctrine.targets)
        weight = doctrine.target_weight
        return [float(doctrine.preference(c.move) + (weight if c.move.target is TargetKind.REGION and c.target in preferred else 0)) for c in candidates]

    def opening(self, game: Game, faction: str, candidates: list[Candidate], values: list[float], budget: int) -> list[int]:
        mode = self.doctrine.events
        if mode not in ("every", "disinformation") or not game.state.events:
            return []
        limit = game.scenario.orders_per_turn
        answers = [answered_events(game, faction, c) for c in candidates]
        opening: list[int] = []
        covered: set[int] = set()
        for uid, card in ((e.uid, game.scenario.card(e.card)) for e in game.state.events):
            if uid in covered or (mode == "disinformation" and card.category != "disinformation") or len(opening) == limit:
                continue
            best = -1
            for index, events in enumerate(answers):
                if uid in events and index not in opening and candidates[index].cost <= budget and (best < 0 or values[index] > values[best]):
                    best = index
            if best >= 0:
                opening.append(best)
                budget -= candidates[best].cost
                covered.update(answers[best])
        return opening


def answered_events(game: Game, faction: str, candidate: Candidate) -> set[int]:
    """The uids of the active events ``candidate`` would answer (rule 5.6): cards that list
    its move in ``countered_by``, on its target region (on the faction, for a move off the board)."""
    move = candidate.move
    scope = candidate.target if move.target is TargetKind.REGION else faction
    scenario = game.scenario
    return {e.uid for e in game.state.events if e.target == scope and move.id in scenario.card(e.card).countered_by}


def preferred_regions(pos: Position, faction: str, targets: str) -> set[str]:
    """The regions a doctrine's ``targets`` prefers: where ``faction`` leads (more influence
    than any other faction), where the lead is open (the two highest influences differ by 1 or
    less, and someone has influence), or none for ``any``."""
    if targets == "any":
        return set()
    found = set()
    for rid, influence in pos.influence.items():
        mine = influence[faction]
        others = max((v for f, v in influence.items() if f != faction), default=0)
        if targets == "leading":
            if mine > others:
                found.add(rid)
        else:
            top = sorted(influence.values(), reverse=True)
            if top[0] > 0 and (len(top) == 1 or top[0] - top[1] <= 1):
                found.add(rid)
    return found


class LookaheadBot:
    """Greedy candidates judged by rollouts: a fixed number of simulated futures.

    The bot takes the greedy submission and the best alternatives opening with
    each next-best option (``candidates`` in all). For each, it plays
    ``rollouts`` forks of the game to the end of turn ``depth - 1`` after this
    one: this turn with the rivals' greedy orders, later turns with greedy on
    every seat. Each fork is reseeded from the bot's stream, so its dice and
    undrawn cards are a fresh guess rather than the real ones; every candidate
    meets the same guesses. The candidate with the best mean evaluation of the
    final positions wins (the greedy one on a tie). The work is fixed by the
    three numbers, never by the clock.
    """

    name = "lookahead"
    WIN = 10.0
    """Evaluation bonus for winning a rollout's game (shared among tied winners)."""

    def __init__(self, candidates: int = 4, rollouts: int = 6, depth: int = 2) -> None:
        if candidates < 1 or rollouts < 1 or depth < 1:
            raise ValueError("candidates, rollouts and depth are 1 or more")
        self.candidates = candidates
        self.rollouts = rollouts
        self.depth = depth
        self._greedy = GreedyBot()

    def choose(self, game: Game, faction: str) -> list[Order]:
        greedy = self._greedy
        game = in_sight(game, faction)
        plans = greedy.plans(game, faction, self.candidates)
        if len(plans) == 1:
            return plans[0]
        replies = {rival: greedy.choose(game, rival) for rival in game.factions if rival != faction}
        stream = Stream(game.seed, f"bot:{self.name}:{faction}:{game.turn}")
        seeds = [stream.next64() >> 1 for _ in range(self.rollouts)]
        best, best_index = 0.0, -1
        for index, plan in enumerate(plans):
            total = 0.0
            for seed in seeds:
                total += self._rollout(game, faction, plan, replies, seed)
            mean = total / len(seeds)
            if best_index < 0 or mean > best:
                best, best_index = mean, index
        why = f"Lookahead: best of {len(plans)} plans over {self.rollouts} simulated futures (mean {best:+.1f})."
        return [valueclass.evolve(order, why=why) for order in plans[best_index]]

    def _rollout(self, game: Game, faction: str, orders: list[Order], replies: dict[str, list[Order]], seed: int) -> float:
        fork = game.fork(seed, lean=True)  # judged, never recorded: no digests, history or checkpoints
        fork.submit(faction, orders)
        for rival, reply in replies.items():
            fork.submit(rival, reply)
        fork.resolve()
        for _ in range(self.depth - 1):
            if fork.is_over:
                break
            for seat in fork.factions:
                fork.submit(seat, self._greedy.choose(fork, seat))
            fork.resolve()
        return self.judge(fork, faction)

    def accepts(self, game: Game, faction: str, agreement: str) -> bool:
        """Greedy's answer to a proposal of ``agreement`` (rule 14)."""
        return self._greedy.accepts(game, faction, agreement)

    def judge(self, game: Game, faction: str) -> float:
        """The evaluation of a rollout's last position, with the win bonus once it is over."""
        evaluator = self._greedy.evaluator(game.scenario)
        remaining = 0 if game.is_over else game.scenario.turns - game.turn + 1
        value = evaluator.evaluate(evaluator.position(game.state, remaining), faction)
        outcome = game.outcome
        if outcome is not None and faction in outcome.winners:
            value += self.WIN / len(outcome.winners)
        return value


def answers(strategy: Strategy, game: Game, faction: str) -> list[Pact]:
    """``faction``'s answers, as ``strategy`` plays it, to every proposal made to it this turn and not yet answered
    (rule 14.2): a strategy with an ``accepts`` judgement (greedy, doctrine and lookahead bots) accepts or declines
    by it, any other declines. Bots never propose or renounce an agreement."""
    if game.is_over:
        return []
    judge = getattr(strategy, "accepts", None)
    steps = []
    for agreement in game.view().agreements:
        if agreement.partner == faction and agreement.status == "proposed":
            accept = judge is not None and judge(game, faction, agreement.agreement)
            steps.append(Pact(faction, "accept" if accept else "decline", agreement.agreement, agreement.proposer))
    return steps


def agreement_value(game: Game, faction: str, agreement: str, evaluator: Evaluator) -> float:
    """What accepting ``agreement`` as its partner is worth to ``faction`` on the greedy evaluation: the position
    after its ``partner`` effects in every upkeep it would act in before the game ends (budget and tracks within their
    bounds), less the position now."""
    scenario = game.scenario
    kind = next(a for a in scenario.agreements if a.id == agreement)
    remaining = remaining_after(game)
    after = game.state.copy()
    record = after.factions[faction]
    bounds = {t.id: (t.min, t.max) for t in scenario.tracks}
    for _ in range(min(kind.turns, remaining + 1)):
        record.budget = min(max(record.budget + kind.partner.budget, 0), scenario.budget_cap)
        for track, amount in kind.partner.tracks:
            low, high = bounds[track]
            record.tracks[track] = min(max(record.tracks[track] + amount, low), high)
    now = evaluator.evaluate(evaluator.position(game.state, remaining), faction)
    return evaluator.evaluate(evaluator.position(after, remaining), faction) - now


def _cost_floor(game: Game) -> int:
    """No order can cost less than this now: the cheapest move less every active discount."""
    scenario = game.scenario
    discount = sum(min(scenario.modifier(e.card).cost, 0) for e in game.state.events)
    return max(scenario.cheapest_move + discount, 0)


STRATEGIES: dict[str, Callable[[], Strategy]] = {"random": RandomBot, "greedy": GreedyBot, "lookahead": LookaheadBot}
"""Strategy names accepted by ``--bots`` and ``--seat``."""
DOCTRINE = "doctrine:"
"""The prefix of a doctrine bot's strategy name: ``doctrine:NAME_OR_FILE``."""


def make_strategy(name: str) -> Strategy:
    """A new strategy by name, or ``doctrine:NAME_OR_FILE`` for a doctrine bot.

    ``KeyError`` names the known strategies; a doctrine that cannot be found or
    read raises ``players.doctrine.DoctrineError``.
    """
    if name.startswith(DOCTRINE):
        spec = name[len(DOCTRINE) :]
        return DoctrineBot(find_doctrine(spec), spec)
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise KeyError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}, or doctrine:NAME_OR_FILE") from None
