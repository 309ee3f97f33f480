"""Facilitator pages that cannot drift: their facts are generated from the scenario files and stored lab reports.

    python -m tools.pages            # rewrite the generated blocks of every page in docs/scenarios/
    python -m tools.pages --check    # exit 1, naming each page and block, when a page disagrees with its files

A page ``docs/scenarios/<id>.md`` is about the bundled scenario ``<id>``. Between
``<!-- generated: KIND [REPORT] -->`` and ``<!-- end generated -->`` the text is
rewritten from ``scenarios/<id>.toml``: ``facts`` (seats, length, how it ends),
``objectives`` (the learning objectives), ``factions`` (budgets, incomes, tracks,
objectives), ``board`` (stability, starting influence, receptivity); or from a
stored lab report (a path relative to ``docs/scenarios/``, the JSON that the
command shown in the block printed): ``balance`` (``detente balance --format
json``), ``doctrines`` (``detente balance --doctrines --format json``) and
``lessons`` (``detente lessons --format json``). A report block says whether the
report was measured on the file as it is now (its sha256) or on an earlier
version. Everything outside the blocks is the author's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.catalog import load_bundled
from engine.model import Scenario
from engine.outcome import Termination

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "docs" / "scenarios"
BLOCK = re.compile(r"(<!-- generated: (?P<kind>[a-z]+)(?: (?P<report>[^ ]+))? -->\n)(?P<body>.*?)(<!-- end generated -->)", re.S)
"""A generated block: its opening line (kind and optional report), its body, its closing line."""


class PageError(ValueError):
    """A page names a block kind or report that does not exist."""


# -- from the scenario file ------------------------------------------------------------------------


def facts(scenario: Scenario) -> list[str]:
    """The page's opening table: id, seats, length and how the game ends."""
    victory = scenario.victory
    track = scenario.track(victory.collapse_track)
    ends = f"after turn {scenario.turns}; earlier if a faction reaches **{victory.score} points**" if victory.score else f"after turn {scenario.turns}"
    ends += f" or a faction's {track.name.lower()} falls to {track.min} (it collapses)"
    names = ", ".join(f"{f.name} ({f.letter})" for f in scenario.factions)
    return [
        "| | |",
        "|---|---|",
        f"| Bundled id | `{scenario.id}` (`scenarios/{scenario.id}.toml`, format {scenario.format}) |",
        f"| Seats | {len(scenario.factions)} factions: {names} |",
        f"| Length | {scenario.turns} turns, {scenario.orders_per_turn} orders a turn, {_plural(scenario.events_per_turn, 'event card')} a turn |",
        f"| Ends | {ends} |",
    ]


def objectives(scenario: Scenario) -> list[str]:
    """The learning objectives, numbered."""
    return [f"{i}. {text}" for i, text in enumerate(scenario.learning_objectives, 1)]


def factions(scenario: Scenario) -> list[str]:
    """One row per faction: budget and income, every track's start value, objectives (and aim)."""
    tracks = scenario.tracks
    lines = [
        "| | faction | budget / income | " + " | ".join(t.name.lower() for t in tracks) + " | objectives (points while met) |",
        "|---|---|---|" + "---|" * len(tracks) + "---|",
    ]
    for f in scenario.factions:
        values = dict(f.tracks)
        goals = [f"{o.text.rstrip('.')} ({o.points})" for o in f.objectives]
        if f.aim is not None:
            goals.append(f"aim{' at the end' if f.aim.final else ''}: {f.aim.text}")
        summary = f" — {f.summary}" if f.summary else ""
        lines.append(
            f"| {f.letter} | **{f.name}**{summary} | {f.budget} / {f.income} | "
            + " | ".join(str(values.get(t.id, 0)) for t in tracks)
            + f" | {'; '.join(goals) or '—'} |"
        )
    return lines


def board(scenario: Scenario) -> list[str]:
    """One row per region: stability, starting influence, the categories it welcomes and resents."""
    letters = {f.id: f.letter for f in scenario.factions}
    lines = ["| region | stability | starts with | welcomes | resents |", "|---|---|---|---|---|"]
    for r in scenario.regions:
        start = ", ".join(f"{letters[faction]} {amount}" for faction, amount in r.influence if amount) or "—"
        welcomes = ", ".join(f"{_category(c)} +{n}" for c, n in r.receptivity if n > 0) or "—"
        resents = ", ".join(f"{_category(c)} −{-n}" for c, n in r.receptivity if n < 0) or "—"
        lines.append(
            f"| **{r.name}** — {r.summary} | {r.stability} | {start} | {welcomes} | {resents} |"
            if r.summary
            else f"| **{r.name}** | {r.stability} | {start} | {welcomes} | {resents} |"
        )
    return lines


# -- from stored lab reports -----------------------------------------------------------------------


def balance(scenario: Scenario, report: dict[str, Any], path: str) -> list[str]:
    """The balance lab's win rates and scores."""
    first, last = report["seeds"]
    seats = sorted(set(report["seats"].values()))
    bots = f" --bots {seats[0]}" if len(seats) == 1 else ""
    lines = [
        *_measured(scenario, report, path, f"detente balance {scenario.id} --games {report['games']} --seed {first}{bots} --format json"),
        "",
        f"{report['games']:,} games (seeds {first}–{last:,}), fair band {_pct(report['band'][0])}–{_pct(report['band'][1])}%:",
        "",
        "| faction | seat | win rate | 95% interval | wins (shared) | collapses | mean final score (sd) |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in report["factions"]:
        low, high = f["ci95"]
        lines.append(
            f"| {f['name']} | {f['seat']} | **{f['win_rate']:.1f}%** | {low:.1f}–{high:.1f}% | {f['wins']} ({f['shared_wins']}) | {f['collapses']} | "
            f"{f['score']['mean']:.1f} ({f['score']['sd']:.1f}) |"
        )
    endings = ", ".join(f"{n} by {Termination(kind).label}" for kind, n in report["endings"].items())
    lines += ["", f"Endings: {endings}; mean length {report['mean_length']:.1f} turns; {report['draws']} shared wins."]
    lines.append(f"Warnings: {len(report['warnings'])}." if report["warnings"] else "The report gives no warning.")
    return lines


def doctrines(scenario: Scenario, report: dict[str, Any], path: str) -> list[str]:
    """The doctrine lab: each doctrine's win rate in each seat against the field. A report printed
    before the lab told rote doctrines from those that bind no one has no ``rote`` key: its rows
    all counted as rote then."""
    first, last = report["seeds"]
    names = list(dict.fromkeys(row["doctrine"] for row in report["results"]))
    command = (
        f"detente balance {scenario.id} --doctrines {' '.join(names)} --field {report['field']} --games {report['games_per_seat']} --seed {first} --format json"
    )
    lines = [
        *_measured(scenario, report, path, command),
        "",
        f"{report['games_per_seat']} games per doctrine and seat (seeds {first}–{last}) against the {report['field']} field; fair share "
        f"{report['fair_share']:.1f}%. ! marks a design problem: the whole interval lies above the fair share.",
        "",
        "| doctrine | seat | win rate | 95% interval | mean score | |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["results"]:
        flag = "" if not row.get("rote", True) else "!" if row["beats_field"] else ""
        lines.append(
            f"| {row['doctrine']} | {row['seat_name']} | {row['win_rate']:.1f}% | {row['ci_low']:.1f}–{row['ci_high']:.1f}% | {row['score']:.1f} | {flag} |"
        )
    free = list(dict.fromkeys(row["name"] for row in report["results"] if not row.get("rote", True)))
    if free:
        lines += ["", f"{', '.join(free)} binds no player of this scenario: those rows are greedy play with another draw for ties, never a design problem."]
    lines += ["", f"Design problems: {len(report['design_problems'])}."]
    return lines


def lessons(scenario: Scenario, report: dict[str, Any], path: str) -> list[str]:
    """Every lesson's claim with its measure and verdict."""
    first, last = report["seeds"]
    lines = [
        *_measured(scenario, report, path, f"detente lessons {scenario.id} --games {report['games_per_seat']} --seed {first} --format json"),
        "",
        f"{report['games_per_seat']} games per player and seat (seeds {first}–{last}); the difference is the player's statistic less the "
        "other's, game by game (rank 1 is first; win rates in points).",
        "",
        "| lesson | claim | measured | difference (95% interval) | verdict |",
        "|---|---|---|---|---|",
    ]
    for c in report["claims"]:
        against = "the fair share" if c["against"] == "fair_share" else f"`{c['against']}`'s"
        claim = f"`{c['player']}`'s {c['statistic'].replace('_', ' ')} is {c['direction']} than {against} ({c['field']} field)"
        lines.append(
            f"| {c['lesson']} | {claim} | {c['value']:.2f} against {c['against_value']:.2f} | {c['difference']:+.2f} "
            f"({c['ci_low']:+.2f} to {c['ci_high']:+.2f}) | **{c['verdict']}** |"
        )
    counts = report["verdicts"]
    lines += ["", f"{counts['supported']} supported, {counts['not supported']} not supported, {counts['inconclusive']} inconclusive."]
    return lines


def _measured(scenario: Scenario, report: dict[str, Any], path: str, command: str) -> list[str]:
    """Where a report came from, and whether it was measured on the file as it is now."""
    current = report["scenario"]["sha256"] == scenario.sha256
    on = "the file as it is now" if current else "an earlier version of the file"
    return [
        "```",
        command,
        "```",
        "",
        f"Stored in `docs/scenarios/{path}`; measured on {on} (sha256 {report['scenario']['sha256'][:12]}).",
    ]


FROM_FILE: dict[str, Callable[[Scenario], list[str]]] = {"facts": facts, "objectives": objectives, "factions": factions, "board": board}
FROM_REPORT: dict[str, Callable[[Scenario, dict[str, Any], str], list[str]]] = {"balance": balance, "doctrines": doctrines, "lessons": lessons}


def render(page: Path, text: str | None = None) -> str:
    """The text of ``page`` with every generated block rewritten."""
    text = page.read_text(encoding="utf-8") if text is None else text
    scenario = load_bundled(page.stem)

    def block(match: re.Match[str]) -> str:
        kind, report = match.group("kind"), match.group("report")
        if kind in FROM_FILE and report is None:
            lines = FROM_FILE[kind](scenario)
        elif kind in FROM_REPORT and report is not None:
            stored = page.parent / report
            if not stored.is_file():
                raise PageError(f"{page.name}: the {kind} block names {report}, which does not exist")
            lines = FROM_REPORT[kind](scenario, json.loads(stored.read_text(encoding="utf-8")), report)
        else:
            raise PageError(f"{page.name}: no generated block {kind!r}{' with a report' if report else ''}")
        return match.group(1) + "\n".join(lines) + "\n" + match.group(5)

    return BLOCK.sub(block, text)


def pages() -> list[Path]:
    """The facilitator pages: one per bundled scenario."""
    return sorted(path for path in PAGES.glob("*.md") if path.stem != "README")


def main(argv: list[str] | None = None) -> int:
    """Rewrite the pages, or with ``--check`` report those that disagree with their files."""
    parser = argparse.ArgumentParser(prog="python -m tools.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a page disagrees with its files")
    args = parser.parse_args(argv)
    stale = []
    for page in pages():
        old = page.read_text(encoding="utf-8")
        try:
            new = render(page, old)
        except (PageError, ValueError, KeyError) as exc:
            print(f"{page.relative_to(ROOT)}: {exc}", file=sys.stderr)
            return 1
        if new == old:
            continue
        stale.append(page)
        if not args.check:
            temporary = page.with_suffix(".md.tmp")
            temporary.write_text(new, encoding="utf-8")
            temporary.replace(page)
    for page in stale:
        print(f"{page.relative_to(ROOT)}: {'disagrees with its files' if args.check else 'rewritten'}", file=sys.stderr)
    return 1 if args.check and stale else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _pct(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _category(category: str) -> str:
    return category.replace("_", " ")


if __name__ == "__main__":
    sys.exit(main())
