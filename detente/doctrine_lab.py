"""The doctrine lab's report as text (``detente balance --doctrines``; docs/bots.md)."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100
"""The text report's width."""


def render_text(result: dict[str, Any]) -> list[str]:
    """The report of ``lab.doctrines.doctrine_report`` as lines at most 100 characters wide."""
    scenario = result["scenario"]
    rows = result["results"]
    doctrines = list(dict.fromkeys(row["doctrine"] for row in rows))
    seats = list(dict.fromkeys(row["seat"] for row in rows))
    first, last = result["seeds"]
    lines = [
        f"{scenario['title']} ({scenario['id']}): doctrine lab against the {result['field']} field",
        *textwrap.wrap(
            f"{len(doctrines)} doctrine(s) x {len(seats)} seats x {result['games_per_seat']} games (seeds {first}-{last}); "
            f"each row is one doctrine in one seat with {result['field']} in every other seat: a comparison of skill, "
            f"not a measure of seat fairness. Fair share {result['fair_share']:.1f}%.",
            WIDTH,
        ),
        "",
    ]
    name_width = min(max((len(row["doctrine"]) for row in rows), default=8), 28)
    seat_width = min(max((len(seat) for seat in seats), default=4), 16)
    lines.append(f"{'doctrine':<{name_width}}  {'seat':<{seat_width}}  games   win%  95% CI          score   cred  support  collapses")
    for row in rows:
        credibility = "-" if row["credibility"] is None else f"{row['credibility']:.1f}"
        support = "-" if row["domestic_support"] is None else f"{row['domestic_support']:.1f}"
        flag = "  =" if not row["rote"] else "  !" if row["beats_field"] else ""
        lines.append(
            f"{row['doctrine'][:name_width]:<{name_width}}  {row['seat'][:seat_width]:<{seat_width}}  {row['games']:>5}  {row['win_rate']:5.1f}"
            f"  ({row['ci_low']:4.1f}-{row['ci_high']:5.1f}%)  {row['score']:6.1f}  {credibility:>5}  {support:>7}  {row['collapses']:>9}{flag}"
        )
    lines.append("")
    free = list(dict.fromkeys(row["name"] for row in rows if not row["rote"]))
    if free:
        lines += textwrap.wrap(
            f"= {', '.join(free)}: binds no player of this scenario (rules out none of its moves, prefers nothing, answers events "
            "as valued), so these rows are greedy play with another draw for ties, never a design problem.",
            WIDTH,
        )
    if result["design_problems"]:
        lines.append("DESIGN PROBLEMS (! above: the 95% interval lies above the fair share)")
        for problem in result["design_problems"]:
            lines += textwrap.wrap(problem, WIDTH, initial_indent="  ! ", subsequent_indent="    ")
    else:
        lines.append("No design problem: no rote doctrine's 95% interval lies above the fair share.")
    return lines
