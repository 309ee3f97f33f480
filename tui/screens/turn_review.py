"""Resolved turns in review, one at a time: events, then each faction's orders, rolls and changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import RichLog

from engine.views import GameView
from tui.turn_summary import TurnSummary, resolved_turns
from tui.widgets.key_bar import KeyBar


class TurnReview(Screen[None]):
    """Show one resolved turn of ``view`` (the latest unless ``turn`` is given) until dismissed;
    left and right browse the earlier and later turns, the arrows and page keys scroll. An opaque
    screen: nothing behind it needs drawing (a see-through modal cost most of a turn's redraw).
    The summary is a ``RichLog`` of ``TurnSummary``: rendered once at its width, drawn a screen's
    worth of lines at a time (a ``Static`` laid the whole summary out again at every layout)."""

    BINDINGS = [
        Binding("enter", "close", "Continue", id="review.close"),
        Binding("escape", "close", "Continue", show=False, id="review.escape"),
        # priority: before the summary's own left and right (a sideways scroll it never needs), so the footer shows them
        Binding("left", "turn(-1)", "Earlier turn", key_display="←", priority=True, id="review.earlier"),
        Binding("right", "turn(1)", "Later turn", key_display="→", priority=True, id="review.later"),
    ]

    DEFAULT_CSS = """
    TurnReview { align: center middle; }
    TurnReview > Vertical {
        width: 100%; max-width: 120; height: 1fr;
        border: thick $accent; background: $surface;
        border-title-align: center;
    }
    TurnReview #summary { height: 1fr; padding: 0 1; background: $surface; scrollbar-gutter: stable; }
    """

    def __init__(self, view: GameView, turn: int | None = None) -> None:
        super().__init__()
        self.view = view
        """The game as it stands: every turn it has resolved can be shown."""
        self.turns = resolved_turns(view)
        self.turn = turn if turn in self.turns else self.turns[-1]
        """The turn shown."""
        self._summary = TurnSummary(view, self.turn)
        """The summary written to the log (it knows the width it was rendered at)."""

    def show(self, view: GameView, turn: int | None = None) -> None:
        """Review ``view`` afresh (its latest turn unless ``turn`` is given): a screen kept
        installed shows each new turn without being built and laid out again."""
        self.view = view
        self.turns = resolved_turns(view)
        self.turn = turn if turn in self.turns else self.turns[-1]
        if self.is_mounted:
            self._show()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield RichLog(id="summary", wrap=False, markup=False, highlight=False, auto_scroll=False, min_width=1)
        yield KeyBar()  # the review's keys, not the table's under it

    def on_mount(self) -> None:
        self._show()

    def on_screen_resume(self) -> None:
        """On top (again): the summary takes the keys, and the footer shows which turns can be browsed now."""
        self.query_one("#summary").focus()
        self.refresh_bindings()

    def _show(self) -> None:
        box = self.query_one(Vertical)
        box.border_title = f"Turn {self.turn} in review ({self.turns.index(self.turn) + 1} of {len(self.turns)} resolved)"
        box.border_subtitle = "enter: continue · ←/→: earlier and later turns · ↑/↓ scroll"
        self._summary = TurnSummary(self.view, self.turn)
        log = self.query_one("#summary", RichLog)
        log.clear().write(self._summary)  # rendered once the log's width is known
        log.scroll_home(animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Render the summary again if the log's width changed since (the first frame's does not)."""
        log = self.query_one("#summary", RichLog)
        width = log.scrollable_content_region.width
        if width and self._summary.width and width != self._summary.width:
            self._show()

    def summary_lines(self) -> list[str]:
        """The summary as drawn, line by line (for tests and reading back)."""
        return [strip.text.rstrip() for strip in self.query_one("#summary", RichLog).lines]

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
