"""One world of a classroom session in detail, with every facilitator action.

``WorldScreen`` shows the world's board, tracks, events and log (the game
screen's widgets), its seats (``SeatsList``: orders in or not, present or
away) and its scheduled injects (``ScheduledInjects``), and offers every
action of rule 12 as a key (``keys.WORLD_KEYS``): resolve, inject (now or on
a later turn), note, rate arguments (``RateScreen``), undo, reseat, a new
code, sideline, pause or resume the timer and export the record. Actions on
a seat act on the seat highlighted in the seats list. It redraws from the
controller's ``Polled`` messages, and acts through ``ConsoleController.act``.
"""

from __future__ import annotations

from pathlib import Path

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, OptionList

from classroom.checks import MAX_NAME
from classroom.naming import export_file_name
from classroom.timer import duration
from classroom.values import TEAM, Overview, Scheduled, SeatStatus, WorldStatus
from engine.describe import Describer
from engine.errors import DetenteError
from engine.inputs import MAX_WHY
from engine.log import Messaged
from engine.views import GameView
from players.bots import STRATEGIES
from tui.classroom.cells import bot_team, result_sentence, seats_in, team_seats, timer_text, winners_text
from tui.classroom.codes_view import issue_code
from tui.classroom.commands import ConsoleCommands
from tui.classroom.composer import EventComposer
from tui.classroom.controller import FAILED, ConsoleController
from tui.classroom.dialogs import Choice, ChoicePrompt, CodeShown, InjectPicker, TextPrompt
from tui.classroom.follower import OverviewScreen
from tui.classroom.help import ConsoleHelp
from tui.classroom.keys import WORLD_KEYS
from tui.classroom.messages import MessagesScreen
from tui.classroom.rate_view import RateScreen
from tui.classroom.scheduled import ScheduledInjects
from tui.classroom.seats_list import SeatsList
from tui.classroom.timing import ask_time
from tui.screens.argued import AdjudicateScreen
from tui.screens.confirm import ConfirmScreen
from tui.text import clip
from tui.widgets.board import Board
from tui.widgets.events import EventsPanel
from tui.widgets.key_bar import KeyBar
from tui.widgets.log_view import LogView
from tui.widgets.region_detail import RegionDetail
from tui.widgets.tracks import TracksPanel


def resolutions(view: GameView) -> int:
    """How many turns of ``view``'s game are resolved (and not undone): what undo can take back."""
    return len(view.history) - 1  # the start, then one snapshot per resolution in force


class WorldScreen(OverviewScreen):
    """One world with every facilitator action; Escape goes back to the overview."""

    CSS_PATH = "console.tcss"
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#seats"
    BINDINGS = WORLD_KEYS

    def __init__(self, controller: ConsoleController, world: int) -> None:
        super().__init__()
        self.controller = controller
        self.desk = controller.desk
        self.world_id = world
        """The world shown (its id in the session)."""
        self.scenario = controller.scenario
        self.status: WorldStatus | None = None
        """The world in the last overview."""
        self.view: GameView | None = None
        """The world's game as last drawn: an immutable view (``FacilitatorDesk.view``)."""
        self.exported: Path | None = None
        """Where the record was last exported, if it was."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="top"):
            yield Board(id="board")
            yield TracksPanel(id="tracks")
        with Horizontal(id="bottom"):
            with VerticalScroll(id="side"):
                yield SeatsList(self.scenario, id="seats")
                yield ScheduledInjects(self.scenario, id="scheduled")
                yield EventsPanel(id="events")
            yield LogView(id="log")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Board).border_title = "Board"
        self.query_one(TracksPanel).border_title = "Tracks"
        self.query_one(EventsPanel).border_title = "Events"
        self.query_one(LogView).border_title = "Log"
        self.follow()

    def on_screen_resume(self) -> None:
        """Back on top (the help or a dialog closed): draw what the log missed meanwhile."""
        self.query_one(LogView).catch_up()

    def on_resize(self, event: events.Resize) -> None:
        """One board line per region, or two when the terminal is tall; wider tracks when wide."""
        regions = len(self.scenario.regions)
        lines = 2 * regions if event.size.height >= 4 * regions + 16 else regions
        self.query_one("#top").styles.height = lines + 2
        self.query_one(TracksPanel).styles.width = 42 if event.size.width < 120 else event.size.width // 3

    # -- drawing -------------------------------------------------------------------------------

    def show_overview(self, overview: Overview, changed: bool) -> None:
        """Redraw: the game when it changed; the seats, the timer and the injects every time."""
        status = next((w for w in overview.worlds if w.id == self.world_id), None)
        if status is None:
            return
        self.status = status
        if changed or self.view is None:
            try:
                self.view = view = self.desk.view(self.world_id)
            except DetenteError as exc:
                self.controller.report(exc)
                return
            self.query_one(Board).show(view)
            self.query_one(TracksPanel).show(view, None)
            self.query_one(EventsPanel).show(view)
            self.query_one(LogView).show(view)
            self.refresh_bindings()  # what can be done now (undo, turn actions) follows the game
        self._show_status(status, overview.now)

    def _show_status(self, status: WorldStatus, now: float) -> None:
        """The title, the seats (or the result) and the injects, as seen at ``now``."""
        scenario = self.scenario
        wide = self.size.width >= 120
        name = clip(status.name, 40 if wide else max(self.size.width - 56, 12))
        self.title = f"{name} · {scenario.title}" if wide else name
        seats = self.query_one(SeatsList)
        if status.over:  # no timer and nobody to wait for: the result
            outcome = self.view.outcome if self.view is not None else None
            result = result_sentence(outcome, scenario) if outcome is not None else ""
            self.sub_title = f"game over · {result}" if result else "game over"
            seats.show(status.seats, now, over=True, outcome=outcome)
            seats.border_title = "Seats · game over"
            seats.border_subtitle = winners_text(outcome, scenario, full=True).plain if outcome is not None else ""
        else:
            self.sub_title = f"turn {status.turn}/{scenario.turns} · {timer_text(status.timer)} · {seats_in(status)}"
            seats.show(status.seats, now)
            seats.border_title = f"Seats · {seats_in(status)}"
            seats.border_subtitle = timer_text(status.timer)
        self.query_one(ScheduledInjects).show(status.scheduled, self.exported)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot be done now: turn actions once the game is over, undo before any resolution."""
        status, view = self.status, self.view
        if status is None or view is None:
            return True
        if action in ("resolve", "inject", "compose", "rate", "sideline", "note", "time") and status.over:
            return None
        if action == "undo" and not resolutions(view):
            return None
        if action == "cancel_inject" and not self._waiting_injects():
            return None
        return True

    def _waiting_injects(self) -> list[Scheduled]:
        """The scheduled injects still to play (the ones ``x`` can cancel)."""
        return [s for s in (self.status.scheduled if self.status else ()) if not s.applied and s.problem is None]

    # -- helpers ---------------------------------------------------------------------------------

    def _still(self, turn: int) -> bool:
        """True if the world is still on ``turn`` (a turn may resolve by itself while a dialog is open)."""
        try:
            now = self.desk.view(self.world_id).turn
        except DetenteError:  # reported by the next poll
            return False
        if now != turn:
            self.notify(f"{self._label()} moved on to turn {now} meanwhile: nothing was done.", severity="warning", timeout=6)
            return False
        return True

    def _label(self) -> str:
        """The world's name, for dialogs and notifications."""
        return self.status.name if self.status else f"world {self.world_id}"

    def _seat(self) -> SeatStatus | None:
        """The seat highlighted in the seats list, as in the last overview."""
        faction = self.query_one(SeatsList).highlighted_faction
        if self.status is None or faction is None:
            return None
        return next((s for s in self.status.seats if s.faction == faction), None)

    def _seat_name(self, seat: SeatStatus, *, team: bool = False) -> str:
        """``S Seaboard Federation``, with ``team``: and its team's name when it differs."""
        faction = self.scenario.faction(seat.faction)
        name = f"{faction.letter} {faction.name}"
        return f"{name} ({seat.team})" if team and seat.team != faction.name else name

    # -- actions ---------------------------------------------------------------------------------

    @work(exclusive=True, group="world-action")
    async def action_resolve(self) -> None:
        """Resolve the turn now; teams that have not submitted pass (confirmed first)."""
        status, view = self.status, self.view
        if status is None or view is None or status.over:
            return
        turn = status.turn
        waiting = [s for s in team_seats(status) if not s.submitted]
        if waiting:
            names = ", ".join(self._seat_name(s, team=True) for s in waiting)
            verb = "has" if len(waiting) == 1 else "have"
            detail = f"{names} {verb} not submitted: {'it passes' if len(waiting) == 1 else 'they pass'} this turn."
        else:
            detail = "Every team is in."
        if any(s.player != TEAM for s in status.seats):
            detail += " Bots order as the turn resolves."
        detail += " An undo (u) can take the resolution back."
        question = f"Resolve turn {turn} of {status.name} now?"
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail, yes="Resolve", no="Wait")):
            return
        if not self._still(turn):
            return
        if self.controller.act(lambda: self.desk.resolve(self.world_id, turn=turn), "Not resolved") is not FAILED:
            after = self.controller.world(self.world_id)
            where = "the game is over" if after is not None and after.over else f"now turn {after.turn if after else turn + 1}"
            self.notify(f"{self._label()}: turn {turn} resolved; {where}.", title="Resolved", timeout=4)

    @work(exclusive=True, group="world-action")
    async def action_inject(self) -> None:
        """Choose an event card, its target and when it plays; play or schedule it."""
        if self.view is None:
            return
        turn = self.view.turn
        choice = await self.app.push_screen_wait(InjectPicker(self.view))
        if choice is None:
            return
        card = self.scenario.card(choice.card).name
        later = choice.turn
        if later is None:
            if not self._still(turn):
                return
            if self.controller.act(lambda: self.desk.inject(self.world_id, choice.card, choice.target), "Inject refused") is not FAILED:
                self.notify(f"{card} is played in {self._label()}.", title="Inject", timeout=4)
        elif self.controller.act(lambda: self.desk.schedule(self.world_id, later, choice.card, choice.target), "Inject refused") is not FAILED:
            self.notify(f"{card} will play when turn {later} begins in {self._label()}.", title="Inject scheduled", timeout=4)

    @work(exclusive=True, group="world-action")
    async def action_compose(self) -> None:
        """Make an event (rule 12.5), from scratch or from the library; play or schedule it, and keep it if asked."""
        if self.view is None:
            return
        turn = self.view.turn
        library = self.controller.act(self.desk.library, "The library cannot be read")
        made = await self.app.push_screen_wait(EventComposer(self.view, () if library is FAILED else library, self._label()))
        if made is None:
            return
        name = made.table["name"]
        if made.save and self.controller.act(lambda: self.desk.save_event(made.table), "Not kept in the library") is not FAILED:
            self.notify(f"{name} is kept in the session's library.", timeout=3)
        later = made.turn
        if later is None:
            if not self._still(turn):
                return
            if self.controller.act(lambda: self.desk.inject(self.world_id, made.table), "Event refused") is not FAILED:
                self.notify(f"{name} is played in {self._label()}.", title="Event", timeout=4)
        elif self.controller.act(lambda: self.desk.schedule(self.world_id, later, made.table), "Event refused") is not FAILED:
            self.notify(f"{name} will play when turn {later} begins in {self._label()}.", title="Event scheduled", timeout=4)

    def action_messages(self) -> None:
        """Every private message of the world (rule 12.6), and a line to write to a team."""
        describe = Describer(self.scenario)
        teams = [(describe.name(f.id), f.id) for f in self.scenario.factions]
        detail = "Between the teams and with you. Each team reads only its own until the game is over."
        self.app.push_screen(MessagesScreen(f"Private messages · {self._label()}", detail, teams, self._messages, self._send_message, describe))

    def action_adjudicate(self) -> None:
        """The turn's argued actions (rule 15): a difficulty and effects for each, within the scenario's limits."""
        if self.scenario.argued is None:
            self.notify("This scenario allows no argued actions.", severity="warning")
            return
        self.app.push_screen(AdjudicateScreen(self._world_game, self._adjudicate))

    def _world_game(self) -> GameView:
        return self.desk.game(self.world_id).view()

    def _adjudicate(self, faction: str, number: int, difficulty: int, effects: dict[str, int]) -> str | None:
        try:
            self.desk.adjudicate(self.world_id, faction, number, difficulty, effects)
        except DetenteError as exc:
            return str(exc)
        return None

    def _messages(self) -> tuple[Messaged, ...]:
        found = self.controller.act(lambda: self.desk.messages(self.world_id), "The messages cannot be read")
        return () if found is FAILED else found

    def _send_message(self, to: str, text: str) -> str | None:
        try:
            self.desk.message(self.world_id, to, text)
        except DetenteError as exc:
            return str(exc)
        return None

    @work(exclusive=True, group="world-action")
    async def action_cancel_inject(self) -> None:
        """Cancel a scheduled inject that has not played yet."""
        waiting = self._waiting_injects()
        if not waiting:
            self.notify("No inject is waiting for a later turn.", severity="warning")
            return
        describe = Describer(self.scenario)
        choices = [Choice(str(s.id), f"Turn {s.turn}: {s.name or describe.name(s.card)}{' → ' + describe.name(s.target) if s.target else ''}") for s in waiting]
        chosen = await self.app.push_screen_wait(ChoicePrompt("Cancel which scheduled inject?", choices))
        if chosen is None:
            return
        if self.controller.act(lambda: self.desk.cancel(self.world_id, int(chosen)), "Not cancelled") is not FAILED:
            self.notify("The scheduled inject is cancelled.", timeout=3)

    @work(exclusive=True, group="world-action")
    async def action_note(self) -> None:
        """Add a note to the world's log."""
        text = await self.app.push_screen_wait(
            TextPrompt(
                f"A note in {self._label()}'s log",
                "Every team sees it, and it is kept in the record.",
                placeholder="e.g. The UN Secretary-General calls for restraint.",
                required="A note needs some text.",
                max_length=MAX_WHY,
                ok="Add note",
            )
        )
        if text and self.controller.act(lambda: self.desk.note(self.world_id, text), "Note refused") is not FAILED:
            self.notify("Note added to the log.", timeout=3)

    def action_rate(self) -> None:
        """Rate this turn's arguments."""
        if self.status is not None and not self.status.over:
            self.app.push_screen(RateScreen(self.controller, self.world_id))

    @work(exclusive=True, group="world-action")
    async def action_undo(self) -> None:
        """Take back the last resolution, giving a reason (required), after confirming."""
        view, status = self.view, self.status
        if view is None or status is None:
            return
        if not resolutions(view):
            self.notify("No turn has been resolved yet: there is nothing to undo.", severity="warning")
            return
        undone = view.turn if view.is_over else view.turn - 1
        reason = await self.app.push_screen_wait(
            TextPrompt(
                f"Undo turn {undone}'s resolution in {self._label()}: why?",
                "The reason goes into the log and the record (required).",
                placeholder="e.g. Seaboard's orders were entered for the wrong region.",
                required="A reason is required: it is shown in the log and kept in the record.",
                max_length=MAX_WHY,
                ok="Undo…",
            )
        )
        if not reason:
            return
        detail = (
            f"{self._label()} goes back to the orders of turn {undone}, with the submissions and ratings it had. "
            "The record keeps the undone turn and your reason. The turn's timer restarts."
        )
        if not await self.app.push_screen_wait(ConfirmScreen(f"Undo turn {undone}'s resolution?", detail, yes="Undo", no="Keep")):
            return
        if not self._still(view.turn):
            return
        if self.controller.act(lambda: self.desk.undo(self.world_id, reason, turn=view.turn), "Not undone") is not FAILED:
            self.notify(f"{self._label()} is back on turn {undone}.", title="Undone", timeout=4)

    def action_pause(self) -> None:
        """Pause this world's timer, or resume it."""
        status = self.status
        if status is None:
            return
        if status.timer.paused:
            if self.controller.act(lambda: self.desk.resume(self.world_id)) is not FAILED:
                self.notify(f"{status.name}'s timer is running.", timeout=3)
        elif self.controller.act(lambda: self.desk.pause(self.world_id)) is not FAILED:
            self.notify(f"{status.name}'s timer is paused.", timeout=3)

    @work(exclusive=True, group="world-action")
    async def action_time(self) -> None:
        """Add or take off minutes in this world's current phase."""
        seconds = await ask_time(self.app, self._label())
        if seconds and self.controller.act(lambda: self.desk.add_time(self.world_id, seconds), "Timer not changed") is not FAILED:
            self.notify(f"{self._label()}: {duration(abs(seconds))} {'added' if seconds > 0 else 'taken off'}.", timeout=3)

    def default_export_path(self) -> Path:
        """``<session stem>-<world name>.jsonl`` next to the session file."""
        path = self.desk.store.path
        name = self.status.name if self.status else f"world-{self.world_id}"
        return path.with_name(export_file_name(path, name))

    @work(exclusive=True, group="world-action")
    async def action_export(self) -> None:
        """Write the world's record to a file (default: next to the session file)."""
        answer = await self.app.push_screen_wait(
            TextPrompt(
                f"Export {self._label()}'s record to",
                "A game record replays exactly (detente replay) and can be graded.",
                value=str(self.default_export_path()),
                required="Give a file name.",
                ok="Export",
            )
        )
        if not answer:
            return
        path = Path(answer).expanduser()
        if path.exists() and not await self.app.push_screen_wait(
            ConfirmScreen(f"Replace {path.name}?", f"{path} exists; the new record replaces it.", yes="Replace", no="Keep")
        ):
            return
        if self.controller.act(lambda: self.desk.export(self.world_id, path), "Not exported") is not FAILED:
            self.exported = path.resolve()
            self.controller.read(False)
            self.notify(f"{self._label()}'s record is in {self.exported}", title="Exported", timeout=8)

    @work(exclusive=True, group="world-action")
    async def action_reseat(self) -> None:
        """Give the highlighted seat to another team (people, with a new code) or to a bot."""
        seat = self._seat()
        if seat is None:
            return
        name = self._seat_name(seat)
        choices = [Choice(TEAM, "A team of people (a new code, shown once)")]
        choices += [Choice(bot, f"A bot: {bot}") for bot in STRATEGIES]
        player = await self.app.push_screen_wait(
            ChoicePrompt(
                f"Reseat {self._seat_name(seat, team=True)}: who plays it now?",
                choices,
                "The change is logged; the seat's old code stops working at once.",
            )
        )
        if player is None:
            return
        if player == TEAM:
            team = await self.app.push_screen_wait(
                TextPrompt(
                    f"Reseat {name}: the new team's name",
                    placeholder="e.g. Team B",
                    required="A team needs a name.",
                    max_length=MAX_NAME,
                    ok="Reseat",
                )
            )
            if not team:
                return
        else:  # a bot needs no name from the facilitator: the seat (and the log) call it after its strategy
            team = bot_team(player)
        code = self.controller.act(lambda: self.desk.reseat(self.world_id, seat.faction, team, player), "Not reseated")
        if code is FAILED:
            return
        self.controller.code_replaced(self.world_id, seat.faction)
        if code is None:
            self.notify(f"{name} is now played by {team}.", timeout=4)
            return
        await self.app.push_screen_wait(
            CodeShown(
                f"{name} in {self._label()} is now played by {team}",
                code,
                f"Give this code to {team}. It is shown only now; the old code no longer works.",
            )
        )

    @work(exclusive=True, group="world-action")
    async def action_new_code(self) -> None:
        """A new code for the highlighted seat."""
        seat = self._seat()
        if seat is not None:
            await issue_code(self, self.controller, self.world_id, seat.faction)

    @work(exclusive=True, group="world-action")
    async def action_sideline(self) -> None:
        """Record that a member of the highlighted seat's team sits this turn out."""
        seat, status = self._seat(), self.status
        if seat is None or status is None:
            return
        member = await self.app.push_screen_wait(
            TextPrompt(
                f"Sideline a member of {self._seat_name(seat, team=True)} for turn {status.turn}",
                "The member sits this turn out and the rest of the team decides; the log says so.",
                placeholder="The member's name",
                required="Give the member's name.",
                max_length=MAX_NAME,
                ok="Sideline",
            )
        )
        if member and self.controller.act(lambda: self.desk.sideline(self.world_id, seat.faction, member), "Not sidelined") is not FAILED:
            self.notify(f"{member} sits turn {status.turn} out.", timeout=3)

    def action_back(self) -> None:
        """Back to the overview."""
        self.dismiss(None)

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())

    def action_focus_log(self) -> None:
        """Move to the log."""
        self.query_one(LogView).focus()

    def action_focus_board(self) -> None:
        """Move to the board."""
        self.query_one(Board).focus()

    def action_focus_seats(self) -> None:
        """Move to the seats."""
        self.query_one(SeatsList).focus()

    @on(Board.RegionSelected)
    def _region_selected(self, event: Board.RegionSelected) -> None:
        if self.view is not None:
            self.app.push_screen(RegionDetail(self.view, event.region))

    @on(OptionList.OptionSelected, "#seats")
    def _seat_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
