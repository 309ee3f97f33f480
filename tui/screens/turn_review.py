"""Resolved turns in review, one at a time: events, then each faction's orders, rolls and changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from engine.views import GameView
from tui.turn_summary import resolved_turns, turn_summary


class TurnReview(Screen[None]):
    """Show one resolved turn of ``view`` (the latest unless ``turn`` is given) until dismissed;
    left and right browse the earlier and later turns, the page keys scroll. An opaque screen:
    nothing behind it needs drawing (a see-through modal cost most of a turn's redraw)."""

    BINDINGS = [
        Binding("enter", "close", "Continue", id="review.close"),
        Binding("escape", "close", "Continue", show=False, id="review.escape"),
        Binding("left", "turn(-1)", "Earlier turn", key_display="←", id="review.earlier"),
        Binding("right", "turn(1)", "Later turn", key_display="→", id="review.later"),
    ]

    DEFAULT_CSS = """
    TurnReview { align: center middle; }
    TurnReview > Vertical {
        width: 100%; max-width: 120; height: 1fr;
        border: thick $accent; background: $surface;
        border-title-align: center;
    }
    TurnReview VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, view: GameView, turn: int | None = None) -> None:
        super().__init__()
        self.view = view
        """The game as it stands: every turn it has resolved can be shown."""
        self.turns = resolved_turns(view)
        self.turn = turn if turn in self.turns else self.turns[-1]
        """The turn shown."""
        self._drawn = (0, -1)
        """The turn and width of the summary on show."""

    def compose(self) -> ComposeResult:
        # No footer: the border names the keys, and a footer's widgets were a third of the
        # time from submitting to this screen's first frame.
        with Vertical():
            with VerticalScroll(id="pages"):
                yield Static(id="summary")

    def on_mount(self) -> None:
        self._show()
        self.query_one("#pages").focus()

    def _show(self) -> None:
        box = self.query_one(Vertical)
        box.border_title = f"Turn {self.turn} in review ({self.turns.index(self.turn) + 1} of {len(self.turns)} resolved)"
        box.border_subtitle = "enter: continue · ←/→: earlier and later turns · ↑/↓ scroll"
        self._fit()
        self.query_one("#pages", VerticalScroll).scroll_home(animate=False)

    def _fit(self) -> None:
        width = max(self.query_one("#pages", VerticalScroll).scrollable_content_region.width - 1, 0)
        if (self.turn, width) != self._drawn:  # the first frame's resize changes nothing
            self._drawn = (self.turn, width)
            self.query_one("#summary", Static).update(turn_summary(self.view, self.turn, width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the key to an earlier (later) turn at the first (last) one."""
        if action == "turn":
            step = parameters[0] if parameters else 0
            index = self.turns.index(self.turn) + (step if isinstance(step, int) else 0)
            return 0 <= index < len(self.turns) or None
        return True

    def action_turn(self, step: int) -> None:
        """Show the turn ``step`` away from this one."""
        index = self.turns.index(self.turn) + step
        if 0 <= index < len(self.turns):
            self.turn = self.turns[index]
            self._show()
            self.refresh_bindings()

    def action_close(self) -> None:
        """Back to the table."""
        self.dismiss(None)
