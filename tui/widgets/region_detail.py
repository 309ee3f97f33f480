"""A modal with everything about one region: who holds it, what it welcomes, what happened there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from engine.describe import Describer
from engine.log import Change
from engine.model import STABILITY_MAX, Scenario
from engine.views import GameView, Viewable
from tui.palette import bar, faction_colours
from tui.widgets.board import CONTROL_MARK
from tui.widgets.events import EVENT_MARK, counters_summary, hanging, modifier_summary, signed
from tui.widgets.key_bar import KeyBar
from tui.widgets.log_view import entry_prefix


def unrevealed(scenario: Scenario) -> str:
    """What a fogged view says of a region's receptivity and attitudes until they are revealed (rule 16.3)."""
    moves = [scenario.move(move).name for move in scenario.fog.reveals] if scenario.fog is not None else []
    return "unknown until revealed to you" + (f" (by a success of {' or '.join(moves)} here)" if moves else "")


class RegionDetail(ModalScreen[None]):
    """One region in full: summary, blocs, neighbours, receptivity, stability,
    influence, active events and the history of every change there.

    Open it with ``app.push_screen(RegionDetail(game, region_id))`` (a game or
    a view of one); Escape closes it. It shows the game as it was when opened.
    """

    BINDINGS = [Binding("escape", "dismiss", "Close", tooltip="Back to the board")]

    DEFAULT_CSS = """
    RegionDetail {
        align: center middle;
    }
    RegionDetail > VerticalScroll {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    """

    def __init__(self, game: Viewable, region_id: str, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.view = game.view()
        """The game shown, as it was when opened."""
        self.region_id = region_id
        """The id of the region shown."""
        self._wrapped = 0

    def compose(self) -> ComposeResult:
        region = self.view.scenario.region(self.region_id)
        with VerticalScroll() as scroll:
            scroll.border_title = region.name
            scroll.border_subtitle = "Esc to close"
            yield Static(self.render_detail(self.view, self.region_id), markup=False, id="region-detail")
        yield KeyBar()  # the detail's keys, not the table's under it

    def on_mount(self) -> None:
        self.call_after_refresh(self._wrap)

    def on_resize(self) -> None:
        """Wrap the text again for the new width."""
        self.call_after_refresh(self._wrap)

    def _wrap(self) -> None:
        detail = self.query_one("#region-detail", Static)
        width = detail.content_region.width
        if width and width != self._wrapped:
            self._wrapped = width
            detail.update(self.render_detail(self.view, self.region_id, width))

    @staticmethod
    def render_detail(view: GameView, region_id: str, width: int = 0) -> Text:
        """Everything about the region as text, long lines wrapped to ``width`` (0: not wrapped)."""
        scenario = view.scenario
        region = scenario.region(region_id)
        state = view.regions[region_id]
        colours = faction_colours(scenario)
        describer = Describer(scenario)
        controller = state.controller
        lines: list[Text] = []

        def add(text: Text, indent: int = 2) -> None:
            lines.extend(hanging(text, width, indent) if width else [text])

        def heading(title: str) -> None:
            lines.append(Text())
            lines.append(Text(title, "bold underline"))

        if region.summary:
            lines.append(Text(region.summary, "italic"))
        facts = Text()
        facts.append("Blocs: ", "dim")
        facts.append(", ".join(region.blocs) or "none")
        facts.append("   Stability: ", "dim")
        facts.append(f"{state.stability}/{STABILITY_MAX} ")
        facts.append(bar(state.stability, STABILITY_MAX, STABILITY_MAX).ljust(STABILITY_MAX, "░"))
        lines.append(facts)
        near = Text()
        near.append("Neighbours: ", "dim")
        near.append(", ".join(scenario.region(n).name for n in region.neighbours) or "none", "")
        lines.append(near)
        sight = view.sight
        hidden = sight is not None and not sight.sees_region(region_id)
        welcome = Text()
        welcome.append("Receptivity: ", "dim")
        listed = [(category, amount) for category, amount in state.receptivity.items() if amount]
        for index, (category, amount) in enumerate(listed):
            if index:
                welcome.append(" · ", "dim")
            welcome.append(f"{category.replace('_', ' ')} {signed(amount)}", "bold" if amount > 0 else "")
        welcome.append(unrevealed(scenario) if hidden else f"{' · ' if listed else ''}others 0", "dim")
        add(welcome, len("Receptivity: "))

        heading("Influence")
        maximum = max(scenario.max_influence, 1)
        for faction in view.factions:
            fdef = scenario.faction(faction)
            value = state.influence.get(faction, 0)
            held = faction == controller
            line = Text()
            line.append(f"{fdef.letter}{CONTROL_MARK if held else ' '} ", f"bold {colours[faction]}")
            line.append(fdef.name.ljust(max(len(f.name) for f in scenario.factions) + 1), colours[faction])
            unknown = sight is not None and sight.hides_influence(faction)
            line.append(("" if unknown else bar(value, maximum, maximum, state.fading.get(faction, 0))).ljust(maximum + 1), colours[faction])
            line.append(str(value) if sight is None else sight.influence_text(faction, value), "bold" if held else "")
            fading = state.fading.get(faction, 0)
            if fading:
                line.append(f" ({fading} fading)", "italic")
            if held:
                line.append("  controls", "bold")
            lines.append(line)
        if not controller:
            lines.append(Text(f"Nobody controls {region.name}.", "dim"))
        if state.fading:
            add(Text("Fading influence was bought with moves whose influence fades: it loses 1 a turn once its time is up, unless renewed.", "dim"))

        if scenario.attitudes and hidden:
            heading("Attitudes towards each faction")
            add(Text(unrevealed(scenario), "dim"))
        elif scenario.attitudes:
            heading("Attitudes towards each faction")
            for faction in view.factions:
                fdef = scenario.faction(faction)
                line = Text()
                line.append(f"{fdef.letter}  ", f"bold {colours[faction]}")
                values = state.attitudes.get(faction, {})
                line.append("   ".join(f"{a.name.lower()} {values.get(a.id, a.start)}/{a.max}" for a in scenario.attitudes))
                add(line, 3)

        heading("Active events")
        found = [e for e in view.events if e.target == region_id]
        for event in found:
            card = scenario.card(event.card)
            line = Text()
            line.append(f"{EVENT_MARK} ", "bold")
            line.append(card.name, "bold")
            line.append(f" ({card.category.replace('_', ' ')}) · {event.remaining} turn{'s' if event.remaining != 1 else ''} left")
            lines.append(line)
            detail = modifier_summary(card, scenario)
            add(Text(f"  {detail + ' · ' if detail else ''}{counters_summary(card, scenario)}"), 4)
        if not found:
            lines.append(Text("None.", "dim"))

        heading("History")
        changes = [e for e in view.log if isinstance(e, Change) and e.region == region_id]
        for entry in changes:
            line = entry_prefix(entry, scenario, colours)
            line.append(" ")
            indent = line.cell_len
            line.append(describer.entry(entry))
            add(line, indent)
        if not changes:
            lines.append(Text("Nothing has changed here yet.", "dim"))
        return Text("\n", end="").join(lines)
