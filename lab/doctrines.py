"""The doctrine lab: each doctrine in each seat against an adaptive field (docs/bots.md).

``doctrine_games`` lists the games: for every doctrine, for every seat, the
same ``count`` seeds with the doctrine in that seat and the field strategy in
every other. ``lab.balance.run_games`` plays them (in any executor, summaries
in the order given) and ``doctrine_report`` turns the summaries into a plain
dict: per doctrine and seat, the win rate with its 95% Wilson interval, the
mean final score, credibility and domestic support, and the collapses. A row
whose interval lies wholly above the fair share (100/n) is a design problem:
a rote doctrine beats the adaptive field; a doctrine that binds no player of
the scenario (``players.doctrine.Doctrine.binds``) is not rote, and its rows
are never one. A row compares the skill of two players in that seat; it says
nothing about whether the seats are fair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from engine.model import CREDIBILITY, DOMESTIC_SUPPORT, Scenario
from lab.balance import GameSummary, _mean, _r, wilson


def doctrine_games(factions: int, strategies: Sequence[str], field: str, first_seed: int, count: int) -> list[tuple[int, tuple[str, ...]]]:
    """Games for every strategy (``doctrine:...``) in every seat, ``count`` each, seeds
    ``first_seed`` onwards, with ``field`` in the other seats: strategy by strategy, seat by seat."""
    games = []
    for strategy in strategies:
        for seat in range(factions):
            for i in range(count):
                seats = [field] * factions
                seats[seat] = strategy
                games.append((first_seed + i, tuple(seats)))
    return games


def doctrine_report(scenario: Scenario, doctrines: Sequence[tuple[str, str, bool]], field: str, count: int, summaries: Sequence[GameSummary]) -> dict[str, Any]:
    """The lab's report on ``summaries`` (the games of ``doctrine_games`` in its order).

    ``doctrines`` gives each doctrine as (label, display name, whether it binds a
    player of this scenario: ``Doctrine.binds``), in the order the games were
    listed. Rates are percentages rounded to 0.001. A row of a doctrine that
    binds no one here is the greedy bot's judgement, so it is never a design problem.
    """
    factions = [f.id for f in scenario.factions]
    names = {f.id: f.name for f in scenario.factions}
    tracks = [t.id for t in scenario.tracks]
    columns = {key: 2 + tracks.index(key) for key in (CREDIBILITY, DOMESTIC_SUPPORT) if key in tracks}
    n = len(factions)
    fair = 100.0 / n
    expected = len(doctrines) * n * count
    if len(summaries) != expected:
        raise ValueError(f"{len(summaries)} games given; the lab lists {expected}")
    rows: list[dict[str, Any]] = []
    position = 0
    for label, name, rote in doctrines:
        for seat, faction in enumerate(factions):
            block = summaries[position : position + count]
            position += count
            wins = sum(1 for s in block if faction in s.winners)
            low, high = wilson(wins, count)
            finals = [s.rows[-1][seat] for s in block]
            row: dict[str, Any] = {
                "doctrine": label,
                "name": name,
                "seat": faction,
                "seat_name": names[faction],
                "games": count,
                "wins": wins,
                "win_rate": _r(100 * wins / count),
                "ci_low": _r(100 * low),
                "ci_high": _r(100 * high),
                "score": _r(_mean([s.scores[seat] for s in block])),
                "credibility": _r(_mean([final[columns[CREDIBILITY]] for final in finals])) if CREDIBILITY in columns else None,
                "domestic_support": _r(_mean([final[columns[DOMESTIC_SUPPORT]] for final in finals])) if DOMESTIC_SUPPORT in columns else None,
                "collapses": sum(1 for s in block if faction in s.collapsed),
            }
            row["beats_field"] = row["ci_low"] > _r(fair)
            row["rote"] = rote
            rows.append(row)
    first = summaries[0].seed if summaries else 0
    return {
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "field": field,
        "games_per_seat": count,
        "seeds": [first, first + count - 1],
        "fair_share": _r(fair),
        "results": rows,
        "design_problems": design_problems(rows, field, fair),
    }


def design_problems(rows: Sequence[dict[str, Any]], field: str, fair: float) -> list[str]:
    """A sentence for every rote doctrine and seat whose 95% interval lies above the fair share."""
    return [
        f"{row['name']} as {row['seat_name']} wins {row['win_rate']:.1f}% of games (95% CI {row['ci_low']:.1f}-{row['ci_high']:.1f}%) "
        f"against the {field} field, above the fair share of {fair:.1f}%: a rote doctrine beats the adaptive field, "
        "so the scenario rewards a formula rather than judgement."
        for row in rows
        if row["beats_field"] and row["rote"]
    ]
