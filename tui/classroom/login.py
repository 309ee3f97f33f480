"""The door of a classroom session: enter your team's code (or the facilitator's)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from classroom.errors import AccessDenied, ClassroomError
from classroom.facilitator_desk import FacilitatorDesk
from classroom.seat_desk import SeatDesk
from classroom.store import Store


class LoginScreen(Screen[FacilitatorDesk | SeatDesk]):
    """Ask for a code; dismissed with the desk it opens. A wrong code is refused on the spot."""

    BINDINGS = [Binding("escape", "app.quit", "Quit")]

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #door { width: 64; max-width: 100%; height: auto; border: round $primary; padding: 1 2; }
    LoginScreen #session { color: $text-muted; margin-bottom: 1; }
    LoginScreen #problem { color: $error; height: auto; margin-top: 1; }
    """

    def __init__(self, store: Store, *, message: str = "") -> None:
        super().__init__()
        self.store = store
        self.message = message
        """Why the player is back at the door (a replaced code, the end of a game), if anything."""

    def compose(self) -> ComposeResult:
        scenario = self.store.scenario
        worlds = ", ".join(world.name for world in self.store.worlds())
        yield Header()
        with Vertical(id="door"):
            yield Static(f"{scenario.title}\nWorlds: {worlds}", id="session", markup=False)
            yield Static("Enter your team's code (the facilitator enters theirs):", markup=False)
            yield Input(placeholder="e.g. K7QF-M2XP", id="code", password=False)
            yield Static(self.message, id="problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Détente classroom"
        self.sub_title = self.store.path.name
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#problem", Static)
        try:
            desk = self.store.access(event.value)
        except AccessDenied as exc:
            problem.update(exc.message[:1].upper() + exc.message[1:] + ".")
            event.input.value = ""
            return
        except ClassroomError as exc:
            problem.update(exc.message)
            return
        self.dismiss(desk)
