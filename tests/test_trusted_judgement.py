"""Each order's legality is judged once on the trusted path (issue 19): judged when it is taken, carried to
its resolution, and judged again there only when something its judgement read has changed (engine.standing).

An oracle written apart from engine.standing lists what each judgement reads (rule 4.3 and 3.5: the active events on
the acting faction and the target region, and the numbers the move's requirements read) and compares it
at the start of the resolution with the moment the order resolves: a judgement is a function of those reads."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from engine import Game, Order, load_scenario_file
from engine.catalog import bundled_scenarios
from engine.log import OrderFizzled, OrderResolved
from engine.model import STABILITY_MAX, STABILITY_MIN, MoveDef, TargetKind
from engine.reasons import Wording
from engine.record import parse_record, record_lines, replay
from engine.rules import Rules
from engine.state import GameState
from players.autoplay import autoplay
from players.bots import RandomBot

ROOT = Path(__file__).resolve().parent.parent
CLASS4 = ROOT / "tests" / "scenarios" / "class4.toml"
FORMAT_2 = ROOT / "bench" / "scenarios" / "indo_pacific_partners.toml"


def read_by_judgement(state: GameState, faction: str, move: MoveDef, target: str) -> tuple[object, ...]:
    """What judging ``faction``'s order of ``move`` on ``target`` reads (rules 3.5, 4.3-4.5), as values."""
    region = target if move.target is TargetKind.REGION else None
    events = tuple((e.uid, e.card, e.target) for e in state.events if e.target in (faction, region))
    needs = move.requires
    tracks = tuple(state.factions[faction].tracks[track] for track, _ in needs.tracks)
    influence = stability = None
    if region is not None and (needs.min_influence > 0 or needs.max_influence >= 0):
        influence = state.regions[region].influence[faction]
    if region is not None and (needs.min_stability > STABILITY_MIN or needs.max_stability < STABILITY_MAX):
        stability = state.regions[region].stability
    return events, tracks, influence, stability


@dataclass
class Watch:
    """Judgements counted while games are played and resolved, and what the oracle says of each order."""

    judgements: int = 0
    at_resolution: int = 0
    orders: int = 0
    moved: int = 0
    mismatches: list[str] = field(default_factory=list)


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    """Count every judgement (``Rules.assess_valid``), those made while resolving apart, and check at each
    order's resolution that it was judged again exactly when what its judgement read is no longer what it
    was at the start, and that the judgement it resolves on equals one made afresh."""
    seen = Watch()
    assess, resolve, resolve_order = Rules.assess_valid, Rules.resolve, Rules._resolve_order
    start: dict[tuple[str, int], tuple[object, ...]] = {}
    """What each order of the resolution's judgement read at its start."""
    resolving = [False]
    pending = [0]
    """Judgements made while resolving since the last order resolved: those of the next order."""

    def counted_assess(self, state, faction, move, target):  # type: ignore[no-untyped-def]
        seen.judgements += 1
        if resolving[0]:
            seen.at_resolution += 1
            pending[0] += 1
        return assess(self, state, faction, move, target)

    def watched_resolve(self, state, log, orders, *rest):  # type: ignore[no-untyped-def]
        start.clear()
        for faction, submitted in orders.items():
            for index, order in enumerate(submitted, start=1):
                start[(faction, index)] = read_by_judgement(state, faction, self.moves[order.move], order.target)
        resolving[0], pending[0] = True, 0
        try:
            resolve(self, state, log, orders, *rest)
        finally:
            resolving[0] = False

    def watched_order(self, state, log, faction, index, order, move, *rest):  # type: ignore[no-untyped-def]
        seen.orders += 1
        moved = read_by_judgement(state, faction, move, order.target) != start[(faction, index)]
        seen.moved += moved
        made, pending[0] = pending[0], 0
        where = f"turn {state.turn} {faction} order {index} ({move.id} {order.target})"
        if made != moved:
            seen.mismatches.append(f"{where}: judged {made} time(s) at resolution; what it read moved: {moved}")
        if rest[0] != assess(self, state, faction, move, order.target):  # the judgement it resolves on
            seen.mismatches.append(f"{where}: resolved on a judgement that no longer holds")
        return resolve_order(self, state, log, faction, index, order, move, *rest)

    monkeypatch.setattr(Rules, "assess_valid", counted_assess)
    monkeypatch.setattr(Rules, "resolve", watched_resolve)
    monkeypatch.setattr(Rules, "_resolve_order", watched_order)
    return seen


def random_game(path_or_scenario: object, seed: int) -> Game:
    scenario = load_scenario_file(path_or_scenario) if isinstance(path_or_scenario, Path) else path_or_scenario
    game = Game(scenario, seed)  # type: ignore[arg-type]
    return autoplay(game, {f: RandomBot() for f in game.factions})


def resolved_orders(game: Game) -> int:
    return sum(1 for entry in game.log if type(entry) in (OrderResolved, OrderFizzled))


def test_a_replayed_records_orders_are_judged_once_each_and_again_only_when_what_they_read_changed(watch: Watch) -> None:
    played = [random_game(CLASS4, seed) for seed in (3, 4)]
    texts = ["\n".join(record_lines(game, {}, "2026-01-02T03:04:05Z")) + "\n" for game in played]
    watch.judgements = watch.at_resolution = watch.orders = watch.moved = 0
    for text in texts:
        assert replay(parse_record(text)).verified
    orders = sum(resolved_orders(game) for game in played)
    assert watch.orders == orders
    assert watch.mismatches == []
    assert watch.judgements - watch.at_resolution == orders  # taking the input lines: once each
    assert watch.at_resolution == watch.moved < orders / 4  # resolution: only those whose position moved


@pytest.mark.parametrize("scenario", [*bundled_scenarios(), load_scenario_file(FORMAT_2)], ids=lambda s: f"{s.id}-f{s.format}")
def test_a_random_games_orders_are_judged_again_at_resolution_only_when_what_they_read_changed(watch: Watch, scenario: object) -> None:
    for seed in range(3):
        random_game(scenario, seed)
    assert watch.mismatches == []
    assert watch.orders > 0
    assert watch.at_resolution == watch.moved < watch.orders / 2


def first_seed(check) -> int:  # type: ignore[no-untyped-def]
    return next(seed for seed in range(200) if check(seed))


def test_an_order_made_illegal_by_an_earlier_order_of_the_turn_still_fizzles(watch: Watch) -> None:
    """South's joint exercise on the Isles needs influence 2, which it has when it submits; the North's
    patrol there resolves first (same category, earlier initiative on turn 1) and, when it succeeds,
    takes 1 from every rival: the exercise fizzles with the reason of today."""
    scenario = load_scenario_file(CLASS4)

    def played(seed: int) -> Game:
        game = Game(scenario, seed)
        game.submit("south", [Order("exercise", "isles")])
        game.submit("north", [Order("patrol", "isles")])
        game.resolve()
        return game

    seed = first_seed(lambda s: any(getattr(e, "move", "") == "patrol" and getattr(e, "success", False) for e in played(s).turn_log(1)))
    game = played(seed)
    fizzled = [e for e in game.turn_log(1) if isinstance(e, OrderFizzled)]
    assert [(e.faction, e.move, e.reason.wording) for e in fizzled] == [("south", "exercise", Wording.INFLUENCE_BELOW)]
    assert str(fizzled[0].reason) == "needs influence 2 in Isles (you have 1)"
    assert watch.mismatches == []


def test_an_order_made_illegal_by_an_inject_after_it_was_taken_still_fizzles(watch: Watch) -> None:
    """An inject changes the position between submission and resolution: the orders taken before it are
    judged again when they resolve. The North's joint exercise in Port is legal when it submits; a storm
    injected on Port then blocks exercises there, and the exercise fizzles."""
    scenario = load_scenario_file(CLASS4)
    seed = first_seed(lambda s: Game(scenario, s).option("north", "exercise", "port").legal)
    game = Game(scenario, seed)
    game.submit("north", [Order("exercise", "port")])
    game.inject("storm", "port")
    game.resolve()
    fizzled = [e for e in game.turn_log(1) if isinstance(e, OrderFizzled)]
    assert [(e.faction, e.move, str(e.reason)) for e in fizzled] == [("north", "exercise", "blocked by Storm")]
    assert watch.at_resolution == 1  # the judgement made before the inject is not carried


def test_a_forged_order_still_fails_to_verify() -> None:
    """A record whose order a position could not take is refused at its line, as before."""
    game = random_game(CLASS4, 5)
    lines = record_lines(game, {}, "2026-01-02T03:04:05Z")
    parsed = [json.loads(line) for line in lines]
    number = next(i for i, line in enumerate(parsed) if line.get("t") == "orders" and line.get("orders"))
    parsed[number]["orders"][0]["move"] = "compact"
    parsed[number]["orders"][0]["target"] = "forum"
    body = [json.dumps(line, separators=(",", ":"), ensure_ascii=False) for line in parsed[:-1]]
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    end = json.dumps({"t": "end", "lines": len(body), "sha256": checksum}, separators=(",", ":"))
    result = replay(parse_record("\n".join([*body, end]) + "\n"))
    assert not result.verified
