"""The facilitator's console: every world of a classroom session on one screen, and the seats' codes.

``FacilitatorScreen(desk, codes=..., poll=0.5)`` is the console's home, the
overview: one row per world with its turn, the seats that are in, its timer
and who is away; never any order. Enter opens a world in detail
(``tui.classroom.world_view.WorldScreen``), where every facilitator action
lives. The overview pauses or resumes every world's timer, and shows the
seats' codes (``CodesScreen``). A console opened on a session it has just
created opens on the seats and codes first, with the facilitator's own code
at the top: it is needed to open the console again and is never shown after.
A finished world shows ``over`` and its winner instead of a timer and marks.

Everything goes through the ``FacilitatorDesk``, which journals each action.
The console polls: every ``poll`` seconds it calls ``desk.tick()`` (turns
resolve by themselves by the session's rules) and redraws when
``desk.revision()`` moved, and once a second for the timers. Errors of the
desk are notifications, never tracebacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Protocol

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from classroom.errors import ClassroomError
from classroom.store import TEAM, FacilitatorDesk, NewSession, Overview, SeatStatus, WorldStatus
from classroom.timer import TimerStatus, duration
from engine.describe import Describer
from engine.errors import DetenteError
from engine.model import Scenario
from engine.outcome import Outcome
from tui.text import clip
from tui.classroom.dialogs import CodeShown
from tui.palette import faction_colours
from tui.screens.confirm import ConfirmScreen
from tui.widgets.log_view import entry_prefix, entry_text

CSS = Path(__file__).with_name("console.tcss")

AWAY_SECONDS = 30.0
"""A team seat not seen for longer than this is shown as away."""

RESUME_COMMAND = "detente facilitate --resume {path}"
"""How to open the console again on a session file (shown when leaving)."""

FAILED = object()
"""What ``FacilitatorScreen.act`` returns when the desk refused the action."""

WIDE = 110
"""From this many columns, the overview's table gets its wide set of columns."""
NARROW_COLUMNS = (("world", "World"), ("turn", "Turn"), ("seats", "Seats in"), ("timer", "Timer"), ("presence", "Presence"))
WIDE_COLUMNS = (
    ("world", "World"), ("turn", "Turn"), ("status", "Status"), ("seats", "Seats in"), ("timer", "Timer"),
    ("presence", "Presence"), ("injects", "Scheduled injects"),
)
TAIL = 40
"""How many of the highlighted world's latest log entries the overview keeps at hand."""

IN, WAITING, BOT = "✓", "…", "⚙"
"""After a seat's letter: its orders are in; not yet; a bot (orders as the turn resolves)."""


# -- words and cells shared by the console's screens --------------------------------------------


def problem_text(exc: DetenteError, session_file: str = "") -> str:
    """An error's message for a notification: the session file's name is left out (it is always the same)."""
    if isinstance(exc, ClassroomError) and exc.file == session_file:
        return exc.message
    return str(exc)


def timer_text(status: TimerStatus) -> str:
    """``orders 14:32``, ``orders 15:00 PAUSED``, ``orders time up``, or ``no timer``."""
    if status.seconds_left is None:
        text = "no timer"
    elif status.deadline_passed:
        text = f"{status.phase} time up"
    else:
        text = f"{status.phase} {duration(status.seconds_left)}"
    return f"{text} PAUSED" if status.paused else text


def timer_cell(status: TimerStatus) -> Text:
    """``timer_text`` styled: PAUSED stands out, the last minute and the end in bold."""
    if status.seconds_left is None:
        return Text("no timer", "dim")
    text = Text()
    if status.deadline_passed:
        text.append(f"{status.phase} time up", "bold red")
    else:
        style = "bold" if status.seconds_left <= 60 else ""
        text.append(f"{status.phase} {duration(status.seconds_left)}", style)
    if status.paused:
        text.append(" ")
        text.append("PAUSED", "bold reverse yellow")
    return text


def winners_text(outcome: Outcome, scenario: Scenario, *, full: bool = False) -> Text:
    """``S wins`` (``full``: ``S Seaboard Federation wins``), ``S, H win`` or ``no winner``, letters in colour."""
    if not outcome.winners:
        return Text("no winner")
    colours = faction_colours(scenario)
    text = Text()
    for index, faction in enumerate(outcome.winners):
        if index:
            text.append(", ")
        definition = scenario.faction(faction)
        text.append(definition.letter, f"bold {colours[faction]}")
        if full:
            text.append(f" {definition.name}", "bold")
    text.append(" wins" if len(outcome.winners) == 1 else " win")
    return text


def result_cell(outcome: Outcome | None, scenario: Scenario, *, full: bool = False) -> Text:
    """A finished world's timer cell: ``over · S wins`` (the timer no longer matters)."""
    text = Text("over", "bold")
    if outcome is not None:
        text.append(" · ")
        text.append_text(winners_text(outcome, scenario, full=full))
    return text


def result_sentence(outcome: Outcome, scenario: Scenario) -> str:
    """``S Seaboard Federation wins (turn 10, turn limit)``: a finished game's result in plain words."""
    how = outcome.termination.value.replace("_", " ")
    return f"{winners_text(outcome, scenario, full=True).plain} (turn {outcome.turn}, {how})"


def scores_cell(outcome: Outcome | None, scenario: Scenario) -> Text:
    """A finished world's seats cell: the final scores, ``S31 H28 M25``, letters in colour."""
    if outcome is None:
        return Text("over", "dim")
    colours = faction_colours(scenario)
    text = Text()
    for faction, score in outcome.scores:
        if text:
            text.append(" ")
        text.append(scenario.faction(faction).letter, f"bold {colours[faction]}")
        text.append(str(score), "bold" if faction in outcome.winners else "")
    return text


def team_seats(world: WorldStatus) -> list[SeatStatus]:
    """The seats played by people (bots order as the turn resolves)."""
    return [seat for seat in world.seats if seat.player == TEAM]


def seats_in(world: WorldStatus) -> str:
    """``2/3 in``: team seats with orders in this turn, of all team seats."""
    teams = team_seats(world)
    return f"{sum(seat.submitted for seat in teams)}/{len(teams)} in"


def seats_cell(world: WorldStatus, scenario: Scenario) -> Text:
    """``2/3 in  S✓ H… M⚙``: the count, then each seat's letter in its colour and its mark."""
    colours = faction_colours(scenario)
    text = Text(seats_in(world), "bold" if world.over else "")
    text.append(" ")
    for seat in world.seats:
        letter = scenario.faction(seat.faction).letter
        text.append(" ")
        text.append(letter, f"bold {colours[seat.faction]}")
        mark = BOT if seat.player != TEAM else IN if seat.submitted else WAITING
        text.append(mark, "bold green" if mark == IN else "dim")
    return text


def presence(seat: SeatStatus, now: float) -> str:
    """``here``, ``away 2m`` (not seen for over 30 s), ``not joined``, or ``bot`` for a seat played by a bot."""
    if seat.player != TEAM:
        return "bot"
    if seat.last_seen is None:
        return "not joined"
    gone = now - seat.last_seen
    if gone <= AWAY_SECONDS:
        return "here"
    return f"away {_ago(gone)}"


def _ago(seconds: float) -> str:
    if seconds < 60:
        return f"{int(seconds)}s"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    return f"{int(seconds // 3600)}h"


def presence_cell(world: WorldStatus, scenario: Scenario, now: float, *, compact: bool = False) -> Text:
    """``all here``, or the letters of the team seats away and not yet joined.

    ``compact``: ``1/3 here · away S H`` (seats not yet joined are only counted).
    """
    colours = faction_colours(scenario)
    teams = team_seats(world)
    away = [s for s in teams if presence(s, now).startswith("away")]
    never = [s for s in teams if s.last_seen is None]
    if not away and not never:
        return Text("all here" if teams else "bots only", "dim")
    text = Text()
    if compact:
        text.append(f"{len(teams) - len(away) - len(never)}/{len(teams)} here", "dim")
        never = []
    for label, seats in (("away", away), ("not joined", never)):
        if not seats:
            continue
        if text:
            text.append(" · ")
        text.append(label + " ", "bold" if label == "away" else "dim")
        text.append_text(Text(" ").join(Text(scenario.faction(s.faction).letter, f"bold {colours[s.faction]}") for s in seats))
    return text



def status_text(world: WorldStatus) -> str:
    """``playing``, ``all in`` or ``over``."""
    if world.over:
        return "over"
    teams = team_seats(world)
    return "all in" if teams and all(seat.submitted for seat in teams) else "playing"



# -- the command palette and the help ---------------------------------------------------------------


class ConsoleCommands(Provider):
    """Every key of the console screen in front, by name (the footer may be too narrow for all)."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        screen = self.screen
        for binding in getattr(screen, "BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if screen.check_action(binding.action, ()) is not True:
                continue
            text = f"{binding.description} ({_key_name(binding)})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(screen.run_action, binding.action), help=binding.tooltip or None)


def _key_name(binding: Binding) -> str:
    return binding.key_display or {"question_mark": "?", "escape": "esc", "enter": "enter"}.get(binding.key, binding.key)


def keys_markdown(screens: Iterable[tuple[str, type]]) -> str:
    """A Markdown list of each screen's keys, from its bindings (so the help never goes stale)."""
    lines = []
    for title, screen in screens:
        lines += [f"## {title}", ""]
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                tip = f": {binding.tooltip}" if binding.tooltip else ""
                lines.append(f"- `{_key_name(binding)}` **{binding.description}**{tip}")
        lines.append("")
    return "\n".join(lines)


class ConsoleHelp(ModalScreen[None]):
    """The console's keys, screen by screen; Escape or ? closes it."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("escape", "close", "Close", id="console-help.close"),
        Binding("question_mark", "close", "Close", key_display="?", show=False, id="console-help.toggle"),
    ]

    def compose(self) -> ComposeResult:
        from tui.classroom.world_view import RateScreen, WorldScreen

        text = HELP_INTRO + keys_markdown([
            ("The overview", FacilitatorScreen),
            ("A world", WorldScreen),
            ("Rating arguments", RateScreen),
            ("Seats and codes", CodesScreen),
        ])
        with VerticalScroll(id="help-dialog") as scroll:
            scroll.border_title = "Facilitator's console: help"
            scroll.border_subtitle = "esc to close"
            yield Markdown(text)

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


HELP_INTRO = """\
Every action is kept in the session file's journal and in each world's
record, so a replay repeats it exactly (rules, section 12). Turns resolve by
themselves when every team is in, or at the deadline, as the session's
settings say; `ctrl+p` finds any action by name.

"""


# -- the console's screens ------------------------------------------------------------------------


class ConsoleView(Protocol):
    """A screen the console redraws after each poll (registered with ``FacilitatorScreen.attach``)."""

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw from ``overview``; ``changed``: a world's revision moved since the last redraw."""


class FacilitatorScreen(Screen[None]):
    """The facilitator's console: every world at a glance; Enter opens one.

    ``codes`` are the plain codes of a session just created (``NewSession``),
    shown on the seats-and-codes view (``c``), which the console then opens
    on first, with the facilitator's own code at its top (it is never shown
    after the console closes). Polls every ``poll`` seconds. Dismissed with
    None when the facilitator leaves (after confirming).
    """

    CSS_PATH = CSS
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#worlds"

    BINDINGS = [
        Binding("enter", "open_world", "Open", priority=True, tooltip="The highlighted world in detail, with every action"),
        Binding("p", "pause_all", "Pause all", tooltip="Pause every world's timer (journaled in each world)"),
        Binding("s", "resume_all", "Resume all", tooltip="Start or resume every world's timer"),
        Binding("c", "codes", "Codes", tooltip="Seats and codes: every seat's team and code; issue a new code"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
        Binding("q", "leave", "Leave", tooltip="Close the console; the session file keeps everything"),
    ]

    def __init__(self, desk: FacilitatorDesk, *, codes: NewSession | None = None, poll: float = 0.5) -> None:
        super().__init__()
        self.desk = desk
        self.scenario: Scenario = desk.store.scenario
        self.poll = poll
        """Seconds between polls of the session file."""
        self.codes: dict[tuple[int, str], str | None] = dict(codes.seat_codes) if codes is not None else {}
        """The plain codes handed out at creation, by (world, faction); None once a code was replaced."""
        self.created = codes is not None
        """True when the session was created just now (its codes are known)."""
        self.facilitator_code: str | None = codes.facilitator_code if codes is not None else None
        """The facilitator's own code, known only for a session created just now."""
        self._outcomes: dict[int, tuple[int, Outcome | None]] = {}
        """Each finished world's result, by the revision it was read at."""
        self.overview: Overview | None = None
        """The last overview read."""
        self._views: list[ConsoleView] = []
        self._wide = False
        self._tail_key: tuple[int, int] | None = None
        self._tail: list[Text] = []
        self._revision: int | None = None
        self._drawn = 0.0
        self._trouble = ""
        self._turns: dict[int, int] = {}
        """Each world's turn at the last redraw (to tell of turns resolved elsewhere)."""
        self._acting = False

    # -- polling -------------------------------------------------------------------------------

    def attach(self, view: ConsoleView) -> None:
        """Redraw ``view`` after every poll until it is detached."""
        if view not in self._views:
            self._views.append(view)
        if self.overview is not None:
            view.show_overview(self.overview, True)

    def detach(self, view: ConsoleView) -> None:
        """Stop redrawing ``view``."""
        if view in self._views:
            self._views.remove(view)

    def poll_now(self, *, force: bool = False) -> None:
        """Tick (resolve what is due) and redraw what changed; the timers once a second.

        Called by the poll timer, and after each action so that it shows at once.
        """
        try:
            done = self.desk.tick()
            revision = self.desk.revision()
        except DetenteError as exc:
            self.report(exc)
            return
        for auto in done:
            name = self._world_name(auto.world)
            why = "every team is in" if auto.why == "all in" else "time is up"
            self.notify(f"{name}: turn {auto.turn} resolved ({why}).", title="Turn resolved", timeout=4)
            self._turns[auto.world] = auto.turn + 1
        changed = revision != self._revision
        if changed or force or time.monotonic() - self._drawn >= 1.0:
            self.redraw(changed or force, revision)

    def redraw(self, changed: bool = True, revision: int | None = None) -> None:
        """Read the overview and redraw this screen and every attached view."""
        try:
            overview = self.desk.overview()
        except DetenteError as exc:
            self.report(exc)
            return
        self._trouble = ""
        for world in overview.worlds:
            before = self._turns.get(world.id)
            if before is not None and world.turn > before and not self._acting:
                # the completing submission resolved it in a seat's process (or another console did)
                self.notify(f"{world.name}: turn {before} resolved; now turn {world.turn}.", title="Turn resolved", timeout=4)
            self._turns[world.id] = world.turn
        if revision is not None:
            self._revision = revision
        self._drawn = time.monotonic()
        self.overview = overview
        for view in [self, *self._views]:
            view.show_overview(overview, changed)

    def report(self, exc: DetenteError) -> None:
        """Notify a polling problem once (not at every poll)."""
        text = self.problem(exc)
        if text != self._trouble:
            self._trouble = text
            self.notify(text, title="The session file cannot be read", severity="error", timeout=10)

    def problem(self, exc: DetenteError) -> str:
        """``exc``'s message for a notification."""
        return problem_text(exc, self.desk.store.file)

    def act(self, what: Callable[[], object], title: str = "Not done") -> object:
        """Call a desk action and redraw; its result, or ``FAILED`` after notifying why it was refused."""
        self._acting = True
        try:
            result = what()
        except DetenteError as exc:
            self.notify(self.problem(exc), title=title, severity="error", timeout=8)
            result = FAILED
        try:
            self.poll_now(force=True)
        finally:
            self._acting = False
        return result

    def _world_name(self, world: int) -> str:
        if self.overview is not None:
            for status in self.overview.worlds:
                if status.id == world:
                    return status.name
        return f"world {world}"

    def outcome(self, world: WorldStatus) -> Outcome | None:
        """A finished world's result (None while it plays, or if its game cannot be read)."""
        if not world.over:
            return None
        cached = self._outcomes.get(world.id)
        if cached is not None and cached[0] == world.revision:
            return cached[1]
        try:
            outcome = self.desk.game(world.id).outcome
        except DetenteError:
            return None
        self._outcomes[world.id] = (world.revision, outcome)
        return outcome

    def world(self, world: int) -> WorldStatus | None:
        """The world's status in the last overview."""
        if self.overview is None:
            return None
        return next((w for w in self.overview.worlds if w.id == world), None)

    # -- the overview --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static("", id="session", markup=False)
            yield DataTable(id="worlds", cursor_type="row", zebra_stripes=True)
            yield Static("", id="world-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#worlds", DataTable).border_title = "Worlds"
        self.query_one("#world-detail").border_title = "Highlighted world"
        self.title = f"Facilitator · {self.scenario.title}"
        self.redraw(True, None)
        self.set_interval(self.poll, self.poll_now)
        if self.created:
            self.app.push_screen(CodesScreen(self))

    def on_resize(self, event: events.Resize) -> None:
        """Switch between the compact and the wide table when the width crosses ``WIDE``."""
        if self.overview is not None and (event.size.width >= WIDE) != self._wide:
            self.show_overview(self.overview, True)

    def _columns(self) -> tuple[tuple[str, str], ...]:
        return WIDE_COLUMNS if self._wide else NARROW_COLUMNS

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw the worlds table and the highlighted world's details."""
        worlds = overview.worlds
        over = sum(w.over for w in worlds)
        self.sub_title = f"{len(worlds)} world{'s' if len(worlds) != 1 else ''}" + (f" · {over} over" if over else "")
        self.query_one("#session", Static).update(Text.assemble(
            ("Session ", "dim"), (self.desk.store.path.name, "bold"), (" · ", "dim"), self._settings_text(),
            (" · order contents are never shown here", "dim"),
        ))
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

    def _cells(self, world: WorldStatus, now: float) -> tuple:
        scenario = self.scenario
        status = status_text(world)
        name = Text(clip(world.name, 36 if self._wide else 14), "bold")
        if world.over:  # no timer and no orders to wait for: the result
            outcome = self.outcome(world)
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
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
        return int(key.value)

    @on(DataTable.RowHighlighted, "#worlds")
    def _row_highlighted(self) -> None:
        self._show_detail(False)

    def _show_detail(self, changed: bool) -> None:
        """The highlighted world: its seats (orders in, presence), timer, injects and latest log lines."""
        panel = self.query_one("#world-detail", Static)
        world = self.world(self.highlighted_world() or -1)
        if world is None or self.overview is None:
            panel.update("")
            return
        scenario = self.scenario
        colours = faction_colours(scenario)
        now = self.overview.now
        panel.border_title = f"{world.name} · seed {world.seed} · " + ("game over" if world.over else f"turn {world.turn}/{scenario.turns}")
        panel.border_subtitle = "enter: open this world"
        width = max(panel.content_region.width, 40)
        team_width = min(max(len(s.team) for s in world.seats), max(width - 30, 8))
        outcome = self.outcome(world)
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
        describe = Describer(scenario)
        for item in world.scheduled:
            if not item.applied and item.problem is None:
                target = f" → {describe.name(item.target)}" if item.target else ""
                line.append(f" · turn {item.turn}: {describe.name(item.card)}{target}", "dim")
        lines.append(line)
        key = (world.id, world.revision)
        if changed or self._tail_key != key:
            self._tail_key = key
            try:
                game = self.desk.game(world.id)
            except DetenteError:
                game = None
            self._tail = self._log_tail(game, width) if game is not None else []
        if self._tail:
            lines.append(Text("Latest in the log", "bold"))
            room = panel.content_region.height - len(lines)
            lines += self._tail[-max(room, 3):]
        panel.update(Text("\n").join(lines))

    def _log_tail(self, game, width: int) -> list[Text]:
        """The last log entries of ``game`` (resolved turns only: never a current order), one line each."""
        describer = Describer(game.scenario)
        colours = faction_colours(game.scenario)
        lines = []
        for entry in game.log[-TAIL:]:
            line = entry_prefix(entry, game.scenario, colours)
            line.append(" ")
            line.append_text(entry_text(entry, describer))
            line.no_wrap = True
            line.overflow = "ellipsis"
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
        return lines

    @on(DataTable.RowSelected, "#worlds")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_world(int(event.row_key.value))

    def action_open_world(self) -> None:
        """Open the highlighted world."""
        world = self.highlighted_world()
        if world is not None:
            self.open_world(world)

    def open_world(self, world: int) -> None:
        """Show ``world`` in detail."""
        from tui.classroom.world_view import WorldScreen

        self.app.push_screen(WorldScreen(self, world))

    def action_pause_all(self) -> None:
        """Pause every world's timer."""
        if self.act(lambda: self.desk.pause(None)) is not FAILED:
            self.notify("Every world's timer is paused.", timeout=3)

    def action_resume_all(self) -> None:
        """Start or resume every world's timer."""
        if self.act(lambda: self.desk.resume(None)) is not FAILED:
            self.notify("Every world's timer is running.", timeout=3)

    def action_codes(self) -> None:
        """The seats and their codes."""
        self.app.push_screen(CodesScreen(self))

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())

    @work(exclusive=True, group="console-leave")
    async def action_leave(self) -> None:
        """Leave the console after confirming."""
        command = RESUME_COMMAND.format(path=self.desk.store.path)
        detail = "The session file keeps everything."
        if self.facilitator_code:
            detail += (f" Opening it again asks for your facilitator's code, {self.facilitator_code}: "
                       "write it down now, it is not shown again.")
        if self.created and self.codes:
            detail += " The seats' codes are not shown again either (a new code can be issued for any seat)."
        detail += f" Resume with: {command}"
        if await self.app.push_screen_wait(ConfirmScreen("Leave the facilitator's console?", detail, yes="Leave", no="Stay")):
            self.dismiss(None)


class CodesScreen(Screen[None]):
    """Every seat of every world: its team, who plays it and, for a session just made, its code.

    At the top, the facilitator's own code while it is known (a session made
    by this console), or a word that it cannot be shown again. ``n`` issues a
    new code for the highlighted team seat (the old one stops working at
    once); the new code is shown once.
    """

    CSS_PATH = CSS
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#codes"

    BINDINGS = [
        Binding("n", "new_code", "New code", tooltip="Issue a new code for the highlighted seat; the old one stops working"),
        Binding("escape", "back", "Overview", tooltip="Back to the overview"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
    ]

    def __init__(self, console: FacilitatorScreen) -> None:
        super().__init__()
        self.console = console

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="codes-body"):
            yield Static("", id="facilitator-code", markup=False)
            yield Static("", id="codes-note", markup=False)
            yield DataTable(id="codes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Seats and codes"
        self.sub_title = self.console.scenario.title
        table = self.query_one("#codes", DataTable)
        for key, label in (("world", "World"), ("seat", "Seat"), ("team", "Team"), ("code", "Code")):
            table.add_column(label, key=key)
        path = self.console.desk.store.path
        mine = self.query_one("#facilitator-code", Static)
        if self.console.facilitator_code:
            mine.border_title = "Your facilitator's code"
            mine.update(Text.assemble(
                ("  " + self.console.facilitator_code + "  ", "bold reverse"), "\n",
                ("Write it down now: it is shown only while this console is open, and opening the console again "
                 f"(detente facilitate --resume {path}) asks for it. Keep it from the teams.", ""),
            ))
        else:
            mine.border_title = "Facilitator's code"
            mine.add_class("-gone")
            mine.update("The facilitator's code was given when the session was created and cannot be shown again "
                        "(only a hash of it is kept).")
        new_code = ("If a team loses its code, highlight its seat here and press n for a new one "
                    "(in a world's view, c on the seat does the same); the old code stops working at once.")
        if self.console.created:
            note = (f"Hand each team its seat's code; teams join with: detente join {path} "
                    "(or in a browser, after detente serve). Seat codes are stored only as hashes: they are shown "
                    f"here until you leave the console. {new_code} Esc: the overview of every world.")
        else:
            note = f"The seats' codes were handed out when the session was made and are not stored. {new_code}"
        self.query_one("#codes-note", Static).update(note)
        self.console.attach(self)

    def on_unmount(self) -> None:
        self.console.detach(self)

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw the seats when anything changed."""
        if not changed:
            return
        scenario = self.console.scenario
        colours = faction_colours(scenario)
        table = self.query_one("#codes", DataTable)
        row = table.cursor_row
        table.clear()
        for world in overview.worlds:
            for seat in world.seats:
                faction = scenario.faction(seat.faction)
                if seat.player != TEAM:
                    code = Text(f"bot: {seat.player}", "dim")
                elif (world.id, seat.faction) not in self.console.codes:
                    code = Text("handed out", "dim")
                elif self.console.codes[(world.id, seat.faction)] is None:
                    code = Text("replaced (shown once)", "dim italic")
                else:
                    code = Text(self.console.codes[(world.id, seat.faction)], "bold")
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
        key = str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        world, faction = key.split(":", 1)
        return int(world), faction

    @work(exclusive=True, group="console-codes")
    async def action_new_code(self) -> None:
        """Issue a new code for the highlighted seat, after confirming."""
        seat = self.highlighted_seat()
        if seat is None:
            return
        await issue_code(self.console, *seat)

    def action_back(self) -> None:
        """Back to the overview."""
        self.dismiss(None)

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())


async def issue_code(console: FacilitatorScreen, world: int, faction: str) -> str | None:
    """Confirm, issue a new code for ``faction``'s seat in ``world`` and show it once; the code, or None."""
    status = console.world(world)
    seat = next((s for s in status.seats if s.faction == faction), None) if status else None
    name = console.scenario.faction(faction)
    if seat is not None and seat.player != TEAM:
        console.notify(f"{name.letter} {name.name} is played by a bot: it has no code.", severity="warning")
        return None
    team = seat.team if seat else name.name
    question = f"New code for {name.letter} {name.name} ({team}) in {console._world_name(world)}?"
    detail = "The old code stops working at once, also for a team that has the seat open."
    if not await console.app.push_screen_wait(ConfirmScreen(question, detail, yes="New code", no="Keep")):
        return None
    code = console.act(lambda: console.desk.new_code(world, faction), "No new code")
    if code is FAILED:
        return None
    console.codes[(world, faction)] = None
    console.redraw(True)
    await console.app.push_screen_wait(CodeShown(
        f"New code for {name.letter} {name.name} · {console._world_name(world)}",
        code,
        f"Give it to {team}. It is shown only now (the session stores a hash of it); the old code no longer works.",
    ))
    return code
