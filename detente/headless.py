"""The headless commands: scenarios, check, run and replay. No Textual here."""

from __future__ import annotations

import argparse
import json
import sys

from engine.autoplay import autoplay
from engine.bots import STRATEGIES, make_strategy
from engine.catalog import bundled_ids, find_scenario, load_bundled
from engine.describe import Describer
from engine.errors import RecordError, ScenarioError
from engine.game import Game, Submission
from engine.log import CardPlayed, OrderFizzled, Scored
from engine.model import Scenario
from engine.orders_file import load_orders_file
from engine.record import Replay, read_record, replay, write_record

from detente.clock import now
from detente.usage import UsageError, parse_seats


def command_scenarios(args: argparse.Namespace) -> int:
    """Print a table of the bundled scenarios."""
    rows = [("ID", "TITLE", "FACTIONS", "TURNS")]
    for scenario_id in bundled_ids():
        s = load_bundled(scenario_id)
        rows.append((s.id, s.title, ", ".join(f"{f.letter} {f.name}" for f in s.factions), str(s.turns)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    return 0


def command_check(args: argparse.Namespace) -> int:
    """Validate each file; print its problems, or a one-line summary when clean."""
    failed = 0
    for name in args.files:
        try:
            s = find_scenario(name)
        except ScenarioError as exc:
            failed += 1
            count = len(exc.problems)
            print(f"{exc}\n{exc.file}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            continue
        print(
            f"{name}: ok — {s.title}: {len(s.factions)} factions, {len(s.regions)} regions, "
            f"{len(s.moves)} moves, {len(s.cards)} cards, {s.turns} turns"
        )
    return 1 if failed else 0


def command_run(args: argparse.Namespace) -> int:
    """Play a whole game headless and write its record."""
    scenario = find_scenario(args.scenario)
    seats = _seats(args, scenario)
    plan = load_orders_file(args.orders) if args.orders else None
    if plan is not None:
        unknown = sorted(plan.factions() - {f.id for f in scenario.factions})
        if unknown:
            raise UsageError(f"{args.orders} gives orders to {', '.join(unknown)}, not a faction of {scenario.id}")
    game = Game(scenario, args.seed)
    autoplay(game, {f: make_strategy(s) for f, s in seats.items() if s != "orders"}, plan)
    try:
        write_record(args.record, game, seats, now())
    except OSError as exc:
        raise RecordError(args.record, f"cannot write the record: {exc.strerror or exc}") from None
    describe = Describer(scenario)
    outcome = game.outcome
    scores = ", ".join(f"{describe.name(f)} {score}" for f, score in outcome.scores)
    print(f"{scenario.title}, seed {args.seed}: {outcome.termination.value.replace('_', ' ')} on turn {outcome.turn}")
    print(f"winner: {describe.names(outcome.winners)}; scores: {scores}")
    print(f"record written to {args.record}")
    return 0


def _seats(args: argparse.Namespace, scenario: Scenario) -> dict[str, str]:
    """Who plays each faction: a strategy name, or ``orders`` for the orders file."""
    default = args.bots or ("orders" if args.orders else "random")
    if default not in ("orders", *STRATEGIES):
        raise UsageError(f"unknown strategy {default!r}; known: {', '.join(STRATEGIES)}")
    return parse_seats(args.seat, scenario, default, allowed=tuple(STRATEGIES))


def command_replay(args: argparse.Namespace) -> int:
    """Verify a record and print its turns; exit 1 on the first difference."""
    result = replay(read_record(args.file), args.to_turn)
    if args.format == "json":
        print(json.dumps(_replay_json(result), ensure_ascii=False, indent=2))
    else:
        _print_replay(result)
    if not result.verified:
        print(f"detente replay: {args.file}: does not verify: {result.mismatch}", file=sys.stderr)
        return 1
    return 0


def _print_replay(result: Replay) -> None:
    game = result.game
    describe = Describer(game.scenario)
    header = result.record.header
    print(f"{game.scenario.title} · seed {header.seed} · recorded {header.created} with engine {header.engine}")
    checked = {check.turn: check for check in result.turns}
    for turn in sorted(checked):
        entries = game.turn_log(turn)
        mark = "verified" if checked[turn].matches else "DIFFERS"
        print(f"\nTurn {turn} — digest {checked[turn].digest[:12]} {mark}")
        for entry in entries:
            if isinstance(entry, CardPlayed):
                print(f"  {describe.entry(entry)}")
        for item in game.inputs.get(turn, []):
            if isinstance(item, Submission):
                moves = "; ".join(f"{describe.name(o.move)}{' → ' + describe.name(o.target) if o.target else ''}" for o in item.orders)
                print(f"  {describe.name(item.faction)} orders: {moves or 'pass'}")
        for entry in entries:
            if isinstance(entry, (OrderFizzled, Scored)):
                print(f"  {describe.entry(entry)}")
    if game.outcome is not None and (not result.turns or result.turns[-1].turn == game.outcome.turn):
        winners = describe.names(game.outcome.winners)
        print(f"\nResult: {game.outcome.termination.value.replace('_', ' ')} on turn {game.outcome.turn}; winner {winners}")
    print("\n" + ("Verified: every card, roll and digest matches." if result.verified else f"Mismatch: {result.mismatch}"))


def _replay_json(result: Replay) -> dict:
    game = result.game
    outcome = game.outcome
    return {
        "file": result.record.file,
        "scenario": game.scenario.id,
        "seed": result.record.header.seed,
        "verified": result.verified,
        "mismatch": result.mismatch,
        "turns": [
            {
                "turn": check.turn,
                "digest": check.digest,
                "matches": check.matches,
                "scores": {e.faction: e.score for e in game.turn_log(check.turn) if isinstance(e, Scored)},
            }
            for check in result.turns
        ],
        "result": None
        if outcome is None
        else {"termination": outcome.termination.value, "winners": list(outcome.winners), "scores": dict(outcome.scores)},
    }


