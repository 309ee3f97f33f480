"""``detente project SESSION``: the class's view of a session, for a projector.

A large countdown (the running timer closest to its end), who is in per
world, the standings across worlds and the public log as it lands, redrawn
every half second from ``classroom.projector.ProjectorDesk``: never an
order, a rating, a code or an inject scheduled for a later turn, because
that desk never reads them. Nothing on it can be changed; ``q`` closes it.
"""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Digits, Header, Static

from classroom.projector import Projection, ProjectorDesk
from classroom.store import Store
from classroom.timer import duration
from engine.errors import DetenteError
from tui.palette import faction_colours
from tui.widgets.key_bar import KeyBar


def countdown(projection: Projection) -> tuple[str, str]:
    """The big clock's digits and the line under it: the running world closest to its deadline."""
    timed = [w for w in projection.worlds if not w.over and not w.problem and w.timer.seconds_left is not None]
    if not timed:
        over = all(w.over for w in projection.worlds)
        return ("--:--", "Every game is over" if over else "No timer")
    running = [w for w in timed if not w.timer.paused] or timed
    first = min(running, key=lambda w: w.timer.seconds_left or 0.0)
    timer = first.timer
    if timer.deadline_passed:
        digits, words = "0:00", f"Time is up · {timer.phase}"
    else:
        digits, words = duration(timer.seconds_left or 0.0), f"{timer.phase} · turn {first.turn} of {projection.turns}"
    if timer.paused:
        words += " · paused"
    others = {round(w.timer.seconds_left or 0.0) for w in timed}
    if len(projection.worlds) > 1:
        words += f" · {first.name}" + (" (other worlds differ)" if len(others) > 1 else " and every world")
    return digits, words


class ProjectorApp(App[None]):
    """The projector's view of ``store``, redrawn every ``poll`` seconds."""

    TITLE = "Détente · projector"
    CSS_PATH = Path(__file__).parents[1] / "app.tcss"
    BINDINGS = [Binding("q", "quit", "Quit", tooltip="Close the projector view (the session goes on)")]
    DEFAULT_CSS = """
    #clock { height: auto; align: center top; }
    #digits { width: auto; }
    #clock-words { width: 100%; text-align: center; color: $text-muted; }
    #tables { height: auto; }
    #worlds, #standings { width: 1fr; height: auto; border: round $primary; }
    #events { height: 1fr; border: round $primary; }
    """

    def __init__(self, store: Store, *, poll: float = 0.5) -> None:
        super().__init__()
        self.desk = ProjectorDesk(store)
        self.scenario = store.scenario
        self.poll = poll
        self.projection: Projection | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="clock"), Center():
            yield Digits("--:--", id="digits")
        yield Static("", id="clock-words", markup=False)
        with Horizontal(id="tables"):
            yield Static("", id="worlds")
            yield Static("", id="standings")
        yield Static("", id="events")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        self.query_one("#worlds").border_title = "Who is in"
        self.query_one("#standings").border_title = "Standings"
        self.query_one("#events").border_title = "Latest"
        self.refresh_projection()
        self.set_interval(self.poll, self.refresh_projection)

    def refresh_projection(self) -> None:
        """Read the session and redraw (a problem reading it shows where the clock's words go)."""
        try:
            projection = self.desk.read()
        except DetenteError as exc:
            self.query_one("#clock-words", Static).update(str(exc))
            return
        self.projection = projection
        digits, words = countdown(projection)
        self.query_one("#digits", Digits).update(digits)
        self.query_one("#clock-words", Static).update(words)
        self.query_one("#worlds", Static).update(self._who_is_in(projection))
        self.query_one("#standings", Static).update(self._standings(projection))
        self.query_one("#events", Static).update(self._events(projection))

    def _who_is_in(self, projection: Projection) -> Table:
        colours = faction_colours(self.scenario)
        table = Table(box=None, expand=True, show_header=False)
        table.add_column("World", ratio=2, no_wrap=True, overflow="ellipsis")
        table.add_column("Turn", no_wrap=True)
        table.add_column("Seats", ratio=3, no_wrap=True, overflow="ellipsis")
        for world in projection.worlds:
            seats = Text()
            teams = [s for s in world.seats if not s.bot]
            seats.append(f"{sum(s.submitted for s in teams)}/{len(teams)} in ", "bold")
            for seat in world.seats:
                seats.append(self.scenario.faction(seat.faction).letter, f"bold {colours[seat.faction]}")
                seats.append("⚙ " if seat.bot else "✓ " if seat.submitted else "… ", "green" if seat.submitted else "dim")
            turn = "damaged" if world.problem else "over" if world.over else f"{world.turn}/{projection.turns}"
            table.add_row(Text(world.name, "bold"), turn, seats)
        return table

    def _standings(self, projection: Projection) -> Table:
        colours = faction_colours(self.scenario)
        table = Table(box=None, expand=True, show_header=False)
        table.add_column("World", ratio=2, no_wrap=True, overflow="ellipsis")
        table.add_column("Scores", ratio=3, no_wrap=True, overflow="ellipsis")
        for world in projection.worlds:
            scores = Text()
            for rank, (faction, score) in enumerate(world.scores):
                if rank:
                    scores.append("  ")
                scores.append(self.scenario.faction(faction).letter, f"bold {colours[faction]}")
                scores.append(f" {score}", "bold" if faction in world.winners else "")
            if world.over:
                scores.append("  final", "dim")
            table.add_row(Text(world.name, "bold"), scores)
        return table

    def _events(self, projection: Projection) -> Text:
        lines = Text()
        many = len(projection.worlds) > 1
        for world in projection.worlds:
            for line in world.recent[-(3 if many else 12) :]:
                if lines:
                    lines.append("\n")
                if many:
                    lines.append(f"{world.name}: ", "bold")
                lines.append(line)
        return lines
