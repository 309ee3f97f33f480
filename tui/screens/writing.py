"""A team writes its plan (before turn 1) or its reflection (after the last turn) on a screen of its own."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static, TextArea

from engine.inputs import MAX_WRITING
from engine.model import FactionDef

PROMPTS = {
    "plan": (
        "Plan",
        "Before turn 1: what do you aim for, where, and with which instruments? Which events do you expect, and how will you answer them?",
    ),
    "reflection": (
        "Reflection",
        "The game is over: what worked, what did not, and why? What would you do differently, and what does it teach about soft power?",
    ),
}
"""For each kind of written work, its title and what the team is asked to write."""


class WritingScreen(ModalScreen[str | None]):
    """A team's plan or reflection: a text area, handed in with Ctrl+S, or left for later with Escape.

    ``hand_in`` takes the text and returns why it was refused (the engine's
    reason: blank, too long, past its time) or None once it is kept; the
    screen stays open on a refusal and is dismissed with the text once kept,
    or with None on Escape.
    """

    BINDINGS = [
        Binding("ctrl+s", "hand_in", "Hand in", id="writing.hand_in", priority=True),
        Binding("escape", "later", "Later", id="writing.later"),
    ]

    DEFAULT_CSS = """
    WritingScreen { align: center middle; background: $background 60%; }
    WritingScreen #sheet {
        width: 100; max-width: 100%; height: 30; max-height: 100%;
        border: double $accent; padding: 0 1; background: $surface;
    }
    WritingScreen #title { text-style: bold; }
    WritingScreen #ask { color: $text-muted; }
    WritingScreen TextArea { height: 1fr; min-height: 4; }
    WritingScreen #count { color: $text-muted; height: 1; }
    WritingScreen #error { color: $error; height: auto; }
    WritingScreen #buttons { height: 3; align-horizontal: right; }
    WritingScreen Button { margin-left: 1; }
    """

    def __init__(self, kind: str, faction: FactionDef, hand_in: Callable[[str], str | None], *, text: str = "") -> None:
        super().__init__()
        self.kind = kind
        """``plan`` or ``reflection``."""
        self.faction = faction
        self.hand_in = hand_in
        self.text = text
        """What the team handed in before, to revise."""

    def compose(self) -> ComposeResult:
        title, ask = PROMPTS[self.kind]
        with Vertical(id="sheet"):
            yield Static(f"{title} · {self.faction.letter} {self.faction.name}", id="title", markup=False)
            yield Static(ask, id="ask", markup=False)
            yield TextArea(self.text, soft_wrap=True, id="text")
            yield Static(self._count(self.text), id="count", markup=False)
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Hand in (Ctrl+S)", variant="primary", id="hand-in")
                yield Button("Later (Esc)", id="later")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @staticmethod
    def _count(text: str) -> str:
        return f"{len(text)} of {MAX_WRITING} characters · the teacher may mark it"

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self.query_one("#count", Static).update(self._count(event.text_area.text))

    @on(Button.Pressed, "#hand-in")
    def action_hand_in(self) -> None:
        """Hand the text in; on a refusal, say why and keep the screen."""
        text = self.query_one(TextArea).text.strip()
        problem = self.hand_in(text)
        if problem:
            self.query_one("#error", Static).update(problem)
            self.query_one(TextArea).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        """Close without handing anything in."""
        self.dismiss(None)
