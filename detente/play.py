"""``detente play``: check the command line, then open the terminal UI."""

from __future__ import annotations

import argparse
from typing import Any

from detente.clock import now
from detente.usage import UsageError, parse_seats
from engine.catalog import find_scenario
from players.bots import STRATEGIES
from players.table import DEFAULT_BOT, HUMAN, Session


def command_play(args: argparse.Namespace) -> int:
    """Validate everything that can fail before the screen is taken over, then run the app."""
    if args.resume and (args.scenario or args.seat or args.seed is not None):
        raise UsageError("--resume takes the scenario, seed and seats from the record; give none of them")
    options: dict[str, Any] = {"seed": args.seed, "record": args.record, "writing": args.writing, "umpire": args.umpire}
    if args.resume:
        options["session"] = Session.resume(args.resume)
    elif args.scenario:
        scenario = find_scenario(args.scenario)
        options["scenario"] = scenario
        if args.seat:
            options["seats"] = parse_seats(args.seat, scenario, DEFAULT_BOT, allowed=(HUMAN, *STRATEGIES), doctrines=True)
    elif args.seat:
        raise UsageError("--seat needs a SCENARIO")
    from tui.app import run

    farewell = run(clock=now, **options)
    if farewell:
        print(farewell)
    return 0
