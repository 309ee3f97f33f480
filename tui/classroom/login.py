"""The door of a classroom session: enter your team's code (or the facilitator's).

Wrong codes are counted per address across every process of the session
(``classroom.door``): past a few, the door makes that address wait, longer
each time; ``detente serve`` prints each count as it grows.
"""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from classroom import door
from classroom.checks import MAX_NAME
from classroom.errors import AccessDenied, ClassroomError
from classroom.facilitator_desk import FacilitatorDesk
from classroom.seat_desk import SeatDesk
from classroom.store import Store
from engine.errors import DetenteError
from tui.widgets.key_bar import KeyBar


class LoginScreen(Screen[FacilitatorDesk | SeatDesk]):
    """Ask for a code; dismissed with the desk it opens. A wrong code is refused on the spot."""

    BINDINGS = [Binding("escape", "app.quit", "Quit")]

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #door { width: 64; max-width: 100%; height: auto; border: round $primary; padding: 1 2; }
    LoginScreen #session { color: $text-muted; margin-bottom: 1; }
    LoginScreen #problem { color: $error; height: auto; margin-top: 1; }
    """

    def __init__(self, store: Store, *, message: str = "", console: bool = True) -> None:
        super().__init__()
        self.store = store
        self.message = message
        """Why the player is back at the door (a replaced code, the end of a game), if anything."""
        self.console = console
        """False: the facilitator's code is refused here (``detente serve --seats-only``)."""
        self.door = door.Door(store.path, store.now)
        self.where = door.address()

    def compose(self) -> ComposeResult:
        scenario = self.store.scenario
        worlds = ", ".join(world.name for world in self.store.worlds())
        yield Header()
        with Vertical(id="door"):
            yield Static(f"{scenario.title}\nWorlds: {worlds}", id="session", markup=False)
            yield Static("Enter your team's code" + (" (the facilitator enters theirs):" if self.console else ":"), markup=False)
            yield Input(placeholder="e.g. K7QF-M2XP", id="code", password=False)
            yield Static("Your team's name (optional; the first team to join a seat names it):", markup=False)
            yield Input(placeholder="e.g. Blue team", id="team-name", max_length=MAX_NAME)
            yield Static(self.message, id="problem", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Détente classroom"
        self.sub_title = self.store.path.name
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#team-name")
    def _name_submitted(self) -> None:
        """Enter in the name field knocks with the code typed above."""
        code = self.query_one("#code", Input)
        code.post_message(Input.Submitted(code, code.value))

    @on(Input.Submitted, "#code")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#problem", Static)
        wait = self.door.wait(self.where)
        if wait > 0:
            problem.update(f"Too many wrong codes from here: wait {math.ceil(wait)} s, then try again.")
            event.input.value = ""
            return
        try:
            desk = self.store.access(event.value)
            if not self.console and isinstance(desk, FacilitatorDesk):
                raise AccessDenied(self.store.file, "the facilitator's console is not served to browsers: it opens on the teacher's machine")
        except AccessDenied as exc:
            self.door.failed(self.where)
            problem.update(exc.message[:1].upper() + exc.message[1:] + ".")
            event.input.value = ""
            return
        except ClassroomError as exc:
            problem.update(exc.message)
            return
        name = self.query_one("#team-name", Input).value.strip()
        if name and isinstance(desk, SeatDesk):
            try:
                if desk.unnamed():
                    desk.name_team(name)
                else:
                    self.app.notify("Your team has a name already; the facilitator can change it.", timeout=6)
            except DetenteError as exc:
                problem.update(str(getattr(exc, "message", exc)))
                return
        self.dismiss(desk)
