"""The console's controller: it reads the session and tells the console's screens, by message, what it found.

``ConsoleController`` is the one object every screen of the facilitator's
console shares (given to each at construction: attributes down). It holds
the ``FacilitatorDesk`` and what only this run of the console knows (the
codes of a session it has just created), and it polls: the console screen's
timer calls ``poll()``, which calls ``desk.tick()`` (turns resolve by
themselves by the session's rules) and reads the overview again when
``desk.revision()`` moved, and once a second for the timers.

It never touches a widget. What it reads goes out as messages:

- ``Polled`` to every attached view (``attach``/``detach``), each of which
  redraws itself from the overview;
- ``TurnResolved``, ``Trouble`` and ``Refused`` to its ``home`` (the console
  screen), which tells the facilitator in a notification. Errors of the desk
  are notifications, never tracebacks.

Actions go through ``act``, which polls at once so that every view shows the
result; it returns ``FAILED`` when the desk refused.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final, Literal, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

from classroom.errors import ClassroomError
from classroom.facilitator_desk import FacilitatorDesk
from classroom.values import NewSession, Overview, WorldStatus
from engine.errors import DetenteError
from engine.model import Scenario
from engine.outcome import Outcome


class Failed(enum.Enum):
    """The type of ``FAILED`` (an enum of one, so that ``result is FAILED`` narrows the result's type)."""

    FAILED = "failed"


FAILED: Final = Failed.FAILED
"""What ``ConsoleController.act`` returns when the desk refused the action."""

T = TypeVar("T")

TIMER_REDRAW = 1.0
"""Seconds between reads of the overview when nothing changed (the timers and presence move on)."""


def problem_text(exc: DetenteError, session_file: str = "") -> str:
    """An error's message for a notification: the session file's name is left out (it is always the same)."""
    if isinstance(exc, ClassroomError) and exc.file == session_file:
        return exc.message
    return str(exc)


class ConsoleController:
    """Reads ``desk`` for the console's screens and posts them what it read; never touches a widget.

    ``home`` (the console screen) gets the notices; ``codes`` are the plain
    codes of a session created just now (``NewSession``), None for a
    session resumed; ``interval`` is the seconds between polls (the console
    screen runs the timer); ``clock`` times the once-a-second redraw.
    """

    class Polled(Message, bubble=False):
        """The overview was read: every attached view redraws from it."""

        def __init__(self, overview: Overview, changed: bool) -> None:
            super().__init__()
            self.overview = overview
            """Every world at one moment."""
            self.changed = changed
            """True when a world's revision moved since the last read (or a redraw is forced)."""

    class TurnResolved(Message, bubble=False):
        """A turn resolved without this console asking: by the session's rules, or in another process."""

        def __init__(self, world: str, turn: int, *, why: str = "", now: int | None = None) -> None:
            super().__init__()
            self.world = world
            """The world's name."""
            self.turn = turn
            """The turn that resolved."""
            self.why = why
            """``every team is in`` or ``time is up`` when this console's tick resolved it; empty when it
            resolved elsewhere (the completing submission in a seat's process, or another console)."""
            self.now = now
            """The world's turn now (when it resolved elsewhere)."""

    class Trouble(Message, bubble=False):
        """The session cannot be read (posted once, not at every poll, until a read succeeds)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Refused(Message, bubble=False):
        """The desk refused an action: ``title`` says which kind (``Not resolved``), ``text`` why."""

        def __init__(self, title: str, text: str) -> None:
            super().__init__()
            self.title = title
            self.text = text

    def __init__(
        self,
        desk: FacilitatorDesk,
        *,
        home: MessagePump,
        codes: NewSession | None = None,
        interval: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.desk = desk
        self.scenario: Scenario = desk.store.scenario
        self.home = home
        """Where the notices go: the console screen."""
        self.interval = interval
        """Seconds between polls of the session file."""
        self.created = codes is not None
        """True when the session was created just now (its codes are known)."""
        self.facilitator_code: str | None = codes.facilitator_code if codes is not None else None
        """The facilitator's own code, known only for a session created just now."""
        self.overview: Overview | None = None
        """The last overview read."""
        self._codes: dict[tuple[int, str], str | None] = dict(codes.seat_codes) if codes is not None else {}
        self._clock = clock
        self._views: list[MessagePump] = []
        self._outcomes: dict[int, tuple[int, Outcome | None]] = {}
        """Each finished world's result, by the revision it was read at."""
        self._revision: int | None = None
        self._read_at = 0.0
        self._trouble = ""
        self._turns: dict[int, int] = {}
        """Each world's turn at the last read (to tell of turns resolved elsewhere)."""
        self._acting = False

    # -- the codes ---------------------------------------------------------------------------------

    @property
    def codes(self) -> Mapping[tuple[int, str], str | None]:
        """The plain codes handed out at creation, by (world, faction); None once a code was replaced (read-only)."""
        return MappingProxyType(self._codes)

    def code_replaced(self, world: int, faction: str) -> None:
        """The seat's code was replaced (reseated, or a new code): from now on it shows as replaced."""
        self._codes[(world, faction)] = None
        self.read(True)

    # -- the views ---------------------------------------------------------------------------------

    def attach(self, view: MessagePump) -> Overview | None:
        """Post ``view`` every overview read from now on, until it is detached; the last one read, to draw at once."""
        if view not in self._views:
            self._views.append(view)
        return self.overview

    def detach(self, view: MessagePump) -> None:
        """Stop posting to ``view``."""
        if view in self._views:
            self._views.remove(view)

    # -- polling -----------------------------------------------------------------------------------

    def poll(self, *, force: bool = False) -> None:
        """Tick (resolve what is due) and read what changed; the timers once a second.

        Called by the console screen's timer, and after each action so that it shows at once.
        """
        try:
            done = self.desk.tick()
            revision = self.desk.revision()
        except DetenteError as exc:
            self.report(exc)
            return
        for auto in done:
            why = "every team is in" if auto.why == "all in" else "time is up"
            self.home.post_message(self.TurnResolved(self.world_name(auto.world), auto.turn, why=why))
            self._turns[auto.world] = auto.turn + 1
        changed = revision != self._revision
        if changed or force or self._clock() - self._read_at >= TIMER_REDRAW:
            self.read(changed or force, revision)

    def read(self, changed: bool = True, revision: int | None = None) -> Overview | None:
        """Read the overview and post it to every attached view; the overview, or None if it cannot be read."""
        try:
            overview = self.desk.overview()
        except DetenteError as exc:
            self.report(exc)
            return None
        self._trouble = ""
        for world in overview.worlds:
            before = self._turns.get(world.id)
            if before is not None and world.turn > before and not self._acting:
                # the completing submission resolved it in a seat's process (or another console did)
                self.home.post_message(self.TurnResolved(world.name, before, now=world.turn))
            self._turns[world.id] = world.turn
        if revision is not None:
            self._revision = revision
        self._read_at = self._clock()
        self.overview = overview
        for view in list(self._views):
            view.post_message(self.Polled(overview, changed))
        return overview

    def report(self, exc: DetenteError) -> None:
        """Tell of a problem reading the session once (not at every poll)."""
        text = self.problem(exc)
        if text != self._trouble:
            self._trouble = text
            self.home.post_message(self.Trouble(text))

    def problem(self, exc: DetenteError) -> str:
        """``exc``'s message for a notification."""
        return problem_text(exc, self.desk.store.file)

    # -- acting ------------------------------------------------------------------------------------

    def act(self, what: Callable[[], T], title: str = "Not done") -> T | Literal[Failed.FAILED]:
        """Call a desk action and poll at once; its result, or ``FAILED`` (and ``Refused`` posted) when refused."""
        self._acting = True
        result: T | Literal[Failed.FAILED]
        try:
            result = what()
        except DetenteError as exc:
            self.home.post_message(self.Refused(title, self.problem(exc)))
            result = FAILED
        try:
            self.poll(force=True)
        finally:
            self._acting = False
        return result

    # -- the worlds as last read -------------------------------------------------------------------

    def world(self, world: int) -> WorldStatus | None:
        """The world's status in the last overview."""
        if self.overview is None:
            return None
        return next((w for w in self.overview.worlds if w.id == world), None)

    def world_name(self, world: int) -> str:
        """The world's name in the last overview (``world 3`` before any)."""
        status = self.world(world)
        return status.name if status is not None else f"world {world}"

    def outcome(self, world: WorldStatus) -> Outcome | None:
        """A finished world's result (None while it plays, or if its game cannot be read)."""
        if not world.over:
            return None
        cached = self._outcomes.get(world.id)
        if cached is not None and cached[0] == world.revision:
            return cached[1]
        try:
            outcome = self.desk.view(world.id).outcome
        except DetenteError:
            return None
        self._outcomes[world.id] = (world.revision, outcome)
        return outcome
