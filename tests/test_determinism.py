"""Determinism: golden digests, a golden playthrough, and property tests."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Game
from engine.model import STABILITY_MAX, STABILITY_MIN
from engine.record import parse_record, record_lines, replay
from engine.rng import Stream, keyed_roll
from players.autoplay import autoplay
from players.bots import RandomBot

GOLDEN = Path(__file__).parent / "golden"


def _golden_tool():
    spec = importlib.util.spec_from_file_location("golden", Path(__file__).parent.parent / "tools" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(seed: int, *parts: object) -> int:
    """A random key as ``engine.rng`` defines it: the first 8 bytes of BLAKE2b of the parts joined by unit separators."""
    text = "\x1f".join([str(seed), *map(str, parts)])
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def test_streams_and_rolls_are_keyed_as_defined():
    """The hashed prefix of a seed, reused across keys, gives each key as hashing it whole does."""
    for seed in (0, 7, 2**63 - 1):
        for name in ("deck", "bot:blue:3", "belief:ré✓"):
            assert Stream(seed, name).getstate() == _key(seed, "stream", name)
        for turn, faction, index in ((1, "blue", 1), (12, "ré", 103)):
            assert keyed_roll(seed, turn, faction, index) == _key(seed, "roll", turn, faction, index) % 6 + 1


def test_golden_digests_match():
    """tools/golden.py --write regenerates the file after a deliberate rule change."""
    expected = json.loads((GOLDEN / "digests.json").read_text(encoding="utf-8"))
    assert _golden_tool().compute() == expected


def test_golden_records_verify():
    """Records written by an earlier run replay and verify byte for byte (make test-versions: on every Python)."""
    tool = _golden_tool()
    assert sorted(p.name for p in tool.RECORDS.glob("*.jsonl")) == [
        "indo_pacific-facilitated.jsonl",
        "indo_pacific-seed42.jsonl",
        "mini-seed7.jsonl",
        "pacts-umpired.jsonl",
    ]
    assert tool.unverified_records() == []


def test_golden_playthrough_log():
    """The whole log of one game, rendered, compared line for line."""
    expected = (GOLDEN / "mini_seed7.log").read_text(encoding="utf-8").splitlines()
    assert _golden_tool().playthrough().splitlines() == expected


def test_streams_are_fixed_sequences():
    """SplitMix64 through BLAKE2b: these numbers never change on any Python."""
    stream = Stream(42, "deck")
    assert [stream.below(100) for _ in range(8)] == [17, 17, 16, 68, 73, 34, 67, 31]
    assert [keyed_roll(42, 1, "blue", i) for i in range(1, 7)] == [3, 5, 6, 3, 5, 3]


def test_adding_an_order_does_not_change_the_cards_drawn(mini):
    def cards(extra):
        game = Game(mini, 5)
        for _ in range(3):
            game.submit("blue", [game.legal_options("blue")[0].order()] if extra else [])
            game.resolve()
        return [(e.turn, e.card, e.targets) for e in game.log if type(e).__name__ == "CardPlayed"]

    with_order, without = cards(True), cards(False)
    assert [c[1] for c in with_order] == [c[1] for c in without]


def invariants_hold(game):
    s = game.scenario
    for faction in game.state.factions.values():
        assert 0 <= faction.budget <= s.budget_cap
        assert faction.income >= 0
        for track in s.tracks:
            assert track.min <= faction.tracks[track.id] <= track.max
    for region in game.state.regions.values():
        assert STABILITY_MIN <= region.stability <= STABILITY_MAX
        assert all(0 <= v <= s.max_influence for v in region.influence.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**63 - 1), data=st.data())
def test_random_play_keeps_every_invariant_and_replays(mini, seed, data):
    game = Game(mini, seed)
    while not game.is_over:
        for faction in game.factions:
            options = game.legal_options(faction)
            budget = game.state.factions[faction].budget
            chosen = []
            for _ in range(data.draw(st.integers(0, mini.orders_per_turn), label="orders")):
                fitting = [o for o in options if o.cost <= budget and o.order() not in chosen]
                if not fitting:
                    break
                option = data.draw(st.sampled_from(fitting))
                chosen.append(option.order())
                budget -= option.cost
            game.submit(faction, chosen)
        if data.draw(st.booleans(), label="inject"):
            game.inject(data.draw(st.sampled_from([c.id for c in mini.cards])))
        game.resolve()
        invariants_hold(game)
    result = replay(parse_record("\n".join(record_lines(game, {}, "t")) + "\n"))
    assert result.verified, result.mismatch
    assert result.game.digest() == game.digest()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**63 - 1))
def test_same_seed_same_digests(mini, seed):
    def digests():
        game = autoplay(Game(mini, seed), {f: RandomBot() for f in ("blue", "red", "green")})
        return game.digests

    assert digests() == digests()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**63 - 1))
def test_the_log_explains_every_number_that_moved(mini, seed):
    """Applying each turn's Change entries to the position before it gives the position after it."""
    game = Game(mini, seed)
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, RandomBot().choose(game, faction))
        before = game.state.copy()
        entries = game.resolve()
        for change in (e for e in entries if type(e).__name__ == "Change"):
            if change.track == "influence":
                before.regions[change.region].influence[change.faction] = change.value
            elif change.track == "stability":
                before.regions[change.region].stability = change.value
            elif change.track in ("budget", "income"):
                setattr(before.factions[change.faction], change.track, change.value)
            else:
                before.factions[change.faction].tracks[change.track] = change.value
        for fid, faction in game.state.factions.items():
            assert (before.factions[fid].budget, before.factions[fid].income, before.factions[fid].tracks) == (faction.budget, faction.income, faction.tracks)
        assert {r: (s.stability, s.influence) for r, s in before.regions.items()} == {r: (s.stability, s.influence) for r, s in game.state.regions.items()}
