"""The headless commands: scenarios, check, run and replay. No Textual here.

Each command imports what only it uses inside its function (the bundled catalogue, the clock,
orders files, the bots), so that ``replay``, which users wait on, loads no more than it needs."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from detente.usage import UsageError
from engine.describe import Describer
from engine.errors import RecordError, ScenarioError, printable, printable_json
from engine.game import Game
from engine.model import Scenario
from engine.outcome import Outcome
from engine.record import read_record, replay, write_record
from engine.scenario_loader import FORMAT_VERSION
from reports.timeline import timeline_json, timeline_text

if TYPE_CHECKING:
    from players.orders_file import OrdersPlan


def command_scenarios(args: argparse.Namespace) -> int:
    """Print a table of the bundled scenarios."""
    from engine.catalog import bundled_ids, load_bundled

    rows = [("ID", "TITLE", "FACTIONS", "TURNS")]
    for scenario_id in bundled_ids():
        s = load_bundled(scenario_id)
        rows.append((s.id, s.title, ", ".join(f"{f.letter} {f.name}" for f in s.factions), str(s.turns)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:  # the first three columns are padded to their widths, the last is not
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3])
    return 0


def command_check(args: argparse.Namespace) -> int:
    """Validate each file; print its problems, or a one-line summary when clean."""
    from engine.catalog import find_scenario

    failed = 0
    for name in args.files:
        try:
            s = find_scenario(name)
        except ScenarioError as exc:
            failed += 1
            count = exc.total  # the message lists the first MAX_PROBLEMS, then "and N more problems"
            print(f"{exc}\n{printable(exc.file)}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
            continue
        print(
            printable(
                f"{name}: ok — {s.title}: {len(s.factions)} factions, {len(s.regions)} regions, {len(s.moves)} moves, {len(s.cards)} cards, {s.turns} turns"
                f"; {_format_words(s.format)}"
            )
        )
    return 1 if failed else 0


def _format_words(version: int) -> str:
    """What ``check`` says of a valid file's format."""
    if version < FORMAT_VERSION:
        return (
            f"format {version}, still valid (this program reads formats 1 to {FORMAT_VERSION}; docs/scenario-format.md says what format {FORMAT_VERSION} adds)"
        )
    return f"format {version}"


def command_run(args: argparse.Namespace) -> int:
    """Play a whole game headless and write its record."""
    from detente.clock import now
    from engine.catalog import find_scenario
    from players.orders_file import load_orders_file

    if not args.record:
        raise UsageError("--record needs a file name")
    scenario = find_scenario(args.scenario)
    plan = load_orders_file(args.orders) if args.orders else None
    if plan is not None:
        plan.check_against(scenario)
    seats = _seats(args, scenario, plan)
    from players.autoplay import autoplay
    from players.bots import make_strategy  # here, so that replay and check need not load the bots

    game = Game(scenario, args.seed)
    autoplay(game, {f: make_strategy(s) for f, s in seats.items() if s != "orders"}, plan)
    try:
        write_record(args.record, game, seats, now())
    except OSError as exc:
        raise RecordError(args.record, f"cannot write the record: {exc.strerror or exc}") from None
    describe = Describer(scenario)
    outcome = game.outcome
    assert outcome is not None  # autoplay plays the game to its end
    scores = ", ".join(f"{describe.name(f)} {score}" for f, score in outcome.scores)
    print(f"{scenario.title}, seed {args.seed}: {_ending(outcome)}")
    print(f"winner: {describe.names(outcome.winners)}; scores: {scores}")
    print(f"record written to {printable(args.record)}")
    return 0


def _seats(args: argparse.Namespace, scenario: Scenario, plan: OrdersPlan | None) -> dict[str, str]:
    """Who plays each faction: the orders file for the factions it names, else a strategy."""
    from detente.usage import parse_seats
    from players.bots import STRATEGIES

    default = args.bots or "random"
    if default not in STRATEGIES:
        raise UsageError(f"unknown strategy {default!r}; known: {', '.join(STRATEGIES)}")
    seats = parse_seats(args.seat, scenario, default, allowed=tuple(STRATEGIES), doctrines=True)
    explicit = {item.partition("=")[0] for item in args.seat}
    if plan is not None:
        for faction in plan.factions():
            if faction in explicit:
                raise UsageError(f"{faction} has orders in {plan.file} but --seat gives it to {seats[faction]}; choose one")
            seats[faction] = "orders"
    return seats


def _replay_view(args: argparse.Namespace) -> int:
    """``replay --view FACTION [--turn N]``: verify the record up to turn N's start, then print what FACTION saw."""
    from engine.observer import observe
    from reports.faction_view import seen_lines, view_data

    if args.view is None:
        raise UsageError("--turn goes with --view FACTION: whose view of that turn?")
    if args.to_turn is not None:
        raise UsageError("--view shows one moment: give it --turn N, not --to-turn")
    record = read_record(args.file)
    factions = [f.id for f in record.scenario.factions]
    if args.view not in factions:
        raise UsageError(f"--view {args.view}: not a faction of {record.scenario.id}; its factions are {', '.join(factions)}")
    result = replay(record, args.turn - 1 if args.turn is not None and args.turn > 1 else None, played_on=False)
    game = result.game if args.turn is None or args.turn > 1 else Game(record.scenario, record.header.seed)
    if args.turn is not None and game.turn != args.turn and result.verified:
        raise UsageError(f"--turn {args.turn}: the record's game never reached that turn's orders phase (it stops in turn {game.turn})")
    view = observe(game.view(), args.view)
    if args.format == "json":
        print(printable_json(json.dumps(view_data(view, args.view), ensure_ascii=False, indent=2)))
    else:
        print("\n".join(printable(line) for line in seen_lines(view, args.view, Describer(record.scenario))))
    if not result.verified:
        print(printable(f"detente replay: {args.file}: does not verify: {result.mismatch}"), file=sys.stderr)
        return 1
    return 0


def _ending(outcome: Outcome) -> str:
    """How the game ended, in words."""
    return f"game over on turn {outcome.turn}: {outcome.termination.description}"


def command_replay(args: argparse.Namespace) -> int:
    """Verify a record and print its turns (or, with ``--view``, one faction's view); exit 1 on the first difference."""
    if args.view is not None or args.turn is not None:
        return _replay_view(args)
    result = replay(read_record(args.file), args.to_turn, played_on=False)
    if args.format == "json":
        print(printable_json(json.dumps(timeline_json(result), ensure_ascii=False, indent=2)))
    else:
        print("\n".join(timeline_text(result, args.to_turn)))
    if not result.verified:
        print(printable(f"detente replay: {args.file}: does not verify: {result.mismatch}"), file=sys.stderr)
        return 1
    return 0
