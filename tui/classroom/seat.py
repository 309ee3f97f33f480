"""A team's seat in a shared classroom game: its faction's orders and everything the team may see.

The seat draws the world's game as the session layer lets this faction see
it (other teams' orders stay hidden until the turn resolves), keeps the draft
in the session file as it is edited (a dropped seat gets it back), and polls
the file: when the facilitator or the last team in resolves the turn, the
resolved turn is shown whole at once (every seat of a class draws it at the
same moment, on the teacher's cores when the seats are served), and ``r``
replays it entry by entry, as at one keyboard. Orders may be
revised and submitted again until the turn resolves. ``w`` opens the team's
private messages (rule 12.6), and a message to the team is announced as it
arrives. The team is offered its plan when it first sits down on turn 1
(``p`` opens it again until turn 1 resolves) and its reflection once the game
is over, before the debrief.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Static

import engine.valueclass as valueclass
from classroom.errors import AccessDenied, ClassroomError
from classroom.seat_desk import SeatDesk
from classroom.timer import TimerStatus, duration
from engine.describe import Describer
from engine.errors import OrderError
from engine.game import Game
from engine.inputs import FACILITATOR, MAX_WHY
from engine.log import Directed, Messaged
from engine.views import GameView
from tui.classroom import POLL
from tui.classroom.messages import MessagesScreen
from tui.classroom.seat_debrief import SeatDebrief
from tui.screens.confirm import ConfirmScreen
from tui.screens.table import TableScreen
from tui.screens.writing import WritingScreen
from tui.widgets.log_view import LogView

LATE = 60.0
"""Seconds before a phase ends at which a team without orders in is warned."""
HEARTBEAT = 10.0
"""Seconds between the seat's "still here" marks in the session file."""


def clock_text(timer: TimerStatus, now: float) -> str:
    """The timer as a team reads it: ``orders 12:05 left``, ``PAUSED``, ``time is up``, or empty."""
    if timer.seconds_left is None:
        return ""
    if timer.deadline_passed:
        return "time is up"
    left = timer.seconds_left if timer.phase_ends_at is None else timer.phase_ends_at - now
    return f"{timer.phase} {duration(left)} left" + (" · PAUSED" if timer.paused else "")


class SeatScreen(TableScreen):
    """One team's view of one world; dismissed with a message when the team leaves or loses its seat."""

    BINDINGS = [
        Binding("N", "note", "Note", tooltip="A note from your team in the log (every team reads it)"),  # n steps a turn's reveal
        Binding("w", "messages", "Messages", tooltip="Private messages with the facilitator and the other teams (no one else reads them)"),
        Binding("p", "write", "Plan", tooltip="Your team's plan: aims and instruments, before turn 1 resolves"),
    ]

    DEFAULT_CSS = """
    SeatScreen #seatbar { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, desk: SeatDesk, *, poll: float = POLL, reveal_delay: float = 0.04) -> None:
        super().__init__(reveal_delay=reveal_delay)
        self.desk = desk
        self.poll_every = poll
        self.clock = desk.store.now
        """The session's clock, which its timers run on."""
        self.view = desk.view()
        """What the session lets this seat see now (its world's game among it)."""
        self._last_heartbeat = 0.0
        self._problem: str | None = None
        self._seat_line = ""
        self._warned: tuple[int, str] | None = None
        self._leaving = False
        """True once the seat is closing: it polls no more."""
        self._poller: Timer
        """The turn and phase whose last minute the team was warned about."""
        self.asks = desk.asks_for_writing()
        """Whether the session asks for the team's plan and reflection (offered once each; ``p`` opens the plan again)."""
        self.offered: set[str] = set() if self.asks else {"plan", "reflection"}
        """The written work (``plan``, ``reflection``) already offered."""

    @property
    def game(self) -> Game:
        """The world's game as this seat may see it: the seat's own fork, read again when the world's
        revision moves, so the table's legality checks run on it and nothing done to it reaches the session."""
        return self.view.game

    def compose_bar(self) -> ComposeResult:
        yield Static(id="seatbar", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.begin_turn()
        self._poller = self.set_interval(self.poll_every, self.poll)
        self.poll()

    # -- what the team sees -------------------------------------------------------------------------

    def status(self) -> str:
        """``World 1 · Team Harbour (S Seaboard Federation)``: the turn is on the bar below."""
        view = self.view
        faction = self.game.scenario.faction(view.faction)
        seat = f"{faction.letter} {faction.name}"
        return f"{view.world_name} · {view.team} ({seat})" if view.team != faction.name else f"{view.world_name} · {seat}"

    def seat_line(self) -> str:
        """The bar under the table: the turn's timer, who is in, and this team's submission."""
        view, game = self.view, self.game
        if game.is_over:
            return "The game is over."
        if self._problem:
            return self._problem
        bots = {seat.faction for seat in view.seats if seat.player != "team"}
        letters = " ".join(f"{game.scenario.faction(f).letter}{' bot' if f in bots else '✓' if f in view.submitted_by else '…'}" for f in game.factions)
        if view.orders is None:
            mine = "yours: not in yet"
        elif tuple(self.draft) == view.orders:
            mine = "yours: in ✓ (revise until it resolves)"
        else:
            mine = "yours: changed, s to submit again"
        sitting_out = [
            entry.text for entry in game.turn_log(game.turn) if isinstance(entry, Directed) and entry.kind == "sideline" and entry.faction == view.faction
        ]
        parts = [f"Turn {game.turn}/{game.scenario.turns}", clock_text(view.timer, self.clock()), f"in: {letters}", mine]
        if sitting_out:
            parts.append(f"{', '.join(sitting_out)} sits out: the others decide")
        return " · ".join(part for part in parts if part)

    def show_seat_line(self, text: str) -> None:
        """Put ``text`` in the bar under the table (drawn only when it changed: seats poll often; the bar is one line
        across the screen whatever it says, so the screen is not laid out again: its clock changes every second)."""
        if text != self._seat_line:
            self._seat_line = text
            self.query_one("#seatbar", Static).update(text, layout=False)

    def refresh_view(self) -> None:
        super().refresh_view()
        self.show_seat_line(self.seat_line())

    def begin_turn(self) -> None:
        """Start (or resume) drafting this turn: the saved draft, else the submitted orders."""
        view = self.view
        if self.game.is_over:
            self.current = None
            self.refresh_view()
            if "reflection" not in self.offered:
                self.offered.add("reflection")
                self.write("reflection", lambda _: self.begin_turn())
                return
            kept = "The classroom session keeps this game; the facilitator exports its record for the debrief and for grading."
            self.app.push_screen(SeatDebrief(self.game, record_path=None, kept=kept), self._after_debrief)
            return
        self.current = view.faction
        self.draft = list(view.draft if view.draft is not None else view.orders or ())
        self.refresh_view()
        self.refresh_bindings()
        if self.plan_due() and "plan" not in self.offered and not self.game.written(view.faction)[0]:
            self.offered.add("plan")
            self.write("plan", lambda _: None)

    # -- the team's plan and reflection ----------------------------------------------------------------

    def plan_due(self) -> bool:
        """True while the team may hand in its plan: until turn 1 resolves."""
        return not self.game.is_over and self.game.turn == 1 and 1 not in self.game.digests

    def write(self, kind: str, then: Callable[[str | None], None]) -> None:
        """Open the team's ``kind`` (``plan`` or ``reflection``) on its own screen; handed in through the desk."""
        faction = self.view.faction

        def hand_in(text: str) -> str | None:
            try:
                (self.desk.plan if kind == "plan" else self.desk.reflect)(text)
            except (OrderError, ClassroomError) as exc:
                return str(exc)
            return None

        plan, reflection = self.game.written(faction)
        earlier = plan if kind == "plan" else reflection
        self.app.push_screen(WritingScreen(kind, self.game.scenario.faction(faction), hand_in, text=earlier), then)

    def action_write(self) -> None:
        """Open the team's plan while turn 1 is open."""
        if self.plan_due() and not self._leaving:
            self.write("plan", lambda _: self.poll())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``p`` shows only while the plan may be handed in."""
        if action == "write":
            return self.plan_due()
        return super().check_action(action, parameters)

    def _after_debrief(self, _: None) -> None:
        self.leave("The game is over.")

    def leave(self, message: str) -> None:
        """Close the seat once, with ``message`` for the door: polling stops first, so a poll that
        comes after (the timer's, or a worker's) cannot dismiss the seat a second time and pop the
        door that replaced it. The seat goes after the screen's next refresh, so what its widgets
        asked to do then (the header sets its title) is done while they are still on screen: a
        seat closed just after it opened had the header look for its title in a screen gone."""
        if self._leaving:
            return
        self._leaving = True
        self._poller.stop()
        self.call_after_refresh(self._close, message)

    def _close(self, message: str) -> None:
        self.dismiss(message)  # not awaited: a screen's own handler may not wait for its dismissal

    def after_reveal(self) -> None:
        super().after_reveal()
        self.begin_turn()

    # -- keeping up with the session file ------------------------------------------------------------

    def poll(self) -> None:
        """Read the session file: redraw what changed, keep the timer running, say the seat is here."""
        if self._leaving:
            return
        try:
            revision = self.desk.revision()
            now = self.clock()
            if revision != self.view.revision:
                self.load()
            else:
                timer = self.view.timer
                if timer.phase_ends_at is not None and now >= timer.phase_ends_at:  # a phase ran out: read on
                    self.view = valueclass.evolve(self.view, timer=self.desk.timer())
                if self.view.timer.deadline_passed and not self.game.is_over:
                    self.desk.tick()
                if not self._revealing:
                    self.show_seat_line(self.seat_line())
            self.warn_if_late(now)
            if now - self._last_heartbeat >= HEARTBEAT:
                self.desk.heartbeat()
                self._last_heartbeat = now
            self._problem = None
        except AccessDenied as exc:
            self.leave(exc.message)
        except ClassroomError as exc:
            self._problem = f"Cannot read the session: {exc.message} (retrying)"
            self.show_seat_line(self._problem)

    def warn_if_late(self, now: float) -> None:
        """Once a phase, with a minute or less of it left and no orders in, tell the team."""
        timer, game = self.view.timer, self.game
        if self.view.orders is not None or timer.phase_ends_at is None or game.is_over:
            return
        if timer.phase_ends_at - now <= LATE and self._warned != (game.turn, timer.phase):
            self._warned = (game.turn, timer.phase)
            self.notify(
                f"Less than a minute of {timer.phase} left and your orders are not in: press s to submit them.",
                title="Time is nearly up",
                severity="warning",
                timeout=15,
            )

    def load(self) -> None:
        """Take the session's latest view; reveal a newly resolved turn, or redraw what changed (when another
        team submits, the seat's game, which does not hold their orders, is the same: only the bar is redrawn)."""
        before = self.game
        self.view = self.desk.view()
        after = self.game
        grew = len(after.log) > len(before.log) and after.log[: len(before.log)] == before.log
        lifted = after.is_over and not before.is_over  # the end shows a seat the whole log (rules 12.6 and 16.5)
        if self._revealing:
            self.action_skip_reveal()
        if after.turn != before.turn or after.is_over != before.is_over:
            if (grew or lifted) and len(after.digests) > len(before.digests):
                self.current = None
                self.notify(f"Turn {before.turn} is resolved.", timeout=3)
                seen = before.turn_log(before.turn)
                new = after.log[len(before.log) :] if grew else [entry for entry in after.turn_log(before.turn) if entry not in seen]
                self.reveal(new, before.view(), at_once=True)
            else:
                self.notify(f"The facilitator took back turn {after.turn}'s resolution.", severity="warning", timeout=6)
                self.query_one(LogView).show(after.view())
                self.begin_turn()
            return
        if after.log == before.log and after.digest() == before.digest():  # another team's orders came in: only the bar changes
            self.show_seat_line(self.seat_line())
            return
        self.query_one(LogView).show(after.view())
        self.refresh_view()
        self.tell_new_messages(before, after)

    def tell_new_messages(self, before: Game, after: Game) -> None:
        """Notify the team of each message to it that ``after`` has and ``before`` had not."""
        seen = sum(1 for entry in before.log if isinstance(entry, Messaged))
        new = [entry for entry in after.log if isinstance(entry, Messaged)][seen:]
        describe = Describer(after.scenario)
        for message in new:
            if message.to == self.view.faction:
                sender = "the facilitator" if message.sender == FACILITATOR else describe.name(message.sender)
                self.notify(f"{message.text}\n(w: your messages)", title=f"Private message from {sender}", timeout=10)

    # -- drafting and submitting ------------------------------------------------------------------------

    def draft_changed(self) -> None:
        """Keep the draft in the session file, so a dropped seat gets it back."""
        super().draft_changed()
        try:
            self.desk.save_draft(self.draft, turn=self.game.turn)
        except ClassroomError as exc:
            self.notify(exc.message, title="The draft could not be saved", severity="warning")
        self.show_seat_line(self.seat_line())

    @work(exclusive=True)
    async def action_submit(self) -> None:
        """Submit the draft after confirming any warning; the turn resolves when the session says so."""
        if self.current is None:
            return
        faction, draft, turn = self.current, list(self.draft), self.game.turn
        if not await self.ready_to_submit(faction, draft):
            return
        try:
            done = self.desk.submit(draft, turn=turn)  # refused if the turn resolved while the team confirmed
        except (OrderError, ClassroomError) as exc:
            self.notify(str(exc), title="The orders were not submitted", severity="error")
            return
        if not done.resolved:
            self.notify(f"Your orders for turn {done.turn} are in. You may revise them until the turn resolves.", timeout=4)
        self.poll()

    @work(exclusive=True)
    async def action_note(self) -> None:
        """A note from the team in the log, which every team and the facilitator read."""
        from tui.classroom.dialogs import TextPrompt

        text = await self.app.push_screen_wait(
            TextPrompt(
                "A note from your team", "Every team and the facilitator read it in the log.", required="Write the note, or press Escape.", max_length=MAX_WHY
            )
        )
        if text:
            try:
                self.desk.note(text)
            except (OrderError, ClassroomError) as exc:
                self.notify(str(exc), title="The note was not added", severity="error")
                return
            self.poll()

    def action_messages(self) -> None:
        """Private messages: this team's, with the facilitator and the other teams, and a line to write one."""
        game = self.game
        describe = Describer(game.scenario)
        others = [(describe.name(f), f) for f in game.factions if f != self.view.faction]
        detail = "Only you and whoever you write to read these, and the facilitator, until the game is over; then everyone can."
        self.app.push_screen(
            MessagesScreen(
                "Private messages", detail, [("the facilitator", FACILITATOR), *others], self._messages, self._send_message, describe, self.view.faction
            )
        )

    def fresh_view(self) -> GameView:
        """The world as this seat may read it now, read afresh from the session (the table's own view moves on
        at its next poll)."""
        try:
            return self.desk.view().game.view()
        except ClassroomError as exc:
            self.notify(exc.message, title="The world cannot be read", severity="error")
            return self.game.view()

    def take_agreement(self, act: str, kind: str, other: str) -> str | None:
        """This team's step on an agreement, through its desk; why it was refused, or None."""
        try:
            self.desk.agree(act, kind, other)
        except (OrderError, ClassroomError) as exc:
            return str(exc)
        self.poll()
        return None

    def take_argue(self, text: str, target: str) -> str | None:
        """This team's argued action, through its desk; why it was refused, or None."""
        try:
            self.desk.argue(text, target)
        except (OrderError, ClassroomError) as exc:
            return str(exc)
        self.poll()
        return None

    def take_counter(self, actor: str, number: int, text: str) -> str | None:
        """This team's counter-argument, through its desk; why it was refused, or None."""
        try:
            self.desk.counter(actor, number, text)
        except (OrderError, ClassroomError) as exc:
            return str(exc)
        self.poll()
        return None

    def _messages(self) -> tuple[Messaged, ...]:
        try:
            return self.desk.messages()
        except ClassroomError as exc:
            self.notify(exc.message, title="The messages cannot be read", severity="error")
            return ()

    def _send_message(self, to: str, text: str) -> str | None:
        try:
            self.desk.message(to, text)
        except (OrderError, ClassroomError) as exc:
            return str(exc)
        self.poll()
        return None

    @work(exclusive=True)
    async def action_quit_game(self) -> None:
        """Leave the seat; submitted orders and the draft stay in the session file."""
        detail = "Your submitted orders and your draft stay in the session. Join again with the same code to come back."
        if await self.app.push_screen_wait(ConfirmScreen("Leave this seat?", detail, yes="Leave", no="Stay")):
            self.app.exit()
