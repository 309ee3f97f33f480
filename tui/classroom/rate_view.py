"""Rating arguments: this turn's submitted orders in one world, each with its justification.

``RateScreen`` is opened from a world's view (``a``). It is the only place
in the console where order contents are shown before resolution. A strong
argument adds 1 to the order's roll, a weak one takes 1 away; the ratings
stay secret until the roll's log line (rule 12.2). It redraws from the
controller's ``Polled`` messages: a team that resubmits, or a turn that
resolves meanwhile, shows at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from classroom.values import TEAM, Overview, SubmittedOrders, WorldStatus
from engine.describe import Describer
from engine.errors import DetenteError
from tui.classroom.cells import seats_in
from tui.classroom.commands import ConsoleCommands
from tui.classroom.controller import ConsoleController
from tui.classroom.follower import OverviewScreen
from tui.classroom.help import ConsoleHelp
from tui.classroom.keys import RATE_KEYS
from tui.palette import faction_colours
from tui.widgets.key_bar import KeyBar

RATINGS = {True: ("STRONG +1", "bold reverse green"), False: ("WEAK −1", "bold reverse red"), None: ("not rated", "dim")}
"""Each rating's label and style: strong, weak, not rated."""


class RateScreen(OverviewScreen):
    """This turn's submitted orders, each with its justification, to rate strong, weak or not at all.

    The only place where order contents are shown before resolution. A
    strong argument adds 1 to the order's roll, a weak one takes 1 away; the
    ratings stay secret until the roll's log line (rule 12.2).
    """

    CSS_PATH = "console.tcss"
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#to-rate"
    BINDINGS = RATE_KEYS

    def __init__(self, controller: ConsoleController, world: int) -> None:
        super().__init__()
        self.controller = controller
        self.desk = controller.desk
        self.world_id = world
        self.scenario = controller.scenario
        self.turn: int | None = None
        """The turn whose orders are shown (None before the first overview)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="rate-body"):
            yield Static(
                "Order contents are shown only here before resolution: do not project this screen. Ratings stay secret until each roll's log line.",
                id="rate-warning",
                markup=False,
            )
            yield OptionList(id="to-rate")
            yield Static("", id="rate-missing", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#to-rate").border_title = "Submitted orders"
        self.follow()

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Re-read the orders when anything changed (a team resubmitted, the turn resolved)."""
        status = next((w for w in overview.worlds if w.id == self.world_id), None)
        if status is None or (not changed and self.turn is not None):
            return
        self.title = f"Rate arguments · {status.name}"
        if status.over:
            self.sub_title = "game over"
        else:
            self.sub_title = f"turn {status.turn}/{self.scenario.turns} · {seats_in(status)}"
        if self.turn is not None and status.turn != self.turn:
            self.notify(f"{status.name} is now on turn {status.turn}: these are its orders.", severity="warning", timeout=5)
        self.turn = status.turn
        try:
            submitted = self.desk.orders_to_rate(self.world_id)
        except DetenteError as exc:
            self.controller.report(exc)
            return
        self._fill(submitted, status)

    def _fill(self, submitted: Sequence[SubmittedOrders], status: WorldStatus) -> None:
        """One option per submitted order (three lines: who and its rating, the move, the why), then who is missing."""
        scenario = self.scenario
        colours = faction_colours(scenario)
        describe = Describer(scenario)
        options = self.query_one("#to-rate", OptionList)
        keep = options.highlighted
        prompts = []
        for entry in submitted:
            faction = scenario.faction(entry.faction)
            for index, (order, rating) in enumerate(zip(entry.orders, entry.ratings), start=1):
                move = scenario.move(order.move)
                label, style = RATINGS[rating]
                line = Text()
                line.append(f"{faction.letter} {faction.name}", f"bold {colours[entry.faction]}")
                team = f" · {entry.team}" if entry.team != faction.name else ""
                line.append(f"{team} · order {index} of {len(entry.orders)}  ", "dim")
                line.append(f" {label} ", style)
                line.append("\n   ")
                line.append(move.name, "bold")
                if order.target:
                    line.append(f" → {describe.name(order.target)}")
                if not move.difficulty:
                    line.append("  (no roll: a rating changes nothing)", "dim italic")
                line.append("\n   ")
                line.append(f"“{order.why}”" if order.why else "(no justification given)", "italic" if order.why else "dim italic")
                prompts.append(Option(line, id=f"{entry.faction}:{index}"))
        options.set_options(prompts)
        if prompts:
            options.highlighted = min(keep or 0, len(prompts) - 1)
        in_ = {entry.faction for entry in submitted}
        missing = [s for s in status.seats if s.faction not in in_]
        lines = []
        if not prompts:
            lines.append("No orders are in yet this turn." if not status.over else "The game is over.")
        for seat in missing:
            faction = scenario.faction(seat.faction)
            why = "a bot: it orders as the turn resolves" if seat.player != TEAM else "no orders yet"
            lines.append(f"{faction.letter} {faction.name}: {why}")
        self.query_one("#rate-missing", Static).update("\n".join(lines))

    def action_rate(self, how: str) -> None:
        """Rate the highlighted order: ``strong``, ``weak`` or ``none``."""
        option = self.query_one("#to-rate", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        faction, index = option.id.rsplit(":", 1)
        strong = {"strong": True, "weak": False, "none": None}[how]
        self.controller.act(lambda: self.desk.rate(self.world_id, faction, int(index), strong, turn=self.turn), "Not rated")

    def action_back(self) -> None:
        """Back to the world."""
        self.dismiss(None)

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())
