"""The classroom application: a code at the door, then a team's seat or the facilitator's console.

``detente join`` and ``detente serve`` (one process per browser tab) run it
for teams; ``detente facilitate`` runs it for the facilitator, straight into
the console with the codes of a session it has just created.
"""

from __future__ import annotations

import functools
import gc
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from classroom.errors import AccessDenied, ClassroomError
from classroom.facilitator_desk import FacilitatorDesk
from classroom.seat_desk import SeatDesk
from classroom.store import Store
from classroom.values import NewSession
from tui.classroom import POLL
from tui.commands import GameCommands


class ClassroomApp(App[None]):
    """Opens ``store`` for one person: the login, then their desk; leaving a desk returns to the login."""

    TITLE = "Détente classroom"
    CSS_PATH = Path(__file__).parents[1] / "app.tcss"
    COMMANDS = App.COMMANDS | {GameCommands}
    BINDINGS = [Binding("f1", "help", "Help", show=False), Binding("ctrl+t", "toggle_dark", "Light/dark", show=False)]

    def __init__(
        self,
        store: Store,
        *,
        code: str | None = None,
        new_session: NewSession | None = None,
        poll: float = POLL,
        reveal_delay: float = 0.04,
        console: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.code = code
        self.opens_console = console
        """False: the door opens teams' seats only (``detente serve --seats-only``), never the console."""
        self.new_session = new_session
        """The plain codes of a session created for this run, shown in the console."""
        self.poll = poll
        self.reveal_delay = reveal_delay
        self.scenario = store.scenario

    def on_mount(self) -> None:
        if self.store.warning:  # a copy made while the session was in use: say so before anyone plays on it
            self.notify(self.store.warning, severity="warning", timeout=30)
        if self.new_session is not None:
            self.open_desk(FacilitatorDesk(self.store))
        elif self.code:
            try:
                self.open_desk(self.store.access(self.code) if self.opens_console else self.store.seat(self.code))
            except AccessDenied as exc:
                self.ask_code(exc.message)
        else:
            self.ask_code()

    def ask_code(self, message: str = "") -> None:
        """The login screen."""
        from tui.classroom.login import LoginScreen

        self.push_screen(LoginScreen(self.store, message=message, console=self.opens_console), self.open_desk)

    def open_desk(self, desk: FacilitatorDesk | SeatDesk | None) -> None:
        """The seat screen for a team's desk, the console for the facilitator's; back to the door,
        with the reason, if the session cannot be read (a damaged or hand-edited file), or if the
        door closed without a desk."""
        if desk is None:
            self.ask_code()
            return
        if isinstance(desk, SeatDesk):
            from tui.classroom.seat import SeatScreen

            try:
                screen = SeatScreen(desk, poll=self.poll, reveal_delay=self.reveal_delay)
            except ClassroomError as exc:
                self.ask_code(exc.message)
                return
            self.push_screen(screen, self._left_seat)
        else:
            from tui.classroom.console import FacilitatorScreen

            self.push_screen(FacilitatorScreen(desk, codes=self.new_session, poll=self.poll), lambda _: self.exit())
        self.call_after_refresh(settle)

    def _left_seat(self, message: str | None) -> None:
        """A seat closed (its code was replaced, or the game ended): back to the door, saying why."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.ask_code(message or "")

    def action_help(self) -> None:
        """Rules summary and keys."""
        from tui.screens.help import SEAT_KEYS, HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.scenario, seat_keys=SEAT_KEYS))


@functools.cache
def settle() -> None:
    """Once per process, when the first desk is on screen: move every object alive then (the modules, Textual's
    and the scenario's, the desk's screen: they live as long as the process) out of the garbage collector's sight
    (``gc.freeze``). A full collection then scans only what came after: on a seat one took about 40 ms every few
    resolved turns (a sixth of a turn's redraw), at the moment every seat of the class was redrawing. What is
    garbage already is collected first, so none of it is kept for good."""
    gc.collect()
    gc.freeze()
