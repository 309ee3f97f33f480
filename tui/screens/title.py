"""The title screen: pick a scenario, with its details beside the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.palette import faction_colours
from tui.shelf import ScenarioCard
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from engine.model import Scenario


class TitleScreen(Screen[str]):
    """List the scenarios and describe the highlighted one; dismisses with its id.

    The details show what a facilitator needs to choose: the summary, the
    factions (letter, name, summary), the length, the learning objectives
    and the size of the board and catalogue.
    """

    BINDINGS = [
        Binding("enter", "choose", "Choose", priority=True, id="title.choose"),
        Binding("c", "app.continue_game", "Continue", id="title.continue"),
        Binding("t", "app.guided_turn", "Guided turn", id="title.guide"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="title.help"),
        Binding("q", "app.quit", "Quit", id="title.quit"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (120, "-wide")]

    DEFAULT_CSS = """
    TitleScreen #body {
        layout: horizontal;
        height: 1fr;
    }
    TitleScreen #picker {
        width: 32;
        height: 1fr;
    }
    TitleScreen #picker-label {
        padding: 0 1;
        color: $accent;
        text-style: bold;
    }
    TitleScreen #scenarios {
        height: 1fr;
    }
    TitleScreen #details {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
    }
    TitleScreen #details > Static {
        height: auto;
        margin-bottom: 1;
    }
    TitleScreen.-narrow #body {
        layout: vertical;
    }
    TitleScreen.-narrow #picker {
        width: 1fr;
        height: auto;
        max-height: 9;
    }
    TitleScreen.-narrow #scenarios {
        height: auto;
        max-height: 7;
    }
    TitleScreen.-wide #picker {
        width: 40;
    }
    TitleScreen.-wide #details {
        layout: horizontal;
    }
    TitleScreen.-wide #details > Static {
        width: 1fr;
        margin-right: 2;
    }
    """

    def __init__(self, scenarios: Sequence[ScenarioCard | Scenario], *, selected: str | None = None) -> None:
        if not scenarios:
            raise ValueError("the title screen needs at least one scenario")
        super().__init__()
        cards = [s if isinstance(s, ScenarioCard) else ScenarioCard.from_scenario(s) for s in scenarios]
        self.scenarios = {card.id: card for card in cards}
        """The scenarios on offer, by id, in the order given."""
        self.selected = selected if selected in self.scenarios else scenarios[0].id
        """The id of the highlighted scenario."""

    def compose(self) -> ComposeResult:
        # The width's class before the widgets are styled: set on the first resize instead, it
        # would style every widget a second time before the first frame.
        self.add_class(*self._get_breakpoint_classes(self.app.size.width, self.HORIZONTAL_BREAKPOINTS))
        yield Header()
        with Vertical(id="body"):
            with Vertical(id="picker"):
                yield Static("Scenarios", id="picker-label")
                yield OptionList(
                    *(Option(Text(s.title, no_wrap=True, overflow="ellipsis"), id=s.id) for s in self.scenarios.values()),
                    id="scenarios",
                )
            with VerticalScroll(id="details"):
                yield Static(id="about")
                yield Static(id="factions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Choose a scenario"
        options = self.query_one("#scenarios", OptionList)
        options.highlighted = options.get_option_index(self.selected)
        options.focus()
        self._show(self.selected)

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.selected = event.option.id
            self._show(self.selected)

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_choose(self) -> None:
        """Start with the highlighted scenario."""
        self.dismiss(self.selected)

    # -- the details pane ----------------------------------------------------------------------

    def _show(self, scenario_id: str) -> None:
        scenario = self.scenarios[scenario_id]
        self.query_one("#about", Static).update(_about(scenario))
        self.query_one("#factions", Static).update(_factions(scenario))
        self.query_one("#details", VerticalScroll).scroll_home(animate=False)


def _bullets(items: list[Text | str], mark: str = "•") -> Table:
    """A list with hanging indents."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(mark, item)
    return grid


def _about(scenario: ScenarioCard) -> Group:
    """Title, summary, length, size and learning objectives."""
    events = scenario.events_per_turn
    facts = Table.grid(padding=(0, 1))
    facts.add_column(no_wrap=True, style="bold")
    facts.add_column(ratio=1)
    facts.add_row("Length", f"{scenario.turns} turns")
    facts.add_row("Orders", f"up to {scenario.orders_per_turn} per faction per turn")
    facts.add_row("Events", f"{events} card{'s' if events != 1 else ''} drawn per turn")
    facts.add_row("Board", f"{scenario.regions} regions, {scenario.moves} moves, {scenario.cards} event cards")
    if scenario.victory_score:
        facts.add_row("Victory", f"a score of {scenario.victory_score} ends the game early")
    summary = scenario.summary.strip()
    parts: list[RenderableType] = [
        Text(scenario.title, style="bold"),
        Text(summary) if summary else Text("No summary.", style="italic"),
        Text(""),
        facts,
        Text(""),
        Text("Learning objectives", style="bold"),
    ]
    if scenario.learning_objectives:
        parts.append(_bullets([Text(objective) for objective in scenario.learning_objectives]))
    else:
        parts.append(Text("None listed in this scenario.", style="italic"))
    return Group(*parts)


def _factions(scenario: ScenarioCard) -> Group:
    """Every faction with its letter (in its colour), name and summary."""
    colours = faction_colours(scenario)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for faction in scenario.factions:
        text = Text(faction.name, style="bold")
        if faction.summary:
            text = Text.assemble(text, "\n", faction.summary)
        if len(grid.rows):
            grid.add_row("", "")
        grid.add_row(_badge(faction.letter, colours[faction.id]), text)
    return Group(Text(f"Factions ({len(scenario.factions)})", style="bold"), grid)


def _badge(letter: str, colour: str) -> Text:
    """A faction letter on its colour, in a readable black or white."""
    ink = Color.parse(colour).get_contrast_text(1.0).hex
    return Text(f" {letter} ", style=f"bold {ink} on {colour}")
