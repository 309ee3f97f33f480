"""Game set-up: who plays each faction (a person or a bot) and the seed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Header, Input, Label, Select, Static

import engine.valueclass as valueclass
from engine.model import Scenario
from engine.rng import MAX_SEED
from players.bots import STRATEGIES
from players.table import DEFAULT_BOT, HUMAN
from tui.palette import faction_colours
from tui.widgets.key_bar import KeyBar

SEED_NOTE = "The same seed, seats and orders replay the same game."


@valueclass.frozen
class Setup:
    """What the set-up screen decided: the seed, and each faction's seat.

    ``seats`` pairs every faction id, in scenario order, with ``"human"`` or
    the name of a bot strategy in ``players.bots.STRATEGIES``.
    """

    seed: int
    seats: tuple[tuple[str, str], ...]


class SeedValidator(Validator):
    """A seed is a whole number from 0 to 2^63 − 1, written in digits."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure("Enter a seed: a whole number such as 42.")
        if not text.isascii() or not text.isdigit():
            return self.failure(f"{text!r} is not a seed: use digits only (a whole number such as 42).")
        if int(text) > MAX_SEED:
            return self.failure(f"The seed is too large: at most {MAX_SEED}.")
        return self.success()


class SetupScreen(Screen[Setup | None]):
    """Choose a person or a bot for each faction, and the seed; dismisses with a ``Setup``.

    Escape goes back and dismisses with None. Any mix of seats is allowed,
    all bots included (a demonstration game).
    """

    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True, id="setup.start"),
        Binding("escape", "back", "Back", id="setup.back"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="setup.help"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    DEFAULT_CSS = """
    SetupScreen #form {
        height: 1fr;
        padding: 0 1;
    }
    SetupScreen #heading {
        text-style: bold;
        color: $accent;
    }
    SetupScreen #intro {
        color: $text-muted;
        margin-bottom: 1;
    }
    SetupScreen #seats {
        grid-size: 1;
        grid-gutter: 1 2;
        height: auto;
    }
    SetupScreen.-wide #seats {
        grid-size: 2;
    }
    SetupScreen .seat {
        height: auto;
    }
    SetupScreen .seat > Vertical {
        width: 1fr;
        height: auto;
    }
    SetupScreen .seat .summary {
        color: $text-muted;
    }
    SetupScreen .seat Select {
        width: 22;
    }
    SetupScreen #seed-row {
        height: auto;
        margin-top: 1;
    }
    SetupScreen #seed-label {
        width: auto;
        padding: 1 1 0 0;
        text-style: bold;
    }
    SetupScreen #seed {
        width: 26;
    }
    SetupScreen #seed-note {
        width: 1fr;
        padding: 1 0 0 1;
        color: $text-muted;
    }
    SetupScreen #seed-note.-problem {
        color: $text-error;
        text-style: bold;
    }
    SetupScreen #actions {
        dock: bottom;
        height: auto;
        padding: 0 1;
        align-horizontal: right;
        background: $boost;
    }
    SetupScreen #actions Button {
        margin-left: 2;
    }
    """

    def __init__(self, scenario: Scenario, *, seed: int, seats: dict[str, str] | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        """The scenario chosen on the title screen."""
        self.seed = seed
        """The seed offered at first."""
        given = seats or {}
        choices = self.choices()
        self.initial_seats = {
            faction.id: given[faction.id] if given.get(faction.id) in choices else (HUMAN if index == 0 else DEFAULT_BOT)
            for index, faction in enumerate(scenario.factions)
        }
        """The seat each faction starts with: as given, else the first human and the rest greedy bots."""

    @staticmethod
    def choices() -> dict[str, str]:
        """Seat values and their labels: a person, or each bot strategy."""
        return {HUMAN: "Human", **{name: f"Bot: {name}" for name in STRATEGIES}}

    def compose(self) -> ComposeResult:
        scenario = self.scenario
        colours = faction_colours(scenario)
        options = [(label, value) for value, label in self.choices().items()]
        yield Header()
        with VerticalScroll(id="form"):
            yield Static(
                f"{scenario.title} · {len(scenario.factions)} factions · {scenario.turns} turns",
                id="heading",
                markup=False,
            )
            yield Static(
                "Choose who plays each faction: a person at this keyboard (hot seat, taking turns) or a bot. All bots makes a demonstration game.",
                id="intro",
            )
            with Grid(id="seats"):
                for faction in scenario.factions:
                    with Horizontal(classes="seat"):
                        with Vertical():
                            yield Label(Text.assemble(_badge(faction.letter, colours[faction.id]), " ", (faction.name, "bold")))
                            if faction.summary:
                                yield Static(faction.summary, classes="summary", markup=False)
                        yield Select(
                            options,
                            value=self.initial_seats[faction.id],
                            allow_blank=False,
                            id=f"seat-{faction.id}",
                        )
            with Horizontal(id="seed-row"):
                yield Label("Seed", id="seed-label")
                yield Input(str(self.seed), id="seed", validators=[SeedValidator()], validate_on=["changed", "submitted"])
                yield Static(SEED_NOTE, id="seed-note")
        with Horizontal(id="actions"):
            yield Button("Start (ctrl+s)", variant="primary", id="start")
            yield Button("Back (esc)", id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Set up the game"
        self.query_one("#start", Button).focus()

    @on(Input.Changed, "#seed")
    def _seed_changed(self, event: Input.Changed) -> None:
        self._show_problem(event.validation_result)

    @on(Input.Submitted, "#seed")
    def _seed_submitted(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    def _show_problem(self, result: ValidationResult | None) -> None:
        """Show why the seed is not valid beside it, or the usual note."""
        note = self.query_one("#seed-note", Static)
        problem = result is not None and not result.is_valid
        note.update("✗ " + " ".join(result.failure_descriptions) if result is not None and problem else SEED_NOTE)
        note.set_class(problem, "-problem")

    def seats(self) -> tuple[tuple[str, str], ...]:
        """Each faction's seat as chosen now, in scenario order."""
        return tuple((f.id, str(self.query_one(f"#seat-{f.id}", Select).value)) for f in self.scenario.factions)

    def action_start(self) -> None:
        """Start the game with these seats and this seed, unless the seed is not valid."""
        field = self.query_one("#seed", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            self._show_problem(result)
            field.focus()
            return
        self.dismiss(Setup(int(field.value.strip()), self.seats()))

    def action_back(self) -> None:
        """Go back to the scenario list without starting."""
        self.dismiss(None)


def _badge(letter: str, colour: str) -> Text:
    """A faction letter on its colour, in a readable black or white."""
    ink = Color.parse(colour).get_contrast_text(1.0).hex
    return Text(f" {letter} ", style=f"bold {ink} on {colour}")
