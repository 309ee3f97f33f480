"""The table: board, tracks, events, orders and log of one game, and the drafting of orders.

``TableScreen`` lays out the widgets, keeps them up to date, lets the faction
at the keyboard draft orders and reveals a resolved turn entry by entry. It
holds no flow of play: ``GameScreen`` (hot-seat and bots at one keyboard) and
the classroom's ``SeatScreen`` (one team of a shared game) say whose turn it
is, where orders go and what happens after a turn is revealed.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer

from engine.errors import OrderError
from engine.game import Game
from engine.inputs import Order
from engine.log import Entry
from engine.observer import visible
from engine.views import GameView, advance
from players.advice import warnings
from tui.goals import victory_warning
from tui.screens.agreements import AgreementsScreen
from tui.screens.argued import ArguedScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.order_picker import OrderPicker
from tui.screens.turn_review import TurnReview
from tui.turn_summary import resolved_turns
from tui.widgets.board import Board
from tui.widgets.events import EventsPanel
from tui.widgets.key_bar import KeyBar
from tui.widgets.log_view import LogView
from tui.widgets.orders import OrdersPanel
from tui.widgets.pane import Pane
from tui.widgets.region_detail import RegionDetail
from tui.widgets.title_bar import TitleBar
from tui.widgets.tracks import TracksPanel


class TableScreen(Screen[str | None]):
    """One game on screen; subclasses provide ``game``, the flow of turns and ``action_submit``.
    A classroom seat is dismissed with a sentence for the door (why it closed); a game at one keyboard with None."""

    BINDINGS = [
        Binding("a", "add_order", "Add order"),
        Binding("d", "delete_order", "Delete"),
        Binding("s", "submit", "Submit"),
        Binding("c", "agreements", "Agreements", tooltip="Propose, accept, decline or renounce agreements with other factions"),
        Binding("x", "argue", "Argue", tooltip="An argued action of your own, or a counter-argument to another team's"),
        Binding("f", "cycle_faction_filter", "Log faction", show=False),
        Binding("t", "cycle_turn_filter", "Log turn", show=False),
        Binding("l", "focus_log", "Log", show=False),
        Binding("L", "zoom_log", "Log full screen", show=False),
        Binding("o", "group_log", "Log by turn and faction", show=False),
        Binding("b", "focus_board", "Board", show=False),
        Binding("m", "zoom_board", "Board full screen", show=False),
        Binding("k", "zoom('tracks-pane')", "Tracks", show=False),
        Binding("e", "zoom('events-pane')", "Events", show=False),
        Binding("space", "pause_reveal", "Pause/go on"),
        Binding("n", "step_reveal", "Step"),
        Binding("end", "skip_reveal", "Show all", priority=True),
        Binding("r", "replay_turn", "Replay turn", show=False),
        Binding("v", "review_turns", "Review turns", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("g", "app.legend", "Legend", show=False),
        Binding("q", "quit_game", "Quit"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, *, reveal_delay: float = 0.04) -> None:
        super().__init__()
        self.reveal_delay = reveal_delay
        """Seconds between revealed log entries after resolution; 0 reveals at once."""
        self.current: str | None = None
        """The faction drafting orders now, if any."""
        self.draft: list[Order] = []
        self._revealing: list[Entry] = []
        """The entries of the turn being revealed that are not shown yet, in order."""
        self._revealed: GameView | None = None
        """The game as the entries revealed so far left it."""
        self._reveal_timer: Timer | None = None
        self._paused = False
        """Whether the reveal waits for a key (space goes on, n shows one entry)."""
        self._replaying = False
        """Whether the reveal under way is a replay of a turn already shown (nothing follows it)."""
        self._last_turn: tuple[GameView, list[Entry]] | None = None
        """The last turn revealed: the view before it and its entries, for a replay."""

    @property
    def game(self) -> Game:
        """The game on the table."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="top"):
            yield Board(id="board")
            yield Pane(TracksPanel(id="tracks"), title="Tracks", key="k", id="tracks-pane")
        with Horizontal(id="bottom"):
            with Vertical(id="side"):
                yield OrdersPanel(id="orders")
                yield Pane(EventsPanel(id="events"), title="Events", key="e", id="events-pane")
            yield LogView(id="log")
        yield from self.compose_bar()
        yield KeyBar()

    def compose_bar(self) -> ComposeResult:
        """Widgets between the table and the footer: none here; a subclass may add a status bar."""
        return iter(())

    def on_resize(self, event: events.Resize) -> None:
        self.fit_top()

    @on(TracksPanel.Grew)
    def _tracks_grew(self) -> None:
        self.fit_top()

    def fit_top(self) -> None:
        """Give the board one line per region, or two when the terminal is tall; on a tall
        terminal the top grows further, up to half the screen, while the tracks need it (the
        tracks widen with the ``-wide`` breakpoint)."""
        height = self.size.height
        regions = len(self.game.scenario.regions)
        tall = height >= 4 * regions + 12
        lines = 2 * regions if tall else regions
        if tall:
            lines = max(lines, min(self.query_one(TracksPanel).lines_needed, height // 2 - 2))
        self.query_one("#top").styles.height = lines + 2

    def on_screen_resume(self) -> None:
        """Back on top (a review or a dialog closed): draw what the log and the keys missed meanwhile."""
        self.query_one(LogView).catch_up()
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.query_one(Board).border_title = "Board"
        self.query_one(Board).zoom_key = "m"
        self.query_one(LogView).border_title = "Log"
        self.query_one(LogView).show(self.seen())

    # -- rendering ---------------------------------------------------------------------------

    def seen(self) -> GameView:
        """The view the table shows now: the game's own (a subclass shows a fogged game's
        seat only what its faction may see, rule 16)."""
        return self.game.view()

    def status(self) -> str:
        """The header's second line."""
        game = self.game
        ordering = ""
        if self.current is not None:
            faction = game.scenario.faction(self.current)
            ordering = f" · {faction.letter} {faction.name} to order"
        return ("game over" if game.is_over else f"turn {game.turn}/{game.scenario.turns}") + ordering

    def refresh_view(self) -> None:
        """Push a view of the game now down to every widget."""
        game = self.game
        view = self.seen()
        self.title = view.scenario.title
        self.sub_title = self.status()
        self.query_one(Board).show(view)
        self.query_one(TracksPanel).show(view, self.current)
        self.query_one(EventsPanel).show(view)
        current = self.current
        priced = [(order, game.option(current, order.move, order.target).cost) for order in self.draft] if current is not None else []
        self.query_one(OrdersPanel).show(view, current, priced)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the order keys when nobody is ordering (bots' turn, game over); while a turn is
        revealed, show the reveal's keys (pause, step, show all) in their place."""
        revealing = bool(self._revealing)
        if action in ("pause_reveal", "step_reveal", "skip_reveal"):
            return revealing
        if action in ("add_order", "delete_order", "submit"):
            if revealing:
                return False
            if self.current is None:
                return None
            if action == "add_order":
                return len(self.draft) < self.game.scenario.orders_per_turn or None
            if action == "delete_order":
                return bool(self.draft) or None
        if action == "replay_turn":
            return (self._last_turn is not None and not revealing) or None
        if action == "agreements":
            if not self.game.scenario.agreements or revealing:
                return False  # hidden: a scenario without agreements never shows the key
            return (self.current is not None and not self.game.is_over) or None
        if action == "argue":
            if not self.argued_allowed() or revealing:
                return False  # hidden where nobody could adjudicate an argued action
            return (self.current is not None and not self.game.is_over) or None
        return True

    # -- agreements (rule 14) ------------------------------------------------------------------------

    def action_agreements(self) -> None:
        """The agreements of the faction ordering now: what is proposed and in force, and its steps on them."""
        faction = self.current
        if faction is None or not self.game.scenario.agreements or self.game.is_over:
            return
        self.app.push_screen(AgreementsScreen(faction, self.fresh_view, self.take_agreement), lambda _: self.refresh_view())

    def fresh_view(self) -> GameView:
        """The game as the faction ordering now may see it, for the agreements and argued actions dialogs."""
        return self.game.view()

    def take_agreement(self, act: str, kind: str, other: str) -> str | None:
        """Take the faction ordering now's step on an agreement (rule 14.2); why it was refused, or None."""
        raise NotImplementedError

    # -- argued actions (rule 15) ----------------------------------------------------------------------

    def argued_allowed(self) -> bool:
        """Whether this table offers argued actions: the scenario allows them (and someone can adjudicate them)."""
        return self.game.scenario.argued is not None

    def action_argue(self) -> None:
        """The argued actions of the faction ordering now: propose one, counter another team's."""
        faction = self.current
        if faction is None or not self.argued_allowed() or self.game.is_over:
            return
        self.app.push_screen(ArguedScreen(faction, self.fresh_view, self.take_argue, self.take_counter), lambda _: self.refresh_view())

    def take_argue(self, text: str, target: str) -> str | None:
        """Propose the faction ordering now's argued action (rule 15.2); why it was refused, or None."""
        raise NotImplementedError

    def take_counter(self, actor: str, number: int, text: str) -> str | None:
        """The faction ordering now counters ``actor``'s argued action ``number`` (rule 15.4); why refused, or None."""
        raise NotImplementedError

    # -- revealing a resolved turn ---------------------------------------------------------------

    def reveal(self, entries: list[Entry], before: GameView, *, at_once: bool = False) -> None:
        """Show ``entries`` (the last of the game's log) one by one, the board and the tracks
        moving with them from the view ``before`` (a fold: ``engine.views.advance``); then
        ``after_reveal``. With ``at_once`` (or no reveal delay) the turn is shown whole in one
        redraw; ``r`` still replays it entry by entry."""
        log = self.query_one(LogView)
        if before.sight is not None:  # a fogged view: only what it may see is revealed (rule 16.4)
            entries = [entry for entry in entries if visible(before.sight, entry)]
        self._last_turn = (before, list(entries))
        if at_once or self.reveal_delay <= 0 or not entries:
            self.after_reveal()  # first: a review it opens over the table spares drawing the log now
            log.show(self.seen())
            return
        self._start_reveal(before, entries)

    def _start_reveal(self, before: GameView, entries: list[Entry]) -> None:
        self._revealing = list(entries)
        self._revealed = before
        self._paused = False
        self.refresh_bindings()
        self._reveal_timer = self.set_interval(self.reveal_delay, self._tick)

    def _tick(self) -> None:
        if not self._paused:
            self.reveal_next()

    def reveal_next(self) -> None:
        """Show the next entry of the turn being revealed (the reveal's timer calls this)."""
        before = self._revealed
        if before is None or not self._revealing:
            return
        shown = self._revealed = advance(before, self._revealing.pop(0))
        self.query_one(LogView).show(shown)
        if _board_of(shown) != _board_of(before):
            self.query_one(Board).show(shown)
            self.query_one(TracksPanel).show(shown, None)
        if not self._revealing:
            self._finish_reveal()

    def action_skip_reveal(self) -> None:
        """Show the rest of the turn's log at once."""
        if self._revealing:
            self._finish_reveal()

    def action_pause_reveal(self) -> None:
        """Hold the reveal where it is, or let it go on."""
        if self._revealing:
            self._paused = not self._paused
            self.sub_title = self.status() + (" · paused: space goes on, n steps" if self._paused else "")

    def action_step_reveal(self) -> None:
        """Show one more entry and hold there."""
        if self._revealing:
            self._paused = True
            self.reveal_next()
            if self._revealing:
                self.sub_title = self.status() + " · paused: space goes on, n steps"

    def action_replay_turn(self) -> None:
        """Reveal the last turn again from the position before it; the table comes back after."""
        if self._last_turn is None or self._revealing:
            return
        before, entries = self._last_turn
        self._replaying = True
        self.query_one(LogView).show(before)
        self.query_one(Board).show(before)
        self.query_one(TracksPanel).show(before, None)
        self._start_reveal(before, entries)

    def _finish_reveal(self) -> None:
        if self._reveal_timer is not None:
            self._reveal_timer.stop()
            self._reveal_timer = None
        self._revealing = []
        self._revealed = None
        self._paused = False
        self.query_one(LogView).show(self.seen())
        if self._replaying:
            self._replaying = False
            self.refresh_view()
            self.refresh_bindings()
        else:
            self.after_reveal()

    def action_review_turns(self) -> None:
        """Every resolved turn, one at a time and grouped by faction (left and right browse)."""
        view = self.seen()
        if resolved_turns(view):
            self.app.push_screen(TurnReview(view))
        else:
            self.notify("No turn has been resolved yet.", timeout=3)

    def after_reveal(self) -> None:
        """Once a turn is shown: warn if someone is one turn from victory; then the subclass's next step."""
        self.warn_near_victory()
        self.refresh_bindings()

    def warn_near_victory(self) -> None:
        """Name in a notification every faction one turn like its last from the victory score."""
        warning = victory_warning(self.seen())
        if warning:
            self.notify(warning, severity="warning", timeout=10)

    # -- drafting orders ---------------------------------------------------------------------------

    def draft_changed(self) -> None:
        """The draft was edited: redraw (a subclass may also keep it somewhere)."""
        self.refresh_view()
        self.refresh_bindings()

    def action_add_order(self) -> None:
        """Open the order picker for the current faction."""
        if self.current is None:
            return

        def added(order: Order | None) -> None:
            if order is not None:
                self.draft.append(order)
                self.draft_changed()
            self.query_one(OrdersPanel).focus()
            self.refresh_bindings()

        self.app.push_screen(OrderPicker(self.game, self.current, draft=self.draft), added)

    def add_order(self, order: Order) -> None:
        """Add ``order`` to the draft if it keeps the draft legal (used by the command palette)."""
        if self.current is None:
            return
        try:
            self.game.check(self.current, [*self.draft, order])
        except OrderError as exc:
            self.notify(str(exc), title="Cannot add that order", severity="warning")
            return
        self.draft.append(order)
        self.draft_changed()

    def action_delete_order(self) -> None:
        """Remove the highlighted draft order."""
        index = self.query_one(OrdersPanel).selected_order_index()
        if index is None and self.draft:
            index = len(self.draft) - 1
        if index is not None:
            del self.draft[index]
            self.draft_changed()

    async def ready_to_submit(self, faction: str, draft: list[Order]) -> bool:
        """Whether ``draft`` may be submitted now: it is legal (or the reason is shown) and the
        players confirmed every warning about it (unspent budget, a likely failure, ...)."""
        try:
            self.game.check(faction, draft)
        except OrderError as exc:
            self.notify(str(exc), title="These orders cannot be submitted", severity="error")
            return False
        for warning in warnings(self.game, faction, draft):
            if not await self.app.push_screen_wait(ConfirmScreen("Submit these orders?", warning, yes="Submit", no="Keep editing")):
                return False
        return True

    @on(OrdersPanel.OptionSelected, "#orders")
    def _orders_enter(self, event: OrdersPanel.OptionSelected) -> None:
        if event.option.id == "add":
            self.action_add_order()

    # -- board and log ------------------------------------------------------------------------------

    @on(Board.RegionSelected)
    def _region_selected(self, event: Board.RegionSelected) -> None:
        self.app.push_screen(RegionDetail(self.seen(), event.region))

    def action_focus_log(self) -> None:
        """Move the focus to the log."""
        self.query_one(LogView).focus()

    def action_focus_board(self) -> None:
        """Move the focus to the board."""
        self.query_one(Board).focus()

    def action_zoom(self, pane: str) -> None:
        """Fill the screen with the panel ``pane`` (every faction's tracks, every event), or give the table back."""
        self.query_one(f"#{pane}", Pane).action_zoom()

    def action_zoom_board(self) -> None:
        """Fill the screen with the board (every faction's influence in every region), or give the table back."""
        board = self.query_one(Board)
        if self.maximized is board:
            self.minimize()
        else:
            board.focus()
            self.maximize(board, container=False)

    def action_zoom_log(self) -> None:
        """Fill the screen with the log, or give the table back."""
        log = self.query_one(LogView)
        if self.maximized is log:
            self.minimize()
        else:
            log.focus()
            self.maximize(log, container=False)

    def action_group_log(self) -> None:
        """Group the log by turn and faction, or list it in order again."""
        self.query_one(LogView).action_toggle_grouped()

    def action_cycle_faction_filter(self) -> None:
        """Show one faction's log entries, then the next, then all."""
        self.query_one(LogView).action_cycle_faction()

    def action_cycle_turn_filter(self) -> None:
        """Show the latest turn's log entries, then earlier ones, then all."""
        self.query_one(LogView).action_cycle_turn()


def _board_of(view: GameView) -> tuple[object, ...]:
    """What the board and the tracks draw of ``view``: all of it but the log."""
    return (view.factions, view.regions, view.events, view.history, view.submitted)
