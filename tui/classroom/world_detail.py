"""The highlighted world on the console's overview: its seats, timer or result, injects and latest log lines.

``WorldDetail`` is a ``Static`` the console screen assigns to with
``show(...)`` after every poll and whenever the highlight moves. It never
shows an order: the log's lines are those of resolved turns only.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from classroom.values import TEAM, WorldStatus
from engine.describe import Describer
from engine.errors import DetenteError
from engine.model import Scenario
from engine.outcome import Outcome
from engine.views import GameView
from tui.classroom.cells import presence, result_sentence, timer_cell
from tui.palette import faction_colours
from tui.text import clip
from tui.widgets.log_view import entry_prefix, entry_text

TAIL = 40
"""How many of the highlighted world's latest log entries are kept at hand."""


class WorldDetail(Static):
    """One world at a glance: a line per seat, its timer (or result) and injects, then its latest log lines."""

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.scenario = scenario
        self._tail_key: tuple[int, int] | None = None
        """(world, revision) of the log lines at hand."""
        self._tail: list[Text] = []
        """The world's latest log lines, one each, cut to the width they were made for."""

    def clear(self) -> None:
        """Show nothing (no world is highlighted)."""
        self.update("")

    def show(self, world: WorldStatus, now: float, *, outcome: Outcome | None, read_view: Callable[[int], GameView], changed: bool) -> None:
        """Draw ``world`` as seen at ``now`` (the store's clock); ``outcome`` once it is over.

        ``read_view`` reads a view of a world's game for its log, only when the world
        moved on or ``changed`` (something changed, or the width did).
        """
        scenario = self.scenario
        colours = faction_colours(scenario)
        self.border_title = f"{world.name} · seed {world.seed} · " + ("game over" if world.over else f"turn {world.turn}/{scenario.turns}")
        self.border_subtitle = "enter: open this world"
        width = max(self.content_region.width, 40)
        team_width = min(max(len(s.team) for s in world.seats), max(width - 30, 8))
        scores = dict(outcome.scores) if outcome is not None else {}
        lines = []
        for seat in world.seats:
            faction = scenario.faction(seat.faction)
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{faction.letter} ", f"bold {colours[seat.faction]}")
            line.append(clip(seat.team, team_width).ljust(team_width))
            if world.over:
                score = scores.get(seat.faction)
                line.append(f"  score {score}" if score is not None else "  over", "bold" if outcome and seat.faction in outcome.winners else "")
                if seat.player != TEAM:
                    line.append(f" · bot: {seat.player}", "dim")
            elif seat.player != TEAM:
                line.append(f"  bot: {seat.player}", "dim")
            else:
                line.append("  orders in " if seat.submitted else "  waiting   ", "bold green" if seat.submitted else "")
                seen = presence(seat, now)
                line.append(f" {seen}", "bold" if seen.startswith("away") else "dim")
            lines.append(line)
        if world.over:
            line = Text("Result: ", "dim")
            line.append("game over" if outcome is None else result_sentence(outcome, scenario), "bold")
        else:
            line = Text("Timer: ", "dim")
            line.append_text(timer_cell(world.timer))
        waiting = sum(1 for item in world.scheduled if not item.applied and item.problem is None)
        if waiting:  # named only inside the world: this overview may be on a projector
            line.append(f" · {waiting} inject{'s' if waiting != 1 else ''} scheduled", "dim")
        if world.problem:
            line = Text(f"Cannot be played: {world.problem}", "bold red")
        lines.append(line)
        key = (world.id, world.revision)
        if changed or self._tail_key != key:
            self._tail_key = key
            try:
                view = read_view(world.id)
            except DetenteError:
                view = None
            self._tail = self._log_tail(view, width) if view is not None else []
        if self._tail:
            lines.append(Text("Latest in the log", "bold"))
            room = self.content_region.height - len(lines)
            lines += self._tail[-max(room, 3) :]
        self.update(Text("\n").join(lines))

    def _log_tail(self, view: GameView, width: int) -> list[Text]:
        """The last log entries of ``view`` (resolved turns only: never a current order), one line each."""
        describer = Describer(view.scenario)
        colours = faction_colours(view.scenario)
        lines = []
        for entry in view.log[-TAIL:]:
            line = entry_prefix(entry, view.scenario, colours)
            line.append(" ")
            line.append_text(entry_text(entry, describer))
            line.no_wrap = True
            line.overflow = "ellipsis"
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        return lines
