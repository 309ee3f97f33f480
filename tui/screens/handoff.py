"""An opaque cover shown between hot-seat players, so orders stay secret."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from engine.model import FactionDef
from tui.widgets.key_bar import KeyBar


class HandoffScreen(ModalScreen[None]):
    """Hide the game while the keyboard passes to the next faction's team.

    The screen is opaque, so nothing of the previous player's orders or the
    board shows behind it. Enter dismisses it (with None) once the named team
    is at the keyboard.
    """

    BINDINGS = [
        Binding("enter", "ready", "Ready", id="handoff.ready"),
    ]

    DEFAULT_CSS = """
    HandoffScreen {
        background: $background;
        align: center middle;
    }
    HandoffScreen #card {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: double $accent;
        padding: 1 2;
        background: $surface;
        overflow-y: auto;
    }
    HandoffScreen #card > Static {
        width: 100%;
        text-align: center;
    }
    HandoffScreen #turn {
        color: $text-muted;
    }
    HandoffScreen #pass {
        text-style: bold;
        margin: 1 0;
    }
    HandoffScreen #secret {
        color: $text-muted;
    }
    HandoffScreen #ready {
        margin-top: 1;
        text-style: bold;
        color: $accent;
    }
    """

    def __init__(self, faction: FactionDef, turn: int, *, colour: str | None = None) -> None:
        super().__init__()
        self.faction = faction
        """The faction whose team takes the keyboard next."""
        self.turn = turn
        """The turn they will give orders for."""
        self.colour = colour
        """The faction's colour for its letter (the letter carries the meaning without it)."""

    def compose(self) -> ComposeResult:
        faction = self.faction
        if self.colour:
            ink = Color.parse(self.colour).get_contrast_text(1.0).hex
            letter = Text(f" {faction.letter} ", style=f"bold {ink} on {self.colour}")
        else:
            letter = Text(f" {faction.letter} ", style="bold reverse")
        with Vertical(id="card"):
            yield Static(f"Turn {self.turn} · orders", id="turn", markup=False)
            yield Static(Text.assemble("Pass to ", letter, " ", (faction.name, "bold")), id="pass")
            yield Static("Orders are hidden from the other teams until resolution.", id="secret", markup=False)
            yield Static(f"Press Enter when {faction.name} is at the keyboard.", id="ready", markup=False)
        yield KeyBar()

    def action_ready(self) -> None:
        """The named team is at the keyboard: uncover the game."""
        self.dismiss(None)
