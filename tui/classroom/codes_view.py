"""Seats and codes: every seat of every world, its team, who plays it and, for a session just made, its code.

``CodesScreen`` is opened from the overview (``c``), and first of all by a
console that has just created its session, with the facilitator's own code
at its top. ``issue_code`` is the new-code dialog it shares with a world's
view (``c`` there): confirm, issue, show the new code once.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from classroom.values import TEAM, Overview
from tui.classroom.cells import RESUME_COMMAND
from tui.classroom.commands import ConsoleCommands
from tui.classroom.controller import FAILED, ConsoleController
from tui.classroom.dialogs import CodeShown
from tui.classroom.follower import OverviewScreen
from tui.classroom.help import ConsoleHelp
from tui.classroom.keys import CODES_KEYS
from tui.palette import faction_colours
from tui.screens.confirm import ConfirmScreen
from tui.widgets.key_bar import KeyBar


class CodesScreen(OverviewScreen):
    """Every seat of every world: its team, who plays it and, for a session just made, its code.

    At the top, the facilitator's own code while it is known (a session made
    by this console), or a word that it cannot be shown again. ``n`` issues a
    new code for the highlighted team seat (the old one stops working at
    once); the new code is shown once.
    """

    CSS_PATH = "console.tcss"
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#codes"
    BINDINGS = CODES_KEYS

    def __init__(self, controller: ConsoleController) -> None:
        super().__init__()
        self.controller = controller

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="codes-body"):
            yield Static("", id="facilitator-code", markup=False)
            yield Static("", id="codes-note", markup=False)
            yield DataTable(id="codes", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        controller = self.controller
        self.title = "Seats and codes"
        self.sub_title = controller.scenario.title
        table = self.query_one("#codes", DataTable)
        for key, label in (("world", "World"), ("seat", "Seat"), ("team", "Team"), ("code", "Code")):
            table.add_column(label, key=key)
        path = controller.desk.store.path
        mine = self.query_one("#facilitator-code", Static)
        if controller.facilitator_code:
            mine.border_title = "Your facilitator's code"
            mine.update(
                Text.assemble(
                    ("  " + controller.facilitator_code + "  ", "bold reverse"),
                    "\n",
                    (
                        "Write it down now: it is shown only while this console is open, and opening the console again "
                        f"({RESUME_COMMAND.format(path=path)}) asks for it. Keep it from the teams.",
                        "",
                    ),
                )
            )
        else:
            mine.border_title = "Facilitator's code"
            mine.add_class("-gone")
            mine.update("The facilitator's code was given when the session was created and cannot be shown again (only a hash of it is kept).")
        new_code = (
            "If a team loses its code, highlight its seat here and press n for a new one "
            "(in a world's view, c on the seat does the same); the old code stops working at once."
        )
        if controller.created:
            note = (
                f"Hand each team its seat's code; teams join with: detente join {path} "
                "(or in a browser, after detente serve). Seat codes are stored only as hashes: they are shown "
                f"here until you leave the console. {new_code} Esc: the overview of every world."
            )
        else:
            note = f"The seats' codes were handed out when the session was made and are not stored. {new_code}"
        self.query_one("#codes-note", Static).update(note)
        self.follow()

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw the seats when anything changed."""
        if not changed:
            return
        scenario = self.controller.scenario
        codes = self.controller.codes
        colours = faction_colours(scenario)
        table = self.query_one("#codes", DataTable)
        row = table.cursor_row
        table.clear()
        for world in overview.worlds:
            for seat in world.seats:
                faction = scenario.faction(seat.faction)
                key = (world.id, seat.faction)
                if seat.player != TEAM:
                    code = Text(f"bot: {seat.player}", "dim")
                elif key not in codes:
                    code = Text("handed out", "dim")
                elif (known := codes[key]) is None:
                    code = Text("replaced (shown once)", "dim italic")
                else:
                    code = Text(known, "bold")
                table.add_row(
                    world.name,
                    Text(f"{faction.letter} {faction.name}", f"bold {colours[seat.faction]}"),
                    seat.team,
                    code,
                    key=f"{world.id}:{seat.faction}",
                )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def highlighted_seat(self) -> tuple[int, str] | None:
        """(world, faction) of the highlighted row."""
        table = self.query_one("#codes", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        world, faction = key.split(":", 1)
        return int(world), faction

    @work(exclusive=True, group="console-codes")
    async def action_new_code(self) -> None:
        """Issue a new code for the highlighted seat, after confirming."""
        seat = self.highlighted_seat()
        if seat is None:
            return
        await issue_code(self, self.controller, *seat)

    def action_back(self) -> None:
        """Back to the overview."""
        self.dismiss(None)

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())


async def issue_code(screen: Screen[None], controller: ConsoleController, world: int, faction: str) -> str | None:
    """Confirm on ``screen``, issue a new code for ``faction``'s seat in ``world`` and show it once; the code, or None.

    Call it from a worker (it waits for the dialogs).
    """
    status = controller.world(world)
    seat = next((s for s in status.seats if s.faction == faction), None) if status else None
    name = controller.scenario.faction(faction)
    if seat is not None and seat.player != TEAM:
        screen.notify(f"{name.letter} {name.name} is played by a bot: it has no code.", severity="warning")
        return None
    team = seat.team if seat else name.name
    question = f"New code for {name.letter} {name.name} ({team}) in {controller.world_name(world)}?"
    detail = "The old code stops working at once, also for a team that has the seat open."
    if not await screen.app.push_screen_wait(ConfirmScreen(question, detail, yes="New code", no="Keep")):
        return None
    code = controller.act(lambda: controller.desk.new_code(world, faction), "No new code")
    if code is FAILED:
        return None
    controller.code_replaced(world, faction)
    await screen.app.push_screen_wait(
        CodeShown(
            f"New code for {name.letter} {name.name} · {controller.world_name(world)}",
            code,
            f"Give it to {team}. It is shown only now (the session stores a hash of it); the old code no longer works.",
        )
    )
    return code
