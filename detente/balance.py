"""``detente balance``: play many seeded bot games of a scenario and report on its balance.

Headless: no Textual. The games run on a ``concurrent.futures`` executor —
worker processes by default, or a Dask cluster with ``--executor
dask://HOST:PORT`` (the optional ``dask`` extra) — and the report is the same
for any executor and any number of workers. docs/bots.md describes the report.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import IO, Any

from detente.usage import UsageError, parse_seats, positive, seed
from engine.errors import DetenteError
from engine.model import Scenario
from engine.outcome import Termination
from engine.rng import MAX_SEED

WIDTH = 100
"""The text report's width."""
DASK_TIMEOUT = 10
"""Seconds to wait for a Dask scheduler to answer."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register ``balance`` on the ``detente`` subcommands."""
    parser = commands.add_parser(
        "balance",
        help="play many seeded bot games of a scenario and report on its balance",
        description=(
            "Play N seeded games (seeds S to S+N-1) with bots in every seat and report win rates with 95% "
            "confidence intervals, score distributions, mean tracks per turn, the moves and cards that most often "
            "decided a game, and warnings when a faction's win rate is outside the fair band. The report is the "
            "same whatever --workers and --executor are. Exit codes: 0 done, 1 a bad scenario (or a warning "
            "with --strict), 2 a wrong command line."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="a bundled scenario id or a path to a TOML file")
    parser.add_argument("--games", type=positive, default=200, metavar="N", help="how many games (default 200)")
    parser.add_argument("--seed", type=seed, default=0, metavar="S", help="the first game's seed (default 0)")
    parser.add_argument("--bots", default="greedy", metavar="STRATEGY", help="the strategy of every seat (default greedy; the strategies are in docs/bots.md)")
    parser.add_argument("--seat", action="append", default=[], metavar="FACTION=STRATEGY", help="one seat's strategy (repeatable)")
    parser.add_argument(
        "--workers", type=positive, metavar="K", help=f"worker processes (default: the number of CPUs, here {os.cpu_count() or 1}); 1 plays in this process"
    )
    parser.add_argument("--executor", default="process", metavar="KIND", help="process (default), thread, or dask://HOST:PORT for a Dask scheduler")
    parser.add_argument("--band", type=_band, metavar="LO-HI", help="the fair win-rate band in percent (default 100/n ± 10, i.e. 40-60 for two factions)")
    parser.add_argument(
        "--doctrines",
        nargs="*",
        metavar="NAME_OR_FILE",
        help="the doctrine lab: play each doctrine (bundled name or TOML file; none named: every bundled one) in each seat "
        "against the --field, --games games per doctrine and seat (docs/bots.md)",
    )
    parser.add_argument("--field", choices=("greedy", "lookahead"), default="greedy", help="with --doctrines: the strategy of the other seats (default greedy)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the report has a warning")
    parser.add_argument(
        "--progress", choices=("auto", "always", "never"), default="auto", help="progress bar on standard error (default: when it is a terminal)"
    )
    return parser


def command_balance(args: argparse.Namespace) -> int:
    """Play the games, print the report."""
    # Imported here, not at the top: every detente command builds this parser.
    from engine.catalog import find_scenario
    from lab.balance import fair_band, report, seat_games
    from players.bots import STRATEGIES

    if args.bots not in STRATEGIES:
        raise UsageError(f"unknown strategy {args.bots!r}; known: {', '.join(STRATEGIES)}")
    if args.seed + args.games - 1 > MAX_SEED:
        raise UsageError(f"the last seed would be {args.seed + args.games - 1}, above 2^63-1")
    kind = args.executor
    if kind not in ("process", "thread") and not kind.startswith("dask://"):
        raise UsageError(f"--executor takes process, thread or dask://HOST:PORT, not {kind!r}")
    scenario = find_scenario(args.scenario)
    if args.doctrines is not None:
        return command_doctrine_lab(args, scenario, kind)
    seats = parse_seats(args.seat, scenario, args.bots, allowed=tuple(STRATEGIES), doctrines=True)
    band = args.band or fair_band(len(scenario.factions))
    games = seat_games([seats[f.id] for f in scenario.factions], args.seed, args.games)
    summaries, took = play_games(args, scenario, games, kind)
    result = report(scenario, summaries, band)
    print_report(args, result, render_text, took)
    return 1 if args.strict and result["warnings"] else 0


def play_games(args: argparse.Namespace, scenario: Scenario, games: list[Any], kind: str) -> tuple[list[Any], str]:
    """Play ``games`` with ``--workers`` on executor ``kind``, with a progress bar when ``--progress`` asks for one;
    the summaries and, with the bar, the line saying how long they took (else "")."""
    from lab.balance import run_games

    workers = args.workers or os.cpu_count() or 1
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    bar = ProgressBar(sys.stderr) if show else None
    start = time.perf_counter()
    with executor_for(kind, workers) as executor:
        summaries = run_games(scenario, games, executor, progress=bar.update if bar else None)
    if bar:
        bar.close()
    return summaries, f"{len(summaries)} games in {time.perf_counter() - start:.1f} s" if show else ""


def print_report(args: argparse.Namespace, result: dict[str, Any], render: Callable[[dict[str, Any]], list[str]], took: str) -> None:
    """Print a lab's ``result`` as ``--format`` asks (JSON, or ``render``'s lines) on standard output, and ``took``
    (how long the games took, "" for nothing) on standard error."""
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(result)))
    if took:
        print(took, file=sys.stderr)


def command_doctrine_lab(args: argparse.Namespace, scenario: Scenario, kind: str) -> int:
    """``balance --doctrines``: each doctrine in each seat against the field; print the lab's report."""
    from detente.doctrine_lab import render_text as render_lab
    from lab.doctrines import doctrine_games, doctrine_report
    from players.bots import DOCTRINE
    from players.doctrine import bundled_doctrines, find_doctrine

    if args.seat or args.bots != "greedy" or args.band:
        raise UsageError("--doctrines sets every seat itself: use --field, not --bots, --seat or --band")
    doctrines = []
    for spec in args.doctrines or bundled_doctrines():
        doctrine = find_doctrine(spec)
        bundled = spec.replace("-", "_")
        # A file travels to the workers by its absolute path.
        strategy = bundled if bundled in bundled_doctrines() else os.path.abspath(spec)
        doctrines.append((spec, doctrine.name, doctrine.binds(scenario), DOCTRINE + strategy))
    games = doctrine_games(len(scenario.factions), [strategy for *_, strategy in doctrines], args.field, args.seed, args.games)
    summaries, took = play_games(args, scenario, games, kind)
    result = doctrine_report(scenario, [(label, name, binds) for label, name, binds, _ in doctrines], args.field, args.games, summaries)
    print_report(args, result, render_lab, took)
    return 1 if args.strict and result["design_problems"] else 0


@contextmanager
def executor_for(kind: str, workers: int) -> Iterator[Executor | None]:
    """The executor named by ``--executor`` (None: play in this process)."""
    if kind.startswith("dask://"):
        try:
            from distributed import Client
        except ImportError:
            raise BalanceError("the Dask executor needs the optional extra: pip install 'detente[dask]'") from None
        address = kind[len("dask://") :]
        if not address:
            raise UsageError("--executor dask:// needs HOST:PORT")
        try:
            client = Client(address if "://" in address else f"tcp://{address}", timeout=DASK_TIMEOUT)
        except (OSError, ValueError) as exc:
            raise BalanceError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            yield client.get_executor()
        finally:
            client.close()
        return
    if workers <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    pool = ThreadPoolExecutor(workers) if kind == "thread" else ProcessPoolExecutor(workers)
    try:
        yield pool
    except BaseException:
        # Interrupted or failed: drop the games not started; running ones end soon (small tasks).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


class BalanceError(DetenteError):
    """The balance lab cannot run as asked (reported with exit code 1)."""


class ProgressBar:
    """A one-line progress bar, redrawn in place: ``[#####.....]  50%  500/1000 games  12 s``."""

    WIDTH = 30

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.start = clock()
        self.shown = ""

    def line(self, done: int, total: int) -> str:
        """The bar's text for ``done`` of ``total`` games."""
        share = done / total if total else 1.0
        filled = int(self.WIDTH * share)
        elapsed = self.clock() - self.start
        return f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {100 * share:3.0f}%  {done}/{total} games  {elapsed:.0f} s"

    def update(self, done: int, total: int) -> None:
        """Redraw the bar if its text changed."""
        text = self.line(done, total)
        if text != self.shown:
            self.stream.write("\r" + text)
            self.stream.flush()
            self.shown = text

    def close(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")
        self.stream.flush()


def render_text(result: dict[str, Any]) -> list[str]:
    """The report as text lines, at most 100 characters wide."""
    scenario = result["scenario"]
    lines = [
        f"{scenario['title']} ({scenario['id']}): {_plural(result['games'], 'game')}, seeds {result['seeds'][0]}-{result['seeds'][1]}"
        if result["games"]
        else f"{scenario['title']} ({scenario['id']}): no games",
        *textwrap.wrap("seats: " + ", ".join(f"{f['name']} {f['seat']}" for f in result["factions"]), WIDTH, subsequent_indent="  "),
        "",
        f"WIN RATES (95% Wilson interval; fair band {_pct(result['band'][0])}-{_pct(result['band'][1])}%)",
    ]
    width = max(len(f["name"]) for f in result["factions"])
    for f in result["factions"]:
        low, high = f["ci95"]
        extra = f", {f['shared_wins']} shared" if f["shared_wins"] else ""
        extra += f", {f['collapses']} collapses" if f["collapses"] else ""
        lines.append(f"  {f['name']:<{width}}  {f['win_rate']:5.1f}%  ({low:4.1f}-{high:4.1f}%)  {_plural(f['wins'], 'win')}{extra}")
    endings = ", ".join(f"{n} by {Termination(k).label}" for k, n in result["endings"].items())
    lines += textwrap.wrap(
        f"endings: {endings}; mean length {result['mean_length']:.1f} turns; {_plural(result['draws'], 'game')} with a shared win",
        WIDTH,
        initial_indent="  ",
        subsequent_indent="    ",
    )
    lines += ["", "FINAL SCORES (mean, sd; min / quartiles / max)"]
    for f in result["factions"]:
        s = f["score"]
        lines.append(f"  {f['name']:<{width}}  {s['mean']:6.1f} ±{s['sd']:5.1f}   {s['min']} / {s['q1']:g} / {s['median']:g} / {s['q3']:g} / {s['max']}")
    tracks = result["tracks"]
    columns = tracks["columns"]
    lines += ["", "MEAN TRACKS PER TURN (games still going; turn 0 is the start)"]
    for f in result["factions"]:
        lines.append(f"  {f['name']}")
        widths = [max(7, len(_short(c))) for c in columns]
        lines.append("    turn  games  " + "  ".join(f"{_short(c):>{w}}" for c, w in zip(columns, widths, strict=True)))
        for turn in tracks["turns"]:
            values = turn["factions"][f["id"]]
            lines.append(f"    {turn['turn']:>4}  {turn['games']:>5}  " + "  ".join(f"{values[c]:{w}.1f}" for c, w in zip(columns, widths, strict=True)))
    decided = result["decided"]
    lines += ["", f"WHAT DECIDED THE GAME ({decided['games']} games with a single winner; the turn its lead grew most)"]
    for title, rows in (("moves the winner made that turn", decided["moves"]), ("cards played that turn", decided["cards"])):
        lines.append(f"  {title}:")
        if not rows:
            lines.append("    (none)")
        for row in rows:
            lift = f"{row['lift']:.2f}x usual" if row["lift"] is not None else "never usual"
            lines.append(f"    {row['name']:<40} {_plural(row['games'], 'game'):>11}  {row['share']:5.1f}%  ({lift})")
    lines += ["", "WARNINGS" if result["warnings"] else "No warnings: every win rate is within the fair band."]
    for warning in result["warnings"]:
        lines += textwrap.wrap(warning, WIDTH, initial_indent="  ! ", subsequent_indent="    ")
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _short(column: str) -> str:
    return {"domestic_support": "support", "credibility": "cred"}.get(column, column[:10])


def _pct(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _band(text: str) -> tuple[float, float]:
    low, sep, high = text.partition("-")
    try:
        band = (float(low), float(high))
    except ValueError:
        band = None
    if not sep or band is None or not 0 <= band[0] < band[1] <= 100:
        raise argparse.ArgumentTypeError(f"takes LO-HI in percent, such as 30-70, not {text!r}")
    return band
