"""``detente lessons``: measure a scenario's lessons, stated as claims, with the doctrine lab (docs/lessons.md).

Headless: no Textual. The games run as in ``detente balance`` (worker
processes), and the report is the same for any number of workers.
"""

from __future__ import annotations

import argparse
import os
import textwrap
from typing import Any

from detente.usage import UsageError, positive, seed
from engine.rng import MAX_SEED

WIDTH = 100
"""The text report's width."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register ``lessons`` on the ``detente`` subcommands."""
    parser = commands.add_parser(
        "lessons",
        help="measure a scenario's lessons, stated as claims, with the doctrine lab",
        description=(
            "Play the games each of the scenario's claims needs (each player in each seat it names against the same "
            "field, the same seeds S to S+N-1) and say of every claim whether it is supported, not supported or "
            "inconclusive, with its 95% interval. The report is the same whatever --workers is. Exit codes: 0 done, "
            "1 a bad scenario or lessons file (or, with --strict, a claim not supported), 2 a wrong command line."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a bundled scenario id or a path to a TOML file")
    parser.add_argument("--lessons", metavar="FILE", help="the lessons file (default: the bundled one of the scenario's id)")
    parser.add_argument("--games", type=positive, metavar="N", help="games per player and seat (default: the lessons file's)")
    parser.add_argument("--seed", type=seed, default=0, metavar="S", help="the first game's seed (default 0)")
    parser.add_argument(
        "--workers", type=positive, metavar="K", help=f"worker processes (default: the number of CPUs, here {os.cpu_count() or 1}); 1 plays in this process"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every claim is supported")
    parser.add_argument(
        "--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on standard error (default: when it is a terminal)"
    )
    return parser


def command_lessons(args: argparse.Namespace) -> int:
    """Measure the claims, print the report."""
    from detente.balance import play_games, print_report
    from engine.catalog import find_scenario
    from lab.lessons import check_against, find_lessons, lesson_games, lessons_report

    scenario = find_scenario(args.scenario)
    source = args.lessons or scenario.id
    lessons = find_lessons(source)
    check_against(lessons, scenario, args.lessons or f"scenarios/lessons/{scenario.id}.toml")
    count = args.games or lessons.games
    if args.seed + count - 1 > MAX_SEED:
        raise UsageError(f"the last seed would be {args.seed + count - 1}, above 2^63-1")
    games = lesson_games(lessons, scenario, args.seed, count)
    summaries, took = play_games(args, scenario, games, "process")
    result = lessons_report(lessons, scenario, args.seed, count, summaries)
    print_report(args, result, render_text, took)
    return 1 if args.strict and result["verdicts"]["supported"] < len(result["claims"]) else 0


UNITS = {"win_rate": "%", "rank": "", "score": ""}
"""The unit shown after a statistic's value."""


def _comparison(claim: dict[str, Any]) -> str:
    """How the claim compares the two players, in words: a rank is better when its number is lower,
    so "higher" reads "worse (a higher number)" for a rank."""
    if claim["statistic"] == "rank":
        return "worse (a higher number)" if claim["direction"] == "higher" else "better (a lower number)"
    return str(claim["direction"])


def render_text(result: dict[str, Any]) -> list[str]:
    """The report of ``lab.lessons.lessons_report`` as lines at most 100 characters wide."""
    scenario = result["scenario"]
    first, last = result["seeds"]
    verdicts = result["verdicts"]
    lines = [
        f"{scenario['title']} ({scenario['id']}): {len(result['claims'])} lesson(s) as claims",
        *textwrap.wrap(
            f"{result['games_per_seat']} games per player and seat (seeds {first}-{last}); each claim compares two players in "
            f"the same seats against the same field, game by game, or a win rate with the fair share ({result['fair_share']:.1f}%). "
            "Rank 1 is first.",
            WIDTH,
        ),
        "",
    ]
    for claim in result["claims"]:
        unit = UNITS.get(claim["statistic"], "")
        against = "the fair share" if claim["against"] == "fair_share" else f"{claim['against']}'s"
        lines.append(f"{claim['verdict'].upper()}  {claim['id']}")
        lines += textwrap.wrap(claim["lesson"], WIDTH, initial_indent="  ", subsequent_indent="  ")
        lines += textwrap.wrap(
            f"claim: {claim['player']}'s {claim['statistic']} is {_comparison(claim)} than {against} "
            f"(against the {claim['field']} field, as {', '.join(claim['seats'])}; {claim['games']} games)",
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
        )
        lines.append(
            f"  measured: {claim['value']:.2f}{unit} against {claim['against_value']:.2f}{unit}: difference {claim['difference']:+.2f}{unit} "
            f"(95% CI {claim['ci_low']:+.2f} to {claim['ci_high']:+.2f})"
        )
        lines.append("")
    lines.append(f"{verdicts['supported']} supported, {verdicts['not supported']} not supported, {verdicts['inconclusive']} inconclusive.")
    return lines
