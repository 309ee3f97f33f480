"""The facilitator's console: the overview of every world of a classroom session.

``FacilitatorScreen(desk, codes=..., poll=0.5)`` is the console's home: one
row per world with its turn, the seats that are in, its timer and who is
away; never any order, code or the injects waiting for a later turn, so it
is safe on a projector. Enter opens a world in detail (``WorldScreen``),
where every facilitator action lives. The overview acts on every world at
once: pause, resume, resolve (confirmed), time added or taken off, a note,
an inject; it changes the session's phases and rules (``timing``), and
shows the seats' codes one key away (``c``, ``CodesScreen``). A console
opened on a session it has just created says that the codes, and the
facilitator's own code (needed to open the console again, never shown
after), are behind ``c``. A finished world shows ``over`` and its winner
instead of a timer and marks.

The screen owns the console's ``ConsoleController`` and its poll timer; the
controller reads the session and posts ``Polled`` to every open view of the
console and its notices (a turn resolved, trouble reading, an action
refused) here, where they become notifications. The console's modules import
one way: ``cells``, ``controller``, ``keys`` ← ``help``, ``commands``, the
widgets ← the views (``codes_view``, ``rate_view``, ``world_view``) ← this
screen ← ``app``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static

from classroom.facilitator_desk import FacilitatorDesk
from classroom.timer import duration
from classroom.values import TEAM, NewSession, Overview, WorldStatus
from engine.errors import DetenteError
from engine.inputs import MAX_WHY
from tui.classroom.cells import (
    RESUME_COMMAND,
    presence_cell,
    result_cell,
    scores_cell,
    seats_cell,
    status_text,
    timer_cell,
)
from tui.classroom.codes_view import CodesScreen
from tui.classroom.commands import ConsoleCommands
from tui.classroom.controller import FAILED, ConsoleController
from tui.classroom.dialogs import InjectPicker, TextPrompt
from tui.classroom.follower import OverviewScreen
from tui.classroom.help import ConsoleHelp
from tui.classroom.keys import OVERVIEW_KEYS
from tui.classroom.timing import ask_settings, ask_time
from tui.classroom.world_detail import WorldDetail
from tui.classroom.world_view import WorldScreen
from tui.screens.confirm import ConfirmScreen
from tui.text import clip
from tui.widgets.key_bar import KeyBar

WIDE = 110
"""From this many columns, the overview's table gets its wide set of columns."""
NARROW_COLUMNS = (("world", "World"), ("turn", "Turn"), ("seats", "Seats in"), ("timer", "Timer"), ("presence", "Presence"))
WIDE_COLUMNS = (
    ("world", "World"),
    ("turn", "Turn"),
    ("status", "Status"),
    ("seats", "Seats in"),
    ("timer", "Timer"),
    ("presence", "Presence"),
    ("injects", "Scheduled injects"),
)


class FacilitatorScreen(OverviewScreen):
    """The facilitator's console: every world at a glance; Enter opens one.

    ``codes`` are the plain codes of a session just created (``NewSession``),
    shown on the seats-and-codes view (``c``), which the console then opens
    on first, with the facilitator's own code at its top (it is never shown
    after the console closes). Polls every ``poll`` seconds. Dismissed with
    None when the facilitator leaves (after confirming).
    """

    CSS_PATH = "console.tcss"
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#worlds"
    BINDINGS = OVERVIEW_KEYS

    def __init__(self, desk: FacilitatorDesk, *, codes: NewSession | None = None, poll: float = 0.5) -> None:
        super().__init__()
        self.desk = desk
        self.scenario = desk.store.scenario
        self.poll = poll
        """Seconds between polls of the session file."""
        self.controller = ConsoleController(desk, home=self, codes=codes, interval=poll)
        """Reads the session for this screen and every view opened from it."""
        self.overview: Overview | None = None
        """The overview drawn last."""
        self._wide = False
        """True while the table has its wide set of columns."""

    @property
    def codes(self) -> Mapping[tuple[int, str], str | None]:
        """The plain codes handed out at creation, by (world, faction); None once a code was replaced."""
        return self.controller.codes

    # -- the controller's messages ------------------------------------------------------------------

    @on(ConsoleController.TurnResolved)
    def _turn_resolved(self, message: ConsoleController.TurnResolved) -> None:
        if message.why:
            text = f"{message.world}: turn {message.turn} resolved ({message.why})."
        else:
            text = f"{message.world}: turn {message.turn} resolved; now turn {message.now}."
        self.notify(text, title="Turn resolved", timeout=4)

    @on(ConsoleController.Trouble)
    def _trouble(self, message: ConsoleController.Trouble) -> None:
        self.notify(message.text, title="The session file cannot be read", severity="error", timeout=10)

    @on(ConsoleController.Refused)
    def _refused(self, message: ConsoleController.Refused) -> None:
        self.notify(message.text, title=message.title, severity="error", timeout=8)

    # -- the overview --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static("", id="session", markup=False)
            yield DataTable(id="worlds", cursor_type="row", zebra_stripes=True)
            yield WorldDetail(self.scenario, id="world-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#worlds", DataTable).border_title = "Worlds"
        self.query_one(WorldDetail).border_title = "Highlighted world"
        self.title = f"Facilitator · {self.scenario.title}"
        self.controller.read(True)
        self.follow()
        self.set_interval(self.poll, self.controller.poll)
        if self.controller.created:
            self.notify("Press c for the seats' codes and your own facilitator's code (shown only in this run).", title="Codes", timeout=20)

    def on_resize(self, event: events.Resize) -> None:
        """Switch between the compact and the wide table when the width crosses ``WIDE``."""
        if self.overview is not None and (event.size.width >= WIDE) != self._wide:
            self.show_overview(self.overview, True)

    def _columns(self) -> tuple[tuple[str, str], ...]:
        return WIDE_COLUMNS if self._wide else NARROW_COLUMNS

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw the worlds table and the highlighted world's details."""
        self.overview = overview
        worlds = overview.worlds
        over = sum(w.over for w in worlds)
        self.sub_title = f"{len(worlds)} world{'s' if len(worlds) != 1 else ''}" + (f" · {over} over" if over else "")
        self.query_one("#session", Static).update(
            Text.assemble(
                ("Session ", "dim"),
                (self.desk.store.path.name, "bold"),
                (" · ", "dim"),
                self._settings_text(),
                (" · keys act on every world · no orders or codes here (c: codes)", "dim"),
            )
        )
        table = self.query_one("#worlds", DataTable)
        wide = (self.size.width or 80) >= WIDE
        rows = {str(w.id): w for w in worlds}
        if wide != self._wide or not table.columns:
            self._wide = wide
            table.clear(columns=True)
            for key, label in self._columns():
                table.add_column(label, key=key)
        if [str(key.value) for key in table.rows] != list(rows):
            highlighted = table.cursor_row
            table.clear()
            for key, world in rows.items():
                table.add_row(*self._cells(world, overview.now), key=key)
            table.move_cursor(row=min(max(highlighted, 0), len(rows) - 1))
        else:
            for key, world in rows.items():
                for (column, _), cell in zip(self._columns(), self._cells(world, overview.now)):
                    table.update_cell(key, column, cell, update_width=True)
        self._show_detail(changed)

    def _settings_text(self) -> Text:
        """``orders 15:00 · turns resolve when every team is in``: the session's timers and resolution rules."""
        try:
            settings = self.desk.settings()
        except DetenteError:
            return Text("")
        parts = [" then ".join(f"{name} {duration(seconds)}" for name, seconds in settings.phases) or "no timer"]
        when = []
        if settings.resolve_when_all_in:
            when.append("when every team is in")
        if settings.resolve_at_deadline:
            when.append("at the deadline")
        parts.append("turns resolve " + " or ".join(when) if when else "you resolve each turn")
        return Text(" · ".join(parts))

    def _cells(self, world: WorldStatus, now: float) -> tuple[str | Text, ...]:
        """The world's row: the narrow or the wide set of cells."""
        scenario = self.scenario
        status = status_text(world)
        name = Text(clip(world.name, 36 if self._wide else 14), "bold")
        if world.over:  # no timer and no orders to wait for: the result
            outcome = self.controller.outcome(world)
            seats = scores_cell(outcome, scenario)
            timer = result_cell(outcome, scenario, full=self._wide)
        else:
            seats = seats_cell(world, scenario)
            timer = timer_cell(world.timer)
        if not self._wide:
            turn = Text("over", "bold") if world.over else Text(f"{world.turn}/{scenario.turns}")
            return name, turn, seats, timer, presence_cell(world, scenario, now, compact=True)
        waiting = sum(1 for s in world.scheduled if not s.applied and s.problem is None)
        return (
            name,
            f"{world.turn}/{scenario.turns}",
            Text(status, "bold" if status == "over" else "green" if status == "all in" else ""),
            seats,
            timer,
            presence_cell(world, scenario, now),
            Text(f"{waiting} waiting" if waiting else "—", "" if waiting else "dim"),
        )

    def highlighted_world(self) -> int | None:
        """The id of the world under the cursor, if any."""
        table = self.query_one("#worlds", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        return int(key.value) if key.value is not None else None

    @on(DataTable.RowHighlighted, "#worlds")
    def _row_highlighted(self) -> None:
        self._show_detail(False)

    def _show_detail(self, changed: bool) -> None:
        """The highlighted world: its seats (orders in, presence), timer, injects and latest log lines."""
        detail = self.query_one(WorldDetail)
        highlighted = self.highlighted_world()
        overview = self.overview
        world = next((w for w in overview.worlds if w.id == highlighted), None) if overview is not None else None
        if world is None or overview is None:
            detail.clear()
            return
        detail.show(world, overview.now, outcome=self.controller.outcome(world), read_view=self.desk.view, changed=changed)

    # -- actions -------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#worlds")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:  # every row is keyed by its world's id
            self.open_world(int(event.row_key.value))

    def action_open_world(self) -> None:
        """Open the highlighted world."""
        world = self.highlighted_world()
        if world is not None:
            self.open_world(world)

    def open_world(self, world: int) -> None:
        """Show ``world`` in detail."""
        self.app.push_screen(WorldScreen(self.controller, world))

    def action_pause_all(self) -> None:
        """Pause every world's timer."""
        if self.controller.act(lambda: self.desk.pause(None)) is not FAILED:
            self.notify("Every world's timer is paused.", timeout=3)

    def action_resume_all(self) -> None:
        """Start or resume every world's timer."""
        if self.controller.act(lambda: self.desk.resume(None)) is not FAILED:
            self.notify("Every world's timer is running.", timeout=3)

    def _playing(self) -> list[WorldStatus]:
        """The worlds whose game goes on, as last read."""
        return [w for w in (self.overview.worlds if self.overview else ()) if not w.over and not w.problem]

    def _each_world(self, title: str, done: str, action: Callable[[WorldStatus], object]) -> None:
        """Do ``action`` in every world that plays, each in its own transaction; one notice says what was done
        and which worlds refused (a world that refuses leaves the others to go on)."""
        refused: list[str] = []

        def every() -> int:
            count = 0
            for world in self._playing():
                try:
                    action(world)
                    count += 1
                except DetenteError as exc:
                    refused.append(f"{world.name}: {getattr(exc, 'message', exc)}")
            return count

        count = self.controller.act(every, title)
        if count is FAILED:
            return
        self.notify(f"{done} in {count} world{'s' if count != 1 else ''}.", title=title, timeout=4)
        if refused:
            self.notify("\n".join(refused), title=f"{title}: refused", severity="error", timeout=10)

    @work(exclusive=True, group="console-action")
    async def action_resolve_all(self) -> None:
        """Resolve the turn in every world that plays, after confirming."""
        worlds = self._playing()
        if not worlds:
            self.notify("No world is playing: there is nothing to resolve.", severity="warning")
            return
        waiting = sum(1 for w in worlds for seat in w.seats if seat.player == TEAM and not seat.submitted)
        detail = f"{waiting} team seat{'s' if waiting != 1 else ''} not in will pass. " if waiting else "Every team is in. "
        detail += "Each world resolves its own turn; an undo in a world (u) takes its resolution back."
        question = f"Resolve the turn now in all {len(worlds)} playing world{'s' if len(worlds) != 1 else ''}?"
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail, yes="Resolve all", no="Wait")):
            return
        turns = {w.id: w.turn for w in worlds}
        self._each_world("Resolve all", "Resolved", lambda w: self.desk.resolve(w.id, turn=turns[w.id]))

    @work(exclusive=True, group="console-action")
    async def action_time_all(self) -> None:
        """Add or take off minutes in every world's current phase."""
        seconds = await ask_time(self.app, "every world")
        if seconds:
            words = f"{duration(abs(seconds))} {'added' if seconds > 0 else 'taken off'}"
            self._each_world("Time", words.capitalize(), lambda w: self.desk.add_time(w.id, seconds))

    @work(exclusive=True, group="console-action")
    async def action_note_all(self) -> None:
        """The same note in every world's log."""
        text = await self.app.push_screen_wait(
            TextPrompt(
                "A note in every world's log",
                "Every team of every world sees it, and it is kept in each record.",
                placeholder="e.g. Ten minutes left: finish your justifications.",
                required="A note needs some text.",
                max_length=MAX_WHY,
                ok="Add to all",
            )
        )
        if text:
            self._each_world("Note all", "Note added", lambda w: self.desk.note(w.id, text))

    @work(exclusive=True, group="console-action")
    async def action_inject_all(self) -> None:
        """One event card in every world that plays: now, or when a later turn begins."""
        worlds = self._playing()
        if not worlds:
            self.notify("No world is playing.", severity="warning")
            return
        try:
            view = self.desk.view(worlds[0].id)
        except DetenteError as exc:
            self.controller.report(exc)
            return
        choice = await self.app.push_screen_wait(InjectPicker(view))
        if choice is None:
            return
        card = self.scenario.card(choice.card).name
        if choice.turn is None:
            self._each_world("Inject all", f"{card} played", lambda w: self.desk.inject(w.id, choice.card, choice.target))
        else:
            later = choice.turn
            self._each_world("Inject all", f"{card} scheduled for turn {later}", lambda w: self.desk.schedule(w.id, later, choice.card, choice.target))

    @work(exclusive=True, group="console-action")
    async def action_settings(self) -> None:
        """Change the phases, the resolve rule and what a deadline does with drafts, for every world."""
        try:
            current = self.desk.settings()
        except DetenteError as exc:
            self.controller.report(exc)
            return
        settings = await ask_settings(self.app, current)
        if settings is not None and self.controller.act(lambda: self.desk.configure(settings), "Rules not changed") is not FAILED:
            self.notify("The new phases and rules hold in every world from now on.", title="Rules", timeout=4)

    def action_codes(self) -> None:
        """The seats and their codes."""
        self.app.push_screen(CodesScreen(self.controller))

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())

    @work(exclusive=True, group="console-leave")
    async def action_leave(self) -> None:
        """Leave the console after confirming."""
        command = RESUME_COMMAND.format(path=self.desk.store.path)
        detail = "The session file keeps everything."
        code = self.controller.facilitator_code
        if code:
            detail += f" Opening it again asks for your facilitator's code, {code}: write it down now, it is not shown again."
        if self.controller.created and self.codes:
            detail += " The seats' codes are not shown again either (a new code can be issued for any seat)."
        detail += f" Resume with: {command}"
        if await self.app.push_screen_wait(ConfirmScreen("Leave the facilitator's console?", detail, yes="Leave", no="Stay")):
            self.dismiss(None)
