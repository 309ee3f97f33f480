"""Détente's Textual application: a title screen listing the bundled scenarios."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist


def _scenario_option(scenario) -> Option:
    factions = ", ".join(f"{f.letter} {f.name}" for f in scenario.factions)
    prompt = Text.assemble(
        (scenario.title, "bold"),
        "\n",
        scenario.summary,
        "\n",
        (f"{scenario.turns} turns · {factions}", "dim"),
    )
    return Option(prompt, id=scenario.id)


class DetenteApp(App[None]):
    """Title screen: choose one of the scenarios bundled with the engine."""

    TITLE = "Détente"
    SUB_TITLE = "Military diplomacy and soft power"
    CSS_PATH = "app.tcss"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, scenario: str | None = None, seed: int | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.seed = seed

    def compose(self) -> ComposeResult:
        from engine.catalog import bundled_scenarios

        options: list[Option | None] = []
        for scenario in bundled_scenarios():
            if options:
                options.append(None)  # a separator line between scenarios
            options.append(_scenario_option(scenario))
        yield Header()
        yield Static("Choose a scenario", id="heading")
        yield OptionList(*options, id="scenarios")
        yield Footer()

    def on_mount(self) -> None:
        scenarios = self.query_one("#scenarios", OptionList)
        if self.scenario is not None:
            try:
                scenarios.highlighted = scenarios.get_option_index(self.scenario)
            except OptionDoesNotExist:
                self.notify(f"No bundled scenario {self.scenario!r}", severity="warning")
        scenarios.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.scenario = event.option.id
        self.sub_title = f"Scenario: {self.scenario}"


def run(scenario: str | None = None, seed: int | None = None) -> None:
    """Run the terminal UI, optionally preselecting a scenario and a seed."""
    DetenteApp(scenario=scenario, seed=seed).run()


if __name__ == "__main__":
    run()
