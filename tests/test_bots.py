"""Bots: legal, deterministic, and in the right order of strength; the evaluation they play by."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Game, Order
from engine.catalog import bundled_ids, load_bundled
from engine.errors import OrderError
from engine.rules import DIE_SIDES, Rules, influence_gain, success_chance
from lab.balance import duel, duel_games, run_games
from players.autoplay import autoplay
from players.bots import STRATEGIES, GreedyBot, LookaheadBot, RandomBot, make_strategy
from players.evaluation import Evaluator, Outcome, remaining_after

BUNDLED = bundled_ids()
GOLDEN_BOT_GAME = "a441e3db92106c5e85fb2078662c33332d2e9bc909bf2485e55c0b151884b0b9"


class Checked:
    """A strategy wrapper that checks every submission before it is made."""

    def __init__(self, bot):
        self.bot = bot
        self.name = bot.name
        self.decisions = 0

    def choose(self, game, faction):
        before = (game.digest(), len(game.log), sum(len(v) for v in game.inputs.values()), len(game.history))
        orders = self.bot.choose(game, faction)
        after = (game.digest(), len(game.log), sum(len(v) for v in game.inputs.values()), len(game.history))
        assert before == after, "a bot changed the game while choosing"
        game.check(faction, orders)  # raises OrderError on an illegal submission
        assert len(orders) <= game.scenario.orders_per_turn
        assert all(isinstance(o, Order) for o in orders)
        self.decisions += 1
        return orders


def quick_lookahead():
    return LookaheadBot(candidates=2, rollouts=2, depth=2)


def play(scenario, seed, bots):
    game = Game(scenario, seed)
    wrapped = {f: Checked(bot) for f, bot in bots.items()}
    autoplay(game, wrapped)
    return game, wrapped


# -- legality ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**63 - 1), seats=st.lists(st.sampled_from(["random", "greedy"]), min_size=3, max_size=3))
def test_greedy_and_random_never_submit_an_illegal_order_on_mini(mini, seed, seats):
    game, wrapped = play(mini, seed, {f.id: make_strategy(s) for f, s in zip(mini.factions, seats)})
    assert game.is_over
    assert sum(w.decisions for w in wrapped.values()) >= 3


@pytest.mark.parametrize("scenario_id", BUNDLED)
@pytest.mark.parametrize("seed", [0, 1, 2, 2**62 + 3])
def test_greedy_never_submits_an_illegal_order_in_the_bundled_scenarios(scenario_id, seed):
    scenario = load_bundled(scenario_id)
    game, _ = play(scenario, seed, {f.id: GreedyBot() for f in scenario.factions})
    assert game.is_over


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_lookahead_never_submits_an_illegal_order(scenario_id):
    scenario = load_bundled(scenario_id)
    bots = {f.id: (quick_lookahead() if i == 0 else GreedyBot()) for i, f in enumerate(scenario.factions)}
    game, wrapped = play(scenario, 5, bots)
    assert game.is_over and wrapped[scenario.factions[0].id].decisions == game.turn


def test_bots_pass_when_nothing_is_affordable(mini):
    game = Game(mini, 3)
    game.state.factions["blue"].budget = 0
    for name in STRATEGIES:
        bot = quick_lookahead() if name == "lookahead" else make_strategy(name)
        assert bot.choose(game, "blue") == []


def test_bots_play_when_a_human_has_already_submitted(mini):
    """A human's hidden orders are in the game before the bots choose: the lookahead's
    forks replace them with their own guess rather than reading them."""
    game = Game(mini, 11)
    secret = [game.legal_options("blue")[0].order()]
    game.submit("blue", secret)
    bot = LookaheadBot(candidates=3, rollouts=2)
    first = bot.choose(game, "red")
    other = Game(mini, 11)
    other.submit("blue", [game.legal_options("blue")[1].order()])
    assert bot.choose(other, "red") == first
    assert game.submitted("blue") == tuple(secret)


def test_candidates_are_exactly_the_legal_options():
    rng = random.Random(5)
    for scenario_id in BUNDLED:
        scenario = load_bundled(scenario_id)
        evaluator = Evaluator(scenario)
        game = Game(scenario, 17)
        while not game.is_over:
            for faction in game.factions:
                legal = [(o.move.id, o.target, o.cost) for o in game.legal_options(faction)]
                mine = [(c.move.id, c.target, c.cost) for c in evaluator.candidates(game, faction)]
                assert mine == legal
                if legal and rng.random() < 0.7:
                    game.submit(faction, [game.legal_options(faction)[rng.randrange(len(legal))].order()])
            game.resolve()
        assert evaluator.candidates(game, game.factions[0]) == []


# -- determinism ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["greedy", "lookahead"])
def test_same_seed_same_orders(mini, name):
    def orders():
        bots = {f.id: (quick_lookahead() if name == "lookahead" else GreedyBot()) for f in mini.factions}
        game = autoplay(Game(mini, 99), bots)
        return [(t, i) for t, items in sorted(game.inputs.items()) for i in items], game.digests

    assert orders() == orders()


def test_a_bots_orders_do_not_depend_on_its_history(mini):
    """A fresh bot and one that has played other games choose the same orders."""
    game = Game(mini, 4)
    seasoned = GreedyBot()
    autoplay(Game(load_bundled(BUNDLED[0]), 1), {f.id: seasoned for f in load_bundled(BUNDLED[0]).factions})
    assert seasoned.choose(game, "red") == GreedyBot().choose(game, "red")
    look = quick_lookahead()
    look.choose(Game(mini, 8), "blue")
    assert look.choose(game, "blue") == quick_lookahead().choose(game, "blue")


def test_random_bot_keeps_its_stream_name(mini):
    """The golden files depend on the random bot's stream; it must never move."""
    game = Game(mini, 7)
    assert [o.move for o in RandomBot().choose(game, "blue")] == [o.move for o in RandomBot().choose(game, "blue")]


def test_orders_carry_a_justification(mini):
    game = Game(mini, 2)
    greedy = GreedyBot().choose(game, "blue")
    assert greedy and all(o.why.startswith("Greedy: ") for o in greedy)
    look = quick_lookahead().choose(game, "blue")
    assert look and all(o.why.startswith(("Lookahead: ", "Greedy: ")) for o in look)


def test_the_strategies_are_listed_for_the_command_line_and_the_ui():
    assert list(STRATEGIES) == ["random", "greedy", "lookahead"]
    with pytest.raises(KeyError, match="unknown strategy 'clever'; known: random, greedy, lookahead"):
        make_strategy("clever")
    with pytest.raises(ValueError):
        LookaheadBot(rollouts=0)


# -- strength (small samples, seats rotated; make bench measures 1,000 games) ----------------------


def test_greedy_beats_random_in_most_of_30_games(mini):
    """Sample: 30 games of the mini scenario, greedy in one seat (rotating), random in the others."""
    result = duel(run_games(mini, duel_games(3, "greedy", "random", 0, 30)), "greedy")
    assert result["ahead"] > 75
    assert result["win_rate"] > 50


def test_greedy_beats_random_in_a_bundled_scenario():
    """Sample: 12 games of the first bundled scenario, seats rotated."""
    scenario = load_bundled(BUNDLED[0])
    n = len(scenario.factions)
    result = duel(run_games(scenario, duel_games(n, "greedy", "random", 0, 12)), "greedy")
    assert result["ahead"] > 80


# -- the rules' pieces the bots read ---------------------------------------------------------------


def test_success_chance_counts_the_faces_of_the_die():
    for difficulty in range(9):
        for bonus in range(-4, 5):
            faces = sum(1 for die in range(1, DIE_SIDES + 1) if die + bonus >= difficulty)
            expected = Fraction(1) if difficulty == 0 else Fraction(faces, DIE_SIDES)
            assert success_chance(difficulty, bonus) == expected, (difficulty, bonus)


def test_influence_gain_divides_then_cuts():
    class Divider:
        def __init__(self, d):
            self.gain_divisor = d

    halved = [(None, Divider(2))]
    assert influence_gain(3, []) == 3
    assert influence_gain(3, halved) == 1
    assert influence_gain(2, halved + halved) == 0
    assert influence_gain(3, [], contested=True) == 2
    assert influence_gain(1, [], contested=True) == 1
    assert influence_gain(-2, halved, contested=True) == -2


def test_logged_rolls_agree_with_roll_modifiers_and_chance():
    """Every logged roll's modifiers are what ``Rules.roll_modifiers`` gives."""
    scenario = load_bundled(BUNDLED[0])
    game = autoplay(Game(scenario, 3), {f.id: RandomBot() for f in scenario.factions})
    rolled = [e for e in game.log if type(e).__name__ == "Rolled"]
    assert rolled
    for entry in rolled:
        bonus = sum(amount for _, amount in entry.modifiers)
        assert entry.success == (entry.die + bonus >= entry.difficulty)
        assert 0 < success_chance(entry.difficulty, bonus) or not entry.success


def test_the_chance_the_evaluator_keeps_follows_a_change_of_receptivity():
    """The evaluator keeps chances across positions and games: a region's receptivity, which a format 2
    effect may change, is part of what it keeps them by, so a changed receptivity is never read stale."""
    game = Game(load_bundled("indo_pacific"), 1)
    evaluator = Evaluator(game.scenario)
    faction = game.factions[0]
    rules = Rules(game.scenario, 1)
    move = next(m for m in game.scenario.moves if m.difficulty and m.target.name == "REGION")
    region = next(iter(game.state.regions))
    before = evaluator.chance(game.state, faction, move, region, [])
    game.state.regions[region].receptivity[move.category] = game.state.regions[region].receptivity.get(move.category, 0) + 2
    after = evaluator.chance(game.state, faction, move, region, [])
    bonus = sum(amount for _, amount in rules.roll_modifiers(game.state, faction, move, region, []))
    assert after == float(success_chance(move.difficulty, bonus)) != before


# -- the evaluation ----------------------------------------------------------------------------------


def positions(scenario, seeds=range(4), turns=6):
    """States met in random play, for checking the evaluation against the rules."""
    for seed in seeds:
        game = Game(scenario, seed)
        yield game
        for _ in range(turns):
            if game.is_over:
                break
            for faction in game.factions:
                game.submit(faction, RandomBot().choose(game, faction))
            game.resolve()
            yield game


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_evaluator_scores_are_rule_8_scores(scenario_id):
    scenario = load_bundled(scenario_id)
    evaluator = Evaluator(scenario)
    for game in positions(scenario):
        state = game.state.copy()
        Rules(scenario, 0).score(state, [])
        assert evaluator.scores(game.state) == {f: state.factions[f].score for f in game.factions}


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_outcome_sketch_matches_the_rules(scenario_id):
    """The sketch of an outcome gives the numbers the rules give for the same
    effects (uncontested, no other order), for every legal order of a position."""
    scenario = load_bundled(scenario_id)
    evaluator = Evaluator(scenario)
    rules = Rules(scenario, 0)
    for game in positions(scenario, seeds=(1, 2), turns=4):
        if game.is_over:
            continue
        pos = evaluator.position(game.state, remaining_after(game))
        for faction in game.factions:
            for candidate in evaluator.candidates(game, faction):
                move, target, cost, modifiers = candidate
                opposition = [pair for _, m in modifiers for pair in m.opposition]
                for effects in (move.effects, move.failure):
                    sketch = evaluator.outcome(pos, faction, move, target, (effects, move.side_effects), modifiers, cost, opposition)
                    state = game.state.copy()
                    log = []
                    rules._set_budget(state, log, faction, -cost, None, move.id, (faction, 1))
                    rules._apply_move(state, log, faction, move, target, effects, (faction, 1), False, modifiers)
                    rules._apply_move(state, log, faction, move, target, move.side_effects, (faction, 1), False, modifiers)
                    for track, amount in opposition:
                        rules._set_track(state, log, faction, track, amount, None, "", (faction, 1))
                    record = state.factions[faction]
                    assert sketch.budget == record.budget and sketch.income == record.income
                    for track, value in sketch.tracks.items():
                        assert record.tracks[track] == value
                    for rid, influence in sketch.influence.items():
                        assert state.regions[rid].influence == influence
                    for rid, region in state.regions.items():
                        assert region.influence == sketch.influence.get(rid, game.state.regions[rid].influence)
                        assert region.stability == sketch.stability.get(rid, game.state.regions[rid].stability)
                    for track, value in sketch.target_tracks.items():
                        assert state.factions[target].tracks[track] == value


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_change_is_the_difference_of_evaluations(scenario_id):
    """``change`` (and its fast region path) equals evaluating the position after, less before, aims
    aside: an order's aims change is added by ``value`` on its own (a scenario whose faction has an aim,
    such as northern_alliance, tests this)."""
    scenario = load_bundled(scenario_id)
    evaluator = Evaluator(scenario)
    checked = 0
    for game in positions(scenario, seeds=(3, 4), turns=5):
        if game.is_over or game.state.pending:
            continue
        for remaining in (0, 1, 3):
            pos = evaluator.position(game.state, remaining)
            for faction in game.factions:
                for candidate in evaluator.candidates(game, faction):
                    out = evaluator.likely(pos, faction, candidate)
                    after = evaluator.after(pos, faction, out)
                    expected = evaluator.evaluate(after, faction) - evaluator.evaluate(pos, faction)
                    if evaluator.aims:
                        expected -= evaluator.aim_value(after, faction) - evaluator.aim_value(pos, faction)
                    assert evaluator.change(pos, faction, out) == pytest.approx(expected, abs=1e-9)
                    if candidate.move.target.value == "region" and not out.tracks and out.budget == pos.budget[faction]:
                        region = [
                            (influence_gain(e.influence, candidate.modifiers), e.rival_influence, e.stability)
                            for e in (candidate.move.effects, candidate.move.side_effects)
                        ]
                        if set(out.influence) <= {candidate.target}:
                            fast = evaluator._region_value(pos, faction, candidate.target, region)
                            sketch = Outcome(pos, faction, candidate.target)
                            evaluator._apply_region(pos, faction, candidate.target, region, sketch)
                            assert fast == pytest.approx(evaluator.change(pos, faction, sketch), abs=1e-9)
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_a_position_derived_after_an_order_is_the_position_worked_out_afresh(scenario_id):
    """``Evaluator.after`` brings only the changed regions and factions up to date; every number it derives
    (sums, controllers, bloc counts, scores, virtual scores) is the one ``position`` works out from scratch."""
    scenario = load_bundled(scenario_id)
    evaluator = Evaluator(scenario)
    checked = 0
    for game in positions(scenario, seeds=(5,), turns=6):
        pos = evaluator.position(game.state, remaining_after(game))
        for faction in game.factions:
            for candidate in evaluator.candidates(game, faction)[::3]:
                derived = evaluator.after(pos, faction, evaluator.likely(pos, faction, candidate))
                fresh = evaluator.position(derived.state, derived.remaining)
                for name in ("influence", "stability", "tracks", "budget", "income", "controllers", "totals", "held", "blocs", "scores", "virtual"):
                    assert getattr(derived, name) == getattr(fresh, name), name
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_values_kept_across_positions_and_games_are_the_values_worked_out_afresh(scenario_id):
    """An evaluator that has played games of the scenario (its values kept across positions) values every
    candidate of a later game exactly (bit for bit) as a new evaluator does: a kept value depends on nothing
    its key leaves out, so a game never depends on the games played before it in the process."""
    scenario = load_bundled(scenario_id)
    warm = Evaluator(scenario)
    bot = GreedyBot()
    bot.evaluator = lambda _: warm  # type: ignore[method-assign]
    for seed in (11, 12):
        autoplay(Game(scenario, seed), {f.id: bot for f in scenario.factions})
    assert warm._local, "the games kept some values"
    for game in positions(scenario, seeds=(13,), turns=5):
        for faction in game.factions:
            fresh = Evaluator(scenario)
            remaining = remaining_after(game)
            warm_pos, fresh_pos = warm.position(game.state, remaining), fresh.position(game.state, remaining)
            for candidate in warm.candidates(game, faction):
                assert warm.value(warm_pos, faction, candidate) == fresh.value(fresh_pos, faction, candidate)


def test_collapse_is_avoided():
    """At one point of domestic support above the collapse minimum, the greedy bot does not
    give an order that would certainly cost it the last point."""
    scenario = load_bundled(BUNDLED[0])
    evaluator = Evaluator(scenario)
    game = Game(scenario, 1)
    faction = game.factions[0]
    track, floor = evaluator.collapse
    game.state.factions[faction].tracks[track] = floor + 1
    pos = evaluator.position(game.state, remaining_after(game))
    bad = {
        pair for c in evaluator.candidates(game, faction) for pair in [c.move.id] if any(amount < 0 and t == track for t, amount in c.move.side_effects.tracks)
    }
    chosen = GreedyBot().choose(game, faction)
    assert not {o.move for o in chosen} & bad
    assert evaluator.evaluate(pos, faction) > evaluator.evaluate(evaluator.position(_at_floor(game, faction, track, floor), pos.remaining), faction)


def _at_floor(game, faction, track, floor):
    state = game.state.copy()
    state.factions[faction].tracks[track] = floor
    return state


# -- forks ------------------------------------------------------------------------------------------


def test_a_fork_plays_on_exactly_as_the_game_would(mini):
    game = Game(mini, 21)
    bots = {f.id: GreedyBot() for f in mini.factions}
    for _ in range(2):
        for f in game.factions:
            game.submit(f, bots[f].choose(game, f))
        game.resolve()
    game.submit("blue", bots["blue"].choose(game, "blue"))
    before = (game.digest(), len(game.log), {t: list(v) for t, v in game.inputs.items()}, dict(game.digests), list(game.history))
    fork = game.fork()
    assert fork.digest() == game.digest() and fork.submitted("blue") == game.submitted("blue")
    autoplay(fork, bots)
    assert (game.digest(), len(game.log), game.inputs, game.digests, game.history) == before
    autoplay(game, bots)
    assert fork.digests == game.digests and fork.log == game.log and fork.outcome == game.outcome


def test_a_reseeded_fork_draws_fresh_chance_and_leaves_the_game_alone(mini):
    game = Game(mini, 21)
    original = (game.digest(), list(game.state.draw_pile), game.state.deck_rng.getstate())
    forks = [game.fork(seed) for seed in (1, 2, 3)]
    assert (game.digest(), list(game.state.draw_pile), game.state.deck_rng.getstate()) == original
    assert sorted(forks[0].state.draw_pile) == sorted(game.state.draw_pile)
    assert len({tuple(f.state.draw_pile) for f in forks} | {tuple(game.state.draw_pile)}) > 1
    for fork in forks:
        autoplay(fork, {f.id: RandomBot() for f in mini.factions})
    assert game.digest() == original[0] and game.turn == 1
    assert game.fork(game.seed).digest() == game.digest()
    with pytest.raises(ValueError):
        game.fork(-1)


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_a_lean_fork_reaches_the_states_and_outcomes_of_a_full_fork(scenario_id):
    """What a lookahead rollout judges (the position, the log, the outcome) is the same on a lean fork as on a
    full one, turn by turn, for random and greedy play and for a reseeded fork; the lean one keeps no digests,
    history, journal or checkpoints, and playing it leaves the game alone."""
    scenario = load_bundled(scenario_id)
    for seed in range(12):
        game = Game(scenario, seed)
        bots = {f.id: (GreedyBot() if seed % 4 == 0 else RandomBot()) for f in scenario.factions}
        for _ in range(seed % 3):
            for f in game.factions:
                game.submit(f, bots[f].choose(game, f))
            game.resolve()
        game.submit(game.factions[0], bots[game.factions[0]].choose(game, game.factions[0]))
        before = (game.digest(), len(game.log), dict(game.digests), len(game.journal))
        reseed = None if seed % 2 else seed + 1000
        full, lean = game.fork(reseed), game.fork(reseed, lean=True)
        while not full.is_over:
            for f in full.factions:
                if full.submitted(f) is None:
                    orders = bots[f].choose(full, f)
                    assert bots[f].choose(lean, f) == orders
                    full.submit(f, orders)
                    lean.submit(f, orders)
            assert full.resolve() == lean.resolve()
            assert lean.state.canonical_json() == full.state.canonical_json() and lean.log == full.log and lean.outcome == full.outcome
        assert lean.is_over and full.digests and not lean.digests and not lean.history and not lean.journal
        full.undo("a full fork keeps its checkpoints")
        with pytest.raises(OrderError):
            lean.undo("a lean fork keeps none")
        assert (game.digest(), len(game.log), dict(game.digests), len(game.journal)) == before


def _inputs_digest(game):
    import hashlib
    import json

    rows = [[turn, item.faction, [[o.move, o.target, o.why] for o in item.orders]] for turn, items in sorted(game.inputs.items()) for item in items]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def test_golden_bot_game(mini):
    """The orders of one greedy-and-lookahead game of the mini scenario, pinned: the same on
    every Python (checked on 3.10 to 3.13). A deliberate change to a bot updates this digest."""
    bots = {"blue": LookaheadBot(), "red": GreedyBot(), "green": GreedyBot()}
    game = autoplay(Game(mini, 7), bots)
    assert _inputs_digest(game) == GOLDEN_BOT_GAME
