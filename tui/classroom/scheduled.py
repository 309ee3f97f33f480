"""A world's scheduled injects, and where its record was last exported, in the facilitator's view of it.

``ScheduledInjects`` is a ``Static`` the world screen assigns to with
``show(...)`` after every poll: one line per inject (its turn, its card and
target, and whether it played), then the export's file; hidden when there is
neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from classroom.values import Scheduled
from engine.describe import Describer
from engine.model import Scenario


class ScheduledInjects(Static):
    """``T3 Super typhoon → Kepulan · waiting``, one line per scheduled inject; then the export, if any."""

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.scenario = scenario

    def show(self, scheduled: Sequence[Scheduled], exported: Path | None) -> None:
        """Draw ``scheduled`` (played, waiting, or why it could not play) and the ``exported`` file."""
        scenario = self.scenario
        lines = []
        for item in scheduled:
            card = item.name or item.card
            target = f" → {Describer(scenario).name(item.target)}" if item.target else ""
            state, style = ("played", "dim") if item.applied else (f"not played: {item.problem}", "italic") if item.problem else ("waiting", "bold")
            lines.append(Text.assemble(f"T{item.turn} ", (card, "bold"), target, " · ", (state, style)))
        if exported is not None:
            lines.append(Text(f"Record exported to {exported}", "dim"))
        titles = (["Scheduled injects"] if scheduled else []) + (["Export"] if exported else [])
        self.border_title = " · ".join(titles)
        self.update(Text("\n").join(lines))
        self.display = bool(lines)
