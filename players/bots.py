"""Bot strategies: deterministic players seeded from the game's bot streams.

``random`` plays uniformly random legal orders; ``greedy`` the orders with
the best expected one-turn evaluation (``players.evaluation``); ``lookahead``
the best of greedy's plans over a fixed number of simulated futures.
docs/bots.md explains how each thinks.

A strategy only ever chooses among the legal orders, and keeps the submission
within the order limit and the budget, so a bot never submits an illegal
order. Each bot draws from its own stream, keyed by seed, strategy, faction and
turn, so a bot's choices never depend on what other seats did with their
randomness, and never on the clock or on how many games it played before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from engine.game import Game
from engine.inputs import Order
from engine.model import Scenario, TargetKind
from engine.rng import Stream
from players.evaluation import Candidate, Evaluator, Position, evaluator_for, remaining_after


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
        stream = Stream(game.seed, f"bot:{faction}:{game.turn}")
        budget = game.state.factions[faction].budget
        pairs = list(game.order_space(faction))
        limit = game.scenario.orders_per_turn
        cheapest = _cost_floor(game)
        chosen: list[Order] = []
        for index in range(len(pairs)):
            if len(chosen) == limit or budget < cheapest:
                break
            pick = index + stream.below(len(pairs) - index)
            pairs[index], pairs[pick] = pairs[pick], pairs[index]
            option = game.option(faction, *pairs[index])
            if option.legal and option.cost <= budget:
                chosen.append(option.order())
                budget -= option.cost
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

    @staticmethod
    def evaluator(scenario: Scenario) -> Evaluator:
        """The (shared) evaluator of ``scenario``."""
        return evaluator_for(scenario)

    def choose(self, game: Game, faction: str) -> list[Order]:
        return self.plans(game, faction, 1)[0]

    def plans(self, game: Game, faction: str, count: int) -> list[list[Order]]:
        """Up to ``count`` different submissions: the greedy one first, then one
        opening with each next-best order in turn."""
        evaluator = self.evaluator(game.scenario)
        pos = evaluator.position_of(game, remaining_after(game))
        candidates = evaluator.candidates(game, faction)
        if candidates:
            # Ties go to the first in catalogue order from a point drawn from the bot's stream.
            start = Stream(game.seed, f"bot:{self.name}:{faction}:{game.turn}").below(len(candidates))
            candidates = candidates[start:] + candidates[:start]
        values = [evaluator.value(pos, faction, candidate) for candidate in candidates]
        budget = game.state.factions[faction].budget
        plans = [self._fill(evaluator, pos, faction, candidates, values, budget, None)]
        if count > 1:
            openers = {plan[0][0] for plan in plans if plan}
            for index in sorted(range(len(candidates)), key=values.__getitem__, reverse=True):
                if len(plans) >= count or values[index] <= 0:
                    break
                if index not in openers:
                    openers.add(index)
                    plans.append(self._fill(evaluator, pos, faction, candidates, values, budget, index))
        return [[candidates[index].order(why) for index, why in plan] for plan in plans]

    def _fill(
        self, evaluator: Evaluator, pos: Position, faction: str, candidates: list[Candidate], values: list[float], budget: int, first: int | None
    ) -> list[tuple[int, str]]:
        """Pick orders greedily, opening with candidate ``first`` if given.

        After each pick, the candidates it may have changed (on the regions it
        touches, and every order off the board) are marked stale; a stale one
        is valued again, on the position after the likelier outcomes of the
        orders picked so far, only when it comes out on top ("lazy greedy").
        """
        limit = evaluator.scenario.orders_per_turn
        values = list(values)
        count = len(candidates)
        costs = [c.cost for c in candidates]
        on_board = [c.move.target is TargetKind.REGION for c in candidates]
        targets = [c.target for c in candidates]
        taken = [False] * count
        stale = [False] * count
        chosen: list[tuple[int, str]] = []
        current, dirty = pos, False
        while len(chosen) < limit:
            pick, first = first, None
            while pick is None:
                best = 0.0
                for index in range(count):
                    value = values[index]
                    if value > best and costs[index] <= budget and not taken[index]:
                        best, pick = value, index
                if pick is None or not stale[pick]:
                    break
                if dirty:
                    current, dirty = evaluator.after_orders(pos, faction, [candidates[i] for i, _ in chosen]), False
                values[pick] = evaluator.value(current, faction, candidates[pick])
                stale[pick], pick = False, None
            if pick is None:
                break
            candidate = candidates[pick]
            taken[pick], dirty = True, True
            budget -= candidate.cost
            chosen.append((pick, _why(evaluator, pos, faction, candidate, values[pick])))
            if len(chosen) < limit:
                touched = evaluator.reach(candidate.move, candidate.target)
                for index in range(count):
                    if not on_board[index] or targets[index] in touched:
                        stale[index] = True
        return chosen


def _why(evaluator: Evaluator, pos: Position, faction: str, candidate: Candidate, value: float) -> str:
    """A one-line justification: the chance of success and the expected worth."""
    move = candidate.move
    if not move.difficulty:
        return f"Greedy: a sure gain worth {value:+.1f}."
    chance = evaluator.chance(pos.state, faction, move, candidate.target, candidate.modifiers)
    return f"Greedy: {round(chance * 6)} in 6 to succeed, worth {value:+.1f}."


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
        return [attrs.evolve(order, why=why) for order in plans[best_index]]

    def _rollout(self, game: Game, faction: str, orders: list[Order], replies: dict[str, list[Order]], seed: int) -> float:
        fork = game.fork(seed)
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

    def judge(self, game: Game, faction: str) -> float:
        """The evaluation of a rollout's last position, with the win bonus once it is over."""
        evaluator = self._greedy.evaluator(game.scenario)
        remaining = 0 if game.is_over else game.scenario.turns - game.turn + 1
        value = evaluator.evaluate(evaluator.position(game.state, remaining), faction)
        outcome = game.outcome
        if outcome is not None and faction in outcome.winners:
            value += self.WIN / len(outcome.winners)
        return value


def _cost_floor(game: Game) -> int:
    """No order can cost less than this now: the cheapest move less every active discount."""
    scenario = game.scenario
    discount = sum(min(scenario.modifier(e.card).cost, 0) for e in game.state.events)
    return max(scenario.cheapest_move + discount, 0)


STRATEGIES: dict[str, Callable[[], Strategy]] = {"random": RandomBot, "greedy": GreedyBot, "lookahead": LookaheadBot}
"""Strategy names accepted by ``--bots`` and ``--seat``."""


def make_strategy(name: str) -> Strategy:
    """A new strategy by name; ``KeyError`` names the known ones."""
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise KeyError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}") from None
