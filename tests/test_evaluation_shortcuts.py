"""The greedy valuation's shortcuts give what the long way gives: the effects an order sets off
(rules 13.3-13.4) equal those judged on a real copy of the state, and an order the evaluator
takes to leave the aims alone (rule 13.5) does leave them alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Game
from engine.catalog import bundled_ids, load_bundled
from engine.model import Effects, MoveDef, Scenario, TargetKind
from engine.scenario_loader import load_scenario_file
from engine.state import GameState
from players.bots import RandomBot
from players.evaluation import Evaluator

PARTNERS = Path(__file__).parent.parent / "bench" / "scenarios" / "indo_pacific_partners.toml"


def scenarios() -> list[Scenario]:
    return [load_bundled(sid) for sid in bundled_ids()] + [load_scenario_file(PARTNERS)]


def games(scenario: Scenario, seeds: range = range(3), turns: int = 8):
    """The positions of random play, turn by turn."""
    for seed in seeds:
        game = Game(scenario, seed)
        for _ in range(turns):
            if game.is_over:
                break
            yield game
            for faction in game.factions:
                game.submit(faction, RandomBot().choose(game, faction))
            game.resolve()


def set_off_the_long_way(evaluator: Evaluator, state: GameState, faction: str, move: MoveDef, target: str) -> list[Effects]:
    """Rules 13.3-13.4 read directly: conditional effects that hold, the order reactions answering the move, and the
    threshold reactions (not region-wide, not reacting already) whose condition holds on a copy of the state with the
    faction's attitudes in the target moved by the move and those reactions."""
    rules, judge = evaluator.rules, evaluator.judge
    extras = [c.effects for c in move.conditional if c.on != "failure" and judge.holds(c.when, state, faction, target)]
    if move.target is not TargetKind.REGION:
        return extras
    answering = [r for r in rules.order_reactions if r.answers(move) and r.on != "failure"]
    extras += [r.effects for r in answering]
    shifts: dict[str, int] = {}
    for attitude, amount in (*move.effects.attitudes, *(pair for r in answering for pair in r.effects.attitudes)):
        shifts[attitude] = shifts.get(attitude, 0) + amount
    if shifts:
        probe = state.copy()
        attitudes = probe.regions[target].attitudes[faction]
        for attitude in attitudes:
            attitudes[attitude] += shifts.get(attitude, 0)
        for reaction in rules.threshold_reactions:
            assert reaction.when is not None
            key = f"{reaction.id}/{target}/{faction}"
            if not reaction.region_wide and key not in state.reacting and judge.holds(reaction.when, probe, faction, target):
                extras.append(reaction.effects)
    return extras


def test_the_effects_an_order_sets_off_are_those_the_rules_judge():
    fired = 0
    for scenario in scenarios():
        evaluator = Evaluator(scenario)
        for game in games(scenario):
            pos = evaluator.position(game.state, game.scenario.turns - game.turn)
            for faction in game.factions:
                for candidate in evaluator.candidates(game, faction):
                    expected = set_off_the_long_way(evaluator, game.state, faction, candidate.move, candidate.target)
                    found = evaluator._set_off(pos, faction, candidate.move, candidate.target)
                    assert [id(e) for e in found] == [id(e) for e in expected], (scenario.id, game.turn, faction, candidate.move.id, candidate.target)
                    fired += any(e is r.effects for e in found for r in evaluator.rules.threshold_reactions)
    assert fired, "no threshold reaction was ever set off: the test checks nothing of them"


@pytest.mark.parametrize("scenario", [s for s in scenarios() if any(f.aim for f in s.factions)], ids=lambda s: s.id)
def test_an_order_said_to_leave_the_aims_alone_leaves_them_alone(scenario):
    evaluator = Evaluator(scenario)
    blind = seen = 0
    for game in games(scenario):
        pos = evaluator.position(game.state, game.scenario.turns - game.turn)
        for faction in game.factions:
            for move, target, cost, modifiers in evaluator.candidates(game, faction):
                seen += 1
                if evaluator._aims_blind(faction, move, target):
                    blind += 1
                    hit = evaluator.outcome(pos, faction, move, target, (move.effects, move.side_effects), modifiers, cost, ())
                    after = evaluator._state_after(pos, faction, hit)
                    for member in evaluator.aims:
                        assert evaluator._aims(after, pos.remaining, member) == evaluator.aim_value(pos, member), (faction, move.id, target)
    assert 0 < blind < seen
