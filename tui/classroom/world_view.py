"""One world of a classroom session in detail, with every facilitator action; and rating arguments.

``WorldScreen`` shows the world's board, tracks, events and log (the game
screen's widgets), its seats (orders in or not, present or away) and its
scheduled injects, and offers every action of rule 12 as a key: resolve,
inject (now or on a later turn), note, rate arguments (``RateScreen``), undo,
reseat, a new code, sideline, pause or resume the timer and export the
record. Actions on a seat act on the seat highlighted in the seats list.
Both screens are redrawn by the console's poll (``FacilitatorScreen.attach``).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from classroom.naming import export_file_name
from classroom.store import MAX_NAME, TEAM, Overview, SeatStatus, WorldStatus
from players.bots import STRATEGIES
from engine.describe import Describer
from engine.errors import DetenteError
from engine.game import Game
from engine.inputs import MAX_WHY
from engine.model import Scenario
from engine.outcome import Outcome
from tui.text import clip
from tui.classroom.console import (
    CSS,
    FAILED,
    IN,
    WAITING,
    ConsoleCommands,
    ConsoleHelp,
    FacilitatorScreen,
    issue_code,
    presence,
    result_sentence,
    seats_in,
    team_seats,
    timer_text,
    winners_text,
)
from tui.classroom.dialogs import Choice, ChoicePrompt, CodeShown, InjectPicker, TextPrompt
from tui.palette import faction_colours
from tui.screens.confirm import ConfirmScreen
from tui.widgets.board import Board
from tui.widgets.events import EventsPanel
from tui.widgets.log_view import LogView
from tui.widgets.region_detail import RegionDetail
from tui.widgets.tracks import TracksPanel



def bot_team(player: str) -> str:
    """The team name of a seat reseated to bot ``player``: ``Bot (greedy)``."""
    return f"Bot ({player})"


class SeatsList(OptionList):
    """The world's seats, one line each: letter, team, orders in or not, and presence.

    The highlighted seat is the one the seat actions (reseat, new code,
    sideline) act on. Orders themselves are never shown. Once the game is
    over, each seat shows its final score instead of in or waiting.
    """

    DEFAULT_CSS = """
    SeatsList > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 12%;
        text-style: bold;
    }
    SeatsList:focus > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 22%;
        text-style: bold;
    }
    """

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self._seats: tuple[SeatStatus, ...] = ()
        self._now = 0.0
        self._outcome: Outcome | None = None
        self._over = False
        self._built_width = 0

    def show(self, seats: tuple[SeatStatus, ...], now: float, *, over: bool = False, outcome: Outcome | None = None) -> None:
        """Render ``seats`` as seen at ``now`` (the store's clock), keeping the highlighted seat.

        ``over``: the game is over, and ``outcome`` its result (final scores instead of in or waiting).
        """
        self._seats, self._now = seats, now
        self._over, self._outcome = over, outcome
        self._rebuild()

    @property
    def highlighted_faction(self) -> str | None:
        """The faction id of the highlighted seat."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def _rebuild(self) -> None:
        width = self.scrollable_content_region.width or 40
        self._built_width = width
        prompts = [self.prompt(seat, self._now, width) for seat in self._seats]
        ids = [seat.faction for seat in self._seats]
        if [option.id for option in self.options] == ids:
            for index, prompt in enumerate(prompts):
                self.replace_option_prompt_at_index(index, prompt)
            return
        keep = self.highlighted_faction
        self.set_options(Option(prompt, id=faction) for faction, prompt in zip(ids, prompts))
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0

    def prompt(self, seat: SeatStatus, now: float, width: int) -> Text:
        """One seat's line at ``width`` cells."""
        faction = self.scenario.faction(seat.faction)
        colour = faction_colours(self.scenario)[seat.faction]
        if self._over:
            scores = dict(self._outcome.scores) if self._outcome is not None else {}
            state = f"score {scores[seat.faction]}" if seat.faction in scores else "over"
            seen = f"bot: {seat.player}" if seat.player != TEAM else presence(seat, now)
            won = self._outcome is not None and seat.faction in self._outcome.winners
            style = "bold" if won else ""
        elif seat.player != TEAM:
            state, seen, style = f"bot: {seat.player}", "", "dim"
        else:
            state = f"{IN} in" if seat.submitted else f"{WAITING} waiting"
            seen = presence(seat, now)
            style = "bold green" if seat.submitted else ""
        right = Text()
        right.append(state.ljust(10), style)
        right.append(seen.rjust(11 if width >= 48 else 10), "bold" if seen.startswith("away") else "dim")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"{faction.letter} ", f"bold {colour}")
        room = max(width - 2 - right.cell_len - 1, 4)
        line.append(clip(seat.team, room).ljust(room + 1))
        line.append_text(right)
        line.truncate(width, overflow="ellipsis")
        return line

    def on_resize(self, event: events.Resize) -> None:
        """Lay the lines out again once the new width has settled."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._seats and (self.scrollable_content_region.width or 40) != self._built_width:
            self._rebuild()


class WorldScreen(Screen[None]):
    """One world with every facilitator action; Escape goes back to the overview."""

    CSS_PATH = CSS
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#seats"

    BINDINGS = [
        Binding("r", "resolve", "Resolve", tooltip="Resolve this turn now (teams not in pass)"),
        Binding("i", "inject", "Inject", tooltip="Play an event card now, or when a later turn begins"),
        Binding("n", "note", "Note", tooltip="Add a note to the log (every team sees it)"),
        Binding("a", "rate", "Rate", tooltip="Mark this turn's orders' justifications strong or weak"),
        Binding("u", "undo", "Undo", tooltip="Take back the last resolution, with a reason"),
        Binding("escape", "back", "Back", tooltip="Back to the overview of every world"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
        Binding("p", "pause", "Pause", tooltip="Pause or resume this world's timer"),
        Binding("o", "reseat", "Reseat", tooltip="Give the highlighted seat to another team (a new code) or a bot"),
        Binding("c", "new_code", "New code", tooltip="A new code for the highlighted seat; the old one stops working"),
        Binding("m", "sideline", "Sideline", tooltip="A member of the highlighted seat's team sits this turn out"),
        Binding("e", "export", "Export", tooltip="Write this world's game record (it replays and grades)"),
        Binding("x", "cancel_inject", "Cancel inject", tooltip="Cancel an inject scheduled for a later turn"),
        Binding("l", "focus_log", "Log", show=False, tooltip="Move to the log (f and t filter it)"),
        Binding("b", "focus_board", "Board", show=False, tooltip="Move to the board (enter shows a region)"),
        Binding("s", "focus_seats", "Seats", show=False, tooltip="Move to the seats"),
    ]

    def __init__(self, console: FacilitatorScreen, world: int) -> None:
        super().__init__()
        self.console = console
        self.desk = console.desk
        self.world_id = world
        self.scenario = console.scenario
        self.status: WorldStatus | None = None
        """The world in the last overview."""
        self.game: Game | None = None
        """The world's game as last drawn."""
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
                yield Static("", id="scheduled", markup=False)
                yield EventsPanel(id="events")
            yield LogView(id="log")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Board).border_title = "Board"
        self.query_one(TracksPanel).border_title = "Tracks"
        self.query_one(EventsPanel).border_title = "Events"
        self.query_one(LogView).border_title = "Log"
        self.console.attach(self)

    def on_unmount(self) -> None:
        self.console.detach(self)

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
        if changed or self.game is None:
            try:
                self.game = self.desk.game(self.world_id)
            except DetenteError as exc:
                self.console.report(exc)
                return
            game = self.game
            self.query_one(Board).show(game)
            self.query_one(TracksPanel).show(game, None)
            self.query_one(EventsPanel).show(game)
            self.query_one(LogView).show(game)
            self.refresh_bindings()
        self._show_status(status, overview.now)

    def _show_status(self, status: WorldStatus, now: float) -> None:
        scenario = self.scenario
        wide = self.size.width >= 120
        name = clip(status.name, 40 if wide else max(self.size.width - 56, 12))
        self.title = f"{name} · {scenario.title}" if wide else name
        seats = self.query_one(SeatsList)
        if status.over:  # no timer and nobody to wait for: the result
            outcome = self.game.outcome if self.game is not None else None
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
        scheduled = self.query_one("#scheduled", Static)
        lines = []
        for item in status.scheduled:
            card = scenario.card(item.card).name
            target = f" → {Describer(scenario).name(item.target)}" if item.target else ""
            state, style = ("played", "dim") if item.applied else (f"not played: {item.problem}", "italic") if item.problem else ("waiting", "bold")
            lines.append(Text.assemble(f"T{item.turn} ", (card, "bold"), target, " · ", (state, style)))
        if self.exported is not None:
            lines.append(Text(f"Record exported to {self.exported}", "dim"))
        titles = (["Scheduled injects"] if status.scheduled else []) + (["Export"] if self.exported else [])
        scheduled.border_title = " · ".join(titles)
        scheduled.update(Text("\n").join(lines))
        scheduled.display = bool(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim what cannot be done now: turn actions once the game is over, undo before any resolution."""
        status, game = self.status, self.game
        if status is None or game is None:
            return True
        if action in ("resolve", "inject", "rate", "sideline", "note") and status.over:
            return None
        if action == "undo" and not game.digests:
            return None
        if action == "cancel_inject" and not self._waiting_injects():
            return None
        return True

    def _waiting_injects(self):
        return [s for s in (self.status.scheduled if self.status else ()) if not s.applied and s.problem is None]

    # -- helpers ---------------------------------------------------------------------------------

    def _act(self, what, title: str = "Not done"):
        result = self.console.act(what, title)
        self.refresh_bindings()
        return result

    def _still(self, turn: int) -> bool:
        """True if the world is still on ``turn`` (a turn may resolve by itself while a dialog is open)."""
        try:
            now = self.desk.game(self.world_id).turn
        except DetenteError:  # reported by the next poll
            return False
        if now != turn:
            self.notify(f"{self._label()} moved on to turn {now} meanwhile: nothing was done.", severity="warning", timeout=6)
            return False
        return True

    def _label(self) -> str:
        return self.status.name if self.status else f"world {self.world_id}"

    def _seat(self) -> SeatStatus | None:
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
        status, game = self.status, self.game
        if status is None or game is None or status.over:
            return
        turn = status.turn
        waiting = [s for s in team_seats(status) if not s.submitted]
        if waiting:
            names = ", ".join(self._seat_name(s, team=True) for s in waiting)
            verb = "has" if len(waiting) == 1 else "have"
            detail = f"{names} {verb} not submitted: {'it passes' if len(waiting) == 1 else 'they pass'} this turn."
            if any(s.player != TEAM for s in status.seats):
                detail += " Bots order as the turn resolves."
            question = f"Resolve turn {turn} of {status.name} now?"
            if not await self.app.push_screen_wait(ConfirmScreen(question, detail, yes="Resolve", no="Wait")):
                return
            if not self._still(turn):
                return
        if self._act(lambda: self.desk.resolve(self.world_id, turn=turn), "Not resolved") is not FAILED:
            after = self.console.world(self.world_id)
            where = "the game is over" if after is not None and after.over else f"now turn {after.turn if after else turn + 1}"
            self.notify(f"{self._label()}: turn {turn} resolved; {where}.", title="Resolved", timeout=4)

    @work(exclusive=True, group="world-action")
    async def action_inject(self) -> None:
        """Choose an event card, its target and when it plays; play or schedule it."""
        if self.game is None:
            return
        turn = self.game.turn
        choice = await self.app.push_screen_wait(InjectPicker(self.game))
        if choice is None:
            return
        card = self.scenario.card(choice.card).name
        if choice.turn is None:
            if not self._still(turn):
                return
            if self._act(lambda: self.desk.inject(self.world_id, choice.card, choice.target), "Inject refused") is not FAILED:
                self.notify(f"{card} is played in {self._label()}.", title="Inject", timeout=4)
        elif self._act(lambda: self.desk.schedule(self.world_id, choice.turn, choice.card, choice.target), "Inject refused") is not FAILED:
            self.notify(f"{card} will play when turn {choice.turn} begins in {self._label()}.", title="Inject scheduled", timeout=4)

    @work(exclusive=True, group="world-action")
    async def action_cancel_inject(self) -> None:
        """Cancel a scheduled inject that has not played yet."""
        waiting = self._waiting_injects()
        if not waiting:
            self.notify("No inject is waiting for a later turn.", severity="warning")
            return
        describe = Describer(self.scenario)
        choices = [
            Choice(str(s.id), f"Turn {s.turn}: {describe.name(s.card)}{' → ' + describe.name(s.target) if s.target else ''}")
            for s in waiting
        ]
        chosen = await self.app.push_screen_wait(ChoicePrompt("Cancel which scheduled inject?", choices))
        if chosen is None:
            return
        if self._act(lambda: self.desk.cancel(self.world_id, int(chosen)), "Not cancelled") is not FAILED:
            self.notify("The scheduled inject is cancelled.", timeout=3)

    @work(exclusive=True, group="world-action")
    async def action_note(self) -> None:
        """Add a note to the world's log."""
        text = await self.app.push_screen_wait(TextPrompt(
            f"A note in {self._label()}'s log",
            "Every team sees it, and it is kept in the record.",
            placeholder="e.g. The UN Secretary-General calls for restraint.",
            required="A note needs some text.",
            max_length=MAX_WHY,
            ok="Add note",
        ))
        if text and self._act(lambda: self.desk.note(self.world_id, text), "Note refused") is not FAILED:
            self.notify("Note added to the log.", timeout=3)

    def action_rate(self) -> None:
        """Rate this turn's arguments."""
        if self.status is not None and not self.status.over:
            self.app.push_screen(RateScreen(self.console, self.world_id))

    @work(exclusive=True, group="world-action")
    async def action_undo(self) -> None:
        """Take back the last resolution, giving a reason (required), after confirming."""
        game, status = self.game, self.status
        if game is None or status is None:
            return
        if not game.digests:
            self.notify("No turn has been resolved yet: there is nothing to undo.", severity="warning")
            return
        undone = game.turn if game.is_over else game.turn - 1
        reason = await self.app.push_screen_wait(TextPrompt(
            f"Undo turn {undone}'s resolution in {self._label()}: why?",
            "The reason goes into the log and the record (required).",
            placeholder="e.g. Seaboard's orders were entered for the wrong region.",
            required="A reason is required: it is shown in the log and kept in the record.",
            max_length=MAX_WHY,
            ok="Undo…",
        ))
        if not reason:
            return
        detail = (f"{self._label()} goes back to the orders of turn {undone}, with the submissions and ratings it had. "
                  "The record keeps the undone turn and your reason. The turn's timer restarts.")
        if not await self.app.push_screen_wait(ConfirmScreen(f"Undo turn {undone}'s resolution?", detail, yes="Undo", no="Keep")):
            return
        if not self._still(game.turn):
            return
        if self._act(lambda: self.desk.undo(self.world_id, reason, turn=game.turn), "Not undone") is not FAILED:
            self.notify(f"{self._label()} is back on turn {undone}.", title="Undone", timeout=4)

    def action_pause(self) -> None:
        """Pause this world's timer, or resume it."""
        status = self.status
        if status is None:
            return
        if status.timer.paused:
            if self._act(lambda: self.desk.resume(self.world_id)) is not FAILED:
                self.notify(f"{status.name}'s timer is running.", timeout=3)
        elif self._act(lambda: self.desk.pause(self.world_id)) is not FAILED:
            self.notify(f"{status.name}'s timer is paused.", timeout=3)

    def default_export_path(self) -> Path:
        """``<session stem>-<world name>.jsonl`` next to the session file."""
        path = self.desk.store.path
        name = self.status.name if self.status else f"world-{self.world_id}"
        return path.with_name(export_file_name(path, name))

    @work(exclusive=True, group="world-action")
    async def action_export(self) -> None:
        """Write the world's record to a file (default: next to the session file)."""
        answer = await self.app.push_screen_wait(TextPrompt(
            f"Export {self._label()}'s record to",
            "A game record replays exactly (detente replay) and can be graded.",
            value=str(self.default_export_path()),
            required="Give a file name.",
            ok="Export",
        ))
        if not answer:
            return
        path = Path(answer).expanduser()
        if path.exists() and not await self.app.push_screen_wait(
            ConfirmScreen(f"Replace {path.name}?", f"{path} exists; the new record replaces it.", yes="Replace", no="Keep")
        ):
            return
        if self._act(lambda: self.desk.export(self.world_id, path), "Not exported") is not FAILED:
            self.exported = path.resolve()
            self.console.redraw(False)
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
        player = await self.app.push_screen_wait(ChoicePrompt(
            f"Reseat {self._seat_name(seat, team=True)}: who plays it now?", choices,
            "The change is logged; the seat's old code stops working at once.",
        ))
        if player is None:
            return
        if player == TEAM:
            team = await self.app.push_screen_wait(TextPrompt(
                f"Reseat {name}: the new team's name",
                placeholder="e.g. Team B",
                required="A team needs a name.",
                max_length=MAX_NAME,
                ok="Reseat",
            ))
            if not team:
                return
        else:  # a bot needs no name from the facilitator: the seat (and the log) call it after its strategy
            team = bot_team(player)
        code = self._act(lambda: self.desk.reseat(self.world_id, seat.faction, team, player), "Not reseated")
        if code is FAILED:
            return
        self.console.codes[(self.world_id, seat.faction)] = None
        self.console.redraw(True)
        if code is None:
            self.notify(f"{name} is now played by {team}.", timeout=4)
            return
        await self.app.push_screen_wait(CodeShown(
            f"{name} in {self._label()} is now played by {team}",
            code,
            f"Give this code to {team}. It is shown only now; the old code no longer works.",
        ))

    @work(exclusive=True, group="world-action")
    async def action_new_code(self) -> None:
        """A new code for the highlighted seat."""
        seat = self._seat()
        if seat is not None:
            await issue_code(self.console, self.world_id, seat.faction)

    @work(exclusive=True, group="world-action")
    async def action_sideline(self) -> None:
        """Record that a member of the highlighted seat's team sits this turn out."""
        seat, status = self._seat(), self.status
        if seat is None or status is None:
            return
        name = self._seat_name(seat)
        member = await self.app.push_screen_wait(TextPrompt(
            f"Sideline a member of {self._seat_name(seat, team=True)} for turn {status.turn}",
            "The member sits this turn out and the rest of the team decides; the log says so.",
            placeholder="The member's name",
            required="Give the member's name.",
            max_length=MAX_NAME,
            ok="Sideline",
        ))
        if member and self._act(lambda: self.desk.sideline(self.world_id, seat.faction, member), "Not sidelined") is not FAILED:
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
        if self.game is not None:
            self.app.push_screen(RegionDetail(self.game, event.region))

    @on(OptionList.OptionSelected, "#seats")
    def _seat_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


RATINGS = {True: ("STRONG +1", "bold reverse green"), False: ("WEAK −1", "bold reverse red"), None: ("not rated", "dim")}


class RateScreen(Screen[None]):
    """This turn's submitted orders, each with its justification, to rate strong, weak or not at all.

    The only place where order contents are shown before resolution. A
    strong argument adds 1 to the order's roll, a weak one takes 1 away; the
    ratings stay secret until the roll's log line (rule 12.2).
    """

    CSS_PATH = CSS
    COMMANDS = {ConsoleCommands}
    AUTO_FOCUS = "#to-rate"

    BINDINGS = [
        Binding("s", "rate('strong')", "Strong +1", tooltip="The highlighted order's argument is strong: +1 to its roll"),
        Binding("w", "rate('weak')", "Weak −1", tooltip="The highlighted order's argument is weak: −1 to its roll"),
        Binding("0", "rate('none')", "Not rated", tooltip="Withdraw the highlighted order's rating"),
        Binding("escape", "back", "Back", tooltip="Back to the world"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
    ]

    def __init__(self, console: FacilitatorScreen, world: int) -> None:
        super().__init__()
        self.console = console
        self.desk = console.desk
        self.world_id = world
        self.scenario = console.scenario
        self.turn: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="rate-body"):
            yield Static(
                "Order contents are shown only here before resolution: do not project this screen. "
                "Ratings stay secret until each roll's log line.",
                id="rate-warning",
                markup=False,
            )
            yield OptionList(id="to-rate")
            yield Static("", id="rate-missing", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#to-rate").border_title = "Submitted orders"
        self.console.attach(self)

    def on_unmount(self) -> None:
        self.console.detach(self)

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
            self.console.report(exc)
            return
        self._fill(submitted, status)

    def _fill(self, submitted, status: WorldStatus) -> None:
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
        self.console.act(lambda: self.desk.rate(self.world_id, faction, int(index), strong, turn=self.turn), "Not rated")

    def action_back(self) -> None:
        """Back to the world."""
        self.dismiss(None)

    def action_help(self) -> None:
        """The console's keys."""
        self.app.push_screen(ConsoleHelp())
